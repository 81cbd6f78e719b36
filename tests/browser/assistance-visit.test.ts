import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@fupin/domain';
import { systemActor, withScope } from '../../apps/server/src/db/scope.js';
import { createHousehold } from '../../apps/server/src/modules/registry/service.js';
import { SCREENSHOTS, login, shot, startStack, type Stack } from './server.js';

/** A 160×120 PNG in two greens (field and sky), as a phone camera's photo would stand in for it. */
function photo(): Buffer {
  const [width, height] = [160, 120];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(y < 50 ? [135, 190, 235] : [70 + (x % 20), 150, 60], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('household assistance journey (走访, 十个到户 wall card) in Chromium', () => {
  let stack: Stack;
  let villageCode = '';
  let key = '';

  beforeAll(async () => {
    stack = await startStack();
    const owner = stack.database.owner;
    const village = await sql<{ code: string; id: string }>`
      select u.region_code as code, u.id::text as id from users u where u.username = 'village'`.execute(owner);
    villageCode = village.rows[0]?.code ?? '';
    const county = villageCode.slice(0, 6);
    const created = await withScope(stack.database.db, systemActor('browser-setup', 'test'), (tx) =>
      createHousehold(tx, '*', {
        household: {
          villageCode,
          phone: '13971234567',
          attribute: '一般贫困户',
          mainCause: '因病',
          members: [
            {
              name: '向明山',
              sex: '男',
              idNumber: makeIdNumber(county, '1962-05-08', 411, '男'),
              birthDate: '1962-05-08',
              relation: '户主',
              education: '小学',
              health: '长期慢性病',
              labourSkill: '弱劳动力或半劳动力',
            },
            {
              name: '谭春兰',
              sex: '女',
              idNumber: makeIdNumber(county, '1965-11-20', 412, '女'),
              birthDate: '1965-11-20',
              relation: '配偶',
              education: '文盲或半文盲',
              health: '健康',
              labourSkill: '普通劳动力',
            },
          ],
        },
      }),
    );
    key = created.key;
    // The assistance organisation of the village: the work team's cadre is the 'village' account.
    const unit = await sql<{ id: string }>`insert into assistance_units (name, kind, level, region_code)
      values ('利川市农业农村局', 'department', 'county', ${county}) returning id::text`.execute(owner);
    const cadre = async (name: string, phone: string, userId: string | null) =>
      (
        await sql<{ id: string }>`insert into cadres (name, phone, unit_id, region_code, user_id)
          values (${name}, ${phone}, ${unit.rows[0]?.id}::bigint, ${county}, ${userId}::bigint) returning id::text`.execute(
          owner,
        )
      ).rows[0]?.id ?? '';
    const helper = await cadre('张德华', '13907181234', village.rows[0]?.id ?? null);
    const leader = await cadre('李建国', '13907185678', null);
    const team = await sql<{
      id: string;
    }>`insert into work_teams (county_code, village_code, name, leader_cadre_id, start_on)
      values (${county}, ${villageCode}, '农业农村局驻村工作队', ${leader}::bigint, '2016-01-01') returning id::text`.execute(
      owner,
    );
    for (const member of [leader, helper]) {
      await sql`insert into work_team_members (county_code, team_id, cadre_id, village_code, from_on)
        values (${county}, ${team.rows[0]?.id}::bigint, ${member}::bigint, ${villageCode}, '2016-01-01')`.execute(
        owner,
      );
      await sql`insert into work_team_days (county_code, team_id, cadre_id, day, village_code, in_village, recorded_by_name)
        select ${county}, ${team.rows[0]?.id}::bigint, ${member}::bigint, current_date - d, ${villageCode}, d % 7 <> 0, 'test'
          from generate_series(1, 20) d`.execute(owner);
    }
    await sql`insert into first_secretaries (county_code, village_code, cadre_id, start_on, planned_end_on)
      values (${county}, ${villageCode}, ${leader}::bigint, '2016-01-01', '2019-01-01')`.execute(owner);
    await sql`insert into pairings (county_code, household_id, village_code, cadre_id, start_on)
      values (${county}, ${key.split('-')[1]}::bigint, ${villageCode}, ${helper}::bigint, '2016-01-01')`.execute(owner);
    await sql`insert into household_plan_items (county_code, household_id, village_code, measure_type, target, target_fen,
        due_on, status, cadre_id, created_by)
      values (${county}, ${key.split('-')[1]}::bigint, ${villageCode}, 'health', '慢病签约服务，大病保险全覆盖', 300000,
        current_date + 90, 'inProgress', ${helper}::bigint, 'test')`.execute(owner);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('records a visit with a photo, prints the wall card and verifies it through its QR address', async () => {
    expect(key).toMatch(/^422802-\d+$/);
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, stack.url, 'village');

    // The household's plan tab: the item and its progress.
    await page.goto(`${stack.url}/households/${key}?tab=plan`);
    await page.getByTestId('plan-items').waitFor();
    expect(await page.getByTestId('plan-items').textContent()).toContain('慢病签约服务');
    await shot(page, 'assist-01-plan');

    // Record a visit with a photo; it shows with its thumbnail.
    await page.goto(`${stack.url}/households/${key}?tab=visits`);
    await page.getByTestId('visit-add').click();
    await page.getByTestId('visit-note').fill('入户了解病情，讲解大病保险报销政策，查看药费票据。');
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '入户照片.png', mimeType: 'image/png', buffer: photo() });
    await page.locator('.ant-upload-list-item').first().waitFor();
    await shot(page, 'assist-02-visit-form');
    await page.locator('#visit-save').click();
    await page.getByTestId('visit-card').first().waitFor();
    expect(await page.getByTestId('visit-card').first().textContent()).toContain('张德华');
    await page.getByTestId('visit-photo').first().waitFor();
    const loaded = await page
      .locator('img.ant-image-img')
      .first()
      // Evaluated in the page: the thumbnail was fetched from the API and decoded.
      .evaluate((img) => 'naturalWidth' in img && typeof img.naturalWidth === 'number' && img.naturalWidth === 160);
    expect(loaded).toBe(true);
    await shot(page, 'assist-03-visit-recorded');

    // The wall card: masked head, the responsible people with phones, a QR code.
    await page.goto(`${stack.url}/households/${key}?tab=plan`);
    await page.getByTestId('wall-card-open').click();
    await page.waitForURL(/\/wall-card$/);
    await page.getByTestId('wallcard-qr').waitFor();
    expect(await page.getByTestId('wallcard-title').textContent()).toBe('“十个到户”精准扶贫公示卡');
    expect(await page.getByTestId('wallcard-head').textContent()).toBe('向*山');
    const people = (await page.getByTestId('wallcard-people').textContent()) ?? '';
    expect(people).toContain('张德华');
    expect(people).toContain('13907181234');
    expect(people).toContain('驻村工作队队长');
    const sheet = (await page.getByTestId('wallcard-sheet').textContent()) ?? '';
    expect(sheet).not.toContain('向明山');
    expect(sheet).not.toContain('13971234567');
    expect(await page.getByTestId('wallcard-version').textContent()).toContain('第 1 版');
    await shot(page, 'assist-04-wall-card');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.getByTestId('wallcard-print').isVisible()).toBe(false);
    await page
      .getByTestId('wallcard-sheet')
      .screenshot({ path: path.join(SCREENSHOTS, 'assist-05-wall-card-print.png') });
    await page.pdf({ path: path.join(SCREENSHOTS, 'assist-wall-card.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    // Whoever scans the QR code, without logging in, sees the masked card and that it is current.
    const url = (await page.getByTestId('wallcard-qr').getAttribute('data-url')) ?? '';
    expect(url).toMatch(new RegExp(`^${stack.url}/verify/422802-\\d+-1\\.[\\w-]{22}$`));
    const anonymous = await stack.browser.newContext({ viewport: { width: 414, height: 860 }, locale: 'zh-CN' });
    const phone = await anonymous.newPage();
    await phone.goto(url);
    await phone.getByTestId('verify-result').waitFor();
    expect(await phone.getByTestId('verify-result').getAttribute('data-status')).toBe('current');
    expect(await phone.getByTestId('wallcard-head').textContent()).toBe('向*山');
    await shot(phone, 'assist-06-verify');

    // A forged code is refused.
    await phone.goto(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    await expect.poll(() => phone.getByTestId('verify-result').getAttribute('data-status')).toBe('invalid');
    await shot(phone, 'assist-07-verify-forged');
    await anonymous.close();

    // The work team's activity record: attendance, the visit just recorded, the plan's progress.
    await page.goto(`${stack.url}/household-plans?tab=team`);
    await page.getByTestId('activity-members').waitFor();
    const members = (await page.getByTestId('activity-members').textContent()) ?? '';
    expect(members).toContain('李建国');
    expect(members).toContain('张德华');
    await expect.poll(async () => (await page.getByTestId('activity-totals').textContent()) ?? '').toContain('1 / 1');
    await shot(page, 'assist-08-team-activity');
    await context.close();
  });
});
