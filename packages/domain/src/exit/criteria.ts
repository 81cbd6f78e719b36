// The exit tests as pure functions. The server evaluates whole counties with set-based SQL
// (apps/server/src/modules/exit/evaluate.ts) that computes the same reasons with the same
// comparisons; these functions re-evaluate a single household after a change and are the
// reference the tests hold the SQL to. Comparisons are exact (integer fen, shares in millionths):
// "above the line" is strict, "incidence below 2%" is strict, "≥ 50,000", "≤ 2%", "≥ 90%" are not.

import { yuanToFen } from '../registry/income.js';
import type { ExitReason, ReasonCode, ReasonParams } from './reasons.js';
import {
  SIX_VILLAGE_STANDARDS,
  type CountyStandard,
  type HouseholdStandard,
  type SixVillageStandard,
  type VillageStandard,
} from './standards.js';

/** Education levels that complete compulsory schooling (初中 and above). */
export const COMPULSORY_COMPLETED = ['初中', '高中', '大专', '本科及以上'] as const;

/** One member as the household test reads it. */
export interface ExitMemberFacts {
  birthDate: string | null;
  schoolStatus: string | null;
  education: string | null;
  hasMedicalInsurance: boolean | null;
  hasResidentPension: boolean | null;
}

/** A household's income for the evaluated year (yuan), or null when none is recorded. */
export interface ExitIncomeFacts {
  perCapita: number | null;
  wages: number;
  businessNet: number;
  property: number;
  /** 低保金 + 特困供养金: the safety net (兜底保障) counts as an income source. */
  safetyNet: number;
}

export interface HouseholdExitFacts {
  year: number;
  income: ExitIncomeFacts | null;
  houseGrade: string | null;
  waterSafe: boolean | null;
  members: readonly ExitMemberFacts[];
}

function reason<C extends ReasonCode>(
  criterion: ExitReason['criterion'],
  code: C,
  params: ReasonParams[C],
): ExitReason {
  return { criterion, code, params } as ExitReason;
}

const SHARE_SCALE = 1_000_000;
const share = (value: number) => Math.round(value * SHARE_SCALE);

/** part ÷ whole < limit, exactly (whole > 0). */
export function shareBelow(part: number, whole: number, limit: number): boolean {
  return part * SHARE_SCALE < share(limit) * whole;
}

/** part ÷ whole ≤ limit, exactly; 0 ÷ 0 counts as 0. */
export function shareAtMost(part: number, whole: number, limit: number): boolean {
  return part * SHARE_SCALE <= share(limit) * whole;
}

/** Age in whole years on 31 December of `year` (the birthday has passed by then). */
export function ageAtYearEnd(birthDate: string, year: number): number {
  return year - Number(birthDate.slice(0, 4));
}

/** Whether a member is of compulsory-school age, out of school and has not finished 初中. */
export function isDropOut(m: ExitMemberFacts, year: number, std: HouseholdStandard): boolean {
  if (!m.birthDate) return false;
  const age = ageAtYearEnd(m.birthDate, year);
  if (age < std.compulsoryAgeMin || age > std.compulsoryAgeMax) return false;
  return m.schoolStatus === null && !(COMPULSORY_COMPLETED as readonly (string | null)[]).includes(m.education);
}

/** Whether a member should hold resident pension insurance (16 and over, out of school) but does not. */
export function lacksPension(m: ExitMemberFacts, year: number): boolean {
  if (!m.birthDate || m.schoolStatus !== null) return false;
  return ageAtYearEnd(m.birthDate, year) >= 16 && m.hasResidentPension !== true;
}

/**
 * The household test for a year: every failed criterion, none when the household may exit.
 * National (the 2016 opinion): income strictly above the line (吃穿不愁 is judged by income and
 * confirmed at the work-team check), no drop-out, everyone insured, house not C/D, safe water.
 * 恩施 "七有" adds an income source and pension insurance.
 */
export function evaluateHousehold(
  facts: HouseholdExitFacts,
  line: number | undefined,
  std: HouseholdStandard,
): ExitReason[] {
  const out: ExitReason[] = [];
  if (line === undefined) out.push(reason('income', 'noLine', { year: facts.year }));
  else if (!facts.income || facts.income.perCapita === null)
    out.push(reason('income', 'incomeMissing', { year: facts.year }));
  else if (!(yuanToFen(facts.income.perCapita) > yuanToFen(line)))
    out.push(reason('income', 'incomeBelowLine', { perCapita: facts.income.perCapita, line }));
  const dropOuts = facts.members.filter((m) => isDropOut(m, facts.year, std)).length;
  if (dropOuts > 0) out.push(reason('education', 'dropOut', { count: dropOuts }));
  const uninsured = facts.members.filter((m) => m.hasMedicalInsurance !== true).length;
  if (uninsured > 0) out.push(reason('medical', 'uninsured', { count: uninsured }));
  if (facts.houseGrade === null) out.push(reason('housing', 'houseUnknown', {}));
  else if (facts.houseGrade === 'C' || facts.houseGrade === 'D')
    out.push(reason('housing', 'unsafeHouse', { grade: facts.houseGrade }));
  if (facts.waterSafe === null) out.push(reason('water', 'waterUnknown', {}));
  else if (!facts.waterSafe) out.push(reason('water', 'unsafeWater', {}));
  if (std.profile === 'qiyou') {
    const i = facts.income;
    if (i && !(i.wages > 0 || i.businessNet > 0 || i.property > 0 || i.safetyNet > 0))
      out.push(reason('incomeSource', 'noIncomeSource', {}));
    const noPension = facts.members.filter((m) => lacksPension(m, facts.year)).length;
    if (noPension > 0) out.push(reason('pension', 'noPension', { count: noPension }));
  }
  return out;
}

