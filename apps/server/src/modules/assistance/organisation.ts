import { sql } from 'kysely';
import {
  isWithinScope,
  unitFitsLink,
  type CadreView,
  type HouseholdLinkKind,
  type LeaderContactView,
  type UnitKind,
  type UnitLevel,
  type UnitView,
  type VillageLinkKind,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound, outOfScope } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertInScope, containing, inRegionOrAbove, refuseDuplicate, regionNames, today } from './common.js';

// Helping units (帮扶单位), their cadres, and leader contacts (联系点). Units and cadres are seen by
// everyone below their region (to be picked) and changed only inside the actor's region.

export interface UnitInput {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  phone?: string | null | undefined;
  active?: boolean | undefined;
}

type UnitRow = {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  region_code: string;
  phone: string | null;
  active: boolean;
};

async function presentUnits(tx: Tx, rows: readonly UnitRow[]): Promise<UnitView[]> {
  const names = await regionNames(
    tx,
    rows.map((r) => r.region_code),
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    kind: r.kind,
    level: r.level,
    regionCode: r.region_code,
    regionName: names.get(r.region_code) ?? r.region_code,
    phone: r.phone,
    active: r.active,
  }));
}

/** One unit as presented. */
async function presentUnit(tx: Tx, row: UnitRow): Promise<UnitView> {
  const [view] = await presentUnits(tx, [row]);
  if (!view) throw notFound();
  return view;
}

const UNIT_COLUMNS = ['id', 'name', 'kind', 'level', 'region_code', 'phone', 'active'] as const;
const nameTaken = () => new AppError('CONFLICT', { field: 'name' });
const phoneTaken = () => new AppError('CONFLICT', { field: 'phone' });

/** Units visible to the actor: in the region asked for (inside the scope) and its ancestors. */
export async function listUnits(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; kind?: UnitKind | undefined; q?: string | undefined; limit: number },
): Promise<UnitView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('assistance_units')
    .select([...UNIT_COLUMNS])
    .where(inRegionOrAbove(filter.regionCode));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.q) q = q.where('name', 'like', containing(filter.q));
  const rows = await q.orderBy('region_code').orderBy('name').limit(filter.limit).execute();
  return presentUnits(tx, rows);
}

async function loadUnit(tx: Tx, scope: string, id: string, forWrite: boolean): Promise<UnitRow> {
  const row = await tx
    .selectFrom('assistance_units')
    .select([...UNIT_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  if (forWrite) assertInScope(scope, row.region_code);
  return row;
}

/** A unit the actor can see (its own region or above). */
export async function visibleUnit(tx: Tx, id: string): Promise<UnitRow> {
  const row = await tx
    .selectFrom('assistance_units')
    .select([...UNIT_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound({ field: 'unitId', id });
  return row;
}

/** A unit the actor can see whose kind fits a 七联 link (UNIT_KIND_MISMATCH otherwise). */
export async function unitForLink(tx: Tx, id: string, kind: VillageLinkKind | HouseholdLinkKind): Promise<UnitRow> {
  const unit = await visibleUnit(tx, id);
  if (!unitFitsLink(unit.kind, kind)) throw new AppError('UNIT_KIND_MISMATCH', { unitKind: unit.kind, kind });
  return unit;
}

/** Registers a unit in a region inside the scope. */
export async function createUnit(tx: Tx, scope: string, input: UnitInput): Promise<UnitView> {
  assertInScope(scope, input.regionCode);
  return refuseDuplicate(nameTaken, async () => {
    const row = await tx
      .insertInto('assistance_units')
      .values({
        name: input.name.trim(),
        kind: input.kind,
        level: input.level,
        region_code: input.regionCode,
        phone: input.phone ?? null,
        active: input.active ?? true,
      })
      .returning([...UNIT_COLUMNS])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'unit.create',
      entity: 'assistance_unit',
      entityId: String(row.id),
      regionCode: row.region_code,
      after: row,
    });
    return presentUnit(tx, row);
  });
}

/** Changes a unit of the actor's region. */
export async function updateUnit(tx: Tx, scope: string, id: string, input: Partial<UnitInput>): Promise<UnitView> {
  const before = await loadUnit(tx, scope, id, true);
  if (input.regionCode !== undefined) assertInScope(scope, input.regionCode);
  return refuseDuplicate(nameTaken, async () => {
    const row = await tx
      .updateTable('assistance_units')
      // Kysely leaves out the columns whose value is undefined: only what the patch names changes.
      .set({
        name: input.name?.trim(),
        kind: input.kind,
        level: input.level,
        region_code: input.regionCode,
        phone: input.phone,
        active: input.active,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returning([...UNIT_COLUMNS])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'unit.update',
      entity: 'assistance_unit',
      entityId: id,
      regionCode: row.region_code,
      before,
      after: row,
    });
    return presentUnit(tx, row);
  });
}

// Cadres -------------------------------------------------------------------------------------

export interface CadreInput {
  name: string;
  phone?: string | null | undefined;
  unitId: string;
  position?: string | null | undefined;
  regionCode: string;
  userId?: string | null | undefined;
  active?: boolean | undefined;
}

type CadreRow = {
  id: string;
  name: string;
  phone: string | null;
  unit_id: string;
  position: string | null;
  region_code: string;
  user_id: string | null;
  active: boolean;
};
const CADRE_COLUMNS = ['id', 'name', 'phone', 'unit_id', 'position', 'region_code', 'user_id', 'active'] as const;

async function presentCadres(tx: Tx, rows: readonly CadreRow[]): Promise<CadreView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const [names, units, loads] = await Promise.all([
    regionNames(
      tx,
      rows.map((r) => r.region_code),
    ),
    tx
      .selectFrom('assistance_units')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => String(r.unit_id)))])
      .execute(),
    tx
      .selectFrom('pairings')
      .select(['cadre_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('cadre_id', 'in', ids)
      .where('ended_on', 'is', null)
      .groupBy('cadre_id')
      .execute(),
  ]);
  const unitName = new Map(units.map((u) => [String(u.id), u.name]));
  const load = new Map(loads.map((l) => [String(l.cadre_id), Number(l.n)]));
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    phone: r.phone,
    unitId: String(r.unit_id),
    unitName: unitName.get(String(r.unit_id)) ?? '',
    position: r.position,
    regionCode: r.region_code,
    regionName: names.get(r.region_code) ?? r.region_code,
    userId: r.user_id === null ? null : String(r.user_id),
    active: r.active,
    households: load.get(String(r.id)) ?? 0,
  }));
}

