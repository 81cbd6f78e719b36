import { describe, expect, it } from 'vitest';
import { evaluateCounty, evaluateHousehold, evaluateVillage, type HouseholdExitFacts } from './criteria.js';
import { renderReason, type ExitReason } from './reasons.js';
import { DEFAULT_EXIT_STANDARDS, resolveStandard } from './standards.js';
import { defaultRuralPopulation } from './population.js';

const national = DEFAULT_EXIT_STANDARDS.household;
function first(reasons: ExitReason[]): ExitReason {
  const [r] = reasons;
  if (!r) throw new Error('no reason');
  return r;
}
const adult = {
  birthDate: '1970-05-01',
  schoolStatus: null,
  education: '小学',
  hasMedicalInsurance: true,
  hasResidentPension: true,
};
const income = (perCapita: number | null) => ({ perCapita, wages: 3000, businessNet: 0, property: 0, safetyNet: 0 });
const household = (over: Partial<HouseholdExitFacts> = {}): HouseholdExitFacts => ({
  year: 2015,
  income: income(3000),
  houseGrade: 'A',
  waterSafe: true,
  members: [adult],
  ...over,
});

describe('household test', () => {
  it('passes a household above the line with every guarantee', () => {
    expect(evaluateHousehold(household(), 2855, national)).toEqual([]);
  });
  it('income equal to the line is not above it; one fen more is', () => {
    const equal = evaluateHousehold(household({ income: income(2855) }), 2855, national);
    expect(equal).toEqual([{ criterion: 'income', code: 'incomeBelowLine', params: { perCapita: 2855, line: 2855 } }]);
    expect(renderReason(first(equal), 'zh-CN')).toBe('人均纯收入: 2,855 = 2,855（须高于标准）');
    expect(evaluateHousehold(household({ income: income(2855.01) }), 2855, national)).toEqual([]);
    const below = evaluateHousehold(household({ income: income(2700) }), 2855, national);
    expect(renderReason(first(below), 'zh-CN')).toBe('人均纯收入: 2,700 < 2,855');
    expect(renderReason(first(below), 'en')).toBe('Per-capita net income: 2,700 < 2,855');
  });
  it('reports a missing line or income', () => {
    expect(evaluateHousehold(household(), undefined, national)[0]?.code).toBe('noLine');
    expect(evaluateHousehold(household({ income: null }), 2855, national)[0]?.code).toBe('incomeMissing');
  });
  it('C/D houses, unknown grade, unsafe or unknown water', () => {
    const d = evaluateHousehold(household({ houseGrade: 'D' }), 2855, national);
    expect(d).toEqual([{ criterion: 'housing', code: 'unsafeHouse', params: { grade: 'D' } }]);
    expect(renderReason(first(d), 'zh-CN')).toBe('住房不安全: D级危房');
    expect(evaluateHousehold(household({ houseGrade: 'C' }), 2855, national)).toHaveLength(1);
    expect(evaluateHousehold(household({ houseGrade: 'B' }), 2855, national)).toEqual([]);
    expect(evaluateHousehold(household({ houseGrade: null }), 2855, national)[0]?.code).toBe('houseUnknown');
    expect(evaluateHousehold(household({ waterSafe: false }), 2855, national)[0]?.code).toBe('unsafeWater');
    expect(evaluateHousehold(household({ waterSafe: null }), 2855, national)[0]?.code).toBe('waterUnknown');
  });
  it('drop-outs only of compulsory age (6–15 at year end) who have not finished 初中', () => {
    const child = (birthDate: string, education: string | null) => ({
      ...adult,
      birthDate,
      education,
      schoolStatus: null,
    });
    const members = [
      adult,
      child('2000-12-31', null),
      child('2009-01-01', null),
      child('1999-06-01', null),
      child('2001-03-01', '初中'),
    ];
    // 2000 → 15 (drop-out), 2009 → 6 (drop-out), 1999 → 16 (too old), 2001 → 14 but finished 初中.
    expect(evaluateHousehold(household({ members }), 2855, national)).toEqual([
      { criterion: 'education', code: 'dropOut', params: { count: 2 } },
    ]);
    expect(
      evaluateHousehold(
        household({ members: [adult, { ...child('2005-01-01', null), schoolStatus: '小学' }] }),
        2855,
        national,
      ),
    ).toEqual([]);
  });
  it('every member needs basic medical insurance', () => {
    const members = [adult, { ...adult, hasMedicalInsurance: null }, { ...adult, hasMedicalInsurance: false }];
    expect(evaluateHousehold(household({ members }), 2855, national)).toEqual([
      { criterion: 'medical', code: 'uninsured', params: { count: 2 } },
    ]);
  });
  it('恩施 七有 adds the income source and pension', () => {
    const qiyou = resolveStandard(DEFAULT_EXIT_STANDARDS, '422802').household;
    expect(qiyou.profile).toBe('qiyou');
    const facts = household({
      income: { perCapita: 3000, wages: 0, businessNet: 0, property: 0, safetyNet: 0 },
      members: [
        { ...adult, hasResidentPension: false },
        { ...adult, birthDate: '2003-01-01', schoolStatus: '初中', hasResidentPension: false },
      ],
    });
    expect(evaluateHousehold(facts, 2855, qiyou).map((r) => r.code)).toEqual(['noIncomeSource', 'noPension']);
    expect(evaluateHousehold(facts, 2855, national)).toEqual([]);
    const safetyNet = household({
      income: { perCapita: 3000, wages: 0, businessNet: 0, property: 0, safetyNet: 1200 },
    });
    expect(evaluateHousehold(safetyNet, 2855, qiyou)).toEqual([]);
  });
});

