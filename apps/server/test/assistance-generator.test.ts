import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';
import { generateRegistry, type GenerateResult } from '../src/modules/registry/generator/generate.js';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

// The assistance part of the generator (registry/generator/assistance.ts) at a small scale: the
// bulletin's facts, realistic rates with the documented gaps, and the kept counters.

describe.each(ENGINES)('assistance generator on %s', (engine) => {
  let database: TestDatabase;
  let result: GenerateResult;
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.owner)).rows[0];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    result = await generateRegistry(database, { scale: 0.002, seed: 7 });
  }, 900_000);
  afterAll(async () => {
    await database.drop();
  });

  it('reproduces 襄阳 (33 leaders ↔ 33 key townships, 346 units ↔ 346 key villages), 宜昌 and 天门', async () => {
    const xiangyang = await one(sql<{ leaders: number; units: number; villages: number }>`
      select (select count(distinct l.cadre_id)::int from leader_contacts l join regions r on r.code = l.region_code
               where r.key_poor and r.level = 'township' and r.code like '4206%') as leaders,
             (select count(distinct v.unit_id)::int from village_links v join regions r on r.code = v.village_code
                join assistance_units u on u.id = v.unit_id
               where r.key_poor and r.code like '4206%' and v.link_kind = 'unit' and u.region_code like '4206%') as units,
             (select count(*)::int from regions where key_poor and level = 'village' and code like '4206%') as villages`);
    expect(xiangyang).toEqual({ leaders: 33, units: 346, villages: 346 });
    const yichang = await one(sql<{ city: number; min_units: number }>`
      select count(distinct t.id)::int as city, min(n)::int as min_units
        from work_teams t join (select team_id, count(*) as n, bool_and(u.region_code = '4205') as city
                                  from work_team_units w join assistance_units u on u.id = w.unit_id group by team_id) w
          on w.team_id = t.id
       where w.city`);
    expect(yichang).toEqual({ city: 60, min_units: 3 });
    const tianmen = await one(sql<{ teams: number; villages: number }>`
      select (select count(*)::int from work_teams where county_code = '429006') as teams,
             (select count(*)::int from regions where level = 'village' and poor_designation is not null and code like '429006%') as villages`);
    expect(tianmen).toEqual({ teams: 119, villages: 119 });
    const jingmen = await one(sql<{
      years: number;
    }>`select min(extract(year from age(planned_end_on, start_on)))::int as years
      from work_teams where village_code like '4208%'`);
    expect(jingmen?.years).toBe(5);
    expect(result.assistance?.teams).toBeGreaterThan(4300);
  });

  it('pairs almost every poor household within the helper’s region and limit, leaving documented gaps', async () => {
    const c = await one(sql<{
      poor: number;
      helper: number;
      bank: number;
      insurer: number;
      outside: number;
      over: number;
    }>`
      select sum(poor_households)::int as poor, sum(with_helper)::int as helper, sum(with_bank)::int as bank,
             sum(with_insurer)::int as insurer,
             (select count(*)::int from pairings p join cadres k on k.id = p.cadre_id
               where left(p.village_code, length(k.region_code)) <> k.region_code) as outside,
             (select count(*)::int from (select cadre_id from pairings where ended_on is null group by cadre_id having count(*) > 5) x) as over
        from assistance_county_counts`);
    expect(c?.outside).toBe(0);
    expect(c?.over).toBe(0);
    const poor = c?.poor ?? 0;
    expect(poor).toBeGreaterThan(3000);
    // ~1.5% without a helper, ~4% without a bank, ~8% without an insurer.
    expect((c?.helper ?? 0) / poor).toBeGreaterThan(0.97);
    expect((c?.helper ?? 0) / poor).toBeLessThan(0.995);
    expect((c?.bank ?? 0) / poor).toBeGreaterThan(0.93);
    expect((c?.bank ?? 0) / poor).toBeLessThan(0.98);
    expect((c?.insurer ?? 0) / poor).toBeGreaterThan(0.88);
    expect((c?.insurer ?? 0) / poor).toBeLessThan(0.95);
    const v = await one(sql<{ poor: number; team: number; secretary: number; unit: number; enterprise: number }>`
      select sum(poor_villages)::int as poor, sum(with_team)::int as team, sum(with_secretary)::int as secretary,
             sum(with_unit)::int as unit, sum(with_enterprise)::int as enterprise from assistance_county_counts`);
    expect(v?.poor).toBe(4821);
    expect(v?.team).toBeLessThan(4821);
    expect(v?.secretary).toBeLessThan(v?.team ?? 0);
    expect(v?.unit).toBeLessThan(4821);
    expect(v?.enterprise).toBeLessThan(4821);
  });

  it('keeps counters equal to a full recount and is the same for the same seed', async () => {
    const snapshot = async () =>
      (
        await sql<Record<string, unknown>>`select * from assistance_county_counts order by county_code`.execute(
          database.owner,
        )
      ).rows;
    const kept = await snapshot();
    await sql`select fupin_assistance_recount_all('')`.execute(database.owner);
    expect(await snapshot()).toEqual(kept);
    const fingerprint = async () =>
      one(
        sql<{
          f: string;
        }>`select md5(string_agg(county_code || ':' || household_id || ':' || cadre_id || ':' || start_on, ',' order by county_code, household_id, cadre_id)) as f from pairings`,
      );
    const before = await fingerprint();
    await generateRegistry(database, { scale: 0.002, seed: 7, replace: true });
    expect(await fingerprint()).toEqual(before);
  }, 900_000);
});
