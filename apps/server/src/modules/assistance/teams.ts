import { sql } from 'kysely';
import {
  addYears,
  firstSecretaryPlannedEnd,
  teamEndRefusal,
  teamHasEnoughUnits,
  type FirstSecretaryView,
  type VillageLinkKind,
  type VillageLinkView,
  type WorkTeamView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import {
  assertInScope,
  assistanceSettings,
  linkEnder,
  loadVillage,
  refuseDuplicate,
  resolveRowKey,
  rowKey,
  rowToEnd,
  today,
  viewWithKey,
} from './common.js';
import { unitForLink, visibleCadre, visibleUnit } from './organisation.js';

// Work teams stationed in villages (驻村工作队), first secretaries (第一书记) and the village links
// of 随州's "七联" (helping units, an enterprise).

export interface TeamInput {
  villageCode: string;
  name: string;
  leaderCadreId?: string | null | undefined;
  startOn?: string | undefined;
  plannedEndOn?: string | undefined;
  unitIds: string[];
  leadUnitId?: string | undefined;
  members?: { cadreId: string; resident: boolean }[] | undefined;
}

/** Work teams of villages inside a region. */
export async function listTeams(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; status?: 'active' | 'ended' | undefined; limit: number },
): Promise<WorkTeamView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('work_teams')
    .select(['county_code', 'id'])
    .where('village_code', '>=', filter.regionCode)
    .where('village_code', '<', `${filter.regionCode}:`);
  if (filter.status) q = q.where('status', '=', filter.status);
  const keys = await q.orderBy('village_code').orderBy('id').limit(filter.limit).execute();
  return presentTeams(
    tx,
    keys.map((k) => ({ countyCode: k.county_code, id: String(k.id) })),
  );
}

async function presentTeams(tx: Tx, keys: readonly { countyCode: string; id: string }[]): Promise<WorkTeamView[]> {
  if (keys.length === 0) return [];
  const ids = keys.map((k) => k.id);
  const [teams, units, members] = await Promise.all([
    tx
      .selectFrom('work_teams as t')
      .innerJoin('regions as r', 'r.code', 't.village_code')
      .leftJoin('cadres as c', 'c.id', 't.leader_cadre_id')
      .select([
        't.county_code',
        't.id',
        't.village_code',
        'r.name as village_name',
        't.name',
        't.leader_cadre_id',
        'c.name as leader_name',
        'c.phone as leader_phone',
        't.start_on',
        't.planned_end_on',
        't.status',
        't.ended_on',
        't.end_reason',
        't.successor_id',
      ])
      .where('t.id', 'in', ids)
      .execute(),
    tx
      .selectFrom('work_team_units as w')
      .innerJoin('assistance_units as u', 'u.id', 'w.unit_id')
      .select(['w.team_id', 'u.id', 'u.name', 'u.kind', 'w.is_lead'])
      .where('w.team_id', 'in', ids)
      .orderBy('w.is_lead', 'desc')
      .orderBy('u.name')
      .execute(),
    tx
      .selectFrom('work_team_members as m')
      .innerJoin('cadres as c', 'c.id', 'm.cadre_id')
      .select(['m.team_id', 'm.id', 'm.cadre_id', 'c.name', 'c.phone', 'm.resident', 'm.from_on', 'm.to_on'])
      .where('m.team_id', 'in', ids)
      .orderBy('m.id')
      .execute(),
  ]);
  const byId = new Map(teams.map((t) => [`${t.county_code}-${t.id}`, t]));
  const views: WorkTeamView[] = [];
  for (const k of keys) {
    const t = byId.get(rowKey(k.countyCode, k.id));
    if (!t) continue;
    views.push({
      key: rowKey(t.county_code, t.id),
      villageCode: t.village_code,
      villageName: t.village_name,
      name: t.name,
      leader:
        t.leader_cadre_id === null
          ? null
          : { id: String(t.leader_cadre_id), name: t.leader_name ?? '', phone: t.leader_phone },
      startOn: t.start_on,
      plannedEndOn: t.planned_end_on,
      status: t.status,
      endedOn: t.ended_on,
      endReason: t.end_reason,
      successorKey: t.successor_id === null ? null : rowKey(t.county_code, t.successor_id),
      units: units
        .filter((u) => String(u.team_id) === String(t.id))
        .map((u) => ({ id: String(u.id), name: u.name, kind: u.kind, isLead: u.is_lead })),
      members: members
        .filter((m) => String(m.team_id) === String(t.id))
        .map((m) => ({
          id: String(m.id),
          cadreId: String(m.cadre_id),
          name: m.name,
          phone: m.phone,
          resident: m.resident,
          fromOn: m.from_on,
          toOn: m.to_on,
        })),
    });
  }
  return views;
}

