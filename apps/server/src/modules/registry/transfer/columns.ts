import {
  DANGEROUS_HOUSE_GRADES,
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  IDENTIFICATION_STANDARDS,
  LABOUR_SKILLS,
  POLITICAL_STATUSES,
  POVERTY_CAUSES,
  RELATIONS_TO_HEAD,
  SCHOOL_STATUSES,
  SEXES,
  type EnumOption,
} from '@fupin/domain';

// The registry spreadsheet: one row per member, the household's columns repeated on each of its
// rows (DOMAIN §2, the national 建档立卡 form). This one table drives the template, the import
// and the ledger export, so their columns cannot drift apart.

/** How a cell is read and written. */
export type ColumnKind =
  | 'text'
  | 'enum'
  | 'enumList'
  | 'integer'
  | 'money'
  | 'bool'
  | 'date'
  | 'yearMonth'
  /** Digits that must stay text in Excel (ID numbers, bank accounts, codes, phones). */
  | 'digits';

/** Personal data, masked in exports for users without `registry.personal`. */
export type PersonalKind = 'idNumber' | 'phone' | 'bankAccount' | 'health';

export interface ColumnDef {
  key: string;
  /** The header on the national form, as the template prints it. */
  header: string;
  en: string;
  level: 'household' | 'member';
  kind: ColumnKind;
  options?: readonly EnumOption[];
  /** Field name in the registry checks' issue paths (HouseholdInput / MemberInput). */
  field?: string;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  personal?: PersonalKind;
  /** Other header spellings accepted on import. */
  aliases?: readonly string[];
  note?: { 'zh-CN': string; en: string };
  width?: number;
}

const column = <const C extends ColumnDef>(c: C): C => c;

