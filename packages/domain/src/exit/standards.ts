// Exit standards (退出标准) as configuration: the poverty line by year, the household, village and
// county tests and their thresholds, with overrides per region. Everything here is a default that
// a province administrator edits; the sources of the defaults are named beside each number.
//
// Sources: 《关于建立贫困退出机制的意见》(厅字〔2016〕16号, "the 2016 opinion"); 湖北省贫困退出实施
// 方案 (2016); the Hubei bulletin 2015 No. 14 for 恩施 ("七有", six village standards) and 天门
// (village income > 60% of the province average, collective income ≥ 50,000 yuan).

import { DEFAULT_POVERTY_LINES } from '../registry/povertyLine.js';

/** Which household test applies: the national one, or 恩施's "七有". */
export const HOUSEHOLD_PROFILES = ['national', 'qiyou'] as const;
export type HouseholdProfile = (typeof HOUSEHOLD_PROFILES)[number];

/** 恩施's six village standards (六条出列标准), answered yes/no per village and year. */
export const SIX_VILLAGE_STANDARDS = [
  'income',
  'povertyReduction',
  'industry',
  'environment',
  'publicServices',
  'organisation',
] as const;
export type SixVillageStandard = (typeof SIX_VILLAGE_STANDARDS)[number];

/** The household test. */
export interface HouseholdStandard {
  profile: HouseholdProfile;
  /** Ages of compulsory education (九年义务教育), inclusive, at 31 December of the year. */
  compulsoryAgeMin: number;
  compulsoryAgeMax: number;
}

/** The village test. */
export interface VillageStandard {
  /** Poverty incidence must be strictly below this share (2%; 3% in the west — the 2016 opinion). */
  maxIncidence: number;
  /** Village collective income, yuan per year, at least this; null = not tested. */
  minCollectiveIncome: number | null;
  /** Per-capita disposable income strictly above this share of the province average; null = not tested (天门 0.6). */
  minIncomeRatio: number | null;
  /** 恩施's six village standards must all be met. */
  requireSixStandards: boolean;
}

/** The county test, with the third-party evaluation "三率一度". */
export interface CountyStandard {
  /** Poverty incidence strictly below this share (2%; 3% in the west). */
  maxIncidence: number;
  /** Wrongly exited ÷ sampled exited, at most (错退率 ≤ 2%). */
  maxWrongExitRate: number;
  /** Verified missed ÷ non-registered sampled population, at most (漏评率 ≤ 2%). */
  maxMissedRate: number;
  /** Satisfied ÷ surveyed, at least (群众认可度 ≥ 90%). */
  minApproval: number;
}

/** A region's changes to the tests; the longest matching code prefix wins over its parents. */
export interface StandardOverride {
  regionCode: string;
  note?: string | undefined;
  household?: Partial<HouseholdStandard> | undefined;
  village?: Partial<VillageStandard> | undefined;
  county?: Partial<CountyStandard> | undefined;
}

/** Province rural per-capita disposable income by year, the base of 天门's 60% test. */
export interface ProvinceIncomeEntry {
  year: number;
  yuan: number;
}

/** The whole configuration; stored as one versioned row per edit. */
export interface ExitStandards {
  povertyLines: { year: number; yuan: number }[];
  provinceIncome: ProvinceIncomeEntry[];
  household: HouseholdStandard;
  village: VillageStandard;
  county: CountyStandard;
  overrides: StandardOverride[];
}

/** The tests that apply to one region after overrides. */
export interface ResolvedStandard {
  household: HouseholdStandard;
  village: VillageStandard;
  county: CountyStandard;
}

/** Defaults of the exit standards. */
export const DEFAULT_EXIT_STANDARDS: ExitStandards = {
  povertyLines: DEFAULT_POVERTY_LINES.map((e) => ({ year: e.year, yuan: e.yuan })),
  // Hubei rural per-capita disposable income (湖北省统计局): 2014 10,849 (DOMAIN §8); later years
  // from the provincial statistical communiqués.
  provinceIncome: [
    { year: 2014, yuan: 10849 },
    { year: 2015, yuan: 11844 },
    { year: 2016, yuan: 12725 },
    { year: 2017, yuan: 13812 },
    { year: 2018, yuan: 14978 },
    { year: 2019, yuan: 16391 },
  ],
  // The 2016 opinion: 人均纯收入稳定超过国家扶贫标准且吃穿不愁，义务教育、基本医疗、住房安全有保障
  // (+ 饮水安全, added in the 2019 national check of 两不愁三保障).
  household: { profile: 'national', compulsoryAgeMin: 6, compulsoryAgeMax: 15 },
  // The 2016 opinion: 贫困发生率降至2%以下（西部地区降至3%以下）; collective income ≥ 50,000 yuan
  // as the bulletin states it for 天门 and Hubei's village exit rules adopt it province-wide.
  village: { maxIncidence: 0.02, minCollectiveIncome: 50000, minIncomeRatio: null, requireSixStandards: false },
  // The 2016 opinion and the 2017 assessment rules for county exit (贫困县退出专项评估检查):
  // 错退率、漏评率均低于 2%，群众认可度达到 90% 以上.
  county: { maxIncidence: 0.02, maxWrongExitRate: 0.02, maxMissedRate: 0.02, minApproval: 0.9 },
  overrides: [
    {
      regionCode: '4228',
      note: '恩施州：比照西部地区（贫困发生率 3%），"七有"到户标准，六条出列标准（公报）',
      household: { profile: 'qiyou' },
      village: { maxIncidence: 0.03, requireSixStandards: true },
      county: { maxIncidence: 0.03 },
    },
    {
      regionCode: '429006',
      note: '天门市：村人均可支配收入高于全省平均 60%（公报）',
      village: { minIncomeRatio: 0.6 },
    },
  ],
};

