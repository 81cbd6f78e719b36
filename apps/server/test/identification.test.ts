import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeIdNumber } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp, firstPoorVillage } from './harness.js';
import type { App } from '../src/app.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

function proposal(villageCode: string, seq: number) {
  const county = villageCode.slice(0, 6);
  return {
    household: {
      villageCode,
      phone: '13912345678',
      attribute: '一般贫困户',
      mainCause: '因残',
      members: [
        {
          name: `王${seq}强`,
          sex: '男',
          idNumber: makeIdNumber(county, '1965-02-11', 500 + seq * 2, '男'),
          birthDate: '1965-02-11',
          relation: '户主',
          education: '小学',
          health: '残疾',
          labourSkill: '弱劳动力或半劳动力',
        },
        {
          name: `刘${seq}梅`,
          sex: '女',
          idNumber: makeIdNumber(county, '1967-09-30', 501 + seq * 2, '女'),
          birthDate: '1967-09-30',
          relation: '配偶',
          education: '文盲或半文盲',
          health: '健康',
          labourSkill: '普通劳动力',
        },
      ],
    },
  };
}

async function expireNotice(database: TestDb, key: string): Promise<void> {
  const [county, id] = key.split('-');
  await sql`update identification_cases set notice_started_at = now() - interval '5 days 1 minute' where county_code = ${county} and id = ${id}::bigint`.execute(
    database.owner,
  );
}