async function loadTeam(tx: Tx, scope: string, key: string) {
  const { countyCode, id } = resolveRowKey(scope, key);
  const row = await tx
    .selectFrom('work_teams')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  // Teams outside the scope are hidden by row-level security; the key's county was checked above.
  if (!row) throw notFound();
  assertInScope(scope, row.village_code);
  return row;
}

/** One work team with its units and members. */
export async function getTeam(tx: Tx, scope: string, key: string): Promise<WorkTeamView> {
  const row = await loadTeam(tx, scope, key);
  const [view] = await presentTeams(tx, [{ countyCode: row.county_code, id: String(row.id) }]);
  if (!view) throw notFound();
  return view;
}

/** Stations a team in a village: at least the configured number of distinct units (宜昌: 3). */
export async function createTeam(tx: Tx, scope: string, input: TeamInput): Promise<WorkTeamView> {
  const village = await loadVillage(tx, scope, input.villageCode);
  const settings = await assistanceSettings(tx);
  const unitIds = [...new Set(input.unitIds)];
  if (!teamHasEnoughUnits(unitIds, settings.teamMinUnits)) {
    throw new AppError('TEAM_TOO_FEW_UNITS', { minimum: settings.teamMinUnits, given: unitIds.length });
  }
  for (const id of unitIds) {
    const unit = await visibleUnit(tx, id);
    if (!unit.active) throw new AppError('VALIDATION', { field: 'unitIds', id });
  }
  if (input.leadUnitId !== undefined && !unitIds.includes(input.leadUnitId))
    throw new AppError('VALIDATION', { field: 'leadUnitId' });
  const memberIds = new Set<string>();
  for (const m of input.members ?? []) {
    if (memberIds.has(m.cadreId)) throw new AppError('VALIDATION', { field: 'members', id: m.cadreId });
    memberIds.add(m.cadreId);
    const cadre = await visibleCadre(tx, m.cadreId);
    if (!cadre.active) throw new AppError('HELPER_INACTIVE', { cadreId: m.cadreId });
  }
  if (input.leaderCadreId) await visibleCadre(tx, input.leaderCadreId);
  const startOn = input.startOn ?? today();
  const plannedEndOn = input.plannedEndOn ?? addYears(startOn, settings.teamTenureYears);
  if (plannedEndOn <= startOn) throw new AppError('VALIDATION', { field: 'plannedEndOn' });
  const countyCode = village.code.slice(0, 6);
  const team = await tx
    .insertInto('work_teams')
    .values({
      county_code: countyCode,
      village_code: village.code,
      name: input.name.trim(),
      leader_cadre_id: input.leaderCadreId ?? null,
      start_on: startOn,
      planned_end_on: plannedEndOn,
      ended_on: null,
      end_reason: null,
      successor_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const teamId = String(team.id);
  const lead = input.leadUnitId ?? unitIds[0];
  await tx
    .insertInto('work_team_units')
    .values(
      unitIds.map((u) => ({
        county_code: countyCode,
        team_id: teamId,
        unit_id: u,
        village_code: village.code,
        is_lead: u === lead,
      })),
    )
    .execute();
  // The leader is a member too; members join on the team's first day.
  const members = [...(input.members ?? [])];
  if (input.leaderCadreId && !memberIds.has(input.leaderCadreId))
    members.unshift({ cadreId: input.leaderCadreId, resident: true });
  if (members.length > 0) {
    await tx
      .insertInto('work_team_members')
      .values(
        members.map((m) => ({
          county_code: countyCode,
          team_id: teamId,
          cadre_id: m.cadreId,
          village_code: village.code,
          resident: m.resident,
          from_on: startOn,
          to_on: null,
        })),
      )
      .execute();
  }
  const key = rowKey(countyCode, teamId);
  await recordAudit(tx, {
    action: 'workTeam.create',
    entity: 'work_team',
    entityId: key,
    regionCode: village.code,
    after: { ...input, startOn, plannedEndOn, unitIds },
  });
  return getTeam(tx, scope, key);
}

/**
 * Ends a team. While its village is still poor a team stays ("不脱贫不脱钩") unless a successor
 * team of the same village takes over.
 */
export async function endTeam(
  tx: Tx,
  scope: string,
  key: string,
  input: { endedOn?: string | undefined; reason: string; successorKey?: string | undefined },
): Promise<WorkTeamView> {
  const team = await loadTeam(tx, scope, key);
  const locked = await tx
    .selectFrom('work_teams')
    .select('status')
    .where('county_code', '=', team.county_code)
    .where('id', '=', team.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (locked.status === 'ended') throw new AppError('TEAM_ENDED');
  const endedOn = input.endedOn ?? today();
  if (endedOn < team.start_on) throw new AppError('VALIDATION', { field: 'endedOn' });
  let successorId: string | null = null;
  if (input.successorKey !== undefined) {
    const successor = await loadTeam(tx, scope, input.successorKey);
    if (
      successor.village_code !== team.village_code ||
      String(successor.id) === String(team.id) ||
      successor.status !== 'active'
    ) {
      throw new AppError('VALIDATION', { field: 'successorKey' });
    }
    successorId = String(successor.id);
  }
  const village = await loadVillage(tx, scope, team.village_code);
  const refusal = teamEndRefusal(
    { designated: village.poor_designation !== null, exitYear: village.exit_year },
    endedOn,
    successorId !== null,
  );
  if (refusal === 'villageStillPoor') throw new AppError('TEAM_VILLAGE_STILL_POOR', { villageCode: village.code });
  await tx
    .updateTable('work_teams')
    .set({
      status: 'ended',
      ended_on: endedOn,
      end_reason: input.reason,
      successor_id: successorId,
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('county_code', '=', team.county_code)
    .where('id', '=', team.id)
    .execute();
  await tx
    .updateTable('work_team_members')
    .set({ to_on: endedOn })
    .where('county_code', '=', team.county_code)
    .where('team_id', '=', team.id)
    .where('to_on', 'is', null)
    .execute();
  await recordAudit(tx, {
    action: 'workTeam.end',
    entity: 'work_team',
    entityId: key,
    regionCode: team.village_code,
    before: { status: team.status },
    after: { status: 'ended', endedOn, reason: input.reason, successorKey: input.successorKey ?? null },
  });
  return getTeam(tx, scope, key);
}

/** Adds a member to an active team. */
export async function addTeamMember(
  tx: Tx,
  scope: string,
  key: string,
  input: { cadreId: string; resident: boolean; fromOn?: string | undefined },
): Promise<WorkTeamView> {
  const team = await loadTeam(tx, scope, key);
  if (team.status === 'ended') throw new AppError('TEAM_ENDED');
  const cadre = await visibleCadre(tx, input.cadreId);
  if (!cadre.active) throw new AppError('HELPER_INACTIVE');
  const current = await tx
    .selectFrom('work_team_members')
    .select('id')
    .where('county_code', '=', team.county_code)
    .where('team_id', '=', team.id)
    .where('cadre_id', '=', input.cadreId)
    .where('to_on', 'is', null)
    .executeTakeFirst();
  if (current) throw new AppError('CONFLICT', { field: 'cadreId' });
  const fromOn = input.fromOn ?? today();
  await tx
    .insertInto('work_team_members')
    .values({
      county_code: team.county_code,
      team_id: team.id,
      cadre_id: input.cadreId,
      village_code: team.village_code,
      resident: input.resident,
      from_on: fromOn,
      to_on: null,
    })
    .execute();
  await recordAudit(tx, {
    action: 'workTeam.addMember',
    entity: 'work_team',
    entityId: key,
    regionCode: team.village_code,
    after: { ...input, fromOn },
  });
  return getTeam(tx, scope, key);
}

/** A member leaves a team. */
export async function endTeamMember(
  tx: Tx,
  scope: string,
  key: string,
  memberId: string,
  toOn: string | undefined,
): Promise<WorkTeamView> {
  const team = await loadTeam(tx, scope, key);
  const member = await tx
    .selectFrom('work_team_members')
    .selectAll()
    .where('county_code', '=', team.county_code)
    .where('team_id', '=', team.id)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member) throw notFound();
  if (member.to_on !== null) throw new AppError('CONFLICT', { field: 'toOn' });
  const end = toOn ?? today();
  if (end < member.from_on) throw new AppError('VALIDATION', { field: 'toOn' });
  await tx
    .updateTable('work_team_members')
    .set({ to_on: end })
    .where('county_code', '=', team.county_code)
    .where('id', '=', memberId)
    .execute();
  await recordAudit(tx, {
    action: 'workTeam.endMember',
    entity: 'work_team',
    entityId: key,
    regionCode: team.village_code,
    before: member,
    after: { to_on: end },
  });
  return getTeam(tx, scope, key);
}

// First secretaries -----------------------------------------------------------------------------

/** First secretaries of villages inside a region. */
export async function listFirstSecretaries(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; current: boolean; limit: number },
): Promise<FirstSecretaryView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('first_secretaries as f')
    .innerJoin('regions as r', 'r.code', 'f.village_code')
    .innerJoin('cadres as c', 'c.id', 'f.cadre_id')
    .innerJoin('assistance_units as u', 'u.id', 'c.unit_id')
    .select([
      'f.county_code',
      'f.id',
      'f.village_code',
      'r.name as village_name',
      'f.cadre_id',
      'c.name as cadre_name',
      'c.phone',
      'u.name as unit_name',
      'f.start_on',
      'f.planned_end_on',
      'f.ended_on',
      'f.end_reason',
    ])
    .where('f.village_code', '>=', filter.regionCode)
    .where('f.village_code', '<', `${filter.regionCode}:`);
  if (filter.current) q = q.where('f.ended_on', 'is', null);
  const rows = await q.orderBy('f.village_code').orderBy('f.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    key: rowKey(r.county_code, r.id),
    villageCode: r.village_code,
    villageName: r.village_name,
    cadreId: String(r.cadre_id),
    cadreName: r.cadre_name,
    cadrePhone: r.phone,
    unitName: r.unit_name,
    startOn: r.start_on,
    plannedEndOn: r.planned_end_on,
    endedOn: r.ended_on,
    endReason: r.end_reason,
  }));
}

