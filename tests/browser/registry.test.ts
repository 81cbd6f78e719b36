import path from 'node:path';
import { idCheckDigit, makeIdNumber } from '@fupin/domain';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, SCREENSHOTS, shot, startStack, type Stack } from './server.js';

/** Chooses an option of the antd Select carrying `testId`, and waits for its list to close. */
async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  const list = page.locator('.ant-select-dropdown:visible');
  const handle = await list.elementHandle();
  await list.locator(`.ant-select-item-option[title="${option}"]`).click();
  if (handle) await handle.waitForElementState('hidden');
}

/** Screenshot of the viewport around `testId` (the long form's sticky bars confuse full-page shots). */
async function shotAround(page: Page, testId: string, name: string): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until no antd spinner is left (tables fade their rows while loading). */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
}

/** The household key in a detail page's address. */
function keyOf(url: string): string {
  const key = /\/households\/(\d{6}-\d+)/.exec(url)?.[1];
  if (!key) throw new Error(`not a household page: ${url}`);
  return key;
}

describe('registry journey in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a village team registers a household through the form, finds it in the list and opens it', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, stack.url, 'village');
    await page.getByRole('menuitem', { name: '贫困户' }).click();
    await page.getByTestId('households-empty').waitFor();
    await settled(page);
    await shot(page, 'registry-01-list-empty');

    await page.getByTestId('household-new').click();
    const head = makeIdNumber('422802', '1968-04-12', 11, '男');
    const spouse = makeIdNumber('422802', '1970-09-03', 12, '女');
    await page.getByTestId('member-0-name').fill('向大山');
    await page.getByTestId('member-0-idNumber').fill(head);
    // Birth date and sex come from the ID number.
    await expect.poll(() => page.getByTestId('member-0-birthDate').inputValue()).toBe('1968-04-12');
    await expect.poll(() => page.getByTestId('member-0-sex').textContent()).toContain('男');
    await pick(page, 'household-mainCause', '因病');
    await pick(page, 'member-0-health', '长期慢性病');
    await pick(page, 'member-0-labourSkill', '普通劳动力');
    await page.getByTestId('member-add').click();
    await pick(page, 'member-1-relation', '配偶');
    await page.getByTestId('member-1-name').fill('田小花');
    await page.getByTestId('member-1-idNumber').fill(spouse);
    await expect.poll(() => page.getByTestId('member-1-birthDate').inputValue()).toBe('1970-09-03');
    await page.locator('#income_year').fill('2015');
    await page.locator('#income_wages').fill('3000');
    await page.locator('#income_businessExpenses').fill('200');
    await expect.poll(() => page.getByTestId('income-preview').textContent()).toContain('人均纯收入 1400.00 元');
    await shotAround(page, 'member-1', 'registry-02-form');
    await page.getByTestId('household-save').click();

    await expect.poll(() => page.getByTestId('household-title').textContent()).toBe('向大山户');
    const key = keyOf(page.url());
    await shot(page, 'registry-03-detail');
    await page.getByRole('tab', { name: /家庭成员/ }).click();
    await page.getByText(spouse).waitFor();
    await shot(page, 'registry-04-members');

    await page.getByRole('menuitem', { name: '贫困户' }).click();
    const row = page.getByTestId(`household-row-${key}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('向大山');
    expect(await row.textContent()).toContain('因病');
    expect(await row.textContent()).toContain('1,400.00 元2015 年');
    await settled(page);
    await shot(page, 'registry-05-list');
    await row.click();
    await expect.poll(() => page.getByTestId('household-title').textContent()).toBe('向大山户');
    expect(keyOf(page.url())).toBe(key);
    await context.close();
  });

  it('shows a wrong check digit under the ID field as it is typed and refuses to save', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, stack.url, 'village');
    await page.goto(`${stack.url}/households/new`);
    const valid = makeIdNumber('422802', '1980-01-02', 21, '男');
    const expected = idCheckDigit(valid.slice(0, 17));
    const wrong = `${valid.slice(0, 17)}${expected === '0' ? '1' : '0'}`;
    await page.getByTestId('member-0-name').fill('错号户');
    await page.getByTestId('member-0-idNumber').fill(wrong);
    const issue = page.locator('[data-issue="member.idNumber.checkDigit"]');
    await expect.poll(() => issue.textContent()).toBe(`身份证号校验位错误，应为 ${expected}`);
    await shotAround(page, 'member-0', 'registry-06-check-digit');

    await page.getByTestId('household-save').click();
    await page.getByTestId('household-errors').waitFor();
    expect(new URL(page.url()).pathname).toBe('/households/new');
    const count = await stack.database.owner
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    await page.getByTestId('member-0-idNumber').fill(valid);
    await expect.poll(() => issue.count()).toBe(0);
    await context.close();
  });

  it('keeps the user’s input and says so when someone else saved the household first', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const mine = await context.newPage();
    await login(mine, stack.url, 'lichuan');
    await mine.goto(`${stack.url}/households`);
    const first = mine.locator('[data-testid^="household-row-"]').first();
    await first.click();
    const key = keyOf(mine.url());
    await mine.getByTestId('household-edit').click();
    await mine.getByTestId('household-phone').waitFor();

    const theirs = await context.newPage();
    await theirs.goto(`${stack.url}/households/${key}/edit`);
    await theirs.getByTestId('household-phone').fill('13900000001');
    await theirs.getByTestId('household-save').click();
    await theirs.getByTestId('household-title').waitFor();

    await mine.getByTestId('household-phone').fill('13900000002');
    await mine.getByTestId('household-save').click();
    await mine.getByTestId('version-conflict').waitFor();
    expect(await mine.getByTestId('version-conflict').textContent()).toContain('该记录已被他人修改');
    expect(await mine.getByTestId('household-phone').inputValue()).toBe('13900000002');
    await shotAround(mine, 'version-conflict', 'registry-07-version-conflict');

    await mine.getByTestId('version-conflict-keep').click();
    await mine.getByTestId('version-conflict').waitFor({ state: 'detached' });
    await mine.getByTestId('household-save').click();
    await mine.getByTestId('household-title').waitFor();
    const stored = await stack.database.owner
      .selectFrom('households')
      .select(['phone', 'version'])
      .where(sql<boolean>`county_code || '-' || id = ${key}`)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ phone: '13900000002', version: 3 });
    await context.close();
  });
});
