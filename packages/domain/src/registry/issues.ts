// Data-quality findings: what the registry checks report back to forms, imports and ledgers.
// One table holds every finding's message, so the web app can re-render a stored code.

import type { Locale } from '../errors.js';

/** Every finding the registry checks can report, with its message; {name} marks a parameter. */
export const ISSUE_MESSAGES = {
  'household.villageCode.format': ['村代码应为12位数字', 'The village code must have 12 digits'],
  'household.villageCode.notVillage': [
    '该代码不是村委会（第10–12位应为200–399）',
    'This code is not a village committee (digits 10–12 should be 200–399)',
  ],
  'household.phone.format': [
    '联系电话应为以1开头的11位手机号',
    'The phone must be an 11-digit mobile number starting with 1',
  ],
  'household.members.empty': ['贫困户至少应有一名家庭成员', 'A household needs at least one member'],
  'household.head.missing': ['家庭成员中必须有一名户主', 'One member must be the head of household'],
  'household.head.multiple': ['一户只能有一名户主', 'A household has only one head'],
  'household.spouse.multiple': ['一户最多只能有一名配偶', 'A household has at most one spouse'],
  'household.spouse.sameSex': ['配偶与户主性别相同，请核实', 'The spouse has the same sex as the head; please check'],
  'household.idNumber.duplicate': ['身份证号与第{other}位成员重复', 'The ID number repeats that of member {other}'],
  'household.mainCause.required': ['请选择一项主要致贫原因', 'Choose one main cause of poverty'],
  'household.otherCauses.tooMany': ['其他致贫原因最多选择两项', 'Choose at most two other causes'],
  'household.otherCauses.duplicate': [
    '其他致贫原因不能重复，也不能与主要致贫原因相同',
    'Other causes must differ from each other and from the main cause',
  ],
  'member.name.required': ['请填写姓名', 'Enter the name'],
  'member.relation.required': ['请选择与户主关系', 'Choose the relation to the head'],
  'member.idNumber.required': ['请填写身份证号', 'Enter the ID number'],
  'member.idNumber.length': [
    '身份证号应为18位（残疾人证号为20位）',
    'An ID number has 18 characters (a disability certificate number 20)',
  ],
  'member.idNumber.format': [
    '身份证号只能由数字组成，最后一位可为 X',
    'An ID number is digits only; the last character may be X',
  ],
  'member.idNumber.placeholder': [
    '身份证号疑似占位号码，请核实后填写真实号码',
    'This looks like a placeholder ID number; check it and enter the real one',
  ],
  'member.idNumber.region': ['身份证号前6位地区码无效', 'The region code (first 6 digits) is not valid'],
  'member.idNumber.birthDate': ['身份证号中的出生日期无效', 'The birth date inside the ID number is not a valid date'],
  'member.idNumber.birthDateFuture': [
    '身份证号中的出生日期晚于今天',
    'The birth date inside the ID number is in the future',
  ],
  'member.idNumber.checkDigit': ['身份证号校验位错误，应为 {expected}', 'Wrong check digit; it should be {expected}'],
  'member.idNumber.category': [
    '残疾人证号第19位为残疾类别，应为1–7',
    'Digit 19 of a disability certificate is the category, 1–7',
  ],
  'member.idNumber.grade': [
    '残疾人证号第20位为残疾等级，应为1–4',
    'Digit 20 of a disability certificate is the grade, 1–4',
  ],
  'member.idNumber.legacy': [
    '这是15位旧身份证号，请改为18位：{expected}',
    'This is an old 15-digit ID; use the 18-digit form {expected}',
  ],
  'member.birthDate.format': ['出生日期格式应为 年-月-日', 'Write the birth date as YYYY-MM-DD'],
  'member.birthDate.future': ['出生日期晚于今天', 'The birth date is in the future'],
  'member.birthDate.mismatch': [
    '出生日期与身份证号不一致，应为 {expected}',
    'The birth date does not match the ID number; it should be {expected}',
  ],
  'member.sex.required': ['请选择性别', 'Choose the sex'],
  'member.sex.mismatch': [
    '性别与身份证号不一致，应为“{expected}”',
    'The sex does not match the ID number; it should be {expectedEn}',
  ],
  'member.education.withSchoolStatus': [
    '文化程度和在校生状况只能填写一项',
    'Fill either education or school status, not both',
  ],
  'member.monthsWorked.range': ['务工时间应为0–12个月的整数', 'Months worked must be a whole number from 0 to 12'],
  'member.work.missingPlace': [
    '填写了务工时间，请同时填写务工地点',
    'Months worked is filled; also fill the work place',
  ],
  'member.work.missingMonths': [
    '填写了务工地点，请同时填写务工时间',
    'The work place is filled; also fill the months worked',
  ],
  'member.labourSkill.underAge': [
    '未满16周岁，劳动技能应为“无劳动力”',
    'Under 16, so the labour skill must be 无劳动力 (none)',
  ],
  'member.labourSkill.ableBodied': [
    '16–60周岁、身体健康且不在校，却填为“无劳动力”，请核实',
    'Healthy, aged 16–60 and not in school, yet recorded as having no labour; please check',
  ],
  'member.health.disabilityCertificate': [
    '填写了残疾人证号，健康状况应为“残疾”',
    'A disability certificate is given, so health should be 残疾 (disabled)',
  ],
  'income.amount.invalid': ['金额应为不小于0的数字', 'The amount must be a number of at least 0'],
  'income.amount.precision': ['金额最多保留两位小数（精确到分）', 'Amounts have at most two decimals (fen)'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

/** Code of a registry finding, e.g. 'member.idNumber.checkDigit'. */
export type IssueCode = keyof typeof ISSUE_MESSAGES;

/** An error blocks saving or submitting; a warning asks a person to look again. */
export type IssueSeverity = 'error' | 'warning';

/** Values filled into a message's {name} slots. */
export type IssueParams = Readonly<Record<string, string>>;

/** One finding about one field, with a message in each UI language. */
export interface Issue {
  severity: IssueSeverity;
  code: IssueCode;
  /** Path of the field, e.g. 'phone' or 'members[2].idNumber'. */
  field: string;
  message: Record<Locale, string>;
  /** The values in the message (e.g. the expected check digit), for clients that re-render it. */
  params?: IssueParams;
}

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => params[name] ?? slot);
}

/** Message of a finding in both languages, with its parameters filled in. */
export function issueMessage(code: IssueCode, params: IssueParams = {}): Record<Locale, string> {
  const [zh, en] = ISSUE_MESSAGES[code];
  return { 'zh-CN': fill(zh, params), en: fill(en, params) };
}

/** Builds an issue with the table's message for its code. */
export function makeIssue(severity: IssueSeverity, code: IssueCode, field: string, params?: IssueParams): Issue {
  const message = issueMessage(code, params);
  return params === undefined ? { severity, code, field, message } : { severity, code, field, message, params };
}

/** True when any issue is an error (warnings alone never block). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Joins a field path: joinPath('members[2]', 'idNumber') is 'members[2].idNumber'. */
export function joinPath(prefix: string, field: string): string {
  return prefix === '' ? field : `${prefix}.${field}`;
}
