import { sql } from 'kysely';
import type {
  EvaluationSummary,
  EvaluationView,
  ExitReason,
  HouseholdExitResultView,
  RegionExitResultView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { assertRegionInScope } from '../regions/service.js';
import { householdKey } from '../registry/presenter.js';

export interface ResultFilter {
  regionCode: string;
  year: number;
  eligible?: boolean | undefined;
  /** Only results failing this criterion. */
  criterion?: string | undefined;
  /** Households only: only those still poor (未脱贫 or 返贫), the candidates for exit. */
  poorOnly?: boolean | undefined;
  limit: number;
  after?: string | undefined;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const iso = (v: Date | string): string => new Date(v).toISOString();

function cursor(after: string | undefined): { code: string; id: string } | null {
  if (!after) return null;
  const [code, id] = Buffer.from(after, 'base64url').toString().split(':');
  if (!code || id === undefined || !/^\d{2,12}$/.test(code) || !/^\d*$/.test(id))
    throw new AppError('VALIDATION', { field: 'after' });
  return { code, id };
}
const encode = (code: string, id: string) => Buffer.from(`${code}:${id}`).toString('base64url');

/** Household results of a year under a region, in (village, id) order with keyset pagination. */
export async function listHouseholdResults(
  tx: Tx,
  scope: string,
  filter: ResultFilter,
): Promise<{ items: HouseholdExitResultView[]; next: string | null }> {
  assertRegionInScope(scope, filter.regionCode);
  const c = cursor(filter.after);
  const upper = `${filter.regionCode}:`;
  const rows = await sql<{
    county_code: string;
    household_id: string;
    village_code: string;
    village_name: string;
    head_name: string;
    status: string;
    size: number;
    eligible: boolean;
    per_capita: string | null;
    line: string | null;
    reasons: ExitReason[];
    evaluated_at: Date;
    case_id: string | null;
    case_stage: string | null;
  }>`
    select r.county_code, r.household_id::text as household_id, r.village_code, v.name as village_name, h.head_name,
           h.status, h.size, r.eligible, r.per_capita, r.line, r.reasons, r.evaluated_at,
           c.id::text as case_id, c.stage as case_stage
    from household_exit_results r
    join households h on h.county_code = r.county_code and h.id = r.household_id
    join regions v on v.code = r.village_code
    left join lateral (
      select id, stage from exit_cases c
      where c.county_code = r.county_code and c.household_id = r.household_id and c.level = 'household'
        and c.year = r.year and c.stage <> 'rejected'
      order by c.id desc limit 1) c on true
    where r.year = ${filter.year}::int and r.village_code >= ${filter.regionCode} and r.village_code < ${upper}
      ${filter.eligible === undefined ? sql`` : sql`and r.eligible = ${filter.eligible}`}
      ${filter.criterion ? sql`and ${filter.criterion}::text = any(r.failed)` : sql``}
      ${filter.poorOnly ? sql`and h.status in ('未脱贫', '返贫')` : sql``}
      ${c ? sql`and (r.village_code, r.household_id) > (${c.code}, ${c.id}::bigint)` : sql``}
    order by r.village_code, r.household_id
    limit ${filter.limit + 1}`.execute(tx);
  const page = rows.rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      householdKey: householdKey(r.county_code, r.household_id),
      villageCode: r.village_code,
      villageName: r.village_name,
      headName: r.head_name,
      status: r.status,
      size: r.size,
      year: filter.year,
      eligible: r.eligible,
      perCapita: num(r.per_capita),
      line: num(r.line),
      reasons: r.reasons,
      evaluatedAt: iso(r.evaluated_at),
      caseKey: r.case_id ? householdKey(r.county_code, r.case_id) : null,
      caseStage: r.case_stage,
    })),
    next: rows.rows.length > filter.limit && last ? encode(last.village_code, last.household_id) : null,
  };
}

interface RegionResultRow {
  county_code: string;
  code: string;
  name: string;
  eligible: boolean;
  poor_people: number;
  rural_population: number;
  reasons: ExitReason[];
  stale: boolean;
  exited: boolean;
  evaluated_at: Date;
  case_id: string | null;
  case_stage: string | null;
}

function presentRegionResult(r: RegionResultRow, year: number): RegionExitResultView {
  return {
    regionCode: r.code,
    regionName: r.name,
    year,
    eligible: r.eligible,
    poorPeople: r.poor_people,
    ruralPopulation: r.rural_population,
    incidence: r.rural_population > 0 ? r.poor_people / r.rural_population : null,
    reasons: r.reasons,
    stale: r.stale,
    exited: r.exited,
    evaluatedAt: iso(r.evaluated_at),
    caseKey: r.case_id ? householdKey(r.county_code, r.case_id) : null,
    caseStage: r.case_stage,
  };
}

/** Village results of a year under a region, in code order with keyset pagination. */
export async function listVillageResults(
  tx: Tx,
  scope: string,
  filter: ResultFilter,
): Promise<{ items: RegionExitResultView[]; next: string | null }> {
  assertRegionInScope(scope, filter.regionCode);
  const c = cursor(filter.after);
  const rows = await sql<RegionResultRow>`
    select r.county_code, r.village_code as code, v.name, r.eligible, r.poor_people, r.rural_population, r.reasons,
           r.stale, x.region_code is not null as exited, r.evaluated_at, k.id::text as case_id, k.stage as case_stage
    from village_exit_results r
    join regions v on v.code = r.village_code
    left join region_exits x on x.region_code = r.village_code
    left join lateral (
      select id, stage from exit_cases k where k.region_code = r.village_code and k.level = 'village'
        and k.year = r.year and k.stage <> 'rejected' order by k.id desc limit 1) k on true
    where r.year = ${filter.year}::int and r.village_code >= ${filter.regionCode} and r.village_code < ${`${filter.regionCode}:`}
      ${filter.eligible === undefined ? sql`` : sql`and r.eligible = ${filter.eligible}`}
      ${filter.criterion ? sql`and ${filter.criterion}::text = any(r.failed)` : sql``}
      ${filter.poorOnly ? sql`and v.poor_designation is not null` : sql``}
      ${c ? sql`and r.village_code > ${c.code}` : sql``}
    order by r.village_code
    limit ${filter.limit + 1}`.execute(tx);
  const page = rows.rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentRegionResult(r, filter.year)),
    next: rows.rows.length > filter.limit && last ? encode(last.code, '') : null,
  };
}

