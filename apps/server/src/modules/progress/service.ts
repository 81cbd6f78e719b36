// Progress against the timetable for a region and its children: the one response that feeds the
// battle map, its table, the dashboard and the bulletin, so their numbers cannot differ.

import {
  CAUSE_ORDER,
  incidencePercent,
  judgeProgress,
  topCauses,
  type BehindPlanView,
  type BehindRegion,
  type DashboardView,
  type ProgressView,
  type RegionLevel,
  type RegionProgress,
  type YearSeries,
} from '@fupin/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { notFound } from '../../http/errors.js';
import { assertRegionInScope, regionPath } from '../regions/service.js';
import { DEFAULT_REGISTRY_YEAR } from '../registry/generator/generate.js';
import { foldDeltas, readPopulations, readYearRows, type YearRow } from './aggregates.js';
import { coverageOfChildren } from './coverage.js';

interface RegionInfo {
  code: string;
  name: string;
  level: string;
  poor_designation: string | null;
}

interface PlanInfo {
  code: string;
  exit_year: number;
  relief_year: number | null;
  batch: number | null;
}

/** The year figures are reported for: the newest opened registry year, else the generated year. */
export async function reportYear(tx: Tx): Promise<number> {
  const r = await sql<{ year: number | null }>`select max(year) as year from registry_years`.execute(tx);
  return r.rows[0]?.year ?? DEFAULT_REGISTRY_YEAR;
}

/** Sums one region's year rows into the figures every view shows. */
function present(
  info: RegionInfo,
  rows: readonly YearRow[],
  plan: PlanInfo | undefined,
  population: number,
  year: number,
): RegionProgress {
  const sum = (column: keyof YearRow) => rows.reduce((s, r) => s + Number(r[column]), 0);
  const thisYear = rows.find((r) => r.year === year);
  const poorHouseholds = sum('poor_households');
  const poorPeople = sum('poor_people');
  const plannedExitYear = plan?.exit_year ?? null;
  const judgement = judgeProgress(
    year,
    plannedExitYear,
    rows.map((r) => ({ year: r.year, plannedHouseholds: r.planned_households, exitedHouseholds: r.exited_households })),
    poorHouseholds,
  );
  return {
    code: info.code,
    name: info.name,
    level: info.level as RegionLevel,
    poorDesignation: info.poor_designation,
    plannedExitYear,
    reliefYear: plan?.relief_year ?? null,
    batch: plan?.batch ?? null,
    households: sum('households'),
    people: sum('people'),
    poorHouseholds,
    poorPeople,
    exitedHouseholds: sum('exited_households'),
    exitedPeople: sum('exited_people'),
    exitedThisYearHouseholds: thisYear?.exited_households ?? 0,
    exitedThisYearPeople: thisYear?.exited_people ?? 0,
    relapsedHouseholds: sum('relapsed_households'),
    closedHouseholds: sum('closed_households'),
    causes: CAUSE_ORDER.map((_, i) => sum(`cause_${i + 1}` as keyof YearRow)),
    ruralPopulation: population,
    incidencePercent: incidencePercent(poorPeople, population),
    plannedThisYear: thisYear?.planned_households ?? 0,
    ...judgement,
  };
}

/** Children of a region in code order, or only the region itself when `code` is a village. */
async function regionAndChildren(tx: Tx, code: string): Promise<{ self: RegionInfo; children: RegionInfo[] }> {
  const r = await sql<RegionInfo & { is_self: boolean }>`
    select code, name, level, poor_designation, code = ${code} as is_self from regions
    where code = ${code} or parent_code = ${code} order by length(code), code`.execute(tx);
  const self = r.rows.find((row) => row.is_self);
  if (!self) throw notFound({ code });
  return { self, children: r.rows.filter((row) => !row.is_self) };
}

/**
 * A region and its children with registry figures, incidence and progress against the
 * timetable in `year` (default: the report year). Reads only the kept aggregates.
 */
