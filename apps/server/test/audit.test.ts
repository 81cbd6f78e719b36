import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';
import { withScope, systemActor } from '../src/db/scope.js';
import { recordAudit, verifyChainChunk, type ChainCursor } from '../src/modules/audit/service.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

async function verify(database: TestDb, chunk = 3) {
  let cursor: ChainCursor = { afterId: '0', lastHash: null, checked: 0 };
  for (;;) {
    const step = await withScope(database.db, systemActor('verify'), (tx) => verifyChainChunk(tx, cursor, chunk));
    if (step.done) return { broken: step.broken, checked: step.cursor.checked };
    cursor = step.cursor;
  }
}

async function writeEntries(database: TestDb, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await withScope(database.db, { ...systemActor(`req-${i}`, 'tester'), scope: '4228' }, (tx) =>
      recordAudit(tx, {
        action: 'test.change',
        entity: 'thing',
        entityId: String(i),
        regionCode: '4228',
        before: { n: i },
        after: { n: i + 1 },
      }),
    );
  }
}

async function ids(database: TestDb): Promise<string[]> {
  const rows = await sql<{ id: string }>`select id::text as id from audit_log order by audit_log.id`.execute(
    database.owner,
  );
  return rows.rows.map((r) => r.id);
}

describe.each(ENGINES)('audit chain on %s', (engine) => {
  let database: TestDb;
  beforeEach(async () => {
    database = await createTestDatabase(engine);
    await writeEntries(database, 10);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('verifies an untouched chain and records actor, request and region with each entry', async () => {
    const result = await verify(database);
    expect(result.broken).toBeNull();
    expect(result.checked).toBe((await ids(database)).length);
    const last = await sql<{
      actor_name: string;
      request_id: string;
      region_code: string;
    }>`select actor_name, request_id, region_code from audit_log order by id desc limit 1`.execute(database.owner);
    expect(last.rows[0]).toEqual({ actor_name: 'tester', request_id: 'req-9', region_code: '4228' });
  });

  it('finds an edited entry', async () => {
    const target = (await ids(database))[5];
    await sql`update audit_log set after = '{"n": 999}' where id = ${target}::bigint`.execute(database.owner);
    expect((await verify(database)).broken).toEqual({ id: target, reason: 'edited' });
  });

  it('finds an entry deleted from the middle and one deleted from the end', async () => {
    const all = await ids(database);
    await sql`delete from audit_log where id = ${all[4]}::bigint`.execute(database.owner);
    expect((await verify(database)).broken).toEqual({ id: all[5], reason: 'link' });
  });

  it('finds the newest entry deleted', async () => {
    const all = await ids(database);
    await sql`delete from audit_log where id = ${all[all.length - 1]}::bigint`.execute(database.owner);
    expect((await verify(database)).broken).toMatchObject({ reason: 'tail' });
  });

  it('is append-only for the application role', async () => {
    const actor = systemActor('tamper');
    await expect(
      withScope(database.db, actor, (tx) => sql`update audit_log set action = 'x'`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(withScope(database.db, actor, (tx) => sql`delete from audit_log`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
    expect((await verify(database)).broken).toBeNull();
  });

  it('writes nothing when the change it belongs to rolls back', async () => {
    const before = (await ids(database)).length;
    await expect(
      withScope(database.db, systemActor('rollback'), async (tx) => {
        await recordAudit(tx, { action: 'test.fail', entity: 'thing', entityId: 'x', regionCode: '42' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect((await ids(database)).length).toBe(before);
    expect((await verify(database)).broken).toBeNull();
  });

  it('chains many entries of one transaction, and a rolled-back savepoint leaves no gap', async () => {
    const before = (await ids(database)).length;
    await withScope(database.db, systemActor('many'), async (tx) => {
      const entry = (n: number) => ({ action: 'test.many', entity: 'thing', entityId: String(n), regionCode: '42' });
      await recordAudit(tx, entry(1));
      await recordAudit(tx, entry(2));
      await sql`savepoint s`.execute(tx);
      await recordAudit(tx, entry(3));
      await sql`rollback to savepoint s`.execute(tx);
      await recordAudit(tx, entry(4));
    });
    const written = await sql<{ entity_id: string; prev_hash: string; hash: string }>`
      select entity_id, prev_hash, hash from audit_log where action = 'test.many' order by id`.execute(database.owner);
    expect(written.rows.map((r) => r.entity_id)).toEqual(['1', '2', '4']);
    expect(written.rows[2]?.prev_hash).toBe(written.rows[1]?.hash);
    const head = await sql<{ last_hash: string }>`select last_hash from audit_head`.execute(database.owner);
    expect(head.rows[0]?.last_hash).toBe(written.rows[2]?.hash);
    expect((await ids(database)).length).toBe(before + 3);
    expect((await verify(database)).broken).toBeNull();
  });
});
