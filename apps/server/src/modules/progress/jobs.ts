import { sql } from 'kysely';
import { AppError } from '../../http/errors.js';
import { defineJob } from '../jobs/definition.js';
import { recountAggregates } from './aggregates.js';
import { generateBulletin } from './bulletin.js';

/** progress.recount: rebuilds the kept aggregates from the base tables in one step. */
export const progressRecountJob = defineJob<Record<string, never>, { done: boolean }>({
  type: 'progress.recount',
  label: { 'zh-CN': '进度统计重算', en: 'Recount progress figures' },
  permission: 'jobs.run',
  manual: true,
  systemScope: true,
  parsePayload: () => ({}),
  start: () => Promise.resolve({ state: { done: false }, total: 1 }),
  step: async (tx) => {
    const rows = await recountAggregates(tx);
    return { state: { done: true }, done: 1, total: 1, finished: true, result: { rows } };
  },
});

/** What a bulletin job is asked for: the region whose children are the sections, the period's label, the year. */
export interface BulletinPayload {
  regionCode: string;
  period: string;
  year?: number;
}

/** Validates a bulletin payload read back from the jobs table. */
export function parseBulletinPayload(raw: unknown): BulletinPayload {
  const p = (raw ?? {}) as Record<string, unknown>;
  const { regionCode, period, year } = p;
  if (typeof regionCode !== 'string' || !/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(regionCode))
    throw new AppError('VALIDATION', { field: 'regionCode' });
  if (typeof period !== 'string' || period.length === 0 || period.length > 40)
    throw new AppError('VALIDATION', { field: 'period' });
  if (year !== undefined && (typeof year !== 'number' || !Number.isInteger(year) || year < 2014 || year > 2030))
    throw new AppError('VALIDATION', { field: 'year' });
  return { regionCode, period, ...(year === undefined ? {} : { year }) };
}

/** progress.bulletin: generates one Word bulletin for a region and period, in the creator's scope. */
export const progressBulletinJob = defineJob<BulletinPayload, { bulletinId: string | null }>({
  type: 'progress.bulletin',
  label: { 'zh-CN': '生成进度简报', en: 'Generate the progress bulletin' },
  permission: 'bulletin.generate',
  parsePayload: parseBulletinPayload,
  start: () => Promise.resolve({ state: { bulletinId: null }, total: 1 }),
  step: async (tx, payload, _state, job) => {
    const creator = await sql<{ scope: string; created_by_name: string }>`
      select scope, created_by_name from jobs where id = ${job.id}::bigint`.execute(tx);
    const row = creator.rows[0];
    if (!row) throw new AppError('NOT_FOUND', { job: job.id });
    const bulletin = await generateBulletin(tx, row.scope, {
      regionCode: payload.regionCode,
      period: payload.period,
      ...(payload.year === undefined ? {} : { year: payload.year }),
      jobId: job.id,
      createdBy: row.created_by_name,
    });
    return {
      state: { bulletinId: bulletin.id },
      done: 1,
      total: 1,
      finished: true,
      result: { bulletinId: bulletin.id, title: bulletin.title },
    };
  },
});
