import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import { isWithinScope, type BulkImportView, type Locale } from '@fupin/domain';
import type { DB } from '../../db/schema.js';
import { withScope, type ActorContext, type Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { defineJob } from '../jobs/definition.js';
import { enqueueJob } from '../jobs/service.js';
import { fileErrorView, importInScope, importRecordView, newImportRecord } from '../imports/record.js';
import { escapeFormula, parseDate, rawCell } from '../registry/transfer/cells.js';
import { acquireCursor, dataBatches, fileRows, releaseCursor, type FileRow } from '../registry/transfer/reader.js';
import { BULK_COLUMNS, bulkMessage, type BulkColumnKey, type BulkMessageCode } from './bulkMessages.js';
import { today } from './common.js';
import { pairingRefusal } from './pairings.js';

// Bulk helper assignment (批量结对) from an .xlsx or CSV: the upload is stored with its import
// record, a job checks the rows in chunks (each row by the same rules as one pairing, plus the
// file's own duplicates and the helpers' limits counting the file's earlier rows) and stages every
// problem by row and column; the last step writes the good pairings in one statement — nothing
// when mode 'all' met a bad row. Rows already paired are 'unchanged', so a re-run writes nothing new.

export const BULK_JOB = 'assistance.import';
const ROWS_PER_STEP = 500;
const WORK_DIR = path.join(os.tmpdir(), 'fupin-assistance-imports');

export type BulkMode = 'all' | 'good';
export type BulkFormat = 'xlsx' | 'csv';

/** Stores an uploaded file and queues its job. */
export async function createBulkImport(
  tx: Tx,
  actor: ActorContext,
  input: { data: Buffer; sha256: string; fileName: string; format: BulkFormat; mode: BulkMode; regionCode: string },
  locale: Locale,
): Promise<BulkImportView> {
  const row = await tx
    .insertInto('assistance_imports')
    .values({ ...newImportRecord(actor, { ...input, sizeBytes: input.data.length }), data: input.data })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = String(row.id);
  const job = await enqueueJob(tx, actor, input.regionCode, BULK_JOB, { importId: id });
  await tx.updateTable('assistance_imports').set({ job_id: job.id }).where('id', '=', id).execute();
  await recordAudit(tx, {
    action: 'pairing.import',
    entity: 'assistance_import',
    entityId: id,
    regionCode: input.regionCode,
    after: { fileName: input.fileName, mode: input.mode, sha256: input.sha256 },
  });
  return getBulkImport(tx, actor.scope, id, locale);
}

async function loadBulkImport(tx: Tx, scope: string, id: string) {
  const row = await tx.selectFrom('assistance_imports').selectAll().where('id', '=', id).executeTakeFirst();
  return importInScope(tx, scope, id, row, 'fupin_assistance_import_region');
}

/** An import with its job's progress. */
export async function getBulkImport(tx: Tx, scope: string, id: string, locale: Locale): Promise<BulkImportView> {
  const r = await loadBulkImport(tx, scope, id);
  const record = await importRecordView(tx, r);
  const issues = await tx
    .selectFrom('assistance_import_issues')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('import_id', '=', id)
    .executeTakeFirst();
  return {
    ...record,
    counts: {
      rows: r.rows_total,
      ok: r.rows_ok,
      bad: r.rows_bad,
      unchanged: r.rows_unchanged,
      written: r.rows_written,
      errors: Number(issues?.n ?? 0),
    },
    fileError: fileErrorView<BulkMessageCode>(r.file_error, (code, params) => bulkMessage(code, params)[locale]),
  };
}

// The job ---------------------------------------------------------------------------------------

interface BulkPayload {
  importId: string;
}

type BulkState =
  | {
      phase: 'check';
      headerRow: number;
      columns: (BulkColumnKey | null)[];
      position: number;
      total: number;
      /** Good rows of this file per helper so far (the limit counts them). */
      load: Record<string, number>;
      /** household key + helper → first row, for the file's own duplicates. */
      seen: Record<string, number>;
    }
  | { phase: 'apply'; total: number }
  | { phase: 'done'; result: unknown };

function workingCopy(id: string, sha256: string, format: BulkFormat): string {
  return path.join(WORK_DIR, `bulk-${id}-${sha256.slice(0, 16)}.${format}`);
}

async function materialise(tx: Tx, id: string): Promise<{ file: string; format: BulkFormat }> {
  const row = await tx
    .selectFrom('assistance_imports')
    .select(['data', 'sha256', 'format', 'size_bytes'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const file = workingCopy(id, row.sha256, row.format);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.size !== Number(row.size_bytes)) {
    await mkdir(WORK_DIR, { recursive: true });
    await writeFile(file, row.data);
  }
  return { file, format: row.format };
}

const HEADER_OF = new Map<string, BulkColumnKey>(BULK_COLUMNS.map((c) => [c.header, c.key]));

/** Finds the header row in the first 10 rows: it names at least the required columns. */
async function readHeader(
  rows: AsyncGenerator<FileRow>,
): Promise<{ headerRow: number; columns: (BulkColumnKey | null)[] } | null> {
  for (let i = 0; i < 10; i += 1) {
    const next = await rows.next();
    if (next.done) break;
    const columns = next.value.values.map((v) => HEADER_OF.get(rawCell(v).text.replace(/\s/g, '')) ?? null);
    if (BULK_COLUMNS.filter((c) => c.required).every((c) => columns.includes(c.key))) {
      return { headerRow: next.value.rowNo, columns };
    }
  }
  return null;
}

async function rejectFile(tx: Tx, id: string, code: BulkMessageCode, params: Record<string, string> = {}) {
  await tx
    .updateTable('assistance_imports')
    .set({ status: 'rejected', file_error: JSON.stringify({ code, params }), finished_at: new Date() })
    .where('id', '=', id)
    .execute();
  const result = { status: 'rejected', fileError: code };
  return { state: { phase: 'done', result } as BulkState, total: 0, result };
}

async function startBulk(tx: Tx, payload: BulkPayload): Promise<{ state: BulkState; total: number }> {
  const { file, format } = await materialise(tx, payload.importId);
  const rows = fileRows(file, format);
  try {
    const header = await readHeader(rows);
    if (!header) return rejectFile(tx, payload.importId, 'file.noHeader');
    let total = 0;
    for await (const row of rows) if (row.values.some((v) => rawCell(v).text !== '')) total += 1;
    if (total === 0) return rejectFile(tx, payload.importId, 'file.noRows');
    await tx
      .updateTable('assistance_imports')
      .set({ status: 'checking', rows_total: total })
      .where('id', '=', payload.importId)
      .execute();
    return { state: { phase: 'check', ...header, position: 0, total, load: {}, seen: {} }, total };
  } catch (error) {
    return rejectFile(tx, payload.importId, 'file.unreadable', {
      reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
    });
  } finally {
    await rows.return(undefined);
  }
}

interface Issue {
  column: BulkColumnKey | null;
  code: BulkMessageCode;
  params?: Record<string, string>;
}

interface CheckedRow {
  outcome: 'good' | 'bad' | 'unchanged';
  issues: Issue[];
  countyCode: string | null;
  householdId: string | null;
  villageCode: string | null;
  cadreId: string | null;
  startOn: string | null;
}

const REFUSAL_ISSUE: Record<string, Issue> = {
  NOT_FOUND: { column: 'cadrePhone', code: 'row.cadreNotFound' },
  HELPER_INACTIVE: { column: 'cadrePhone', code: 'row.cadreInactive' },
  HELPER_REGION_MISMATCH: { column: 'cadrePhone', code: 'row.regionMismatch' },
  HOUSEHOLD_NOT_ASSISTED: { column: 'householdNo', code: 'row.notAssisted' },
};

/** Checks one row against the registry, the helpers and the file so far. */
async function checkRow(
  tx: Tx,
  scope: string,
  cells: Record<BulkColumnKey, string>,
  rowNo: number,
  state: Extract<BulkState, { phase: 'check' }>,
): Promise<CheckedRow> {
  const bad = (...issues: Issue[]): CheckedRow => ({
    outcome: 'bad',
    issues,
    countyCode: null,
    householdId: null,
    villageCode: null,
    cadreId: null,
    startOn: null,
  });
  const missing = BULK_COLUMNS.filter((c) => c.required && cells[c.key] === '').map((c) => ({
    column: c.key,
    code: 'cell.required' as const,
    params: { column: c.header },
  }));
  if (missing.length > 0) return bad(...missing);
  if (!/^\d{6}$/.test(cells.countyCode)) return bad({ column: 'countyCode', code: 'cell.county' });
  let startOn = today();
  if (cells.startOn !== '') {
    const parsed = parseDate(rawCell(cells.startOn));
    if (!parsed.ok) return bad({ column: 'startOn', code: 'cell.date' });
    startOn = parsed.value;
  }
  if (!isWithinScope(scope, cells.countyCode) && !isWithinScope(cells.countyCode, scope))
    return bad({ column: 'countyCode', code: 'row.outOfScope' });
  const owner = await sql<{
    household_id: string;
    village_code: string;
  }>`select * from fupin_household_no_owner(${cells.countyCode}, ${cells.householdNo})`.execute(tx);
  const found = owner.rows[0];
  if (!found) return bad({ column: 'householdNo', code: 'row.householdNotFound' });
  if (!isWithinScope(scope, found.village_code)) return bad({ column: 'householdNo', code: 'row.outOfScope' });
  const household = await tx
    .selectFrom('households')
    .select(['county_code', 'id', 'village_code', 'head_name', 'status'])
    .where('county_code', '=', cells.countyCode)
    .where('id', '=', String(found.household_id))
    .executeTakeFirst();
  if (!household) return bad({ column: 'householdNo', code: 'row.householdNotFound' });
  if (cells.headName !== '' && cells.headName !== household.head_name) {
    return bad({ column: 'headName', code: 'row.headMismatch', params: { name: household.head_name } });
  }
  const cadre = await tx
    .selectFrom('cadres')
    .select(['id', 'name'])
    .where('phone', '=', cells.cadrePhone)
    .executeTakeFirst();
  if (!cadre) return bad({ column: 'cadrePhone', code: 'row.cadreNotFound' });
  if (cells.cadreName !== '' && cells.cadreName !== cadre.name)
    return bad({ column: 'cadreName', code: 'row.cadreNameMismatch', params: { name: cadre.name } });
  const cadreId = String(cadre.id);
  const ref = {
    countyCode: household.county_code,
    id: String(household.id),
    villageCode: household.village_code,
    headName: household.head_name,
    status: household.status,
  };
  const pairKey = `${ref.countyCode}-${ref.id}:${cadreId}`;
  const first = state.seen[pairKey];
  if (first !== undefined) return bad({ column: 'householdNo', code: 'row.duplicate', params: { row: String(first) } });
  state.seen[pairKey] = rowNo;
  const refusal = await pairingRefusal(tx, ref, cadreId, state.load[cadreId] ?? 0);
  const base = { countyCode: ref.countyCode, householdId: ref.id, villageCode: ref.villageCode, cadreId, startOn };
  if (refusal?.code === 'PAIRING_DUPLICATE') return { outcome: 'unchanged', issues: [], ...base };
  if (refusal?.code === 'HELPER_OVER_LIMIT')
    return {
      ...bad({ column: 'cadrePhone', code: 'row.overLimit', params: { max: String(refusal.max) } }),
      ...base,
      outcome: 'bad',
    };
  if (refusal) {
    const issue = REFUSAL_ISSUE[refusal.code];
    return bad(issue ?? { column: null, code: 'row.cadreNotFound' });
  }
  state.load[cadreId] = (state.load[cadreId] ?? 0) + 1;
  return { outcome: 'good', issues: [], ...base };
}

async function checkChunk(tx: Tx, payload: BulkPayload, state: Extract<BulkState, { phase: 'check' }>, scope: string) {
  const id = payload.importId;
  const { file, format } = await materialise(tx, id);
  const cursor = await acquireCursor(`bulk-${id}`, state.position, async () =>
    dataBatches(file, format, state.headerRow),
  );
  const imp = await tx
    .selectFrom('assistance_imports')
    .select(['region_code'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const counts = { good: 0, bad: 0, unchanged: 0 };
  let read = 0;
  let ended = false;
  while (read < ROWS_PER_STEP) {
    const row = await cursor.peek();
    if (!row) {
      ended = true;
      break;
    }
    cursor.take();
    const texts = Object.fromEntries(BULK_COLUMNS.map((c) => [c.key, ''])) as Record<BulkColumnKey, string>;
    state.columns.forEach((key, i) => {
      if (key) texts[key] = rawCell(row.values[i]).text;
    });
    if (Object.values(texts).every((t) => t === '')) continue;
    read += 1;
    const checked = await checkRow(tx, scope, texts, row.rowNo, state);
    counts[checked.outcome] += 1;
    await tx
      .insertInto('assistance_import_rows')
      .values({
        import_id: id,
        row_no: row.rowNo,
        region_code: imp.region_code,
        cells: BULK_COLUMNS.map((c) => texts[c.key]),
        outcome: checked.outcome,
        county_code: checked.countyCode,
        household_id: checked.householdId,
        village_code: checked.villageCode,
        cadre_id: checked.cadreId,
        start_on: checked.startOn,
      })
      .execute();
    if (checked.issues.length > 0) {
      await tx
        .insertInto('assistance_import_issues')
        .values(
          checked.issues.map((issue) => {
            const m = bulkMessage(issue.code, issue.params);
            return {
              import_id: id,
              region_code: imp.region_code,
              row_no: row.rowNo,
              column_key: issue.column,
              code: issue.code,
              message_zh: m['zh-CN'],
              message_en: m.en,
            };
          }),
        )
        .execute();
    }
  }
  await tx
    .updateTable('assistance_imports')
    .set((eb) => ({
      rows_ok: eb('rows_ok', '+', counts.good),
      rows_bad: eb('rows_bad', '+', counts.bad),
      rows_unchanged: eb('rows_unchanged', '+', counts.unchanged),
    }))
    .where('id', '=', id)
    .execute();
  const position = cursor.position;
  if (ended) await releaseCursor(`bulk-${id}`);
  return { ended, position };
}

async function applyBulk(tx: Tx, payload: BulkPayload) {
  const id = payload.importId;
  const imp = await tx
    .selectFrom('assistance_imports')
    .select(['mode', 'rows_bad', 'rows_ok', 'rows_unchanged', 'region_code', 'sha256', 'format'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  let written = 0;
  let status: 'completed' | 'rejected' = 'completed';
  if (imp.mode === 'all' && imp.rows_bad > 0) {
    status = 'rejected';
  } else {
    // The helpers were locked row by row while checking in earlier steps; lock them again and
    // write in one statement, so that the kept coverage counters are recounted once.
    await sql`select fupin_cadre_loads(array(select distinct cadre_id from assistance_import_rows where import_id = ${id}::bigint and outcome = 'good'))`.execute(
      tx,
    );
    const inserted = await sql<{ n: number }>`
      with written as (
        insert into pairings (county_code, household_id, village_code, cadre_id, start_on)
        select r.county_code, r.household_id, r.village_code, r.cadre_id, r.start_on
          from assistance_import_rows r
         where r.import_id = ${id}::bigint and r.outcome = 'good'
           and not exists (select 1 from pairings p where p.county_code = r.county_code and p.household_id = r.household_id
                             and p.cadre_id = r.cadre_id and p.ended_on is null)
        returning 1)
      select count(*)::int as n from written`.execute(tx);
    written = inserted.rows[0]?.n ?? 0;
    await tx
      .updateTable('assistance_import_rows')
      .set({ outcome: 'written' })
      .where('import_id', '=', id)
      .where('outcome', '=', 'good')
      .execute();
  }
  await tx
    .updateTable('assistance_imports')
    .set({ status, rows_written: written, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, {
    action: status === 'completed' ? 'pairing.import.apply' : 'pairing.import.reject',
    entity: 'assistance_import',
    entityId: id,
    regionCode: imp.region_code,
    after: { ok: imp.rows_ok, bad: imp.rows_bad, unchanged: imp.rows_unchanged, written },
  });
  await rm(workingCopy(id, imp.sha256, imp.format), { force: true });
  return { status, ok: imp.rows_ok, bad: imp.rows_bad, unchanged: imp.rows_unchanged, written };
}

/** assistance.import: check a bulk helper assignment file and write its pairings. */
export const bulkAssignJob = defineJob<BulkPayload, BulkState>({
  type: BULK_JOB,
  label: { 'zh-CN': '批量结对帮扶', en: 'Bulk helper assignment' },
  permission: 'assistance.import',
  parsePayload: (raw) => {
    const p = raw as { importId?: unknown } | null;
    const importId = typeof p?.importId === 'string' || typeof p?.importId === 'number' ? String(p.importId) : '';
    if (!/^\d{1,18}$/.test(importId)) throw new Error('assistance.import needs an importId');
    return { importId };
  },
  start: (tx, payload) => startBulk(tx, payload),
  step: async (tx, payload, state, job) => {
    switch (state.phase) {
      case 'check': {
        const scope = await sql<{ scope: string }>`select current_setting('fupin.scope', true) as scope`.execute(tx);
        const r = await checkChunk(tx, payload, state, scope.rows[0]?.scope || job.regionCode);
        const next: BulkState = r.ended ? { phase: 'apply', total: state.total } : { ...state, position: r.position };
        return {
          state: next,
          done: r.ended ? state.total : Math.min(r.position, state.total),
          total: state.total,
          finished: false,
        };
      }
      case 'apply': {
        const result = await applyBulk(tx, payload);
        return { state: { phase: 'done', result }, done: state.total, total: state.total, finished: true, result };
      }
      case 'done':
        return { state, done: 0, total: 0, finished: true, result: state.result };
    }
  },
});

// Template and error report ------------------------------------------------------------------------

/** The import template: the header row and one example. */
export function bulkTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('批量结对');
  sheet.columns = BULK_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 2 + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  return workbook;
}

/** Checks that the import is visible before the report starts streaming. */
export async function assertBulkVisible(db: Kysely<DB>, actor: ActorContext, id: string): Promise<string> {
  const imp = await withScope(db, actor, (tx) => loadBulkImport(tx, actor.scope, id));
  return imp.file_name;
}

const COLUMN_HEADER = new Map<string, string>(BULK_COLUMNS.map((c) => [c.key, c.header]));

/** The error report: the row's cells, then 行号, 列, 错误原因, Reason. */
export async function writeBulkReport(db: Kysely<DB>, actor: ActorContext, id: string, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('错误报告', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...BULK_COLUMNS.map(() => ({ width: 16 })),
    { width: 8 },
    { width: 16 },
    { width: 44 },
    { width: 56 },
  ];
  const header = sheet.addRow([...BULK_COLUMNS.map((c) => c.header), '行号', '列', '错误原因', 'Reason']);
  header.font = { bold: true };
  header.commit();
  let after = { row: -1, id: '0' };
  for (;;) {
    const lines = await withScope(db, actor, async (tx) => {
      const r = await sql<{
        id: string;
        row_no: number | null;
        column_key: string | null;
        message_zh: string;
        message_en: string;
        cells: string[] | null;
      }>`
        select i.id::text as id, i.row_no, i.column_key, i.message_zh, i.message_en, r.cells
          from assistance_import_issues i
          left join assistance_import_rows r on r.import_id = i.import_id and r.row_no = i.row_no
         where i.import_id = ${id}::bigint and (coalesce(i.row_no, 0), i.id) > (${after.row}::int, ${after.id}::bigint)
         order by coalesce(i.row_no, 0), i.id
         limit 1000`.execute(tx);
      return r.rows;
    });
    for (const l of lines) {
      sheet
        .addRow([
          ...BULK_COLUMNS.map((_c, i) => escapeFormula(l.cells?.[i] ?? '')),
          l.row_no,
          l.column_key ? (COLUMN_HEADER.get(l.column_key) ?? l.column_key) : '',
          escapeFormula(l.message_zh),
          escapeFormula(l.message_en),
        ])
        .commit();
    }
    const last = lines[lines.length - 1];
    if (!last || lines.length < 1000) break;
    after = { row: last.row_no ?? 0, id: last.id };
  }
  sheet.commit();
  await workbook.commit();
}

/** Refuses a file that is not a spreadsheet before anything is stored. */
export function fileProblem(code: BulkMessageCode, locale: Locale): AppError {
  return new AppError('VALIDATION', { field: 'file', code, message: bulkMessage(code)[locale] });
}
