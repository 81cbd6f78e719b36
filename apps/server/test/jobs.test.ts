import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp } from './harness.js';
import { withScope, systemActor } from '../src/db/scope.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';
import { defineJob, type AnyJobDefinition } from '../src/modules/jobs/definition.js';
import { enqueueJob, getJob } from '../src/modules/jobs/service.js';
import type { App } from '../src/app.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ids of the jobs whose `stopped` ran. */
const released: string[] = [];

const flakyJob = defineJob<Record<string, never>, { n: number }>({
  type: 'test.flaky',
  label: { 'zh-CN': '测试', en: 'test' },
  permission: 'jobs.run',
  parsePayload: () => ({}),
  start: async () => ({ state: { n: 0 }, total: 3 }),
  step: async () => {
    throw new Error('always fails');
  },
  stopped: async (_tx, _payload, job) => {
    released.push(job.id);
  },
});

describe.each(ENGINES)('background jobs on %s', (engine) => {
  let database: TestDb;
  let app: App;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'jobadmin', 'admin', '42');
    await makeUser(database, 'jobcounty', 'county_officer', '420324');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('resumes a job from its checkpoint after the worker is stopped mid-way, without repeating steps', async () => {
    await sql`delete from region_stats`.execute(database.owner);
    const actor = systemActor('resume-test');
    const job = await withScope(database.db, actor, (tx) => enqueueJob(tx, actor, '42', 'regions.recount', {}));
    const seen: number[] = [];
    const first: JobWorker = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done) => {
        seen.push(done);
        if (done === 5) void first.stop();
      },
    });
    first.start();
    await waitFor(async () => seen.includes(5));
    await first.stop();
    const halfway = await withScope(database.db, actor, (tx) => getJob(tx, job.id));
    expect(halfway.status).toBe('running');
    expect(halfway.progress).toEqual({ done: 5, total: 18 });
    const partial = await sql<{ n: number }>`select count(*)::int as n from region_stats`.execute(database.owner);
    expect(partial.rows[0]?.n).toBeGreaterThan(0);

    const second = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done) => seen.push(done),
    });
    expect(await second.runOne()).toBe(true);
    const done = await withScope(database.db, actor, (tx) => getJob(tx, job.id));
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(seen).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    const province = await sql<{
      villages: number;
      poor_villages: number;
    }>`select villages, poor_villages from region_stats where code = '42'`.execute(database.owner);
    expect(province.rows[0]).toEqual({ villages: 27057, poor_villages: 4821 });
  });

  it('retries a failing job, marks it failed after its last attempt and only then releases it', async () => {
    const definitions = new Map<string, AnyJobDefinition>([[flakyJob.type, flakyJob]]);
    released.length = 0; // job ids repeat across the engines' databases
    const actor = systemActor('flaky');
    const job = await withScope(database.db, actor, (tx) => enqueueJob(tx, actor, '42', 'test.flaky', {}));
    const worker = new JobWorker(database.db, definitions, { staleAfterMs: 60_000 });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await sql`update jobs set run_after = now() where id = ${job.id}::bigint`.execute(database.owner);
      expect(await worker.runOne()).toBe(true);
      expect(released.filter((id) => id === job.id)).toHaveLength(attempt === 3 ? 1 : 0);
    }
    const failed = await withScope(database.db, actor, (tx) => getJob(tx, job.id));
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: 'always fails' });
  });

  it('starts, shows and cancels jobs through the API, scoped to the region', async () => {
    const admin = new TestClient(app);
    await admin.login('jobadmin');
    const types = (await admin.get('/api/jobs/types')).json().items.map((t: { type: string }) => t.type);
    expect(types.sort()).toEqual(['audit.verify', 'progress.recount', 'regions.recount']);
    expect((await admin.post('/api/jobs', { type: 'registry.openYear' })).json().error.code).toBe('VALIDATION');
    const started = await admin.post('/api/jobs', { type: 'audit.verify' });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ type: 'audit.verify', status: 'queued' });
    const cancelled = await admin.post(`/api/jobs/${started.json().id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await admin.post(`/api/jobs/${started.json().id}/cancel`)).json().error.code).toBe('JOB_NOT_CANCELLABLE');

    const county = new TestClient(app);
    await county.login('jobcounty');
    expect((await county.post('/api/jobs', { type: 'audit.verify' })).json().error.code).toBe('FORBIDDEN');
    const own = await county.post('/api/jobs', { type: 'regions.recount' });
    expect(own.json().regionCode).toBe('420324');
    const listed = (await county.get('/api/jobs')).json().items.map((j: { id: string }) => j.id);
    expect(listed).toEqual([own.json().id]);
    expect((await county.get(`/api/jobs/${started.json().id}`)).statusCode).toBe(404);

    const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
    expect(await worker.runOne()).toBe(true);
    const finished = (await county.get(`/api/jobs/${own.json().id}`)).json();
    const townships = await sql<{
      n: number;
    }>`select count(*)::int as n from regions where parent_code = '420324'`.execute(database.owner);
    const steps = (townships.rows[0]?.n ?? 0) + 1;
    expect(steps).toBe(16);
    expect(finished).toMatchObject({ status: 'succeeded', progress: { done: steps, total: steps } });
  });

  it('verifies the audit chain as a job and reports a tampered entry', async () => {
    const actor = systemActor('verify-job');
    const ok = await withScope(database.db, actor, (tx) => enqueueJob(tx, actor, '42', 'audit.verify', {}));
    const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
    while (await worker.runOne());
    expect((await withScope(database.db, actor, (tx) => getJob(tx, ok.id))).result).toMatchObject({
      ok: true,
      broken: null,
    });
    const target = await sql<{ id: string }>`select id::text as id from audit_log order by id limit 1 offset 2`.execute(
      database.owner,
    );
    await sql`update audit_log set actor_name = 'someone else' where id = ${target.rows[0]?.id}::bigint`.execute(
      database.owner,
    );
    const bad = await withScope(database.db, actor, (tx) => enqueueJob(tx, actor, '42', 'audit.verify', {}));
    while (await worker.runOne());
    expect((await withScope(database.db, actor, (tx) => getJob(tx, bad.id))).result).toMatchObject({
      ok: false,
      broken: { id: target.rows[0]?.id, reason: 'edited' },
    });
  });
});
