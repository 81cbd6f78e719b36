import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { DEFAULT_EXIT_STANDARDS, defaultRuralPopulation, makeIdNumber, type MemberInput } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp } from './harness.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';
import { systemActor, withScope } from '../src/db/scope.js';
import { reevaluateHousehold, reevaluateHouseholds } from '../src/modules/exit/reevaluate.js';
import { createHouseholds } from '../src/modules/registry/create.js';
import { startEvaluation } from '../src/modules/exit/evaluation.js';
import type { HouseholdWrite } from '../src/modules/registry/service.js';
import { putSetting } from '../src/modules/settings/service.js';
import type { App } from '../src/app.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

// A hand-made fixture in 阳新 (420222): two villages with 100 rural people each, households at
// the boundaries of every household criterion, then the village and county tests at theirs.
const COUNTY = '420222';
const YEAR = 2015;
const DAY = 24 * 3600 * 1000;

let seq = 0;
function household(
  villageCode: string,
  options: { wages: number; grade?: 'A' | 'C' | 'D'; child?: boolean },
): HouseholdWrite {
  seq += 1;
  const members: MemberInput[] = [
    {
      name: `张${seq}`,
      sex: '男',
      idNumber: makeIdNumber(COUNTY, '1970-03-01', 300 + seq * 2, '男'),
      birthDate: '1970-03-01',
      relation: '户主',
      education: '小学',
      health: '健康',
      labourSkill: '普通劳动力',
      hasBasicMedicalInsurance: true,
      hasResidentPension: true,
    },
  ];
  if (options.child)
    members.push({
      name: `张${seq}娃`,
      sex: '女',
      idNumber: makeIdNumber(COUNTY, '2003-05-01', 600 + seq * 2, '女'),
      birthDate: '2003-05-01',
      relation: '之女',
      education: '小学',
      health: '健康',
      labourSkill: '无劳动力',
      hasBasicMedicalInsurance: true,
    });
  return {
    household: { villageCode, attribute: '一般贫困户', mainCause: '缺资金', members },
    living: { houseGrade: options.grade ?? 'A', waterSafe: true },
    income: {
      year: YEAR,
      wages: options.wages * members.length,
      business: 0,
      property: 0,
      transfers: { familyPlanning: 0, dibao: 0, destituteSupport: 0, pension: 0, ecoCompensation: 0, other: 0 },
      businessExpenses: 0,
    },
  };
}

/** Counts the statements a transaction runs (raw SQL included), to show a cost does not grow with a batch. */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

async function runJobs(database: TestDb): Promise<void> {
  const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
  while (await worker.runOne());
}