/** Cadres who may serve the region asked for: assigned inside it or to a region above it. */
export async function listCadres(
  tx: Tx,
  scope: string,
  filter: {
    regionCode: string;
    unitId?: string | undefined;
    q?: string | undefined;
    active?: boolean | undefined;
    limit: number;
  },
): Promise<CadreView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('cadres')
    .select([...CADRE_COLUMNS])
    .where(inRegionOrAbove(filter.regionCode));
  if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  if (filter.q) {
    const like = containing(filter.q);
    q = q.where((eb) => eb.or([eb('name', 'like', like), eb('phone', 'like', like)]));
  }
  const rows = await q.orderBy('region_code').orderBy('name').orderBy('id').limit(filter.limit).execute();
  return presentCadres(tx, rows);
}

/** A cadre the actor can see (404 otherwise). */
export async function visibleCadre(tx: Tx, id: string): Promise<CadreRow> {
  const row = await tx
    .selectFrom('cadres')
    .select([...CADRE_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound({ field: 'cadreId', id });
  return row;
}

/** One cadre with the number of households paired. */
export async function getCadre(tx: Tx, id: string): Promise<CadreView> {
  const [view] = await presentCadres(tx, [await visibleCadre(tx, id)]);
  if (!view) throw notFound();
  return view;
}

async function checkCadreInput(tx: Tx, scope: string, input: Partial<CadreInput>): Promise<void> {
  if (input.regionCode !== undefined) assertInScope(scope, input.regionCode);
  if (input.unitId !== undefined) await visibleUnit(tx, input.unitId);
  if (input.userId) {
    const r = await sql<{ region: string | null }>`select fupin_user_region(${input.userId}::bigint) as region`.execute(
      tx,
    );
    const region = r.rows[0]?.region;
    if (!region) throw notFound({ field: 'userId' });
    if (!isWithinScope(scope, region)) throw outOfScope();
  }
}

/** Registers a cadre (helper) allowed to serve a region inside the scope. */
export async function createCadre(tx: Tx, scope: string, input: CadreInput): Promise<CadreView> {
  await checkCadreInput(tx, scope, input);
  return refuseDuplicate(phoneTaken, async () => {
    const row = await tx
      .insertInto('cadres')
      .values({
        name: input.name.trim(),
        phone: input.phone ?? null,
        unit_id: input.unitId,
        position: input.position ?? null,
        region_code: input.regionCode,
        user_id: input.userId ?? null,
        active: input.active ?? true,
      })
      .returning([...CADRE_COLUMNS])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'cadre.create',
      entity: 'cadre',
      entityId: String(row.id),
      regionCode: row.region_code,
      after: row,
    });
    return getCadre(tx, String(row.id));
  });
}

