// A work team's activity record (驻村工作纪实): attendance days in the village, visits, measures and
// the plan progress of the village's households over a period: the raw material of assessment
// (考核: work teams are assessed on days in the village, visits, measures and progress; DOMAIN §4).

import { sql } from 'kysely';
import {
  checkTeamDay,
  isIsoDate,
  isWithinScope,
  planProgress,
  type PlanIssue,
  type PlanItemStatus,
  type TeamActivityView,
  type TeamMembership,
  type TeamRef,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound, outOfScope } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { householdKey } from '../registry/presenter.js';
import { refuse, type PlanActor } from './common.js';

/** Longest period an activity record covers (a first secretary's three-year tenure and a little). */
export const MAX_ACTIVITY_DAYS = 1100;

interface TeamRow {
  county_code: string;
  id: string;
  village_code: string;
  name: string;
  leader_cadre_id: string | null;
}

/** A work team by its key `<county>-<id>`, inside the actor's scope. */
async function loadTeam(tx: Tx, scope: string, key: string): Promise<TeamRow> {
  const m = /^(\d{6})-(\d{1,18})$/.exec(key);
  if (!m?.[1] || !m[2]) throw notFound();
  const countyCode = m[1];
  if (!isWithinScope(scope, countyCode) && !isWithinScope(countyCode, scope)) throw outOfScope();
  const row = await tx
    .selectFrom('work_teams')
    .select(['county_code', 'id', 'village_code', 'name', 'leader_cadre_id'])
    .where('county_code', '=', countyCode)
    .where('id', '=', m[2])
    .executeTakeFirst();
  if (!row) throw notFound();
  if (!isWithinScope(scope, row.village_code)) throw outOfScope();
  return row;
}

async function memberships(tx: Tx, team: TeamRow) {
  return tx
    .selectFrom('work_team_members as m')
    .innerJoin('cadres as c', 'c.id', 'm.cadre_id')
    .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
    .select(['m.cadre_id', 'm.from_on', 'm.to_on', 'c.name', 'u.name as unit_name'])
    .where('m.county_code', '=', team.county_code)
    .where('m.team_id', '=', team.id)
    .orderBy('m.from_on')
    .orderBy('m.id')
    .execute();
}

/** One attendance entry. */
export interface TeamDayWrite {
  cadreId: string;
  day: string;
  inVillage: boolean;
  note?: string | undefined;
}

/** Records (or corrects) attendance days of team members; refused whole if any entry is wrong. */
export async function recordTeamDays(
  tx: Tx,
  actor: PlanActor,
  teamKey: string,
  entries: readonly TeamDayWrite[],
  today: string,
): Promise<{ recorded: number }> {
  const team = await loadTeam(tx, actor.scope, teamKey);
  const members = await memberships(tx, team);
  const issues: PlanIssue[] = [];
  entries.forEach((e, i) => {
    const stays: TeamMembership[] = members
      .filter((m) => String(m.cadre_id) === e.cadreId)
      .map((m) => ({ start: m.from_on, end: m.to_on }));
    const stay = stays.find((s) => e.day >= s.start && (s.end === null || e.day <= s.end)) ?? stays[0];
    issues.push(...checkTeamDay(e.day, today, stay, `entries[${i}].day`));
  });
  refuse(issues);
  for (const e of entries) {
    await tx
      .insertInto('work_team_days')
      .values({
        county_code: team.county_code,
        team_id: team.id,
        cadre_id: e.cadreId,
        day: e.day,
        village_code: team.village_code,
        in_village: e.inVillage,
        note: e.note?.trim() || null,
        recorded_by_name: actor.name,
      })
      .onConflict((oc) =>
        oc.columns(['county_code', 'team_id', 'cadre_id', 'day']).doUpdateSet((eb) => ({
          in_village: eb.ref('excluded.in_village'),
          note: eb.ref('excluded.note'),
          recorded_by_name: eb.ref('excluded.recorded_by_name'),
          recorded_at: new Date(),
        })),
      )
      .execute();
  }
  await recordAudit(tx, {
    action: 'team.days.record',
    entity: 'work_team',
    entityId: `${team.county_code}-${team.id}`,
    regionCode: team.village_code,
    after: {
      entries: entries.length,
      inVillage: entries.filter((e) => e.inVillage).length,
      days: entries.slice(0, 50).map((e) => `${e.cadreId}:${e.day}:${e.inVillage ? 'in' : 'away'}`),
    },
  });
  return { recorded: entries.length };
}

