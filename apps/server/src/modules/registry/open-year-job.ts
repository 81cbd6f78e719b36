import { sql } from 'kysely';
import { defineJob } from '../jobs/definition.js';
import { carryCounty } from './adjustment.js';

interface OpenYearState {
  counties: string[];
  next: number;
  carried: number;
}

/** registry.openYear: carries every household into the opened year, one county per step. */
export const openYearJob = defineJob<{ year: number }, OpenYearState>({
  type: 'registry.openYear',
  label: { 'zh-CN': '开启年度动态调整', en: 'Open the yearly adjustment' },
  permission: 'users.manage',
  parsePayload: (raw) => {
    const year = (raw as { year?: unknown } | null)?.year;
    if (typeof year !== 'number' || !Number.isInteger(year)) throw new Error('payload.year must be an integer');
    return { year };
  },
  start: async (tx, _payload, job) => {
    const rows = await sql<{ code: string }>`
      select code from regions where level = 'county' and code >= ${job.regionCode} and code < ${`${job.regionCode}:`} order by code`.execute(
      tx,
    );
    const counties = rows.rows.map((r) => r.code);
    return { state: { counties, next: 0, carried: 0 }, total: counties.length };
  },
  step: async (tx, payload, state) => {
    const county = state.counties[state.next];
    const carried = state.carried + (county === undefined ? 0 : await carryCounty(tx, county, payload.year));
    const next = state.next + 1;
    const finished = next >= state.counties.length;
    return {
      state: { ...state, next, carried },
      done: next,
      total: state.counties.length,
      finished,
      result: finished ? { year: payload.year, carried } : undefined,
    };
  },
});
