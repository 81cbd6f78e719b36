import type { Permission } from '@fupin/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext, Tx } from '../../db/scope.js';

/** The job row fields a definition may read, and what its worker offers it. */
export interface JobInfo {
  id: string;
  regionCode: string;
  /** Who the job runs as (its creator, in the creator's region). */
  actor: ActorContext;
  /**
   * The database, when the engine has sessions to spare (PostgreSQL, not PGlite): a job may hold
   * a transaction of its own across its steps there (an import's registry writer). What it holds
   * lives only in this process; `detached` lets it go.
   */
  side?: Kysely<DB>;
}

/** What one step of a job reports back; it is saved in the same transaction as the step's work. */
export interface StepResult<S> {
  state: S;
  done: number;
  total: number;
  /** Set on the last step; stored as the job's result. */
  result?: unknown;
  finished: boolean;
}

/**
 * A typed background job: `start` makes the first checkpoint, `step` does one bounded chunk.
 * A step and its checkpoint commit in one transaction, so a job stopped at any point resumes
 * from its last checkpoint without repeating or losing work.
 */
export interface JobDefinition<P, S> {
  type: string;
  label: { 'zh-CN': string; en: string };
  permission: Permission;
  /** Can be started from the jobs page or `POST /api/jobs` with an empty payload. */
  manual?: boolean;
  /** Runs with the whole deployment in scope (e.g. verifying the audit chain), not the creator's region. */
  systemScope?: boolean;
  parsePayload(raw: unknown): P;
  start(tx: Tx, payload: P, job: JobInfo): Promise<{ state: S; total: number }>;
  step(tx: Tx, payload: P, state: S, job: JobInfo): Promise<StepResult<S>>;
  /**
   * Runs in the transaction that ends the job as failed or cancelled (by the worker, or by a
   * cancel while it waits for another attempt): releases what its steps kept outside the registry
   * (an import's staging). A job that never started has nothing to release, so it must be a no-op then.
   */
  stopped?(tx: Tx, payload: P, job: Pick<JobInfo, 'id' | 'regionCode'>): Promise<void>;
  /**
   * The worker lets go of the job unfinished: it is stopping, or a step failed and the job waits
   * for another attempt (which may run elsewhere). Releases what only this process holds (a
   * transaction on `side`); the job's checkpoints stay.
   */
  detached?(payload: P, job: JobInfo): Promise<void>;
}

/** A definition with its types erased, for the registry. */
export type AnyJobDefinition = JobDefinition<unknown, unknown>;

/** Erases a definition's type parameters for storage in the registry (the runner keeps them paired). */
export function defineJob<P, S>(definition: JobDefinition<P, S>): AnyJobDefinition {
  return definition as unknown as AnyJobDefinition;
}
