import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import {
  checkHousehold,
  isEducationLevel,
  isHealthStatus,
  isLabourSkill,
  isPovertyCause,
  isRelationToHead,
  isSchoolStatus,
  isSex,
  parseIdNumber,
  type HouseholdInput,
  type MemberInput,
} from '@fupin/domain';
import type { DB } from '../../../db/schema.js';
import { createTestDatabase, ENGINES } from '../../../../test/db.js';
import { DUPLICATE_FLAW, PLACEHOLDER_ID } from './flaws.js';
import { generateRegistry, type GenerateResult } from './generate.js';
import { registryAsOf } from './household.js';

const SCALE = 0.002;
const SEED = 42;
const YEAR = 2015;
const asOf = registryAsOf(YEAR);
/** Small batches, so that a run of ≈3,800 households takes several COPY rounds. */
const BATCH = 700;

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** One md5 per registry table over all its rows in key order: equal hashes, equal data. */
async function tableHashes(db: Kysely<DB>): Promise<Record<string, string | null>> {
  const r = await sql<Record<string, string | null>>`select
      (select md5(string_agg(t::text, '|' order by county_code, id)) from households t) as households,
      (select md5(string_agg(t::text, '|' order by county_code, id)) from members t) as members,
      (select md5(string_agg(t::text, '|' order by id_number)) from person_ids t) as person_ids,
      (select md5(string_agg(t::text, '|' order by county_code, household_id, year)) from household_incomes t) as incomes,
      (select md5(string_agg(t::text, '|' order by county_code, id)) from household_history t) as history`.execute(db);
  return r.rows[0] ?? {};
}

async function rows<T>(db: Kysely<DB>, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(db)).rows;
}

async function count(db: Kysely<DB>, query: string): Promise<number> {
  const [row] = await rows<{ n: number }>(db, `select (${query})::int as n`);
  return row?.n ?? -1;
}

interface MemberRow {
  household_id: string;
  county_code: string;
  name: string;
  sex: string;
  id_number: string;
  birth_date: string;
  relation: string;
  education: string | null;
  school_status: string | null;
  health: string | null;
  labour_skill: string | null;
  months_worked: number | null;
  work_place: string | null;
  flaw: string | null;
}

interface HouseholdRow {
  id: string;
  county_code: string;
  village_code: string;
  phone: string | null;
  main_cause: string;
  other_causes: string[];
  flaw: string | null;
}

const MEMBERS_SQL = `select m.household_id::text, m.county_code, m.name, m.sex, m.id_number,
    to_char(m.birth_date, 'YYYY-MM-DD') as birth_date, m.relation, m.education, m.school_status, m.health,
    m.labour_skill, m.months_worked, m.work_place, h.generated_flaws[1] as flaw
  from members m join households h on h.county_code = m.county_code and h.id = m.household_id
  order by m.county_code, m.id`;

/** A stored member as the domain checks read it (values narrowed by the domain's guards). */
function memberInput(m: MemberRow): MemberInput {
  return {
    name: m.name,
    sex: isSex(m.sex) ? m.sex : null,
    idNumber: m.id_number,
    birthDate: m.birth_date,
    relation: isRelationToHead(m.relation) ? m.relation : null,
    education: isEducationLevel(m.education) ? m.education : null,
    schoolStatus: isSchoolStatus(m.school_status) ? m.school_status : null,
    health: isHealthStatus(m.health) ? m.health : null,
    labourSkill: isLabourSkill(m.labour_skill) ? m.labour_skill : null,
    monthsWorked: m.months_worked,
    workPlace: m.work_place,
  };
}

