// Messages of the bulk helper assignment (批量结对) by code, in both languages; {name} is replaced.

export const BULK_MESSAGES = {
  'file.empty': { 'zh-CN': '文件为空', en: 'The file is empty' },
  'file.notSpreadsheet': { 'zh-CN': '请上传 .xlsx 或 .csv 文件', en: 'Upload an .xlsx or .csv file' },
  'file.legacyXls': {
    'zh-CN': '不支持旧版 .xls，请另存为 .xlsx',
    en: 'Old .xls files are not supported; save as .xlsx',
  },
  'file.noHeader': {
    'zh-CN': '前 10 行中未找到表头（须含“县级区划代码”“户编号”“帮扶责任人手机号”）',
    en: 'No header row in the first 10 rows (it needs 县级区划代码, 户编号 and 帮扶责任人手机号)',
  },
  'file.noRows': { 'zh-CN': '文件中没有数据行', en: 'The file has no data rows' },
  'file.unreadable': { 'zh-CN': '文件无法读取：{reason}', en: 'The file cannot be read: {reason}' },
  'cell.required': { 'zh-CN': '“{column}”不能为空', en: '"{column}" is required' },
  'cell.county': { 'zh-CN': '县级区划代码应为 6 位数字', en: 'The county code must have 6 digits' },
  'cell.date': { 'zh-CN': '结对日期应为日期，如 2016-03-01', en: 'The pairing date must be a date such as 2016-03-01' },
  'row.outOfScope': { 'zh-CN': '该户不在您的辖区内', en: 'This household is outside your region' },
  'row.householdNotFound': {
    'zh-CN': '未找到该户（县级区划代码 + 户编号）',
    en: 'No household with this county code and household number',
  },
  'row.headMismatch': {
    'zh-CN': '户主姓名与登记不符（登记为 {name}）',
    en: 'The head of household is registered as {name}',
  },
  'row.notAssisted': {
    'zh-CN': '该户不是未脱贫或返贫户，无需结对',
    en: 'Only households not yet out of poverty (or relapsed) are paired',
  },
  'row.cadreNotFound': { 'zh-CN': '未找到该手机号的帮扶干部', en: 'No helper with this phone number' },
  'row.cadreNameMismatch': {
    'zh-CN': '帮扶责任人姓名与手机号不符（登记为 {name}）',
    en: 'The helper with this phone is registered as {name}',
  },
  'row.cadreInactive': { 'zh-CN': '该帮扶干部已停用', en: 'This helper is no longer active' },
  'row.regionMismatch': {
    'zh-CN': '该户不在帮扶责任人的帮扶区域内',
    en: "The household is outside the helper's assigned region",
  },
  'row.duplicate': { 'zh-CN': '与第 {row} 行重复', en: 'Same as row {row}' },
  'row.overLimit': {
    'zh-CN': '帮扶责任人结对户数将超过上限 {max} 户',
    en: 'The helper would have more than {max} households',
  },
} as const satisfies Record<string, { 'zh-CN': string; en: string }>;

export type BulkMessageCode = keyof typeof BULK_MESSAGES;

/** A message with its parameters filled in. */
export function bulkMessage(
  code: BulkMessageCode,
  params: Record<string, string> = {},
): { 'zh-CN': string; en: string } {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? '');
  return { 'zh-CN': fill(BULK_MESSAGES[code]['zh-CN']), en: fill(BULK_MESSAGES[code].en) };
}

/** Columns of the bulk assignment file, in template order. */
export const BULK_COLUMNS = [
  { key: 'countyCode', header: '县级区划代码', required: true },
  { key: 'householdNo', header: '户编号', required: true },
  { key: 'headName', header: '户主姓名', required: false },
  { key: 'cadreName', header: '帮扶责任人', required: false },
  { key: 'cadrePhone', header: '帮扶责任人手机号', required: true },
  { key: 'startOn', header: '结对日期', required: false },
] as const;

export type BulkColumnKey = (typeof BULK_COLUMNS)[number]['key'];
