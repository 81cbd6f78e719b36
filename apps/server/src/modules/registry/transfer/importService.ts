import { sql, type Selectable } from 'kysely';
import type { ImportView, Locale } from '@fupin/domain';
import type { ActorContext, Tx } from '../../../db/scope.js';
import { recordAudit } from '../../audit/service.js';
import { enqueueJob } from '../../jobs/service.js';
import { fileErrorView, importInScope, importRecordView, newImportRecord } from '../../imports/record.js';
import { COLUMNS } from './columns.js';
import { findingMessage, type FindingCode } from './messages.js';
import type { Finding } from './parse.js';
import { keepWorkingCopy, storeChunks, type ReceivedFile } from './storage.js';
import {
  importTables,
  type ImportFormat,
  type ImportMode,
  type ImportStatus,
  type ImportTx,
  type RegistryImportsTable,
} from './tables.js';

// Import records: creating one from an upload (and queueing its job), showing it, and writing
// its findings. The step that registers the households is in apply.ts.

export const IMPORT_JOB = 'registry.import';

export type ImportRecord = Selectable<RegistryImportsTable>;

/** Stores an uploaded file as a new import in the actor's region and queues the job that runs it. */
export async function createImport(
  tx: Tx,
  actor: ActorContext,
  input: { file: ReceivedFile; fileName: string; format: ImportFormat; mode: ImportMode; regionCode: string },
  locale: Locale,
): Promise<ImportView> {
  const itx = importTables(tx);
  const row = await itx
    .insertInto('registry_imports')
    .values({
      ...newImportRecord(actor, { ...input, sizeBytes: input.file.size, sha256: input.file.sha256 }),
      rows_total: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = String(row.id);
  // The database stores the pieces while the disk copies the file: neither waits for the other.
  const stored = await Promise.allSettled([
    storeChunks(itx, id, input.regionCode, input.file.path),
    keepWorkingCopy(id, input.file.sha256, input.format, input.file.path),
  ]);
  for (const s of stored) if (s.status === 'rejected') throw s.reason;
  const job = await enqueueJob(tx, actor, input.regionCode, IMPORT_JOB, { importId: id, mode: input.mode });
  await itx.updateTable('registry_imports').set({ job_id: job.id }).where('id', '=', id).execute();
  return getImport(tx, actor.scope, id, locale);
}

/** The import record, or 403 when it belongs to another region and 404 when there is none. */
export async function loadImport(itx: ImportTx, scope: string, id: string): Promise<ImportRecord> {
  const row = await itx.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst();
  return importInScope(itx, scope, id, row, 'fupin_import_region');
}

/** An import with its job's progress, in the caller's language. */
export async function getImport(tx: Tx, scope: string, id: string, locale: Locale): Promise<ImportView> {
  const itx = importTables(tx);
  const r = await loadImport(itx, scope, id);
  const record = await importRecordView(tx, r);
  const issues = await itx
    .selectFrom('registry_import_issues')
    .select(['severity', (eb) => eb.fn.countAll<string>().as('n')])
    .where('import_id', '=', id)
    .groupBy('severity')
    .execute();
  const count = (s: string): number => Number(issues.find((i) => i.severity === s)?.n ?? 0);
  return {
    ...record,
    counts: {
      rows: r.rows_total,
      rowsRead: r.rows_read,
      households: {
        ok: r.households_ok,
        bad: r.households_bad,
        unchanged: r.households_unchanged,
        written: r.households_written,
      },
      errors: count('error'),
      warnings: count('warning'),
    },
    fileError: fileErrorView<FindingCode>(r.file_error, (code, params) => findingMessage(code, params ?? {})[locale]),
  };
}

/** Writes findings; the caller chunks them (one job step's worth at a time). */
export async function saveFindings(itx: ImportTx, imp: ImportRecord, findings: readonly Finding[]): Promise<void> {
  const id = String(imp.id);
  for (let i = 0; i < findings.length; i += 500) {
    await itx
      .insertInto('registry_import_issues')
      .values(
        findings.slice(i, i + 500).map((f) => ({
          import_id: id,
          region_code: imp.region_code,
          row_no: f.row,
          column_key: f.column,
          severity: f.severity,
          code: f.code,
          message_zh: f.message['zh-CN'],
          message_en: f.message.en,
        })),
      )
      .execute();
  }
}

/** Ends an import that wrote nothing because the file as a whole is wrong. */
export async function rejectFile(
  tx: Tx,
  imp: ImportRecord,
  fileError: { code: FindingCode; params?: Record<string, string> },
): Promise<void> {
  await importTables(tx)
    .updateTable('registry_imports')
    .set({ status: 'rejected', finished_at: new Date(), file_error: JSON.stringify(fileError) })
    .where('id', '=', String(imp.id))
    .execute();
  await auditImport(tx, imp, 'rejected', { fileError });
}

/** The one audit entry of an import (each household written has its own, from createHousehold). */
export async function auditImport(tx: Tx, imp: ImportRecord, status: ImportStatus, after: Record<string, unknown>) {
  await recordAudit(tx, {
    action: 'household.import',
    entity: 'household_import',
    entityId: String(imp.id),
    regionCode: imp.region_code,
    after: { fileName: imp.file_name, sha256: imp.sha256, mode: imp.mode, status, ...after },
  });
}

/** The first findings of an import in row order (the CLI prints them). */
export async function importIssues(
  tx: Tx,
  id: string,
  limit: number,
): Promise<
  { row: number | null; column: string | null; severity: string; message: { 'zh-CN': string; en: string } }[]
> {
  const rows = await importTables(tx)
    .selectFrom('registry_import_issues')
    .select(['row_no', 'column_key', 'severity', 'message_zh', 'message_en'])
    .where('import_id', '=', id)
    .orderBy(sql`coalesce(row_no, 0)`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    row: r.row_no,
    column: COLUMNS.find((c) => c.key === r.column_key)?.header ?? r.column_key,
    severity: r.severity,
    message: { 'zh-CN': r.message_zh, en: r.message_en },
  }));
}
