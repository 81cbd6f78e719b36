import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeIdNumber } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp, firstPoorVillage } from './harness.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';
import type { App } from '../src/app.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

describe.each(ENGINES)('yearly adjustment on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let admin: TestClient;
  let officer: TestClient;
  let key: string;
  const county = '420324';

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'adjadmin', 'admin', '42');
    await makeUser(database, 'adjzx', 'county_officer', county);
    admin = new TestClient(app);
    officer = new TestClient(app);
    await admin.login('adjadmin');
    await officer.login('adjzx');
    const villageCode = await firstPoorVillage(database, '420324');
    const res = await officer.post('/api/households', {
      household: {
        villageCode,
        attribute: '低保贫困户',
        mainCause: '缺劳力',
        members: [
          {
            name: '陈大山',
            sex: '男',
            idNumber: makeIdNumber(county, '1950-05-05', 11, '男'),
            birthDate: '1950-05-05',
            relation: '户主',
            education: '小学',
            health: '患有大病',
            labourSkill: '丧失劳动力',
          },
          {
            name: '陈小河',
            sex: '男',
            idNumber: makeIdNumber(county, '1980-08-08', 13, '男'),
            birthDate: '1980-08-08',
            relation: '之子',
            education: '初中',
            health: '健康',
            labourSkill: '普通劳动力',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    key = res.json().key;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const adjust = (body: Record<string, unknown>) => officer.post(`/api/households/${key}/adjustments`, body);
  const version = async () => (await officer.get(`/api/households/${key}`)).json().version as number;

  it('refuses changes in a year that is not open', async () => {
    const res = await adjust({ event: 'exit', year: 2016, reason: '收入达标', version: await version() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('YEAR_NOT_OPEN');
  });

  it('opens a year as a job that carries every household forward, once', async () => {
    expect((await officer.post('/api/registry/years', { year: 2016 })).statusCode).toBe(403);
    const opened = await admin.post('/api/registry/years', { year: 2016 });
    expect(opened.statusCode, opened.body).toBe(200);
    const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
    while (await worker.runOne());
    const job = (await admin.get(`/api/jobs/${opened.json().job.id}`)).json();
    expect(job).toMatchObject({ status: 'succeeded', result: { year: 2016, carried: 1 } });
    expect((await admin.post('/api/registry/years', { year: 2016 })).statusCode).toBe(409);
    expect((await officer.get('/api/registry/years')).json().items).toEqual([2016]);
  });

  it('records a birth, the death of the head with a successor, an exit and a relapse, with history', async () => {
    const birth = await adjust({
      event: 'birth',
      year: 2016,
      reason: '2016 年 3 月出生',
      version: await version(),
      member: {
        name: '陈小苗',
        sex: '女',
        idNumber: makeIdNumber(county, '2016-03-01', 20, '女'),
        birthDate: '2016-03-01',
        relation: '之孙女',
        schoolStatus: '学龄前',
        health: '健康',
        labourSkill: '无劳动力',
      },
    });
    expect(birth.statusCode, birth.body).toBe(200);
    const detail = (await officer.get(`/api/households/${key}`)).json();
    expect(detail.size).toBe(3);
    const head = detail.members.find((m: { relation: string }) => m.relation === '户主');
    const son = detail.members.find((m: { name: string }) => m.name === '陈小河');

    const noHeir = await adjust({
      event: 'death',
      year: 2016,
      reason: '病故',
      version: detail.version,
      memberId: head.id,
    });
    expect(noHeir.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'newHeadMemberId' } });
    const death = await adjust({
      event: 'death',
      year: 2016,
      reason: '病故',
      version: detail.version,
      memberId: head.id,
      newHeadMemberId: son.id,
    });
    expect(death.statusCode, death.body).toBe(200);
    const after = (await officer.get(`/api/households/${key}`)).json();
    expect(after).toMatchObject({ headName: '陈小河', size: 2 });

    const stale = await adjust({ event: 'exit', year: 2016, reason: '收入达标', version: detail.version });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect(
      (await adjust({ event: 'relapse', year: 2016, reason: '因病', version: after.version })).json().error.code,
    ).toBe('STEP_NOT_ALLOWED');
    expect(
      (await adjust({ event: 'exit', year: 2016, reason: '务工收入稳定', version: after.version })).statusCode,
    ).toBe(200);
    const exited = (await officer.get(`/api/households/${key}`)).json();
    expect(exited).toMatchObject({ status: '已脱贫(享受政策)', exitYear: 2016 });
    expect(
      (await adjust({ event: 'relapse', year: 2016, reason: '子女大病', version: exited.version })).statusCode,
    ).toBe(200);

    const history = (await officer.get(`/api/households/${key}/history`)).json().items;
    expect(history.map((h: { year: number; change: string }) => `${h.year}:${h.change}`)).toEqual([
      `${new Date().getFullYear()}:registered`,
      '2016:carried',
      '2016:birth',
      '2016:death',
      '2016:exit',
      '2016:relapse',
    ]);
    expect(history.at(-1).snapshot).toMatchObject({ status: '返贫', size: 2 });
    const ids = await sql<{
      n: number;
    }>`select count(*)::int as n from person_ids where county_code = ${county}`.execute(database.owner);
    expect(ids.rows[0]?.n).toBe(2);
  });
});
