import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PREPARED } from '../src/db/connection.js';
import { jsonArrayParam } from '../src/modules/registry/create.js';
import { ENGINES, createTestDatabase } from './db.js';

describe.each(ENGINES)('statements marked PREPARED on %s', (engine) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('run with each call’s values, prepared once per session on PostgreSQL', async () => {
    const results = await database.db.transaction().execute(async (tx) => {
      const seen: unknown[] = [];
      for (const value of ['一', 'two', '三']) {
        const r = await sql<{ v: string; n: number }>`${sql.raw(PREPARED)}
          select ${value}::text as v, length(${value}::text) as n`.execute(tx);
        seen.push(r.rows[0]);
      }
      const prepared =
        engine === 'postgres'
          ? await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements
              where statement like ${`${PREPARED}%`}`.execute(tx)
          : undefined;
      return { seen, prepared: prepared?.rows[0]?.n };
    });
    expect(results.seen).toEqual([
      { v: '一', n: 1 },
      { v: 'two', n: 3 },
      { v: '三', n: 1 },
    ]);
    if (engine === 'postgres') expect(results.prepared).toBe(1);
  });

  it('report a failing call and let the next one run', async () => {
    const run = (divisor: number) =>
      database.db
        .transaction()
        .execute((tx) => sql<{ q: number }>`${sql.raw(PREPARED)} select 6 / ${divisor}::int as q`.execute(tx));
    await expect(run(0)).rejects.toThrow(/division by zero/);
    expect((await run(3)).rows).toEqual([{ q: 2 }]);
  });
});

describe.runIf(ENGINES.includes('postgres'))('a jsonb parameter in binary format', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('arrives as the same documents, text with quotes, backslashes and Chinese included', async () => {
    const values = [
      { 户主: '张"三"\\', n: 1.5, list: ['𠀀', null] },
      null,
      undefined,
      'text',
      0,
      { nested: { deep: true } },
    ];
    const r = await sql<{ value: unknown }>`select value from jsonb_array_elements(${jsonArrayParam(values)}::jsonb)
      with ordinality as j(value, n) order by n`.execute(database.owner);
    expect(r.rows.map((x) => x.value)).toEqual(values.map((v) => v ?? null));
    const empty = await sql<{ n: number }>`select jsonb_array_length(${jsonArrayParam([])}::jsonb) as n`.execute(
      database.owner,
    );
    expect(empty.rows[0]?.n).toBe(0);
  });
});
