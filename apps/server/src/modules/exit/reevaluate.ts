import { sql } from 'kysely';
import { evaluateHousehold, lineOf, resolveStandard, type ExitIncomeFacts, type ExitStandards } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { householdStatement, villageParams, type WrittenHouseholdResult } from './evaluate.js';
import { markStale, markVillagesStale } from './facts.js';

// A household change re-evaluates that household at once, in the writer's transaction, for every
// year its county has been evaluated, with the standards that evaluation used; the pure test in
// packages/domain (the same criteria as the set-based SQL) decides. When the household's
// eligibility or poverty status changed, its village's and county's results for the year are
// marked stale (they count its people). A batch of new households (a registration, an import)
// is re-evaluated set-based by the evaluation's own household statement (reevaluateHouseholds).

const toNumber = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Re-evaluates one household. `event` is the status change that caused it, if any: a relapse or
 * closure always changes its village's count of poor people; an exit does so only when the
 * household did not meet the standard (the count already left out households that do).
 */
export async function reevaluateHousehold(
  tx: Tx,
  countyCode: string,
  householdId: string,
  event?: string,
): Promise<void> {
  const h = await tx
    .selectFrom('households')
    .select(['village_code', 'status', 'house_grade', 'water_safe', 'size'])
    .where('county_code', '=', countyCode)
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!h) return;
  const years = await sql<{ year: number }>`
    select year from village_exit_results where county_code = ${countyCode} and village_code = ${h.village_code}
    union
    select year from household_exit_results where county_code = ${countyCode} and household_id = ${householdId}::bigint
    order by year`.execute(tx);
  if (years.rows.length === 0) return;
  const [members, incomes, previous] = await Promise.all([
    tx
      .selectFrom('members')
      .select(['birth_date', 'school_status', 'education', 'has_medical_insurance', 'has_resident_pension'])
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .execute(),
    tx
      .selectFrom('household_incomes')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .execute(),
    tx
      .selectFrom('household_exit_results')
      .select(['year', 'eligible'])
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .execute(),
  ]);
  const memberFacts = members.map((m) => ({
    birthDate: m.birth_date === null ? null : String(m.birth_date).slice(0, 10),
    schoolStatus: m.school_status,
    education: m.education,
    hasMedicalInsurance: m.has_medical_insurance,
    hasResidentPension: m.has_resident_pension,
  }));
  for (const { year } of years.rows) {
    const before = previous.find((p) => p.year === year);
    if (h.status === '已销户') {
      await tx
        .deleteFrom('household_exit_results')
        .where('county_code', '=', countyCode)
        .where('household_id', '=', householdId)
        .where('year', '=', year)
        .execute();
      await markStale(tx, h.village_code, year);
      continue;
    }
    const found = await sql<{ standards: ExitStandards | null }>`
      select fupin_exit_standards_for(${countyCode}, ${year}::int) as standards`.execute(tx);
    const standards = found.rows[0]?.standards;
    if (!standards) continue;
    const line = lineOf(standards, year);
    const i = incomes.find((x) => x.year === year);
    const income: ExitIncomeFacts | null = i
      ? {
          perCapita: i.per_capita === null ? null : Number(i.per_capita),
          wages: toNumber(i.wages),
          businessNet: toNumber(i.business) - toNumber(i.business_expenses),
          property: toNumber(i.property),
          safetyNet: toNumber(i.transfer_dibao) + toNumber(i.transfer_destitute),
        }
      : null;
    const reasons = evaluateHousehold(
      { year, income, houseGrade: h.house_grade, waterSafe: h.water_safe, members: memberFacts },
      line,
      resolveStandard(standards, h.village_code).household,
    );
    const eligible = reasons.length === 0;
    const values = {
      village_code: h.village_code,
      eligible,
      reasons: JSON.stringify(reasons),
      failed: reasons.map((x) => x.criterion),
      per_capita: income?.perCapita ?? null,
      line: line ?? null,
      size: h.size,
      poor: h.status === '未脱贫' || h.status === '返贫',
      evaluated_at: new Date(),
    };
    await tx
      .insertInto('household_exit_results')
      .values({ county_code: countyCode, household_id: householdId, year, evaluation_id: null, ...values })
      .onConflict((oc) => oc.columns(['county_code', 'household_id', 'year']).doUpdateSet(values))
      .execute();
    const poorChanged = event === 'relapse' || event === 'close' || (event === 'exit' && before?.eligible !== true);
    if (poorChanged || before?.eligible !== eligible) await markStale(tx, h.village_code, year);
  }
}

