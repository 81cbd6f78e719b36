import { sql } from 'kysely';
import type { Tx } from '../../../db/scope.js';
import { AppError } from '../../../http/errors.js';
import { createHouseholds } from '../create.js';
import type { HouseholdWrite } from '../service.js';
import { auditImport, saveFindings, type ImportRecord } from './importService.js';
import { findingMessage, type FindingCode } from './messages.js';
import { importTables, type ImportStatus, type ImportTx } from './tables.js';

// The import's last step: registering the good households, all in the job's final transaction.

async function outcomeCounts(itx: ImportTx, id: string) {
  const rows = await itx
    .selectFrom('registry_import_households')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('import_id', '=', id)
    .groupBy('outcome')
    .execute();
  const n = (o: string): number => Number(rows.find((r) => r.outcome === o)?.n ?? 0);
  return { good: n('good'), bad: n('bad'), unchanged: n('unchanged'), written: n('written') };
}

/** Households registered per statement batch (createHouseholds writes each table once per batch). */
const APPLY_BATCH = 2000;

/** What a finished import reports (the job's result). */
export interface ImportResult {
  importId: string;
  status: ImportStatus;
  rows: number;
  households: { ok: number; bad: number; unchanged: number; written: number };
}

/**
 * Registers the import's good households in the caller's transaction — the job's last step, so
 * all of them commit together or none does. Batches go through createHouseholds (the staging step
 * ran the registry rules; the database checks run again; one audit entry per household naming the
 * import and row, the record itself in the household's history); a household refused now (an ID registered
 * meanwhile) is reported: in mode 'good' it is skipped, in mode 'all' everything written by this
 * step is undone and the import is rejected.
 */
export async function applyImport(tx: Tx, imp: ImportRecord): Promise<ImportResult> {
  const itx = importTables(tx);
  const id = String(imp.id);
  const before = await outcomeCounts(itx, id);
  let status: ImportStatus = 'completed';
  if (imp.mode === 'all' && before.bad > 0) status = 'rejected';
  else {
    await sql`savepoint import_apply`.execute(tx);
    let after = 0;
    for (;;) {
      const batch = await itx
        .selectFrom('registry_import_households')
        .select(['group_key', 'first_row', 'write'])
        .where('import_id', '=', id)
        .where('outcome', '=', 'good')
        .where('first_row', '>', after)
        .orderBy('first_row')
        .limit(APPLY_BATCH)
        .execute();
      if (batch.length === 0) break;
      after = batch[batch.length - 1]?.first_row ?? after;
      const { created, refused } = await createHouseholds(
        tx,
        imp.region_code,
        batch.map((h) => h.write as HouseholdWrite),
        {
          prevalidated: true,
          auditAfter: (i) => ({ importId: id, fileName: imp.file_name, firstRow: batch[i]?.first_row ?? null }),
        },
      );
      if (refused.length && imp.mode === 'all') {
        await sql`rollback to savepoint import_apply`.execute(tx);
        status = 'rejected';
      }
      for (const r of refused) {
        const h = batch[r.index];
        if (h) await markFailed(itx, imp, h.group_key, h.first_row, r.error);
      }
      if (status === 'rejected') break;
      await markWritten(
        tx,
        id,
        created.map((c) => ({ group: batch[c.index]?.group_key ?? '', key: c.key })),
      );
    }
    if (status === 'completed') await sql`release savepoint import_apply`.execute(tx);
  }
  const counts = await outcomeCounts(itx, id);
  const households = {
    ok: counts.good + counts.written,
    bad: counts.bad,
    unchanged: counts.unchanged,
    written: counts.written,
  };
  await itx
    .updateTable('registry_imports')
    .set({
      status,
      finished_at: new Date(),
      households_ok: households.ok,
      households_bad: households.bad,
      households_unchanged: households.unchanged,
      households_written: households.written,
    })
    .where('id', '=', id)
    .execute();
  await auditImport(tx, imp, status, { rows: imp.rows_total ?? 0, households });
  return { importId: id, status, rows: imp.rows_total ?? 0, households };
}

async function markWritten(tx: Tx, id: string, written: { group: string; key: string }[]): Promise<void> {
  if (written.length === 0) return;
  await sql`update registry_import_households h set outcome = 'written', household_key = w.key, write = null
    from unnest(${written.map((w) => w.group)}::text[], ${written.map((w) => w.key)}::text[]) as w(grp, key)
    where h.import_id = ${id}::bigint and h.group_key = w.grp`.execute(tx);
}

async function markFailed(itx: ImportTx, imp: ImportRecord, groupKey: string, firstRow: number, error: unknown) {
  const conflict = error instanceof AppError && error.code === 'ID_CONFLICT';
  const detail = error instanceof AppError ? error.code : error instanceof Error ? error.message : String(error);
  const code: FindingCode = conflict ? 'import.idNumber.registered' : 'import.apply.failed';
  await saveFindings(itx, imp, [
    {
      row: firstRow,
      column: conflict ? 'idNumber' : null,
      severity: 'error',
      code,
      message: findingMessage(code, { detail }),
    },
  ]);
  await itx
    .updateTable('registry_import_households')
    .set({ outcome: 'bad' })
    .where('import_id', '=', String(imp.id))
    .where('group_key', '=', groupKey)
    .execute();
}
