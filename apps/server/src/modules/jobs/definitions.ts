import { PROVINCE_CODE } from '@fupin/domain';
import { sql } from 'kysely';
import { countAudit, verifyChainChunk, type ChainCursor } from '../audit/service.js';
import { recomputeRegionStats } from '../regions/stats.js';
import { defineJob, type AnyJobDefinition } from './definition.js';
import { openYearJob } from '../registry/open-year-job.js';
import { registryImportJob } from '../registry/transfer/importJob.js';
import { bulkAssignJob } from '../assistance/bulk.js';
import { exitEvaluateJob } from '../exit/evaluation.js';
import { progressBulletinJob, progressRecountJob } from '../progress/jobs.js';

const AUDIT_CHUNK = 5000;

/** audit.verify: walks the hash chain in chunks and reports the first broken link. */
export const auditVerifyJob = defineJob<Record<string, never>, ChainCursor>({
  type: 'audit.verify',
  label: { 'zh-CN': '审计链校验', en: 'Verify the audit chain' },
  permission: 'audit.verify',
  systemScope: true,
  manual: true,
  parsePayload: () => ({}),
  start: async (tx) => ({ state: { afterId: '0', lastHash: null, checked: 0 }, total: await countAudit(tx) }),
  step: async (tx, _payload, state) => {
    const total = await countAudit(tx);
    const { cursor, broken, done } = await verifyChainChunk(tx, state, AUDIT_CHUNK);
    return {
      state: cursor,
      done: cursor.checked,
      total,
      finished: done,
      result: done ? { ok: broken === null, checked: cursor.checked, broken } : undefined,
    };
  },
});

interface RecountState {
  units: string[];
  next: number;
}

/** regions.recount: recomputes subtree counts one prefecture-level unit at a time, then the job's region. */
export const regionsRecountJob = defineJob<Record<string, never>, RecountState>({
  type: 'regions.recount',
  label: { 'zh-CN': '区划统计重算', en: 'Recount the region tree' },
  permission: 'jobs.run',
  manual: true,
  parsePayload: () => ({}),
  start: async (tx, _payload, job) => {
    const root = job.regionCode || PROVINCE_CODE;
    const children = await sql<{
      code: string;
    }>`select code from regions where parent_code = ${root} order by code`.execute(tx);
    const units = children.rows.map((r) => r.code);
    return { state: { units: [...units, root], next: 0 }, total: units.length + 1 };
  },
  step: async (tx, _payload, state) => {
    const code = state.units[state.next];
    // The last unit is the root itself: only its own row is left to write.
    const isRoot = state.next === state.units.length - 1;
    const written = code === undefined ? 0 : await recomputeRegionStats(tx, code, isRoot);
    const next = state.next + 1;
    const finished = next >= state.units.length;
    return {
      state: { ...state, next },
      done: next,
      total: state.units.length,
      finished,
      result: finished ? { units: state.units.length, lastWritten: written } : undefined,
    };
  },
});

/** Every job type the worker knows. */
export const JOB_DEFINITIONS: ReadonlyMap<string, AnyJobDefinition> = new Map(
  [
    auditVerifyJob,
    regionsRecountJob,
    openYearJob,
    registryImportJob,
    progressRecountJob,
    progressBulletinJob,
    exitEvaluateJob,
    bulkAssignJob,
  ].map((d) => [d.type, d]),
);
