import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeIdNumber, POVERTY_CAUSES, type HouseholdStatus, type PovertyCause } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp } from './harness.js';
import type { App } from '../src/app.js';
import { systemActor, withScope } from '../src/db/scope.js';
import { generateRegistry } from '../src/modules/registry/generator/generate.js';
import { createHousehold, updateHousehold, type HouseholdWrite } from '../src/modules/registry/service.js';
import { openYear, recordAdjustment } from '../src/modules/registry/adjustment.js';
import { groupByYearRows, readYearRows, type YearRow } from '../src/modules/progress/aggregates.js';
import { seedProgressDemo } from '../src/modules/progress/seed.js';
import { verifyChainChunk, type ChainCursor } from '../src/modules/audit/service.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';
import type { RegionProgress } from '@fupin/domain';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

/** mulberry32: the property test's own seeded stream, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let idCounter = 0;
function member(county: string, relation: '户主' | '配偶' | '之子', sex: '男' | '女') {
  idCounter += 1;
  const birth = new Date(Date.UTC(1950, 0, 1) + idCounter * 86_400_000 * 3).toISOString().slice(0, 10);
  return {
    name: `测试${idCounter}`,
    sex,
    idNumber: makeIdNumber(county, birth, idCounter % 1000, sex),
    birthDate: birth,
    relation,
    education: '初中' as const,
    health: '健康' as const,
    labourSkill: '普通劳动力' as const,
  };
}

function household(
  villageCode: string,
  size: number,
  cause: PovertyCause,
  status: HouseholdStatus,
  exitYear: number | null,
): HouseholdWrite {
  const county = villageCode.slice(0, 6);
  const members = [member(county, '户主', '男')];
  if (size >= 2) members.push(member(county, '配偶', '女'));
  for (let i = 2; i < size; i++) members.push(member(county, '之子', '男'));
  const exited = status.startsWith('已脱贫');
  return {
    household: {
      villageCode,
      attribute: exited ? '一般脱贫户' : '一般贫困户',
      mainCause: cause,
      status,
      exitYear,
      members,
    },
  } as HouseholdWrite;
}

/** Rows with any figure other than zero, keyed by code and year, for comparing two sources. */
function nonZero(rows: readonly YearRow[]): Record<string, YearRow> {
  const out: Record<string, YearRow> = {};
  for (const r of rows) {
    const { code, year, ...figures } = r;
    if (Object.values(figures).some((v) => Number(v) !== 0)) out[`${code}/${year}`] = r;
  }
  return out;
}

const CAUSE_COLUMNS = POVERTY_CAUSES.map(
  (c, i) => `count(*) filter (where status in ('未脱贫', '返贫') and main_cause = '${c.value}')::int as cause_${i + 1}`,
).join(', ');

/** The whole table recomputed by one plain GROUP BY over the base tables, written here independently of the app. */
async function fullRecomputation(database: TestDb): Promise<YearRow[]> {
  const r = await sql<YearRow>`
    with levels(len) as (values (2), (4), (6), (9), (12)),
    registry as (
      select left(village_code, l.len) as code, coalesce(exit_year, 0) as year,
        count(*) filter (where status <> '已销户')::int as households,
        coalesce(sum(size) filter (where status <> '已销户'), 0)::int as people,
        count(*) filter (where status in ('未脱贫', '返贫'))::int as poor_households,
        coalesce(sum(size) filter (where status in ('未脱贫', '返贫')), 0)::int as poor_people,
        count(*) filter (where status in ('已脱贫(享受政策)', '已脱贫(不再享受政策)'))::int as exited_households,
        coalesce(sum(size) filter (where status in ('已脱贫(享受政策)', '已脱贫(不再享受政策)')), 0)::int as exited_people,
        count(*) filter (where status = '返贫')::int as relapsed_households,
        count(*) filter (where status = '已销户')::int as closed_households,
        ${sql.raw(CAUSE_COLUMNS)}
      from households cross join levels l group by 1, 2
    ),
    plans as (
      select left(code, l.len) as code, year, sum(households)::int as planned_households, sum(people)::int as planned_people
      from region_plan_years cross join levels l group by 1, 2
    )
    select coalesce(r.code, p.code) as code, coalesce(r.year, p.year) as year, r.households, r.people, r.poor_households,
      r.poor_people, r.exited_households, r.exited_people, r.relapsed_households, r.closed_households,
      ${sql.raw(POVERTY_CAUSES.map((_, i) => `r.cause_${i + 1}`).join(', '))},
      p.planned_households, p.planned_people
    from registry r full join plans p on p.code = r.code and p.year = r.year`.execute(database.owner);
  return r.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = k === 'code' ? v : Number(v ?? 0);
    return out as YearRow;
  });
}