describe.each(ENGINES)('registry generator on %s', (engine) => {
  let database: TestDatabase;
  let result: GenerateResult;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    result = await generateRegistry(database, {
      scale: SCALE,
      seed: SEED,
      batchSize: BATCH,
      onProgress: (done, total) => progress.push([done, total]),
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('writes what it reports, with progress up to the total', async () => {
    const db = database.owner;
    expect(result.households).toBeGreaterThan(3700);
    expect(await count(db, 'select count(*) from households')).toBe(result.households);
    expect(await count(db, 'select count(*) from members')).toBe(result.members);
    expect(await count(db, 'select count(*) from household_incomes')).toBe(result.households);
    expect(await count(db, 'select count(*) from household_history')).toBe(result.households);
    expect(await count(db, "select count(*) from households where generated_flaws <> '{}'")).toBe(result.flawed);
    expect(result.flawed / result.households).toBeGreaterThan(0.002);
    expect(result.flawed / result.households).toBeLessThan(0.01);
    expect(progress.length).toBe(Math.ceil(result.households / BATCH));
    expect(progress.at(-1)).toEqual([result.households, result.households]);
    expect(progress.every(([done], i) => i === 0 || done > (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('keeps size equal to the member count, with a mean near 3.03', async () => {
    const db = database.owner;
    expect(
      await count(
        db,
        `select count(*) from households h where size <> (select count(*) from members m
           where m.county_code = h.county_code and m.household_id = h.id)`,
      ),
    ).toBe(0);
    const [mean] = await rows<{ mean: number }>(db, 'select avg(size)::float8 as mean from households');
    expect(mean?.mean).toBeGreaterThan(2.8);
    expect(mean?.mean).toBeLessThan(3.3);
    expect(await count(db, 'select count(*) from households where size not between 1 and 7')).toBe(0);
  });

  it('puts households in every prefecture-level unit, only in 村委会 villages, mostly poor ones', async () => {
    const db = database.owner;
    const units = await rows<{ unit: string }>(
      db,
      `select distinct coalesce(nullif(c.parent_code, '42'), c.code) as unit
         from households h join regions c on c.code = h.county_code`,
    );
    expect(units).toHaveLength(17);
    expect(
      await count(
        db,
        `select count(*) from households h join regions v on v.code = h.village_code
          where v.level <> 'village' or substr(v.code, 10, 3)::int not between 200 and 399
             or left(v.code, 6) <> h.county_code`,
      ),
    ).toBe(0);
    const [share] = await rows<{ poor: number }>(
      db,
      `select avg((v.poor_designation is not null)::int)::float8 as poor
         from households h join regions v on v.code = h.village_code`,
    );
    expect(share?.poor).toBeGreaterThan(0.55);
    expect(share?.poor).toBeLessThan(0.75);
  });

  it('gives valid ID numbers of the county, agreeing with birth date and sex, except labelled flaws', async () => {
    const members = await rows<MemberRow>(database.owner, MEMBERS_SQL);
    const flawedMembers = new Map<string, number>();
    for (const m of members) {
      const parsed = parseIdNumber(m.id_number, { asOf });
      const clean = parsed.ok && parsed.value.regionCode === m.county_code && parsed.value.sex === m.sex;
      const agrees = clean && parsed.value.birthDate === m.birth_date;
      if (!agrees) {
        // Only the ID and birth-date flaws may break this, once per household.
        expect(['member.idNumber.checkDigit', 'member.idNumber.placeholder', 'member.birthDate.mismatch']).toContain(
          m.flaw,
        );
        flawedMembers.set(m.household_id, (flawedMembers.get(m.household_id) ?? 0) + 1);
        if (m.flaw === 'member.idNumber.placeholder') expect(m.id_number).toBe(PLACEHOLDER_ID);
        if (m.flaw === 'member.idNumber.checkDigit' && !parsed.ok) expect(parsed.error).toBe('checkDigit');
      }
    }
    expect([...flawedMembers.values()].every((n) => n === 1)).toBe(true);
    const labelled = await count(
      database.owner,
      `select count(*) from households where generated_flaws && array['member.idNumber.checkDigit',
         'member.idNumber.placeholder', 'member.birthDate.mismatch']`,
    );
    expect(flawedMembers.size).toBe(labelled);
  });

  it('repeats an ID number only for placeholders and labelled duplicates, which stay out of person_ids', async () => {
    const db = database.owner;
    const repeated = await rows<{ id_number: string; holders: number; labelled: number }>(
      db,
      `select m.id_number, count(*)::int as holders,
          count(*) filter (where h.generated_flaws = array['${DUPLICATE_FLAW}'])::int as labelled
         from members m join households h on h.county_code = m.county_code and h.id = m.household_id
        group by m.id_number having count(*) > 1`,
    );
    const duplicates = repeated.filter((r) => r.id_number !== PLACEHOLDER_ID);
    for (const r of duplicates)
      expect({ holders: r.holders, labelled: r.labelled }).toEqual({ holders: 2, labelled: 1 });
    expect(duplicates.length).toBe(
      await count(db, `select count(*) from households where generated_flaws = array['${DUPLICATE_FLAW}']`),
    );
    // person_ids: one row per valid, first-held number, pointing at its member.
    expect(
      await count(
        db,
        `select count(*) from person_ids p join members m
           on m.county_code = p.county_code and m.id = p.member_id and m.id_number = p.id_number
          and m.household_id = p.household_id and m.village_code = p.village_code`,
      ),
    ).toBe(await count(db, 'select count(*) from person_ids'));
    const unregistered = await count(
      db,
      `select count(*) from members m where not exists (select 1 from person_ids p where p.member_id = m.id
         and p.county_code = m.county_code)`,
    );
    expect(unregistered).toBe(
      await count(
        db,
        `select count(*) from households where generated_flaws && array['member.idNumber.checkDigit',
           'member.idNumber.placeholder', '${DUPLICATE_FLAW}']`,
      ),
    );
  });

  it('has exactly one head per household except where two heads are the labelled flaw', async () => {
    const heads = await rows<{ heads: number; flaw: string | null }>(
      database.owner,
      `select count(*) filter (where m.relation = '户主')::int as heads, h.generated_flaws[1] as flaw
         from households h join members m on m.county_code = h.county_code and m.household_id = h.id
        group by h.county_code, h.id, h.generated_flaws`,
    );
    for (const h of heads) expect(h.heads === 1 || (h.heads === 2 && h.flaw === 'household.head.multiple')).toBe(true);
    const labelled = heads.filter((h) => h.flaw === 'household.head.multiple').length;
    expect(heads.filter((h) => h.heads === 2).length).toBe(labelled);
  });

  it('makes illness the most common main cause', async () => {
    const causes = await rows<{ main_cause: string; n: number }>(
      database.owner,
      'select main_cause, count(*)::int as n from households group by 1 order by 2 desc, 1',
    );
    expect(causes[0]?.main_cause).toBe('因病');
    expect((causes[0]?.n ?? 0) / result.households).toBeGreaterThan(0.35);
  });

  it('stores incomes that add up, per capita equal on both tables, clustered around the line', async () => {
    const db = database.owner;
    expect(
      await count(
        db,
        `select count(*) from households h join household_incomes i
           on i.county_code = h.county_code and i.household_id = h.id and i.year = h.income_year
          where h.per_capita_income is distinct from i.per_capita
             or i.net_income <> i.wages + i.business + i.property + i.transfer_family_planning + i.transfer_dibao
                + i.transfer_destitute + i.transfer_pension + i.transfer_eco + i.transfer_other - i.business_expenses
             or abs(i.per_capita - i.net_income / h.size) > 0.005 or i.year <> ${YEAR}`,
      ),
    ).toBe(0);
    const [stats] = await rows<{ below: number; median: number }>(
      db,
      `select avg((per_capita_income < 2855)::int)::float8 as below,
          (percentile_cont(0.5) within group (order by per_capita_income))::float8 as median
         from households where status = '未脱贫'`,
    );
    expect(stats?.below).toBeGreaterThan(0.6);
    expect(stats?.below).toBeLessThan(0.9);
    expect(stats?.median).toBeGreaterThan(0.6 * 2855);
    expect(stats?.median).toBeLessThan(1.1 * 2855);
  });

  it('passes checkHousehold with exactly the labelled finding (none for clean households)', async () => {
    const db = database.owner;
    const households = await rows<HouseholdRow>(
      db,
      `select id::text, county_code, village_code, phone, main_cause, other_causes, generated_flaws[1] as flaw
         from households where generated_flaws <> '{}' or id % 10 = 0`,
    );
    const byHousehold = new Map<string, MemberRow[]>();
    for (const m of await rows<MemberRow>(db, MEMBERS_SQL)) {
      const key = `${m.county_code}:${m.household_id}`;
      byHousehold.set(key, [...(byHousehold.get(key) ?? []), m]);
    }
    expect(households.length).toBeGreaterThan(350);
    for (const h of households) {
      const input: HouseholdInput = {
        villageCode: h.village_code,
        phone: h.phone,
        mainCause: isPovertyCause(h.main_cause) ? h.main_cause : null,
        otherCauses: h.other_causes.filter(isPovertyCause),
        members: (byHousehold.get(`${h.county_code}:${h.id}`) ?? []).map(memberInput),
      };
      const found = checkHousehold(input, { asOf, requireVillageCommittee: true }).map((i) => i.code);
      const expected = h.flaw === null || h.flaw === DUPLICATE_FLAW ? [] : [h.flaw];
      expect({ household: h.id, found }).toEqual({ household: h.id, found: expected });
    }
  });

  it('moves the id sequences past the generated ids', async () => {
    const [seq] = await rows<{ households: string; members: string; history: string }>(
      database.owner,
      `select (select last_value from households_id_seq)::text as households,
          (select last_value from members_id_seq)::text as members,
          (select last_value from household_history_id_seq)::text as history`,
    );
    expect(seq).toEqual({
      households: String(result.households),
      members: String(result.members),
      history: String(result.households),
    });
  });

  describe('writing into another database', () => {
    let other: TestDatabase;
    beforeAll(async () => {
      other = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await other.drop();
    });

    it('leaves nothing behind when it fails half-way', async () => {
      await expect(
        generateRegistry(other, {
          scale: SCALE,
          seed: SEED,
          batchSize: BATCH,
          onProgress: (done) => {
            if (done >= 2 * BATCH) throw new Error('stopped on purpose');
          },
        }),
      ).rejects.toThrow('stopped on purpose');
      for (const table of ['households', 'members', 'person_ids', 'household_incomes', 'household_history']) {
        expect(await count(other.owner, `select count(*) from ${table}`)).toBe(0);
      }
    });

    it('writes the same rows for the same seed', async () => {
      await generateRegistry(other, { scale: SCALE, seed: SEED });
      expect(await tableHashes(other.owner)).toEqual(await tableHashes(database.owner));
    });

    it('refuses to run again without replace, changing nothing', async () => {
      const before = await tableHashes(other.owner);
      await expect(generateRegistry(other, { scale: SCALE, seed: SEED + 1 })).rejects.toThrow(/already holds/);
      expect(await tableHashes(other.owner)).toEqual(before);
    });

    it('replaces the registry when asked, and another seed gives other rows', async () => {
      const replaced = await generateRegistry(other, { scale: SCALE, seed: SEED + 1, replace: true });
      expect(await count(other.owner, 'select count(*) from households')).toBe(replaced.households);
      const [mine, theirs] = [await tableHashes(other.owner), await tableHashes(database.owner)];
      for (const table of Object.keys(mine)) expect(mine[table]).not.toBe(theirs[table]);
    });
  });
});