/** County results of a year under a region (at most the 105 counties of a province). */
export async function listCountyResults(tx: Tx, scope: string, filter: ResultFilter): Promise<RegionExitResultView[]> {
  assertRegionInScope(scope, filter.regionCode);
  // A township or village holds no county.
  if (filter.regionCode.length > 6) return [];
  const under = filter.regionCode;
  const rows = await sql<RegionResultRow>`
    select r.county_code, r.county_code as code, c.name, r.eligible, r.poor_people, r.rural_population, r.reasons,
           r.stale, x.region_code is not null as exited, r.evaluated_at, k.id::text as case_id, k.stage as case_stage
    from county_exit_results r
    join regions c on c.code = r.county_code
    left join region_exits x on x.region_code = r.county_code
    left join lateral (
      select id, stage from exit_cases k where k.region_code = r.county_code and k.level = 'county'
        and k.year = r.year and k.stage <> 'rejected' order by k.id desc limit 1) k on true
    where r.year = ${filter.year}::int and r.county_code >= ${under} and r.county_code < ${`${under}:`}
      ${filter.eligible === undefined ? sql`` : sql`and r.eligible = ${filter.eligible}`}
      ${filter.criterion ? sql`and ${filter.criterion}::text = any(r.failed)` : sql``}
      ${filter.poorOnly ? sql`and c.poor_designation is not null` : sql``}
    order by r.county_code
    limit ${filter.limit}`.execute(tx);
  return rows.rows.map((r) => presentRegionResult(r, filter.year));
}

/** Counts of an evaluated year under a region. */
export async function evaluationSummary(
  tx: Tx,
  scope: string,
  regionCode: string,
  year: number,
): Promise<EvaluationSummary> {
  assertRegionInScope(scope, regionCode);
  const upper = `${regionCode}:`;
  const county = regionCode.slice(0, 6);
  const [h, v, c, f] = await Promise.all([
    sql<{ total: number; eligible: number; poor_eligible: number }>`
      select count(*)::int as total, count(*) filter (where r.eligible)::int as eligible,
             count(*) filter (where r.eligible and h.status in ('未脱贫', '返贫'))::int as poor_eligible
      from household_exit_results r join households h on h.county_code = r.county_code and h.id = r.household_id
      where r.year = ${year}::int and r.village_code >= ${regionCode} and r.village_code < ${upper}`.execute(tx),
    sql<{ total: number; eligible: number; stale: number }>`
      select count(*)::int as total, count(*) filter (where eligible)::int as eligible,
             count(*) filter (where stale)::int as stale
      from village_exit_results
      where year = ${year}::int and village_code >= ${regionCode} and village_code < ${upper}`.execute(tx),
    regionCode.length <= 6
      ? sql<{ total: number; eligible: number; stale: number }>`
      select count(*)::int as total, count(*) filter (where eligible)::int as eligible,
             count(*) filter (where stale)::int as stale
      from county_exit_results
      where year = ${year}::int and county_code >= ${county} and county_code < ${`${county}:`}`.execute(tx)
      : Promise.resolve({ rows: [{ total: 0, eligible: 0, stale: 0 }] }),
    sql<{ criterion: string; households: number }>`
      select f as criterion, count(*)::int as households
      from household_exit_results r cross join unnest(r.failed) as f
      where r.year = ${year}::int and r.village_code >= ${regionCode} and r.village_code < ${upper}
      group by f order by count(*) desc, f`.execute(tx),
  ]);
  const zero = { total: 0, eligible: 0, stale: 0 };
  const hh = h.rows[0] ?? { total: 0, eligible: 0, poor_eligible: 0 };
  return {
    year,
    households: { total: hh.total, eligible: hh.eligible, poorEligible: hh.poor_eligible },
    villages: v.rows[0] ?? zero,
    counties: c.rows[0] ?? zero,
    failedCriteria: f.rows,
  };
}

interface EvaluationRow {
  id: string;
  year: number;
  region_code: string;
  standards_id: string | null;
  status: string;
  counties_total: number;
  counties_done: number;
  job_id: string | null;
  created_by: string;
  started_at: Date;
  finished_at: Date | null;
}

/** An evaluation run for clients. */
export function presentEvaluation(r: EvaluationRow): EvaluationView {
  return {
    id: String(r.id),
    year: r.year,
    regionCode: r.region_code,
    standardsVersion: r.standards_id === null ? 'default' : String(r.standards_id),
    status: r.status as EvaluationView['status'],
    countiesTotal: r.counties_total,
    countiesDone: r.counties_done,
    jobId: r.job_id === null ? null : String(r.job_id),
    createdBy: r.created_by,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}

/** Recent evaluation runs in scope, newest first. */
export async function listEvaluations(tx: Tx, limit: number): Promise<EvaluationView[]> {
  const rows = await tx
    .selectFrom('exit_evaluations')
    .select([
      'id',
      'year',
      'region_code',
      'standards_id',
      'status',
      'counties_total',
      'counties_done',
      'job_id',
      'created_by',
      'started_at',
      'finished_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => presentEvaluation(r as EvaluationRow));
}
