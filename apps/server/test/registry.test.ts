import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeIdNumber } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp, firstPoorVillage } from './harness.js';
import type { App } from '../src/app.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

/** A valid household of three in `villageCode`; `seq` keeps ID numbers distinct between calls. */
function household(villageCode: string, seq: number, overrides: Record<string, unknown> = {}) {
  const county = villageCode.slice(0, 6);
  return {
    household: {
      villageCode,
      phone: '13800138000',
      bankName: '农村信用社',
      bankAccount: '6228480012345678',
      attribute: '一般贫困户',
      mainCause: '因病',
      otherCauses: ['缺资金'],
      members: [
        {
          name: `张${seq}明`,
          sex: '男',
          idNumber: makeIdNumber(county, '1970-03-05', seq * 3 + 1, '男'),
          birthDate: '1970-03-05',
          relation: '户主',
          education: '初中',
          health: '长期慢性病',
          labourSkill: '普通劳动力',
        },
        {
          name: `李${seq}芳`,
          sex: '女',
          idNumber: makeIdNumber(county, '1972-07-09', seq * 3 + 2, '女'),
          birthDate: '1972-07-09',
          relation: '配偶',
          education: '小学',
          health: '健康',
          labourSkill: '普通劳动力',
        },
        {
          name: `张${seq}小`,
          sex: '男',
          idNumber: makeIdNumber(county, '2012-01-20', seq * 3 + 3, '男'),
          birthDate: '2012-01-20',
          relation: '之子',
          schoolStatus: '小学',
          health: '健康',
          labourSkill: '无劳动力',
        },
      ],
      ...overrides,
    },
    living: { houseGrade: 'C', waterSafe: true },
    income: { year: 2015, wages: 4000, business: 2000, transfers: { dibao: 1200 }, businessExpenses: 800 },
  };
}