/** What the village test reads for one village and year. */
export interface VillageExitFacts {
  year: number;
  /** People in registered poor households that do not meet the household test this year. */
  poorPeople: number;
  ruralPopulation: number | null;
  collectiveIncome: number | null;
  disposableIncome: number | null;
  provinceIncome: number | null;
  sixStandards: Partial<Record<SixVillageStandard, boolean>> | null;
}

/** The village test (the 2016 opinion; 天门 and 恩施 additions where configured). */
export function evaluateVillage(facts: VillageExitFacts, std: VillageStandard): ExitReason[] {
  const out: ExitReason[] = [];
  const population = facts.ruralPopulation ?? 0;
  if (population <= 0) out.push(reason('incidence', 'populationMissing', {}));
  else if (!shareBelow(facts.poorPeople, population, std.maxIncidence))
    out.push(reason('incidence', 'incidenceTooHigh', { poor: facts.poorPeople, population, max: std.maxIncidence }));
  if (std.minCollectiveIncome !== null) {
    if (facts.collectiveIncome === null) out.push(reason('collectiveIncome', 'collectiveIncomeMissing', {}));
    else if (yuanToFen(facts.collectiveIncome) < yuanToFen(std.minCollectiveIncome))
      out.push(
        reason('collectiveIncome', 'collectiveIncomeLow', {
          income: facts.collectiveIncome,
          min: std.minCollectiveIncome,
        }),
      );
  }
  if (std.minIncomeRatio !== null) {
    if (facts.disposableIncome === null) out.push(reason('incomeRatio', 'disposableIncomeMissing', {}));
    else if (facts.provinceIncome === null)
      out.push(reason('incomeRatio', 'provinceIncomeMissing', { year: facts.year }));
    else if (
      !(yuanToFen(facts.disposableIncome) * SHARE_SCALE > share(std.minIncomeRatio) * yuanToFen(facts.provinceIncome))
    )
      out.push(
        reason('incomeRatio', 'incomeRatioLow', {
          income: facts.disposableIncome,
          average: facts.provinceIncome,
          ratio: std.minIncomeRatio,
        }),
      );
  }
  if (std.requireSixStandards) {
    const unmet = SIX_VILLAGE_STANDARDS.filter((s) => facts.sixStandards?.[s] !== true);
    if (unmet.length > 0) out.push(reason('sixStandards', 'sixStandardsUnmet', { items: unmet }));
  }
  return out;
}

/** The third-party sample figures of a county and year ("三率一度"). */
export interface CountyAssessmentFacts {
  sampledExited: number;
  wronglyExited: number;
  sampledPopulation: number;
  missed: number;
  surveyed: number;
  satisfied: number;
}

export interface CountyExitFacts {
  poorPeople: number;
  ruralPopulation: number;
  assessment: CountyAssessmentFacts | null;
}

/** The county test: incidence, wrong-exit ≤ max, missed ≤ max, approval ≥ min. */
export function evaluateCounty(facts: CountyExitFacts, std: CountyStandard): ExitReason[] {
  const out: ExitReason[] = [];
  if (facts.ruralPopulation <= 0) out.push(reason('incidence', 'populationMissing', {}));
  else if (!shareBelow(facts.poorPeople, facts.ruralPopulation, std.maxIncidence))
    out.push(
      reason('incidence', 'incidenceTooHigh', {
        poor: facts.poorPeople,
        population: facts.ruralPopulation,
        max: std.maxIncidence,
      }),
    );
  const a = facts.assessment;
  if (!a) {
    out.push(reason('wrongExit', 'assessmentMissing', {}));
    return out;
  }
  if (!shareAtMost(a.wronglyExited, a.sampledExited, std.maxWrongExitRate))
    out.push(
      reason('wrongExit', 'wrongExitTooHigh', {
        wrong: a.wronglyExited,
        sampled: a.sampledExited,
        max: std.maxWrongExitRate,
      }),
    );
  if (!shareAtMost(a.missed, a.sampledPopulation, std.maxMissedRate))
    out.push(
      reason('missed', 'missedTooHigh', { missed: a.missed, population: a.sampledPopulation, max: std.maxMissedRate }),
    );
  if (a.surveyed <= 0 || a.satisfied * SHARE_SCALE < share(std.minApproval) * a.surveyed)
    out.push(
      reason('approval', 'approvalTooLow', { satisfied: a.satisfied, surveyed: a.surveyed, min: std.minApproval }),
    );
  return out;
}
