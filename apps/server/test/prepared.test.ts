import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PREPARED } from '../src/db/connection.js';
import { binaryArrayParam, jsonArrayParam, rowsSelect } from '../src/modules/registry/create.js';
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

describe.runIf(ENGINES.includes('postgres'))('parameters in binary format', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('a jsonb array arrives as the same documents, text with quotes, backslashes and Chinese included', async () => {
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

  const long = `${'长文本'.repeat(30)}"\\{,}`;
  const texts = [
    'plain',
    '',
    null,
    'NULL',
    '张"三"\\',
    '{a,b}',
    ' spaced ',
    '𠀀𠀁 astral',
    'é ü ß',
    '\ud800 lone',
    long,
    undefined,
  ];

  it('arrays carry text, integers, ids and truth values as they are, nulls included', async () => {
    const rows = texts.map((t, i) => ({
      t,
      i: [0, -1, 2147483647, -2147483648, null][i % 5],
      b: ['1', '9007199254740993', 9007199254740991, null, 1234567890123456789n, '0'][i % 6],
      f: [true, false, null][i % 3],
    }));
    const column = async (name: string, type: string) => {
      const r = await sql<{ v: unknown }>`select v::text as v from unnest(${binaryArrayParam(
        rows.map((r) => r[name as keyof (typeof rows)[number]]),
        type,
      )}::${sql.raw(type)}[])
        with ordinality as x(v, n) order by n`.execute(database.owner);
      return r.rows.map((x) => x.v);
    };
    const asText = (v: unknown) => (v === null || v === undefined ? null : String(v));
    expect(await column('t', 'text')).toEqual(
      texts.map((t) => (t === undefined || t === null ? null : t.replace('\ud800', '\ufffd'))),
    );
    expect(await column('i', 'integer')).toEqual(rows.map((r) => asText(r.i)));
    expect(await column('b', 'bigint')).toEqual(rows.map((r) => asText(r.b)));
    expect(await column('f', 'boolean')).toEqual(rows.map((r) => (r.f === null ? null : r.f ? 'true' : 'false')));
    const empty = await sql<{
      n: number | null;
    }>`select cardinality(${binaryArrayParam([], 'text')}::text[]) as n`.execute(database.owner);
    expect(empty.rows[0]?.n).toBe(0);
  });

  it('parameters written one after another keep their own values, also one larger than a slab', async () => {
    // Parameters share slabs of a few megabytes: each must keep its bytes when the next is written
    // (after a refused one too), and one larger than a slab gets a slab of its own.
    const names = Array.from({ length: 250_000 }, (_, i) => `张三${i}号`);
    const small = binaryArrayParam(['甲', '乙'], 'text');
    const docs = jsonArrayParam([{ 户主: '李四' }, [1, 2]]);
    expect(() => binaryArrayParam(['a', 'b', 3.5], 'integer')).toThrow(TypeError);
    const large = binaryArrayParam(names, 'text');
    const after = binaryArrayParam([7, null, 9], 'integer');
    const r = await sql<{ small: string[]; docs: unknown; n: number; last: string; sum: number; after: number[] }>`
      select ${small}::text[] as small, ${docs}::jsonb as docs,
             cardinality(${large}::text[]) as n, (${large}::text[])[250000] as last,
             (select sum(length(v))::int from unnest(${large}::text[]) v) as sum, ${after}::int[] as after`.execute(
      database.owner,
    );
    expect(r.rows[0]).toEqual({
      small: ['甲', '乙'],
      docs: [{ 户主: '李四' }, [1, 2]],
      n: names.length,
      last: '张三249999号',
      sum: names.reduce((s, n) => s + n.length, 0),
      after: [7, null, 9],
    });
  });

  it('arrays refuse a value their column cannot take', () => {
    expect(() => binaryArrayParam([1.5], 'integer')).toThrow(TypeError);
    expect(() => binaryArrayParam([2147483648], 'integer')).toThrow(TypeError);
    expect(() => binaryArrayParam(['yes'], 'boolean')).toThrow(TypeError);
    expect(() => binaryArrayParam([{ a: 1 }], 'text')).toThrow(TypeError);
  });

  it('arrays give rowsSelect the same rows as its text literals, casting numeric, date and array columns', async () => {
    const columns = {
      t: 'text',
      n: 'integer',
      id: 'bigint',
      ok: 'boolean',
      amount: 'numeric',
      born: 'date',
      list: 'text[]',
      rows: 'integer[]',
      doc: 'jsonb',
    } as const;
    const rows = texts.map((t, i) => ({
      t,
      n: i % 4 === 0 ? null : i * 7,
      id: String(1000 + i),
      ok: i % 2 === 0,
      amount: i % 3 === 0 ? null : i % 3 === 1 ? 1234.56 : '0.10',
      born: i % 5 === 0 ? null : `19${50 + i}-0${1 + (i % 9)}-1${i % 10}`,
      list: i % 4 === 1 ? null : ['因病', t ?? '', '"引号"', 'a,b', '{x}'],
      rows: [i, i + 1],
      doc: i % 2 ? { 名: '张"三"\\', i } : null,
    }));
    const read = async (binary: boolean) => {
      const { list, select } = rowsSelect(columns, rows, { binary });
      const r = await sql<Record<string, unknown>>`with s (${list}) as (${select})
        select s.t, s.n, s.id::text as id, s.ok, s.amount::text as amount, s.born::text as born, s.list, s.rows, s.doc
        from s`.execute(database.owner);
      return r.rows;
    };
    const binary = await read(true);
    expect(binary).toEqual(await read(false));
    expect(binary).toHaveLength(rows.length);
    expect(binary[1]).toMatchObject({ t: '', n: 7, id: '1001', ok: false, amount: '1234.56', born: '1951-02-11' });
    expect(binary[2]?.list).toEqual(['因病', '', '"引号"', 'a,b', '{x}']);
  });
});
