// Assistance rules shared by the server and the web forms: unit kinds and levels, tenure dates,
// the work-team rules and the rebalancing of a departing helper's households.

/** Kinds of helping units (帮扶单位); bank and insurer serve households (随州 "七联"). */
export const UNIT_KINDS = ['department', 'enterprise', 'bank', 'insurer', 'social_org'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, { 'zh-CN': string; en: string }> = {
  department: { 'zh-CN': '党政机关/事业单位', en: 'Government department' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  bank: { 'zh-CN': '银行', en: 'Bank' },
  insurer: { 'zh-CN': '保险机构', en: 'Insurer' },
  social_org: { 'zh-CN': '社会组织', en: 'Social organisation' },
};

/** Administrative level of a unit. */
export const UNIT_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_LEVEL_LABELS: Record<UnitLevel, { 'zh-CN': string; en: string }> = {
  province: { 'zh-CN': '省直', en: 'Province' },
  city: { 'zh-CN': '市直', en: 'City' },
  county: { 'zh-CN': '县直', en: 'County' },
  township: { 'zh-CN': '乡镇', en: 'Township' },
};

/** A village's links (七联): helping units and an enterprise. */
export const VILLAGE_LINK_KINDS = ['unit', 'enterprise'] as const;
export type VillageLinkKind = (typeof VILLAGE_LINK_KINDS)[number];
/** A household's links (七联): a bank and an insurer. */
export const HOUSEHOLD_LINK_KINDS = ['bank', 'insurer'] as const;
export type HouseholdLinkKind = (typeof HOUSEHOLD_LINK_KINDS)[number];

/** Which unit kinds fit a link kind: an enterprise link needs an enterprise, a bank link a bank… */
export function unitFitsLink(unit: UnitKind, link: VillageLinkKind | HouseholdLinkKind): boolean {
  switch (link) {
    case 'unit':
      return unit === 'department' || unit === 'social_org' || unit === 'enterprise';
    case 'enterprise':
      return unit === 'enterprise';
    case 'bank':
      return unit === 'bank';
    case 'insurer':
      return unit === 'insurer';
  }
}

/** Household statuses that need a helper, a bank and an insurer (not yet out, or relapsed). */
export const ASSISTED_STATUSES = ['未脱贫', '返贫'] as const;

/** Coverage figures of poor villages (孝感 "四个全覆盖", 随州 "七联"). */
export const VILLAGE_COVERAGE = ['workTeam', 'firstSecretary', 'unit', 'enterprise'] as const;
export type VillageCoverage = (typeof VILLAGE_COVERAGE)[number];
/** Coverage figures of poor households. */
export const HOUSEHOLD_COVERAGE = ['helper', 'bank', 'insurer'] as const;
export type HouseholdCoverage = (typeof HOUSEHOLD_COVERAGE)[number];

export const COVERAGE_LABELS: Record<VillageCoverage | HouseholdCoverage, { 'zh-CN': string; en: string }> = {
  workTeam: { 'zh-CN': '驻村工作队', en: 'Work team' },
  firstSecretary: { 'zh-CN': '第一书记', en: 'First secretary' },
  unit: { 'zh-CN': '帮扶单位', en: 'Helping unit' },
  enterprise: { 'zh-CN': '联系企业', en: 'Enterprise' },
  helper: { 'zh-CN': '帮扶责任人', en: 'Helper' },
  bank: { 'zh-CN': '联系银行', en: 'Bank' },
  insurer: { 'zh-CN': '联系保险', en: 'Insurer' },
};

/** An ISO calendar date ('YYYY-MM-DD'). */
export type IsoDay = string;

/** `start` plus whole years; 29 February falls back to 28 February in a common year. */
export function addYears(start: IsoDay, years: number): IsoDay {
  const [y, m, d] = start.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new RangeError(`not a date: ${start}`);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether a string is a real calendar date 'YYYY-MM-DD'. */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Planned end of a first secretary's tenure (宜昌: 3 years). */
export function firstSecretaryPlannedEnd(start: IsoDay, tenureYears: number): IsoDay {
  return addYears(start, tenureYears);
}

/** Whether a team has enough distinct member units (宜昌: ≥ 3). */
export function teamHasEnoughUnits(unitIds: readonly string[], minimum: number): boolean {
  return new Set(unitIds).size >= minimum;
}

/** A village as the 不脱贫不脱钩 rule sees it. */
export interface VillagePovertyState {
  designated: boolean;
  /** The year the village exited (出列), null while it has not. */
  exitYear: number | null;
}

/** Whether a designated village is still poor on a day: not yet exited by that day's year. */
export function villageStillPoor(village: VillagePovertyState, on: IsoDay): boolean {
  if (!village.designated) return false;
  return village.exitYear === null || village.exitYear > Number(on.slice(0, 4));
}

/** Why a team may not end, or null when it may: "不脱贫不脱钩" unless a successor team takes over. */
export function teamEndRefusal(
  village: VillagePovertyState,
  on: IsoDay,
  hasSuccessor: boolean,
): 'villageStillPoor' | null {
  return villageStillPoor(village, on) && !hasSuccessor ? 'villageStillPoor' : null;
}

/** A helper who can take households in a rebalance. */
export interface RebalanceHelper {
  id: string;
  /** Region prefix whose households the helper may take. */
  regionCode: string;
  /** Active pairings now. */
  load: number;
}

export interface RebalanceHousehold {
  key: string;
  villageCode: string;
  /** Helpers already paired with this household (never paired twice). */
  pairedWith: readonly string[];
}

/**
 * Spreads a departing helper's households over other helpers: each goes to the least-loaded
 * helper whose region holds it, is not already paired with it, and is under `max`; ties go to the
 * helper whose region is closest (longest code), then the smaller id. Households no one can take
 * are returned in `unassigned`.
 */
export function planRebalance(
  households: readonly RebalanceHousehold[],
  helpers: readonly RebalanceHelper[],
  max: number,
): { assignments: { householdKey: string; helperId: string }[]; unassigned: string[] } {
  const load = new Map(helpers.map((h) => [h.id, h.load]));
  const assignments: { householdKey: string; helperId: string }[] = [];
  const unassigned: string[] = [];
  for (const household of households) {
    let best: RebalanceHelper | undefined;
    for (const helper of helpers) {
      const current = load.get(helper.id) ?? 0;
      if (current >= max || !household.villageCode.startsWith(helper.regionCode)) continue;
      if (household.pairedWith.includes(helper.id)) continue;
      if (!best || better(helper, current, best, load.get(best.id) ?? 0)) best = helper;
    }
    if (!best) {
      unassigned.push(household.key);
      continue;
    }
    load.set(best.id, (load.get(best.id) ?? 0) + 1);
    assignments.push({ householdKey: household.key, helperId: best.id });
  }
  return { assignments, unassigned };
}

function better(a: RebalanceHelper, aLoad: number, b: RebalanceHelper, bLoad: number): boolean {
  if (aLoad !== bLoad) return aLoad < bLoad;
  if (a.regionCode.length !== b.regionCode.length) return a.regionCode.length > b.regionCode.length;
  return BigInt(a.id) < BigInt(b.id);
}
