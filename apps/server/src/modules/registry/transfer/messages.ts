import { issueMessage, ISSUE_MESSAGES, type IssueCode, type Locale } from '@fupin/domain';

// Findings of the spreadsheet import that the registry's own checks (ISSUE_MESSAGES) do not
// cover: the file as a whole, cells that cannot be read, and the database-wide checks.
// {name} marks a parameter, as in the domain table.
export const IMPORT_MESSAGES = {
  'file.empty': ['文件是空的', 'The file is empty'],
  'file.notSpreadsheet': [
    '该文件不是 Excel 表格（.xlsx）或 CSV 文件，请使用下载的导入模板',
    'This file is not an Excel workbook (.xlsx) or a CSV file; use the downloaded import template',
  ],
  'file.legacyXls': [
    '不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入',
    'Old .xls workbooks are not supported; save the file as .xlsx in Excel and import that',
  ],
  'file.unreadable': [
    '无法读取该文件（文件已损坏或不是有效的表格）：{detail}',
    'The file cannot be read (damaged or not a valid spreadsheet): {detail}',
  ],
  'file.noHeader': [
    '未找到表头行：前10行中没有模板的列名（如“村代码(12位)”“姓名”“证件号码”）',
    'No header row found: none of the first 10 rows holds the template column names (村代码(12位), 姓名, 证件号码 …)',
  ],
  'file.headers': [
    '表头与导入模板不符。缺少的列：{missing}；无法识别的列：{unknown}。请使用下载的导入模板',
    'The headers do not match the import template. Missing columns: {missing}; unknown columns: {unknown}. Use the downloaded template',
  ],
  'file.duplicateHeader': ['表头中“{column}”列出现了两次', 'The column {column} appears twice in the header'],
  'file.noRows': ['文件中没有数据行（只有表头）', 'The file has no data rows (only the header)'],
  'cell.number': ['“{value}”不是数字，此列只能填写数字', '"{value}" is not a number; this column takes numbers only'],
  'cell.integer': [
    '“{value}”不是整数，此列只能填写整数',
    '"{value}" is not a whole number; this column takes whole numbers only',
  ],
  'cell.range': ['{value} 超出允许范围（{min}–{max}）', '{value} is outside the allowed range ({min}–{max})'],
  'cell.enum': ['“{value}”不是允许的值。可选：{allowed}', '"{value}" is not an allowed value. Choose from: {allowed}'],
  'cell.bool': ['“{value}”应填写“是”或“否”', '"{value}" should be 是 (yes) or 否 (no)'],
  'cell.yearMonth': [
    '“{value}”不是有效的年月，应写作 2015-03',
    '"{value}" is not a valid year and month; write it as 2015-03',
  ],
  'cell.tooLong': ['内容过长（最多{max}个字）', 'Too long (at most {max} characters)'],
  'cell.numericId': [
    '号码被 Excel 存成了数字，末几位已丢失。请把此列设为“文本”格式后重新填写',
    'Excel stored this number as a numeric value and lost its last digits. Format the column as Text and enter it again',
  ],
  'household.inconsistent': [
    '同一户各行的“{column}”不一致（本户第{first}行为“{expected}”）',
    'Rows of one household disagree on {column} (row {first} of this household says "{expected}")',
  ],
  'household.split': [
    '同一户的行应连续排列：户编号“{householdNumber}”已在第{first}行出现',
    'Rows of one household must be together: household number "{householdNumber}" already appeared at row {first}',
  ],
  'household.tooLarge': [
    '一户最多{max}名成员：本行超出，请检查户编号是否填错',
    'A household has at most {max} members: this row is one too many; check the household number',
  ],
  'household.headName': [
    '户主姓名“{headName}”与户主成员的姓名“{name}”不一致',
    'The head name "{headName}" differs from the name of the member who is head, "{name}"',
  ],
  'income.yearMissing': ['填写了收入，请同时填写年度', 'Incomes are filled: also fill the year'],
  'village.outOfScope': [
    '村代码 {villageCode} 不在您的辖区内，不能导入',
    'Village {villageCode} is outside your region and cannot be imported',
  ],
  'village.unknown': [
    '村代码 {villageCode} 不是湖北省现有的村',
    'Village code {villageCode} is not an existing village of the province',
  ],
  'idNumber.duplicateInFile': [
    '证件号码在本文件中出现多次（第{rows}行）',
    'This ID number appears more than once in the file (rows {rows})',
  ],
  'idNumber.registered': [
    '证件号码已在全省其他户中登记，不能重复登记（导入不会合并）',
    'This ID number is already registered in another household in the province; imports never merge',
  ],
  'householdNumber.taken': [
    '户编号“{householdNumber}”已被本县另一户使用，且内容与文件不同（导入不会覆盖已登记的户）',
    'Household number "{householdNumber}" is already used by another household of the county with different content; imports never overwrite',
  ],
  'apply.failed': ['写入时失败：{detail}', 'Writing failed: {detail}'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export type ImportMessageCode = keyof typeof IMPORT_MESSAGES;

/** A finding's code: the registry's own (domain) or the import's ('import.' prefix). */
export type FindingCode = IssueCode | `import.${ImportMessageCode}`;

function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => params[name] ?? slot);
}

/** Message of an import or registry finding in both languages. */
export function findingMessage(
  code: FindingCode,
  params: Readonly<Record<string, string>> = {},
): Record<Locale, string> {
  if (code.startsWith('import.')) {
    const [zh, en] = IMPORT_MESSAGES[code.slice('import.'.length) as ImportMessageCode];
    return { 'zh-CN': fill(zh, params), en: fill(en, params) };
  }
  if (code in ISSUE_MESSAGES) return issueMessage(code as IssueCode, params);
  return { 'zh-CN': code, en: code };
}
