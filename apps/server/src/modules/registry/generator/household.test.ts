import { describe, expect, it } from 'vitest';
import {
  checkHousehold,
  checkIncome,
  netIncomeFen,
  parseDisabilityCertificate,
  parseIdNumber,
  perCapitaFen,
  type Issue,
} from '@fupin/domain';
import { DUPLICATE_FLAW, FLAW_KINDS, type FlawKind } from './flaws.js';
import { HouseholdFactory, registryAsOf, sizeTable, type GeneratedHousehold } from './household.js';
import { IdAllocator } from './members.js';

const YEAR = 2015;
const asOf = registryAsOf(YEAR);

/** Households of one county: `count` in each of two villages. */
function generate(
  count: number,
  options: { seed?: number; flawShare?: number; county?: string } = {},
): GeneratedHousehold[] {
  const county = options.county ?? '420222';
  const factory = new HouseholdFactory(county, county.slice(0, 4), 3.03, {
    seed: options.seed ?? 7,
    year: YEAR,
    flawShare: options.flawShare ?? 0,
  });
  const out: GeneratedHousehold[] = [];
  for (const village of [`${county}105201`, `${county}206399`]) {
    for (let i = 1; i <= count; i++) out.push(factory.next(village, i));
  }
  return out;
}

function codes(issues: readonly Issue[]): string[] {
  return issues.map((i) => i.code);
}

describe('generated households without flaws', () => {
  const households = [...generate(2500), ...generate(1000, { county: '422802' })];

  it('pass every registry check, warnings included', () => {
    const failing = households
      .map((h) => ({ no: h.householdNo, issues: codes(checkHousehold(h, { asOf, requireVillageCommittee: true })) }))
      .filter((r) => r.issues.length > 0);
    expect(failing).toEqual([]);
  });

  it('have valid IDs of their county, unique, agreeing with birth date and sex', () => {
    const seen = new Set<string>();
    for (const h of households) {
      for (const m of h.members) {
        const parsed = parseIdNumber(m.idNumber, { asOf });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) continue;
        expect(parsed.value.regionCode).toBe(h.countyCode);
        expect(parsed.value.birthDate).toBe(m.birthDate);
        expect(parsed.value.sex).toBe(m.sex);
        expect(parsed.value.age).toBe(m.age);
        expect(seen.has(m.idNumber)).toBe(false);
        seen.add(m.idNumber);
        if (m.disabilityCert !== null) {
          expect(m.health).toBe('残疾');
          expect(parseDisabilityCertificate(m.disabilityCert, { asOf }).ok).toBe(true);
          expect(m.disabilityCert.slice(0, 18)).toBe(m.idNumber);
        }
      }
    }
  });

  it('have families whose ages agree with their relations', () => {
    for (const h of households) {
      const [head, ...rest] = h.members;
      expect(head?.relation).toBe('户主');
      expect(h.members.length).toBeGreaterThanOrEqual(1);
      expect(h.members.length).toBeLessThanOrEqual(7);
      const headAge = head?.age ?? 0;
      for (const m of rest) {
        if (m.relation === '之子' || m.relation === '之女') expect(m.age).toBeLessThanOrEqual(headAge - 18);
        if (m.relation === '之父' || m.relation === '之母') expect(m.age).toBeGreaterThanOrEqual(headAge + 18);
        if (m.relation === '之孙子' || m.relation === '之孙女') expect(m.age).toBeLessThanOrEqual(headAge - 36);
      }
    }
  });

  it('bear out their main cause and keep other causes distinct', () => {
    for (const h of households) {
      if (h.mainCause === '因病')
        expect(h.members.some((m) => ['长期慢性病', '患有大病'].includes(m.health))).toBe(true);
      if (h.mainCause === '因残') expect(h.members.some((m) => m.health === '残疾')).toBe(true);
      if (h.mainCause === '因学') expect(h.members.some((m) => m.schoolStatus !== null && m.age >= 6)).toBe(true);
      expect(new Set([h.mainCause, ...h.otherCauses]).size).toBe(1 + h.otherCauses.length);
    }
  });

  it('have incomes whose parts add up to the per-capita figure, clustered around the line', () => {
    for (const h of households) {
      expect(checkIncome(h.income)).toEqual([]);
      expect(h.summary.netFen).toBe(netIncomeFen(h.income));
      expect(h.summary.perCapitaFen).toBe(perCapitaFen(netIncomeFen(h.income), h.members.length));
      if (h.attribute.startsWith('低保贫困')) expect(h.income.transfers.dibao).toBeGreaterThan(0);
    }
    const below = households.filter((h) => h.status === '未脱贫' && (h.summary.perCapitaFen ?? 0) < 285500).length;
    const stillPoor = households.filter((h) => h.status === '未脱贫').length;
    expect(below / stillPoor).toBeGreaterThan(0.65);
    expect(below / stillPoor).toBeLessThan(0.85);
    for (const h of households.filter((x) => x.status !== '未脱贫')) {
      expect(h.summary.perCapitaFen ?? 0).toBeGreaterThan(285500);
      expect(h.exitYear).toBe(YEAR);
    }
  });

  it('are the same for the same seed and differ for another', () => {
    expect(JSON.stringify(generate(200))).toBe(JSON.stringify(generate(200)));
    expect(JSON.stringify(generate(200, { seed: 8 }))).not.toBe(JSON.stringify(generate(200)));
  });
});

