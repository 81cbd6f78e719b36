import { AppError, notFound } from '../../http/errors.js';
import type { ActorContext, Tx } from '../../db/scope.js';
import { recordAudit } from '../audit/service.js';
import type { JobsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { AnyJobDefinition } from './definition.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job as the API shows it. */
export interface JobView {
  id: string;
  type: string;
  status: JobStatus;
  progress: { done: number; total: number | null };
  payload: unknown;
  result: unknown;
  error: string | null;
  createdBy: string;
  regionCode: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
}

/** Lists the fields of a job row for clients. */
export function presentJob(row: Selectable<JobsTable>): JobView {
  return {
    id: String(row.id),
    type: row.type,
    status: row.status as JobStatus,
    progress: {
      done: Number(row.progress_done),
      total: row.progress_total === null ? null : Number(row.progress_total),
    },
    payload: row.payload,
    result: row.result,
    error: row.error,
    createdBy: row.created_by_name,
    regionCode: row.region_code,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    attempts: row.attempts,
  };
}

/** Queues a job in the actor's region; the worker picks it up. */
export async function enqueueJob(
  tx: Tx,
  actor: ActorContext,
  regionCode: string,
  type: string,
  payload: unknown,
): Promise<JobView> {
  const row = await tx
    .insertInto('jobs')
    .values({
      type,
      payload: JSON.stringify(payload ?? {}),
      state: null,
      result: null,
      error: null,
      progress_total: null,
      created_by: actor.userId === null ? null : String(actor.userId),
      created_by_name: actor.actorName,
      region_code: regionCode,
      scope: actor.scope,
      worker_id: null,
      heartbeat_at: null,
      started_at: null,
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'job.create',
    entity: 'job',
    entityId: String(row.id),
    regionCode,
    after: { type, payload },
  });
  return presentJob(row);
}

/** Jobs visible in the actor's scope, newest first. */
export async function listJobs(tx: Tx, limit: number): Promise<JobView[]> {
  const rows = await tx.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentJob);
}

/** One job; not found when it does not exist or lies outside the scope. */
export async function getJob(tx: Tx, id: string): Promise<JobView> {
  const row = await tx.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return presentJob(row);
}

/**
 * Cancels a queued job at once (releasing what earlier attempts kept, see `stopped`), or asks a
 * running one to stop before its next step (the worker releases it then).
 */
export async function cancelJob(
  tx: Tx,
  id: string,
  definitions: ReadonlyMap<string, AnyJobDefinition>,
): Promise<JobView> {
  const row = await tx.selectFrom('jobs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  if (row.status !== 'queued' && row.status !== 'running') throw new AppError('JOB_NOT_CANCELLABLE');
  const definition = definitions.get(row.type);
  if (row.status === 'queued' && definition?.stopped) {
    await definition.stopped(tx, definition.parsePayload(row.payload), { id, regionCode: row.region_code });
  }
  const updated = await tx
    .updateTable('jobs')
    .set(
      row.status === 'queued'
        ? { status: 'cancelled', cancel_requested: true, finished_at: new Date() }
        : { cancel_requested: true },
    )
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'job.cancel',
    entity: 'job',
    entityId: id,
    regionCode: row.region_code,
    before: { status: row.status },
    after: { status: updated.status, cancelRequested: true },
  });
  return presentJob(updated);
}