describe.each(ENGINES)('identification workflow on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let village: TestClient;
  let township: TestClient;
  let county: TestClient;
  let villageCode: string;
  let townshipCode: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    villageCode = await firstPoorVillage(database, '422802');
    townshipCode = villageCode.slice(0, 9);
    await makeUser(database, 'idvillage', 'village_team', villageCode);
    await makeUser(database, 'idtownship', 'township_officer', townshipCode);
    await makeUser(database, 'idcounty', 'county_officer', '422802');
    village = new TestClient(app);
    township = new TestClient(app);
    county = new TestClient(app);
    await village.login('idvillage');
    await township.login('idtownship');
    await county.login('idcounty');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const step = (client: TestClient, key: string, body: Record<string, string>) =>
    client.post(`/api/identification/${key}/steps`, { outcome: 'pass', ...body });

  it('runs application → appraisal → two notices with spot checks → announcement → registered', async () => {
    const applied = await village.post('/api/identification', proposal(villageCode, 1));
    expect(applied.statusCode, applied.body).toBe(200);
    const key = applied.json().key as string;
    expect(applied.json().stage).toBe('applied');

    // No skipping: a step out of order is refused and changes nothing.
    const skip = await step(village, key, { step: 'villageCheck' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toMatchObject({ code: 'STEP_NOT_ALLOWED', details: { reason: 'wrongStage' } });
    expect((await step(village, key, { step: 'appraise', note: '村民代表大会 32 人，赞成 30' })).json().stage).toBe(
      'appraised',
    );
    expect((await step(township, key, { step: 'startSecondNotice' })).json().error.details.reason).toBe('wrongStage');
    expect((await step(village, key, { step: 'villageCheck' })).json().stage).toBe('villageChecked');
    expect((await step(village, key, { step: 'startFirstNotice' })).json().stage).toBe('firstNotice');

    // The public notice masks the ID number and shows no phone.
    const notice = (await village.get(`/api/identification/notice?regionCode=${villageCode}&stage=firstNotice`)).json()
      .items;
    expect(notice).toHaveLength(1);
    expect(notice[0].idNumber).toMatch(/^4228\*{10}\d{3}[\dX]$/);
    expect(JSON.stringify(notice)).not.toContain('13912345678');

    // The village team cannot review; the township cannot review before the 5 days are over.
    expect((await step(village, key, { step: 'townshipReview' })).statusCode).toBe(403);
    expect((await step(township, key, { step: 'townshipReview' })).json().error.details.reason).toBe('noticeRunning');
    expect(
      (await township.post('/api/identification/spot-checks', { level: 'township', regionCode: townshipCode })).json()
        .error.details.reason,
    ).toBe('nothingToCheck');

    await expireNotice(database, key);
    expect((await step(township, key, { step: 'townshipReview' })).json().error.details.reason).toBe('noSpotCheck');
    const check = (
      await township.post('/api/identification/spot-checks', { level: 'township', regionCode: townshipCode })
    ).json();
    expect(check).toMatchObject({ cases: 1, sampled: [key], ratio: 0.2 });
    expect((await step(township, key, { step: 'townshipReview' })).json().error.details.reason).toBe('findingRequired');
    expect(
      (await step(township, key, { step: 'townshipReview', finding: '入户核实：住房 C 级，属实' })).json().stage,
    ).toBe('townshipReviewed');
    expect((await step(township, key, { step: 'startSecondNotice' })).json().stage).toBe('secondNotice');

    expect((await step(township, key, { step: 'countyReview' })).statusCode).toBe(403);
    expect((await step(county, key, { step: 'countyReview' })).json().error.details.reason).toBe('noticeRunning');
    await expireNotice(database, key);
    const countyCheck = (
      await county.post('/api/identification/spot-checks', { level: 'county', regionCode: '422802' })
    ).json();
    expect(countyCheck).toMatchObject({ cases: 1, ratio: 0.1 });
    expect((await step(county, key, { step: 'countyReview', finding: '抽查属实' })).json().stage).toBe(
      'countyReviewed',
    );
    const announced = (await step(county, key, { step: 'announce' })).json();
    expect(announced.stage).toBe('registered');
    expect(announced.householdKey).toMatch(/^422802-\d+$/);

    const household = (await county.get(`/api/households/${announced.householdKey}`)).json();
    expect(household).toMatchObject({ headName: '王1强', size: 2, mainCause: '因残' });
    const detail = (await county.get(`/api/identification/${key}`)).json();
    expect(detail.steps.map((s: { step: string; actorName: string }) => `${s.step}:${s.actorName}`)).toEqual([
      'appraise:idvillage',
      'villageCheck:idvillage',
      'startFirstNotice:idvillage',
      'townshipReview:idtownship',
      'startSecondNotice:idtownship',
      'countyReview:idcounty',
      'announce:idcounty',
    ]);
    expect(detail.steps[3]).toMatchObject({ sampled: true, finding: '入户核实：住房 C 级，属实' });
    expect(detail.proposal.household.members[0].idNumber).toMatch(/^422802\d{11}[\dX]$/);
    await makeUser(database, 'idleader', 'leader', '42');
    const leader = new TestClient(app);
    await leader.login('idleader');
    const masked = (await leader.get(`/api/identification/${key}`)).json().proposal.household;
    expect(masked.members[0].idNumber).toMatch(/^4228\*{10}/);
    expect(masked.members[0].health).toBe('***');
    expect(masked.phone).toBe('139****5678');
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where entity = 'identification' and entity_id = ${key}`.execute(
      database.owner,
    );
    expect(audit.rows[0]?.n).toBe(8);
  });

  it('samples at least 20% of a township batch and records objections and rejections', async () => {
    const keys: string[] = [];
    for (let i = 10; i < 16; i += 1) {
      const key = (await village.post('/api/identification', proposal(villageCode, i))).json().key as string;
      keys.push(key);
      await step(village, key, { step: 'appraise' });
      await step(village, key, { step: 'villageCheck' });
      await step(village, key, { step: 'startFirstNotice' });
      await expireNotice(database, key);
    }
    const check = (
      await township.post('/api/identification/spot-checks', { level: 'township', regionCode: townshipCode })
    ).json();
    expect(check.cases).toBe(6);
    expect(check.sampled).toHaveLength(2);
    expect(check.sampled.every((k: string) => keys.includes(k))).toBe(true);
    const rejectKey = keys.find((k) => !check.sampled.includes(k)) ?? '';
    const rejected = await township.post(`/api/identification/${rejectKey}/steps`, {
      step: 'townshipReview',
      outcome: 'fail',
      objection: '群众反映家有小轿车',
    });
    expect(rejected.json().stage).toBe('rejected');
    expect((await step(township, rejectKey, { step: 'startSecondNotice' })).json().error.details.reason).toBe(
      'finished',
    );
    const detail = (await township.get(`/api/identification/${rejectKey}`)).json();
    expect(detail.steps.at(-1)).toMatchObject({ outcome: 'fail', objection: '群众反映家有小轿车', sampled: false });
  });

  it('refuses a second open application for the same person', async () => {
    const first = await village.post('/api/identification', proposal(villageCode, 40));
    expect(first.statusCode).toBe(200);
    const again = await village.post('/api/identification', proposal(villageCode, 40));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ID_CONFLICT', details: { openCase: true } });
  });

  it('refuses an application whose ID number is already registered', async () => {
    const first = proposal(villageCode, 1);
    const res = await village.post('/api/identification', first);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ID_CONFLICT');
  });

  it('keeps the notice period as a setting an administrator edits, audited', async () => {
    await makeUser(database, 'idadmin', 'admin', '42');
    const admin = new TestClient(app);
    await admin.login('idadmin');
    expect((await admin.get('/api/settings/identification')).json()).toEqual({
      noticeDays: 5,
      townshipSpotCheckRatio: 0.2,
      countySpotCheckRatio: 0.1,
    });
    expect(
      (
        await county.request('PUT', '/api/settings/identification', {
          noticeDays: 3,
          townshipSpotCheckRatio: 0.2,
          countySpotCheckRatio: 0.1,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await admin.request('PUT', '/api/settings/identification', {
          noticeDays: 0,
          townshipSpotCheckRatio: 0.2,
          countySpotCheckRatio: 0.1,
        })
      ).statusCode,
    ).toBe(400);
    const saved = await admin.request('PUT', '/api/settings/identification', {
      noticeDays: 7,
      townshipSpotCheckRatio: 0.25,
      countySpotCheckRatio: 0.1,
    });
    expect(saved.json().noticeDays).toBe(7);
    const key = (await village.post('/api/identification', proposal(villageCode, 30))).json().key as string;
    for (const s of ['appraise', 'villageCheck', 'startFirstNotice']) await step(village, key, { step: s });
    await expireNotice(database, key); // 5 days: no longer enough
    expect((await step(township, key, { step: 'townshipReview' })).json().error.details.reason).toBe('noticeRunning');
    const audit = await sql<{ action: string }>`select action from audit_log where entity = 'setting'`.execute(
      database.owner,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['setting.update']);
  });
});
