import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeIdNumber } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { firstPoorVillage } from './harness.js';
import { systemActor, withScope } from '../src/db/scope.js';
import { verifyChainChunk, type ChainCursor } from '../src/modules/audit/service.js';
import { createHouseholds, rowsSelect } from '../src/modules/registry/create.js';
import type { HouseholdWrite } from '../src/modules/registry/service.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

/** A valid household of two; `seq` keeps ID numbers distinct. */
function household(villageCode: string, seq: number, householdNumber?: string): HouseholdWrite {
  const county = villageCode.slice(0, 6);
  return {
    household: {
      villageCode,
      ...(householdNumber ? { householdNumber } : {}),
      attribute: '一般贫困户',
      mainCause: '因病',
      members: [
        {
          name: `王${seq}`,
          sex: '男',
          idNumber: makeIdNumber(county, '1968-04-02', seq * 2 + 1, '男'),
          birthDate: '1968-04-02',
          relation: '户主',
          education: '小学',
          health: '健康',
          labourSkill: '普通劳动力',
        },
        {
          name: `刘${seq}`,
          sex: '女',
          idNumber: makeIdNumber(county, '1970-09-12', seq * 2 + 2, '女'),
          birthDate: '1970-09-12',
          relation: '配偶',
          education: '小学',
          health: '患有大病',
          labourSkill: '弱劳动力或半劳动力',
        },
      ],
    },
    living: { houseGrade: 'B', waterSafe: true },
    income: {
      year: 2015,
      wages: 3000,
      business: 1000,
      property: 0,
      transfers: { familyPlanning: 0, dibao: 600, destituteSupport: 0, pension: 0, ecoCompensation: 0, other: 0 },
      businessExpenses: 400,
    },
  } as HouseholdWrite;
}

async function count(database: TestDb, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.owner);
  return r.rows[0]?.n ?? 0;
}

async function chainIntact(database: TestDb): Promise<boolean> {
  let cursor: ChainCursor = { afterId: '0', lastHash: null, checked: 0 };
  for (;;) {
    const step = await withScope(database.db, systemActor('verify'), (tx) => verifyChainChunk(tx, cursor, 500));
    if (step.done) return step.broken === null;
    cursor = step.cursor;
  }
}