async function expectKeptEqualsRecount(database: TestDb): Promise<number> {
  const expected = nonZero(await fullRecomputation(database));
  const codes = [...new Set(Object.values(expected).map((r) => r.code))];
  const stored = await sql<{
    code: string;
  }>`select code from region_year_counts union select code from region_count_deltas`.execute(database.owner);
  const all = [...new Set([...codes, ...stored.rows.map((r) => r.code)])];
  const kept = await withScope(database.db, systemActor('t'), (tx) => readYearRows(tx, all));
  expect(nonZero(kept)).toEqual(expected);
  // The bench's plain GROUP BY (per region, over the subtree) agrees too.
  const sample = ['42', '4228', '422801', '429006'];
  const grouped = await withScope(database.db, systemActor('t'), (tx) => groupByYearRows(tx, sample));
  expect(nonZero(grouped)).toEqual(
    Object.fromEntries(Object.entries(expected).filter(([, r]) => sample.includes(r.code))),
  );
  return Object.keys(expected).length;
}

describe.each(ENGINES)('kept progress aggregates on %s', (engine) => {
  let database: TestDb;
  const counties = ['422801', '420324', '429006'];
  let villages: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await generateRegistry(database, { scale: 0.001, seed: 7, batchSize: 400 });
    await seedProgressDemo(database.owner);
    const r = await sql<{ village_code: string }>`select distinct village_code from households
      where county_code in (${sql.join(counties)}) order by 1`.execute(database.owner);
    villages = r.rows.map((row) => row.village_code);
    await withScope(database.db, systemActor('t'), (tx) => openYear(tx, 2016, 'test'));
  }, 600_000);
  afterAll(async () => {
    await database.drop();
  });

  it('equal a full recomputation after the generator and the seed', async () => {
    expect(await expectKeptEqualsRecount(database)).toBeGreaterThan(100);
    const deltas = await sql<{ n: number }>`select count(*)::int as n from region_count_deltas`.execute(database.owner);
    // The seed's plan rows are pending deltas until a read folds them; the generator's recount folded the rest.
    expect(deltas.rows[0]?.n).toBeGreaterThan(0);
  });

  it('equal a full recomputation after thousands of random registry changes', { timeout: 300_000 }, async () => {
    const random = rng(2015);
    const pick = <T>(items: readonly T[]): T => {
      const item = items[Math.floor(random() * items.length)];
      if (item === undefined) throw new Error('empty');
      return item;
    };
    const causes = POVERTY_CAUSES.map((c) => c.value);
    const own: { key: string; version: number; write: HouseholdWrite }[] = [];
    const system = systemActor('progress-test');
    let rowsChanged = 0;
    const statuses: HouseholdStatus[] = ['未脱贫', '已脱贫(享受政策)', '已脱贫(不再享受政策)', '返贫'];
    for (let op = 0; op < 240; op++) {
      const dice = random();
      if (dice < 0.12 || own.length === 0) {
        const write = household(pick(villages), 1 + Math.floor(random() * 4), pick(causes), '未脱贫', null);
        const { key } = await withScope(database.db, system, (tx) => createHousehold(tx, '*', write));
        own.push({ key, version: 1, write });
        rowsChanged += 1;
      } else if (dice < 0.24) {
        const target = pick(own);
        const [countyCode, id] = target.key.split('-');
        const current = await sql<{ version: number; status: string }>`select version, status from households
          where county_code = ${countyCode} and id = ${id}::bigint`.execute(database.owner);
        const row = current.rows[0];
        if (!row || row.status === '已销户') continue;
        target.version = row.version;
        const status = pick(statuses);
        const exited = status.startsWith('已脱贫') || status === '返贫';
        const write = household(
          target.write.household.villageCode,
          1 + Math.floor(random() * 4),
          pick(causes),
          status,
          exited ? 2015 + Math.floor(random() * 5) : null,
        );
        const result = await withScope(database.db, system, (tx) =>
          updateHousehold(tx, '*', target.key, target.version, write),
        );
        target.version = result.version;
        target.write = write;
        rowsChanged += 1;
      } else if (dice < 0.34) {
        const r = await sql<{ county_code: string; id: string; status: string; version: number }>`
          select county_code, id::text as id, status, version from households where county_code in (${sql.join(counties)})
          and status <> '已销户' order by id offset ${Math.floor(random() * 500)} limit 1`.execute(database.owner);
        const h = r.rows[0];
        if (!h) continue;
        const event = h.status.startsWith('已脱贫')
          ? pick(['relapse', 'close'] as const)
          : pick(['exit', 'exit', 'close'] as const);
        await withScope(database.db, system, (tx) =>
          recordAdjustment(tx, '*', `${h.county_code}-${h.id}`, {
            event,
            year: 2016,
            reason: '测试',
            version: h.version,
          }),
        );
        rowsChanged += 1;
      } else {
        const village = pick(villages);
        const sibling = pick(villages.filter((v) => v.startsWith(village.slice(0, 6))));
        const county = village.slice(0, 6);
        const k = 2 + Math.floor(random() * 3);
        const r0 = Math.floor(random() * k);
        const year = 2015 + Math.floor(random() * 5);
        const statements = [
          sql`update households set status = '已脱贫(不再享受政策)', exit_year = ${year}
            where county_code = ${county} and status = '未脱贫' and id % ${k} = ${r0}`,
          sql`update households set village_code = ${sibling} where village_code = ${village} and id % ${k} = ${r0}`,
          sql`update households set size = size + 1, main_cause = ${pick(causes)} where county_code = ${county} and id % ${k} = ${r0}`,
          sql`update households set size = greatest(size - 1, 1), exit_year = null where county_code = ${county} and id % ${k + 1} = ${r0}`,
          sql`update households set status = '返贫' where county_code = ${county} and status like '已脱贫%' and id % ${k} = ${r0}`,
          sql`update households set status = '已销户' where village_code = ${village} and id % ${k} = ${r0}`,
          sql`delete from households where village_code = ${village} and id % ${k + 3} = ${r0}`,
          sql`insert into households (county_code, village_code, household_no, head_name, attribute, main_cause, status, size, exit_year)
            select county_code, village_code, household_no || '-c' || ${op}, head_name, attribute, main_cause, status, size, exit_year
            from households where county_code = ${county} and id % ${k} = ${r0}`,
          sql`update households set updated_at = now() where county_code = ${county}`,
          sql`update region_plan_years set households = households + 1 where code like ${`${county}%`} and year = ${year}`,
          sql`delete from region_plan_years where code = ${village} and year = ${year}`,
        ];
        const result = await pick(statements).execute(database.owner);
        rowsChanged += Number(result.numAffectedRows ?? 0);
      }
      if (op % 40 === 0)
        await sql`select fupin_progress_fold(${Math.floor(random() * 200)}::int)`.execute(database.owner);
      if (op === 120) await expectKeptEqualsRecount(database);
    }
    expect(rowsChanged).toBeGreaterThan(2000);
    await expectKeptEqualsRecount(database);
    // And after folding everything, and after the recount itself.
    await sql`select fupin_progress_fold(1000000)`.execute(database.owner);
    await expectKeptEqualsRecount(database);
    // The comparison sees a single wrong figure, and the recount repairs it.
    await sql`update region_year_counts set poor_people = poor_people + 1 where code = '4228' and year = 0`.execute(
      database.owner,
    );
    await expect(expectKeptEqualsRecount(database)).rejects.toThrow();
    await sql`select fupin_progress_recount()`.execute(database.owner);
    await expectKeptEqualsRecount(database);
  });

  it('writers in different regions do not wait for each other on the aggregates (PostgreSQL)', async () => {
    // The audit chain serialises audited writes by design; this isolates the aggregate triggers:
    // two plain inserts of households in different counties, the first left open.
    if (engine !== 'postgres') return;
    const [a, b] = [villages[0], villages[villages.length - 1]];
    if (!a || !b || a.slice(0, 6) === b.slice(0, 6)) throw new Error('need villages in two counties');
    const insert = (village: string, no: string) => sql`insert into households
      (county_code, village_code, household_no, head_name, attribute, main_cause, status, size)
      values (${village.slice(0, 6)}, ${village}, ${no}, '并发', '一般贫困户', '因病', '未脱贫', 2)`;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => undefined;
    const firstWrote = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const first = database.owner.transaction().execute(async (tx) => {
      await insert(a, 'concurrent-a').execute(tx);
      inserted();
      await held;
    });
    await firstWrote;
    const started = Date.now();
    await Promise.race([
      database.owner.transaction().execute(async (tx) => {
        await insert(b, 'concurrent-b').execute(tx);
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the second writer waited')), 5000)),
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    release();
    await first;
    await expectKeptEqualsRecount(database);
  });

  it('a bulletin job writes a Word document with every prefecture and its figures, and the next one prints changes', async () => {
    const app = await testApp(database);
    await makeUser(database, 'bulletin_admin', 'admin', '42');
    const client = new TestClient(app);
    await client.login('bulletin_admin');
    const worker = new JobWorker(database.db, JOB_DEFINITIONS, { pollMs: 10 });
    const generate = async (period: string) => {
      const job = await client.post('/api/progress/bulletins', { regionCode: '42', period });
      expect(job.statusCode, job.body).toBe(200);
      while (await worker.runOne()) {
        /* run until no job is left */
      }
      const list = await client.get('/api/progress/bulletins');
      const latest = list.json().items[0];
      const doc = await client.get(`/api/progress/bulletins/${latest.id}/document`);
      expect(doc.statusCode).toBe(200);
      expect(doc.headers['content-type']).toContain('wordprocessingml');
      const zip = await JSZip.loadAsync(doc.rawPayload);
      const xml = await zip.file('word/document.xml')?.async('string');
      if (!xml) throw new Error('no document.xml');
      return { latest, text: xml.replace(/<[^>]+>/g, '') };
    };
    const map = (await client.get('/api/progress/map?regionCode=42')).json();
    expect(map.children).toHaveLength(17);
    const first = await generate('2016年第四季度');
    expect(first.latest.title).toBe('湖北省扶贫办简报（2016）第1期');
    for (const unit of map.children as RegionProgress[]) {
      expect(first.text).toContain(`${unit.name}：`);
      expect(first.text).toContain(
        `现有建档立卡贫困户 ${unit.poorHouseholds} 户、贫困人口 ${unit.poorPeople} 人（较上期：户 首期`,
      );
    }
    const enshi = (map.children as RegionProgress[]).find((c) => c.code === '4228');
    if (!enshi) throw new Error('no 恩施');
    const exited = await sql`update households set status = '已脱贫(享受政策)', exit_year = 2016
      where county_code = '422801' and status = '未脱贫'`.execute(database.owner);
    const k = Number(exited.numAffectedRows ?? 0);
    expect(k).toBeGreaterThan(0);
    const second = await generate('2017年第一季度');
    expect(second.latest.title).toBe('湖北省扶贫办简报（2016）第2期');
    expect(second.text).toContain(`现有建档立卡贫困户 ${enshi.poorHouseholds - k} 户`);
    expect(second.text).toContain(`（较上期：户 −${k}，`);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where action like 'bulletin.%' order by id`.execute(database.owner);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'bulletin.generate',
      'bulletin.download',
      'bulletin.generate',
      'bulletin.download',
    ]);
    await app.close();
  });
});

describe.each(ENGINES)('timetable and progress on a hand-made fixture on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let officer: TestClient;
  let outsider: TestClient;
  let leader: TestClient;
  const county = '422801';
  let villageA = '';
  let villageB = '';
  let township = '';
  const keys: { key: string; village: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'plan_es', 'county_officer', county);
    await makeUser(database, 'plan_zx', 'county_officer', '420324');
    await makeUser(database, 'plan_leader', 'leader', '4228');
    officer = new TestClient(app);
    outsider = new TestClient(app);
    leader = new TestClient(app);
    await officer.login('plan_es');
    await outsider.login('plan_zx');
    await leader.login('plan_leader');
    const r = await sql<{ code: string }>`select code from regions where code like ${`${county}%`} and level = 'village'
      and substr(code, 10, 3) between '200' and '399' order by code limit 2`.execute(database.owner);
    [villageA, villageB] = r.rows.map((row) => row.code) as [string, string];
    township = villageA.slice(0, 9);
    expect(villageB.slice(0, 9)).toBe(township);
    const system = systemActor('fixture');
    for (const [village, n] of [
      [villageA, 4],
      [villageB, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const { key } = await withScope(database.db, system, (tx) =>
          createHousehold(tx, '*', household(village, 3, i === 0 ? '因学' : '因病', '未脱贫', null)),
        );
        keys.push({ key, village });
      }
    }
    await withScope(database.db, system, (tx) => openYear(tx, 2016, 'test'));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('officers set plans in their region, audited; the county caps its villages', async () => {
    const put = (code: string, body: object) => officer.request('PUT', `/api/progress/plans/${code}`, body);
    expect((await put(county, { exitYear: 2017 })).statusCode).toBe(200);
    expect((await put(villageA, { exitYear: 2016 })).statusCode).toBe(200);
    expect((await put(villageB, { exitYear: 2017 })).statusCode).toBe(200);
    const late = await put(villageA, { exitYear: 2018, version: 1 });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('PLAN_AFTER_PARENT');
    const stale = await put(villageA, { exitYear: 2016 });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const years = (code: string, body: object) => officer.request('PUT', `/api/progress/plans/${code}/years`, body);
    expect(
      (
        await years(villageA, {
          years: [
            { year: 2015, households: 1, people: 3 },
            { year: 2016, households: 3, people: 9 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    expect((await years(villageB, { years: [{ year: 2017, households: 2, people: 6 }] })).statusCode).toBe(200);
    const countyYears = await years(county, { years: [{ year: 2017, households: 2, people: 6 }] });
    expect(countyYears.json().error.code).toBe('PLAN_VILLAGE_ONLY');
    const afterPlan = await years(villageA, { years: [{ year: 2017, households: 1, people: 3 }] });
    expect(afterPlan.json().error.code).toBe('PLAN_AFTER_PARENT');
    const audit = await sql<{ action: string; entity_id: string }>`select action, entity_id from audit_log
      where action like 'plan.%' order by id`.execute(database.owner);
    expect(audit.rows).toEqual([
      { action: 'plan.update', entity_id: county },
      { action: 'plan.update', entity_id: villageA },
      { action: 'plan.update', entity_id: villageB },
      { action: 'plan.years', entity_id: villageA },
      { action: 'plan.years', entity_id: villageB },
    ]);
    const timetable = await officer.get(`/api/progress/plans/${township}`);
    const planned = (timetable.json().children as { code: string; exitYear: number; years: unknown[] }[])
      .filter((c) => c.exitYear !== null)
      .map((c) => [c.code, c.exitYear, c.years.length]);
    expect(planned).toEqual([
      [villageA, 2016, 2],
      [villageB, 2017, 1],
    ]);
  });

  it('flags every region behind plan in the report year', async () => {
    const first = keys[1];
    if (!first) throw new Error('no household');
    const detail = await officer.get(`/api/households/${first.key}`);
    const exit = await officer.post(`/api/households/${first.key}/adjustments`, {
      event: 'exit',
      year: 2016,
      reason: '达标',
      version: detail.json().version,
    });
    expect(exit.statusCode, exit.body).toBe(200);
    const view = (await officer.get(`/api/progress/map?regionCode=${township}`)).json();
    expect(view.year).toBe(2016);
    const children = view.children as RegionProgress[];
    const a = children.find((c) => c.code === villageA);
    const b = children.find((c) => c.code === villageB);
    expect(a).toMatchObject({
      code: villageA,
      plannedExitYear: 2016,
      poorHouseholds: 3,
      poorPeople: 9,
      exitedHouseholds: 1,
      exitedThisYearHouseholds: 1,
      plannedToDate: 4,
      exitedToDate: 1,
      shortfall: 3,
      progressPercent: 25,
      overdue: false,
      behind: true,
    });
    expect(a?.causes[POVERTY_CAUSES.findIndex((c) => c.value === '因学')]).toBe(1);
    expect(b).toMatchObject({
      code: villageB,
      plannedToDate: 0,
      exitedToDate: 0,
      progressPercent: null,
      behind: false,
    });
    expect(view.region).toMatchObject({
      poorHouseholds: 5,
      plannedToDate: 4,
      exitedToDate: 1,
      shortfall: 3,
      behind: true,
    });

    const later = (await officer.get(`/api/progress/map?regionCode=${township}&year=2018`)).json();
    const laterChildren = later.children as RegionProgress[];
    expect(laterChildren.find((c) => c.code === villageA)).toMatchObject({ overdue: true, shortfall: 3, behind: true });
    expect(laterChildren.find((c) => c.code === villageB)).toMatchObject({
      overdue: true,
      plannedToDate: 2,
      shortfall: 2,
      behind: true,
    });
    expect(laterChildren.filter((c) => c.behind)).toHaveLength(2);

    const behind = (await officer.get(`/api/progress/behind?regionCode=${county}&level=village`)).json();
    expect(behind.items).toEqual([
      {
        code: villageA,
        name: a?.name,
        plannedExitYear: 2016,
        plannedToDate: 4,
        exitedToDate: 1,
        shortfall: 3,
        poorHouseholds: 3,
        overdue: false,
      },
    ]);
    const dashboard = (await leader.get(`/api/progress/dashboard?regionCode=${county}`)).json();
    expect(dashboard.region).toMatchObject({ poorHouseholds: 5, exitedThisYearHouseholds: 1, behind: true });
    expect(dashboard.years).toEqual([
      { year: 2015, plannedHouseholds: 1, plannedPeople: 3, exitedHouseholds: 0, exitedPeople: 0 },
      { year: 2016, plannedHouseholds: 3, plannedPeople: 9, exitedHouseholds: 1, exitedPeople: 3 },
      { year: 2017, plannedHouseholds: 2, plannedPeople: 6, exitedHouseholds: 0, exitedPeople: 0 },
    ]);
    expect(dashboard.topCauses).toEqual([
      { cause: '因病', households: 3 },
      { cause: '因学', households: 2 },
    ]);
  });

  it('the exported table carries the same numbers as the map', async () => {
    const view = (await officer.get(`/api/progress/map?regionCode=${county}`)).json();
    const file = await officer.get(`/api/progress/map.xlsx?regionCode=${county}`);
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const rows: Record<string, unknown>[] = [];
    const headerRow = Array.from(sheet.getRow(1).values as unknown[]);
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const values = Array.from(row.values as unknown[]);
      rows.push(Object.fromEntries(headerRow.map((h, i) => [String(h), values[i] ?? null])));
    });
    const all = [...(view.children as RegionProgress[]), view.region as RegionProgress];
    expect(rows).toHaveLength(all.length);
    rows.forEach((row, i) => {
      const r = all[i];
      expect(row['区划代码']).toBe(r?.code);
      expect(row['贫困户(户)']).toBe(r?.poorHouseholds);
      expect(row['累计脱贫(户)']).toBe(r?.exitedHouseholds);
      expect(row['计划累计脱贫(户)']).toBe(r?.plannedToDate);
    });
    const total = rows[rows.length - 1];
    expect(total?.['贫困户(户)']).toBe(5);
  });

  it('refuses regions outside the scope and writes without the permission', async () => {
    expect((await outsider.get(`/api/progress/map?regionCode=${county}`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/progress/dashboard?regionCode=4228`)).statusCode).toBe(403);
    const edit = await outsider.request('PUT', `/api/progress/plans/${villageA}`, { exitYear: 2016, version: 1 });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.code).toBe('OUT_OF_SCOPE');
    const byLeader = await leader.request('PUT', `/api/progress/plans/${villageA}`, { exitYear: 2016, version: 1 });
    expect(byLeader.json().error.code).toBe('FORBIDDEN');
    expect((await outsider.post('/api/progress/bulletins', { regionCode: '4228', period: 'x' })).statusCode).toBe(403);
  });
});

