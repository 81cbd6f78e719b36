import { sql, type QueryExecutorProvider } from 'kysely';
import { isWithinScope, type ImportRecordView } from '@fupin/domain';
import type { ActorContext, Tx } from '../../db/scope.js';
import { notFound, outOfScope } from '../../http/errors.js';

// What every spreadsheet import keeps about itself (registry/transfer: households; assistance/bulk:
// pairings): the record's columns when it is created, finding it in the caller's scope, and the
// part of its view that does not depend on what it imports (its job's status and progress, the
// reason a whole file was refused).

/** The columns every import record has, as read. */
export interface ImportRecordRow<Format extends string, Mode extends string, Status extends string> {
  id: string;
  region_code: string;
  file_name: string;
  format: Format;
  mode: Mode;
  status: Status;
  created_by_name: string;
  created_at: Date;
  finished_at: Date | null;
  job_id: string | null;
  file_error: unknown;
}

/** The columns of a new import record in the actor's region, before its job is queued. */
export function newImportRecord<Format extends string, Mode extends string>(
  actor: ActorContext,
  input: { regionCode: string; fileName: string; format: Format; mode: Mode; sizeBytes: number; sha256: string },
) {
  return {
    region_code: input.regionCode,
    file_name: input.fileName.slice(0, 200),
    format: input.format,
    size_bytes: input.sizeBytes,
    sha256: input.sha256,
    mode: input.mode,
    job_id: null,
    created_by: actor.userId === null ? null : String(actor.userId),
    created_by_name: actor.actorName,
    finished_at: null,
    file_error: null,
  };
}

/**
 * The record when it lies in the scope; otherwise 403 when `ownerFunction` (SECURITY DEFINER, it
 * reads past row-level security) places it in another region, and 404 when there is none.
 */
export async function importInScope<R extends { region_code: string }>(
  db: QueryExecutorProvider,
  scope: string,
  id: string,
  row: R | undefined,
  ownerFunction: 'fupin_import_region' | 'fupin_assistance_import_region',
): Promise<R> {
  if (row && isWithinScope(scope, row.region_code)) return row;
  const r = await sql<{ region: string | null }>`select ${sql.ref(ownerFunction)}(${id}::bigint) as region`.execute(db);
  const owner = r.rows[0]?.region;
  if (owner && !isWithinScope(scope, owner)) throw outOfScope();
  throw notFound();
}

/** The record's own fields with its job's progress; a job that failed or was cancelled names the status. */
export async function importRecordView<Format extends string, Mode extends string, Status extends string>(
  tx: Tx,
  r: ImportRecordRow<Format, Mode, Status>,
): Promise<ImportRecordView<Format, Mode, Status>> {
  const job = r.job_id
    ? await tx
        .selectFrom('jobs')
        .select(['status', 'progress_done', 'progress_total'])
        .where('id', '=', r.job_id)
        .executeTakeFirst()
    : undefined;
  const finished = r.status === 'completed' || r.status === 'rejected';
  const jobStatus = job?.status;
  const status = !finished && (jobStatus === 'failed' || jobStatus === 'cancelled') ? jobStatus : r.status;
  return {
    id: String(r.id),
    fileName: r.file_name,
    format: r.format,
    mode: r.mode,
    status,
    regionCode: r.region_code,
    createdBy: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    jobId: r.job_id === null ? null : String(r.job_id),
    progress: {
      done: Number(job?.progress_done ?? 0),
      total: job?.progress_total === null || job?.progress_total === undefined ? null : Number(job.progress_total),
    },
  };
}

/** Why the whole file was refused, as stored in `file_error`, in the caller's language (`message`). */
export function fileErrorView<Code extends string>(
  stored: unknown,
  message: (code: Code, params: Record<string, string> | undefined) => string,
): { code: string; message: string } | null {
  // Written only by the import's own job, as { code, params }.
  const fileError = stored as { code: Code; params?: Record<string, string> } | null;
  return fileError ? { code: fileError.code, message: message(fileError.code, fileError.params) } : null;
}
