import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, shot, startStack, type Stack } from './server.js';

// The pages of the later issues in English on an empty registry: each renders (no error page),
// its empty tables and lists say so in English (antd's locale switches with the app's), and a
// screenshot of each is kept for review.

const PAGES = [
  ['dashboard', '/dashboard'],
  ['battle-map', '/battle-map'],
  ['assistance', '/assistance'],
  ['household-plans', '/household-plans'],
  ['exit', '/exit?year=2015'],
  ['exit-cases', '/exit/cases'],
  ['exit-facts', '/exit/facts'],
  ['exit-standards', '/exit/standards'],
  ['households', '/households'],
  ['jobs', '/jobs'],
] as const;

describe('later pages in English with no data, in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('every page renders in English on an empty registry, with English empty states', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await login(page, stack.url, 'admin');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toMatch(/^en/);
    for (const [name, route] of PAGES) {
      await page.goto(`${stack.url}${route}`);
      await page.waitForLoadState('networkidle');
      await page.locator('.ant-layout-content').first().waitFor();
      expect(await page.locator('[data-testid^="error-"]').count(), `${route} shows an error page`).toBe(0);
      const content = (await page.locator('.ant-layout-content').first().innerText()).trim();
      expect(content.length, `${route} is blank`).toBeGreaterThan(0);
      // antd's own texts follow the app's language: no Chinese empty state or pagination.
      expect(content, `${route} shows antd's Chinese texts`).not.toMatch(/暂无数据|条\/页|共 \d+ 条/);
      await shot(page, `en-empty-${name}`);
    }
    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);
});
