import { sql } from 'kysely';
import type { Tx } from '../../../db/scope.js';
import { binaryArrayParam, householdRows } from '../create.js';
import type { FileHousehold } from './checks.js';
import { saveFindings, type ImportRecord } from './importService.js';
import { COLUMNS } from './columns.js';
import { finding, type SheetRow } from './parse.js';
import { importTables } from './tables.js';
import type { FileDuplicate, WritableHousehold } from './writer.js';

// The staging tables of an import: each chunk's rows, households and findings as the job reads
// them, and the file-wide check for ID numbers that occur in more than one household. With the
// registry writer (PostgreSQL), the rows of the households it writes are not staged unless they
// have findings: their ID numbers are in the writer's transaction (writer.ts). Rows and
// households are staged in unlogged tables (migration 012): a crash empties them, and the job,
// finding its marker gone, reads the file again; the import's end keeps the cells of the rows with
// findings (for the error report) and deletes the rest.

/** ID numbers per page: each page groups all the file's rows once, so pages are few and large. */
const DUPLICATE_PAGE = 5000;
const UNIT_SEPARATOR = '\u001f';
const STAGING_KEYS = new Set(['county_code', 'village_code', 'id', 'household_id']);

/** What a staged household refused after all keeps: its outcome, not what it would have written. */
export const REFUSED = {
  outcome: 'bad',
  write: null,
  registry_rows: null,
  household_id: null,
  household_key: null,
} as const;

/**
 * A registry row as staged: without the keys the staging row holds in columns (county, village,
 * household id) and without empty cells (the last step reads a missing column as null, as the
 * row would hold it), so that the staged document is about half the row's JSON.
 */
function withoutKeys(row: Record<string, unknown>): Record<string, unknown> {
  const staged: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === null || value === undefined || STAGING_KEYS.has(column)) continue;
    staged[column] = value;
  }
  return staged;
}

/** Marks the import's staging as begun (the job checks for the marker before each later step). */
export async function openStaging(tx: Tx, imp: ImportRecord): Promise<void> {
  await importTables(tx)
    .insertInto('registry_import_staging')
    .values({ import_id: String(imp.id), region_code: imp.region_code })
    .onConflict((oc) => oc.column('import_id').doNothing())
    .execute();
}

/** False when the import's staging rows were lost (emptied by crash recovery): the file must be read again. */
export async function stagingAlive(tx: Tx, importId: string): Promise<boolean> {
  const marker = await importTables(tx)
    .selectFrom('registry_import_staging')
    .select('import_id')
    .where('import_id', '=', importId)
    .executeTakeFirst();
  return marker !== undefined;
}

/** Deletes what the import staged (its rows, households and marker). */
export async function discardStaging(tx: Tx, importId: string): Promise<void> {
  const itx = importTables(tx);
  await itx.deleteFrom('registry_import_rows').where('import_id', '=', importId).execute();
  await itx.deleteFrom('registry_import_households').where('import_id', '=', importId).execute();
  await itx.deleteFrom('registry_import_staging').where('import_id', '=', importId).execute();
}

/** Ends the import's staging: the cells of rows with findings are kept for the error report, the rest goes. */
export async function closeStaging(tx: Tx, importId: string): Promise<void> {
  await sql`insert into registry_import_report_rows (import_id, row_no, region_code, cells)
    select r.import_id, r.row_no, r.region_code, r.cells from registry_import_rows r
    where r.import_id = ${importId}::bigint
      and r.row_no in (select i.row_no from registry_import_issues i where i.import_id = ${importId}::bigint)
    on conflict do nothing`.execute(tx);
  await discardStaging(tx, importId);
}

/** Marks staged households refused (the file-wide checks found them bad after they were staged). */
export async function refuseGroups(tx: Tx, importId: string, groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  await importTables(tx)
    .updateTable('registry_import_households')
    .set(REFUSED)
    .where('import_id', '=', importId)
    .where('group_key', 'in', groups)
    .execute();
}

/** A good household's registry rows as staged (the last step adds the keys and member ids). */
function stagedRows(h: FileHousehold) {
  const rows = householdRows(h.parsed.write, '', '', '');
  return {
    household: withoutKeys(rows.household),
    members: rows.members.map(withoutKeys),
    ...(rows.income ? { income: withoutKeys(rows.income) } : {}),
  };
}

/** A data row to stage: its household, (registrable) ID number and the row (whose cells the report may need). */
export interface StagedRow {
  rowNo: number;
  key: string;
  idNumber: string;
  row: SheetRow;
}

/** A row's template cells as one text, split on the unit separator (no spreadsheet cell holds it; one that does is read as a space). */
function cellsText(row: SheetRow): string {
  return COLUMNS.map((c) => row.cells[c.key].text.replaceAll(UNIT_SEPARATOR, ' ')).join(UNIT_SEPARATOR);
}

