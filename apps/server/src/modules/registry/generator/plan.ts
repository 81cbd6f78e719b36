// Where the generated households live: how many in each prefecture-level unit, village and
// county, before any household is drawn. Pure: the region tree, scale and seed in, a plan out.
//
// Targets (DOMAIN §8): Hubei registered 1,915,000 households and 5,807,000 people in 2014.
// Units with published figures get them; 黄冈 and 咸宁 published people only, so their
// households follow the mean size of the units without published households. The other units
// share the remaining people in proportion to their weighted village count, where a designated
// poor village counts POOR_DENSITY times a plain 村委会 — the same weights that place households
// inside every unit, chosen so that ≈65% of all households live in poor villages. Urban 居委会
// communities get none (poor households are rural; DOMAIN §5).

import { Rng } from './random.js';

/** Registered poor households and people in Hubei, 2014 (DOMAIN §8). */
export const HUBEI_REGISTERED = { households: 1_915_000, people: 5_807_000 } as const;

/** Published registered poor by unit (DOMAIN §8): households where known, and people. */
export const PUBLISHED_UNIT_TARGETS: Readonly<Record<string, { households?: number; people: number }>> = {
  '4203': { households: 263_039, people: 821_966 }, // 十堰 2014
  '4205': { households: 126_000, people: 325_000 }, // 宜昌
  '4206': { households: 87_000, people: 270_000 }, // 襄阳 2015
  '4202': { households: 43_900, people: 130_100 }, // 黄石
  '4210': { households: 131_494, people: 400_524 }, // 荆州 (cumulative to 2020)
  '429021': { households: 5_440, people: 15_672 }, // 神农架
  '4211': { people: 1_028_300 }, // 黄冈 2014
  '4212': { people: 383_000 }, // 咸宁 2014
};

/** Share of households in designated poor villages, province-wide (a modelling choice). */
export const POOR_VILLAGE_HOUSEHOLD_SHARE = 0.65;

/** The part of the region tree the plan reads. */
export interface RegionTree {
  /** Counties (and the 4 units directly under the province) with their parent code. */
  counties: readonly { code: string; parentCode: string }[];
  /** 村委会 villages only (digits 10–12 in 200–399), with their poor flag. */
  villages: readonly { code: string; poor: boolean }[];
}

/** One village's share of the plan. */
export interface VillagePlan {
  code: string;
  poor: boolean;
  households: number;
}

/** One county's households, generated and written as one batch. */
export interface CountyPlan {
  countyCode: string;
  /** Prefecture-level unit: a 4-digit prefecture or a 6-digit unit directly under the province. */
  unitCode: string;
  /** Target mean household size of the unit (its people ÷ its households). */
  meanSize: number;
  households: number;
  villages: VillagePlan[];
}

/** The whole plan, counties in code order. */
export interface RegistryPlan {
  counties: CountyPlan[];
  households: number;
  /** Sum of households × mean size: about how many members will be generated. */
  expectedMembers: number;
}

/** Unit-level targets at scale 1. */
export interface UnitTarget {
  unitCode: string;
  households: number;
  people: number;
}

/** The prefecture-level unit of a county: its parent, unless the parent is the province. */
function unitOf(county: { code: string; parentCode: string }): string {
  return county.parentCode.length === 2 ? county.code : county.parentCode;
}

/** Weight of poor villages against plain ones so that POOR_VILLAGE_HOUSEHOLD_SHARE holds overall. */
export function poorDensity(tree: RegionTree): number {
  const poor = tree.villages.filter((v) => v.poor).length;
  const plain = tree.villages.length - poor;
  if (poor === 0 || plain === 0) return 1;
  return (POOR_VILLAGE_HOUSEHOLD_SHARE / (1 - POOR_VILLAGE_HOUSEHOLD_SHARE)) * (plain / poor);
}