describe.each(ENGINES)('the demo timetable seed on %s', (engine) => {
  let database: TestDb;
  const villages: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    for (const county of ['422801', '429006']) {
      const r = await sql<{ code: string }>`select code from regions where code like ${`${county}%`}
        and level = 'village' and poor_designation is not null order by code limit 1`.execute(database.owner);
      villages.push(...r.rows.map((row) => row.code));
    }
    expect(villages).toHaveLength(2);
    for (const village of villages)
      for (let i = 0; i < 3; i++)
        await withScope(database.db, systemActor('fixture'), (tx) =>
          createHousehold(tx, '*', household(village, 2 + i, '因病', '未脱贫', null)),
        );
  });
  afterAll(async () => {
    await database.drop();
  });

  it('audits every seeded plan with its planned years, once, and the chain still verifies', async () => {
    const entries = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(database.owner)).rows[0]?.n ?? 0;
    const before = await entries();
    const plans = await seedProgressDemo(database.owner);
    expect(plans).toBeGreaterThan(10);
    const seeded = await sql<{
      code: string;
      plan: Record<string, unknown>;
      years: unknown;
      after: Record<string, unknown> | null;
      actor_name: string | null;
      request_id: string | null;
      region_code: string | null;
    }>`select p.code,
        jsonb_build_object('exitYear', p.exit_year, 'reliefYear', p.relief_year, 'batch', p.batch, 'note', p.note) as plan,
        (select jsonb_agg(jsonb_build_object('year', y.year, 'households', y.households, 'people', y.people)
           order by y.year) from region_plan_years y where y.code = p.code) as years,
        a.after, a.actor_name, a.request_id, a.region_code
      from region_plans p left join audit_log a on a.action = 'plan.seed' and a.entity_id = p.code
      order by p.code`.execute(database.owner);
    expect(seeded.rows).toHaveLength(plans);
    for (const row of seeded.rows) {
      expect(row).toMatchObject({ actor_name: 'seed', request_id: 'progress.seed', region_code: row.code });
      // A village's entry carries its planned exits per year; other levels carry none.
      expect(row.after).toEqual(row.years === null ? row.plan : { ...row.plan, years: row.years });
    }
    expect(seeded.rows.filter((r) => villages.includes(r.code)).every((r) => Array.isArray(r.years))).toBe(true);
    const summary = await sql<{ after: unknown }>`select after from audit_log where action = 'progress.seed'`.execute(
      database.owner,
    );
    const counts = await sql<{ years: number; populations: number }>`select
      (select count(*)::int from region_plan_years) as years,
      (select count(*)::int from region_populations) as populations`.execute(database.owner);
    expect(summary.rows.map((r) => r.after)).toEqual([
      { plans, planYears: counts.rows[0]?.years, populations: counts.rows[0]?.populations },
    ]);
    expect(await entries()).toBe(before + plans + 1);

    let cursor: ChainCursor = { afterId: '0', lastHash: null, checked: 0 };
    let broken: unknown = undefined;
    while (broken === undefined) {
      const step = await withScope(database.db, systemActor('verify'), (tx) => verifyChainChunk(tx, cursor, 50));
      cursor = step.cursor;
      if (step.done) broken = step.broken;
    }
    expect(broken).toBeNull();
    expect(cursor.checked).toBe(before + plans + 1);

    // A second start seeds nothing and writes no entry.
    expect(await seedProgressDemo(database.owner)).toBe(0);
    expect(await entries()).toBe(before + plans + 1);
  });
});