/**
 * Writes a chunk's rows, households and findings; a household number seen earlier in the file is
 * split. With `direct` (the registry writer registers the good households as they are read, see
 * writer.ts), the good households are staged without their registry rows and returned with their
 * ids for the writer, their rows are staged only when they have findings, and only the rows of
 * households with findings keep their cells (the report's; the rest are stored empty).
 */
export async function stage(
  tx: Tx,
  imp: ImportRecord,
  households: FileHousehold[],
  staged: StagedRow[],
  direct = false,
): Promise<WritableHousehold[]> {
  const itx = importTables(tx);
  const id = String(imp.id);
  const first = new Map<string, FileHousehold>();
  const repeats: FileHousehold[] = [];
  for (const h of households) {
    if (first.has(h.groupKey)) repeats.push(h);
    else first.set(h.groupKey, h);
  }
  const staging = [...first.values()];
  // One statement per chunk, each column an array (as the rows below); the records to register
  // and their registry rows travel as JSON arrays joined by position (inside a text array they
  // would be escaped). A good household takes its id now, so the last step only copies rows.
  const good = (h: FileHousehold): boolean => h.outcome === 'good';
  const village = (h: FileHousehold): string | null => (good(h) ? h.parsed.write.household.villageCode : null);
  // Each column's array: in binary format with the writer (PostgreSQL only), nothing to quote or parse.
  const array = (type: 'text' | 'integer', of: (h: FileHousehold) => unknown): unknown =>
    direct ? binaryArrayParam(staging.map(of), type) : staging.map(of);
  const cols = {
    groupKey: array('text', (h) => h.groupKey),
    firstRow: array('integer', (h) => h.rows[0]?.rowNo ?? 0),
    lastRow: array('integer', (h) => h.rows[h.rows.length - 1]?.rowNo ?? 0),
    rowCount: array('integer', (h) => h.rows.length),
    outcome: array('text', (h) => h.outcome),
    matchedKey: array('text', (h) => h.matchedKey),
    village: array('text', village),
    householdNo: array('text', (h) => (good(h) ? (h.parsed.write.household.householdNumber ?? null) : null)),
  };
  // With the writer, nothing to register is staged: no documents to join.
  const documents = direct
    ? { list: sql`null::jsonb, null::jsonb`, joins: sql`` }
    : {
        list: sql`nullif(w.value, 'null'::jsonb), nullif(r.value, 'null'::jsonb)`,
        joins: sql`join jsonb_array_elements(${JSON.stringify(staging.map((h) => (good(h) ? h.parsed.write : null)))}::jsonb)
              with ordinality as w(value, n) on w.n = x.n
            join jsonb_array_elements(${JSON.stringify(staging.map((h) => (good(h) ? stagedRows(h) : null)))}::jsonb)
              with ordinality as r(value, n) on r.n = x.n`,
      };
  const inserted =
    staging.length === 0
      ? []
      : (
          await sql<{ group_key: string; household_id: string | null }>`insert into registry_import_households
            (import_id, group_key, region_code, first_row, last_row, row_count, outcome, household_key,
             county_code, village_code, household_no, household_id, write, registry_rows)
          select ${id}::bigint, x.group_key, ${imp.region_code}, x.first_row, x.last_row, x.row_count, x.outcome,
                 x.household_key, left(x.village_code, 6), x.village_code,
                 x.household_no, case when x.outcome = 'good' then nextval('households_id_seq') end,
                 ${documents.list}
          from unnest(${cols.groupKey}::text[], ${cols.firstRow}::int[], ${cols.lastRow}::int[], ${cols.rowCount}::int[],
                      ${cols.outcome}::text[], ${cols.matchedKey}::text[], ${cols.village}::text[], ${cols.householdNo}::text[])
            with ordinality as x(group_key, first_row, last_row, row_count, outcome, household_key, village_code, household_no, n)
          ${documents.joins}
          on conflict (import_id, group_key) do nothing
          returning group_key, household_id::text as household_id`.execute(tx)
        ).rows;
  const insertedKeys = new Set(inserted.map((r) => r.group_key));
  repeats.push(...[...first.values()].filter((h) => !insertedKeys.has(h.groupKey)));
  // Split within this chunk: refused below, so not written.
  const split = new Set(repeats.map((h) => h.groupKey));
  const ids = new Map(inserted.map((r) => [r.group_key, r.household_id]));
  // With the writer, a written household's rows are not staged unless the report may show them
  // (with findings now): their registrable ID numbers go to the writer with the household, for the
  // duplicate check (see writer.ts). Every staged row carries its ID number; its cells are kept
  // when the report may show them: with findings now, refused, or split.
  const reported = direct
    ? new Set([
        ...households.filter((h) => h.parsed.findings.length > 0 || !good(h)).map((h) => h.groupKey),
        ...repeats.map((h) => h.groupKey),
      ])
    : undefined;
  const writable: WritableHousehold[] = direct
    ? staging.flatMap((h) => {
        const householdId = ids.get(h.groupKey);
        return good(h) && householdId && !split.has(h.groupKey)
          ? [{ household: h, id: householdId, ids: [], idRows: [] }]
          : [];
      })
    : [];
  const unstaged = new Map(
    writable.filter((w) => !reported?.has(w.household.groupKey)).map((w) => [w.household.groupKey, w]),
  );
  const rowsToStage: StagedRow[] = [];
  for (const r of staged) {
    const w = unstaged.get(r.key);
    if (!w) rowsToStage.push(r);
    else if (r.idNumber !== '') {
      w.ids.push(r.idNumber);
      w.idRows.push(r.rowNo);
    }
  }
  if (rowsToStage.length) {
    // One statement per chunk: the cells travel as one text per row (cellsText).
    const cells = rowsToStage.map((r) => (reported && !reported.has(r.key) ? null : cellsText(r.row)));
    await sql`insert into registry_import_rows (import_id, row_no, region_code, group_key, id_number, cells)
      select ${id}::bigint, x.row_no, ${imp.region_code}, x.group_key, x.id_number,
             coalesce(string_to_array(x.cells, ${UNIT_SEPARATOR}), '{}')
      from unnest(${rowsToStage.map((r) => r.rowNo)}::int[], ${rowsToStage.map((r) => r.key)}::text[],
                  ${rowsToStage.map((r) => r.idNumber)}::text[], ${cells}::text[])
        as x(row_no, group_key, id_number, cells)`.execute(tx);
  }

  const findings = households.flatMap((h) => h.parsed.findings);
  for (const h of repeats) {
    const earlier = await itx
      .selectFrom('registry_import_households')
      .select('first_row')
      .where('import_id', '=', id)
      .where('group_key', '=', h.groupKey)
      .executeTakeFirst();
    const earlierRow = earlier?.first_row ?? first.get(h.groupKey)?.rows[0]?.rowNo ?? 0;
    const householdNumber = h.parsed.write.household.householdNumber ?? '';
    const row = h.rows[0]?.rowNo ?? null;
    findings.push(
      finding(row, 'householdNumber', 'import.household.split', { householdNumber, first: String(earlierRow) }),
      finding(earlierRow, 'householdNumber', 'import.household.split', { householdNumber, first: String(row) }),
    );
    await itx
      .updateTable('registry_import_households')
      .set(REFUSED)
      .where('import_id', '=', id)
      .where('group_key', '=', h.groupKey)
      .execute();
  }
  await saveFindings(itx, imp, findings);
  return writable;
}

