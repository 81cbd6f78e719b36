// Findings of the plan, measure, visit and attendance checks, with a message in each language.

import type { Locale } from '../errors.js';

/** Every finding the assistance-plan checks report; {name} marks a parameter. */
export const PLAN_ISSUE_MESSAGES = {
  'plan.measureType.invalid': ['请选择帮扶措施类型', 'Choose a measure type'],
  'plan.target.required': ['请填写帮扶目标', 'Enter the target'],
  'plan.target.tooLong': ['帮扶目标最多 {max} 字', 'The target has at most {max} characters'],
  'plan.amount.invalid': [
    '金额应为不小于 0 的数字，最多两位小数',
    'The amount must be at least 0 with at most two decimals',
  ],
  'plan.amount.tooLarge': ['单项金额不能超过 {max} 元', 'One amount cannot exceed {max} yuan'],
  'plan.dueDate.invalid': ['完成时限应为 年-月-日', 'Write the due date as YYYY-MM-DD'],
  'plan.dueDate.past': ['完成时限不能早于今天', 'The due date cannot be before today'],
  'plan.dueDate.tooFar': ['完成时限不能晚于 {max}', 'The due date cannot be after {max}'],
  'plan.status.invalid': ['状态无效', 'Not a valid status'],
  'measure.measureType.invalid': ['请选择帮扶措施类型', 'Choose a measure type'],
  'measure.content.required': ['请填写措施内容', 'Describe the measure'],
  'measure.content.tooLong': ['措施内容最多 {max} 字', 'The description has at most {max} characters'],
  'measure.date.invalid': ['落实日期应为 年-月-日', 'Write the date as YYYY-MM-DD'],
  'measure.date.future': ['落实日期不能晚于今天', 'The date cannot be in the future'],
  'measure.date.tooEarly': [
    '落实日期不能早于 {min}（建档立卡开始）',
    'The date cannot be before {min} (registration began)',
  ],
  'measure.amount.invalid': [
    '金额应为不小于 0 的数字，最多两位小数',
    'The amount must be at least 0 with at most two decimals',
  ],
  'measure.amount.tooLarge': ['单项金额不能超过 {max} 元', 'One amount cannot exceed {max} yuan'],
  'measure.quantity.invalid': ['数量应为大于 0 的数字', 'The quantity must be a number above 0'],
  'measure.unit.required': ['填写了数量，请同时填写单位', 'A quantity needs a unit'],
  'measure.value.missing': ['请填写金额或数量（至少一项）', 'Enter an amount or a quantity (at least one)'],
  'measure.beneficiary.notMember': [
    '受益人必须是本户家庭成员（{id}）',
    'Beneficiaries must be members of this household ({id})',
  ],
  'measure.beneficiary.duplicate': ['受益人重复', 'A beneficiary is listed twice'],
  'measure.planItem.typeMismatch': [
    '措施类型与所属帮扶计划项目不一致',
    'The measure type differs from the plan item it belongs to',
  ],
  'measure.planItem.cancelled': ['所属帮扶计划项目已取消', 'The plan item has been cancelled'],
  'visit.date.invalid': ['走访日期应为 年-月-日', 'Write the visit date as YYYY-MM-DD'],
  'visit.date.future': ['走访日期不能晚于今天', 'The visit date cannot be in the future'],
  'visit.date.tooEarly': ['走访日期不能早于 {min}', 'The visit date cannot be before {min}'],
  'visit.note.required': ['请填写走访情况', 'Describe the visit'],
  'visit.note.tooLong': ['走访情况最多 {max} 字', 'The note has at most {max} characters'],
  'visit.location.partial': ['经度和纬度须同时填写', 'Give both latitude and longitude, or neither'],
  'visit.location.range': ['经纬度超出范围', 'Latitude or longitude is out of range'],
  'visit.photos.tooMany': ['每次走访最多上传 {max} 张照片', 'At most {max} photos per visit'],
  'visit.photo.type': ['只能上传 JPEG、PNG 或 WebP 图片', 'Only JPEG, PNG or WebP images can be uploaded'],
  'visit.photo.size': ['单张照片不能超过 {max} MB', 'A photo cannot exceed {max} MB'],
  'cadre.notFound': ['未找到该帮扶干部', 'No such cadre'],
  'cadre.inactive': ['帮扶干部“{name}”已停用', 'The cadre {name} is no longer active'],
  'cadre.outsideRegion': [
    '帮扶干部“{name}”的帮扶范围不包括本户所在村',
    'The village of this household is outside the region of the cadre {name}',
  ],
  'visit.cadre.required': ['请选择走访的帮扶干部', 'Choose the cadre who visited'],
  'measure.planItem.notFound': ['所属帮扶计划项目不属于本户', 'The plan item does not belong to this household'],
  'teamDay.date.invalid': ['日期应为 年-月-日', 'Write the date as YYYY-MM-DD'],
  'teamDay.date.future': ['不能登记今天以后的驻村日', 'Days after today cannot be recorded'],
  'teamDay.date.outsideTenure': [
    '日期不在该队员驻村期间（{start} 至 {end}）',
    'The date is outside the member’s time with the team ({start} to {end})',
  ],
  'teamDay.cadre.notMember': ['该干部不是本工作队队员', 'This cadre is not a member of the team'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

/** Code of an assistance-plan finding. */
export type PlanIssueCode = keyof typeof PLAN_ISSUE_MESSAGES;

/** One finding about one field (these checks only report errors: each blocks the write). */
export interface PlanIssue {
  code: PlanIssueCode;
  /** The input field, e.g. 'amount' or 'beneficiaryIds[1]'. */
  field: string;
  message: Record<Locale, string>;
  params?: Readonly<Record<string, string>>;
}

function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => params[name] ?? slot);
}

/** Builds a finding with the table's message. */
export function planIssue(code: PlanIssueCode, field: string, params?: Readonly<Record<string, string>>): PlanIssue {
  const [zh, en] = PLAN_ISSUE_MESSAGES[code];
  const message = { 'zh-CN': fill(zh, params ?? {}), en: fill(en, params ?? {}) };
  return params === undefined ? { code, field, message } : { code, field, message, params };
}
