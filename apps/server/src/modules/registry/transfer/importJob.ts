import { sql } from 'kysely';
import { chinaDate, normaliseIdNumber, type IsoDate } from '@fupin/domain';
import type { Tx } from '../../../db/scope.js';
import { defineJob } from '../../jobs/definition.js';
import { registrableId } from '../create.js';
import { checkAgainstRegistry, type FileHousehold } from './checks.js';
import { finding, parseHousehold, type Finding, type SheetRow } from './parse.js';
import {
  acquireCursor,
  countCsvDataRows,
  dataBatches,
  fileRows,
  readHeader,
  releaseCursor,
  toSheetRow,
  type HeaderMap,
} from './reader.js';
import { applyImport, concludeImport, outcomeCounts } from './apply.js';
import { IMPORT_JOB, loadImport, rejectFile, saveFindings, type ImportRecord } from './importService.js';
import type { ImportResult } from './apply.js';
import {
  closeStaging,
  discardStaging,
  duplicatesChecked,
  duplicatesPage,
  openStaging,
  refuseDuplicates,
  refuseGroups,
  stage,
  stagingAlive,
  type StagedRow,
} from './staging.js';
import { materialise, removeWorkingCopy } from './storage.js';
import { importTables, type ImportMode } from './tables.js';
import { RegistryWriter, type WritableHousehold } from './writer.js';
import type { JobInfo } from '../../jobs/definition.js';

// registry.import: reads the uploaded file in chunks of rows (each chunk's staging rows, findings
// and checkpoint commit together), then looks for ID numbers repeated across the file, then
// registers the good households. On PostgreSQL a registry writer (writer.ts) registers each
// chunk's good households in a transaction of its own while the rest is read, and commits it in
// the last step with the import's outcome; on PGlite (one session) the last step registers them
// from staging in the job's transaction (apply.ts). Either way nothing reaches the registry before
// that last step commits, so a stopped or failed import leaves no household behind, and mode
// 'all' has seen every row before it decides.

/** Rows per step: each step is one transaction with its checkpoint. Tests lower it to see several steps. */
export const importTuning = { chunkRows: 4000 };
/** The registration form takes at most 30 members (schemas.ts HouseholdBody). */
const MAX_MEMBERS = 30;

interface ImportPayload {
  importId: string;
  mode: ImportMode;
}

type ImportState =
  | {
      phase: 'read';
      /** The registry writer's session (PostgreSQL), absent when the last step registers from staging. */
      writer?: string;
      header: HeaderMap;
      /** Data rows (blank ones too) consumed from the file. */
      position: number;
      rowsRead: number;
      blockSeq: number;
      lastKey: string | null;
      total: number;
    }
  | { phase: 'duplicates'; afterId: string; total: number; writer?: string }
  | { phase: 'apply'; total: number; writer?: string }
  | { phase: 'done'; result: unknown };

async function currentImport(tx: Tx, importId: string): Promise<ImportRecord> {
  const scope = await sql<{ scope: string }>`select current_setting('fupin.scope', true) as scope`.execute(tx);
  return loadImport(importTables(tx), scope.rows[0]?.scope ?? '', importId);
}

async function workingCopy(tx: Tx, imp: ImportRecord): Promise<string> {
  return materialise(importTables(tx), String(imp.id), imp.sha256, Number(imp.size_bytes), imp.format);
}

