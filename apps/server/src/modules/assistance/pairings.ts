import { sql } from 'kysely';
import {
  ASSISTED_STATUSES,
  isWithinScope,
  planRebalance,
  type HouseholdLinkKind,
  type HouseholdLinkView,
  type PairingView,
  type RebalanceResult,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { householdKey } from '../registry/presenter.js';
import {
  assertInScope,
  assistanceSettings,
  linkEnder,
  inRegionOrAbove,
  loadHouseholdRef,
  refuseDuplicate,
  rowKey,
  rowToEnd,
  today,
  viewWithKey,
  type HouseholdRef,
} from './common.js';
import { unitForLink, visibleCadre } from './organisation.js';

// Pairings (结对帮扶) of helpers with households, the household links of "七联" (a bank and an
// insurer), and rebalancing a departing helper's households.

/** Pairings by household, by helper or by region (newest first within a household). */
export async function listPairings(
  tx: Tx,
  scope: string,
  filter: {
    householdKey?: string | undefined;
    cadreId?: string | undefined;
    regionCode?: string | undefined;
    current: boolean;
    limit: number;
  },
): Promise<PairingView[]> {
  let q = tx
    .selectFrom('pairings as p')
    .innerJoin('households as h', (j) =>
      j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
    )
    .innerJoin('regions as r', 'r.code', 'p.village_code')
    .innerJoin('cadres as c', 'c.id', 'p.cadre_id')
    .innerJoin('assistance_units as u', 'u.id', 'c.unit_id')
    .select([
      'p.county_code',
      'p.id',
      'p.household_id',
      'h.head_name',
      'p.village_code',
      'r.name as village_name',
      'p.cadre_id',
      'c.name as cadre_name',
      'c.phone',
      'u.name as unit_name',
      'p.start_on',
      'p.ended_on',
      'p.end_reason',
    ]);
  if (filter.householdKey !== undefined) {
    const h = await loadHouseholdRef(tx, scope, filter.householdKey);
    q = q.where('p.county_code', '=', h.countyCode).where('p.household_id', '=', h.id);
  } else if (filter.cadreId !== undefined) {
    q = q.where('p.cadre_id', '=', filter.cadreId);
  } else {
    const region = filter.regionCode ?? scope;
    assertInScope(scope, region);
    q = q.where('p.village_code', '>=', region).where('p.village_code', '<', `${region}:`);
  }
  if (filter.current) q = q.where('p.ended_on', 'is', null);
  const rows = await q
    .orderBy('p.village_code')
    .orderBy('p.household_id')
    .orderBy('p.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    key: rowKey(r.county_code, r.id),
    householdKey: householdKey(r.county_code, r.household_id),
    headName: r.head_name,
    villageCode: r.village_code,
    villageName: r.village_name,
    cadreId: String(r.cadre_id),
    cadreName: r.cadre_name,
    cadrePhone: r.phone,
    unitName: r.unit_name,
    startOn: r.start_on,
    endedOn: r.ended_on,
    endReason: r.end_reason,
  }));
}