/** The tests for a region: defaults, then each override whose code is a prefix of `regionCode`, shortest first. */
export function resolveStandard(standards: ExitStandards, regionCode: string): ResolvedStandard {
  const applicable = standards.overrides
    .filter((o) => regionCode.startsWith(o.regionCode))
    .sort((a, b) => a.regionCode.length - b.regionCode.length);
  let household = { ...standards.household };
  let village = { ...standards.village };
  let county = { ...standards.county };
  for (const o of applicable) {
    household = { ...household, ...definedOnly(o.household) };
    village = { ...village, ...definedOnly(o.village) };
    county = { ...county, ...definedOnly(o.county) };
  }
  return { household, village, county };
}

function definedOnly<T extends object>(part: Partial<T> | undefined): Partial<T> {
  if (!part) return {};
  return Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The configured poverty line of a year in yuan, or undefined. */
export function lineOf(standards: ExitStandards, year: number): number | undefined {
  return standards.povertyLines.find((e) => e.year === year)?.yuan;
}

/** The province average rural income of a year in yuan, or undefined. */
export function provinceIncomeOf(standards: ExitStandards, year: number): number | undefined {
  return standards.provinceIncome.find((e) => e.year === year)?.yuan;
}

const isShare = (v: number) => Number.isFinite(v) && v > 0 && v <= 1;

function householdProblems(h: Partial<HouseholdStandard>, at: string): string[] {
  const out: string[] = [];
  if (h.profile !== undefined && !HOUSEHOLD_PROFILES.includes(h.profile)) out.push(`${at}.profile`);
  for (const k of ['compulsoryAgeMin', 'compulsoryAgeMax'] as const) {
    const v = h[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 3 && v <= 20)) out.push(`${at}.${k}`);
  }
  if (h.compulsoryAgeMin !== undefined && h.compulsoryAgeMax !== undefined && h.compulsoryAgeMin > h.compulsoryAgeMax)
    out.push(`${at}.compulsoryAgeMax`);
  return out;
}

function villageProblems(v: Partial<VillageStandard>, at: string): string[] {
  const out: string[] = [];
  if (v.maxIncidence !== undefined && !isShare(v.maxIncidence)) out.push(`${at}.maxIncidence`);
  if (v.minCollectiveIncome !== undefined && v.minCollectiveIncome !== null && !(v.minCollectiveIncome >= 0))
    out.push(`${at}.minCollectiveIncome`);
  if (v.minIncomeRatio !== undefined && v.minIncomeRatio !== null && !isShare(v.minIncomeRatio))
    out.push(`${at}.minIncomeRatio`);
  return out;
}

function countyProblems(c: Partial<CountyStandard>, at: string): string[] {
  const out: string[] = [];
  for (const k of ['maxIncidence', 'maxWrongExitRate', 'maxMissedRate', 'minApproval'] as const) {
    const v = c[k];
    if (v !== undefined && !isShare(v)) out.push(`${at}.${k}`);
  }
  return out;
}

/** The fields of a configuration that are out of range (paths like `village.maxIncidence`); empty when usable. */
export function standardsProblems(s: ExitStandards): string[] {
  const out: string[] = [];
  const years = new Set<number>();
  s.povertyLines.forEach((e, i) => {
    if (!Number.isInteger(e.year) || years.has(e.year)) out.push(`povertyLines.${i}.year`);
    years.add(e.year);
    if (!(Number.isFinite(e.yuan) && e.yuan > 0)) out.push(`povertyLines.${i}.yuan`);
  });
  const incomeYears = new Set<number>();
  s.provinceIncome.forEach((e, i) => {
    if (!Number.isInteger(e.year) || incomeYears.has(e.year)) out.push(`provinceIncome.${i}.year`);
    incomeYears.add(e.year);
    if (!(Number.isFinite(e.yuan) && e.yuan > 0)) out.push(`provinceIncome.${i}.yuan`);
  });
  out.push(...householdProblems(s.household, 'household'));
  out.push(...villageProblems(s.village, 'village'));
  out.push(...countyProblems(s.county, 'county'));
  const codes = new Set<string>();
  s.overrides.forEach((o, i) => {
    if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(o.regionCode) || codes.has(o.regionCode))
      out.push(`overrides.${i}.regionCode`);
    codes.add(o.regionCode);
    out.push(...householdProblems(o.household ?? {}, `overrides.${i}.household`));
    out.push(...villageProblems(o.village ?? {}, `overrides.${i}.village`));
    out.push(...countyProblems(o.county ?? {}, `overrides.${i}.county`));
  });
  return out;
}