describe('deliberate flaws', () => {
  // Half flawed: a duplicate needs an earlier clean household to copy from.
  const households = generate(3000, { flawShare: 0.5 });
  const flawed = households.filter((h) => h.flaws.length > 0);

  it('label about the share asked for with one flaw each, of every kind', () => {
    expect(flawed.length / households.length).toBeCloseTo(0.5, 1);
    const kinds = new Set<FlawKind>();
    for (const h of flawed) {
      expect(h.flaws).toHaveLength(1);
      for (const f of h.flaws) kinds.add(f);
    }
    expect([...kinds].sort()).toEqual([...FLAW_KINDS].sort());
  });

  it('make checkHousehold report exactly the labelled finding', () => {
    for (const h of flawed) {
      const [flaw] = h.flaws;
      const found = codes(checkHousehold(h, { asOf, requireVillageCommittee: true }));
      // The duplicate spans two households: no single-household finding (see flaws.ts).
      expect({ no: h.householdNo, found }).toEqual({ no: h.householdNo, found: flaw === DUPLICATE_FLAW ? [] : [flaw] });
    }
  });

  it('copy a duplicate ID from an earlier household and keep it out of person_ids', () => {
    const firstHolder = new Map<string, string>();
    let copies = 0;
    for (const h of households) {
      for (const m of h.members) {
        if (h.flaws[0] === DUPLICATE_FLAW && !m.registered && m.relation === '其他') {
          copies += 1;
          expect(firstHolder.get(m.idNumber)).toBeDefined();
          expect(firstHolder.get(m.idNumber)).not.toBe(h.householdNo);
        } else if (m.registered && !firstHolder.has(m.idNumber)) firstHolder.set(m.idNumber, h.householdNo);
      }
    }
    expect(copies).toBe(households.filter((h) => h.flaws[0] === DUPLICATE_FLAW).length);
    expect(copies).toBeGreaterThan(100);
    const registered = households.flatMap((h) => h.members.filter((m) => m.registered).map((m) => m.idNumber));
    expect(new Set(registered).size).toBe(registered.length);
  });
});

describe('sizes and ID sequences', () => {
  it('tilts the size distribution to the wanted mean', () => {
    for (const mean of [2.6, 3.03, 3.2]) {
      const t = sizeTable(mean);
      let previous = 0;
      const m = t.values.reduce((sum, size, i) => {
        const p = (t.cumulative[i] ?? 0) - previous;
        previous = t.cumulative[i] ?? 0;
        return sum + size * p;
      }, 0);
      expect(m).toBeCloseTo(mean, 3);
    }
  });

  it('gives 500 men and 499 women one birth date in a county, then refuses', () => {
    const ids = new IdAllocator('420222');
    const men = Array.from({ length: 500 }, () => ids.next('1970-01-01', '男'));
    const women = Array.from({ length: 499 }, () => ids.next('1970-01-01', '女'));
    expect(new Set([...men, ...women]).size).toBe(999);
    expect(() => ids.next('1970-01-01', '男')).toThrow(RangeError);
    expect(() => ids.next('1970-01-01', '女')).toThrow(RangeError);
  });
});