describe.each(ENGINES)('exit standards, evaluation and workflows on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let admin: TestClient;
  let county: TestClient;
  let township: TestClient;
  let team: TestClient;
  let city: TestClient;
  let other: TestClient;
  let v1: string;
  let v2: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    const villages = await sql<{ code: string }>`select code from regions where code like ${`${COUNTY}%`}
      and level = 'village' and kind = 'village' and poor_designation is not null order by code limit 2`.execute(
      database.owner,
    );
    [v1, v2] = villages.rows.map((r) => r.code) as [string, string];
    await makeUser(database, 'exadmin', 'admin', '42');
    await makeUser(database, 'excounty', 'county_officer', COUNTY);
    await makeUser(database, 'extownship', 'township_officer', v1.slice(0, 9));
    await makeUser(database, 'exteam', 'village_team', v1);
    await makeUser(database, 'excity', 'city_officer', '4202');
    await makeUser(database, 'exother', 'county_officer', '422802');
    admin = new TestClient(app);
    county = new TestClient(app);
    township = new TestClient(app);
    team = new TestClient(app);
    city = new TestClient(app);
    other = new TestClient(app);
    for (const [c, u] of [
      [admin, 'exadmin'],
      [county, 'excounty'],
      [township, 'extownship'],
      [team, 'exteam'],
      [city, 'excity'],
      [other, 'exother'],
    ] as const)
      await c.login(u);
    const create = async (name: string, village: string, o: Parameters<typeof household>[1]) => {
      const res = await county.post('/api/households', household(village, o));
      expect(res.statusCode, res.body).toBe(200);
      keys[name] = res.json().key as string;
    };
    await create('equal', v1, { wages: 2855 }); // income equal to the line: not above it
    await create('above', v1, { wages: 2855.01 });
    await create('dangerous', v1, { wages: 4000, grade: 'D' });
    await create('dropout', v1, { wages: 4000, child: true });
    await create('clean', v2, { wages: 5000 });
    for (const [village, income] of [
      [v1, 50000],
      [v2, 49999.99],
    ] as const) {
      const res = await county.request('PUT', `/api/exit/village-facts/${village}/${YEAR}`, {
        collectiveIncome: income,
        disposableIncome: null,
        ruralPopulation: 200,
        sixStandards: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const assessed = await admin.request('PUT', `/api/exit/county-assessments/${COUNTY}/${YEAR}`, {
      sampledExited: 100,
      wronglyExited: 2,
      sampledPopulation: 1000,
      missed: 20,
      surveyed: 100,
      satisfied: 90,
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const evaluate = async (client: TestClient, regionCode = COUNTY) => {
    const res = await client.post('/api/exit/evaluations', { year: YEAR, regionCode });
    expect(res.statusCode, res.body).toBe(200);
    await runJobs(database);
    return res.json().id as string;
  };
  const householdResult = async (key: string) => {
    const res = await county.get(`/api/exit/results/households?regionCode=${COUNTY}&year=${YEAR}&limit=500`);
    return (res.json().items as { householdKey: string; eligible: boolean; reasons: unknown[] }[]).find(
      (r) => r.householdKey === key,
    );
  };
  const villageResult = async (code: string) =>
    (await county.get(`/api/exit/results/villages?regionCode=${code}&year=${YEAR}`)).json().items[0];
  const countyResult = async () =>
    (await county.get(`/api/exit/results/counties?regionCode=${COUNTY}&year=${YEAR}`)).json().items[0];
  const noticeStartedAgo = async (caseKey: string, interval: string) => {
    const [cc, cid] = caseKey.split('-');
    await sql`update exit_cases set notice_started_at = now() - ${interval}::interval
      where county_code = ${cc} and id = ${cid}::bigint`.execute(database.owner);
  };

  it('evaluates every standard at its boundary in SQL', async () => {
    await evaluate(county);
    expect(await householdResult(keys.equal ?? '')).toMatchObject({
      eligible: false,
      reasons: [{ criterion: 'income', code: 'incomeBelowLine', params: { perCapita: 2855, line: 2855 } }],
    });
    expect(await householdResult(keys.above ?? '')).toMatchObject({ eligible: true, reasons: [] });
    expect((await householdResult(keys.dangerous ?? ''))?.reasons).toEqual([
      { criterion: 'housing', code: 'unsafeHouse', params: { grade: 'D' } },
    ]);
    expect((await householdResult(keys.dropout ?? ''))?.reasons).toEqual([
      { criterion: 'education', code: 'dropOut', params: { count: 1 } },
    ]);
    // Village 1: 4 people in households that fail (equal, dangerous, dropout × 2) of 200 → 2%: not below 2%.
    expect(await villageResult(v1)).toMatchObject({
      eligible: false,
      poorPeople: 4,
      ruralPopulation: 200,
      reasons: [{ criterion: 'incidence', code: 'incidenceTooHigh', params: { poor: 4, population: 200, max: 0.02 } }],
    });
    // Village 2: nobody poor, but collective income 49,999.99 < 50,000.
    expect(await villageResult(v2)).toMatchObject({
      eligible: false,
      poorPeople: 0,
      reasons: [
        { criterion: 'collectiveIncome', code: 'collectiveIncomeLow', params: { income: 49999.99, min: 50000 } },
      ],
    });
    // The county: every other 村委会 has its seeded population; 三率一度 exactly at the limits pass.
    const villages = await sql<{ code: string }>`select code from regions where code like ${`${COUNTY}%`}
      and level = 'village' and kind = 'village'`.execute(database.owner);
    const population = villages.rows.reduce(
      (sum, v) => sum + (v.code === v1 || v.code === v2 ? 200 : defaultRuralPopulation(v.code)),
      0,
    );
    expect(await countyResult()).toMatchObject({
      eligible: true,
      poorPeople: 4,
      ruralPopulation: population,
      reasons: [],
    });
    const summary = (await county.get(`/api/exit/summary?regionCode=${COUNTY}&year=${YEAR}`)).json();
    expect(summary.households).toEqual({ total: 5, eligible: 2, poorEligible: 2 });
    expect(summary.failedCriteria).toEqual([
      { criterion: 'education', households: 1 },
      { criterion: 'housing', households: 1 },
      { criterion: 'income', households: 1 },
    ]);
    const failing = await county.get(
      `/api/exit/results/households?regionCode=${COUNTY}&year=${YEAR}&criterion=housing`,
    );
    expect(failing.json().items.map((r: { householdKey: string }) => r.householdKey)).toEqual([keys.dangerous]);
  });

  it('the pure household test gives the SQL reasons for every household', async () => {
    for (const key of Object.values(keys)) {
      const before = await householdResult(key);
      const [countyCode, id] = key.split('-') as [string, string];
      await withScope(database.db, systemActor('mirror'), (tx) => reevaluateHousehold(tx, countyCode, id));
      expect(await householdResult(key)).toMatchObject({ eligible: before?.eligible, reasons: before?.reasons });
    }
  });

  it('a 3% override lets village 1 pass; the approval boundary decides the county', async () => {
    const current = (await admin.get('/api/exit/standards')).json();
    expect(current.version).toBe('default');
    const refused = await admin.request('PUT', '/api/exit/standards', {
      standards: { ...DEFAULT_EXIT_STANDARDS, county: { ...DEFAULT_EXIT_STANDARDS.county, minApproval: 1.5 } },
    });
    expect(refused.statusCode).toBe(400);
    const dup = await admin.request('PUT', '/api/exit/standards', {
      standards: {
        ...DEFAULT_EXIT_STANDARDS,
        povertyLines: [
          { year: 2015, yuan: 2855 },
          { year: 2015, yuan: 2900 },
        ],
      },
    });
    expect(dup.json().error).toMatchObject({ code: 'STANDARDS_INVALID', details: { fields: ['povertyLines.1.year'] } });
    expect((await county.request('PUT', '/api/exit/standards', { standards: DEFAULT_EXIT_STANDARDS })).statusCode).toBe(
      403,
    );
    const saved = await admin.request('PUT', '/api/exit/standards', {
      standards: {
        ...DEFAULT_EXIT_STANDARDS,
        overrides: [...DEFAULT_EXIT_STANDARDS.overrides, { regionCode: v1, village: { maxIncidence: 0.03 } }],
      },
      note: '试点村按 3%',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await admin.request('PUT', `/api/exit/county-assessments/${COUNTY}/${YEAR}`, {
      sampledExited: 100,
      wronglyExited: 2,
      sampledPopulation: 1000,
      missed: 20,
      surveyed: 100,
      satisfied: 89,
    });
    expect((await countyResult()).stale).toBe(true);
    await evaluate(admin);
    expect(await villageResult(v1)).toMatchObject({ eligible: true, poorPeople: 4, reasons: [] });
    expect(await countyResult()).toMatchObject({
      eligible: false,
      stale: false,
      reasons: [{ criterion: 'approval', code: 'approvalTooLow', params: { satisfied: 89, surveyed: 100, min: 0.9 } }],
    });
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'exit.standards.update'`.execute(database.owner);
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('re-evaluates a household at once when it is updated', async () => {
    const key = keys.equal ?? '';
    const detail = (await county.get(`/api/households/${key}`)).json();
    const write = household(v1, { wages: 3000 });
    const res = await county.request('PUT', `/api/households/${key}`, {
      ...write,
      household: {
        ...write.household,
        members: write.household.members.map((m) => ({ ...m, idNumber: detail.members[0].idNumber })),
      },
      version: detail.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await householdResult(key)).toMatchObject({ eligible: true, reasons: [] });
    // Its village now counts one person fewer; the village result says it needs a new evaluation.
    expect((await villageResult(v1)).stale).toBe(true);
  });

  it('walks a household exit to announcement, refusing skipped steps and an early announcement', async () => {
    const key = keys.above ?? '';
    const notEligible = await team.post('/api/exit/cases', {
      level: 'household',
      year: YEAR,
      householdKey: keys.dangerous,
    });
    expect(notEligible.json().error).toMatchObject({ code: 'EXIT_NOT_ALLOWED', details: { reason: 'notEligible' } });
    const proposed = await team.post('/api/exit/cases', { level: 'household', year: YEAR, householdKey: key });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const caseKey = proposed.json().key as string;
    expect(proposed.json()).toMatchObject({ stage: 'proposed', householdKey: key });
    const again = await team.post('/api/exit/cases', { level: 'household', year: YEAR, householdKey: key });
    expect(again.json().error.details.reason).toBe('openCase');
    const step = (c: TestClient, body: Record<string, unknown>) =>
      c.post(`/api/exit/cases/${caseKey}/steps`, { outcome: 'pass', ...body });
    expect((await step(team, { step: 'teamCheck' })).json().error.details.reason).toBe('wrongStage');
    expect((await step(team, { step: 'appraise', note: '村民代表 30 人同意' })).json().stage).toBe('appraised');
    expect((await step(team, { step: 'teamCheck', foodSecure: true })).json().error.details.reason).toBe(
      'confirmationMissing',
    );
    expect((await step(team, { step: 'teamCheck', foodSecure: true, clothingSecure: true })).json().stage).toBe(
      'teamChecked',
    );
    expect((await step(team, { step: 'agree', signedBy: '' })).json().error.details.reason).toBe('signatureMissing');
    expect((await step(team, { step: 'agree', signedBy: '张2', signedOn: '2015-11-20' })).json().stage).toBe('agreed');
    expect((await step(team, { step: 'startNotice' })).json().stage).toBe('notice');
    // The work team cannot announce; the township cannot before the notice has run 5 days.
    expect((await step(team, { step: 'announce' })).statusCode).toBe(403);
    expect((await step(township, { step: 'announce' })).json().error.details.reason).toBe('noticeRunning');
    const [cc, cid] = caseKey.split('-');
    await sql`update exit_cases set notice_started_at = now() - interval '5 days 1 minute'
      where county_code = ${cc} and id = ${cid}::bigint`.execute(database.owner);
    const announced = await step(township, { step: 'announce' });
    expect(announced.json().stage).toBe('exited');
    const h = (await county.get(`/api/households/${key}`)).json();
    expect(h).toMatchObject({ status: '已脱贫(享受政策)', exitYear: YEAR });
    const history = (await county.get(`/api/households/${key}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({ year: YEAR, change: 'exit' });
    const detail = (await team.get(`/api/exit/cases/${caseKey}`)).json();
    expect(detail.steps.map((s: { step: string }) => s.step)).toEqual([
      'propose',
      'appraise',
      'teamCheck',
      'agree',
      'startNotice',
      'announce',
    ]);
    expect(detail.steps[3].details).toEqual({ signedBy: '张2', signedOn: '2015-11-20' });
    expect((await step(township, { step: 'announce' })).json().error.details.reason).toBe('finished');
  });

  it('a relapse flags the exit case and marks the village and county results stale', async () => {
    await evaluate(county);
    expect((await villageResult(v1)).stale).toBe(false);
    const key = keys.above ?? '';
    await sql`insert into registry_years (year, opened_by) values (${YEAR}, 'test') on conflict do nothing`.execute(
      database.owner,
    );
    const h = (await county.get(`/api/households/${key}`)).json();
    const res = await county.post(`/api/households/${key}/adjustments`, {
      event: 'relapse',
      year: YEAR,
      reason: '因病返贫',
      version: h.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const cases = (await county.get(`/api/exit/cases?regionCode=${COUNTY}&level=household`)).json().items;
    expect(cases[0]).toMatchObject({ householdKey: key, stage: 'exited' });
    expect(cases[0].relapsedAt).not.toBeNull();
    expect((await villageResult(v1)).stale).toBe(true);
    expect((await countyResult()).stale).toBe(true);
  });

  it('walks a village exit and refuses a stale or failing result; county reviews need the city and province', async () => {
    const stale = await team.post('/api/exit/cases', { level: 'village', year: YEAR, regionCode: v1 });
    expect(stale.json().error.details.reason).toBe('stale');
    await evaluate(county);
    expect((await team.post('/api/exit/cases', { level: 'village', year: YEAR, regionCode: v2 })).statusCode).toBe(403);
    const failing = await county.post('/api/exit/cases', { level: 'village', year: YEAR, regionCode: v2 });
    expect(failing.json().error.details.reason).toBe('notEligible');
    const proposed = await team.post('/api/exit/cases', { level: 'village', year: YEAR, regionCode: v1 });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const caseKey = proposed.json().key as string;
    const step = (c: TestClient, s: string) => c.post(`/api/exit/cases/${caseKey}/steps`, { outcome: 'pass', step: s });
    expect((await step(team, 'townshipReview')).statusCode).toBe(403);
    expect((await step(county, 'countyReview')).json().error.details.reason).toBe('wrongStage');
    expect((await step(township, 'townshipReview')).json().stage).toBe('townshipReviewed');
    expect((await step(county, 'countyReview')).json().stage).toBe('countyReviewed');
    expect((await step(county, 'startNotice')).json().stage).toBe('notice');
    expect((await step(county, 'announce')).json().error.details.reason).toBe('noticeRunning');
    const [cc, cid] = caseKey.split('-');
    await sql`update exit_cases set notice_started_at = now() - interval '6 days'
      where county_code = ${cc} and id = ${cid}::bigint`.execute(database.owner);
    expect((await step(county, 'announce')).json().stage).toBe('exited');
    expect((await villageResult(v1)).exited).toBe(true);
    const twice = await team.post('/api/exit/cases', { level: 'village', year: YEAR, regionCode: v1 });
    expect(twice.json().error.details.reason).toBe('alreadyExited');

    // The county fails approval (89%), so it cannot be proposed.
    const county1 = await county.post('/api/exit/cases', { level: 'county', year: YEAR, regionCode: COUNTY });
    expect(county1.json().error.details.reason).toBe('notEligible');
  });

  it('keeps its own notice days per level, editable by an administrator, validated and audited', async () => {
    expect((await county.get('/api/settings/exit')).json()).toEqual({
      noticeDays: { household: 5, village: 5, county: 5 },
    });
    const days = (village: number, county: number) => ({ noticeDays: { household: 5, village, county } });
    expect((await county.request('PUT', '/api/settings/exit', days(5, 7))).statusCode).toBe(403);
    const zh = await admin.request('PUT', '/api/settings/exit', days(5, 0));
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'VALIDATION', message: '输入有误，请检查后重试' });
    const en = await admin.request('PUT', '/api/settings/exit', days(61, 5), { headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toMatchObject({ code: 'VALIDATION', message: 'The input is not valid' });
    // The service refuses what the schema does, for callers other than the route.
    await expect(
      withScope(database.db, systemActor('settings'), (tx) => putSetting(tx, 'exit', days(5, 2.5))),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'exit' } });

    // The household and village cases walked above: their notices ran 5 days.
    const noticeDays = async (level: string) => {
      const [c] = (await county.get(`/api/exit/cases?regionCode=${COUNTY}&level=${level}`)).json().items;
      return (Date.parse(c.noticeEndsAt) - Date.parse(c.noticeStartedAt)) / DAY;
    };
    expect([await noticeDays('household'), await noticeDays('village')]).toEqual([5, 5]);
    const ident = await admin.request('PUT', '/api/settings/identification', {
      noticeDays: 9,
      townshipSpotCheckRatio: 0.2,
      countySpotCheckRatio: 0.1,
    });
    expect(ident.statusCode, ident.body).toBe(200);
    const saved = await admin.request('PUT', '/api/settings/exit', days(8, 7));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(days(8, 7));
    expect((await county.get('/api/settings/exit')).json()).toEqual(days(8, 7));
    // Identification's 9 days touch no exit notice; the village's own setting moves its end.
    expect([await noticeDays('household'), await noticeDays('village')]).toEqual([5, 8]);
    const audit = await sql<{ entity_id: string; before: unknown; after: unknown }>`select entity_id, before, after
      from audit_log where action = 'setting.update' order by id`.execute(database.owner);
    expect(audit.rows.map((r) => r.entity_id)).toEqual(['identification', 'exit']);
    expect(audit.rows[1]).toMatchObject({ before: days(5, 5), after: days(8, 7) });
  });

  it('walks a county exit through the city and province reviews and the province notice', async () => {
    await admin.request('PUT', `/api/exit/county-assessments/${COUNTY}/${YEAR}`, {
      sampledExited: 100,
      wronglyExited: 2,
      sampledPopulation: 1000,
      missed: 20,
      surveyed: 100,
      satisfied: 90,
    });
    await evaluate(admin);
    const proposed = await county.post('/api/exit/cases', { level: 'county', year: YEAR, regionCode: COUNTY });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const caseKey = proposed.json().key as string;
    const step = (c: TestClient, s: string) => c.post(`/api/exit/cases/${caseKey}/steps`, { outcome: 'pass', step: s });
    expect((await step(county, 'cityReview')).statusCode).toBe(403);
    expect((await step(city, 'provinceReview')).statusCode).toBe(403);
    expect((await step(admin, 'announce')).json().error.details.reason).toBe('wrongStage');
    expect((await step(city, 'cityReview')).json().stage).toBe('cityReviewed');
    expect((await step(admin, 'provinceReview')).json().stage).toBe('provinceReviewed');
    // 省级公示 before the announcement, started by the province, not the city.
    expect((await step(admin, 'announce')).json().error.details.reason).toBe('wrongStage');
    expect((await step(city, 'startNotice')).statusCode).toBe(403);
    const noticed = (await step(admin, 'startNotice')).json();
    expect(noticed.stage).toBe('notice');
    // The county's notice runs the exit setting's 7 days (set above), neither 5 nor identification's 9.
    expect(Date.parse(noticed.noticeEndsAt) - Date.parse(noticed.noticeStartedAt)).toBe(7 * DAY);
    expect((await step(admin, 'announce')).json().error.details.reason).toBe('noticeRunning');
    await noticeStartedAgo(caseKey, '6 days 23 hours');
    expect((await step(admin, 'announce')).json().error.details.reason).toBe('noticeRunning');
    expect((await countyResult()).exited).toBe(false);
    await noticeStartedAgo(caseKey, '7 days 1 minute');
    expect((await step(admin, 'announce')).json().stage).toBe('exited');
    expect((await countyResult()).exited).toBe(true);
    const detail = (await admin.get(`/api/exit/cases/${caseKey}`)).json();
    expect(detail.steps.map((s: { step: string }) => s.step)).toEqual([
      'propose',
      'cityReview',
      'provinceReview',
      'startNotice',
      'announce',
    ]);
  });

  it('keeps every region to its own results and cases (403)', async () => {
    expect((await other.get(`/api/exit/results/households?regionCode=${COUNTY}&year=${YEAR}`)).statusCode).toBe(403);
    expect((await team.get(`/api/exit/results/villages?regionCode=${v2}&year=${YEAR}`)).statusCode).toBe(403);
    expect((await other.post('/api/exit/evaluations', { year: YEAR, regionCode: COUNTY })).statusCode).toBe(403);
    const caseKey = (await county.get(`/api/exit/cases?regionCode=${COUNTY}&level=household`)).json().items[0].key;
    expect((await other.get(`/api/exit/cases/${caseKey}`)).statusCode).toBe(403);
    expect(
      (
        await other.request('PUT', `/api/exit/village-facts/${v1}/${YEAR}`, {
          collectiveIncome: 1,
          disposableIncome: null,
          ruralPopulation: null,
          sixStandards: {},
        })
      ).statusCode,
    ).toBe(403);
    expect((await team.post('/api/exit/evaluations', { year: YEAR, regionCode: COUNTY })).statusCode).toBe(403);
  });

  it('re-evaluates a batch of registered households set-based, as a full evaluation does', async () => {
    await evaluate(admin);
    expect([(await villageResult(v1)).stale, (await villageResult(v2)).stale]).toEqual([false, false]);
    const writes = [
      household(v2, { wages: 2000 }), // below the line
      household(v2, { wages: 5000 }), // meets the standard
      household(v1, { wages: 4000, grade: 'C' }), // unsafe house
      household(v2, { wages: 4000, child: true }), // a drop-out
    ];
    const actor = { ...systemActor('batch', 'tester'), scope: COUNTY };
    const { created } = await withScope(database.db, actor, (tx) => createHouseholds(tx, COUNTY, writes));
    const ids = created.map((c) => c.key.split('-')[1] ?? '');
    expect(ids).toHaveLength(4);
    const results = async () =>
      (
        await sql<Record<string, unknown>>`select household_id::text as household_id, village_code, eligible,
          reasons, failed, per_capita::text as per_capita, line::text as line, size, poor
          from household_exit_results where county_code = ${COUNTY} and year = ${YEAR}
            and household_id = any(${ids}::bigint[]) order by household_id`.execute(database.owner)
      ).rows;
    const fresh = async () => {
      await sql`update village_exit_results set stale = false where county_code = ${COUNTY}`.execute(database.owner);
      await sql`update county_exit_results set stale = false where county_code = ${COUNTY}`.execute(database.owner);
    };

    // Registration re-evaluated them (createHouseholds calls reevaluateHouseholds).
    const registered = await results();
    expect(registered.map((r) => [r.village_code, r.eligible, r.failed])).toEqual([
      [v2, false, ['income']],
      [v2, true, []],
      [v1, false, ['housing']],
      [v2, false, ['education']],
    ]);
    expect([(await villageResult(v1)).stale, (await villageResult(v2)).stale]).toEqual([true, true]);
    expect((await countyResult()).stale).toBe(true);

    // reevaluateHouseholds on its own, at a cost that does not grow with the batch.
    const statements: number[] = [];
    for (const batch of [ids, ids.slice(0, 1)]) {
      await sql`delete from household_exit_results where county_code = ${COUNTY}
        and household_id = any(${ids}::bigint[])`.execute(database.owner);
      await fresh();
      const counter = new StatementCounter();
      await withScope(database.db, actor, (tx) => reevaluateHouseholds(tx.withPlugin(counter), COUNTY, batch));
      statements.push(counter.count);
    }
    // One year evaluated: the years, then the village tests, the delete, the insert, the stale marks.
    expect(statements).toEqual([5, 5]);
    expect((await results()).map((r) => r.household_id)).toEqual(ids.slice(0, 1));
    await fresh();
    await withScope(database.db, actor, (tx) => reevaluateHouseholds(tx, COUNTY, ids));
    expect(await results()).toEqual(registered);
    expect([(await villageResult(v1)).stale, (await villageResult(v2)).stale]).toEqual([true, true]);

    // The same again changes nothing and marks nothing.
    await fresh();
    await withScope(database.db, actor, (tx) => reevaluateHouseholds(tx, COUNTY, ids));
    expect([(await villageResult(v1)).stale, (await villageResult(v2)).stale]).toEqual([false, false]);

    // A full evaluation of the county gives them the same results.
    await evaluate(admin);
    expect(await results()).toEqual(registered);

    // The form registers through the same path: a new household gets its result at once.
    const form = await county.post('/api/households', household(v2, { wages: 2000 }));
    expect(form.statusCode, form.body).toBe(200);
    expect(await householdResult(form.json().key)).toMatchObject({
      eligible: false,
      reasons: [{ criterion: 'income', code: 'incomeBelowLine' }],
    });
    expect((await villageResult(v2)).stale).toBe(true);
  });
});

describe.each(ENGINES)('exit evaluation job on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let admin: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'evadmin', 'admin', '42');
    admin = new TestClient(app);
    await admin.login('evadmin');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('resumes from its checkpoint county by county, and refuses a second run meanwhile', async () => {
    const started = await admin.post('/api/exit/evaluations', { year: YEAR, regionCode: '4202' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'running', countiesTotal: 6, countiesDone: 0 });
    const busy = await admin.post('/api/exit/evaluations', { year: YEAR, regionCode: COUNTY });
    expect(busy.json().error.code).toBe('EVALUATION_RUNNING');
    const seen: number[] = [];
    const first: JobWorker = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done) => {
        seen.push(done);
        if (done === 2) void first.stop();
      },
    });
    first.start();
    for (let i = 0; i < 400 && !seen.includes(2); i++) await new Promise((r) => setTimeout(r, 50));
    await first.stop();
    const counted = async () =>
      (
        await sql<{ county_code: string }>`select county_code from county_exit_results order by county_code`.execute(
          database.owner,
        )
      ).rows.map((r) => r.county_code);
    // The job works from its biggest county (by villages) to its smallest: the first two are done.
    const job = await sql<{ payload: { counties: string[] } }>`select payload from jobs
      where type = 'exit.evaluate' order by id desc limit 1`.execute(database.owner);
    const order = job.rows[0]?.payload.counties ?? [];
    expect([...order].sort()).toEqual(['420202', '420203', '420204', '420205', '420222', '420281']);
    expect(await counted()).toEqual(order.slice(0, 2).sort());
    const second = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, d) => seen.push(d),
    });
    expect(await second.runOne()).toBe(true);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await counted()).toEqual(['420202', '420203', '420204', '420205', '420222', '420281']);
    const runs = (await admin.get('/api/exit/evaluations')).json().items;
    expect(runs[0]).toMatchObject({ status: 'completed', countiesDone: 6, countiesTotal: 6, year: YEAR });
  });

  it('splits a run into shards that workers evaluate side by side; the last county counted completes it', async () => {
    // Households in three counties, evaluated first by a run of one shard.
    const actor = { ...systemActor('shards', 'test'), scope: '42' };
    const villages = await sql<{ code: string }>`select min(code) as code from regions where level = 'village'
      and left(code, 6) in ('420202', '420222', '420281') group by left(code, 6) order by 1`.execute(database.owner);
    expect(villages.rows).toHaveLength(3);
    const writes = villages.rows.flatMap((v, i) => [
      household(v.code, { wages: 1000 + i * 4000 }),
      household(v.code, { wages: 20000, grade: 'D', child: true }),
    ]);
    const registered = await withScope(database.db, actor, (tx) =>
      createHouseholds(tx, '42', writes, { prevalidated: true }),
    );
    expect(registered.refused).toEqual([]);
    await withScope(database.db, actor, (tx) => startEvaluation(tx, actor, '4202', YEAR));
    await runJobs(database);
    const before = await sql<{ county_code: string; household_id: string; eligible: boolean; reasons: unknown }>`
      select county_code, household_id::text, eligible, reasons from household_exit_results
      where year = ${YEAR} order by 1, 2`.execute(database.owner);
    expect(before.rows).toHaveLength(6);
    expect(before.rows.map((r) => r.eligible)).toContain(true);
    const evaluation = await withScope(database.db, actor, (tx) =>
      startEvaluation(tx, actor, '4202', YEAR, { shards: 4 }),
    );
    const jobs = await sql<{ payload: unknown }>`select payload from jobs where type = 'exit.evaluate'
      and payload->>'evaluationId' = ${evaluation.id} order by id`.execute(database.owner);
    const payloads = jobs.rows.map((j) => j.payload as { evaluationId: string; shard: number; counties: string[] });
    expect(payloads.map((p) => [p.evaluationId, p.shard])).toEqual([0, 1, 2, 3].map((s) => [evaluation.id, s]));
    // Every county in exactly one shard.
    expect(payloads.flatMap((p) => p.counties).sort()).toEqual([
      '420202',
      '420203',
      '420204',
      '420205',
      '420222',
      '420281',
    ]);
    expect(payloads.every((p) => p.counties.length >= 1)).toBe(true);
    // Any shard still queued keeps an overlapping run out.
    const busy = await admin.post('/api/exit/evaluations', { year: YEAR, regionCode: COUNTY });
    expect(busy.json().error.code).toBe('EVALUATION_RUNNING');
    const workers = [0, 1].map(() => new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 }));
    await Promise.all(
      workers.map(async (w) => {
        while (await w.runOne());
      }),
    );
    const run = (await admin.get('/api/exit/evaluations')).json().items[0];
    expect(run).toMatchObject({ id: evaluation.id, status: 'completed', countiesDone: 6, countiesTotal: 6 });
    const counties = await sql<{ county_code: string; evaluation_id: string }>`select county_code,
      evaluation_id::text as evaluation_id from county_exit_results where year = ${YEAR} order by 1`.execute(
      database.owner,
    );
    expect(counties.rows).toEqual(
      ['420202', '420203', '420204', '420205', '420222', '420281'].map((c) => ({
        county_code: c,
        evaluation_id: evaluation.id,
      })),
    );
    const after = await sql`select county_code, household_id::text, eligible, reasons from household_exit_results
      where year = ${YEAR} order by 1, 2`.execute(database.owner);
    expect(after.rows).toEqual(before.rows);
  });
});
