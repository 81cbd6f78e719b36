import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, shot, startStack, type Stack } from './server.js';

describe('foundation journey in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('logs in, drills 恩施州 → county → village, switches to English and logs out', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${stack.url}/login`);
    await shot(page, '01-login');
    await login(page, stack.url, 'admin');
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain('湖北省');
    await page.getByTestId('region-row-429004').waitFor();
    await shot(page, '02-province');

    await page.getByTestId('region-row-4228').getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain('恩施土家族苗族自治州');
    await shot(page, '03-enshi');

    await page.getByTestId('region-row-422802').getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain('利川市');
    await shot(page, '04-county');

    const township = page.locator('[data-testid^="region-row-422802"]').first();
    await township.getByRole('link').first().click();
    await page.waitForURL(/\/regions\/422802\d{3}$/);
    const village = page.locator('[data-testid^="region-row-422802"]').first();
    await village.waitFor();
    await village.getByRole('link').first().click();
    await page.waitForURL(/\/regions\/\d{12}$/);
    await expect.poll(() => page.getByTestId('region-title').textContent()).toMatch(/委员会|村|社区/);
    await shot(page, '05-village');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('body').textContent()).toMatch(/Regions|Logout|Log out|Village/);
    await shot(page, '06-village-en');

    await page.getByTestId('user-menu').click();
    // The menu's items move while it slides open: on a busy machine a click then lands between them.
    await page.getByTestId('logout').waitFor();
    await expect
      .poll(() => page.locator('.ant-dropdown[class*="-appear"], .ant-dropdown[class*="-enter"]').count())
      .toBe(0);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    await context.close();
  });

  it('shows a county officer a 403 page for another county, and the API answers 403', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, stack.url, 'lichuan');
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain('利川市');
    await page.goto(`${stack.url}/regions/420324`);
    await page.getByTestId('error-403').waitFor();
    await shot(page, '07-county-403');
    const api = await page.evaluate(async () => {
      const res = await fetch('/api/regions/420324');
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('OUT_OF_SCOPE');
    await context.close();
  });
});
