import ExcelJS from 'exceljs';
import { COLUMNS, type Column } from './columns.js';

// The blank import template: the 贫困户信息 sheet with the form's headers (one row per member), and
// a 说明 sheet that says what each column takes.

const LEVEL = { household: '户（本户各行相同）', member: '成员' } as const;

const KIND_NOTE: Record<Column['kind'], string> = {
  text: '文字',
  enum: '从可选值中选一项',
  enumList: '从可选值中选，多项用“、”分隔',
  integer: '整数',
  money: '金额（元），最多两位小数，不填为0',
  bool: '是 / 否',
  date: '日期，如 1970-03-05',
  yearMonth: '年月，如 2015-03',
  digits: '数字串，请设为文本格式',
};

/** Builds the template workbook. */
export function templateWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fupin';
  const sheet = workbook.addWorksheet('贫困户信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: 'width' in c ? c.width : Math.max(10, c.header.length * 2 + 2),
    // Digits stay text, so Excel keeps all 18 digits of an ID number.
    style: c.kind === 'digits' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: c.level === 'household' ? 'FFDDEBF7' : 'FFE2EFDA' },
    };
    if ('required' in c && c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.en}${'note' in c ? `\n${c.note['zh-CN']}` : ''}`;
  });

  const notes = workbook.addWorksheet('说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 26 },
    { header: 'Column', key: 'en', width: 26 },
    { header: '级别', key: 'level', width: 18 },
    { header: '必填', key: 'required', width: 6 },
    { header: '格式与说明', key: 'note', width: 60 },
    { header: '可选值', key: 'options', width: 80 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of COLUMNS) {
    notes.addRow({
      header: c.header,
      en: c.en,
      level: LEVEL[c.level],
      required: 'required' in c && c.required ? '是' : '',
      note: [KIND_NOTE[c.kind], 'note' in c ? c.note['zh-CN'] : ''].filter(Boolean).join('；'),
      options: 'options' in c ? c.options.map((o) => o.value).join('、') : c.kind === 'bool' ? '是、否' : '',
    });
  }
  notes.addRow({});
  notes.addRow({
    header: '每个家庭成员一行；同一户的各行填写相同的户编号并连续排列，户的信息（蓝色列）各行相同或只填在第一行。',
  });
  notes.addRow({ header: '证件号码、银行账号、联系电话请保持“文本”格式，否则 Excel 会改写长数字。' });
  return workbook;
}

/** The template as CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese headers). */
export function templateCsv(): string {
  return `\uFEFF${COLUMNS.map((c) => c.header).join(',')}\r\n`;
}
