import { sql, type RawBuilder } from 'kysely';
import {
  COMPULSORY_COMPLETED,
  SIX_VILLAGE_STANDARDS,
  lineOf,
  provinceIncomeOf,
  resolveStandard,
  type ExitStandards,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';

// Set-based evaluation of one county and year: three INSERT … SELECT statements (households,
// then villages from the household results, then the county from the village results), each
// computing every failed criterion as {criterion, code, params} in SQL. The comparisons and the
// reason codes are those of packages/domain/src/exit/criteria.ts; the tests hold the two equal.
// The caller runs the three in one transaction, so a county is never half-evaluated.

/** The tests of each village of a county after overrides, as the SQL reads them. */
export interface VillageParams {
  v: string;
  /** 村委会 (evaluated as a village) rather than a 居委会 community. */
  rural: boolean;
  qiyou: boolean;
  amin: number;
  amax: number;
  max_inc: number;
  min_coll: number | null;
  min_ratio: number | null;
  six: boolean;
}

export async function villageParams(tx: Tx, standards: ExitStandards, countyCode: string): Promise<VillageParams[]> {
  const villages = await tx
    .selectFrom('regions')
    .select(['code', 'kind'])
    .where('level', '=', 'village')
    .where('code', '>=', countyCode)
    .where('code', '<', `${countyCode}:`)
    .orderBy('code')
    .execute();
  return villages.map((v) => {
    const s = resolveStandard(standards, v.code);
    return {
      v: v.code,
      rural: v.kind === 'village',
      qiyou: s.household.profile === 'qiyou',
      amin: s.household.compulsoryAgeMin,
      amax: s.household.compulsoryAgeMax,
      max_inc: s.village.maxIncidence,
      min_coll: s.village.minCollectiveIncome,
      min_ratio: s.village.minIncomeRatio,
      six: s.village.requireSixStandards,
    };
  });
}

const r = (criterion: string, code: string, params: ReturnType<typeof sql>) =>
  sql`jsonb_build_object('criterion', ${criterion}::text, 'code', ${code}::text, 'params', ${params})`;
const EMPTY = sql`'{}'::jsonb`;

/** A household result as written, for telling which villages' counts it may change. */
export interface WrittenHouseholdResult {
  household_id: string;
  village_code: string;
  eligible: boolean;
  poor: boolean;
  size: number;
}

/**
 * The statement writing the household results of a county and year; with `householdIds`, only
 * those households' results, returned as written (a re-evaluation outside an evaluation passes a
 * null `evaluationId`).
 */
export function householdStatement(
  countyCode: string,
  year: number,
  evaluationId: string | null,
  standards: ExitStandards,
  params: VillageParams[],
  householdIds?: readonly string[],
): RawBuilder<WrittenHouseholdResult> {
  const line = lineOf(standards, year) ?? null;
  const completed = sql.join(COMPULSORY_COMPLETED.map((e) => sql`${e}::text`));
  const ids = householdIds ? [...householdIds] : null;
  const onlyMembers = ids ? sql`and m.household_id = any(${ids}::bigint[])` : sql``;
  const onlyHouseholds = ids ? sql`and h.id = any(${ids}::bigint[])` : sql``;
  const returning = ids ? sql`returning household_id::text as household_id, village_code, eligible, poor, size` : sql``;
  return sql<WrittenHouseholdResult>`
    with p as (
      select * from jsonb_to_recordset(${JSON.stringify(params)}::jsonb)
        as p(v text, qiyou boolean, amin int, amax int)
    ),
    m as (
      select m.household_id,
        count(*) filter (where m.birth_date is not null
          and ${year}::int - extract(year from m.birth_date)::int between p.amin and p.amax
          and m.school_status is null and coalesce(m.education, '') not in (${completed}))::int as drop_outs,
        count(*) filter (where m.has_medical_insurance is not true)::int as uninsured,
        count(*) filter (where m.birth_date is not null and m.school_status is null
          and ${year}::int - extract(year from m.birth_date)::int >= 16
          and m.has_resident_pension is not true)::int as no_pension
      from members m join p on p.v = m.village_code
      where m.county_code = ${countyCode} and m.village_code >= ${countyCode} and m.village_code < ${`${countyCode}:`}
        ${onlyMembers}
      group by m.household_id
    ),
    f as (
      select h.county_code, h.id, h.village_code, h.house_grade, h.water_safe, p.qiyou, h.size,
             h.status in ('未脱贫', '返贫') as poor,
             i.household_id is not null as has_income, i.per_capita,
             i.wages, i.business - i.business_expenses as business_net, i.property,
             i.transfer_dibao + i.transfer_destitute as safety_net,
             coalesce(m.drop_outs, 0) as drop_outs, coalesce(m.uninsured, 0) as uninsured,
             coalesce(m.no_pension, 0) as no_pension
      from households h
      join p on p.v = h.village_code
      left join household_incomes i on i.county_code = h.county_code and i.household_id = h.id and i.year = ${year}::int
      left join m on m.household_id = h.id
      -- The village range lets the scope policy's range on the same column narrow to the county.
      where h.county_code = ${countyCode} and h.status <> '已销户'
        and h.village_code >= ${countyCode} and h.village_code < ${`${countyCode}:`}
        ${onlyHouseholds}
    ),
    -- Materialized: each reason is built once, not once for every place the outer query names it.
    e as materialized (
      select f.*,
        case when ${line}::numeric is null then ${r('income', 'noLine', sql`jsonb_build_object('year', ${year}::int)`)}
             when f.per_capita is null then ${r('income', 'incomeMissing', sql`jsonb_build_object('year', ${year}::int)`)}
             when not (f.per_capita > ${line}::numeric)
               then ${r('income', 'incomeBelowLine', sql`jsonb_build_object('perCapita', f.per_capita, 'line', ${line}::numeric)`)}
        end as c_income,
        case when f.drop_outs > 0 then ${r('education', 'dropOut', sql`jsonb_build_object('count', f.drop_outs)`)} end as c_education,
        case when f.uninsured > 0 then ${r('medical', 'uninsured', sql`jsonb_build_object('count', f.uninsured)`)} end as c_medical,
        case when f.house_grade is null then ${r('housing', 'houseUnknown', EMPTY)}
             when f.house_grade in ('C', 'D') then ${r('housing', 'unsafeHouse', sql`jsonb_build_object('grade', f.house_grade)`)}
        end as c_housing,
        case when f.water_safe is null then ${r('water', 'waterUnknown', EMPTY)}
             when not f.water_safe then ${r('water', 'unsafeWater', EMPTY)}
        end as c_water,
        case when f.qiyou and f.has_income
              and not (f.wages > 0 or f.business_net > 0 or f.property > 0 or f.safety_net > 0)
             then ${r('incomeSource', 'noIncomeSource', EMPTY)} end as c_income_source,
        case when f.qiyou and f.no_pension > 0
             then ${r('pension', 'noPension', sql`jsonb_build_object('count', f.no_pension)`)} end as c_pension
      from f
    ),
    g as (
      select e.county_code, e.id, e.village_code, e.per_capita, e.size, e.poor,
        array_remove(array[e.c_income, e.c_education, e.c_medical, e.c_housing, e.c_water, e.c_income_source,
                           e.c_pension], null) as reasons,
        -- The criteria of the reasons, in the same order (cheaper than reading them back per row).
        array_remove(array[
          case when e.c_income is not null then 'income' end,
          case when e.c_education is not null then 'education' end,
          case when e.c_medical is not null then 'medical' end,
          case when e.c_housing is not null then 'housing' end,
          case when e.c_water is not null then 'water' end,
          case when e.c_income_source is not null then 'incomeSource' end,
          case when e.c_pension is not null then 'pension' end], null) as failed
      from e
    )
    insert into household_exit_results
      (county_code, household_id, year, village_code, evaluation_id, eligible, reasons, failed, per_capita, line,
       size, poor, evaluated_at)
    select g.county_code, g.id, ${year}::int, g.village_code, ${evaluationId}::bigint, cardinality(g.failed) = 0,
           to_jsonb(g.reasons), g.failed, g.per_capita, ${line}::numeric, g.size, g.poor, now()
    from g
    ${returning}`;
}

/** The statement writing the village results of a county and year from its household results. */
export function villageStatement(
  countyCode: string,
  year: number,
  evaluationId: string,
  standards: ExitStandards,
  params: VillageParams[],
): RawBuilder<unknown> {
  const provinceIncome = provinceIncomeOf(standards, year) ?? null;
  const items = sql.join(SIX_VILLAGE_STANDARDS.map((s) => sql`${s}::text`));
  return sql`
    with p as (
      select * from jsonb_to_recordset(${JSON.stringify(params.filter((p) => p.rural))}::jsonb)
        as p(v text, max_inc numeric, min_coll numeric, min_ratio numeric, six boolean)
    ),
    poor as (
      select x.village_code, sum(x.size)::int as poor_people
      from household_exit_results x
      where x.county_code = ${countyCode} and x.year = ${year}::int and x.poor and not x.eligible
        and x.village_code >= ${countyCode} and x.village_code < ${`${countyCode}:`}
      group by x.village_code
    ),
    f as (
      select p.*, coalesce(poor.poor_people, 0) as poor_people,
             coalesce(fa.rural_population, fupin_default_rural_population(p.v)) as population,
             fa.collective_income, fa.disposable_income, coalesce(fa.six_standards, '{}'::jsonb) as six_standards
      from p
      left join poor on poor.village_code = p.v
      left join village_year_facts fa on fa.county_code = ${countyCode} and fa.village_code = p.v and fa.year = ${year}::int
    ),
    e as (
      select f.*, array_remove(array[
        case when f.population <= 0 then ${r('incidence', 'populationMissing', EMPTY)}
             when not (f.poor_people < f.max_inc * f.population)
               then ${r('incidence', 'incidenceTooHigh', sql`jsonb_build_object('poor', f.poor_people, 'population', f.population, 'max', f.max_inc)`)}
        end,
        case when f.min_coll is null then null
             when f.collective_income is null then ${r('collectiveIncome', 'collectiveIncomeMissing', EMPTY)}
             when f.collective_income < f.min_coll
               then ${r('collectiveIncome', 'collectiveIncomeLow', sql`jsonb_build_object('income', f.collective_income, 'min', f.min_coll)`)}
        end,
        case when f.min_ratio is null then null
             when f.disposable_income is null then ${r('incomeRatio', 'disposableIncomeMissing', EMPTY)}
             when ${provinceIncome}::numeric is null
               then ${r('incomeRatio', 'provinceIncomeMissing', sql`jsonb_build_object('year', ${year}::int)`)}
             when not (f.disposable_income > f.min_ratio * ${provinceIncome}::numeric)
               then ${r(
                 'incomeRatio',
                 'incomeRatioLow',
                 sql`jsonb_build_object('income', f.disposable_income, 'average', ${provinceIncome}::numeric, 'ratio', f.min_ratio)`,
               )}
        end,
        case when f.six and exists (
               select 1 from unnest(array[${items}]) as s(item) where f.six_standards->s.item is distinct from 'true'::jsonb)
             then ${r(
               'sixStandards',
               'sixStandardsUnmet',
               sql`jsonb_build_object('items', (select jsonb_agg(s.item order by s.n)
                 from unnest(array[${items}]) with ordinality as s(item, n)
                 where f.six_standards->s.item is distinct from 'true'::jsonb))`,
             )}
        end
      ], null) as reasons
      from f
    )
    insert into village_exit_results
      (county_code, village_code, year, evaluation_id, eligible, poor_people, rural_population, reasons, failed, stale, evaluated_at)
    select ${countyCode}, e.v, ${year}::int, ${evaluationId}::bigint, cardinality(e.reasons) = 0, e.poor_people,
           e.population, to_jsonb(e.reasons), array(select x->>'criterion' from unnest(e.reasons) as x), false, now()
    from e`;
}

/** Writes the county result of a year from its village results and the third-party figures. */
async function evaluateCountyRow(
  tx: Tx,
  countyCode: string,
  year: number,
  evaluationId: string,
  standards: ExitStandards,
): Promise<void> {
  const s = resolveStandard(standards, countyCode).county;
  await sql`
    with t as (
      select coalesce(sum(poor_people), 0)::int as poor_people, coalesce(sum(rural_population), 0)::int as population
      from village_exit_results where county_code = ${countyCode} and year = ${year}::int
    ),
    f as (
      select t.*, a.county_code is not null as assessed, a.sampled_exited, a.wrongly_exited, a.sampled_population,
             a.missed, a.surveyed, a.satisfied
      from t left join county_assessments a on a.county_code = ${countyCode} and a.year = ${year}::int
    ),
    e as (
      select f.*, array_remove(array[
        case when f.population <= 0 then ${r('incidence', 'populationMissing', EMPTY)}
             when not (f.poor_people < ${s.maxIncidence}::numeric * f.population)
               then ${r('incidence', 'incidenceTooHigh', sql`jsonb_build_object('poor', f.poor_people, 'population', f.population, 'max', ${s.maxIncidence}::numeric)`)}
        end,
        case when not f.assessed then ${r('wrongExit', 'assessmentMissing', EMPTY)}
             when not (f.wrongly_exited <= ${s.maxWrongExitRate}::numeric * f.sampled_exited)
               then ${r('wrongExit', 'wrongExitTooHigh', sql`jsonb_build_object('wrong', f.wrongly_exited, 'sampled', f.sampled_exited, 'max', ${s.maxWrongExitRate}::numeric)`)}
        end,
        case when f.assessed and not (f.missed <= ${s.maxMissedRate}::numeric * f.sampled_population)
               then ${r('missed', 'missedTooHigh', sql`jsonb_build_object('missed', f.missed, 'population', f.sampled_population, 'max', ${s.maxMissedRate}::numeric)`)}
        end,
        case when f.assessed and (f.surveyed <= 0 or f.satisfied < ${s.minApproval}::numeric * f.surveyed)
               then ${r('approval', 'approvalTooLow', sql`jsonb_build_object('satisfied', f.satisfied, 'surveyed', f.surveyed, 'min', ${s.minApproval}::numeric)`)}
        end
      ], null) as reasons
      from f
    )
    insert into county_exit_results
      (county_code, year, evaluation_id, eligible, poor_people, rural_population, reasons, failed, stale, evaluated_at)
    select ${countyCode}, ${year}::int, ${evaluationId}::bigint, cardinality(e.reasons) = 0, e.poor_people, e.population,
           to_jsonb(e.reasons), array(select x->>'criterion' from unnest(e.reasons) as x), false, now()
    from e`.execute(tx);
}

/**
 * Evaluates one county for a year in the caller's transaction: the county's earlier results for
 * the year are replaced by the households', villages' and county's new ones.
 */
export async function evaluateCounty(
  tx: Tx,
  countyCode: string,
  year: number,
  evaluationId: string,
  standards: ExitStandards,
): Promise<{ households: number; villages: number }> {
  const params = await villageParams(tx, standards, countyCode);
  // A county's members are grouped in memory rather than sorted on disk (≈140,000 rows at S=1).
  // Every join here pairs whole county sets: the row-level security ranges make PostgreSQL
  // estimate one row for them and pick a nested loop that compares every household with every
  // income row (64 million comparisons, 70 s, for a county of 11,000 households); hash joins only.
  await sql`set local work_mem = '64MB'`.execute(tx);
  await sql`set local enable_nestloop = off`.execute(tx);
  await sql`delete from county_exit_results where county_code = ${countyCode} and year = ${year}::int`.execute(tx);
  await sql`delete from village_exit_results where county_code = ${countyCode} and year = ${year}::int`.execute(tx);
  await sql`delete from household_exit_results where county_code = ${countyCode} and year = ${year}::int`.execute(tx);
  const households = await householdStatement(countyCode, year, evaluationId, standards, params).execute(tx);
  const villages = await villageStatement(countyCode, year, evaluationId, standards, params).execute(tx);
  await evaluateCountyRow(tx, countyCode, year, evaluationId, standards);
  return { households: Number(households.numAffectedRows ?? 0), villages: Number(villages.numAffectedRows ?? 0) };
}
