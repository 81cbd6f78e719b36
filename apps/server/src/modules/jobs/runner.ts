import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { engineOf } from '../../db/connection.js';
import { withScope, systemActor, type ActorContext, type Tx } from '../../db/scope.js';
import type { AnyJobDefinition, JobInfo } from './definition.js';

export interface WorkerOptions {
  /** A running job whose heartbeat is older than this is taken over (its worker died). */
  staleAfterMs?: number;
  pollMs?: number;
  /** Called after every committed step (CLI progress bars, tests). */
  onProgress?: (jobId: string, done: number, total: number) => void;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

interface ClaimedJob {
  id: string;
  type: string;
  payload: unknown;
  state: unknown;
  attempts: number;
  max_attempts: number;
  region_code: string;
  scope: string;
  created_by: string | null;
  created_by_name: string;
}

/**
 * Runs queued jobs one at a time inside the server process. Several workers (processes) may
 * share a database: a job is claimed with FOR UPDATE SKIP LOCKED and kept alive by heartbeats.
 */
export class JobWorker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  /** Jobs this worker runs side by side (one; see JobWorkerPool). */
  readonly size = 1;
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly staleAfterMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly definitions: ReadonlyMap<string, AnyJobDefinition>,
    private readonly options: WorkerOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Starts polling for work. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Asks the worker to look for work now (after a job was queued). */
  poke(): void {
    this.wake?.();
  }