/** Changes a cadre of the actor's region. */
export async function updateCadre(tx: Tx, scope: string, id: string, input: Partial<CadreInput>): Promise<CadreView> {
  const before = await visibleCadre(tx, id);
  assertInScope(scope, before.region_code);
  await checkCadreInput(tx, scope, input);
  return refuseDuplicate(phoneTaken, async () => {
    const row = await tx
      .updateTable('cadres')
      // Kysely leaves out the columns whose value is undefined: only what the patch names changes.
      .set({
        name: input.name?.trim(),
        phone: input.phone,
        unit_id: input.unitId,
        position: input.position,
        region_code: input.regionCode,
        user_id: input.userId,
        active: input.active,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returning([...CADRE_COLUMNS])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'cadre.update',
      entity: 'cadre',
      entityId: id,
      regionCode: row.region_code,
      before,
      after: row,
    });
    return getCadre(tx, id);
  });
}

// Leader contacts ------------------------------------------------------------------------------

/** Leader contacts of regions inside the region asked for. */
export async function listLeaderContacts(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; current: boolean; limit: number },
): Promise<LeaderContactView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('leader_contacts as l')
    .innerJoin('cadres as c', 'c.id', 'l.cadre_id')
    .innerJoin('regions as r', 'r.code', 'l.region_code')
    .select([
      'l.id',
      'l.cadre_id',
      'c.name as cadre_name',
      'c.phone',
      'c.position',
      'l.region_code',
      'r.name as region_name',
      'l.role',
      'l.start_on',
      'l.end_on',
    ])
    .where('l.region_code', '>=', filter.regionCode)
    .where('l.region_code', '<', `${filter.regionCode}:`);
  if (filter.current) q = q.where('l.end_on', 'is', null);
  const rows = await q.orderBy('l.region_code').orderBy('l.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: String(r.id),
    cadreId: String(r.cadre_id),
    cadreName: r.cadre_name,
    cadrePhone: r.phone,
    position: r.position,
    regionCode: r.region_code,
    regionName: r.region_name,
    role: r.role,
    startOn: r.start_on,
    endOn: r.end_on,
  }));
}

/** Makes a cadre the leader contact of a region in the scope (襄阳: 33 leaders ↔ 33 townships). */
export async function createLeaderContact(
  tx: Tx,
  scope: string,
  input: { cadreId: string; regionCode: string; role?: string | undefined; startOn?: string | undefined },
): Promise<LeaderContactView> {
  assertInScope(scope, input.regionCode);
  await visibleCadre(tx, input.cadreId);
  const region = await tx.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw notFound({ field: 'regionCode' });
  return refuseDuplicate(
    () => new AppError('CONFLICT', { field: 'cadreId' }),
    async () => {
      const row = await tx
        .insertInto('leader_contacts')
        .values({
          cadre_id: input.cadreId,
          region_code: input.regionCode,
          role: input.role ?? '联系领导',
          start_on: input.startOn ?? today(),
          end_on: null,
        })
        .returning(['id', 'cadre_id', 'region_code', 'role', 'start_on'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        action: 'leaderContact.create',
        entity: 'leader_contact',
        entityId: String(row.id),
        regionCode: row.region_code,
        after: row,
      });
      return leaderContact(tx, String(row.id));
    },
  );
}

async function leaderContact(tx: Tx, id: string): Promise<LeaderContactView> {
  const row = await tx.selectFrom('leader_contacts').select('region_code').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const [view] = (
    await listLeaderContacts(tx, row.region_code, { regionCode: row.region_code, current: false, limit: 10000 })
  ).filter((v) => v.id === id);
  if (!view) throw notFound();
  return view;
}

/** Ends a leader contact. */
export async function endLeaderContact(
  tx: Tx,
  scope: string,
  id: string,
  endOn: string | undefined,
): Promise<LeaderContactView> {
  const row = await tx.selectFrom('leader_contacts').selectAll().where('id', '=', id).executeTakeFirst();
  // Leader contacts outside the scope are hidden by row-level security: 404 for both.
  if (!row) throw notFound();
  assertInScope(scope, row.region_code);
  if (row.end_on !== null) throw new AppError('CONFLICT', { field: 'endOn' });
  const end = endOn ?? today();
  if (end < row.start_on) throw new AppError('VALIDATION', { field: 'endOn' });
  await tx.updateTable('leader_contacts').set({ end_on: end }).where('id', '=', id).execute();
  await recordAudit(tx, {
    action: 'leaderContact.end',
    entity: 'leader_contact',
    entityId: id,
    regionCode: row.region_code,
    before: row,
    after: { end_on: end },
  });
  return leaderContact(tx, id);
}