/** The template's columns, in the template's order. */
export const COLUMNS = [
  column({
    key: 'villageCode',
    header: '村代码(12位)',
    en: 'Village code (12 digits)',
    level: 'household',
    kind: 'digits',
    field: 'villageCode',
    required: true,
    aliases: ['村代码', '行政区划代码'],
    note: { 'zh-CN': '12位行政区划代码，须为村委会（第10–12位为200–399）', en: '12-digit code of a village committee' },
    width: 15,
  }),
  column({ key: 'group', header: '组', en: 'Group', level: 'household', kind: 'text', maxLength: 20, width: 6 }),
  column({
    key: 'householdNumber',
    header: '户编号',
    en: 'Household number',
    level: 'household',
    kind: 'text',
    field: 'householdNumber',
    maxLength: 30,
    note: {
      'zh-CN': '同一户的各行填写相同的户编号并连续排列；不填时，从“户主”行开始到下一个“户主”行之前为一户',
      en: 'Rows of one household share the number and stand together; when blank, a household runs from a 户主 row to the next',
    },
    width: 16,
  }),
  column({
    key: 'headName',
    header: '户主姓名',
    en: 'Head of household',
    level: 'household',
    kind: 'text',
    maxLength: 40,
  }),
  column({
    key: 'phone',
    header: '联系电话',
    en: 'Phone',
    level: 'household',
    kind: 'digits',
    field: 'phone',
    maxLength: 20,
    personal: 'phone',
    width: 13,
  }),
  column({ key: 'bankName', header: '开户银行', en: 'Bank', level: 'household', kind: 'text', maxLength: 40 }),
  column({
    key: 'bankAccount',
    header: '银行账号',
    en: 'Bank account',
    level: 'household',
    kind: 'digits',
    field: 'bankAccount',
    maxLength: 40,
    personal: 'bankAccount',
    width: 22,
  }),
  column({
    key: 'identificationStandard',
    header: '识别标准',
    en: 'Identification standard',
    level: 'household',
    kind: 'enum',
    options: IDENTIFICATION_STANDARDS,
    note: { 'zh-CN': '不填为“国家”', en: 'Blank means 国家 (national)' },
  }),
  column({
    key: 'attribute',
    header: '贫困户属性',
    en: 'Attribute',
    level: 'household',
    kind: 'enum',
    options: HOUSEHOLD_ATTRIBUTES,
    field: 'attribute',
    note: { 'zh-CN': '不填为“一般贫困户”', en: 'Blank means 一般贫困户 (ordinary)' },
    width: 14,
  }),
  column({
    key: 'mainCause',
    header: '主要致贫原因',
    en: 'Main cause of poverty',
    level: 'household',
    kind: 'enum',
    options: POVERTY_CAUSES,
    field: 'mainCause',
    required: true,
  }),
  column({
    key: 'otherCauses',
    header: '其他致贫原因',
    en: 'Other causes',
    level: 'household',
    kind: 'enumList',
    options: POVERTY_CAUSES,
    field: 'otherCauses',
    note: { 'zh-CN': '最多两项，用顿号“、”分隔', en: 'At most two, separated by 、' },
  }),
  column({
    key: 'firstIdentified',
    header: '识别年月',
    en: 'Identified (year-month)',
    level: 'household',
    kind: 'yearMonth',
    field: 'firstIdentified',
    note: { 'zh-CN': '如 2015-03', en: 'e.g. 2015-03' },
  }),
  column({
    key: 'name',
    header: '姓名',
    en: 'Name',
    level: 'member',
    kind: 'text',
    field: 'name',
    required: true,
    maxLength: 40,
  }),
  column({
    key: 'sex',
    header: '性别',
    en: 'Sex',
    level: 'member',
    kind: 'enum',
    options: SEXES,
    field: 'sex',
    width: 6,
  }),
  column({
    key: 'idNumber',
    header: '证件号码',
    en: 'ID number',
    level: 'member',
    kind: 'digits',
    field: 'idNumber',
    required: true,
    maxLength: 24,
    personal: 'idNumber',
    aliases: ['身份证号', '身份证号码', '证件号码(身份证号)'],
    note: {
      'zh-CN': '18位身份证号，或20位残疾人证号；请设为文本格式，否则 Excel 会丢失末几位',
      en: '18-digit ID or 20-digit disability certificate; keep the column as Text or Excel drops the last digits',
    },
    width: 22,
  }),
  column({
    key: 'birthDate',
    header: '出生日期',
    en: 'Birth date',
    level: 'member',
    kind: 'date',
    field: 'birthDate',
    note: { 'zh-CN': '如 1970-03-05；不填时按身份证号', en: 'e.g. 1970-03-05; blank: taken from the ID number' },
    width: 12,
  }),
  column({
    key: 'relation',
    header: '与户主关系',
    en: 'Relation to head',
    level: 'member',
    kind: 'enum',
    options: RELATIONS_TO_HEAD,
    field: 'relation',
    required: true,
  }),
  column({ key: 'ethnicity', header: '民族', en: 'Ethnicity', level: 'member', kind: 'enum', options: ETHNICITIES }),
  column({
    key: 'politicalStatus',
    header: '政治面貌',
    en: 'Political status',
    level: 'member',
    kind: 'enum',
    options: POLITICAL_STATUSES,
  }),
  column({
    key: 'education',
    header: '文化程度',
    en: 'Education',
    level: 'member',
    kind: 'enum',
    options: EDUCATION_LEVELS,
    field: 'education',
  }),
  column({
    key: 'schoolStatus',
    header: '在校生状况',
    en: 'School status',
    level: 'member',
    kind: 'enum',
    options: SCHOOL_STATUSES,
    field: 'schoolStatus',
  }),
  column({
    key: 'health',
    header: '健康状况',
    en: 'Health',
    level: 'member',
    kind: 'enum',
    options: HEALTH_STATUSES,
    field: 'health',
    personal: 'health',
  }),
  column({
    key: 'labourSkill',
    header: '劳动技能',
    en: 'Labour skill',
    level: 'member',
    kind: 'enum',
    options: LABOUR_SKILLS,
    field: 'labourSkill',
    width: 16,
  }),
  column({
    key: 'monthsWorked',
    header: '务工时间(月)',
    en: 'Months worked',
    level: 'member',
    kind: 'integer',
    field: 'monthsWorked',
    min: 0,
    max: 12,
    aliases: ['务工时间'],
  }),
  column({
    key: 'workPlace',
    header: '务工地点',
    en: 'Work place',
    level: 'member',
    kind: 'text',
    field: 'workPlace',
    maxLength: 60,
  }),
  column({
    key: 'hasBasicMedicalInsurance',
    header: '参加城乡居民基本医疗保险',
    en: 'Basic medical insurance',
    level: 'member',
    kind: 'bool',
  }),
  column({
    key: 'hasCriticalIllnessInsurance',
    header: '参加大病保险',
    en: 'Critical illness insurance',
    level: 'member',
    kind: 'bool',
  }),
  column({
    key: 'hasResidentPension',
    header: '参加城乡居民基本养老保险',
    en: 'Resident pension',
    level: 'member',
    kind: 'bool',
  }),
  column({ key: 'receivesDibao', header: '享受低保', en: 'Receives dibao', level: 'member', kind: 'bool' }),
  column({
    key: 'incomeYear',
    header: '年度',
    en: 'Income year',
    level: 'household',
    kind: 'integer',
    min: 2010,
    max: 2100,
    note: { 'zh-CN': '收入所属年度；填写了收入时必填', en: 'Year of the incomes; required when incomes are filled' },
  }),
  column({ key: 'wages', header: '工资性收入', en: 'Wages', level: 'household', kind: 'money' }),
  column({ key: 'business', header: '生产经营性收入', en: 'Business income', level: 'household', kind: 'money' }),
  column({ key: 'property', header: '财产性收入', en: 'Property income', level: 'household', kind: 'money' }),
  column({
    key: 'familyPlanning',
    header: '计划生育金',
    en: 'Family-planning grant',
    level: 'household',
    kind: 'money',
  }),
  column({ key: 'dibao', header: '低保金', en: 'Dibao', level: 'household', kind: 'money' }),
  column({ key: 'destituteSupport', header: '特困供养金', en: 'Destitute support', level: 'household', kind: 'money' }),
  column({ key: 'pension', header: '养老金', en: 'Pension', level: 'household', kind: 'money' }),
  column({ key: 'ecoCompensation', header: '生态补偿金', en: 'Eco compensation', level: 'household', kind: 'money' }),
  column({ key: 'otherTransfer', header: '其他转移性收入', en: 'Other transfers', level: 'household', kind: 'money' }),
  column({
    key: 'businessExpenses',
    header: '生产经营性支出',
    en: 'Business expenses',
    level: 'household',
    kind: 'money',
  }),
  column({
    key: 'houseGrade',
    header: '住房危房等级',
    en: 'Dangerous-house grade',
    level: 'household',
    kind: 'enum',
    options: DANGEROUS_HOUSE_GRADES,
  }),
  column({ key: 'waterSafe', header: '饮水安全', en: 'Safe drinking water', level: 'household', kind: 'bool' }),
] as const;