/** One page of ID numbers that occur in more than one household of the file. */
export async function duplicatesPage(tx: Tx, imp: ImportRecord, afterId: string) {
  const id = String(imp.id);
  // The first page comes right after the last row is staged: statistics first (see the function).
  if (afterId === '') await sql`select fupin_import_analyze()`.execute(tx);
  const dups = await sql<FileDuplicate>`
    select id_number, array_agg(row_no order by row_no) as rows, array_agg(distinct group_key) as groups
    from registry_import_rows
    where import_id = ${id}::bigint and id_number <> '' and id_number > ${afterId}
    group by id_number having count(distinct group_key) > 1
    order by id_number limit ${DUPLICATE_PAGE}`.execute(tx);
  await refuseDuplicates(tx, imp, dups.rows);
  const last = dups.rows[dups.rows.length - 1];
  const finished = dups.rows.length < DUPLICATE_PAGE;
  if (finished) await duplicatesChecked(tx, id);
  return { finished, afterId: last?.id_number ?? afterId };
}

/** Reports each row of ID numbers found in more than one household of the file, and refuses those households. */
export async function refuseDuplicates(tx: Tx, imp: ImportRecord, dups: readonly FileDuplicate[]): Promise<void> {
  for (let start = 0; start < dups.length; start += DUPLICATE_PAGE) {
    const page = dups.slice(start, start + DUPLICATE_PAGE);
    const findings = page.flatMap((d) => {
      const rows = d.rows.map(Number);
      const shown = rows.slice(0, 10).join('、') + (rows.length > 10 ? '…' : '');
      return rows.map((r) => finding(r, 'idNumber', 'import.idNumber.duplicateInFile', { rows: shown }));
    });
    await saveFindings(importTables(tx), imp, findings);
    await refuseGroups(tx, String(imp.id), [...new Set(page.flatMap((d) => d.groups))]);
  }
}

/** The file-wide duplicate check is done: the import goes on to register. */
export async function duplicatesChecked(tx: Tx, importId: string): Promise<void> {
  await importTables(tx)
    .updateTable('registry_imports')
    .set({ status: 'applying' })
    .where('id', '=', importId)
    .execute();
}
