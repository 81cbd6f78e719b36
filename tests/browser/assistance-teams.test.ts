import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@fupin/domain';
import { systemActor, withScope } from '../../apps/server/src/db/scope.js';
import { createHousehold } from '../../apps/server/src/modules/registry/service.js';
import { login, shot, startStack, type Stack } from './server.js';

// A county officer of 利川 stations a work team (three units) in a poor village, reads the
// coverage of the county with its gap list, and pairs a helper with a household.

describe('assistance organisation journey (驻村工作队, 结对帮扶) in Chromium', () => {
  let stack: Stack;
  let villageCode = '';
  let key = '';

  beforeAll(async () => {
    stack = await startStack();
    const owner = stack.database.owner;
    const village = await sql<{ code: string }>`select code from regions where code like '422802%' and level = 'village'
      and poor_designation is not null order by code limit 1`.execute(owner);
    villageCode = village.rows[0]?.code ?? '';
    const created = await withScope(stack.database.db, systemActor('browser-setup', 'test'), (tx) =>
      createHousehold(tx, '*', {
        household: {
          villageCode,
          phone: '13971230001',
          attribute: '一般贫困户',
          mainCause: '缺资金',
          members: [
            {
              name: '冉光明',
              sex: '男',
              idNumber: makeIdNumber('422802', '1968-03-02', 521, '男'),
              birthDate: '1968-03-02',
              relation: '户主',
              education: '初中',
              health: '健康',
              labourSkill: '普通劳动力',
            },
          ],
        },
      }),
    );
    key = created.key;
    for (const name of ['利川市财政局', '利川市交通运输局', '利川市水利局']) {
      await sql`insert into assistance_units (name, kind, level, region_code) values (${name}, 'department', 'county', '422802')`.execute(
        owner,
      );
    }
    const unit = await sql<{
      id: string;
    }>`select id::text as id from assistance_units where name = '利川市财政局'`.execute(owner);
    for (const [name, phone] of [
      ['覃志刚', '13907180001'],
      ['向红梅', '13907180002'],
    ] as const) {
      await sql`insert into cadres (name, phone, unit_id, position, region_code)
        values (${name}, ${phone}, ${unit.rows[0]?.id}::bigint, '科员', '422802')`.execute(owner);
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('creates a work team with three units and pairs a helper with a household', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, stack.url, 'lichuan');

    // A new work team in the village (the village is preselected from the page's region).
    await page.goto(`${stack.url}/assistance?tab=teams&region=${villageCode}`);
    await page.getByTestId('team-new').click();
    await page.getByTestId('team-name').fill('利川市财政局驻村工作队');
    await page.getByTestId('team-units').click();
    for (const name of ['利川市财政局', '利川市交通运输局', '利川市水利局']) {
      await page.locator('.ant-select-item-option', { hasText: name }).first().click();
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('team-leader').click();
    await page.locator('.ant-select-item-option', { hasText: '覃志刚' }).first().click();
    await shot(page, 'assistance-01-team-form');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid=teams-table] .ant-table-row').first().waitFor();
    const row = (await page.getByTestId('teams-table').locator('.ant-table-row').first().textContent()) ?? '';
    expect(row).toContain('利川市财政局驻村工作队');
    expect(row).toContain('利川市水利局');
    expect(row).toContain('覃志刚');
    await shot(page, 'assistance-02-team-created');

    // Coverage of the county: figures and the gap list (the household has no helper yet).
    await page.goto(`${stack.url}/assistance?tab=coverage&region=422802`);
    await page.getByTestId('coverage-workTeam').waitFor();
    expect(await page.getByTestId('coverage-workTeam').textContent()).toContain('1');
    await page.locator('[data-testid=coverage-gaps] .ant-table-row').first().waitFor();
    expect(await page.getByTestId('coverage-gaps').textContent()).toContain('冉光明');
    await shot(page, 'assistance-03-coverage');

    // Pair a helper from the household's 帮扶责任人 tab.
    await page.goto(`${stack.url}/households/${key}?tab=helpers`);
    await page.getByTestId('pair-helper').click();
    await page.getByTestId('pair-cadre').click();
    await page.locator('.ant-select-item-option', { hasText: '向红梅' }).first().click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid=household-pairings] .ant-table-row').first().waitFor();
    expect(await page.getByTestId('household-pairings').textContent()).toContain('向红梅');
    await shot(page, 'assistance-04-paired');

    // The same helper again is refused with the reason in Chinese.
    await page.getByTestId('pair-helper').click();
    await page.getByTestId('pair-cadre').click();
    await page.locator('.ant-select-item-option', { hasText: '向红梅' }).first().click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('assist-form-error').waitFor();
    expect(await page.getByTestId('assist-form-error').textContent()).toContain('该帮扶责任人已与此户结对');
    await shot(page, 'assistance-05-duplicate-refused');
    await context.close();
  });
});
