// Reads of the kept aggregates (migration 009): region_year_counts plus the deltas not yet
// folded, summed in one statement so that a figure is exact at any moment. Also the plain
// GROUP BY over the base tables that the aggregates must always equal (tests and bench).

import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/** The figure columns of region_year_counts and region_count_deltas, in table order. */
export const FIGURE_COLUMNS = [
  'households',
  'people',
  'poor_households',
  'poor_people',
  'exited_households',
  'exited_people',
  'relapsed_households',
  'closed_households',
  'cause_1',
  'cause_2',
  'cause_3',
  'cause_4',
  'cause_5',
  'cause_6',
  'cause_7',
  'cause_8',
  'cause_9',
  'cause_10',
  'cause_11',
  'cause_12',
  'cause_13',
  'cause_14',
  'planned_households',
  'planned_people',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

/** One (region, year) bucket of figures. */
export type YearRow = { code: string; year: number } & Record<FigureColumn, number>;

/** Deltas folded per read at most, so a read after a large bulk write stays short. */
const FOLD_ON_READ = 5000;

const SUMS = sql.raw(FIGURE_COLUMNS.map((c) => `sum(${c})::int as ${c}`).join(', '));
const COLUMNS = sql.raw(FIGURE_COLUMNS.join(', '));

/**
 * Folds pending deltas (bounded; skipped at once when another transaction is folding). Writers
 * never wait for this: they only insert deltas.
 */
export async function foldDeltas(tx: Tx, maxRows = FOLD_ON_READ): Promise<number> {
  const r = await sql<{ folded: number }>`select fupin_progress_fold(${maxRows}::int) as folded`.execute(tx);
  return r.rows[0]?.folded ?? 0;
}

/** Rebuilds every kept figure from the base tables; returns the rows folded. */
export async function recountAggregates(tx: Tx): Promise<number> {
  const r = await sql<{ rows: number }>`select fupin_progress_recount() as rows`.execute(tx);
  return r.rows[0]?.rows ?? 0;
}

/** Kept figures per (code, year) of the given regions: folded rows plus pending deltas. */
export async function readYearRows(tx: Tx, codes: readonly string[]): Promise<YearRow[]> {
  if (codes.length === 0) return [];
  const list = [...codes];
  const r = await sql<YearRow>`
    select code, year, ${SUMS} from (
      select code, year, ${COLUMNS} from region_year_counts where code = any(${list}::text[])
      union all
      select code, year, ${COLUMNS} from region_count_deltas where code = any(${list}::text[])
    ) f group by code, year order by code, year`.execute(tx);
  return r.rows;
}

/**
 * The same figures computed by a plain GROUP BY over households and region_plan_years, for
 * the regions given (each counted over its subtree). The kept aggregates must equal this.
 */
export async function groupByYearRows(tx: Tx, codes: readonly string[]): Promise<YearRow[]> {
  if (codes.length === 0) return [];
  const list = [...codes];
  const causeSums = sql.raw(
    [
      '因病',
      '因残',
      '因学',
      '因灾',
      '缺土地',
      '缺水',
      '缺技术',
      '缺劳力',
      '缺资金',
      '交通条件落后',
      '自身发展动力不足',
      '因婚',
      '因丧',
      '其他',
    ]
      .map(
        (c, i) =>
          `count(*) filter (where h.status in ('未脱贫', '返贫') and h.main_cause = '${c}')::int as cause_${i + 1}`,
      )
      .join(', '),
  );
  const r = await sql<YearRow>`
    with wanted as (select unnest(${list}::text[]) collate "C" as code),
    registry as (
      select w.code, coalesce(h.exit_year, 0) as year,
        count(*) filter (where h.status <> '已销户')::int as households,
        coalesce(sum(h.size) filter (where h.status <> '已销户'), 0)::int as people,
        count(*) filter (where h.status in ('未脱贫', '返贫'))::int as poor_households,
        coalesce(sum(h.size) filter (where h.status in ('未脱贫', '返贫')), 0)::int as poor_people,
        count(*) filter (where h.status like '已脱贫%')::int as exited_households,
        coalesce(sum(h.size) filter (where h.status like '已脱贫%'), 0)::int as exited_people,
        count(*) filter (where h.status = '返贫')::int as relapsed_households,
        count(*) filter (where h.status = '已销户')::int as closed_households,
        ${causeSums}
      from wanted w join households h on h.village_code >= w.code and h.village_code < w.code || ':'
      group by w.code, 2
    ),
    plans as (
      select w.code, p.year, sum(p.households)::int as planned_households, sum(p.people)::int as planned_people
      from wanted w join region_plan_years p on p.code >= w.code and p.code < w.code || ':'
      group by w.code, p.year
    )
    select coalesce(r.code, p.code) as code, coalesce(r.year, p.year) as year,
      ${sql.raw(
        FIGURE_COLUMNS.filter((c) => !c.startsWith('planned'))
          .map((c) => `coalesce(r.${c}, 0) as ${c}`)
          .join(', '),
      )},
      coalesce(p.planned_households, 0) as planned_households, coalesce(p.planned_people, 0) as planned_people
    from registry r full join plans p on p.code = r.code and p.year = r.year
    order by 1, 2`.execute(tx);
  return r.rows;
}

/** Rural population of the given regions (0 where none is recorded). */
export async function readPopulations(tx: Tx, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const r = await sql<{
    code: string;
    rural_population: number;
  }>`select code, rural_population from region_populations where code = any(${[...codes]}::text[])`.execute(tx);
  return new Map(r.rows.map((row) => [row.code, row.rural_population]));
}
