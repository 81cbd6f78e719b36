import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp } from './harness.js';
import { withScope } from '../src/db/scope.js';
import type { App } from '../src/app.js';

describe.each(ENGINES)('regions on %s', (engine) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;
  let province: TestClient;
  let county: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'prov', 'province_officer', '42');
    await makeUser(database, 'lcofficer', 'county_officer', '422802');
    province = new TestClient(app);
    county = new TestClient(app);
    expect((await province.login('prov')).statusCode).toBe(200);
    expect((await county.login('lcofficer')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('holds every Hubei region, counted per level', async () => {
    const res = await province.get('/api/regions/42');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('湖北省');
    expect(body.counts).toEqual({
      prefecture: 17,
      county: 105,
      township: 1475,
      village: 27057,
      poorCounty: 37,
      poorTownship: 262,
      poorVillage: 4821,
    });
    const levels = await sql<{
      level: string;
      n: number;
    }>`select level, count(*)::int as n from regions group by level order by level`.execute(database.owner);
    expect(Object.fromEntries(levels.rows.map((r) => [r.level, r.n]))).toEqual({
      province: 1,
      prefecture: 13,
      county: 105,
      township: 1475,
      village: 27057,
    });
  });

  it('lists the 17 prefecture-level units, including the 4 under the province directly', async () => {
    const res = await province.get('/api/regions/42/children?limit=100');
    const body = res.json();
    expect(body.total).toBe(17);
    const names = body.items.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['武汉市', '恩施土家族苗族自治州', '仙桃市', '潜江市', '天门市', '神农架林区']),
    );
    const direct = body.items.filter((r: { isDirect: boolean }) => r.isDirect).map((r: { code: string }) => r.code);
    expect(direct.sort()).toEqual(['429004', '429005', '429006', '429021']);
  });

  it('reproduces the bulletin counts of poor villages and townships', async () => {
    const counts = async (code: string) => (await province.get(`/api/regions/${code}`)).json().counts;
    expect((await counts('429006')).poorVillage).toBe(119); // 天门
    expect((await counts('429004')).poorVillage).toBe(95); // 仙桃
    expect(await counts('4213')).toMatchObject({ poorTownship: 20, poorVillage: 126 }); // 随州
    expect((await counts('420324')).poorVillage).toBe(73); // 竹溪
    const extreme = await sql<{
      n: number;
    }>`select count(*)::int as n from regions where code like '4205%' and extremely_poor`.execute(database.owner);
    expect(extreme.rows[0]?.n).toBe(30); // 宜昌
    const enshi = (await province.get('/api/regions/4228/children')).json();
    expect(enshi.items.every((c: { poor: { designation: string } | null }) => c.poor?.designation === 'national')).toBe(
      true,
    );
  });

  it('drills down from a county to a village with the breadcrumb path', async () => {
    const townships = (await county.get('/api/regions/422802/children')).json();
    expect(townships.total).toBeGreaterThan(5);
    const township = townships.items.find((t: { counts: { poorVillage: number } }) => t.counts.poorVillage > 0);
    const villages = (await county.get(`/api/regions/${township.code}/children?poor=true`)).json();
    expect(villages.items.length).toBeGreaterThan(0);
    const village = (await county.get(`/api/regions/${villages.items[0].code}`)).json();
    expect(village.level).toBe('village');
    expect(village.poor).not.toBeNull();
    expect(village.path.map((p: { code: string }) => p.code)).toEqual([
      '42',
      '4228',
      '422802',
      township.code,
      village.code,
    ]);
  });

  it('searches villages by name inside the scope only', async () => {
    const res = (await county.get(`/api/regions/search?q=${encodeURIComponent('村')}&limit=50`)).json();
    expect(res.items.length).toBe(50);
    expect(res.items.every((r: { code: string }) => r.code.startsWith('422802'))).toBe(true);
    const none = (await county.get(`/api/regions/search?q=${encodeURIComponent('江夏')}`)).json();
    expect(none.items).toEqual([]);
    const wuhan = (await province.get(`/api/regions/search?q=${encodeURIComponent('江夏')}`)).json();
    expect(wuhan.items[0]).toMatchObject({ code: '420115', level: 'county' });
  });

  it('refuses another county with 403 and nothing else', async () => {
    for (const url of [
      '/api/regions/420324',
      '/api/regions/4228',
      '/api/regions/42/children',
      '/api/regions/search?q=%E6%9D%91&under=420324',
    ]) {
      const res = await county.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toEqual({
        error: { code: 'OUT_OF_SCOPE', message: '无权访问本辖区以外的数据', requestId: expect.any(String) },
      });
    }
    const en = await county.get('/api/regions/420324', { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('This data is outside your region');
  });

  it('enforces the scope again in the database: raw SQL as the app role sees only its county', async () => {
    const actor = { userId: null, actorName: 'test', scope: '422802', requestId: 'rls', ip: null };
    const rows = await withScope(database.db, actor, async (tx) => {
      const regions = await sql<{ code: string }>`select code from regions where level = 'county'`.execute(tx);
      const users = await sql<{ username: string }>`select username from users`.execute(tx);
      const role = await sql<{ u: string }>`select current_user as u`.execute(tx);
      const updated = await sql`update regions set name = name where code = '420324'`.execute(tx);
      return {
        regions: regions.rows.map((r) => r.code),
        users: users.rows.map((u) => u.username),
        role: role.rows[0]?.u,
        updated: Number(updated.numAffectedRows),
      };
    });
    expect(rows.role).toBe('fupin_app');
    expect(rows.regions).toEqual(['422802']);
    expect(rows.users).toEqual(['lcofficer']);
    expect(rows.updated).toBe(0);
    const unscoped = await withScope(database.db, { ...actor, scope: '' }, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from regions`.execute(tx),
    );
    expect(unscoped.rows[0]?.n).toBe(0);
  });

  it('answers 401 without a session and 404 for an unknown region', async () => {
    const anonymous = new TestClient(app);
    expect((await anonymous.get('/api/regions/42')).statusCode).toBe(401);
    expect((await province.get('/api/regions/429999')).statusCode).toBe(404);
    expect((await province.get('/api/regions/abc')).json().error.code).toBe('VALIDATION');
  });
});
