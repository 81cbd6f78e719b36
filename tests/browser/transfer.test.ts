import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '@fupin/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../apps/server/src/modules/registry/transfer/columns.js';
import { login, SCREENSHOTS, shot, startStack, type Stack } from './server.js';

const HEADERS = COLUMNS.map((c) => c.header);

/** A template workbook with one good household and one whose head's ID has a wrong check digit. */
async function importFile(village: string): Promise<Buffer> {
  const county = village.slice(0, 6);
  const good = makeIdNumber(county, '1966-06-06', 301, '男');
  const bad = makeIdNumber(county, '1967-07-07', 303, '男');
  const wrongDigit = bad.slice(0, 17) + (bad.endsWith('1') ? '2' : '1');
  const rows: Record<string, string | number>[] = [
    {
      '村代码(12位)': village,
      户编号: `${village}9001`,
      户主姓名: '谭正清',
      贫困户属性: '一般贫困户',
      主要致贫原因: '因病',
      姓名: '谭正清',
      性别: '男',
      证件号码: good,
      出生日期: '1966-06-06',
      与户主关系: '户主',
      文化程度: '小学',
      健康状况: '患有大病',
      劳动技能: '弱劳动力或半劳动力',
    },
    {
      '村代码(12位)': village,
      户编号: `${village}9002`,
      户主姓名: '覃有福',
      贫困户属性: '一般贫困户',
      主要致贫原因: '缺技术',
      姓名: '覃有福',
      性别: '男',
      证件号码: wrongDigit,
      出生日期: '1967-07-07',
      与户主关系: '户主',
      文化程度: '初中',
      健康状况: '健康',
      劳动技能: '普通劳动力',
    },
  ];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('贫困户信息');
  sheet.addRow(HEADERS);
  for (const r of rows) sheet.addRow(HEADERS.map((h) => r[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function sheetRows(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('registry import and export in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('imports a file with an error (good rows only), downloads the error report and exports the list', async () => {
    const v = await sql<{
      code: string;
    }>`select code from regions where code like '422802%' and level = 'village' and poor_designation is not null order by code limit 1`.execute(
      stack.database.owner,
    );
    const village = v.rows[0]?.code ?? '';
    const file = path.join(SCREENSHOTS, 'import-with-error.xlsx');
    await (await import('node:fs/promises')).writeFile(file, await importFile(village));

    const context = await stack.browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await login(page, stack.url, 'lichuan');
    await page.getByRole('menuitem', { name: '贫困户' }).click();
    await page.getByTestId('households-import').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-mode-good').click();
    await shot(page, 'transfer-01-import-dialog');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-status-completed').waitFor({ timeout: 60_000 });
    await shot(page, 'transfer-02-import-done');

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    const reportFile = path.join(SCREENSHOTS, 'import-errors.xlsx');
    await report.saveAs(reportFile);
    const reportRows = await sheetRows(reportFile);
    const text = JSON.stringify(reportRows);
    expect(text).toContain('覃有福');
    expect(text).toMatch(/校验位/);
    expect(text).not.toContain('谭正清');

    const registered = await sql<{
      head_name: string;
    }>`select head_name from households where county_code = '422802' order by id`.execute(stack.database.owner);
    expect(registered.rows.map((r) => r.head_name)).toEqual(['谭正清']);

    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByText('谭正清').first().waitFor();
    await shot(page, 'transfer-03-list');
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('households-export').click(),
    ]);
    const exportFile = path.join(SCREENSHOTS, 'export.xlsx');
    await exported.saveAs(exportFile);
    const exportText = JSON.stringify(await sheetRows(exportFile));
    expect(exportText).toContain('谭正清');
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'household.export'`.execute(stack.database.owner);
    expect(audit.rows[0]?.n).toBe(1);
    await context.close();
  });
});
