import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';

describe.each(ENGINES)('bulk COPY on %s', (engine) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await sql`create table bulk_t (a int primary key, b text)`.execute(database.owner);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('loads streamed CSV in one transaction', async () => {
    function* rows() {
      for (let i = 1; i <= 1000; i += 1) yield `${i},"名称 ${i}, 含逗号"\n`;
    }
    await database.bulk(async (session) => {
      await session.copy('COPY bulk_t (a, b) FROM STDIN WITH (FORMAT csv)', rows());
      expect(await session.exec('select count(*)::int as n from bulk_t')).toEqual([{ n: 1000 }]);
    });
    const r = await sql<{
      n: number;
      b: string;
    }>`select count(*)::int as n, max(b) filter (where a = 7) as b from bulk_t`.execute(database.owner);
    expect(r.rows[0]).toEqual({ n: 1000, b: '名称 7, 含逗号' });
  });

  it('rolls back everything when a later statement fails', async () => {
    await expect(
      database.bulk(async (session) => {
        await session.copy('COPY bulk_t (a, b) FROM STDIN WITH (FORMAT csv)', ['5001,x\n', '5002,y\n']);
        await session.copy('COPY bulk_t (a, b) FROM STDIN WITH (FORMAT csv)', ['5003,z\n', '5003,dup\n']);
      }),
    ).rejects.toThrow();
    const r = await sql<{ n: number }>`select count(*)::int as n from bulk_t where a > 5000`.execute(database.owner);
    expect(r.rows[0]?.n).toBe(0);
  });
});
