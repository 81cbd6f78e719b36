// Why an evaluated household, village or county does not meet the exit standard: one reason per
// failed criterion, stored as {criterion, code, params} and rendered in zh-CN or en when shown.
// The SQL evaluation writes exactly these codes and parameter names.

import type { Locale } from '../errors.js';
import { SIX_VILLAGE_STANDARDS, type SixVillageStandard } from './standards.js';

/** Criteria of the household test (两不愁三保障 + 饮水安全; 恩施 "七有" adds income source and pension). */
export const HOUSEHOLD_CRITERIA = [
  'income',
  'education',
  'medical',
  'housing',
  'water',
  'incomeSource',
  'pension',
] as const;
export type HouseholdCriterion = (typeof HOUSEHOLD_CRITERIA)[number];

/** Criteria of the village test. */
export const VILLAGE_CRITERIA = ['incidence', 'collectiveIncome', 'incomeRatio', 'sixStandards'] as const;
export type VillageCriterion = (typeof VILLAGE_CRITERIA)[number];

/** Criteria of the county test ("三率一度" minus the incidence, which is its own). */
export const COUNTY_CRITERIA = ['incidence', 'wrongExit', 'missed', 'approval'] as const;
export type CountyCriterion = (typeof COUNTY_CRITERIA)[number];

export type ExitCriterion = HouseholdCriterion | VillageCriterion | CountyCriterion;

/** Every reason code with the parameters it carries. */
export interface ReasonParams {
  noLine: { year: number };
  incomeMissing: { year: number };
  incomeBelowLine: { perCapita: number; line: number };
  dropOut: { count: number };
  uninsured: { count: number };
  unsafeHouse: { grade: string };
  houseUnknown: Record<string, never>;
  unsafeWater: Record<string, never>;
  waterUnknown: Record<string, never>;
  noIncomeSource: Record<string, never>;
  noPension: { count: number };
  populationMissing: Record<string, never>;
  incidenceTooHigh: { poor: number; population: number; max: number };
  collectiveIncomeMissing: Record<string, never>;
  collectiveIncomeLow: { income: number; min: number };
  disposableIncomeMissing: Record<string, never>;
  provinceIncomeMissing: { year: number };
  incomeRatioLow: { income: number; average: number; ratio: number };
  sixStandardsUnmet: { items: SixVillageStandard[] };
  assessmentMissing: Record<string, never>;
  wrongExitTooHigh: { wrong: number; sampled: number; max: number };
  missedTooHigh: { missed: number; population: number; max: number };
  approvalTooLow: { satisfied: number; surveyed: number; min: number };
}
export type ReasonCode = keyof ReasonParams;

/** One failed criterion. */
export interface ExitReason<C extends ReasonCode = ReasonCode> {
  criterion: ExitCriterion;
  code: C;
  params: ReasonParams[C];
}

const CRITERION_LABEL: Record<ExitCriterion, Record<Locale, string>> = {
  income: { 'zh-CN': '人均纯收入', en: 'Per-capita net income' },
  education: { 'zh-CN': '义务教育', en: 'Compulsory education' },
  medical: { 'zh-CN': '基本医疗', en: 'Basic medical insurance' },
  housing: { 'zh-CN': '住房安全', en: 'Safe housing' },
  water: { 'zh-CN': '饮水安全', en: 'Safe drinking water' },
  incomeSource: { 'zh-CN': '稳定收入来源', en: 'Stable income source' },
  pension: { 'zh-CN': '养老保险', en: 'Pension insurance' },
  incidence: { 'zh-CN': '贫困发生率', en: 'Poverty incidence' },
  collectiveIncome: { 'zh-CN': '村集体经济收入', en: 'Village collective income' },
  incomeRatio: { 'zh-CN': '村人均可支配收入', en: 'Village per-capita disposable income' },
  sixStandards: { 'zh-CN': '六条出列标准', en: 'Six village standards' },
  wrongExit: { 'zh-CN': '错退率', en: 'Wrong-exit rate' },
  missed: { 'zh-CN': '漏评率', en: 'Missed-identification rate' },
  approval: { 'zh-CN': '群众认可度', en: 'Public approval' },
};

const SIX_LABEL: Record<SixVillageStandard, Record<Locale, string>> = {
  income: { 'zh-CN': '收入', en: 'income' },
  povertyReduction: { 'zh-CN': '减贫成效', en: 'poverty reduction' },
  industry: { 'zh-CN': '产业发展', en: 'industry' },
  environment: { 'zh-CN': '村容环境', en: 'environment' },
  publicServices: { 'zh-CN': '公共服务', en: 'public services' },
  organisation: { 'zh-CN': '村级组织', en: 'village organisation' },
};

/** The label of a criterion. */
export function criterionLabel(criterion: ExitCriterion, locale: Locale): string {
  return CRITERION_LABEL[criterion][locale];
}

/** The label of one of the six village standards. */
export function sixStandardLabel(item: SixVillageStandard, locale: Locale): string {
  return SIX_LABEL[item][locale];
}

