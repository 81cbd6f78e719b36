import { sql } from 'kysely';
import type { EvaluationView, ExitStandards } from '@fupin/domain';
import type { ActorContext, Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { defineJob } from '../jobs/definition.js';
import { enqueueJob } from '../jobs/service.js';
import { assertRegionInScope } from '../regions/service.js';
import { evaluateCounty } from './evaluate.js';
import { presentEvaluation } from './results.js';
import { currentStandards } from './standards.js';

/** Counties (and units directly under the province) inside a region, in code order. */
async function countiesUnder(tx: Tx, regionCode: string): Promise<string[]> {
  if (regionCode.length === 6) return [regionCode];
  const rows = await tx
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'county')
    .where('code', '>=', regionCode)
    .where('code', '<', `${regionCode}:`)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/**
 * Starts the evaluation of a year under a province, prefecture or county: records the run with
 * the standards in force and queues the `exit.evaluate` job. Refused while another run of the
 * same year covering an overlapping region is still going.
 */
export async function startEvaluation(
  tx: Tx,
  actor: ActorContext,
  regionCode: string,
  year: number,
): Promise<EvaluationView> {
  assertRegionInScope(actor.scope, regionCode);
  if (regionCode.length > 6) throw new AppError('VALIDATION', { field: 'regionCode', reason: 'countyOrAbove' });
  const running = await sql<{ id: string }>`
    select e.id::text as id from exit_evaluations e left join jobs j on j.id = e.job_id
    where e.year = ${year}::int and e.status = 'running'
      and coalesce(j.status, 'queued') in ('queued', 'running')
      and (left(e.region_code, ${regionCode.length}) = ${regionCode} or left(${regionCode}, length(e.region_code)) = e.region_code)
    limit 1`.execute(tx);
  if (running.rows.length > 0) throw new AppError('EVALUATION_RUNNING', { evaluationId: running.rows[0]?.id });
  const counties = await countiesUnder(tx, regionCode);
  if (counties.length === 0) throw new AppError('VALIDATION', { field: 'regionCode' });
  const standards = await currentStandards(tx);
  const row = await tx
    .insertInto('exit_evaluations')
    .values({
      year,
      region_code: regionCode,
      standards_id: standards.version === 'default' ? null : standards.version,
      standards: JSON.stringify(standards.standards),
      counties_total: counties.length,
      created_by: actor.actorName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const job = await enqueueJob(tx, actor, regionCode, 'exit.evaluate', { evaluationId: String(row.id) });
  const updated = await tx
    .updateTable('exit_evaluations')
    .set({ job_id: job.id })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'exit.evaluate',
    entity: 'exit_evaluation',
    entityId: String(row.id),
    regionCode,
    after: { year, regionCode, standardsVersion: standards.version, counties: counties.length, jobId: job.id },
  });
  return presentEvaluation(updated);
}

interface EvaluateState {
  counties: string[];
  next: number;
  households: number;
  villages: number;
}

/**
 * exit.evaluate: one county per step — its households, villages and county result replaced in
 * the step's transaction with the checkpoint, so a run stopped anywhere resumes at the next
 * county and no county is ever half-evaluated.
 */
export const exitEvaluateJob = defineJob<{ evaluationId: string }, EvaluateState>({
  type: 'exit.evaluate',
  label: { 'zh-CN': '退出评估', en: 'Exit evaluation' },
  permission: 'exit.review',
  parsePayload: (raw) => {
    const id = (raw as { evaluationId?: unknown } | null)?.evaluationId;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new Error('payload.evaluationId must be a numeric string');
    return { evaluationId: id };
  },
  start: async (tx, payload) => {
    const e = await tx
      .selectFrom('exit_evaluations')
      .select(['region_code'])
      .where('id', '=', payload.evaluationId)
      .executeTakeFirstOrThrow();
    const counties = await countiesUnder(tx, e.region_code);
    return { state: { counties, next: 0, households: 0, villages: 0 }, total: counties.length };
  },
  step: async (tx, payload, state) => {
    const e = await tx
      .selectFrom('exit_evaluations')
      .select(['year', 'standards'])
      .where('id', '=', payload.evaluationId)
      .executeTakeFirstOrThrow();
    const county = state.counties[state.next];
    const done =
      county === undefined
        ? { households: 0, villages: 0 }
        : await evaluateCounty(tx, county, e.year, payload.evaluationId, e.standards as ExitStandards);
    const next = state.next + 1;
    const finished = next >= state.counties.length;
    await tx
      .updateTable('exit_evaluations')
      .set({ counties_done: next, ...(finished ? { status: 'completed', finished_at: new Date() } : {}) })
      .where('id', '=', payload.evaluationId)
      .execute();
    const households = state.households + done.households;
    const villages = state.villages + done.villages;
    return {
      state: { ...state, next, households, villages },
      done: next,
      total: state.counties.length,
      finished,
      result: finished ? { evaluationId: payload.evaluationId, year: e.year, households, villages } : undefined,
    };
  },
});