async function cleanUp(imp: ImportRecord): Promise<void> {
  await releaseCursor(String(imp.id));
  await removeWorkingCopy(String(imp.id), imp.sha256, imp.format);
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

async function finishRejected(tx: Tx, imp: ImportRecord, code: Finding['code'], params: Record<string, string>) {
  await RegistryWriter.release(String(imp.id));
  await rejectFile(tx, imp, { code, params });
  await saveFindings(importTables(tx), imp, [finding(null, null, code, params)]);
  await closeStaging(tx, String(imp.id));
  await cleanUp(imp);
  const result = { importId: String(imp.id), status: 'rejected', fileError: code };
  return { state: { phase: 'done', result } as ImportState, total: 0 };
}

/**
 * Reads the header and counts the data rows, so progress has a total; a wrong file ends here. A
 * CSV's rows are counted from its bytes (a full parse here took a tenth of a large import); the
 * reading step sets the exact count when it reaches the end.
 */
async function startImport(
  tx: Tx,
  payload: ImportPayload,
  job: JobInfo,
): Promise<{ state: ImportState; total: number }> {
  const imp = await currentImport(tx, payload.importId);
  if (imp.status !== 'queued') return { state: { phase: 'done', result: { importId: payload.importId } }, total: 0 };
  const path = await workingCopy(tx, imp);
  const rows = fileRows(path, imp.format);
  let header: HeaderMap;
  let total = 0;
  try {
    const found = await readHeader(rows);
    if (!found.ok) return finishRejected(tx, imp, found.code, found.params);
    header = found.header;
    if (imp.format === 'csv') {
      let any = false;
      for await (const row of rows) if ((any = toSheetRow(row, header) !== null)) break;
      total = any ? Math.max(1, await countCsvDataRows(path, header.headerRow)) : 0;
    } else for await (const row of rows) if (toSheetRow(row, header)) total += 1;
  } catch (error) {
    return finishRejected(tx, imp, 'import.file.unreadable', { detail: message(error) });
  } finally {
    await rows.return(undefined);
  }
  if (total === 0) return finishRejected(tx, imp, 'import.file.noRows', {});
  await importTables(tx)
    .updateTable('registry_imports')
    .set({ status: 'checking', rows_total: total })
    .where('id', '=', String(imp.id))
    .execute();
  await openStaging(tx, imp);
  const writer = await openWriter(job, imp);
  return {
    state: { phase: 'read', header, position: 0, rowsRead: 0, blockSeq: 0, lastKey: null, total, ...writer },
    total,
  };
}

/**
 * The import's staging was lost (PostgreSQL empties unlogged tables when it recovers from a
 * crash, see migration 012): its findings so far are dropped and the file is read again from the
 * start. Nothing had reached the registry, which is written only by the last step.
 */
async function readAgain(tx: Tx, imp: ImportRecord, total: number, job: JobInfo): Promise<ImportState> {
  const id = String(imp.id);
  const itx = importTables(tx);
  await discardStaging(tx, id);
  await itx.deleteFrom('registry_import_issues').where('import_id', '=', id).execute();
  await itx.updateTable('registry_imports').set({ status: 'checking', rows_read: 0 }).where('id', '=', id).execute();
  await releaseCursor(id);
  const rows = fileRows(await workingCopy(tx, imp), imp.format);
  try {
    const found = await readHeader(rows);
    // The file read before: its header was found then and the stored bytes are checked by their hash.
    if (!found.ok) throw new Error(`import ${id}: the header read before is not found again (${found.code})`);
    await openStaging(tx, imp);
    const writer = await openWriter(job, imp);
    return {
      phase: 'read',
      header: found.header,
      position: 0,
      rowsRead: 0,
      blockSeq: 0,
      lastKey: null,
      total,
      ...writer,
    };
  } finally {
    await rows.return(undefined);
  }
}

/** Opens the import's registry writer where the engine allows one (PostgreSQL); names it for the checkpoint. */
async function openWriter(job: JobInfo, imp: ImportRecord): Promise<{ writer?: string }> {
  if (!job.side) return {};
  const writer = await RegistryWriter.open(job.side, job.actor, imp);
  return { writer: writer.session };
}

/**
 * True when a step finds that what its earlier steps wrote is gone: the rows they staged (emptied
 * by crash recovery), or the registry writer's transaction (the process restarted, or the worker
 * let the job go).
 */
async function stagingLost(
  tx: Tx,
  imp: ImportRecord,
  state: Exclude<ImportState, { phase: 'done' }>,
): Promise<boolean> {
  if (state.writer && !RegistryWriter.of(String(imp.id), state.writer)) return true;
  if (state.phase === 'read' && state.position === 0) {
    await openStaging(tx, imp); // nothing staged yet (a job queued before migration 012 has no marker)
    return false;
  }
  return !(await stagingAlive(tx, String(imp.id)));
}

/**
 * Which household a row belongs to: rows sharing a household number (in one county) are one
 * household; without a number, a household runs from a 户主 row to the next.
 */
export function groupKeyOf(row: SheetRow, lastKey: string | null, blockSeq: number): { key: string; blockSeq: number } {
  const no = row.cells.householdNumber.text;
  if (no !== '') {
    // Household numbers are unique within a county; a row that leaves 村代码 to the first row follows it.
    const county = row.cells.villageCode.text.slice(0, 6);
    if (county === '' && lastKey?.startsWith('no:') && lastKey.endsWith(`|${no}`)) return { key: lastKey, blockSeq };
    return { key: `no:${county}|${no}`, blockSeq };
  }
  const continues = lastKey?.startsWith('blk:') && row.cells.relation.text.normalize('NFKC') !== '户主';
  return continues && lastKey ? { key: lastKey, blockSeq } : { key: `blk:${blockSeq + 1}`, blockSeq: blockSeq + 1 };
}

interface Gathered {
  key: string;
  rows: SheetRow[];
  extra: Finding[];
}

type ReadState = Extract<ImportState, { phase: 'read' }>;

/**
 * Rows per batch within a step. A batch is parsed and checked by the rules here, then its registry
 * checks and staging statements are queued behind the batches before it, and the next batch is
 * read while the database works (the step waits for the last at its end, before its checkpoint
 * commits): reading and writing overlap on the two cores that the server and the database share.
 */
export const BATCH_ROWS = 1000;
/**
 * Households parsed (or rows read) between two turns of the event loop: the batches queued for the
 * database move on only when this thread reads the replies to their statements.
 */
const YIELD_EVERY = 50;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Batches queued for the database at most; reading waits for the oldest beyond that. */
const BATCHES_QUEUED = 2;

/**
 * The batches of one step, checked against the registry and staged one after another in the
 * step's transaction while the caller goes on reading. A failure surfaces at the next `add` or at
 * `finish`, whichever comes first.
 */
class BatchStager {
  private writing: Promise<void> = Promise.resolve();
  private readonly queued: Promise<void>[] = [];
  private failed = false;
  constructor(
    private readonly tx: Tx,
    private readonly imp: ImportRecord,
    private readonly asOf: IsoDate,
    private readonly writer: RegistryWriter | undefined,
  ) {}

  async add(gathered: Gathered[], staged: StagedRow[]): Promise<void> {
    if (this.failed) await this.writing;
    const households: FileHousehold[] = [];
    for (const g of gathered) {
      const parsed = parseHousehold(g.rows, this.asOf);
      parsed.findings.push(...g.extra);
      households.push({ groupKey: g.key, rows: g.rows, parsed, outcome: 'good', matchedKey: null });
      if (households.length % YIELD_EVERY === 0) await turn();
    }
    while (this.queued.length >= BATCHES_QUEUED) await this.queued.shift();
    // In order: a household number split across batches is refused where it appears again.
    this.writing = this.writing.then(async () => {
      await checkAgainstRegistry(this.tx, this.imp.region_code, households, this.asOf);
      const good: WritableHousehold[] = await stage(this.tx, this.imp, households, staged, this.writer !== undefined);
      await this.writer?.write(good);
    });
    this.writing.catch(() => {
      this.failed = true;
    });
    // Settled either way: a failure is rethrown by the next add or by finish.
    this.queued.push(this.writing.catch(() => undefined));
  }

  /** Waits for every batch; rethrows the first failure. */
  finish(): Promise<void> {
    return this.writing;
  }
}

/** One chunk of rows: whole households only, checked and staged with their findings. */
async function readChunk(
  tx: Tx,
  payload: ImportPayload,
  state: ReadState,
): Promise<{ state: ImportState; done: number }> {
  const imp = await currentImport(tx, payload.importId);
  const id = String(imp.id);
  const cursor = await acquireCursor(id, state.position, async () =>
    dataBatches(await workingCopy(tx, imp), imp.format, state.header.headerRow),
  );
  const writer = RegistryWriter.of(id, state.writer);
  // With a registry writer, a step's checkpoint is of no use after a crash (the writer's
  // transaction goes with it, and the file is read again): its commit need not wait for the disk,
  // where it would queue behind the writer's stream of WAL.
  if (writer) await sql`set local synchronous_commit = off`.execute(tx);
  const stager = new BatchStager(tx, imp, chinaDate(new Date()), writer);
  let gathered: Gathered[] = [];
  let staged: StagedRow[] = [];
  let { blockSeq, lastKey, rowsRead } = state;
  let current: Gathered | undefined;
  let taken = 0;
  let ended = false;
  try {
    for (;;) {
      let raw;
      try {
        raw = await cursor.peek();
      } catch (error) {
        await stager.finish();
        const rejected = await finishRejected(tx, imp, 'import.file.unreadable', { detail: message(error) });
        return { state: rejected.state, done: 0 };
      }
      if (!raw) {
        ended = true;
        break;
      }
      const row = toSheetRow(raw, state.header);
      if (!row) {
        cursor.take();
        continue;
      }
      const next = groupKeyOf(row, lastKey, blockSeq);
      if (current && next.key !== current.key) {
        gathered.push(current);
        current = undefined;
        if (taken >= importTuning.chunkRows) break; // this row starts the next step's first household
        if (staged.length >= BATCH_ROWS) {
          await stager.add(gathered, staged);
          gathered = [];
          staged = [];
        }
      }
      ({ blockSeq } = next);
      lastKey = next.key;
      current ??= { key: next.key, rows: [], extra: [] };
      if (current.rows.length < MAX_MEMBERS) current.rows.push(row);
      else
        current.extra.push(
          finding(row.rowNo, 'householdNumber', 'import.household.tooLarge', { max: String(MAX_MEMBERS) }),
        );
      staged.push({
        rowNo: row.rowNo,
        key: next.key,
        idNumber: registrableId(normaliseIdNumber(row.cells.idNumber.text)),
        row,
      });
      cursor.take();
      taken += 1;
      rowsRead += 1;
      if (taken % (YIELD_EVERY * 3) === 0) await turn();
    }
    if (ended && current) gathered.push(current);
    if (staged.length > 0 || gathered.length > 0) await stager.add(gathered, staged);
  } finally {
    // No statement of this step may still be running when it returns (or fails) and commits.
    await stager.finish();
  }
  // At the end of the file the rows read are the rows: the total counted at the start was an estimate.
  await importTables(tx)
    .updateTable('registry_imports')
    .set(ended ? { rows_read: rowsRead, rows_total: rowsRead } : { rows_read: rowsRead })
    .where('id', '=', id)
    .execute();
  const nextState: ImportState = ended
    ? { phase: 'duplicates', afterId: '', total: rowsRead, ...(state.writer ? { writer: state.writer } : {}) }
    : { ...state, position: cursor.position, rowsRead, blockSeq, lastKey };
  return { state: nextState, done: rowsRead };
}

/**
 * The file-wide duplicate check with a registry writer, in one step: the written households' ID
 * numbers are in the writer's transaction (see RegistryWriter.duplicates), the rest in staging.
 * The writer's last batch may wait for another import's writer to commit, so it is awaited before
 * this transaction takes any lock that other import's steps could need: ANALYZE's lock on the
 * staging tables lasts until this step commits.
 */
async function writtenDuplicates(tx: Tx, imp: ImportRecord, writer: RegistryWriter) {
  const found = await writer.duplicates();
  await sql`select fupin_import_analyze()`.execute(tx);
  await refuseDuplicates(tx, imp, found);
  await duplicatesChecked(tx, String(imp.id));
  return { finished: true, afterId: '' };
}

/** The result of an import that has ended, from its record. */
function importResult(imp: ImportRecord): ImportResult {
  return {
    importId: String(imp.id),
    status: imp.status,
    rows: imp.rows_total ?? 0,
    households: {
      ok: imp.households_ok ?? 0,
      bad: imp.households_bad ?? 0,
      unchanged: imp.households_unchanged ?? 0,
      written: imp.households_written ?? 0,
    },
  };
}

/**
 * The last step with a registry writer: in mode 'all' with any household refused, the writer rolls
 * back and the import is rejected here; otherwise the writer registers the import for good and
 * commits its outcome with it.
 */
async function registerWritten(tx: Tx, imp: ImportRecord, writer: RegistryWriter): Promise<ImportResult> {
  const id = String(imp.id);
  const lost = await writer.settle();
  const before = await outcomeCounts(importTables(tx), id);
  if (imp.mode === 'all' && (before.bad > 0 || lost.groups.size > 0)) {
    await writer.rollBack();
    await saveFindings(importTables(tx), imp, lost.findings);
    await refuseGroups(tx, id, [...lost.groups]);
    return applyImport(tx, imp);
  }
  let result: ImportResult | undefined;
  await writer.commit(lost, async (wtx) => {
    result = await concludeImport(wtx, imp, 'completed');
  });
  if (!result) throw new Error(`import ${id}: the registry writer ended without an outcome`);
  return result;
}

/** registry.import: validate an uploaded registry spreadsheet and register its households. */
export const registryImportJob = defineJob<ImportPayload, ImportState>({
  type: IMPORT_JOB,
  label: { 'zh-CN': '导入贫困户信息', en: 'Import registry households' },
  permission: 'registry.import',
  parsePayload: (raw) => {
    const p = raw as { importId?: unknown; mode?: unknown } | null;
    const importId = typeof p?.importId === 'string' || typeof p?.importId === 'number' ? String(p.importId) : '';
    if (!/^\d{1,18}$/.test(importId)) throw new Error('registry.import needs an importId');
    return { importId, mode: p?.mode === 'good' ? 'good' : 'all' };
  },
  start: (tx, payload, job) => startImport(tx, payload, job),
  // A failed or cancelled import keeps its findings (and the cells of their rows), not its staging;
  // what its registry writer wrote is rolled back.
  stopped: async (tx, payload) => {
    await RegistryWriter.release(payload.importId);
    await closeStaging(tx, payload.importId);
    await cleanUp(await currentImport(tx, payload.importId));
  },
  detached: async (payload) => {
    if (payload) await RegistryWriter.release(payload.importId);
  },
  step: async (tx, payload, state, job) => {
    if (state.phase !== 'done') {
      const imp = await currentImport(tx, payload.importId);
      // The writer committed the outcome, and the step that saw it commit did not: nothing is left to do.
      if (imp.status === 'completed' || imp.status === 'rejected') {
        const result = importResult(imp);
        return { state: { phase: 'done', result }, done: state.total, total: state.total, finished: true, result };
      }
      if (await stagingLost(tx, imp, state))
        return { state: await readAgain(tx, imp, state.total, job), done: 0, total: state.total, finished: false };
    }
    switch (state.phase) {
      case 'read': {
        const r = await readChunk(tx, payload, state);
        if (r.state.phase === 'done')
          return { state: r.state, done: 0, total: 0, finished: true, result: r.state.result };
        return { state: r.state, done: r.done, total: state.total, finished: false };
      }
      case 'duplicates': {
        const imp = await currentImport(tx, payload.importId);
        const registryWriter = RegistryWriter.of(payload.importId, state.writer);
        const r = registryWriter
          ? await writtenDuplicates(tx, imp, registryWriter)
          : await duplicatesPage(tx, imp, state.afterId);
        const writer = state.writer ? { writer: state.writer } : {};
        const next: ImportState = r.finished
          ? { phase: 'apply', total: state.total, ...writer }
          : { phase: 'duplicates', afterId: r.afterId, total: state.total, ...writer };
        return { state: next, done: state.total, total: state.total, finished: false };
      }
      case 'apply': {
        const imp = await currentImport(tx, payload.importId);
        const writer = RegistryWriter.of(payload.importId, state.writer);
        const result = writer ? await registerWritten(tx, imp, writer) : await applyImport(tx, imp);
        await cleanUp(imp);
        return { state: { phase: 'done', result }, done: state.total, total: state.total, finished: true, result };
      }
      case 'done':
        return { state, done: 0, total: 0, finished: true, result: state.result };
    }
  },
});
