import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../apps/server/src/modules/registry/generator/generate.js';
import { seedProgressDemo } from '../../apps/server/src/modules/progress/seed.js';
import { login, shot, startStack, type Stack } from './server.js';

/**
 * Moves the mouse over a grid of points on the map canvas until the tooltip names `name`;
 * returns that point and the tooltip's text (the map is a canvas: its regions have no DOM).
 */
async function findOnMap(page: Page, name: string): Promise<{ x: number; y: number; text: string }> {
  const canvas = page.getByTestId('battle-map-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no map canvas');
  const tooltip = page.locator('[data-testid="battle-map-canvas"] > div').last();
  for (let row = 1; row < 16; row++) {
    for (let col = 1; col < 20; col++) {
      const x = box.x + (box.width * col) / 20;
      const y = box.y + (box.height * row) / 16;
      await page.mouse.move(x, y);
      await page.waitForTimeout(30);
      const text = (await tooltip.isVisible()) ? await tooltip.innerText() : '';
      if (text.startsWith(name)) return { x, y, text };
    }
  }
  throw new Error(`${name} not found on the map`);
}

/** The cells of the table row whose first cell is `name`. */
async function tableRow(page: Page, name: string): Promise<string[]> {
  const row = page.getByTestId('progress-table').locator('tbody tr.ant-table-row').filter({ hasText: name }).first();
  return row.locator('td').allInnerTexts();
}

describe('battle map (作战图) in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await generateRegistry(stack.database, { scale: 0.0015, seed: 2015 });
    await seedProgressDemo(stack.database.owner);
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('drills 湖北 → 恩施州 → 利川市 → a township’s villages, switches colours and downloads the bulletin', async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await login(page, stack.url, 'hubei');
    await page.getByRole('menuitem', { name: '作战图' }).click();
    await page.waitForURL(/\/battle-map\/42$/);
    await page.getByTestId('battle-map-canvas').waitFor();
    await expect.poll(() => page.getByTestId('progress-table').locator('tbody tr.ant-table-row').count()).toBe(18);
    await page.waitForTimeout(500);
    await shot(page, 'battle-map-01-province');

    // The tooltip's figures are the table's figures (one response feeds both).
    const enshi = await findOnMap(page, '恩施土家族苗族自治州');
    const enshiRow = await tableRow(page, '恩施土家族苗族自治州');
    const [, , poorHouseholds, poorPeople] = enshiRow;
    expect(enshi.text).toContain(`贫困户 ${poorHouseholds} 户 / ${poorPeople} 人`);
    expect(Number(poorHouseholds)).toBeGreaterThan(0);
    // The demo timetable plans some exits in 2015 for the province (计划累计, column 8).
    expect(Number((await tableRow(page, '合计'))[7])).toBeGreaterThan(0);
    await page.mouse.click(enshi.x, enshi.y);
    await page.waitForURL(/\/battle-map\/4228$/);
    await expect.poll(() => page.getByTestId('progress-table').locator('tbody tr.ant-table-row').count()).toBe(9);
    await page.waitForTimeout(500);
    await shot(page, 'battle-map-02-enshi');

    await page.locator('.ant-segmented-item').filter({ hasText: '贫困发生率' }).click();
    await page.waitForURL(/mode=incidence/);
    await expect.poll(() => page.locator('.battle-map-legend').innerText()).toContain('10–20%');
    await page.waitForTimeout(300);
    await shot(page, 'battle-map-03-enshi-incidence');

    const lichuan = await findOnMap(page, '利川市');
    const lichuanRow = await tableRow(page, '利川市');
    expect(lichuan.text).toContain(`贫困户 ${lichuanRow[2]} 户 / ${lichuanRow[3]} 人`);
    await page.mouse.click(lichuan.x, lichuan.y);
    await page.waitForURL(/\/battle-map\/422802\?mode=incidence$/);
    await page.getByText('县级以下以表格显示').waitFor();
    await shot(page, 'battle-map-04-lichuan-townships');

    // The first township with poor households opens its villages as a table.
    const township = page
      .getByTestId('progress-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasNot: page.locator('td:nth-child(3):text-is("0")') })
      .locator('button.link-button')
      .first();
    const townshipName = await township.innerText();
    await township.click();
    await page.waitForURL(/\/battle-map\/422802\d{3}\?/);
    await expect
      .poll(() => page.getByTestId('progress-table').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId('progress-table').innerText()).toContain(`${townshipName.trim()}各村`);
    await shot(page, 'battle-map-05-villages');

    // The breadcrumb leads back up to the prefecture.
    await page.getByTestId('battle-map-breadcrumb').getByText('恩施土家族苗族自治州').click();
    await page.waitForURL(/\/battle-map\/4228\?/);

    // A bulletin for 恩施州: the job runs in the server's worker; the .docx downloads.
    await page.getByRole('textbox', { name: '期别（如 2016年第四季度）' }).fill('2015年第三季度');
    await page.getByRole('button', { name: '生成简报' }).click();
    const link = page.locator('a', { hasText: '下载 Word' }).first();
    await link.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.bulletin-card').innerText()).toContain('湖北省扶贫办简报（2015）第1期');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toBe('湖北省扶贫办简报（2015）第1期.docx');
    await shot(page, 'battle-map-06-bulletin');
    await context.close();
  }, 300_000);
});