describe.each(ENGINES)('set-based registration on %s', (engine) => {
  let database: TestDb;
  let village: string;
  let county: string;
  const actor = () => ({ ...systemActor('batch-test', 'tester'), scope: county });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    village = await firstPoorVillage(database, '422802');
    county = village.slice(0, 6);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('registers the good households of a batch and returns each refusal with the single-household error', async () => {
    // Already registered: one household by ID, one holding the number the sequence would give next.
    const before = await withScope(database.db, actor(), (tx) =>
      createHouseholds(tx, county, [household(village, 1), household(village, 2, `${village}0002`)]),
    );
    expect(before.refused).toEqual([]);
    const tables = ['households', 'members', 'person_ids', 'household_incomes', 'household_history', 'audit_log'];
    const counts = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(database, t)])));

    const base = household(village, 10);
    const [head] = base.household.members;
    const [repeated] = household(village, 11).household.members;
    const sameIdAsFirst: HouseholdWrite = {
      ...base,
      household: {
        ...base.household,
        members: [...(head ? [head] : []), ...(repeated ? [{ ...repeated, relation: '之子' as const }] : [])],
      },
    };
    const batch = [
      household(village, 11), // 0: good, numbered by sequence (0001 is taken → skips to 0003)
      household(village, 1), // 1: ID numbers registered before
      sameIdAsFirst, // 2: repeats an ID number of household 0 in the same batch
      household(village, 12, `${village}0002`), // 3: household number taken
      household('420101001001', 13), // 4: outside the county
      household(village, 14, `${village}9000`), // 5: good, numbered by hand
    ];
    const result = await withScope(database.db, actor(), (tx) => createHouseholds(tx, county, batch));

    expect(result.refused.map((r) => [r.index, r.error.code])).toEqual([
      [1, 'ID_CONFLICT'],
      [2, 'ID_CONFLICT'],
      [3, 'VALIDATION'],
      [4, 'OUT_OF_SCOPE'],
    ]);
    expect(result.created.map((c) => c.index)).toEqual([0, 5]);
    const numbers = await sql<{ household_no: string; size: number; per_capita_income: string }>`
      select household_no, size, per_capita_income::text as per_capita_income from households
      where county_code = ${county} order by id`.execute(database.owner);
    // 0001 and 0002 belong to the first two; the sequence of three households proposes 0003.
    expect(numbers.rows.map((r) => r.household_no)).toEqual([
      `${village}0001`,
      `${village}0002`,
      `${village}0003`,
      `${village}9000`,
    ]);
    // (3000 + 1000 + 600 − 400) ÷ 2
    expect(numbers.rows[2]).toMatchObject({ size: 2, per_capita_income: '2100.00' });
    expect(await count(database, 'households')).toBe(counts.households + 2);
    expect(await count(database, 'members')).toBe(counts.members + 4);
    expect(await count(database, 'person_ids')).toBe(counts.person_ids + 4);
    expect(await count(database, 'household_incomes')).toBe(counts.household_incomes + 2);
    expect(await count(database, 'household_history')).toBe(counts.household_history + 2);
    expect(await count(database, 'audit_log')).toBe(counts.audit_log + 2);
    const keys = await sql<{ entity_id: string; actor_name: string }>`select entity_id, actor_name from audit_log
      where action = 'household.create' order by id desc limit 2`.execute(database.owner);
    expect(keys.rows.map((r) => r.entity_id).sort()).toEqual(result.created.map((c) => c.key).sort());
    expect(keys.rows.every((r) => r.actor_name === 'tester')).toBe(true);
    expect(await chainIntact(database)).toBe(true);
  });

  it('carries every text through the array literals of a batch statement as it was, however it reads', async () => {
    const texts = [
      '王小明',
      '',
      ' 前后有空格 ',
      'NULL',
      'null',
      'Null',
      'NULLS',
      '{a}',
      'a,b',
      'a"b',
      'a\\b',
      '\\',
      '"',
      'tab\there',
      '多行\n文本',
      '　全角空格',
    ];
    type Row = { text: string | null; list: (string | null)[] | null; n: number };
    const rows: Row[] = [
      ...texts.map((text, n) => ({ text, list: [text, null, 'x'], n })),
      { text: null, list: null, n: texts.length },
    ];
    const { select } = rowsSelect({ text: 'text', list: 'text[]', n: 'integer' }, rows);
    const read = await sql<Row>`select s.text, s.list, s.n from (${select}) s order by s.n`.execute(database.owner);
    expect(read.rows).toEqual(rows);
  });

  it('lets row-level security decide when the API scope is wrong: nothing is written', async () => {
    const households = await count(database, 'households');
    // The service is told the county, but the transaction's RLS scope is another county: the
    // village is invisible to it, so the household is refused and nothing reaches the tables.
    const result = await withScope(database.db, { ...actor(), scope: '420101' }, (tx) =>
      createHouseholds(tx, county, [household(village, 30)]),
    );
    expect(result.created).toEqual([]);
    expect(result.refused.map((r) => r.error.code)).toEqual(['VALIDATION']);
    expect(await count(database, 'households')).toBe(households);
  });

  it('numbers an unnumbered household after the highest number of its village, as the import does', async () => {
    // The first test left 0001, 0002, 0003 and 9000 (by hand): four households, so the count
    // would propose 0005; the highest number gives 9001.
    const result = await withScope(database.db, actor(), (tx) =>
      createHouseholds(tx, county, [household(village, 40)]),
    );
    expect(result.refused).toEqual([]);
    const row = await sql<{ household_no: string }>`select household_no from households
      where county_code = ${county} order by id desc limit 1`.execute(database.owner);
    expect(row.rows[0]?.household_no).toBe(`${village}9001`);
  });

  it('holds an ID number issued in any province unique, one from Guangdong or Beijing too', async () => {
    // A spouse who married in from Guangzhou (440103…) and one from Beijing (110101…).
    const from = (seq: number, region: string): HouseholdWrite => {
      const h = household(village, seq);
      const [head, spouse] = h.household.members;
      if (!head || !spouse) throw new Error('the test household has two members');
      const moved = { ...spouse, idNumber: makeIdNumber(region, '1970-09-12', seq, '女') };
      return { ...h, household: { ...h.household, members: [head, moved] } };
    };
    const first = await withScope(database.db, actor(), (tx) =>
      createHouseholds(tx, county, [from(70, '440103'), from(71, '110101')]),
    );
    expect(first.refused).toEqual([]);
    // The same two people registered again in other households of the village.
    const again = [from(70, '440103'), from(71, '110101')].map((h, i) => {
      const [, spouse] = h.household.members;
      const other = household(village, 80 + i);
      const [head] = other.household.members;
      if (!head || !spouse) throw new Error('the test household has two members');
      return { ...other, household: { ...other.household, members: [head, spouse] } };
    });
    const second = await withScope(database.db, actor(), (tx) => createHouseholds(tx, county, again));
    expect(second.refused.map((r) => [r.index, r.error.code])).toEqual([
      [0, 'ID_CONFLICT'],
      [1, 'ID_CONFLICT'],
    ]);
  });

  it('adds to person_ids the ID numbers that registrations before the fix left out (migration 014)', async () => {
    // As the registry held them before the fix: the two spouses registered above (440103…,
    // 110101…), without their person_ids rows.
    const ids = [makeIdNumber('110101', '1970-09-12', 71, '女'), makeIdNumber('440103', '1970-09-12', 70, '女')];
    await sql`delete from person_ids where id_number = any(${ids}::text[])`.execute(database.owner);
    const before = await count(database, 'person_ids');
    const script = await readFile(new URL('../src/db/migrations/014_person_ids_backfill.sql', import.meta.url), 'utf8');
    await database.runOwnerScript(script);
    const owners = () =>
      sql<{ id_number: string; member_number: string }>`select p.id_number, m.id_number as member_number
        from person_ids p join members m on m.county_code = p.county_code and m.id = p.member_id
          and m.household_id = p.household_id
        where p.id_number = any(${ids}::text[]) order by p.id_number`.execute(database.owner);
    expect((await owners()).rows).toEqual(ids.map((id) => ({ id_number: id, member_number: id })));
    expect(await count(database, 'person_ids')).toBe(before + 2);
    // Run again, it adds nothing; and the number is held unique once more.
    await database.runOwnerScript(script);
    expect(await count(database, 'person_ids')).toBe(before + 2);
    const other = household(village, 82);
    const [head, spouse] = other.household.members;
    const guangdong = ids[1];
    if (!head || !spouse || !guangdong) throw new Error('the test household has two members');
    const moved = { ...spouse, idNumber: guangdong };
    const refused = await withScope(database.db, actor(), (tx) =>
      createHouseholds(tx, county, [{ ...other, household: { ...other.household, members: [head, moved] } }]),
    );
    expect(refused.refused.map((r) => r.error.code)).toEqual(['ID_CONFLICT']);
  });
});