/** Whole yuan with thousands separators: 2700 → '2,700', 2855.5 → '2,855.5'. */
export function formatAmount(yuan: number): string {
  return yuan.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A share as a percentage: 0.02 → '2%', 0.0213 → '2.13%'. */
export function formatShare(share: number): string {
  return `${(Math.round(share * 10000) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

function rate(part: number, whole: number): string {
  return whole > 0 ? formatShare(part / whole) : '—';
}

function detail(reason: ExitReason, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const p = reason.params as Record<string, unknown>;
  const n = (key: string) => Number(p[key] ?? 0);
  switch (reason.code) {
    case 'noLine':
      return zh ? `${n('year')} 年未设置扶贫标准` : `no poverty line set for ${n('year')}`;
    case 'incomeMissing':
      return zh ? `未录入 ${n('year')} 年收入` : `no income recorded for ${n('year')}`;
    case 'incomeBelowLine': {
      const op = n('perCapita') < n('line') ? '<' : '=';
      const text = `${formatAmount(n('perCapita'))} ${op} ${formatAmount(n('line'))}`;
      return op === '=' ? (zh ? `${text}（须高于标准）` : `${text} (must be above the line)`) : text;
    }
    case 'dropOut':
      return zh ? `${n('count')} 名适龄儿童失学辍学` : `${n('count')} child(ren) of school age out of school`;
    case 'uninsured':
      return zh ? `${n('count')} 人未参加基本医疗保险` : `${n('count')} member(s) without basic medical insurance`;
    case 'unsafeHouse':
      return zh ? `${String(p.grade)}级危房` : `grade ${String(p.grade)} dangerous house`;
    case 'houseUnknown':
      return zh ? '未鉴定住房等级' : 'house grade not recorded';
    case 'unsafeWater':
      return zh ? '饮水不安全' : 'drinking water not safe';
    case 'waterUnknown':
      return zh ? '未记录饮水安全情况' : 'drinking water not recorded';
    case 'noIncomeSource':
      return zh ? '无务工、经营或兜底收入' : 'no wages, business or safety-net income';
    case 'noPension':
      return zh ? `${n('count')} 人未参加城乡居民养老保险` : `${n('count')} member(s) without resident pension`;
    case 'populationMissing':
      return zh ? '未录入农村人口' : 'rural population not recorded';
    case 'incidenceTooHigh':
      return `${rate(n('poor'), n('population'))} (${formatAmount(n('poor'))}/${formatAmount(n('population'))}) ≥ ${formatShare(n('max'))}`;
    case 'collectiveIncomeMissing':
      return zh ? '未录入村集体经济收入' : 'collective income not recorded';
    case 'collectiveIncomeLow':
      return `${formatAmount(n('income'))} < ${formatAmount(n('min'))}`;
    case 'disposableIncomeMissing':
      return zh ? '未录入村人均可支配收入' : 'per-capita disposable income not recorded';
    case 'provinceIncomeMissing':
      return zh
        ? `未设置 ${n('year')} 年全省农村居民人均可支配收入`
        : `province average income for ${n('year')} not set`;
    case 'incomeRatioLow': {
      const bar = Math.round(n('average') * n('ratio') * 100) / 100;
      return zh
        ? `${formatAmount(n('income'))} 未超过全省平均 ${formatAmount(n('average'))} 的 ${formatShare(n('ratio'))}（${formatAmount(bar)}）`
        : `${formatAmount(n('income'))} not above ${formatShare(n('ratio'))} of the province average ${formatAmount(n('average'))} (${formatAmount(bar)})`;
    }
    case 'sixStandardsUnmet': {
      const items = (Array.isArray(p.items) ? p.items : []) as SixVillageStandard[];
      const names = items.filter((i) => SIX_VILLAGE_STANDARDS.includes(i)).map((i) => SIX_LABEL[i][locale]);
      return zh ? `未达标：${names.join('、')}` : `not met: ${names.join(', ')}`;
    }
    case 'assessmentMissing':
      return zh ? '未录入第三方评估数据' : 'third-party evaluation not recorded';
    case 'wrongExitTooHigh':
      return `${rate(n('wrong'), n('sampled'))} (${n('wrong')}/${n('sampled')}) > ${formatShare(n('max'))}`;
    case 'missedTooHigh':
      return `${rate(n('missed'), n('population'))} (${n('missed')}/${n('population')}) > ${formatShare(n('max'))}`;
    case 'approvalTooLow':
      return `${rate(n('satisfied'), n('surveyed'))} (${n('satisfied')}/${n('surveyed')}) < ${formatShare(n('min'))}`;
  }
}

/** A reason as one line: "住房不安全: D级危房", "人均纯收入: 2,700 < 2,855". */
export function renderReason(reason: ExitReason, locale: Locale): string {
  const label =
    reason.criterion === 'housing' && reason.code === 'unsafeHouse'
      ? locale === 'zh-CN'
        ? '住房不安全'
        : 'Unsafe housing'
      : criterionLabel(reason.criterion, locale);
  return `${label}: ${detail(reason, locale)}`;
}