/**
 * The villages whose count of poor people may change when a batch's results `before` are
 * replaced by `after`: wherever a poor household's result appears, disappears or changes.
 */
function villagesToMark(before: WrittenHouseholdResult[], after: WrittenHouseholdResult[]): string[] {
  const old = new Map(before.map((r) => [r.household_id, r]));
  const villages = new Set<string>();
  const mark = (b: WrittenHouseholdResult | undefined, a: WrittenHouseholdResult | undefined) => {
    if (!b?.poor && !a?.poor) return;
    const same =
      b &&
      a &&
      b.eligible === a.eligible &&
      b.poor === a.poor &&
      b.size === a.size &&
      b.village_code === a.village_code;
    if (same) return;
    if (b) villages.add(b.village_code);
    if (a) villages.add(a.village_code);
  };
  for (const a of after) mark(old.get(a.household_id), a);
  const written = new Set(after.map((a) => a.household_id));
  for (const b of before) if (!written.has(b.household_id)) mark(b, undefined);
  return [...villages];
}

/**
 * Re-evaluates a batch of one county's households (an import's, or a registration's) set-based:
 * for every year their villages or they themselves have results, their rows are replaced by the
 * evaluation's SQL restricted to them, with the standards that year's evaluation used. The
 * village and county results of the year are marked stale where a poor household's result
 * appeared or changed. Costs four statements per year and one more, whatever the batch's size.
 */
export async function reevaluateHouseholds(tx: Tx, countyCode: string, householdIds: readonly string[]): Promise<void> {
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return;
  const years = await sql<{ year: number; standards: ExitStandards | null }>`
    select y.year, fupin_exit_standards_for(${countyCode}, y.year) as standards from (
      select r.year from village_exit_results r
      where r.county_code = ${countyCode} and r.village_code in (select h.village_code from households h
        where h.county_code = ${countyCode} and h.id = any(${ids}::bigint[]))
      union
      select x.year from household_exit_results x where x.county_code = ${countyCode} and x.household_id = any(${ids}::bigint[])
    ) y order by y.year`.execute(tx);
  for (const { year, standards } of years.rows) {
    if (!standards) continue;
    const params = await villageParams(tx, standards, countyCode);
    const before = await sql<WrittenHouseholdResult>`delete from household_exit_results
      where county_code = ${countyCode} and year = ${year}::int and household_id = any(${ids}::bigint[])
      returning household_id::text as household_id, village_code, eligible, poor, size`.execute(tx);
    const after = await householdStatement(countyCode, year, null, standards, params, ids).execute(tx);
    await markVillagesStale(tx, villagesToMark(before.rows, after.rows), year);
  }
}

/**
 * The registry's hook after a household write: re-evaluates it, and on a relapse flags its
 * finished exit case, so the exit pages show that the household fell back.
 */
export async function onHouseholdChanged(
  tx: Tx,
  countyCode: string,
  householdId: string,
  event?: string,
): Promise<void> {
  await reevaluateHousehold(tx, countyCode, householdId, event);
  if (event === 'relapse') {
    await tx
      .updateTable('exit_cases')
      .set({ relapsed_at: new Date() })
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .where('level', '=', 'household')
      .where('stage', '=', 'exited')
      .where('relapsed_at', 'is', null)
      .execute();
  }
}
