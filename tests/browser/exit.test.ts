import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@fupin/domain';
import { systemActor, withScope } from '../../apps/server/src/db/scope.js';
import { createHousehold } from '../../apps/server/src/modules/registry/service.js';
import { login, shot, startStack, type Stack } from './server.js';

/** The stage the exit case page shows. */
async function stageOf(page: Page): Promise<string | null> {
  return page.getByTestId('exit-stage').getAttribute('data-stage');
}

describe('exit journey (standards → evaluation → household exit) in Chromium', () => {
  let stack: Stack;
  let villageCode = '';
  let householdKey = '';
  beforeAll(async () => {
    stack = await startStack();
    const village = await sql<{ code: string }>`
      select u.region_code as code from users u where u.username = 'village'`.execute(stack.database.owner);
    villageCode = village.rows[0]?.code ?? '';
    // One household of 利川 (恩施州, so the "七有" profile applies): income above the line, insured,
    // pension, safe house and water — it meets the standard.
    const created = await withScope(stack.database.db, systemActor('browser-exit'), (tx) =>
      createHousehold(tx, '*', {
        household: {
          villageCode,
          attribute: '一般贫困户',
          mainCause: '缺技术',
          members: [
            {
              name: '向明发',
              sex: '男',
              idNumber: makeIdNumber('422802', '1972-06-15', 411, '男'),
              birthDate: '1972-06-15',
              relation: '户主',
              education: '初中',
              health: '健康',
              labourSkill: '普通劳动力',
              hasBasicMedicalInsurance: true,
              hasResidentPension: true,
            },
          ],
        },
        living: { houseGrade: 'A', waterSafe: true },
        income: {
          year: 2015,
          wages: 5200,
          business: 0,
          property: 0,
          transfers: { familyPlanning: 0, dibao: 0, destituteSupport: 0, pension: 0, ecoCompensation: 0, other: 0 },
          businessExpenses: 0,
        },
      }),
    );
    householdKey = created.key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('an administrator edits a standard and runs the evaluation; the work team walks an exit to announcement', async () => {
    expect(villageCode).toMatch(/^422802\d{6}$/);
    const browser = stack.browser;

    // The administrator raises the 2015 line to 2,900 and saves a new version of the standards.
    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const a = await adminContext.newPage();
    await login(a, stack.url, 'admin');
    await a.goto(`${stack.url}/exit/standards`);
    await a.getByTestId('std-title').waitFor();
    await expect.poll(() => a.getByTestId('std-version').textContent()).toContain('系统默认');
    const line2015 = a.getByTestId('std-povertyLines-4').locator('input');
    expect(await line2015.nth(0).inputValue()).toBe('2015');
    await line2015.nth(1).fill('2900');
    await a.getByTestId('std-note').fill('按省扶贫办通知调整 2015 年标准');
    await shot(a, 'exit-01-standards');
    await a.getByTestId('std-save').click();
    await expect.poll(() => a.getByTestId('std-version').textContent()).toContain('当前版本：1');
    // Household exit notices run 3 days here (the exit setting, not the identification notice's).
    const days = a.getByTestId('exit-notice-days-household');
    const daysInput = (await days.evaluate((el) => el.tagName)) === 'INPUT' ? days : days.locator('input');
    expect(await daysInput.inputValue()).toBe('5');
    await daysInput.fill('3');
    await a.getByTestId('exit-settings-save').click();
    await a.getByText('公示天数已保存').waitFor();
    await shot(a, 'exit-01b-notice-days');

    // The evaluation of 利川 for 2015, as a background job with progress.
    await a.goto(`${stack.url}/exit?region=422802&year=2015`);
    await a.getByTestId('exit-title').waitFor();
    await a.getByTestId('exit-run').click();
    await expect.poll(() => a.getByTestId('exit-last-run').textContent(), { timeout: 60_000 }).toContain('标准版本 1');
    await a.getByTestId(`exit-row-${householdKey}`).waitFor();
    await shot(a, 'exit-02-evaluated');
    await a.getByTestId('exit-level-village').click();
    await a.locator('.ant-table-row').first().waitFor();
    await shot(a, 'exit-03-villages');

    // The village work team proposes the household from the eligible list.
    const teamContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const v = await teamContext.newPage();
    await login(v, stack.url, 'village');
    await v.goto(`${stack.url}/exit?year=2015`);
    const row = v.getByTestId(`exit-row-${householdKey}`);
    await row.getByText('达标').waitFor();
    await row.getByRole('button', { name: '申请退出' }).click();
    await row.getByText('已提出').waitFor();
    await row.getByText('已提出').click();
    await v.waitForURL(/\/exit\/cases\/422802-\d+$/);
    const caseKey = new URL(v.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => stageOf(v)).toBe('proposed');

    const submit = async (next: string) => {
      await v.getByTestId('exit-submit').click();
      await expect.poll(() => stageOf(v)).toBe(next);
    };
    await v.getByTestId('exit-note').fill('村民代表大会应到 35 人，实到 33 人，同意 33 人');
    await submit('appraised');
    // The work team must confirm food and clothing on its visit before the check passes.
    await v.getByTestId('exit-food').click();
    await v.getByTestId('exit-clothing').click();
    await v.getByTestId('exit-note').fill('入户核实：吃穿不愁，住房安全，饮水安全');
    await shot(v, 'exit-04-team-check');
    await submit('teamChecked');
    await v.getByTestId('exit-signed-by').fill('向明发');
    const signedOn = v.getByTestId('exit-action').locator('.ant-picker input');
    await signedOn.click();
    await signedOn.fill('2015-11-20');
    // Typing a whole date and leaving the field commits it (Enter would submit the form).
    await v.getByTestId('exit-signed-by').click();
    await expect.poll(() => signedOn.inputValue()).toBe('2015-11-20');
    await shot(v, 'exit-05-agreement');
    await submit('agreed');
    await submit('notice');
    await v.getByText('等待乡镇办理').waitFor();
    await shot(v, 'exit-06-notice');

    // The township announces once the notice has run its 3 days; the household is then 已脱贫.
    const [county, id] = caseKey.split('-');
    await sql`update exit_cases set notice_started_at = now() - interval '3 days 1 minute'
      where county_code = ${county} and id = ${id}::bigint`.execute(stack.database.owner);
    const townshipContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const tw = await townshipContext.newPage();
    await login(tw, stack.url, 'township');
    await tw.goto(`${stack.url}/exit/cases/${caseKey}`);
    await expect.poll(() => stageOf(tw)).toBe('notice');
    await tw.getByTestId('exit-note').fill('公示 3 天无异议');
    await tw.getByTestId('exit-submit').click();
    await expect.poll(() => stageOf(tw)).toBe('exited');
    await tw.getByTestId('exit-step-announce').waitFor();
    await shot(tw, 'exit-07-exited');
    const status = await sql<{ status: string; exit_year: number }>`select status, exit_year from households
      where county_code = ${county} and id = ${householdKey.split('-')[1]}::bigint`.execute(stack.database.owner);
    expect(status.rows[0]).toEqual({ status: '已脱贫(享受政策)', exit_year: 2015 });
    await tw.goto(`${stack.url}/exit/cases`);
    await tw.getByTestId(`exit-case-${caseKey}`).waitFor();
    await shot(tw, 'exit-08-cases');

    await adminContext.close();
    await teamContext.close();
    await townshipContext.close();
  }, 300_000);
});
