import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { chinaDate, makeIdNumber, MAX_PHOTO_BYTES } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp, firstPoorVillage } from './harness.js';
import type { App } from '../src/app.js';
import { withScope } from '../src/db/scope.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function household(villageCode: string, seq: number) {
  const county = villageCode.slice(0, 6);
  return {
    household: {
      villageCode,
      phone: '13912345678',
      attribute: '一般贫困户',
      mainCause: '因病',
      members: [
        {
          name: `向${seq}山`,
          sex: '男',
          idNumber: makeIdNumber(county, '1966-03-12', 700 + seq * 2, '男'),
          birthDate: '1966-03-12',
          relation: '户主',
          education: '小学',
          health: '长期慢性病',
          labourSkill: '弱劳动力或半劳动力',
        },
        {
          name: `谭${seq}梅`,
          sex: '女',
          idNumber: makeIdNumber(county, '1968-10-03', 701 + seq * 2, '女'),
          birthDate: '1968-10-03',
          relation: '配偶',
          education: '小学',
          health: '健康',
          labourSkill: '普通劳动力',
        },
      ],
    },
  };
}

interface FilePart {
  name: string;
  fileName: string;
  type: string;
  data: Buffer;
}

/** A multipart/form-data body with text fields and files, as a browser sends it. */
function multipart(fields: Record<string, string>, files: FilePart[] = []) {
  const boundary = `----fupin${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.fileName}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function postVisit(client: TestClient, key: string, fields: Record<string, string>, files: FilePart[] = []) {
  const form = multipart(fields, files);
  return client.request('POST', `/api/households/${key}/visits`, form.body, { headers: form.headers });
}

/** Days before today (China time), as 'YYYY-MM-DD'. */
function daysAgo(days: number): string {
  return chinaDate(new Date(Date.now() - days * 86_400_000));
}

const issueCodes = (body: { error: { details: { issues: { code: string }[] } } }) =>
  body.error.details.issues.map((i) => i.code);

describe.each(ENGINES)('household plans, measures, visits, wall cards on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let county: TestClient;
  let helper: TestClient;
  let zhuxi: TestClient;
  let leader: TestClient;
  let villageCode: string;
  let key: string;
  let otherKey: string;
  let memberIds: string[];
  const cadre: Record<string, string> = {};
  let teamKey: string;
  const today = chinaDate(new Date());

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    villageCode = await firstPoorVillage(database, '422802');
    await makeUser(database, 'hpcounty', 'county_officer', '422802');
    const helperUser = await makeUser(database, 'hphelper', 'helper', villageCode);
    await makeUser(database, 'hpzhuxi', 'county_officer', '420324');
    await makeUser(database, 'hpleader', 'leader', '42');
    county = new TestClient(app);
    helper = new TestClient(app);
    zhuxi = new TestClient(app);
    leader = new TestClient(app);
    await county.login('hpcounty');
    await helper.login('hphelper');
    await zhuxi.login('hpzhuxi');
    await leader.login('hpleader');

    const created = await county.post('/api/households', household(villageCode, 1));
    expect(created.statusCode, created.body).toBe(200);
    key = created.json().key;
    const other = await county.post('/api/households', household(villageCode, 2));
    otherKey = other.json().key;
    memberIds = (await county.get(`/api/households/${key}`)).json().members.map((m: { id: string }) => m.id);

    // Units, cadres, a work team, a first secretary and a pairing, as the assistance module keeps them.
    const owner = database.owner;
    const unit = await sql<{ id: string }>`insert into assistance_units (name, kind, level, region_code)
      values ('利川市农业农村局', 'department', 'county', '422802') returning id::text`.execute(owner);
    const unitId = unit.rows[0]?.id ?? '';
    const addCadre = async (name: string, phone: string, region: string, userId: string | null, active = true) => {
      const r = await sql<{ id: string }>`insert into cadres (name, phone, unit_id, region_code, user_id, active)
        values (${name}, ${phone}, ${unitId}::bigint, ${region}, ${userId}::bigint, ${active}) returning id::text`.execute(
        owner,
      );
      return r.rows[0]?.id ?? '';
    };
    cadre.helper = await addCadre('张帮扶', '13900000001', '422802', helperUser);
    cadre.leader = await addCadre('李队长', '13900000002', '422802', null);
    cadre.secretary = await addCadre('王书记', '13900000003', '422802', null);
    // A cadre of another township of the county: visible to the county, not allowed in this village.
    const sibling = await sql<{ code: string }>`select code from regions where parent_code = '422802'
      and code <> ${villageCode.slice(0, 9)} order by code limit 1`.execute(owner);
    cadre.elsewhere = await addCadre('邻乡干部', '13900000004', sibling.rows[0]?.code ?? '', null);
    cadre.retired = await addCadre('退休干部', '13900000005', '422802', null, false);
    const team = await sql<{
      id: string;
    }>`insert into work_teams (county_code, village_code, name, leader_cadre_id, start_on)
      values ('422802', ${villageCode}, '农业农村局驻村工作队', ${cadre.leader}::bigint, '2016-01-01') returning id::text`.execute(
      owner,
    );
    teamKey = `422802-${team.rows[0]?.id}`;
    for (const c of [cadre.leader, cadre.helper])
      await sql`insert into work_team_members (county_code, team_id, cadre_id, village_code, from_on)
        values ('422802', ${team.rows[0]?.id}::bigint, ${c}::bigint, ${villageCode}, '2016-01-01')`.execute(owner);
    await sql`insert into first_secretaries (county_code, village_code, cadre_id, start_on, planned_end_on)
      values ('422802', ${villageCode}, ${cadre.secretary}::bigint, '2016-01-01', '2019-01-01')`.execute(owner);
    await sql`insert into pairings (county_code, household_id, village_code, cadre_id, start_on)
      values ('422802', ${key.split('-')[1]}::bigint, ${villageCode}, ${cadre.helper}::bigint, '2016-01-01')`.execute(
      owner,
    );
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const item = (body: Record<string, unknown>) => ({
    measureType: 'industry',
    target: '发展茶叶 3 亩',
    targetAmount: 3000,
    dueDate: today,
    ...body,
  });

  it('keeps plan items: checks, optimistic versions, delete only while unused', async () => {
    const past = await county.post(`/api/households/${key}/plan/items`, item({ dueDate: daysAgo(1) }));
    expect(past.statusCode).toBe(422);
    expect(issueCodes(past.json())).toEqual(['plan.dueDate.past']);
    const fraction = await county.post(
      `/api/households/${key}/plan/items`,
      item({ targetAmount: 12.345, target: ' ' }),
    );
    expect(issueCodes(fraction.json())).toEqual(['plan.target.required', 'plan.amount.invalid']);
    const foreign = await county.post(`/api/households/${key}/plan/items`, item({ cadreId: cadre.elsewhere }));
    expect(issueCodes(foreign.json())).toEqual(['cadre.outsideRegion']);

    const created = await county.post(`/api/households/${key}/plan/items`, item({ cadreId: cadre.helper }));
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      measureType: 'industry',
      targetAmount: 3000,
      status: 'planned',
      overdue: false,
      cadre: { id: cadre.helper, name: '张帮扶' },
      deliveredAmount: 0,
      version: 1,
    });
    const id = created.json().id as string;
    const updated = await county.request('PUT', `/api/households/${key}/plan/items/${id}`, {
      ...item({ target: '发展茶叶 5 亩', targetAmount: 5000 }),
      version: 1,
    });
    expect(updated.json()).toMatchObject({ target: '发展茶叶 5 亩', targetAmount: 5000, version: 2, cadre: null });
    const stale = await county.request('PUT', `/api/households/${key}/plan/items/${id}`, { ...item({}), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const deleted = await county.request('DELETE', `/api/households/${key}/plan/items/${id}`);
    expect(deleted.json()).toEqual({ ok: true });
    expect((await county.get(`/api/households/${key}/plan`)).json().items).toEqual([]);

    const audit = await sql<{ action: string }>`select action from audit_log where entity = 'household'
      and entity_id = ${key} and action like 'plan.%' order by id`.execute(database.owner);
    expect(audit.rows.map((r) => r.action)).toEqual(['plan.item.create', 'plan.item.update', 'plan.item.delete']);
  });

  it('validates measures: amounts, dates, beneficiaries, plan items', async () => {
    const planned = (await county.post(`/api/households/${key}/plan/items`, item({ measureType: 'health' }))).json();
    const measure = (body: Record<string, unknown>) =>
      county.post(`/api/households/${key}/measures`, {
        measureType: 'health',
        content: '大病保险二次报销',
        date: today,
        amount: 1200.5,
        ...body,
      });
    expect(issueCodes((await measure({ amount: -1 })).json())).toEqual(['measure.amount.invalid']);
    expect(issueCodes((await measure({ date: daysAgo(-1) })).json())).toEqual(['measure.date.future']);
    expect(issueCodes((await measure({ date: '2013-05-01' })).json())).toEqual(['measure.date.tooEarly']);
    expect(issueCodes((await measure({ amount: null })).json())).toEqual(['measure.value.missing']);
    const stranger = await measure({ beneficiaryIds: [memberIds[0], '99999999'] });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error.details.issues[0]).toMatchObject({
      code: 'measure.beneficiary.notMember',
      field: 'beneficiaryIds[1]',
    });
    const otherMember = (await county.get(`/api/households/${otherKey}`)).json().members[0].id as string;
    expect(issueCodes((await measure({ beneficiaryIds: [otherMember] })).json())).toEqual([
      'measure.beneficiary.notMember',
    ]);
    expect(issueCodes((await measure({ measureType: 'education', planItemId: planned.id })).json())).toEqual([
      'measure.planItem.typeMismatch',
    ]);
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from household_measures`.execute(database.owner)).rows[0]?.n,
    ).toBe(0);

    const good = await measure({ planItemId: planned.id, beneficiaryIds: [memberIds[0]], cadreId: cadre.helper });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({
      measureType: 'health',
      amount: 1200.5,
      planItemId: planned.id,
      beneficiaries: [{ id: memberIds[0], name: '向1山' }],
      cadre: { id: cadre.helper, name: '张帮扶' },
      recordedBy: 'hpcounty',
    });
    const quantity = await measure({
      measureType: 'industry',
      content: '发放仔猪',
      amount: undefined,
      quantity: 2,
      unit: '头',
    });
    expect(quantity.json()).toMatchObject({ amount: null, quantity: 2, unit: '头' });
    // The planned item it was recorded against is under way now.
    const plan = (await county.get(`/api/households/${key}/plan`)).json();
    expect(plan.items.find((i: { id: string }) => i.id === planned.id)).toMatchObject({
      status: 'inProgress',
      deliveredAmount: 1200.5,
      measures: 1,
    });
    expect((await county.get(`/api/households/${key}/measures`)).json().items).toHaveLength(2);
  });

  it('records visits with photos, refuses non-images and oversize files, serves photos in scope only', async () => {
    const noCadre = await postVisit(county, key, { visitedOn: today, note: '入户了解病情' });
    expect(issueCodes(noCadre.json())).toEqual(['visit.cadre.required']);
    const retired = await postVisit(county, key, { visitedOn: today, note: 'x', cadreId: cadre.retired ?? '' });
    expect(issueCodes(retired.json())).toEqual(['cadre.inactive']);

    // The helper visits: without a cadre given, the helper's own cadre record is used.
    const visit = await postVisit(
      helper,
      key,
      { visitedOn: today, note: '入户了解病情，讲解医保政策', latitude: '30.29', longitude: '108.93' },
      [{ name: 'photos', fileName: '入户.png', type: 'image/png', data: PNG }],
    );
    expect(visit.statusCode, visit.body).toBe(200);
    const v = visit.json();
    expect(v).toMatchObject({
      visitedOn: today,
      cadre: { id: cadre.helper, name: '张帮扶' },
      latitude: 30.29,
      longitude: 108.93,
    });
    expect(v.photos).toHaveLength(1);
    expect(v.photos[0]).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });
    const photo = await helper.get(v.photos[0].url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(PNG)).toBe(true);

    const countVisits = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from household_visits`.execute(database.owner)).rows[0]?.n;
    const before = await countVisits();
    // A text file named .jpg and sent as image/jpeg is still no image: nothing is written.
    const fake = await postVisit(helper, key, { visitedOn: today, note: '走访' }, [
      { name: 'photos', fileName: 'a.jpg', type: 'image/png', data: PNG },
      { name: 'photos', fileName: 'b.jpg', type: 'image/jpeg', data: Buffer.from('<svg onload=alert(1)>') },
    ]);
    expect(fake.statusCode).toBe(422);
    expect(fake.json().error.details.issues).toMatchObject([{ code: 'visit.photo.type', field: 'photos[1]' }]);
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const oversize = await postVisit(helper, key, { visitedOn: today, note: '走访' }, [
      { name: 'photos', fileName: 'big.jpg', type: 'image/jpeg', data: big },
    ]);
    expect(oversize.statusCode).toBe(413);
    expect(oversize.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const tooMany = await postVisit(
      helper,
      key,
      { visitedOn: today, note: '走访' },
      Array.from({ length: 7 }, (_, i) => ({ name: 'photos', fileName: `${i}.png`, type: 'image/png', data: PNG })),
    );
    expect(issueCodes(tooMany.json())).toEqual(['visit.photos.tooMany']);
    expect(await countVisits()).toBe(before);

    // Another county sees neither the visits nor the photo; a read-only leader cannot record.
    expect((await zhuxi.get(`/api/households/${key}/visits`)).statusCode).toBe(403);
    expect((await zhuxi.get(v.photos[0].url)).statusCode).toBe(403);
    expect((await leader.get(`/api/households/${key}/visits`)).json().items).toHaveLength(1);
    expect((await postVisit(leader, key, { visitedOn: today, note: 'x' })).statusCode).toBe(403);
  });

  it('refuses another county with 403 everywhere', async () => {
    expect((await zhuxi.get(`/api/households/${key}/plan`)).json().error.code).toBe('OUT_OF_SCOPE');
    expect((await zhuxi.post(`/api/households/${key}/plan/items`, item({}))).statusCode).toBe(403);
    const m = await zhuxi.post(`/api/households/${key}/measures`, {
      measureType: 'health',
      content: 'x',
      date: today,
      amount: 1,
    });
    expect(m.statusCode).toBe(403);
    expect((await zhuxi.post(`/api/households/${key}/wall-card`)).statusCode).toBe(403);
    expect((await zhuxi.get(`/api/household-plans/progress?regionCode=422802`)).statusCode).toBe(403);
    expect(
      (await zhuxi.get(`/api/household-plans/teams/${teamKey}/activity?from=${today}&to=${today}`)).statusCode,
    ).toBe(403);
  });

  it('computes plan progress for a household and its regions against a hand-built plan', async () => {
    const owner = database.owner;
    const [countyCode, id] = otherKey.split('-');
    // Items of the second household: done, overdue (in progress), planned, cancelled.
    const insert = async (type: string, status: string, due: string, fen: number) => {
      const r = await sql<{ id: string }>`insert into household_plan_items
        (county_code, household_id, village_code, measure_type, target, target_fen, due_on, status, created_by)
        values (${countyCode}, ${id}::bigint, ${villageCode}, ${type}, '目标', ${fen}, ${due}::date, ${status}, 'test')
        returning id::text`.execute(owner);
      return r.rows[0]?.id ?? '';
    };
    const done = await insert('industry', 'done', daysAgo(30), 300000);
    const late = await insert('housing', 'inProgress', daysAgo(1), 500000);
    await insert('education', 'planned', daysAgo(-30), 100000);
    const cancelled = await insert('tourism', 'cancelled', daysAgo(60), 900000);
    const measure = async (itemId: string, type: string, fen: number) =>
      sql`insert into household_measures (county_code, household_id, village_code, measure_type, content, measured_on,
          amount_fen, plan_item_id, recorded_by_name)
        values (${countyCode}, ${id}::bigint, ${villageCode}, ${type}, '落实', ${daysAgo(5)}::date, ${fen},
                ${itemId}::bigint, 'test')`.execute(owner);
    await measure(done, 'industry', 300000);
    await measure(late, 'housing', 200000);
    await measure(cancelled, 'tourism', 70000);

    const plan = (await county.get(`/api/households/${otherKey}/plan`)).json();
    expect(plan.progress).toEqual({
      items: 3,
      planned: 1,
      inProgress: 1,
      done: 1,
      cancelled: 1,
      overdue: 1,
      doneShare: 0.3333,
      overdueShare: 0.3333,
      targetFen: 900000,
      deliveredFen: 500000,
    });
    expect(plan.items.map((i: { measureType: string; overdue: boolean }) => [i.measureType, i.overdue])).toEqual([
      ['tourism', false],
      ['industry', false],
      ['housing', true],
      ['education', false],
    ]);

    // The first household holds one in-progress health item (1,200.50 delivered), due today.
    const region = (await county.get(`/api/household-plans/progress?regionCode=${villageCode}`)).json();
    expect(region).toMatchObject({
      code: villageCode,
      households: 2,
      householdsWithPlan: 2,
      progress: {
        items: 4,
        planned: 1,
        inProgress: 2,
        done: 1,
        cancelled: 1,
        overdue: 1,
        doneShare: 0.25,
        overdueShare: 0.25,
        targetFen: 1200000,
        deliveredFen: 620050,
      },
      children: [],
    });
    const countyView = (await county.get('/api/household-plans/progress?regionCode=422802')).json();
    expect(countyView.progress).toEqual(region.progress);
    const township = countyView.children.find((c: { code: string }) => c.code === villageCode.slice(0, 9));
    expect(township).toMatchObject({ households: 2, householdsWithPlan: 2, progress: { items: 4, done: 1 } });
    expect(
      countyView.children
        .filter((c: { progress: { items: number } }) => c.progress.items > 0)
        .map((c: { code: string }) => c.code),
    ).toEqual([villageCode.slice(0, 9)]);
  });

  it('prints the wall card masked, with responsible people, and verifies its QR token', async () => {
    const issued = await helper.post(`/api/households/${key}/wall-card`);
    expect(issued.statusCode, issued.body).toBe(200);
    const card = issued.json();
    expect(card.version).toBe(1);
    expect(card.card.household).toMatchObject({ headName: '向*山', size: 2, mainCause: '因病' });
    expect(card.card.household.place).toHaveLength(3);
    expect(card.card.people).toEqual([
      { role: 'helper', name: '张帮扶', unitName: '利川市农业农村局', phone: '13900000001' },
      { role: 'teamLeader', name: '李队长', unitName: '利川市农业农村局', phone: '13900000002' },
      { role: 'firstSecretary', name: '王书记', unitName: '利川市农业农村局', phone: '13900000003' },
    ]);
    expect(card.card.measures[0]).toMatchObject({ measureType: 'health', amount: 1200.5, beneficiaries: ['向*山'] });
    const text = JSON.stringify(card);
    expect(text).not.toContain('向1山');
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain(makeIdNumber('422802', '1966-03-12', 702, '男'));
    expect(card.token).toMatch(/^422802-\d+-1\.[\w-]{22}$/);

    // Printing again without a change issues no new version.
    expect((await helper.post(`/api/households/${key}/wall-card`)).json().version).toBe(1);

    const anonymous = new TestClient(app);
    const check = await anonymous.get(`/api/public/wall-cards/${card.token}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({ status: 'current', version: 1, latestVersion: 1, changedSinceLatest: false });
    expect(check.json().card).toEqual(card.card);

    const [body, signature] = card.token.split('.');
    const flipped = `${signature.slice(0, 21)}${signature[21] === 'A' ? 'B' : 'A'}`;
    const forged = await anonymous.get(`/api/public/wall-cards/${body}.${flipped}`);
    expect(forged.statusCode).toBe(404);
    expect(forged.json().error.code).toBe('WALL_CARD_INVALID');
    const otherVersion = await anonymous.get(`/api/public/wall-cards/${body.replace(/-1$/, '-2')}.${signature}`);
    expect(otherVersion.json().error.code).toBe('WALL_CARD_INVALID');
    const otherHousehold = await anonymous.get(`/api/public/wall-cards/${otherKey}-1.${signature}`);
    expect(otherHousehold.json().error.code).toBe('WALL_CARD_INVALID');

    // A new measure: the posted card is out of date until the next print, which is version 2.
    await county.post(`/api/households/${key}/measures`, {
      measureType: 'insurance',
      content: '扶贫特惠保',
      date: today,
      amount: 100,
    });
    expect((await anonymous.get(`/api/public/wall-cards/${card.token}`)).json()).toMatchObject({
      status: 'stale',
      latestVersion: 1,
      changedSinceLatest: true,
    });
    const second = (await helper.post(`/api/households/${key}/wall-card`)).json();
    expect(second.version).toBe(2);
    expect((await anonymous.get(`/api/public/wall-cards/${card.token}`)).json()).toMatchObject({
      status: 'stale',
      version: 1,
      latestVersion: 2,
      changedSinceLatest: false,
    });
    expect((await anonymous.get(`/api/public/wall-cards/${second.token}`)).json().status).toBe('current');
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'wallcard.issue'
      and entity_id = ${key}`.execute(database.owner);
    expect(audit.rows[0]?.n).toBe(2);
  });

  it('records team attendance and reports the team’s activity', async () => {
    const days = (entries: unknown[]) =>
      helper.request('PUT', `/api/household-plans/teams/${teamKey}/days`, { entries });
    const refused = await days([
      { cadreId: cadre.leader, day: '2015-12-31', inVillage: true },
      { cadreId: cadre.secretary, day: '2016-03-01', inVillage: true },
      { cadreId: cadre.leader, day: daysAgo(-1), inVillage: true },
    ]);
    expect(issueCodes(refused.json())).toEqual([
      'teamDay.date.outsideTenure',
      'teamDay.cadre.notMember',
      'teamDay.date.future',
    ]);
    const [d1, d2, d3, d4] = [daysAgo(4), daysAgo(3), daysAgo(2), daysAgo(1)];
    const ok = await days([
      { cadreId: cadre.leader, day: d1, inVillage: true },
      { cadreId: cadre.leader, day: d2, inVillage: true },
      { cadreId: cadre.leader, day: d3, inVillage: false, note: '县里开会' },
      { cadreId: cadre.helper, day: d1, inVillage: true },
      { cadreId: cadre.helper, day: d2, inVillage: false },
    ]);
    expect(ok.json()).toEqual({ recorded: 5 });
    // Correcting a day replaces it.
    await days([
      { cadreId: cadre.leader, day: d3, inVillage: true },
      { cadreId: cadre.helper, day: d4, inVillage: true },
    ]);

    const from = daysAgo(30);
    const activity = await county.get(`/api/household-plans/teams/${teamKey}/activity?from=${from}&to=${today}`);
    expect(activity.statusCode, activity.body).toBe(200);
    const a = activity.json();
    expect(a.periodDays).toBe(31);
    expect(a.team).toMatchObject({ id: teamKey, name: '农业农村局驻村工作队', villageCode });
    expect(a.members).toEqual([
      {
        cadreId: cadre.leader,
        name: '李队长',
        unitName: '利川市农业农村局',
        isLeader: true,
        daysInVillage: 3,
        daysAway: 0,
        visits: 0,
        measures: 0,
      },
      {
        cadreId: cadre.helper,
        name: '张帮扶',
        unitName: '利川市农业农村局',
        isLeader: false,
        daysInVillage: 2,
        daysAway: 1,
        visits: 1,
        measures: 1,
      },
    ]);
    expect(a.totals).toEqual({
      daysInVillage: 5,
      visits: 1,
      measures: 6,
      measuresAmount: 1200.5 + 100 + 3000 + 2000 + 700,
      households: 2,
      householdsVisited: 1,
    });
    expect(a.progress).toMatchObject({ items: 4, done: 1, overdue: 1 });
    expect(
      a.households.map((h: { key: string; visits: number; measures: number }) => [h.key, h.visits, h.measures]),
    ).toEqual([
      [key, 1, 3],
      [otherKey, 0, 3],
    ]);
    const early = (await county.get(`/api/household-plans/teams/${teamKey}/activity?from=${d1}&to=${d3}`)).json();
    expect(early.periodDays).toBe(3);
    expect(early.members.map((m: { daysInVillage: number }) => m.daysInVillage)).toEqual([3, 1]);
    expect(early.totals).toMatchObject({ visits: 0, measures: 0 });
    const tooLong = await county.get(`/api/household-plans/teams/${teamKey}/activity?from=2016-01-01&to=${today}`);
    expect(tooLong.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'period' } });
    expect((await county.get(`/api/household-plans/teams`)).json().items).toEqual([
      {
        key: teamKey,
        name: '农业农村局驻村工作队',
        villageCode,
        villageName: expect.any(String),
        status: 'active',
        lastDay: d4,
      },
    ]);
  });
  it('lets row-level security hide another county’s records, and rate-limits the public check', async () => {
    const countRows = (scope: string) =>
      withScope(database.db, { userId: null, actorName: 'rls', scope, requestId: 'rls', ip: null }, async (tx) => {
        const r = await sql<{ n: number }>`select (select count(*) from household_plan_items)
            + (select count(*) from household_measures) + (select count(*) from household_visits)
            + (select count(*) from visit_photos) + (select count(*) from wall_cards)
            + (select count(*) from work_team_days) as n`.execute(tx);
        return Number(r.rows[0]?.n);
      });
    expect(await countRows('420324')).toBe(0);
    expect(await countRows('422802')).toBeGreaterThan(15);

    const anonymous = new TestClient(app);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await anonymous.get('/api/public/wall-cards/422802-1-1.AAAAAAAAAAAAAAAAAAAAAA')).statusCode);
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(30);
    expect(statuses[statuses.length - 1]).toBe(429);
  });
});