describe('village test', () => {
  const std = DEFAULT_EXIT_STANDARDS.village;
  const village = {
    year: 2015,
    poorPeople: 20,
    ruralPopulation: 1000,
    collectiveIncome: 50000,
    disposableIncome: null,
    provinceIncome: null,
    sixStandards: null,
  };
  it('incidence exactly 2% is not below 2%; 19 of 1000 is', () => {
    expect(evaluateVillage(village, std)).toEqual([
      { criterion: 'incidence', code: 'incidenceTooHigh', params: { poor: 20, population: 1000, max: 0.02 } },
    ]);
    expect(evaluateVillage({ ...village, poorPeople: 19 }, std)).toEqual([]);
    expect(renderReason(first(evaluateVillage(village, std)), 'zh-CN')).toBe('贫困发生率: 2% (20/1,000) ≥ 2%');
  });
  it('a 3% override lets 2.9% pass and stops 3%', () => {
    const west = resolveStandard(DEFAULT_EXIT_STANDARDS, '422802001201').village;
    expect(west.maxIncidence).toBe(0.03);
    expect(evaluateVillage({ ...village, poorPeople: 29 }, west).map((r) => r.code)).toEqual(['sixStandardsUnmet']);
    expect(evaluateVillage({ ...village, poorPeople: 30 }, west).map((r) => r.code)).toEqual([
      'incidenceTooHigh',
      'sixStandardsUnmet',
    ]);
  });
  it('collective income 50,000 passes, 49,999.99 does not', () => {
    expect(evaluateVillage({ ...village, poorPeople: 0, collectiveIncome: 49999.99 }, std)).toEqual([
      { criterion: 'collectiveIncome', code: 'collectiveIncomeLow', params: { income: 49999.99, min: 50000 } },
    ]);
    expect(evaluateVillage({ ...village, poorPeople: 0, collectiveIncome: null }, std)[0]?.code).toBe(
      'collectiveIncomeMissing',
    );
  });
  it('天门: income must be above 60% of the province average', () => {
    const tianmen = resolveStandard(DEFAULT_EXIT_STANDARDS, '429006100201').village;
    expect(tianmen.minIncomeRatio).toBe(0.6);
    const base = { ...village, poorPeople: 0, provinceIncome: 10000 };
    expect(evaluateVillage({ ...base, disposableIncome: 6000 }, tianmen).map((r) => r.code)).toEqual([
      'incomeRatioLow',
    ]);
    expect(evaluateVillage({ ...base, disposableIncome: 6000.01 }, tianmen)).toEqual([]);
    expect(evaluateVillage({ ...base, disposableIncome: null }, tianmen)[0]?.code).toBe('disposableIncomeMissing');
  });
  it('six standards: every unmet item is named', () => {
    const enshi = resolveStandard(DEFAULT_EXIT_STANDARDS, '4228').village;
    const r = evaluateVillage(
      {
        ...village,
        poorPeople: 0,
        sixStandards: {
          income: true,
          povertyReduction: true,
          industry: false,
          environment: true,
          publicServices: true,
        },
      },
      enshi,
    );
    expect(r).toEqual([
      { criterion: 'sixStandards', code: 'sixStandardsUnmet', params: { items: ['industry', 'organisation'] } },
    ]);
    expect(renderReason(first(r), 'zh-CN')).toBe('六条出列标准: 未达标：产业发展、村级组织');
  });
});

describe('county test (三率一度)', () => {
  const std = DEFAULT_EXIT_STANDARDS.county;
  const base = {
    poorPeople: 0,
    ruralPopulation: 100000,
    assessment: {
      sampledExited: 100,
      wronglyExited: 2,
      sampledPopulation: 1000,
      missed: 20,
      surveyed: 100,
      satisfied: 90,
    },
  };
  it('2% wrong exits, 2% missed and 90% approval pass', () => {
    expect(evaluateCounty(base, std)).toEqual([]);
  });
  it('one more wrong exit, one more missed, one fewer satisfied fail', () => {
    const a = base.assessment;
    expect(evaluateCounty({ ...base, assessment: { ...a, wronglyExited: 3 } }, std).map((r) => r.code)).toEqual([
      'wrongExitTooHigh',
    ]);
    expect(evaluateCounty({ ...base, assessment: { ...a, missed: 21 } }, std).map((r) => r.code)).toEqual([
      'missedTooHigh',
    ]);
    expect(evaluateCounty({ ...base, assessment: { ...a, satisfied: 89 } }, std).map((r) => r.code)).toEqual([
      'approvalTooLow',
    ]);
  });
  it('incidence exactly 2% fails; a missing assessment fails', () => {
    expect(evaluateCounty({ ...base, poorPeople: 2000 }, std).map((r) => r.code)).toEqual(['incidenceTooHigh']);
    expect(evaluateCounty({ ...base, poorPeople: 1999 }, std)).toEqual([]);
    expect(evaluateCounty({ ...base, assessment: null }, std).map((r) => r.code)).toEqual(['assessmentMissing']);
  });
});

describe('standards', () => {
  it('the longest prefix wins over its parent', () => {
    const s = {
      ...DEFAULT_EXIT_STANDARDS,
      overrides: [
        { regionCode: '4228', village: { maxIncidence: 0.03 } },
        { regionCode: '422802', village: { maxIncidence: 0.025 } },
      ],
    };
    expect(resolveStandard(s, '422802100201').village.maxIncidence).toBe(0.025);
    expect(resolveStandard(s, '422801100201').village.maxIncidence).toBe(0.03);
    expect(resolveStandard(s, '420101001001').village.maxIncidence).toBe(0.02);
  });
  it('the seeded rural population is deterministic and zero for communities', () => {
    expect(defaultRuralPopulation('420222100201')).toBe(800 + Number((420222100201n * 7919n) % 1751n));
    expect(defaultRuralPopulation('420222100001')).toBe(0);
  });
});