describe.each(ENGINES)('registry API on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let lichuan: TestClient;
  let zhuxi: TestClient;
  let evaluator: TestClient;
  let villageLc: string;
  let villageZx: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'reglc', 'county_officer', '422802');
    await makeUser(database, 'regzx', 'county_officer', '420324');
    await makeUser(database, 'regeval', 'evaluator', '42');
    lichuan = new TestClient(app);
    zhuxi = new TestClient(app);
    evaluator = new TestClient(app);
    await lichuan.login('reglc');
    await zhuxi.login('regzx');
    await evaluator.login('regeval');
    villageLc = await firstPoorVillage(database, '422802');
    villageZx = await firstPoorVillage(database, '420324');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('registers a household with members and income, audited, and shows it', async () => {
    const res = await lichuan.post('/api/households', household(villageLc, 1));
    expect(res.statusCode, res.body).toBe(200);
    const key = res.json().key as string;
    expect(key).toMatch(/^422802-\d+$/);
    const detail = (await lichuan.get(`/api/households/${key}`)).json();
    expect(detail).toMatchObject({
      headName: '张1明',
      size: 3,
      mainCause: '因病',
      perCapitaIncome: 2133.33,
      incomeYear: 2015,
      version: 1,
    });
    expect(detail.members.map((m: { relation: string }) => m.relation)).toEqual(['户主', '配偶', '之子']);
    expect(detail.members[0].idNumber).toMatch(/^422802\d{11}[\dX]$/);
    expect(detail.living).toMatchObject({ houseGrade: 'C', waterSafe: true });
    const audit = await sql<{
      action: string;
      actor_name: string;
    }>`select action, actor_name from audit_log where entity = 'household' and entity_id = ${key}`.execute(
      database.owner,
    );
    expect(audit.rows).toEqual([{ action: 'household.create', actor_name: 'reglc' }]);
  });

  it('masks ID numbers, phones, bank accounts and health for roles without personal-data rights', async () => {
    const list = (await evaluator.get(`/api/households?regionCode=${villageLc}`)).json();
    expect(list.items[0].headIdNumber).toMatch(/^4228\*{10}\d{3}[\dX]$/);
    expect(list.items[0].phone).toBe('138****8000');
    const detail = (await evaluator.get(`/api/households/${list.items[0].key}`)).json();
    expect(detail.bankAccount).toMatch(/^\*+5678$/);
    expect(detail.members[0].health).toBe('***');
    expect(JSON.stringify(detail)).not.toContain('13800138000');
  });

  it('refuses a record that breaks the checks, with every issue, and writes nothing', async () => {
    const bad = household(villageLc, 2);
    const members = bad.household.members;
    bad.household.members = [
      members[0],
      { ...members[1], relation: '户主' },
      { ...members[2], idNumber: members[2]?.idNumber.slice(0, 17) + (members[2]?.idNumber.endsWith('1') ? '2' : '1') },
    ] as typeof members;
    const before = await sql<{ n: number }>`select count(*)::int as n from households`.execute(database.owner);
    const res = await lichuan.post('/api/households', bad);
    expect(res.statusCode).toBe(422);
    const codes = res.json().error.details.issues.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['household.head.multiple', 'member.idNumber.checkDigit']));
    const after = await sql<{ n: number }>`select count(*)::int as n from households`.execute(database.owner);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('reports an ID number registered in another county as a conflict, never merging', async () => {
    const taken = household(villageLc, 1).household.members[0]?.idNumber;
    const other = household(villageZx, 3);
    const first = other.household.members[0];
    if (!first || !taken) throw new Error('fixture');
    // Same person's ID in 竹溪: the county part of the ID does not need to match the village.
    other.household.members[0] = { ...first, idNumber: taken, birthDate: '1970-03-05' };
    const res = await zhuxi.post('/api/households', other);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'ID_CONFLICT', details: { idNumbers: [taken] } });
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from households where county_code = '420324'`.execute(database.owner);
    expect(count.rows[0]?.n).toBe(0);
  });

  it('refuses the second of two concurrent edits (optimistic version check)', async () => {
    const created = (await lichuan.post('/api/households', household(villageLc, 4))).json();
    const first = await lichuan.request('PUT', `/api/households/${created.key}`, {
      ...household(villageLc, 4, { phone: '13900000001' }),
      version: 1,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(2);
    const second = await lichuan.request('PUT', `/api/households/${created.key}`, {
      ...household(villageLc, 4, { phone: '13900000002' }),
      version: 1,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('VERSION_CONFLICT');
    const detail = (await lichuan.get(`/api/households/${created.key}`)).json();
    expect(detail.phone).toBe('13900000001');
    expect(detail.version).toBe(2);
  });

  it('keeps households of another county out of reach: 403 by API, nothing by SQL', async () => {
    const list = (await lichuan.get('/api/households')).json();
    const key = list.items[0].key;
    expect((await zhuxi.get(`/api/households/${key}`)).statusCode).toBe(403);
    expect(
      (await zhuxi.request('PUT', `/api/households/${key}`, { ...household(villageLc, 1), version: 1 })).statusCode,
    ).toBe(403);
    expect((await zhuxi.post('/api/households', household(villageLc, 9))).statusCode).toBe(403);
    expect((await zhuxi.get('/api/households?regionCode=422802')).statusCode).toBe(403);
    expect((await zhuxi.get('/api/households')).json().items).toEqual([]);
  });

  it('filters the list and pages it with a keyset cursor', async () => {
    for (let i = 10; i < 15; i += 1) {
      // Explicit nulls stay null (not coerced to ''): the household number is then assigned.
      const body = household(villageLc, i, {
        mainCause: i % 2 ? '缺技术' : '因病',
        householdNumber: null,
        group: null,
      });
      expect((await lichuan.post('/api/households', body)).statusCode).toBe(200);
    }
    const all = (await lichuan.get('/api/households?limit=200')).json().items;
    expect(all.every((h: { householdNo: string }) => /^\d{16}$/.test(h.householdNo))).toBe(true);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: { key: string }[]; next: string | null } = (
        await lichuan.get(`/api/households?limit=3${after ? `&after=${after}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.key));
      after = page.next;
    } while (after);
    expect(seen).toEqual(all.map((i: { key: string }) => i.key));
    const byCause = (await lichuan.get(`/api/households?mainCause=${encodeURIComponent('缺技术')}`)).json().items;
    expect(byCause.length).toBe(2);
    const byName = (await lichuan.get(`/api/households?q=${encodeURIComponent('李12芳')}`)).json().items;
    expect(byName.map((i: { headName: string }) => i.headName)).toEqual(['张12明']);
    const headId = household(villageLc, 13).household.members[0]?.idNumber ?? '';
    expect((await lichuan.get(`/api/households?q=${headId}`)).json().items.length).toBe(1);
    const rich = (await lichuan.get('/api/households?incomeMin=2200')).json().items;
    expect(rich).toEqual([]);
  });
});

describe.each(ENGINES)('duplicates report on %s', (engine) => {
  it('lists an ID number found in two households, with villages', async () => {
    const database = await createTestDatabase(engine);
    const app = await testApp(database);
    try {
      await makeUser(database, 'dupcounty', 'county_officer', '422802');
      const client = new TestClient(app);
      await client.login('dupcounty');
      const village = await firstPoorVillage(database, '422802');
      const a = (await client.post('/api/households', household(village, 1))).json().key as string;
      const b = (await client.post('/api/households', household(village, 2))).json().key as string;
      expect((await client.get('/api/households/duplicates')).json().items).toEqual([]);
      // A legacy record (loaded before the uniqueness check existed) carries the same ID as household a's head.
      const headId = household(village, 1).household.members[0]?.idNumber ?? '';
      const [county, id] = b.split('-');
      await sql`update members set id_number = ${headId} where county_code = ${county} and household_id = ${id}::bigint and relation = '户主'`.execute(
        database.owner,
      );
      const items = (await client.get('/api/households/duplicates')).json().items;
      expect(items).toHaveLength(1);
      expect(items[0].idNumber).toBe(headId);
      expect(items[0].households.map((h: { key: string }) => h.key).sort()).toEqual([a, b].sort());
      expect(items[0].households[0].villageName).toMatch(/村|委员会/);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
