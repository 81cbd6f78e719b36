import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp } from './harness.js';
import type { App } from '../src/app.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

const COUNTY = '420526'; // 兴山
const OTHER_COUNTY = '420527'; // 秭归

function upload(client: TestClient, content: Buffer, fileName: string, mode: 'all' | 'good') {
  const boundary = `----fupin${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request('POST', `/api/assistance/imports?mode=${mode}`, body, {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function readSheet(buffer: Buffer, index: number): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[index]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(ENGINES)('assistance on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let officer: TestClient;
  let other: TestClient;
  let admin: TestClient;
  let worker: JobWorker;
  // The fixture: a township of 兴山 with two poor villages (v1, v2) and a non-poor village (n).
  let township: string;
  let v1: string;
  let v2: string;
  let n: string;
  const h: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const cadre: Record<string, string> = {};
  let teamKey: string;

  async function addHousehold(name: string, village: string, no: string, status: string, head = name) {
    const r = await sql<{
      id: string;
    }>`insert into households (county_code, village_code, household_no, head_name, attribute, main_cause, status)
      values (${village.slice(0, 6)}, ${village}, ${no}, ${head}, '一般贫困户', '因病', ${status}) returning id::text as id`.execute(
      database.owner,
    );
    h[name] = `${village.slice(0, 6)}-${r.rows[0]?.id ?? ''}`;
  }

  async function setMax(max: number) {
    const res = await admin.request('PUT', '/api/assistance/settings', {
      teamMinUnits: 3,
      teamTenureYears: 3,
      firstSecretaryTenureYears: 3,
      maxHouseholdsPerHelper: max,
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'asxs', 'county_officer', COUNTY);
    await makeUser(database, 'aszg', 'county_officer', OTHER_COUNTY);
    await makeUser(database, 'asadmin', 'admin', '42');
    officer = new TestClient(app);
    other = new TestClient(app);
    admin = new TestClient(app);
    await officer.login('asxs');
    await other.login('aszg');
    await admin.login('asadmin');
    worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
    const t = await sql<{
      t: string;
    }>`select left(code, 9) as t from regions where level = 'village' and code like ${`${COUNTY}%`}
      and poor_designation is not null group by 1 having count(*) >= 2 order by 1 limit 1`.execute(database.owner);
    township = t.rows[0]?.t ?? '';
    const villages = await sql<{
      code: string;
      poor: boolean;
    }>`select code, poor_designation is not null as poor from regions
      where level = 'village' and parent_code = ${township} order by code`.execute(database.owner);
    const poor = villages.rows.filter((v) => v.poor).map((v) => v.code);
    [v1 = '', v2 = ''] = poor;
    n = villages.rows.find((v) => !v.poor)?.code ?? v2;
    // Poor households: h1, h2, h3 (返贫) in v1; h5, h6 in v2; h7 in n. h4 has exited.
    await addHousehold('h1', v1, 'F001', '未脱贫');
    await addHousehold('h2', v1, 'F002', '未脱贫');
    await addHousehold('h3', v1, 'F003', '返贫');
    await addHousehold('h4', v1, 'F004', '已脱贫(享受政策)');
    await addHousehold('h5', v2, 'F005', '未脱贫');
    await addHousehold('h6', v2, 'F006', '未脱贫');
    await addHousehold('h7', n, 'F007', '未脱贫', '=HYPERLINK("x")');
    for (const [key, body] of Object.entries({
      a: { name: '兴山县财政局', kind: 'department', level: 'county' },
      b: { name: '兴山县交通局', kind: 'department', level: 'county' },
      c: { name: '兴山县水利局', kind: 'department', level: 'county' },
      e: { name: '兴发集团', kind: 'enterprise', level: 'county' },
      k: { name: '兴山农商行', kind: 'bank', level: 'county' },
      i: { name: '人保财险兴山支公司', kind: 'insurer', level: 'county' },
    })) {
      const res = await officer.post('/api/assistance/units', { ...body, regionCode: COUNTY });
      expect(res.statusCode, res.body).toBe(200);
      unit[key] = res.json().id;
    }
    for (const [key, body] of Object.entries({
      c1: { name: '王一', phone: '13900000001', regionCode: COUNTY },
      c2: { name: '王二', phone: '13900000002', regionCode: v1 },
      c3: { name: '王三', phone: '13900000003', regionCode: COUNTY },
    })) {
      const res = await officer.post('/api/assistance/cadres', { ...body, unitId: unit.a, position: '科员' });
      expect(res.statusCode, res.body).toBe(200);
      cadre[key] = res.json().id;
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists units visible from below: a county sees provincial units, not another county’s', async () => {
    const res = await admin.post('/api/assistance/units', {
      name: '省扶贫办',
      kind: 'department',
      level: 'province',
      regionCode: '42',
    });
    expect(res.statusCode, res.body).toBe(200);
    const mine = (await officer.get('/api/assistance/units?limit=100'))
      .json()
      .items.map((u: { name: string }) => u.name);
    expect(mine).toContain('省扶贫办');
    expect(mine).toContain('兴发集团');
    const theirs = (await other.get('/api/assistance/units?limit=100'))
      .json()
      .items.map((u: { name: string }) => u.name);
    expect(theirs).toEqual(['省扶贫办']);
    expect(
      (await other.post('/api/assistance/units', { name: 'x', kind: 'bank', level: 'county', regionCode: COUNTY }))
        .statusCode,
    ).toBe(403);
  });

  it('needs at least 3 units for a work team and keeps it until the village exits unless a successor takes over', async () => {
    const few = await officer.post('/api/assistance/teams', {
      villageCode: v1,
      name: '一队',
      unitIds: [unit.a, unit.b, unit.a],
      startOn: '2015-09-01',
    });
    expect(few.statusCode).toBe(422);
    expect(few.json().error.code).toBe('TEAM_TOO_FEW_UNITS');
    const first = await officer.post('/api/assistance/teams', {
      villageCode: v1,
      name: '一队',
      unitIds: [unit.a, unit.b, unit.c],
      leaderCadreId: cadre.c1,
      members: [{ cadreId: cadre.c2, resident: false }],
      startOn: '2015-09-01',
    });
    expect(first.statusCode, first.body).toBe(200);
    const team = first.json();
    expect(team.plannedEndOn).toBe('2018-09-01');
    expect(team.units.map((u: { isLead: boolean }) => u.isLead)).toEqual([true, false, false]);
    expect(team.members.map((m: { name: string; resident: boolean }) => [m.name, m.resident])).toEqual([
      ['王一', true],
      ['王二', false],
    ]);
    const refused = await officer.post(`/api/assistance/teams/${team.key}/end`, {
      endedOn: '2016-12-31',
      reason: '轮换',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TEAM_VILLAGE_STILL_POOR');
    const second = await officer.post('/api/assistance/teams', {
      villageCode: v1,
      name: '二队',
      unitIds: [unit.a, unit.b, unit.e],
      startOn: '2017-01-01',
    });
    expect(second.statusCode, second.body).toBe(200);
    teamKey = second.json().key;
    const ended = await officer.post(`/api/assistance/teams/${team.key}/end`, {
      endedOn: '2016-12-31',
      reason: '轮换',
      successorKey: teamKey,
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endedOn: '2016-12-31', successorKey: teamKey });
    expect(ended.json().members.map((m: { toOn: string }) => m.toOn)).toEqual(['2016-12-31', '2016-12-31']);
    const again = await officer.post(`/api/assistance/teams/${team.key}/end`, { reason: 'x' });
    expect(again.json().error.code).toBe('TEAM_ENDED');
    // Another county's officer cannot touch it.
    expect((await other.get(`/api/assistance/teams/${teamKey}`)).statusCode).toBe(403);
  });

  it('sets a first secretary’s planned end by the tenure setting and needs a reason to end early', async () => {
    const res = await officer.post('/api/assistance/first-secretaries', {
      villageCode: v1,
      cadreId: cadre.c3,
      startOn: '2015-08-01',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().plannedEndOn).toBe('2018-08-01');
    const second = await officer.post('/api/assistance/first-secretaries', {
      villageCode: v1,
      cadreId: cadre.c1,
      startOn: '2016-01-01',
    });
    expect(second.json().error.code).toBe('FIRST_SECRETARY_SERVING');
    const tenure = await admin.request('PUT', '/api/assistance/settings', {
      teamMinUnits: 3,
      teamTenureYears: 5,
      firstSecretaryTenureYears: 5,
      maxHouseholdsPerHelper: 5,
    });
    expect(tenure.statusCode, tenure.body).toBe(200);
    const v2Secretary = await officer.post('/api/assistance/first-secretaries', {
      villageCode: v2,
      cadreId: cadre.c1,
      startOn: '2016-02-29',
    });
    expect(v2Secretary.json().plannedEndOn).toBe('2021-02-28');
    const early = await officer.post(`/api/assistance/first-secretaries/${v2Secretary.json().key}/end`, {
      endedOn: '2017-01-01',
    });
    expect(early.statusCode).toBe(400);
    const ended = await officer.post(`/api/assistance/first-secretaries/${v2Secretary.json().key}/end`, {
      endedOn: '2017-01-01',
      reason: '工作调动',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ endedOn: '2017-01-01', endReason: '工作调动' });
    await setMax(2);
  });

  it('refuses duplicate pairings, helpers over the limit, households outside the helper’s region and exited households', async () => {
    const pair = (household: string, cadreId: string) =>
      officer.post('/api/assistance/pairings', { householdKey: household, cadreId, startOn: '2015-10-01' });
    const ok = await pair(h.h1 ?? '', cadre.c1 ?? '');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ householdKey: h.h1, cadreName: '王一', unitName: '兴山县财政局', endedOn: null });
    expect((await pair(h.h1 ?? '', cadre.c1 ?? '')).json().error.code).toBe('PAIRING_DUPLICATE');
    expect((await pair(h.h5 ?? '', cadre.c2 ?? '')).json().error.code).toBe('HELPER_REGION_MISMATCH');
    expect((await pair(h.h4 ?? '', cadre.c1 ?? '')).json().error.code).toBe('HOUSEHOLD_NOT_ASSISTED');
    expect((await pair(h.h2 ?? '', cadre.c1 ?? '')).statusCode).toBe(200);
    const over = await pair(h.h3 ?? '', cadre.c1 ?? '');
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('HELPER_OVER_LIMIT');
    // Out of scope: another county's officer, for pairing, reading and coverage.
    expect((await other.post('/api/assistance/pairings', { householdKey: h.h1, cadreId: cadre.c1 })).statusCode).toBe(
      403,
    );
    expect((await other.get(`/api/assistance/pairings?householdKey=${h.h1}`)).statusCode).toBe(403);
    expect((await other.get(`/api/assistance/coverage?regionCode=${COUNTY}`)).statusCode).toBe(403);
    const list = await officer.get(`/api/assistance/pairings?householdKey=${h.h1}`);
    expect(list.json().items).toHaveLength(1);
  });

  it('counts coverage against the hand-counted fixture, and keeps the counts on every change', async () => {
    const link = async (path: string, body: object) => {
      const res = await officer.post(path, body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    await link('/api/assistance/village-links', { villageCode: v1, unitId: unit.a, kind: 'unit' });
    await link('/api/assistance/village-links', { villageCode: v1, unitId: unit.e, kind: 'enterprise' });
    const wrong = await officer.post('/api/assistance/village-links', {
      villageCode: v2,
      unitId: unit.k,
      kind: 'enterprise',
    });
    expect(wrong.json().error.code).toBe('UNIT_KIND_MISMATCH');
    await link('/api/assistance/household-links', { householdKey: h.h1, unitId: unit.k, kind: 'bank' });
    await link('/api/assistance/household-links', { householdKey: h.h5, unitId: unit.i, kind: 'insurer' });
    const poorInTownship = await sql<{ n: number }>`select count(*)::int as n from regions where level = 'village'
      and parent_code = ${township} and poor_designation is not null`.execute(database.owner);
    const res = await officer.get(`/api/assistance/coverage?regionCode=${township}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.villages).toEqual({
      poorVillages: poorInTownship.rows[0]?.n,
      workTeam: 1,
      firstSecretary: 1,
      unit: 1,
      enterprise: 1,
    });
    // h1, h2, h3, h5, h6, h7 are poor (h4 has exited); h1 and h2 have a helper, h1 a bank, h5 an insurer.
    expect(c.households).toEqual({ poorHouseholds: 6, helper: 2, bank: 1, insurer: 1 });
    const v2Row = c.children.find((r: { regionCode: string }) => r.regionCode === v2);
    expect(v2Row.villages).toEqual({ poorVillages: 1, workTeam: 0, firstSecretary: 0, unit: 0, enterprise: 0 });
    expect(v2Row.households).toEqual({ poorHouseholds: 2, helper: 0, bank: 0, insurer: 1 });
    const county = (await officer.get(`/api/assistance/coverage?regionCode=${COUNTY}`)).json();
    expect(county.households).toEqual({ poorHouseholds: 6, helper: 2, bank: 1, insurer: 1 });
    expect(county.children.find((r: { regionCode: string }) => r.regionCode === township).households).toEqual(
      c.households,
    );
    // The kept counters follow status changes and ended pairings.
    await sql`update households set status = '已脱贫(享受政策)' where county_code = ${COUNTY} and id = ${(h.h6 ?? '').split('-')[1]}::bigint`.execute(
      database.owner,
    );
    const pairings = (await officer.get(`/api/assistance/pairings?householdKey=${h.h2}`)).json().items;
    expect(
      (await officer.post(`/api/assistance/pairings/${pairings[0].key}/end`, { endedOn: '2016-06-30', reason: '调整' }))
        .statusCode,
    ).toBe(200);
    const after = (await officer.get(`/api/assistance/coverage?regionCode=${township}`)).json();
    expect(after.households).toEqual({ poorHouseholds: 5, helper: 1, bank: 1, insurer: 1 });
    const stored = await sql<{
      poor: number;
      helper: number;
    }>`select sum(poor_households)::int as poor, sum(with_helper)::int as helper
      from assistance_village_counts where village_code like ${`${township}%`}`.execute(database.owner);
    expect(stored.rows[0]).toEqual({ poor: 5, helper: 1 });
  });

  it('lists every gap with what is missing, page by page, and exports them (formulas escaped)', async () => {
    const all = await officer.get(`/api/assistance/coverage/gaps?regionCode=${township}&kind=household&limit=50`);
    expect(all.statusCode, all.body).toBe(200);
    const items = all.json().items.map((g: { householdKey: string; missing: string[] }) => [g.householdKey, g.missing]);
    const expected = [
      [h.h1, ['insurer']],
      [h.h2, ['helper', 'bank', 'insurer']],
      [h.h3, ['helper', 'bank', 'insurer']],
      [h.h5, ['helper', 'bank']],
      [h.h7, ['helper', 'bank', 'insurer']],
    ];
    // v1 < v2; n may sort anywhere in the township.
    const order = (key: string | undefined) => (key === h.h7 ? n : key === h.h5 ? v2 : v1);
    expected.sort((a, b) =>
      (order(a[0] as string) + (a[0] as string).padStart(30)).localeCompare(
        order(b[0] as string) + (b[0] as string).padStart(30),
      ),
    );
    expect(items).toEqual(expected);
    const helperOnly = (
      await officer.get(`/api/assistance/coverage/gaps?regionCode=${township}&kind=household&missing=helper`)
    ).json();
    expect(helperOnly.items).toHaveLength(4);
    const page1 = (
      await officer.get(`/api/assistance/coverage/gaps?regionCode=${township}&kind=household&limit=2`)
    ).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (
      await officer.get(
        `/api/assistance/coverage/gaps?regionCode=${township}&kind=household&limit=2&after=${encodeURIComponent(page1.next)}`,
      )
    ).json();
    expect([...page1.items, ...page2.items].map((g: { householdKey: string }) => g.householdKey)).toEqual(
      items.slice(0, 4).map((i: string[]) => i[0]),
    );
    const villages = (
      await officer.get(`/api/assistance/coverage/gaps?regionCode=${township}&kind=village&limit=500`)
    ).json().items;
    expect(villages.find((g: { villageCode: string }) => g.villageCode === v1)).toBeUndefined();
    expect(villages.find((g: { villageCode: string }) => g.villageCode === v2).missing).toEqual([
      'workTeam',
      'firstSecretary',
      'unit',
      'enterprise',
    ]);
    const poorInTownship = await sql<{ n: number }>`select count(*)::int as n from regions where level = 'village'
      and parent_code = ${township} and poor_designation is not null`.execute(database.owner);
    expect(villages).toHaveLength((poorInTownship.rows[0]?.n ?? 0) - 1);

    const xlsx = await officer.get(`/api/assistance/coverage/gaps.xlsx?regionCode=${township}`);
    expect(xlsx.statusCode).toBe(200);
    const villageSheet = await readSheet(xlsx.rawPayload, 0);
    expect(villageSheet[0]).toEqual(['县(市区)', '乡镇', '村', '村代码', '缺少']);
    expect(villageSheet).toHaveLength(villages.length + 1);
    const householdSheet = await readSheet(xlsx.rawPayload, 1);
    expect(householdSheet).toHaveLength(6);
    const h7Row = householdSheet.find((r) => r[5] === h.h7);
    expect(h7Row?.[4]).toBe('\'=HYPERLINK("x")');
    expect(h7Row?.[6]).toBe('帮扶责任人、联系银行、联系保险');
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'coverage.export'`.execute(database.owner);
    expect(audit.rows[0]?.n).toBe(1);
    expect((await other.get(`/api/assistance/coverage/gaps.xlsx?regionCode=${township}`)).statusCode).toBe(403);
  });

  it('assigns helpers in bulk: bad rows by row and column, all-or-nothing, good rows, idempotent re-run', async () => {
    const no = (key: string | undefined) => {
      const id = (key ?? '').split('-')[1];
      return { h1: 'F001', h3: 'F003', h5: 'F005' }[
        Object.entries(h).find(([, v]) => v.endsWith(`-${id}`))?.[0] as 'h1' | 'h3' | 'h5'
      ];
    };
    const csv = [
      '县级区划代码,户编号,户主姓名,帮扶责任人,帮扶责任人手机号,结对日期',
      `${COUNTY},${no(h.h3)},h3,王三,13900000003,2016-03-01`,
      `${COUNTY},${no(h.h3)},h3,王三,13900000003,2016-03-01`,
      `${COUNTY},F999,,,13900000003,`,
      `${COUNTY},${no(h.h5)},h5,,13911111111,`,
      `${COUNTY},${no(h.h1)},h1,王一,13900000001,2015-10-01`,
      `${COUNTY},${no(h.h5)},,王二,13900000002,2016-3-1`,
      `${COUNTY},${no(h.h1)},张三,,13900000003,`,
    ].join('\n');
    const run = async (mode: 'all' | 'good') => {
      const res = await upload(officer, Buffer.from(csv), '结对.csv', mode);
      expect(res.statusCode, res.body).toBe(200);
      while (await worker.runOne());
      return (await officer.get(`/api/assistance/imports/${res.json().id}`)).json();
    };
    const rejected = await run('all');
    expect(rejected.status).toBe('rejected');
    expect(rejected.counts).toEqual({ rows: 7, ok: 1, bad: 5, unchanged: 1, written: 0, errors: 5 });
    expect((await officer.get(`/api/assistance/pairings?householdKey=${h.h3}`)).json().items).toHaveLength(0);
    const report = await officer.get(`/api/assistance/imports/${rejected.id}/errors.xlsx`);
    expect(report.statusCode).toBe(200);
    const lines = (await readSheet(report.rawPayload, 0)).map((r) => [r[6], r[7], r[8]]);
    expect(lines).toEqual([
      ['行号', '列', '错误原因'],
      [3, '户编号', '与第 2 行重复'],
      [4, '户编号', '未找到该户（县级区划代码 + 户编号）'],
      [5, '帮扶责任人手机号', '未找到该手机号的帮扶干部'],
      [7, '帮扶责任人手机号', '该户不在帮扶责任人的帮扶区域内'],
      [8, '户主姓名', '户主姓名与登记不符（登记为 h1）'],
    ]);
    expect((await other.get(`/api/assistance/imports/${rejected.id}`)).statusCode).toBe(403);
    const good = await run('good');
    expect(good.status).toBe('completed');
    expect(good.counts).toMatchObject({ ok: 1, bad: 5, unchanged: 1, written: 1 });
    const h3 = (await officer.get(`/api/assistance/pairings?householdKey=${h.h3}`)).json().items;
    expect(h3.map((p: { cadreName: string; startOn: string }) => [p.cadreName, p.startOn])).toEqual([
      ['王三', '2016-03-01'],
    ]);
    const rerun = await run('good');
    expect(rerun.counts).toMatchObject({ ok: 0, unchanged: 2, written: 0 });
  });

  it('rebalances a departing helper’s households within regions and limits, or changes nothing', async () => {
    // c4 serves v2 only; nobody else can take h5 (c1 and c3 are full at 1, c2 serves v1).
    const c4 = await officer.post('/api/assistance/cadres', {
      name: '王四',
      phone: '13900000004',
      regionCode: v2,
      unitId: unit.b,
    });
    expect(
      (await officer.post('/api/assistance/pairings', { householdKey: h.h5, cadreId: c4.json().id })).statusCode,
    ).toBe(200);
    await setMax(1);
    const refused = await officer.post(`/api/assistance/cadres/${c4.json().id}/rebalance`, {
      reason: '调离',
      deactivate: true,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REBALANCE_INCOMPLETE');
    expect(refused.json().error.details.households).toEqual([h.h5]);
    expect((await officer.get(`/api/assistance/cadres/${c4.json().id}`)).json()).toMatchObject({
      active: true,
      households: 1,
    });
    const moved = await officer.post(`/api/assistance/cadres/${cadre.c1}/rebalance`, {
      reason: '调离',
      endedOn: '2017-03-01',
      deactivate: true,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      moved.json().moved.map((m: { householdKey: string; toCadreName: string }) => [m.householdKey, m.toCadreName]),
    ).toEqual([[h.h1, '王二']]);
    expect((await officer.get(`/api/assistance/cadres/${cadre.c1}`)).json()).toMatchObject({
      active: false,
      households: 0,
    });
    const h1 = (await officer.get(`/api/assistance/pairings?householdKey=${h.h1}&current=true`)).json().items;
    expect(h1.map((p: { cadreName: string; startOn: string }) => [p.cadreName, p.startOn])).toEqual([
      ['王二', '2017-03-01'],
    ]);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'pairing.rebalance'`.execute(database.owner);
    expect(audit.rows[0]?.n).toBe(1);
    const c = (await officer.get(`/api/assistance/coverage?regionCode=${township}`)).json();
    expect(c.households.helper).toBe(3);
    // After everything above, the kept counters equal a full recount from the base tables.
    const snapshot = () =>
      sql<Record<string, unknown>>`select * from assistance_village_counts order by village_code`.execute(
        database.owner,
      );
    const counties = () =>
      sql<Record<string, unknown>>`select * from assistance_county_counts order by county_code`.execute(database.owner);
    const [kept, keptCounties] = [(await snapshot()).rows, (await counties()).rows];
    await sql`select fupin_assistance_recount_all('')`.execute(database.owner);
    expect((await snapshot()).rows).toEqual(kept);
    expect((await counties()).rows).toEqual(keptCounties);
  });

  it('ends a village link once, not before its start, and coverage follows', async () => {
    const unitsOfV2 = async () =>
      (await officer.get(`/api/assistance/coverage?regionCode=${township}`))
        .json()
        .children.find((r: { regionCode: string }) => r.regionCode === v2).villages.unit;
    const before = await unitsOfV2();
    const created = await officer.post('/api/assistance/village-links', {
      villageCode: v2,
      unitId: unit.a,
      kind: 'unit',
      startOn: '2016-03-01',
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(await unitsOfV2()).toBe(before + 1);
    const key = created.json().key;
    const early = await officer.post(`/api/assistance/village-links/${key}/end`, { endedOn: '2016-02-01' });
    expect(early.json().error.code).toBe('VALIDATION');
    const ended = await officer.post(`/api/assistance/village-links/${key}/end`, { endedOn: '2016-12-31' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toEqual({ key, endedOn: '2016-12-31' });
    expect((await officer.post(`/api/assistance/village-links/${key}/end`, {})).json().error.code).toBe('CONFLICT');
    expect(await unitsOfV2()).toBe(before);
    const audit = await sql<{ action: string }>`select action from audit_log where entity = 'village_link'
      and entity_id = ${key} order by id`.execute(database.owner);
    expect(audit.rows.map((r) => r.action)).toEqual(['villageLink.create', 'villageLink.end']);
  });
});