export type Column = (typeof COLUMNS)[number];
export type ColumnKey = Column['key'];

/** Columns the ledger export adds after the template's; the import recognises and ignores them. */
export const EXPORT_ONLY_COLUMNS = [
  { key: 'villageName', header: '村名称', en: 'Village', width: 14 },
  { key: 'status', header: '贫困户状态', en: 'Status', options: HOUSEHOLD_STATUSES, width: 14 },
  { key: 'perCapitaIncome', header: '人均纯收入', en: 'Per-capita net income', width: 12 },
] as const;

/** Column positions by key. */
export const COLUMN_INDEX: ReadonlyMap<ColumnKey, number> = new Map(COLUMNS.map((c, i) => [c.key, i]));

/** One row of the sheet as text, by column key. */
export type RowTexts = Record<ColumnKey, string>;

/** A row with every column blank. */
export function blankRow(): RowTexts {
  return Object.fromEntries(COLUMNS.map((c) => [c.key, ''])) as RowTexts;
}

/** Column of a registry-check field ('idNumber', 'phone', …). */
export function columnOfField(field: string): Column | undefined {
  return COLUMNS.find((c) => 'field' in c && c.field === field);
}

/** Header text as compared on import: NFKC (full-width brackets → ASCII), no spaces, no '*' marks. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').replace(/[\s*＊]/g, '');
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey | null> = new Map<string, ColumnKey | null>([
  ...COLUMNS.flatMap((c) =>
    [c.header, ...('aliases' in c ? c.aliases : [])].map((h): [string, ColumnKey] => [normaliseHeader(h), c.key]),
  ),
  ...EXPORT_ONLY_COLUMNS.map((c): [string, null] => [normaliseHeader(c.header), null]),
]);

/** The column a header names: its key, null for an export-only column, undefined when unknown. */
export function columnOfHeader(text: string): ColumnKey | null | undefined {
  return HEADER_LOOKUP.get(normaliseHeader(text));
}
