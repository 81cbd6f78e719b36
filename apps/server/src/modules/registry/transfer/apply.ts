import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../db/scope.js';
import { HOUSEHOLD_COLUMNS, INCOME_COLUMNS, MEMBER_COLUMNS, reevaluateNewHouseholds } from '../create.js';
import { auditImport, saveFindings, type ImportRecord } from './importService.js';
import { finding } from './parse.js';
import { closeStaging, refuseGroups } from './staging.js';
import { importTables, type ImportStatus, type ImportTx } from './tables.js';

// The import's last step: registering the good households, all in the job's final transaction.
// The staging step built each good household's registry rows (with the code the form's
// registration uses) and gave it its id; here the database checks run again for the whole file
// (an ID number or household number registered by someone else since the file was checked), then
// every registry table is written with one INSERT … SELECT from staging — no row travels back
// through the server, and the statements' cost grows with the file, not with its square.

/** How many of the import's staged households have each outcome. */
export async function outcomeCounts(itx: ImportTx, id: string) {
  const rows = await itx
    .selectFrom('registry_import_households')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('import_id', '=', id)
    .groupBy('outcome')
    .execute();
  const n = (o: string): number => Number(rows.find((r) => r.outcome === o)?.n ?? 0);
  return { good: n('good'), bad: n('bad'), unchanged: n('unchanged'), written: n('written') };
}

/** What a finished import reports (the job's result). */
export interface ImportResult {
  importId: string;
  status: ImportStatus;
  rows: number;
  households: { ok: number; bad: number; unchanged: number; written: number };
}

/**
 * Registers the import's good households in the caller's transaction — the job's last step, so
 * all of them commit together or none does. A household whose ID number or household number was
 * registered since its chunk was checked is reported: in mode 'good' it is skipped, in mode 'all'
 * nothing is written and the import is rejected. Each registered household gets one audit entry
 * naming the import and row (the record itself is in the household's history).
 */
export async function applyImport(tx: Tx, imp: ImportRecord): Promise<ImportResult> {
  const itx = importTables(tx);
  const id = String(imp.id);
  await lockRegistration(tx);
  const before = await outcomeCounts(itx, id);
  let status: ImportStatus = 'completed';
  if (imp.mode === 'all' && before.bad > 0) status = 'rejected';
  else if ((await refuseRegisteredMeanwhile(tx, imp)) > 0 && imp.mode === 'all') status = 'rejected';
  else if (before.good > 0) await register(tx, imp);
  return concludeImport(tx, imp, status);
}

/**
 * One import registers at a time (the lock lasts until `tx` ends): a second that shares an ID
 * number with the first waits here, then finds it registered instead of failing on person_ids' key.
 */
