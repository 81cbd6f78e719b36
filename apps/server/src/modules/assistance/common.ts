import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { chinaDate, isWithinScope, levelOfCode, type EndedLinkView } from '@fupin/domain';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound, outOfScope } from '../../http/errors.js';
import { parseHouseholdKey } from '../registry/presenter.js';
import { getSetting } from '../settings/service.js';
import { recordAudit } from '../audit/service.js';

// Shared by the assistance services: scope checks, keys of county-keyed rows, village and
// household lookups that tell "outside your region" (403) from "missing" (404).

/** Who acts: the user's home region bounds everything. */
export interface AssistanceActor {
  scope: string;
}

/** A row key of a county-keyed table: `county-id`. */
export function rowKey(countyCode: string, id: string | number): string {
  return `${countyCode}-${id}`;
}

/** Splits a `county-id` key, checking that the county can lie in the scope; 404 when malformed. */
export function resolveRowKey(scope: string, key: string): { countyCode: string; id: string } {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  if (!isWithinScope(scope, parsed.countyCode) && !isWithinScope(parsed.countyCode, scope)) throw outOfScope();
  return parsed;
}

/** Refuses a region outside the scope. */
export function assertInScope(scope: string, code: string): void {
  if (!isWithinScope(scope, code)) throw outOfScope();
}

/** The assistance settings in force. */
export function assistanceSettings(tx: Tx) {
  return getSetting(tx, 'assistance');
}

export interface VillageRow {
  code: string;
  name: string;
  poor_designation: string | null;
  exit_year: number | null;
}

/** A village in the scope (403 outside it, 400 when the code is not a village). */
export async function loadVillage(tx: Tx, scope: string, code: string): Promise<VillageRow> {
  assertInScope(scope, code);
  if (levelOfCode(code) !== 'village') throw new AppError('VALIDATION', { field: 'villageCode' });
  const row = await tx
    .selectFrom('regions')
    .select(['code', 'name', 'poor_designation', 'exit_year'])
    .where('code', '=', code)
    .where('level', '=', 'village')
    .executeTakeFirst();
  if (!row) throw notFound({ field: 'villageCode' });
  return row;
}

export interface HouseholdRef {
  countyCode: string;
  id: string;
  villageCode: string;
  headName: string;
  status: string;
}

/** A household in the scope by its key (403 outside it, 404 when missing). */
export async function loadHouseholdRef(tx: Tx, scope: string, key: string): Promise<HouseholdRef> {
  const { countyCode, id } = resolveRowKey(scope, key);
  const row = await tx
    .selectFrom('households')
    .select(['county_code', 'id', 'village_code', 'head_name', 'status'])
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    // Row-level security hides households outside the scope: tell those apart from missing ones.
    const r = await sql<{
      village: string | null;
    }>`select fupin_household_village(${countyCode}, ${id}::bigint) as village`.execute(tx);
    const village = r.rows[0]?.village;
    if (village && !isWithinScope(scope, village)) throw outOfScope();
    throw notFound();
  }
  assertInScope(scope, row.village_code);
  return {
    countyCode: row.county_code,
    id: String(row.id),
    villageCode: row.village_code,
    headName: row.head_name,
    status: row.status,
  };
}

/** Today's date in China ('YYYY-MM-DD'), the default of every start and end date. */
export function today(): string {
  return chinaDate(new Date());
}

/** Whether a Postgres error is a unique violation (a concurrent duplicate). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === '23505'
  );
}

/** Region names by code, for presenters. */
export async function regionNames(tx: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await tx.selectFrom('regions').select(['code', 'name']).where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Runs a write; a unique violation (a concurrent duplicate) becomes `error` instead. */
export async function refuseDuplicate<T>(error: () => AppError, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (cause) {
    if (isUniqueViolation(cause)) throw error();
    throw cause;
  }
}

/** Rows of a region's subtree and of the regions above it (a provincial unit helping a county). */
export function inRegionOrAbove(regionCode: string): RawBuilder<SqlBool> {
  const column = sql.ref('region_code');
  return sql<SqlBool>`((${column} >= ${regionCode} and ${column} < ${`${regionCode}:`}) or left(${regionCode}, length(${column})) = ${column})`;
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}

/** The view with `key` among those just listed (404 when it is not there). */
export async function viewWithKey<T extends { key: string }>(views: Promise<T[]>, key: string): Promise<T> {
  const view = (await views).find((v) => v.key === key);
  if (!view) throw notFound();
  return view;
}

/** County-keyed dated rows of a village that end once: pairings, first secretaries, 七联 links. */
type DatedTable = 'pairings' | 'first_secretaries' | 'village_links' | 'household_links';
/** The columns every dated table has. */
type DatedRow<T extends DatedTable> = Selectable<DB[T]> & {
  village_code: string;
  start_on: string;
  ended_on: string | null;
};

/**
 * The row `key` names, checked for ending: 404 when missing (row-level security hides rows outside
 * the scope), 403 outside the scope, CONFLICT when already ended; and the day it ends, `endedOn`
 * (default today), refused before the row's start. `lock` holds the row until the transaction ends.
 */
export async function rowToEnd<T extends DatedTable>(
  tx: Tx,
  scope: string,
  key: string,
  table: T,
  options: { endedOn: string | undefined; lock: boolean },
): Promise<{ row: DatedRow<T>; countyCode: string; id: string; endedOn: string }> {
  const { countyCode, id } = resolveRowKey(scope, key);
  const found = await sql<DatedRow<T>>`
    select * from ${sql.table(table)} where county_code = ${countyCode} and id = ${id}
    ${options.lock ? sql`for update` : sql``}`.execute(tx);
  const row = found.rows[0];
  if (!row) throw notFound();
  assertInScope(scope, row.village_code);
  if (row.ended_on !== null) throw new AppError('CONFLICT', { field: 'endedOn' });
  const endedOn = options.endedOn ?? today();
  if (endedOn < row.start_on) throw new AppError('VALIDATION', { field: 'endedOn' });
  return { row, countyCode, id, endedOn };
}

/**
 * The service ending one kind of dated link (a village's or a household's enterprise, bank or
 * insurer link) on `endedOn` (default today): refused when already ended or when the end precedes
 * the start; audited.
 */
export const linkEnder =
  (kind: { table: 'village_links' | 'household_links'; action: string; entity: string }) =>
  async (tx: Tx, scope: string, key: string, endedOn: string | undefined): Promise<EndedLinkView> => {
    const { row, countyCode, id, endedOn: end } = await rowToEnd(tx, scope, key, kind.table, { endedOn, lock: false });
    await tx
      .updateTable(kind.table)
      .set({ ended_on: end })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: kind.action,
      entity: kind.entity,
      entityId: key,
      regionCode: row.village_code,
      before: row,
      after: { ended_on: end },
    });
    return { key, endedOn: end };
  };