/** Why a helper may not take a household, or null: the checks of one pairing and of the bulk import. */
export async function pairingRefusal(
  tx: Tx,
  household: HouseholdRef,
  cadreId: string,
  extraLoad = 0,
): Promise<{
  code:
    | 'NOT_FOUND'
    | 'HELPER_INACTIVE'
    | 'HELPER_REGION_MISMATCH'
    | 'HOUSEHOLD_NOT_ASSISTED'
    | 'PAIRING_DUPLICATE'
    | 'HELPER_OVER_LIMIT';
  max?: number;
} | null> {
  if (!(ASSISTED_STATUSES as readonly string[]).includes(household.status)) return { code: 'HOUSEHOLD_NOT_ASSISTED' };
  // The helper's row is locked until the transaction ends, so concurrent pairings queue here.
  const r = await sql<{
    region_code: string;
    active: boolean;
    pairings: number;
  }>`select * from fupin_cadre_load(${cadreId}::bigint)`.execute(tx);
  const load = r.rows[0];
  if (!load) return { code: 'NOT_FOUND' };
  if (!load.active) return { code: 'HELPER_INACTIVE' };
  if (!isWithinScope(load.region_code, household.villageCode)) return { code: 'HELPER_REGION_MISMATCH' };
  const duplicate = await tx
    .selectFrom('pairings')
    .select('id')
    .where('county_code', '=', household.countyCode)
    .where('household_id', '=', household.id)
    .where('cadre_id', '=', cadreId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (duplicate) return { code: 'PAIRING_DUPLICATE' };
  const { maxHouseholdsPerHelper } = await assistanceSettings(tx);
  if (load.pairings + extraLoad >= maxHouseholdsPerHelper)
    return { code: 'HELPER_OVER_LIMIT', max: maxHouseholdsPerHelper };
  return null;
}

/** Pairs a helper with a household of the scope: one active pairing per helper and household, within the helper's region and limit. */
export async function createPairing(
  tx: Tx,
  scope: string,
  input: { householdKey: string; cadreId: string; startOn?: string | undefined },
): Promise<PairingView> {
  const household = await loadHouseholdRef(tx, scope, input.householdKey);
  await visibleCadre(tx, input.cadreId);
  const refusal = await pairingRefusal(tx, household, input.cadreId);
  if (refusal)
    throw new AppError(refusal.code, refusal.max === undefined ? { cadreId: input.cadreId } : { max: refusal.max });
  const startOn = input.startOn ?? today();
  const row = await refuseDuplicate(
    () => new AppError('PAIRING_DUPLICATE'),
    () =>
      tx
        .insertInto('pairings')
        .values({
          county_code: household.countyCode,
          household_id: household.id,
          village_code: household.villageCode,
          cadre_id: input.cadreId,
          start_on: startOn,
          ended_on: null,
          end_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
  );
  const key = rowKey(household.countyCode, row.id);
  await recordAudit(tx, {
    action: 'pairing.create',
    entity: 'pairing',
    entityId: key,
    regionCode: household.villageCode,
    after: { ...input, startOn },
  });
  return pairingView(tx, scope, input.householdKey, key);
}

function pairingView(tx: Tx, scope: string, household: string, key: string): Promise<PairingView> {
  return viewWithKey(listPairings(tx, scope, { householdKey: household, current: false, limit: 1000 }), key);
}

/** Ends a pairing. */
export async function endPairing(
  tx: Tx,
  scope: string,
  key: string,
  input: { endedOn?: string | undefined; reason: string },
): Promise<PairingView> {
  const { row, countyCode, id, endedOn } = await rowToEnd(tx, scope, key, 'pairings', {
    endedOn: input.endedOn,
    lock: true,
  });
  await tx
    .updateTable('pairings')
    .set({ ended_on: endedOn, end_reason: input.reason })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, {
    action: 'pairing.end',
    entity: 'pairing',
    entityId: key,
    regionCode: row.village_code,
    before: row,
    after: { endedOn, reason: input.reason },
  });
  return pairingView(tx, scope, householdKey(row.county_code, row.household_id), key);
}

// Household links (七联: bank, insurer) ------------------------------------------------------------

/** A household's bank and insurer links. */
export async function listHouseholdLinks(tx: Tx, scope: string, household: string): Promise<HouseholdLinkView[]> {
  const h = await loadHouseholdRef(tx, scope, household);
  const rows = await tx
    .selectFrom('household_links as l')
    .innerJoin('assistance_units as u', 'u.id', 'l.unit_id')
    .select([
      'l.county_code',
      'l.id',
      'l.household_id',
      'l.unit_id',
      'u.name',
      'l.link_kind',
      'l.start_on',
      'l.ended_on',
    ])
    .where('l.county_code', '=', h.countyCode)
    .where('l.household_id', '=', h.id)
    .orderBy('l.id', 'desc')
    .execute();
  return rows.map((r) => ({
    key: rowKey(r.county_code, r.id),
    householdKey: householdKey(r.county_code, r.household_id),
    unitId: String(r.unit_id),
    unitName: r.name,
    kind: r.link_kind,
    startOn: r.start_on,
    endedOn: r.ended_on,
  }));
}

/** Links a household with a bank or an insurer. */
export async function createHouseholdLink(
  tx: Tx,
  scope: string,
  input: { householdKey: string; unitId: string; kind: HouseholdLinkKind; startOn?: string | undefined },
): Promise<HouseholdLinkView> {
  const h = await loadHouseholdRef(tx, scope, input.householdKey);
  await unitForLink(tx, input.unitId, input.kind);
  const startOn = input.startOn ?? today();
  const row = await refuseDuplicate(
    () => new AppError('CONFLICT', { field: 'unitId' }),
    () =>
      tx
        .insertInto('household_links')
        .values({
          county_code: h.countyCode,
          household_id: h.id,
          village_code: h.villageCode,
          unit_id: input.unitId,
          link_kind: input.kind,
          start_on: startOn,
          ended_on: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
  );
  const key = rowKey(h.countyCode, row.id);
  await recordAudit(tx, {
    action: 'householdLink.create',
    entity: 'household_link',
    entityId: key,
    regionCode: h.villageCode,
    after: { ...input, startOn },
  });
  return viewWithKey(listHouseholdLinks(tx, scope, input.householdKey), key);
}

/** Ends a household link. */
export const endHouseholdLink = linkEnder({
  table: 'household_links',
  action: 'householdLink.end',
  entity: 'household_link',
});

// Rebalancing ---------------------------------------------------------------------------------------

/**
 * Moves every active pairing of a departing helper to other active helpers of the same area
 * (least-loaded first, within each helper's region and limit), in one transaction. When any
 * household cannot be placed nothing changes (REBALANCE_INCOMPLETE lists them).
 */
export async function rebalanceHelper(
  tx: Tx,
  scope: string,
  cadreId: string,
  input: { reason: string; endedOn?: string | undefined; deactivate: boolean },
): Promise<RebalanceResult> {
  const cadre = await visibleCadre(tx, cadreId);
  // Every household of the helper lies in the helper's region: it must be inside the scope.
  assertInScope(scope, cadre.region_code);
  const endedOn = input.endedOn ?? today();
  const pairings = await tx
    .selectFrom('pairings')
    .select(['county_code', 'id', 'household_id', 'village_code', 'start_on'])
    .where('cadre_id', '=', cadreId)
    .where('ended_on', 'is', null)
    .orderBy('village_code')
    .orderBy('household_id')
    .forUpdate()
    .execute();
  const candidates = await tx
    .selectFrom('cadres')
    .select(['id', 'name', 'region_code'])
    .where('active', '=', true)
    .where('id', '!=', cadreId)
    .where(inRegionOrAbove(cadre.region_code))
    .execute();
  const ids = candidates.map((c) => String(c.id));
  const loads =
    ids.length === 0
      ? []
      : (
          await sql<{
            cadre_id: string;
            pairings: number;
          }>`select * from fupin_cadre_loads(${sql.val(ids)}::bigint[])`.execute(tx)
        ).rows;
  const loadOf = new Map(loads.map((l) => [String(l.cadre_id), l.pairings]));
  const householdIds = pairings.map((p) => String(p.household_id));
  const existing =
    householdIds.length === 0
      ? []
      : await tx
          .selectFrom('pairings')
          .select(['county_code', 'household_id', 'cadre_id'])
          .where('household_id', 'in', householdIds)
          .where('ended_on', 'is', null)
          .execute();
  const plan = planRebalance(
    pairings.map((p) => ({
      key: householdKey(p.county_code, p.household_id),
      villageCode: p.village_code,
      pairedWith: existing
        .filter((e) => e.county_code === p.county_code && String(e.household_id) === String(p.household_id))
        .map((e) => String(e.cadre_id)),
    })),
    candidates.map((c) => ({ id: String(c.id), regionCode: c.region_code, load: loadOf.get(String(c.id)) ?? 0 })),
    (await assistanceSettings(tx)).maxHouseholdsPerHelper,
  );
  if (plan.unassigned.length > 0) throw new AppError('REBALANCE_INCOMPLETE', { households: plan.unassigned });
  const nameOf = new Map(candidates.map((c) => [String(c.id), c.name]));
  const moved: RebalanceResult['moved'] = [];
  for (const [i, a] of plan.assignments.entries()) {
    const p = pairings[i];
    if (!p) continue;
    moved.push({
      householdKey: a.householdKey,
      fromPairingKey: rowKey(p.county_code, p.id),
      toCadreId: a.helperId,
      toCadreName: nameOf.get(a.helperId) ?? '',
    });
  }
  if (pairings.length > 0) {
    await tx
      .updateTable('pairings')
      .set({ ended_on: endedOn, end_reason: input.reason })
      .where('cadre_id', '=', cadreId)
      .where('ended_on', 'is', null)
      .execute();
    await tx
      .insertInto('pairings')
      .values(
        plan.assignments.map((a, i) => {
          const p = pairings[i];
          if (!p) throw new Error('rebalance plan out of step with pairings');
          return {
            county_code: p.county_code,
            household_id: String(p.household_id),
            village_code: p.village_code,
            cadre_id: a.helperId,
            start_on: endedOn,
            ended_on: null,
            end_reason: null,
          };
        }),
      )
      .execute();
  }
  if (input.deactivate)
    await tx
      .updateTable('cadres')
      .set({ active: false, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', cadreId)
      .execute();
  await recordAudit(tx, {
    action: 'pairing.rebalance',
    entity: 'cadre',
    entityId: cadreId,
    regionCode: cadre.region_code,
    after: { reason: input.reason, endedOn, deactivate: input.deactivate, moved },
  });
  return { cadreId, moved, deactivated: input.deactivate };
}