export async function lockRegistration(tx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('fupin.registry.import.apply'))`.execute(tx);
}

/**
 * What follows an import's registration, for both paths (staged here, written in writer.ts):
 * one audit entry per household naming the import and its first row, in file order, then the
 * new households evaluated. `households` is a relation with county_code, household_id,
 * village_code and first_row.
 */
export async function auditAndEvaluate(tx: Tx, imp: ImportRecord, households: RawBuilder<unknown>): Promise<void> {
  await sql`insert into audit_log (action, entity, entity_id, region_code, after)
    select 'household.create', 'household', h.county_code || '-' || h.household_id, h.village_code,
           jsonb_build_object('importId', ${String(imp.id)}::text, 'fileName', ${imp.file_name}::text, 'firstRow', h.first_row)
    from ${households} h order by h.first_row`.execute(tx);
  const byCounty = await sql<{ county_code: string; ids: string[] }>`
    select h.county_code, array_agg(h.household_id::text) as ids from ${households} h group by h.county_code`.execute(
    tx,
  );
  await reevaluateNewHouseholds(tx, new Map(byCounty.rows.map((r) => [r.county_code, r.ids])));
}

/**
 * Ends the import in `tx` with `status`: its counts and outcome on the record, the import's audit
 * entry, and its staging closed (the cells of rows with findings kept for the report).
 */
export async function concludeImport(tx: Tx, imp: ImportRecord, status: ImportStatus): Promise<ImportResult> {
  const itx = importTables(tx);
  const id = String(imp.id);
  const counts = await outcomeCounts(itx, id);
  // Registered households stay 'good' in staging, which is deleted below ('written' is from imports
  // before migration 012, when staging was kept).
  const households = {
    ok: counts.good + counts.written,
    bad: counts.bad,
    unchanged: counts.unchanged,
    written: counts.written + (status === 'completed' ? counts.good : 0),
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
  await closeStaging(tx, id);
  return { importId: id, status, rows: imp.rows_total ?? 0, households };
}

/** Refuses the good households that the registry now contradicts; returns how many. */
async function refuseRegisteredMeanwhile(tx: Tx, imp: ImportRecord): Promise<number> {
  const id = String(imp.id);
  const ids = await sql<{ group_key: string; row_no: number }>`
    select r.group_key, r.row_no from fupin_import_registered_ids(${id}::bigint) r
    join registry_import_households s on s.import_id = ${id}::bigint and s.group_key = r.group_key and s.outcome = 'good'
    order by r.row_no`.execute(tx);
  const numbers = await sql<{ group_key: string; first_row: number; household_no: string }>`
    select group_key, first_row, household_no from fupin_import_taken_numbers(${id}::bigint) order by first_row`.execute(
    tx,
  );
  const groups = [...new Set([...ids.rows, ...numbers.rows].map((r) => r.group_key))];
  if (groups.length === 0) return 0;
  await saveFindings(importTables(tx), imp, [
    ...ids.rows.map((r) => finding(r.row_no, 'idNumber', 'import.idNumber.registered')),
    ...numbers.rows.map((r) =>
      finding(r.first_row, 'householdNumber', 'import.householdNumber.taken', { householdNumber: r.household_no }),
    ),
  ]);
  await refuseGroups(tx, id, groups);
  return groups.length;
}

/** `s.<key column>` for the keys staging holds, `r.<column>` (the staged row's value) for the rest. */
function selectList(columns: Readonly<Record<string, string>>, fromStaging: Readonly<Record<string, string>>) {
  const names = Object.keys(columns);
  return {
    into: sql.raw(names.map((n) => `"${n}"`).join(', ')),
    values: sql.raw(names.map((n) => fromStaging[n] ?? `r."${n}"`).join(', ')),
  };
}

/** Inserts into `table` the staged document `part` of every good household that has one, in file order. */
async function insertStaged(
  tx: Tx,
  good: RawBuilder<unknown>,
  table: 'households' | 'household_incomes',
  columns: Readonly<Record<string, string>>,
  part: 'household' | 'income',
  fromStaging: Readonly<Record<string, string>>,
): Promise<void> {
  const list = selectList(columns, fromStaging);
  await sql`insert into ${sql.table(table)} (${list.into})
    select ${list.values}
    from registry_import_households s
    cross join lateral jsonb_populate_record(null::${sql.table(table)}, s.registry_rows -> ${part}::text) r
    where ${good} and s.registry_rows ? ${part}::text order by s.first_row`.execute(tx);
}

const STAGED_GOOD = (id: string): RawBuilder<unknown> => sql`s.import_id = ${id}::bigint and s.outcome = 'good'`;

async function register(tx: Tx, imp: ImportRecord): Promise<void> {
  const id = String(imp.id);
  const good = STAGED_GOOD(id);
  // Households the file left unnumbered: the village code and the next sequence number after the
  // highest any household of the village (registered or in this file) holds.
  await sql`with pending as (
      select s.group_key, s.village_code, row_number() over (partition by s.village_code order by s.first_row) as n
      from registry_import_households s where ${good} and s.household_no is null
    ), in_file as (
      select s.village_code, max(substr(s.household_no, 13)::integer) as high
      from registry_import_households s
      where ${good} and s.household_no is not null and left(s.household_no, 12) = s.village_code
        and s.household_no ~ '^[0-9]{13,18}$'
      group by s.village_code
    ), registered as (
      select * from fupin_village_number_high(array(select distinct village_code from pending))
    )
    update registry_import_households s
    set household_no = p.village_code || lpad((greatest(r.high, coalesce(f.high, 0)) + p.n)::text, 4, '0')
    from pending p join registered r on r.village_code = p.village_code
    left join in_file f on f.village_code = p.village_code
    where s.import_id = ${id}::bigint and s.group_key = p.group_key`.execute(tx);

  const keys = { county_code: 's.county_code', household_id: 's.household_id', village_code: 's.village_code' };
  await insertStaged(tx, good, 'households', HOUSEHOLD_COLUMNS, 'household', {
    ...keys,
    id: 's.household_id',
    household_no: 's.household_no',
  });

  const member = selectList(MEMBER_COLUMNS, {
    county_code: 'm.county_code',
    id: 'm.id',
    household_id: 'm.household_id',
    village_code: 'm.village_code',
  });
  await sql`with m as materialized (
      select s.county_code, s.household_id, s.village_code, nextval('members_id_seq') as id, e.value as row
      from registry_import_households s
      cross join lateral jsonb_array_elements(s.registry_rows -> 'members') with ordinality as e(value, n)
      where ${good} order by s.first_row, e.n
    ), inserted as (
      insert into members (${member.into})
      select ${member.values} from m cross join lateral jsonb_populate_record(null::members, m.row) r
    )
    insert into person_ids (id_number, county_code, member_id, household_id, village_code)
    select m.row ->> 'id_number', m.county_code, m.id, m.household_id, m.village_code
    from m where (m.row ->> 'person_id')::boolean`.execute(tx);

  await insertStaged(tx, good, 'household_incomes', INCOME_COLUMNS, 'income', keys);

  await sql`insert into household_history (county_code, household_id, village_code, year, change, snapshot)
    select s.county_code, s.household_id, s.village_code, ${new Date().getFullYear()}::int, 'registered', s.write
    from registry_import_households s where ${good}`.execute(tx);

  await auditAndEvaluate(
    tx,
    imp,
    sql`(select s.county_code, s.household_id, s.village_code, s.first_row from registry_import_households s where ${good})`,
  );
}
