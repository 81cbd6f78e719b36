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

/** How a run is split: `shards` jobs, each evaluating every n-th county, run side by side by the workers. */
export interface EvaluationOptions {
  shards?: number;
}

/** At most this many shards (jobs) per run. */
const MAX_SHARDS = 8;

/**
 * Deals the counties to the shards so that they finish together: biggest first (by number of
 * villages, which the region tree knows without counting households), each to the shard with the
 * least so far, and every shard works from its biggest county to its smallest.
 */
async function splitCounties(tx: Tx, counties: string[], shards: number): Promise<string[][]> {
  const sizes = await sql<{ county: string; villages: number }>`
    select c.county, (select count(*)::int from regions v where v.level = 'village'
      and v.code >= c.county and v.code < c.county || ':') as villages
    from unnest(${counties}::text[]) as c(county)`.execute(tx);
  const size = new Map(sizes.rows.map((r) => [r.county, r.villages]));
  const ordered = [...counties].sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0) || a.localeCompare(b));
  const split = Array.from({ length: shards }, () => ({ counties: [] as string[], load: 0 }));
  for (const county of ordered) {
    const least = split.reduce((min, s) => (s.load < min.load ? s : min));
    least.counties.push(county);
    least.load += size.get(county) ?? 0;
  }
  return split.map((s) => s.counties);
}

/**
 * Starts the evaluation of a year under a province, prefecture or county: records the run with
 * the standards in force and queues the `exit.evaluate` job — as `shards` jobs that split the
 * counties between them, so that several workers evaluate side by side. Refused while another
 * run of the same year covering an overlapping region is still going.
 */
export async function startEvaluation(
  tx: Tx,
  actor: ActorContext,
  regionCode: string,
  year: number,
  options: EvaluationOptions = {},
): Promise<EvaluationView> {
  assertRegionInScope(actor.scope, regionCode);
  if (regionCode.length > 6) throw new AppError('VALIDATION', { field: 'regionCode', reason: 'countyOrAbove' });
  const running = await sql<{ id: string }>`
    select e.id::text as id from exit_evaluations e
    where e.year = ${year}::int and e.status = 'running'
      and exists (select 1 from jobs j where j.type = 'exit.evaluate' and j.payload->>'evaluationId' = e.id::text
                    and j.status in ('queued', 'running'))
      and (left(e.region_code, ${regionCode.length}) = ${regionCode} or left(${regionCode}, length(e.region_code)) = e.region_code)
    limit 1`.execute(tx);
  if (running.rows.length > 0) throw new AppError('EVALUATION_RUNNING', { evaluationId: running.rows[0]?.id });
  const counties = await countiesUnder(tx, regionCode);
  if (counties.length === 0) throw new AppError('VALIDATION', { field: 'regionCode' });
  const shards = Math.max(1, Math.min(Math.floor(options.shards ?? 1), counties.length, MAX_SHARDS));
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
  const jobs = [];
  const split = await splitCounties(tx, counties, shards);
  for (let shard = 0; shard < shards; shard++) {
    const payload: EvaluatePayload = { evaluationId: String(row.id), shard, shards, counties: split[shard] ?? [] };
    jobs.push(await enqueueJob(tx, actor, regionCode, 'exit.evaluate', payload));
  }
  const updated = await tx
    .updateTable('exit_evaluations')
    .set({ job_id: jobs[0]?.id ?? null })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'exit.evaluate',
    entity: 'exit_evaluation',
    entityId: String(row.id),
    regionCode,
    after: {
      year,
      regionCode,
      standardsVersion: standards.version,
      counties: counties.length,
      jobId: jobs[0]?.id,
      jobIds: jobs.map((j) => j.id),
    },
  });
  return presentEvaluation(updated);
}

interface EvaluatePayload {
  evaluationId: string;
  shard: number;
  shards: number;
  /** The counties of this shard, dealt when the run started (absent: every `shards`-th county in code order). */
  counties?: string[];
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
 * county and no county is ever half-evaluated. A run's shards share the evaluation's county
 * counter: each step adds one in its own transaction (the row lock orders them), and the step
 * that counts the last county marks the run completed.
 */
export const exitEvaluateJob = defineJob<EvaluatePayload, EvaluateState>({
  type: 'exit.evaluate',
  label: { 'zh-CN': '退出评估', en: 'Exit evaluation' },
  permission: 'exit.review',
  parsePayload: (raw) => {
    const p = raw as { evaluationId?: unknown; shard?: unknown; shards?: unknown; counties?: unknown } | null;
    const id = p?.evaluationId;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new Error('payload.evaluationId must be a numeric string');
    const shards = p?.shards === undefined ? 1 : Number(p.shards);
    const shard = p?.shard === undefined ? 0 : Number(p.shard);
    if (!Number.isInteger(shards) || shards < 1 || !Number.isInteger(shard) || shard < 0 || shard >= shards)
      throw new Error('payload.shard must be an integer below payload.shards');
    const counties = p?.counties;
    if (counties === undefined) return { evaluationId: id, shard, shards };
    if (!Array.isArray(counties) || !counties.every((c) => typeof c === 'string' && /^\d{6}$/.test(c)))
      throw new Error('payload.counties must be a list of county codes');
    return { evaluationId: id, shard, shards, counties: counties as string[] };
  },
  start: async (tx, payload) => {
    const e = await tx
      .selectFrom('exit_evaluations')
      .select(['region_code'])
      .where('id', '=', payload.evaluationId)
      .executeTakeFirstOrThrow();
    const counties =
      payload.counties ??
      (await countiesUnder(tx, e.region_code)).filter((_, i) => i % payload.shards === payload.shard);
    return { state: { counties, next: 0, households: 0, villages: 0 }, total: counties.length };
  },
  step: async (tx, payload, state) => {
    const e = await tx
      .selectFrom('exit_evaluations')
      .select(['year', 'standards'])
      .where('id', '=', payload.evaluationId)
      .executeTakeFirstOrThrow();
    const county = state.counties[state.next];
    if (county !== undefined) {
      const done = await evaluateCounty(tx, county, e.year, payload.evaluationId, e.standards as ExitStandards);
      state = {
        ...state,
        households: state.households + done.households,
        villages: state.villages + done.villages,
      };
      const counted = await sql<{ done: number; total: number }>`
        update exit_evaluations set counties_done = counties_done + 1 where id = ${payload.evaluationId}::bigint
        returning counties_done as done, counties_total as total`.execute(tx);
      const c = counted.rows[0];
      if (c && c.done >= c.total) {
        await tx
          .updateTable('exit_evaluations')
          .set({ status: 'completed', finished_at: new Date() })
          .where('id', '=', payload.evaluationId)
          .execute();
      }
    }
    const next = state.next + 1;
    const finished = next >= state.counties.length;
    const { households, villages } = state;
    return {
      state: { ...state, next },
      done: Math.min(next, state.counties.length),
      total: state.counties.length,
      finished,
      result: finished ? { evaluationId: payload.evaluationId, year: e.year, households, villages } : undefined,
    };
  },
});