/** Calendar days from `from` to `to`, both included. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** A work team's activity record for the period [from, to]. */
export async function teamActivity(
  tx: Tx,
  scope: string,
  teamKey: string,
  from: string,
  to: string,
  today: string,
): Promise<TeamActivityView> {
  const team = await loadTeam(tx, scope, teamKey);
  if (!isIsoDate(from) || !isIsoDate(to) || from > to || daysBetween(from, to) > MAX_ACTIVITY_DAYS)
    throw new AppError('VALIDATION', { field: 'period', maxDays: MAX_ACTIVITY_DAYS });
  const village = team.village_code;
  const [villageRow, members, days, visits, measures, households, items] = await Promise.all([
    tx.selectFrom('regions').select('name').where('code', '=', village).executeTakeFirst(),
    memberships(tx, team),
    sql<{ cadre_id: string; in_village: number; away: number }>`
      select cadre_id::text as cadre_id, count(*) filter (where in_village)::int as in_village,
             count(*) filter (where not in_village)::int as away
        from work_team_days
       where county_code = ${team.county_code} and team_id = ${team.id}::bigint and day between ${from}::date and ${to}::date
       group by cadre_id`.execute(tx),
    sql<{ household_id: string; cadre_id: string; n: number }>`
      select household_id::text as household_id, cadre_id::text as cadre_id, count(*)::int as n
        from household_visits
       where village_code = ${village} and visited_on between ${from}::date and ${to}::date
       group by household_id, cadre_id`.execute(tx),
    sql<{ household_id: string; cadre_id: string | null; n: number; fen: string }>`
      select household_id::text as household_id, cadre_id::text as cadre_id, count(*)::int as n,
             coalesce(sum(amount_fen), 0)::text as fen
        from household_measures
       where village_code = ${village} and measured_on between ${from}::date and ${to}::date
       group by household_id, cadre_id`.execute(tx),
    tx
      .selectFrom('households')
      .select(['id', 'head_name', 'status'])
      .where('village_code', '=', village)
      .where('status', '<>', '已销户')
      .orderBy('id')
      .execute(),
    sql<{ household_id: string; status: string; due_on: string; target_fen: string | null; delivered_fen: string }>`
      select i.household_id::text as household_id, i.status, i.due_on, i.target_fen::text as target_fen,
             coalesce((select sum(m.amount_fen) from household_measures m
                        where m.county_code = i.county_code and m.plan_item_id = i.id), 0)::text as delivered_fen
        from household_plan_items i
       where i.village_code = ${village}`.execute(tx),
  ]);

  const memberIds = new Set(members.map((m) => String(m.cadre_id)));
  const sumBy = <T extends { n: number }>(rows: readonly T[], key: (r: T) => string | null) => {
    const out = new Map<string, number>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null) out.set(k, (out.get(k) ?? 0) + r.n);
    }
    return out;
  };
  const visitsByCadre = sumBy(visits.rows, (r) => r.cadre_id);
  const measuresByCadre = sumBy(measures.rows, (r) => r.cadre_id);
  const visitsByHousehold = sumBy(visits.rows, (r) => r.household_id);
  const measuresByHousehold = sumBy(measures.rows, (r) => r.household_id);
  const daysByCadre = new Map(days.rows.map((d) => [d.cadre_id, d]));

  // A cadre may have joined the team more than once: one line per cadre.
  const seen = new Set<string>();
  const memberLines = members
    .map((m) => ({ ...m, cadre_id: String(m.cadre_id) }))
    .filter((m) => (seen.has(m.cadre_id) ? false : (seen.add(m.cadre_id), true)))
    .map((m) => ({
      cadreId: m.cadre_id,
      name: m.name,
      unitName: m.unit_name,
      isLeader: team.leader_cadre_id !== null && m.cadre_id === String(team.leader_cadre_id),
      daysInVillage: daysByCadre.get(m.cadre_id)?.in_village ?? 0,
      daysAway: daysByCadre.get(m.cadre_id)?.away ?? 0,
      visits: visitsByCadre.get(m.cadre_id) ?? 0,
      measures: measuresByCadre.get(m.cadre_id) ?? 0,
    }));

  const itemsByHousehold = new Map<string, typeof items.rows>();
  for (const item of items.rows) {
    const list = itemsByHousehold.get(item.household_id) ?? [];
    list.push(item);
    itemsByHousehold.set(item.household_id, list);
  }
  const facts = (rows: typeof items.rows) =>
    rows.map((i) => ({
      status: i.status as PlanItemStatus,
      dueDate: i.due_on,
      targetFen: i.target_fen === null ? null : Number(i.target_fen),
      deliveredFen: Number(i.delivered_fen),
    }));
  const householdLines = households.map((h) => ({
    key: householdKey(team.county_code, String(h.id)),
    headName: h.head_name,
    status: h.status,
    visits: visitsByHousehold.get(String(h.id)) ?? 0,
    measures: measuresByHousehold.get(String(h.id)) ?? 0,
    progress: planProgress(facts(itemsByHousehold.get(String(h.id)) ?? []), today),
  }));
  const all = planProgress(facts(items.rows), today);

  return {
    team: {
      id: `${team.county_code}-${team.id}`,
      name: team.name,
      villageCode: village,
      villageName: villageRow?.name ?? village,
    },
    from,
    to,
    periodDays: daysBetween(from, to),
    members: memberLines,
    totals: {
      daysInVillage: memberLines.reduce((s, m) => s + m.daysInVillage, 0),
      visits: visits.rows.filter((r) => memberIds.has(r.cadre_id)).reduce((s, r) => s + r.n, 0),
      measures: measures.rows.reduce((s, r) => s + r.n, 0),
      measuresAmount: measures.rows.reduce((s, r) => s + Number(r.fen), 0) / 100,
      households: households.length,
      householdsVisited: new Set(visits.rows.map((r) => r.household_id)).size,
    },
    progress: all,
    households: householdLines,
  };
}

/** The work teams under a region (for the activity page's picker). */
export async function listTeams(tx: Tx, scope: string, regionCode: string): Promise<TeamRef[]> {
  if (!isWithinScope(scope, regionCode)) throw outOfScope();
  const rows = await tx
    .selectFrom('work_teams as t')
    .innerJoin('regions as r', 'r.code', 't.village_code')
    .select(['t.county_code', 't.id', 't.name', 't.village_code', 'r.name as village_name', 't.status'])
    // The latest attendance day: the activity page's period ends there by default.
    .select(
      sql<string | null>`(select max(d.day)::text from work_team_days d
                                 where d.county_code = t.county_code and d.team_id = t.id)`.as('last_day'),
    )
    .where('t.village_code', '>=', regionCode)
    .where('t.village_code', '<', `${regionCode}:`)
    .orderBy('t.village_code')
    .orderBy('t.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    key: `${r.county_code}-${r.id}`,
    name: r.name,
    villageCode: r.village_code,
    villageName: r.village_name,
    status: r.status,
    lastDay: r.last_day,
  }));
}