export async function regionProgress(tx: Tx, scope: string, code: string, year?: number): Promise<ProgressView> {
  assertRegionInScope(scope, code);
  await foldDeltas(tx);
  const reportFor = year ?? (await reportYear(tx));
  const { self, children } = await regionAndChildren(tx, code);
  const codes = [self.code, ...children.map((c) => c.code)];
  const rows = await readYearRows(tx, codes);
  const populations = await readPopulations(tx, codes);
  const planRows = await sql<PlanInfo>`select code, exit_year, relief_year, batch from region_plans
    where code = any(${codes}::text[])`.execute(tx);
  const plans = new Map(planRows.rows.map((p) => [p.code, p]));
  const path = await regionPath(tx, code);
  const coverage = await coverageOfChildren(tx, scope, code);
  const byCode = new Map<string, YearRow[]>();
  for (const row of rows) byCode.set(row.code, [...(byCode.get(row.code) ?? []), row]);
  const build = (info: RegionInfo) =>
    present(info, byCode.get(info.code) ?? [], plans.get(info.code), populations.get(info.code) ?? 0, reportFor);
  return {
    year: reportFor,
    path,
    region: build(self),
    childLevel: (children[0]?.level as RegionLevel | undefined) ?? null,
    children: children.map((c) => ({ ...build(c), coverage: coverage?.get(c.code) ?? null })),
    coverage: coverage?.get(self.code) ?? null,
  };
}

/** The dashboard of a region: progress view, planned and actual exits per year, top causes. */
export async function dashboard(tx: Tx, scope: string, code: string, year?: number): Promise<DashboardView> {
  const view = await regionProgress(tx, scope, code, year);
  const rows = await readYearRows(tx, [code]);
  const years: YearSeries[] = rows
    .filter((r) => r.year > 0 && (r.planned_households > 0 || r.exited_households > 0))
    .map((r) => ({
      year: r.year,
      plannedHouseholds: r.planned_households,
      plannedPeople: r.planned_people,
      exitedHouseholds: r.exited_households,
      exitedPeople: r.exited_people,
    }));
  return {
    ...view,
    years,
    topCauses: topCauses(view.region.causes, 5),
    behindChildren: view.children.filter((c) => c.behind).length,
  };
}

/**
 * Every region at `level` under `code` that is behind plan in `year`, largest shortfall first.
 * Set-based over the kept aggregates (one statement), bounded by `limit`.
 */
export async function behindPlan(
  tx: Tx,
  scope: string,
  code: string,
  level: RegionLevel,
  year: number | undefined,
  limit: number,
): Promise<BehindPlanView> {
  assertRegionInScope(scope, code);
  await foldDeltas(tx);
  const reportFor = year ?? (await reportYear(tx));
  const upper = `${code}:`;
  const r = await sql<BehindRegion & { total: number }>`
    with figures as (
      select code, sum(planned_households) filter (where year between 1 and ${reportFor})::int as planned,
        sum(exited_households) filter (where year between 1 and ${reportFor})::int as exited,
        sum(poor_households)::int as poor
      from (
        select code, year, planned_households, exited_households, poor_households from region_year_counts
        where code >= ${code} and code < ${upper}
        union all
        select code, year, planned_households, exited_households, poor_households from region_count_deltas
        where code >= ${code} and code < ${upper}
      ) f group by code
    ),
    judged as (
      select g.code, g.name, p.exit_year as "plannedExitYear", coalesce(f.planned, 0) as "plannedToDate",
        coalesce(f.exited, 0) as "exitedToDate",
        greatest(coalesce(f.planned, 0) - coalesce(f.exited, 0), 0) as shortfall,
        coalesce(f.poor, 0) as "poorHouseholds",
        (p.exit_year is not null and p.exit_year < ${reportFor} and coalesce(f.poor, 0) > 0) as overdue
      from regions g
      join figures f on f.code = g.code
      left join region_plans p on p.code = g.code
      where g.code >= ${code} and g.code < ${upper} and g.level = ${level}
    )
    select *, count(*) over ()::int as total from judged where shortfall > 0 or overdue
    order by shortfall desc, code limit ${limit}`.execute(tx);
  return {
    year: reportFor,
    total: r.rows[0]?.total ?? 0,
    items: r.rows.map(({ total: _total, ...item }) => item),
  };
}
