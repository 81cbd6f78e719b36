import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsxRows } from './xlsxReader.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function write(build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fupin-xlsx-'));
  dirs.push(dir);
  const file = path.join(dir, 'book.xlsx');
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function rows(file: string) {
  const out = [];
  for await (const row of readXlsxRows(file)) out.push(row);
  return out;
}

describe('xlsx reader', () => {
  it('reads text, numbers, booleans, dates, formula results, rich and escaped text from the first sheet', async () => {
    const file = await write((workbook) => {
      const sheet = workbook.addWorksheet('数据');
      sheet.addRow(['姓名', '金额', '是否', '日期', '公式', '富文本', '符号']);
      sheet.addRow([
        '张三',
        4000.5,
        true,
        new Date(Date.UTC(1970, 2, 5)),
        { formula: '1+1', result: 2 },
        { richText: [{ text: '土家' }, { text: '族' }] },
        'a<b & "c" _x',
      ]);
      sheet.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
      sheet.getCell('G3').value = '稀疏行';
      workbook.addWorksheet('说明').addRow(['不读']);
    });
    const read = await rows(file);
    expect(read.map((r) => r.rowNo)).toEqual([1, 2, 3]);
    expect(read[1]?.values).toEqual([
      '张三',
      4000.5,
      true,
      new Date(Date.UTC(1970, 2, 5)),
      2,
      '土家族',
      'a<b & "c" _x',
    ]);
    expect(read[2]?.values[6]).toBe('稀疏行');
    expect(read[2]?.values.length).toBe(7);
  });

  it('keeps Chinese characters whole across the inflated chunks of a large sheet', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `${'龘靐齉爩'.repeat(5)}${i}`);
    const file = await write((workbook) => {
      const sheet = workbook.addWorksheet('数据');
      for (const n of names) sheet.addRow([n, `湖北省恩施土家族苗族自治州利川市${n}`]);
    });
    const read = await rows(file);
    expect(read.map((r) => r.values[0])).toEqual(names);
    expect(read.every((r) => !String(r.values[1]).includes('\uFFFD'))).toBe(true);
  });

  it('refuses a file that is not a zip', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fupin-xlsx-'));
    dirs.push(dir);
    const file = path.join(dir, 'not.xlsx');
    await (await import('node:fs/promises')).writeFile(file, 'PK\u0003\u0004 but not really a zip');
    await expect(rows(file)).rejects.toThrow(/zip/);
  });
});
