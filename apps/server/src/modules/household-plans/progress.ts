// Plan progress of a region: the items of every household plan under it, by child region.

import { sql } from 'kysely';
import { progressFromCounts, type RegionPlanProgressView, type RegionProgressRow } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { notFound } from '../../http/errors.js';
import { assertRegionInScope } from '../regions/service.js';

interface VillageCounts {
  village_code: string;
  households_with_plan: number;
  planned: number;
  in_progress: number;
  done: number;
  cancelled: number;
  overdue: number;
  target_fen: string;
  delivered_fen: string;
  poor_households: number;
}

interface Totals {
  households: number;
  householdsWithPlan: number;
  planned: number;
  inProgress: number;
  done: number;
  cancelled: number;
  overdue: number;
  targetFen: number;
  deliveredFen: number;
}

const zero = (): Totals => ({
  households: 0,
  householdsWithPlan: 0,
  planned: 0,
  inProgress: 0,
  done: 0,
  cancelled: 0,
  overdue: 0,
  targetFen: 0,
  deliveredFen: 0,
});

function add(t: Totals, v: VillageCounts): void {
  t.households += v.poor_households;
  t.householdsWithPlan += v.households_with_plan;
  t.planned += v.planned;
  t.inProgress += v.in_progress;
  t.done += v.done;
  t.cancelled += v.cancelled;
  t.overdue += v.overdue;
  t.targetFen += Number(v.target_fen);
  t.deliveredFen += Number(v.delivered_fen);
}

function row(code: string, name: string, t: Totals): RegionProgressRow {
  const { households, householdsWithPlan, ...counts } = t;
  return { code, name, households, householdsWithPlan, progress: progressFromCounts(counts) };
}

/**
 * Progress of the plans under a region on `today`, with one row per child region. Items are
 * counted per village in one pass over the plan items of the range (an index-only scan), then
 * added up per child; poor households come from the kept per-village counters.
 */
export async function regionProgress(
  tx: Tx,
  scope: string,
  regionCode: string,
  today: string,
): Promise<RegionPlanProgressView> {
  assertRegionInScope(scope, regionCode);
  const region = await tx
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', '=', regionCode)
    .executeTakeFirst();
  if (!region) throw notFound({ code: regionCode });
  const end = `${regionCode}:`;
  const villages = await sql<VillageCounts>`
    with items as (
      select village_code,
             count(distinct household_id) filter (where status <> 'cancelled')::int as households_with_plan,
             count(*) filter (where status = 'planned')::int as planned,
             count(*) filter (where status = 'inProgress')::int as in_progress,
             count(*) filter (where status = 'done')::int as done,
             count(*) filter (where status = 'cancelled')::int as cancelled,
             count(*) filter (where status in ('planned', 'inProgress') and due_on < ${today}::date)::int as overdue,
             coalesce(sum(target_fen) filter (where status <> 'cancelled'), 0)::text as target_fen
        from household_plan_items
       where village_code >= ${regionCode} and village_code < ${end}
       group by village_code),
    delivered as (
      select m.village_code, coalesce(sum(m.amount_fen), 0)::text as delivered_fen
        from household_measures m
        join household_plan_items i on i.county_code = m.county_code and i.id = m.plan_item_id
       where m.village_code >= ${regionCode} and m.village_code < ${end} and i.status <> 'cancelled'
       group by m.village_code),
    poor as (
      select village_code, poor_households from assistance_village_counts
       where village_code >= ${regionCode} and village_code < ${end})
    select coalesce(items.village_code, poor.village_code) as village_code,
           coalesce(items.households_with_plan, 0) as households_with_plan,
           coalesce(items.planned, 0) as planned, coalesce(items.in_progress, 0) as in_progress,
           coalesce(items.done, 0) as done, coalesce(items.cancelled, 0) as cancelled,
           coalesce(items.overdue, 0) as overdue, coalesce(items.target_fen, '0') as target_fen,
           coalesce(delivered.delivered_fen, '0') as delivered_fen,
           coalesce(poor.poor_households, 0) as poor_households
      from items
      full join poor on poor.village_code = items.village_code
      left join delivered on delivered.village_code = coalesce(items.village_code, poor.village_code)`.execute(tx);
  const children = await tx
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('parent_code', '=', regionCode)
    .orderBy('code')
    .execute();
  const total = zero();
  const byChild = new Map(children.map((c) => [c.code, zero()]));
  // Child codes have one or two lengths (a province's prefectures and its directly governed counties).
  const lengths = [...new Set(children.map((c) => c.code.length))];
  for (const v of villages.rows) {
    add(total, v);
    for (const n of lengths) {
      const child = byChild.get(v.village_code.slice(0, n));
      if (child) {
        add(child, v);
        break;
      }
    }
  }
  return {
    ...row(region.code, region.name, total),
    today,
    children: children.map((c) => row(c.code, c.name, byChild.get(c.code) ?? zero())),
  };
}