  /** Stops after the current step; the job in hand stays 'running' and is resumed later. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.running = false;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (error) {
        this.options.log?.('job worker error', { error: String(error) });
      }
      if (!worked && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Claims and runs one job to its end (or until stopped). Returns false when none was ready. */
  async runOne(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async claim(): Promise<ClaimedJob | undefined> {
    const staleSeconds = this.staleAfterMs / 1000;
    return withScope(this.db, systemActor(`claim-${this.id}`, 'job-worker'), async (tx) => {
      const claimed = await sql<ClaimedJob>`
        update jobs set status = 'running', worker_id = ${this.id}, heartbeat_at = now(),
               started_at = coalesce(started_at, now()), attempts = attempts + 1
        where id = (
          select id from jobs
          where (status = 'queued' and run_after <= now())
             or (status = 'running' and heartbeat_at < now() - make_interval(secs => ${staleSeconds}))
          order by id for update skip locked limit 1)
        returning id::text as id, type, payload, state, attempts, max_attempts, region_code, scope,
                  created_by::text as created_by, created_by_name`.execute(tx);
      return claimed.rows[0];
    });
  }

  private actorFor(job: ClaimedJob): ActorContext {
    return {
      userId: job.created_by === null ? null : Number(job.created_by),
      actorName: job.created_by_name,
      scope: job.scope,
      requestId: `job-${job.id}`,
      ip: null,
    };
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const definition = this.definitions.get(job.type);
    if (!definition) {
      await this.finish(job.id, 'failed', null, `unknown job type ${job.type}`);
      return;
    }
    const actor = definition.systemScope ? { ...this.actorFor(job), scope: '*' } : this.actorFor(job);
    const side = engineOf(this.db) === 'postgres' ? this.db : undefined;
    const info: JobInfo = { id: job.id, regionCode: job.region_code, actor, ...(side ? { side } : {}) };
    let release: ((tx: Tx) => Promise<void>) | undefined;
    let payload: unknown;
    try {
      payload = definition.parsePayload(job.payload);
      const stopped = definition.stopped?.bind(definition);
      if (stopped) release = (tx) => stopped(tx, payload, info);
      let state = job.state;
      if (state === null || state === undefined) {
        const started = await withScope(this.db, actor, async (tx) => {
          const first = await definition.start(tx, payload, info);
          await this.checkpoint(tx, job.id, first.state, 0, first.total);
          return first;
        });
        state = started.state;
      }
      for (;;) {
        if (this.stopping) {
          await definition.detached?.(payload, info);
          return;
        }
        if (await this.cancelRequested(job.id)) {
          await this.finish(job.id, 'cancelled', null, null, release);
          return;
        }
        const current = state;
        const outcome = await withScope(this.db, actor, async (tx) => {
          const result = await definition.step(tx, payload, current, info);
          await this.checkpoint(tx, job.id, result.state, result.done, result.total);
          if (result.finished) {
            await sql`update jobs set status = 'succeeded', result = ${JSON.stringify(result.result ?? null)}::jsonb,
                      finished_at = now(), heartbeat_at = now() where id = ${job.id}::bigint`.execute(tx);
          }
          return result;
        });
        this.options.onProgress?.(job.id, outcome.done, outcome.total);
        state = outcome.state;
        if (outcome.finished) return;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log?.('job step failed', { jobId: job.id, type: job.type, error: message });
      await definition.detached?.(payload, info).catch(() => undefined);
      if (job.attempts < job.max_attempts) {
        await withScope(this.db, systemActor(`job-${job.id}`, 'job-worker'), (tx) =>
          sql`update jobs set status = 'queued', error = ${message}, worker_id = null,
                run_after = now() + make_interval(secs => ${2 ** job.attempts})
              where id = ${job.id}::bigint`.execute(tx),
        );
      } else {
        await this.finish(job.id, 'failed', null, message, release);
      }
    }
  }

  private async checkpoint(tx: Tx, id: string, state: unknown, done: number, total: number): Promise<void> {
    await sql`update jobs set state = ${JSON.stringify(state)}::jsonb, progress_done = ${done},
              progress_total = ${total}, heartbeat_at = now() where id = ${id}::bigint`.execute(tx);
  }

  private async cancelRequested(id: string): Promise<boolean> {
    const row = await withScope(this.db, systemActor(`job-${id}`, 'job-worker'), (tx) =>
      tx.selectFrom('jobs').select('cancel_requested').where('id', '=', id).executeTakeFirst(),
    );
    return row?.cancel_requested === true;
  }

  private async finish(
    id: string,
    status: 'failed' | 'cancelled',
    result: unknown,
    error: string | null,
    release?: (tx: Tx) => Promise<void>,
  ): Promise<void> {
    const end = (tx: Tx) =>
      sql`update jobs set status = ${status}, result = ${JSON.stringify(result)}::jsonb, error = ${error},
            finished_at = now() where id = ${id}::bigint`.execute(tx);
    const actor = systemActor(`job-${id}`, 'job-worker');
    try {
      await withScope(this.db, actor, async (tx) => {
        await release?.(tx);
        await end(tx);
      });
    } catch (failure) {
      // The job ends all the same; what it kept stays until removed by hand (the error is logged).
      if (!release) throw failure;
      this.options.log?.('job release failed', {
        jobId: id,
        error: failure instanceof Error ? failure.message : String(failure),
      });
      await withScope(this.db, actor, end);
    }
  }
}

/**
 * Several job workers in one process, each claiming jobs on its own database session, so that
 * two jobs (or two shards of one job, like the exit evaluation's) run side by side on PostgreSQL.
 * PGlite has one session: it gets one worker.
 */
export class JobWorkerPool {
  private readonly workers: JobWorker[];

  constructor(
    db: Kysely<DB>,
    definitions: ReadonlyMap<string, AnyJobDefinition>,
    count: number,
    options: WorkerOptions = {},
  ) {
    this.workers = Array.from(
      { length: Math.max(1, Math.floor(count)) },
      () => new JobWorker(db, definitions, options),
    );
  }

  /** How many jobs run side by side. */
  get size(): number {
    return this.workers.length;
  }

  start(): void {
    for (const w of this.workers) w.start();
  }

  poke(): void {
    for (const w of this.workers) w.poke();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

/** What the routes need of the process's workers: a nudge after queueing, and how many run at once. */
export interface JobWorkers {
  poke(): void;
  readonly size: number;
}
