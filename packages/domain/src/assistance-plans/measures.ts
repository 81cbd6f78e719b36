// Measure types of a household's plan (一户一策) and of delivered measures (帮扶措施): the 13
// thematic plans of 宜昌 (industry, tourism, transport, water, power, dangerous-house renovation,
// relocation, health, education, social security, training and employment, culture, land
// consolidation; DOMAIN §4) plus microcredit and insurance.

import type { Locale } from '../errors.js';

/** One measure type: the stored identifier and its labels. */
export interface MeasureTypeOption {
  readonly value: string;
  readonly 'zh-CN': string;
  readonly en: string;
  /** 'thematic' for the 13 thematic plans, 'finance' for microcredit and insurance. */
  readonly group: 'thematic' | 'finance';
}

/** Every measure type, thematic plans first, in the order of 宜昌's 13 plans. */
export const MEASURE_TYPES = [
  { value: 'industry', 'zh-CN': '产业扶贫', en: 'Industry', group: 'thematic' },
  { value: 'tourism', 'zh-CN': '旅游扶贫', en: 'Rural tourism', group: 'thematic' },
  { value: 'transport', 'zh-CN': '交通扶贫', en: 'Transport', group: 'thematic' },
  { value: 'water', 'zh-CN': '水利扶贫（安全饮水）', en: 'Water (safe drinking water)', group: 'thematic' },
  { value: 'power', 'zh-CN': '电力扶贫', en: 'Power', group: 'thematic' },
  { value: 'housing', 'zh-CN': '危房改造', en: 'Dangerous-house renovation', group: 'thematic' },
  { value: 'relocation', 'zh-CN': '易地扶贫搬迁', en: 'Relocation', group: 'thematic' },
  { value: 'health', 'zh-CN': '健康扶贫', en: 'Health', group: 'thematic' },
  { value: 'education', 'zh-CN': '教育扶贫', en: 'Education', group: 'thematic' },
  {
    value: 'socialSecurity',
    'zh-CN': '社会保障兜底（低保、五保、养老）',
    en: 'Social security (dibao, wubao, pension)',
    group: 'thematic',
  },
  { value: 'employment', 'zh-CN': '培训就业', en: 'Training and employment', group: 'thematic' },
  { value: 'culture', 'zh-CN': '文化扶贫', en: 'Culture', group: 'thematic' },
  { value: 'land', 'zh-CN': '土地整治', en: 'Land consolidation', group: 'thematic' },
  { value: 'microcredit', 'zh-CN': '扶贫小额信贷', en: 'Microcredit', group: 'finance' },
  { value: 'insurance', 'zh-CN': '保险扶贫', en: 'Insurance', group: 'finance' },
] as const satisfies readonly MeasureTypeOption[];

/** A measure type identifier. */
export type MeasureType = (typeof MEASURE_TYPES)[number]['value'];

/** The identifiers as a tuple, for schemas. */
export const MEASURE_TYPE_VALUES = MEASURE_TYPES.map((m) => m.value) as [MeasureType, ...MeasureType[]];

const TYPE_SET = new Set<string>(MEASURE_TYPE_VALUES);

/** True for a measure type identifier. */
export function isMeasureType(value: unknown): value is MeasureType {
  return typeof value === 'string' && TYPE_SET.has(value);
}

/** The label of a measure type in a language (the identifier itself when unknown). */
export function measureTypeLabel(value: string, locale: Locale): string {
  const option = MEASURE_TYPES.find((m) => m.value === value);
  return option ? option[locale] : value;
}

/** Units offered for quantities (free text is allowed; these are the common ones). */
export const MEASURE_UNITS = [
  '亩',
  '头',
  '只',
  '株',
  '箱',
  '人次',
  '人',
  '户',
  '平方米',
  '米',
  '吨',
  '个',
  '次',
  '月',
] as const;

/**
 * Measure types that answer each poverty cause (致贫原因), most direct first: what a plan form
 * suggests and what the demo generator plans. Follows the 五个一批 (2015 national decision on
 * winning the fight against poverty): develop production, relocate, compensate ecologically,
 * educate, and underpin with social security.
 */
export const MEASURES_FOR_CAUSE: Readonly<Record<string, readonly MeasureType[]>> = {
  因病: ['health', 'insurance', 'socialSecurity'],
  因残: ['socialSecurity', 'health', 'employment'],
  因学: ['education', 'microcredit'],
  因灾: ['housing', 'insurance', 'industry'],
  缺土地: ['land', 'industry', 'employment'],
  缺水: ['water', 'industry'],
  缺技术: ['employment', 'industry'],
  缺劳力: ['socialSecurity', 'industry'],
  缺资金: ['microcredit', 'industry'],
  交通条件落后: ['transport', 'relocation', 'industry'],
  自身发展动力不足: ['employment', 'culture', 'industry'],
  因婚: ['industry', 'employment'],
  因丧: ['socialSecurity', 'industry'],
  其他: ['industry', 'employment'],
};

/** Suggested measure types for a household's main cause (industry when the cause is unknown). */
export function suggestedMeasures(mainCause: string): readonly MeasureType[] {
  return MEASURES_FOR_CAUSE[mainCause] ?? ['industry'];
}