/** Households and people per prefecture-level unit at scale 1 (see the header comment). */
export function unitTargets(tree: RegionTree): UnitTarget[] {
  const density = poorDensity(tree);
  const unitByCounty = new Map(tree.counties.map((c) => [c.code, unitOf(c)]));
  const weight = new Map<string, number>();
  for (const v of tree.villages) {
    const unit = unitByCounty.get(v.code.slice(0, 6));
    if (unit !== undefined) weight.set(unit, (weight.get(unit) ?? 0) + (v.poor ? density : 1));
  }
  const units = [...weight.keys()].sort();
  const published = units.flatMap((u) => {
    const p = PUBLISHED_UNIT_TARGETS[u];
    return p === undefined ? [] : [{ unitCode: u, ...p }];
  });
  const publishedPeople = published.reduce((sum, p) => sum + p.people, 0);
  const others = units.filter((u) => PUBLISHED_UNIT_TARGETS[u] === undefined);
  const otherWeight = others.reduce((sum, u) => sum + (weight.get(u) ?? 0), 0);
  const restPeople = Math.max(0, HUBEI_REGISTERED.people - publishedPeople);
  const people = new Map<string, number>(published.map((p) => [p.unitCode, p.people]));
  for (const u of others) people.set(u, (restPeople * (weight.get(u) ?? 0)) / otherWeight);
  // Households where unpublished: the remaining households in proportion to people.
  const knownHouseholds = published.reduce((sum, p) => sum + (p.households ?? 0), 0);
  const unknown = units.filter((u) => PUBLISHED_UNIT_TARGETS[u]?.households === undefined);
  const unknownPeople = unknown.reduce((sum, u) => sum + (people.get(u) ?? 0), 0);
  const householdsPerPerson = Math.max(0, HUBEI_REGISTERED.households - knownHouseholds) / unknownPeople;
  return units.map((u) => {
    const p = people.get(u) ?? 0;
    return { unitCode: u, people: p, households: PUBLISHED_UNIT_TARGETS[u]?.households ?? p * householdsPerPerson };
  });
}

/**
 * Spreads `total` over items by weight, exactly: systematic allocation with a seeded offset,
 * so each item gets the floor or ceiling of its expected share and the sum is `total`.
 */
function allocate(total: number, weights: readonly number[], rng: Rng): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const offset = rng.next();
  let cumulative = 0;
  let previous = Math.floor(offset);
  return weights.map((w) => {
    cumulative += (w / sum) * total;
    const upTo = Math.floor(cumulative + offset);
    const n = Math.max(0, upTo - previous);
    previous = upTo;
    return n;
  });
}

/** Plans households per village and county for a scale (1 = the real registry) and seed. */
export function planRegistry(tree: RegionTree, scale: number, seed: number): RegistryPlan {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const density = poorDensity(tree);
  const unitByCounty = new Map(tree.counties.map((c) => [c.code, unitOf(c)]));
  const villagesByUnit = new Map<string, { code: string; poor: boolean }[]>();
  for (const v of tree.villages) {
    const unit = unitByCounty.get(v.code.slice(0, 6));
    if (unit === undefined) continue;
    const list = villagesByUnit.get(unit) ?? [];
    list.push(v);
    villagesByUnit.set(unit, list);
  }
  const byCounty = new Map<string, CountyPlan>();
  let expectedMembers = 0;
  for (const target of unitTargets(tree)) {
    const villages = (villagesByUnit.get(target.unitCode) ?? []).slice().sort((a, b) => (a.code < b.code ? -1 : 1));
    const rng = new Rng(seed, 'plan', target.unitCode);
    // Villages differ in size: each weight varies ±40% around its kind's density.
    const weights = villages.map((v) => (v.poor ? density : 1) * rng.real(0.6, 1.4));
    const households = Math.max(1, Math.round(target.households * scale));
    const counts = allocate(households, weights, rng);
    const meanSize = target.people / target.households;
    expectedMembers += households * meanSize;
    villages.forEach((v, i) => {
      const n = counts[i] ?? 0;
      if (n === 0) return;
      const countyCode = v.code.slice(0, 6);
      const county = byCounty.get(countyCode) ?? {
        countyCode,
        unitCode: target.unitCode,
        meanSize,
        households: 0,
        villages: [],
      };
      county.villages.push({ code: v.code, poor: v.poor, households: n });
      county.households += n;
      byCounty.set(countyCode, county);
    });
  }
  const counties = [...byCounty.values()].sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1));
  return { counties, households: counties.reduce((sum, c) => sum + c.households, 0), expectedMembers };
}
