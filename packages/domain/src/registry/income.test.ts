import { describe, expect, it } from 'vitest';
import {
  checkIncome,
  formatYuan,
  netIncomeFen,
  perCapitaFen,
  summariseIncome,
  totalTransfersFen,
  yuanToFen,
  type YearlyIncomeInput,
} from './income.js';

function income(overrides: Partial<YearlyIncomeInput> = {}): YearlyIncomeInput {
  return {
    wages: 6000,
    business: 3500.5,
    property: 120,
    transfers: {
      familyPlanning: 960,
      dibao: 1680,
      destituteSupport: 0,
      pension: 840,
      ecoCompensation: 35.25,
      other: 0,
    },
    businessExpenses: 1200.75,
    ...overrides,
  };
}

describe('yuanToFen', () => {
  it('converts exactly, rounding half away from zero on the written decimals', () => {
    expect(yuanToFen(2855)).toBe(285500);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1.005)).toBe(101); // 1.005 * 100 is 100.49999… in binary
    expect(yuanToFen(1.004)).toBe(100);
    expect(yuanToFen(-1.005)).toBe(-101);
    expect(yuanToFen(1e-7)).toBe(0);
    expect(() => yuanToFen(Number.NaN)).toThrow(RangeError);
  });

  it('formats fen as yuan with two decimals', () => {
    expect(formatYuan(285500)).toBe('2855.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-12345)).toBe('-123.45');
  });
});

describe('household income', () => {
  it('sums the six transfer kinds', () => {
    expect(totalTransfersFen(income().transfers)).toBe(96000 + 168000 + 84000 + 3525);
  });

  it('nets the four incomes less business expenses', () => {
    // 6000 + 3500.50 + 120 + 3515.25 − 1200.75 = 11935.00
    expect(netIncomeFen(income())).toBe(1193500);
  });

  it('divides by household size to the nearest fen', () => {
    const s = summariseIncome(income(), 3);
    expect(s).toEqual({
      transfersFen: 351525,
      grossFen: 1313575,
      businessExpensesFen: 120075,
      netFen: 1193500,
      householdSize: 3,
      perCapitaFen: 397833, // 397833.33…
    });
    expect(perCapitaFen(1000, 3)).toBe(333);
    expect(perCapitaFen(2000, 3)).toBe(667);
    expect(perCapitaFen(5, 2)).toBe(3); // half rounds away from zero
    expect(perCapitaFen(-5, 2)).toBe(-3);
  });

  it('guards a household of zero members and rejects impossible sizes', () => {
    expect(summariseIncome(income(), 0).perCapitaFen).toBeNull();
    expect(() => perCapitaFen(100, -1)).toThrow(RangeError);
    expect(() => perCapitaFen(100, 1.5)).toThrow(RangeError);
  });

  it('can be negative when the business lost money', () => {
    expect(netIncomeFen(income({ wages: 0, business: 100, businessExpenses: 5000 }))).toBe(
      100 * 100 + 351525 + 12000 - 500000,
    );
  });
});

describe('checkIncome', () => {
  it('accepts amounts ≥ 0 with at most two decimals', () => {
    expect(checkIncome(income())).toEqual([]);
  });

  it('rejects negative, non-finite and sub-fen amounts, naming the field', () => {
    const bad = income({
      wages: -1,
      property: 12.345,
      transfers: { ...income().transfers, dibao: Number.POSITIVE_INFINITY },
    });
    expect(checkIncome(bad).map((i) => `${i.code} @${i.field}`)).toEqual([
      'income.amount.invalid @wages',
      'income.amount.precision @property',
      'income.amount.invalid @transfers.dibao',
    ]);
  });
});