function firstSecretary(tx: Tx, villageCode: string, key: string): Promise<FirstSecretaryView> {
  return viewWithKey(
    listFirstSecretaries(tx, villageCode, { regionCode: villageCode, current: false, limit: 1000 }),
    key,
  );
}

/** Appoints a first secretary; the planned end is the start plus the tenure (宜昌: 3 years). */
export async function appointFirstSecretary(
  tx: Tx,
  scope: string,
  input: { villageCode: string; cadreId: string; startOn?: string | undefined },
): Promise<FirstSecretaryView> {
  const village = await loadVillage(tx, scope, input.villageCode);
  const cadre = await visibleCadre(tx, input.cadreId);
  if (!cadre.active) throw new AppError('HELPER_INACTIVE');
  const settings = await assistanceSettings(tx);
  const startOn = input.startOn ?? today();
  const countyCode = village.code.slice(0, 6);
  const serving = await tx
    .selectFrom('first_secretaries')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('village_code', '=', village.code)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (serving) throw new AppError('FIRST_SECRETARY_SERVING', { key: rowKey(countyCode, serving.id) });
  const plannedEndOn = firstSecretaryPlannedEnd(startOn, settings.firstSecretaryTenureYears);
  const row = await refuseDuplicate(
    () => new AppError('FIRST_SECRETARY_SERVING'),
    () =>
      tx
        .insertInto('first_secretaries')
        .values({
          county_code: countyCode,
          village_code: village.code,
          cadre_id: input.cadreId,
          start_on: startOn,
          planned_end_on: plannedEndOn,
          ended_on: null,
          end_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
  );
  const key = rowKey(countyCode, row.id);
  await recordAudit(tx, {
    action: 'firstSecretary.appoint',
    entity: 'first_secretary',
    entityId: key,
    regionCode: village.code,
    after: { ...input, startOn, plannedEndOn },
  });
  return firstSecretary(tx, village.code, key);
}

/** Ends a first secretary's service; ending before the planned end of the tenure needs a reason. */
export async function endFirstSecretary(
  tx: Tx,
  scope: string,
  key: string,
  input: { endedOn?: string | undefined; reason?: string | undefined },
): Promise<FirstSecretaryView> {
  const { row, countyCode, id, endedOn } = await rowToEnd(tx, scope, key, 'first_secretaries', {
    endedOn: input.endedOn,
    lock: true,
  });
  const reason = input.reason?.trim() ?? '';
  if (endedOn < row.planned_end_on && reason === '')
    throw new AppError('VALIDATION', { field: 'reason', plannedEndOn: row.planned_end_on });
  await tx
    .updateTable('first_secretaries')
    .set({ ended_on: endedOn, end_reason: reason === '' ? '任期届满' : reason })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, {
    action: 'firstSecretary.end',
    entity: 'first_secretary',
    entityId: key,
    regionCode: row.village_code,
    before: row,
    after: { endedOn, reason },
  });
  return firstSecretary(tx, row.village_code, key);
}

// Village links (七联: units and an enterprise) -----------------------------------------------------

/** Village links inside a region. */
export async function listVillageLinks(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; current: boolean; limit: number },
): Promise<VillageLinkView[]> {
  assertInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('village_links as l')
    .innerJoin('regions as r', 'r.code', 'l.village_code')
    .innerJoin('assistance_units as u', 'u.id', 'l.unit_id')
    .select([
      'l.county_code',
      'l.id',
      'l.village_code',
      'r.name as village_name',
      'l.unit_id',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'l.link_kind',
      'l.start_on',
      'l.ended_on',
    ])
    .where('l.village_code', '>=', filter.regionCode)
    .where('l.village_code', '<', `${filter.regionCode}:`);
  if (filter.current) q = q.where('l.ended_on', 'is', null);
  const rows = await q.orderBy('l.village_code').orderBy('l.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    key: rowKey(r.county_code, r.id),
    villageCode: r.village_code,
    villageName: r.village_name,
    unitId: String(r.unit_id),
    unitName: r.unit_name,
    unitKind: r.unit_kind,
    kind: r.link_kind,
    startOn: r.start_on,
    endedOn: r.ended_on,
  }));
}

