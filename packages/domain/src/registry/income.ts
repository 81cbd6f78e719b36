// Household yearly income (家庭年收入情况) as on the national registration form. Net income is the
// four incomes less business expenses; per-capita net income divides it by household size
// (《扶贫开发建档立卡工作方案》, 国开办发〔2014〕24号, and its 贫困户登记表).
//
// Money is kept in integer fen (分, 1/100 yuan): forms enter yuan with up to two decimals, each
// amount is converted once (half away from zero), sums are exact, and the only other rounding
// is the per-capita division, again to the nearest fen, half away from zero.

import { makeIssue, type Issue } from './issues.js';

/** 转移性收入 by kind, in yuan as entered. */
export interface TransferIncome {
  /** 计划生育金 */
  familyPlanning: number;
  /** 低保金 */
  dibao: number;
  /** 特困供养金 (五保) */
  destituteSupport: number;
  /** 养老金 */
  pension: number;
  /** 生态补偿金 */
  ecoCompensation: number;
  /** 其他转移性收入 */
  other: number;
}

/** One household's income for one year, in yuan as entered. */
export interface YearlyIncomeInput {
  /** 工资性收入 */
  wages: number;
  /** 生产经营性收入 (gross; its costs are `businessExpenses`) */
  business: number;
  /** 财产性收入 */
  property: number;
  /** 转移性收入 by kind */
  transfers: TransferIncome;
  /** 生产经营性支出 */
  businessExpenses: number;
}

/** The computed figures, all in fen. */
export interface IncomeSummary {
  transfersFen: number;
  /** Wages + business + property + transfers. */
  grossFen: number;
  businessExpensesFen: number;
  /** Gross less business expenses; negative when the business lost money. */
  netFen: number;
  householdSize: number;
  /** Net ÷ household size, to the nearest fen; null for a household with no members. */
  perCapitaFen: number | null;
}

/** The transfer kinds in form order, for tables and loops. */
export const TRANSFER_KINDS = [
  'familyPlanning',
  'dibao',
  'destituteSupport',
  'pension',
  'ecoCompensation',
  'other',
] as const satisfies readonly (keyof TransferIncome)[];

function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.round(Math.abs(value));
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Yuan to integer fen, half away from zero, reading the decimal digits as written (1.005 → 101). */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan)) throw new RangeError(`not an amount: ${yuan}`);
  // Shifting the decimal point in the number's shortest text avoids 1.005 * 100 = 100.4999….
  const shifted = Number(`${Math.abs(yuan)}e2`);
  const fen = roundHalfAwayFromZero(Number.isFinite(shifted) ? shifted : Math.abs(yuan) * 100);
  return yuan < 0 && fen !== 0 ? -fen : fen;
}

/** Integer fen to yuan (a number with at most two decimals). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** Fen as a yuan string with two decimals, e.g. 285500 → '2855.00'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Sum of the transfer incomes, in fen. */
export function totalTransfersFen(transfers: TransferIncome): number {
  return TRANSFER_KINDS.reduce((sum, kind) => sum + yuanToFen(transfers[kind]), 0);
}

/** Gross income in fen: wages + business + property + transfers. */
export function grossIncomeFen(income: YearlyIncomeInput): number {
  return (
    yuanToFen(income.wages) +
    yuanToFen(income.business) +
    yuanToFen(income.property) +
    totalTransfersFen(income.transfers)
  );
}

/** Net income in fen: wages + business + property + transfers − business expenses. */
export function netIncomeFen(income: YearlyIncomeInput): number {
  return grossIncomeFen(income) - yuanToFen(income.businessExpenses);
}

/** Per-capita amount in fen, to the nearest fen; null when the household has no members. */
export function perCapitaFen(totalFen: number, householdSize: number): number | null {
  if (!Number.isInteger(householdSize) || householdSize < 0) {
    throw new RangeError(`household size must be a whole number ≥ 0, got ${householdSize}`);
  }
  return householdSize === 0 ? null : roundHalfAwayFromZero(totalFen / householdSize);
}

/** All income figures of a household-year, in fen. */
export function summariseIncome(income: YearlyIncomeInput, householdSize: number): IncomeSummary {
  const grossFen = grossIncomeFen(income);
  const businessExpensesFen = yuanToFen(income.businessExpenses);
  const netFen = grossFen - businessExpensesFen;
  return {
    transfersFen: totalTransfersFen(income.transfers),
    grossFen,
    businessExpensesFen,
    netFen,
    householdSize,
    perCapitaFen: perCapitaFen(netFen, householdSize),
  };
}

/** Checks each amount is a number ≥ 0 with at most two decimals; fields are paths like 'transfers.dibao'. */
export function checkIncome(income: YearlyIncomeInput): Issue[] {
  const amounts: [string, number][] = [
    ['wages', income.wages],
    ['business', income.business],
    ['property', income.property],
    ...TRANSFER_KINDS.map((kind): [string, number] => [`transfers.${kind}`, income.transfers[kind]]),
    ['businessExpenses', income.businessExpenses],
  ];
  const issues: Issue[] = [];
  for (const [field, yuan] of amounts) {
    if (!Number.isFinite(yuan) || yuan < 0) {
      issues.push(makeIssue('error', 'income.amount.invalid', field));
    } else if (yuanToFen(yuan) / 100 !== yuan) {
      issues.push(makeIssue('error', 'income.amount.precision', field));
    }
  }
  return issues;
}
