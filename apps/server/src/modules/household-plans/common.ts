// What every household-plans service needs: the household a key names (403 outside the scope,
// 404 when missing), the actor, cadre checks and the refusal of a record with findings.

import { sql } from 'kysely';
import { isWithinScope, planIssue, type HouseholdCadre, type PlanIssue, type Role } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound, outOfScope } from '../../http/errors.js';
import { parseHouseholdKey } from '../registry/presenter.js';

/** Who is acting: the session user, with the scope that bounds everything. */
export interface PlanActor {
  userId: string;
  name: string;
  role: Role;
  scope: string;
}

/** The household a key names, as these services need it. */
export interface HouseholdRef {
  countyCode: string;
  id: string;
  villageCode: string;
  key: string;
}

/**
 * Resolves a household key inside the actor's scope: OUT_OF_SCOPE for a household of another
 * region (told apart from a missing one by a security-definer lookup), NOT_FOUND when missing.
 * `lock` takes the household row FOR UPDATE: writes to one household's plan are serialised.
 */
export async function resolveHousehold(tx: Tx, scope: string, key: string, lock = false): Promise<HouseholdRef> {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  if (!isWithinScope(scope, parsed.countyCode) && !isWithinScope(parsed.countyCode, scope)) throw outOfScope();
  let q = tx
    .selectFrom('households')
    .select(['county_code', 'id', 'village_code'])
    .where('county_code', '=', parsed.countyCode)
    .where('id', '=', parsed.id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) {
    const found = await sql<{ village: string | null }>`
      select fupin_household_village(${parsed.countyCode}, ${parsed.id}::bigint) as village`.execute(tx);
    const village = found.rows[0]?.village;
    if (village && !isWithinScope(scope, village)) throw outOfScope();
    throw notFound();
  }
  if (!isWithinScope(scope, row.village_code)) throw outOfScope();
  // PGlite reads bigint as a number, PostgreSQL as a string: ids are strings from here on.
  return { countyCode: row.county_code, id: String(row.id), villageCode: row.village_code, key };
}

/** Refuses a write with its findings (422, every finding listed). */
export function refuse(issues: readonly PlanIssue[]): void {
  if (issues.length > 0) throw new AppError('RECORD_INVALID', { issues });
}

/** A cadre as the records name it. */
export interface CadreRow {
  id: string;
  name: string;
  phone: string | null;
  unit_name: string | null;
}

/**
 * Checks that a cadre may answer for a household of `villageCode`: visible to the actor, active,
 * and allowed in a region that contains the village. Returns the finding, or the cadre.
 */
export async function checkCadre(
  tx: Tx,
  cadreId: string,
  villageCode: string,
  field: string,
): Promise<PlanIssue | CadreRow> {
  const row = await tx
    .selectFrom('cadres as c')
    .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.name', 'c.phone', 'c.region_code', 'c.active', 'u.name as unit_name'])
    .where('c.id', '=', cadreId)
    .executeTakeFirst();
  if (!row) return planIssue('cadre.notFound', field);
  if (!row.active) return planIssue('cadre.inactive', field, { name: row.name });
  if (!isWithinScope(row.region_code, villageCode)) return planIssue('cadre.outsideRegion', field, { name: row.name });
  return { id: String(row.id), name: row.name, phone: row.phone, unit_name: row.unit_name };
}

/** The cadre record of a user (a helper who logs in), if any. */
export async function cadreOfUser(tx: Tx, userId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('cadres').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row ? String(row.id) : undefined;
}

/** True when `value` is a PlanIssue rather than a cadre. */
export function isIssue(value: PlanIssue | CadreRow): value is PlanIssue {
  return 'code' in value;
}

/** Names of cadres by id (for presenting records). */
export async function cadreNames(tx: Tx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectFrom('cadres').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

/** Fen as yuan (a number), or null. */
export function fenToYuanOrNull(fen: string | number | null): number | null {
  return fen === null ? null : Number(fen) / 100;
}

/** Cadres the forms offer for a household: its helpers first, then everyone allowed in its village. */
export async function listHouseholdCadres(tx: Tx, scope: string, key: string): Promise<HouseholdCadre[]> {
  const h = await resolveHousehold(tx, scope, key);
  const prefixes = [2, 4, 6, 9, 12].map((n) => h.villageCode.slice(0, n));
  const rows = await tx
    .selectFrom('cadres as c')
    .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.name', 'c.phone', 'u.name as unit_name'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('pairings as p')
            .select('p.id')
            .whereRef('p.cadre_id', '=', 'c.id')
            .where('p.county_code', '=', h.countyCode)
            .where('p.household_id', '=', h.id)
            .where('p.ended_on', 'is', null),
        )
        .as('paired'),
    )
    .where('c.active', '=', true)
    .where('c.region_code', 'in', prefixes)
    .orderBy('c.name')
    .limit(500)
    .execute();
  return rows
    .map((r) => ({ id: String(r.id), name: r.name, unitName: r.unit_name, phone: r.phone, paired: Boolean(r.paired) }))
    .sort((a, b) => Number(b.paired) - Number(a.paired));
}