/** Links a unit or an enterprise with a village. */
export async function createVillageLink(
  tx: Tx,
  scope: string,
  input: { villageCode: string; unitId: string; kind: VillageLinkKind; startOn?: string | undefined },
): Promise<VillageLinkView> {
  const village = await loadVillage(tx, scope, input.villageCode);
  await unitForLink(tx, input.unitId, input.kind);
  const countyCode = village.code.slice(0, 6);
  const startOn = input.startOn ?? today();
  const row = await refuseDuplicate(
    () => new AppError('CONFLICT', { field: 'unitId' }),
    () =>
      tx
        .insertInto('village_links')
        .values({
          county_code: countyCode,
          village_code: village.code,
          unit_id: input.unitId,
          link_kind: input.kind,
          start_on: startOn,
          ended_on: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
  );
  const key = rowKey(countyCode, row.id);
  await recordAudit(tx, {
    action: 'villageLink.create',
    entity: 'village_link',
    entityId: key,
    regionCode: village.code,
    after: { ...input, startOn },
  });
  return viewWithKey(
    listVillageLinks(tx, village.code, { regionCode: village.code, current: false, limit: 10000 }),
    key,
  );
}

/** Ends a village link. */
export const endVillageLink = linkEnder({ table: 'village_links', action: 'villageLink.end', entity: 'village_link' });
