import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@fupin/domain';
import { SCREENSHOTS, login, shot, startStack, type Stack } from './server.js';

/** Picks `option` in the antd select carrying `testId`, then waits for its dropdown to close. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** The stage the case page shows. */
async function stageOf(page: Page): Promise<string | null> {
  return page.getByTestId('ident-stage').getAttribute('data-stage');
}

/** Records the case's next step with a pass and a note; waits for the stage to move on. */
async function pass(page: Page, note: string, next: string, finding?: string): Promise<void> {
  await page.getByTestId('ident-outcome-pass').click();
  await page.getByTestId('ident-note').fill(note);
  if (finding !== undefined) await page.getByTestId('ident-finding').fill(finding);
  await page.getByTestId('ident-step-submit').click();
  await expect.poll(() => stageOf(page)).toBe(next);
}

describe('identification journey (两公示一公告) in Chromium', () => {
  let stack: Stack;
  let villageCode = '';
  beforeAll(async () => {
    stack = await startStack();
    const village = await sql<{ code: string }>`
      select u.region_code as code from users u where u.username = 'village'`.execute(stack.database.owner);
    villageCode = village.rows[0]?.code ?? '';
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Moves the case's running notice back past its full period (5 days), as if the days had passed. */
  async function endNotice(key: string): Promise<void> {
    const [county, id] = key.split('-');
    await sql`update identification_cases set notice_started_at = now() - interval '5 days 1 minute'
      where county_code = ${county} and id = ${id}::bigint`.execute(stack.database.owner);
  }

  it('takes an application through both notices, two spot checks and the announcement to the registry', async () => {
    expect(villageCode).toMatch(/^422802\d{6}$/);
    const township = villageCode.slice(0, 9);
    const browser = stack.browser;

    // The village work team files the application with the registration form and its checks.
    const villageContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const v = await villageContext.newPage();
    await login(v, stack.url, 'village');
    await v.goto(`${stack.url}/identification`);
    await v.getByTestId('ident-new').click();
    await v.getByTestId('member-0-name').fill('向大山');
    await v.getByTestId('member-0-idNumber').fill(makeIdNumber('422802', '1968-04-12', 311, '男'));
    await choose(v, 'member-0-labourSkill', '普通劳动力');
    await choose(v, 'household-mainCause', '因病');
    await v.getByTestId('member-add').click();
    await choose(v, 'member-1-relation', '配偶');
    await v.getByTestId('member-1-name').fill('谭春梅');
    await v.getByTestId('member-1-idNumber').fill(makeIdNumber('422802', '1970-10-03', 312, '女'));
    await choose(v, 'member-1-labourSkill', '普通劳动力');
    await shot(v, 'ident-01-application');
    await v.getByTestId('ident-apply-submit').click();
    await v.waitForURL(/\/identification\/422802-\d+$/);
    const key = new URL(v.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => stageOf(v)).toBe('applied');
    await shot(v, 'ident-02-applied');

    // The village's three steps, in order; each appears on the timeline with who and when.
    await pass(v, '村民代表大会应到 35 人，实到 32 人，赞成 30 人', 'appraised');
    await pass(v, '村委会入户核实，情况属实', 'villageChecked');
    await pass(v, '在村务公开栏张贴', 'firstNotice');
    await v.getByTestId('ident-record-appraise').waitFor();
    // The review belongs to the township: the village team sees no button, only whose turn it is.
    await expect.poll(() => v.getByTestId('ident-step-submit').count()).toBe(0);
    await shot(v, 'ident-03-first-notice');

    // The printable notice: masked ID numbers, no phone, the period from the settings.
    await v.goto(`${stack.url}/identification/notice?regionCode=${villageCode}&stage=firstNotice`);
    await v.getByTestId('notice-table').waitFor();
    expect(await v.getByTestId('notice-title').textContent()).toMatch(/^关于.+贫困户识别的第一次公示$/);
    const table = (await v.getByTestId('notice-table').textContent()) ?? '';
    expect(table).toContain('向大山');
    expect(table).toMatch(/4228\*{10}\d{3}[\dX]/);
    expect(table).not.toContain(makeIdNumber('422802', '1968-04-12', 311, '男'));
    expect(await v.getByTestId('notice-period').textContent()).toContain('公示期为 5 天');
    await shot(v, 'ident-04-notice');
    await v.emulateMedia({ media: 'print' });
    await expect.poll(() => v.getByTestId('notice-print').isVisible()).toBe(false);
    await shot(v, 'ident-04-notice-print');
    await v.pdf({ path: path.join(SCREENSHOTS, 'ident-notice.pdf'), format: 'A4' });
    await v.emulateMedia({ media: 'screen' });

    // The township officer cannot review while the notice runs: a countdown instead of a button.
    const townshipContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const tw = await townshipContext.newPage();
    await login(tw, stack.url, 'township');
    await tw.goto(`${stack.url}/identification/${key}`);
    await tw.getByTestId('ident-countdown').waitFor();
    expect(await tw.getByTestId('ident-countdown').textContent()).toMatch(/^4 天 23:5\d:\d\d$/);
    await shot(tw, 'ident-05-notice-running');

    // Five days later: the township draws its spot check (one case, so it is sampled) and reviews.
    await endNotice(key);
    await tw.goto(`${stack.url}/identification?region=${township}`);
    await tw.getByTestId(`ident-row-${key}`).waitFor();
    await tw.getByTestId('spot-check-draw').click();
    await tw.getByTestId('spot-check-result').waitFor();
    await expect.poll(() => tw.getByTestId(`ident-row-${key}`).getAttribute('class')).toContain('ident-row-sampled');
    await shot(tw, 'ident-06-township-spot-check');
    await tw.getByTestId(`ident-row-${key}`).getByRole('link').first().click();
    await tw.getByTestId('ident-step-form').waitFor();
    // Sampled, so the finding is required before the review is accepted.
    await tw.getByTestId('ident-step-submit').click();
    await tw.locator('.ant-form-item-explain-error').filter({ hasText: '核实情况' }).waitFor();
    await pass(tw, '经乡镇审核，符合识别标准', 'townshipReviewed', '乡镇干部入户核实：患慢性病，住房 C 级，属实');
    await pass(tw, '在乡镇政务公开栏张贴', 'secondNotice');
    await shot(tw, 'ident-07-second-notice');

    // The county: after the second notice, its own spot check, review and announcement.
    await endNotice(key);
    const countyContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const c = await countyContext.newPage();
    await login(c, stack.url, 'lichuan');
    await c.goto(`${stack.url}/identification?stage=secondNotice`);
    await c.getByTestId(`ident-row-${key}`).waitFor();
    await c.getByTestId('spot-check-draw').click();
    await c.getByTestId('spot-check-result').waitFor();
    await shot(c, 'ident-08-county-spot-check');
    await c.goto(`${stack.url}/identification/${key}`);
    await pass(c, '县扶贫办审核通过', 'countyReviewed', '县级抽查入户，属实');
    await pass(c, '在县政府网站公告', 'registered');
    await c.getByTestId('ident-household-link').waitFor();
    const steps = await c.getByTestId('ident-timeline').textContent();
    expect(steps).toContain('乡镇干部入户核实');
    expect(steps).toContain('利川市扶贫办');
    await shot(c, 'ident-09-registered');

    // The registered household exists in the registry with both members.
    const householdKey = await c.evaluate(
      async (k) => ((await (await fetch(`/api/identification/${k}`)).json()) as { householdKey: string }).householdKey,
      key,
    );
    const household = await c.evaluate(
      async (k) => (await (await fetch(`/api/households/${k}`)).json()) as { headName: string; size: number },
      householdKey,
    );
    expect(household).toMatchObject({ headName: '向大山', size: 2 });

    // The same case page in English.
    await c.getByTestId('lang-switch').click();
    await expect.poll(() => c.getByTestId('ident-stage').textContent()).toBe('Registered');
    await shot(c, 'ident-10-registered-en');

    await villageContext.close();
    await townshipContext.close();
    await countyContext.close();
  });

  it('opens a year and records a birth in the household history (动态调整)', async () => {
    const browser = stack.browser;
    // The province administrator opens the year; the carry-forward runs as a job.
    const adminContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const a = await adminContext.newPage();
    await login(a, stack.url, 'admin');
    await a.goto(`${stack.url}/identification`);
    await a.getByTestId('ident-settings').waitFor();
    await a.getByTestId('open-year').click();
    await a.locator('.ant-popconfirm .ant-btn-primary').click();
    await a.getByTestId('open-year-job').waitFor();
    await shot(a, 'ident-11-admin-open-year');
    await adminContext.close();

    // A registered household of the village, two members.
    const countyContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const c = await countyContext.newPage();
    await login(c, stack.url, 'lichuan');
    const write = {
      household: {
        villageCode,
        attribute: '一般贫困户',
        mainCause: '因残',
        members: [
          { name: '冉正清', relation: '户主', sex: '男', birthDate: '1971-05-20' },
          { name: '牟翠英', relation: '配偶', sex: '女', birthDate: '1973-08-09' },
        ].map((m, i) => ({
          ...m,
          idNumber: makeIdNumber('422802', m.birthDate, 401 + i, m.sex === '男' ? '男' : '女'),
          labourSkill: '普通劳动力',
        })),
      },
    };
    const csrf = (await countyContext.cookies()).find((cookie) => cookie.name === 'fupin_csrf')?.value ?? '';
    const householdKey = await c.evaluate(
      async ({ body, token }) => {
        const res = await fetch('/api/households', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify(body),
        });
        return ((await res.json()) as { key: string }).key;
      },
      { body: write, token: decodeURIComponent(csrf) },
    );
    expect(householdKey).toMatch(/^422802-\d+$/);
    await countyContext.close();

    // The village team records the birth of a grandson on the household's history tab.
    const villageContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const v = await villageContext.newPage();
    await login(v, stack.url, 'village');
    await v.goto(`${stack.url}/households/${householdKey}?tab=history`);
    await v.getByTestId('adjustment-panel').waitFor();
    await choose(v, 'adjust-event', '新生');
    await choose(v, 'adjust-member-relation', '之孙子');
    await v.getByTestId('adjust-member-name').fill('冉小宝');
    await v.getByTestId('adjust-member-idNumber').fill(makeIdNumber('422802', '2016-03-15', 403, '男'));
    await choose(v, 'adjust-member-schoolStatus', '学龄前');
    await choose(v, 'adjust-member-labourSkill', '无劳动力');
    await v.getByTestId('adjust-reason').fill('2016 年 3 月出生，已上户口');
    await v.getByTestId('adjust-submit').click();
    await v.getByTestId('history-birth').waitFor();
    expect(await v.getByTestId('history-birth').textContent()).toContain('3 人');
    await shot(v, 'ident-12-adjustment-birth');

    // The head dies: the panel asks for a successor before the change can be recorded.
    await choose(v, 'adjust-event', '死亡');
    await choose(v, 'adjust-member', '户主');
    await v.getByTestId('adjust-new-head').waitFor();
    await choose(v, 'adjust-new-head', '牟翠英');
    await v.getByTestId('adjust-reason').fill('病故');
    await v.getByTestId('adjust-submit').click();
    await v.getByTestId('history-death').waitFor();
    await expect.poll(() => v.getByTestId('household-title').textContent()).toContain('牟翠英');
    await v.getByTestId('lang-switch').click();
    await expect.poll(() => v.getByTestId('history-death').textContent()).toContain('Death');
    await shot(v, 'ident-13-adjustment-en');
    await villageContext.close();
  });
});
