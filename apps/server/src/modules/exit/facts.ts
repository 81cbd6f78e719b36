import { sql } from 'kysely';
import {
  SIX_VILLAGE_STANDARDS,
  defaultRuralPopulation,
  type CountyAssessmentView,
  type SixVillageStandard,
  type VillageFactsView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertRegionInScope } from '../regions/service.js';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function sixOf(value: unknown): Partial<Record<SixVillageStandard, boolean>> {
  const out: Partial<Record<SixVillageStandard, boolean>> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const k of SIX_VILLAGE_STANDARDS) {
    const v: unknown = Reflect.get(value, k);
    if (typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Villages (村委会) of a county or smaller region with their facts for a year; blank where none were entered. */
export async function listVillageFacts(
  tx: Tx,
  scope: string,
  regionCode: string,
  year: number,
): Promise<VillageFactsView[]> {
  assertRegionInScope(scope, regionCode);
  if (regionCode.length < 6) throw new AppError('VALIDATION', { field: 'regionCode', reason: 'countyOrBelow' });
  const county = regionCode.slice(0, 6);
  const rows = await tx
    .selectFrom('regions as v')
    .leftJoin('village_year_facts as f', (j) =>
      j.onRef('f.village_code', '=', 'v.code').on('f.county_code', '=', county).on('f.year', '=', year),
    )
    .select([
      'v.code',
      'v.name',
      'f.collective_income',
      'f.disposable_income',
      'f.rural_population',
      'f.six_standards',
      'f.updated_by',
      'f.updated_at',
    ])
    .where('v.level', '=', 'village')
    .where('v.kind', '=', 'village')
    .where('v.code', '>=', regionCode)
    .where('v.code', '<', `${regionCode}:`)
    .orderBy('v.code')
    .execute();
  return rows.map((r) => ({
    villageCode: r.code,
    villageName: r.name,
    year,
    collectiveIncome: num(r.collective_income),
    disposableIncome: num(r.disposable_income),
    ruralPopulation: r.rural_population,
    effectivePopulation: r.rural_population ?? defaultRuralPopulation(r.code),
    sixStandards: sixOf(r.six_standards),
    updatedBy: r.updated_by,
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  }));
}

export interface VillageFactsInput {
  collectiveIncome: number | null;
  disposableIncome: number | null;
  ruralPopulation: number | null;
  sixStandards: Partial<Record<SixVillageStandard, boolean>>;
}

/** Marks the results of a village (and its county) for a year as needing a new evaluation. */
export async function markStale(tx: Tx, villageCode: string, year: number): Promise<void> {
  await sql`select fupin_exit_mark_stale(${villageCode}, ${year}::int)`.execute(tx);
}

/** markStale for many villages of a year, in one statement. */
export async function markVillagesStale(tx: Tx, villageCodes: readonly string[], year: number): Promise<void> {
  if (villageCodes.length === 0) return;
  await sql`select fupin_exit_mark_stale(v.code, ${year}::int)
    from unnest(${[...villageCodes]}::text[]) as v(code)`.execute(tx);
}

/** Records a village's facts for a year (replacing earlier ones), audited; its results become stale. */
export async function saveVillageFacts(
  tx: Tx,
  scope: string,
  actorName: string,
  villageCode: string,
  year: number,
  input: VillageFactsInput,
): Promise<VillageFactsView> {
  assertRegionInScope(scope, villageCode);
  const village = await tx
    .selectFrom('regions')
    .select(['level', 'kind'])
    .where('code', '=', villageCode)
    .executeTakeFirst();
  if (!village || village.level !== 'village' || village.kind !== 'village')
    throw new AppError('VALIDATION', { field: 'villageCode' });
  const county = villageCode.slice(0, 6);
  const before = await tx
    .selectFrom('village_year_facts')
    .selectAll()
    .where('county_code', '=', county)
    .where('village_code', '=', villageCode)
    .where('year', '=', year)
    .executeTakeFirst();
  const values = {
    collective_income: input.collectiveIncome,
    disposable_income: input.disposableIncome,
    rural_population: input.ruralPopulation,
    six_standards: JSON.stringify(sixOf(input.sixStandards)),
    updated_by: actorName,
    updated_at: new Date(),
  };
  await tx
    .insertInto('village_year_facts')
    .values({ county_code: county, village_code: villageCode, year, ...values })
    .onConflict((oc) => oc.columns(['county_code', 'village_code', 'year']).doUpdateSet(values))
    .execute();
  await markStale(tx, villageCode, year);
  await recordAudit(tx, {
    action: 'exit.village_facts.save',
    entity: 'village_year_facts',
    entityId: `${villageCode}-${year}`,
    regionCode: villageCode,
    before: before ?? null,
    after: { ...input, year },
  });
  const [view] = await listVillageFacts(tx, scope, villageCode, year);
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}

function presentAssessment(
  code: string,
  name: string,
  year: number,
  a: {
    sampled_exited: number | null;
    wrongly_exited: number | null;
    sampled_population: number | null;
    missed: number | null;
    surveyed: number | null;
    satisfied: number | null;
    updated_by: string | null;
    updated_at: Date | string | null;
  } | null,
): CountyAssessmentView | null {
  if (!a || a.sampled_exited === null) return null;
  return {
    countyCode: code,
    countyName: name,
    year,
    sampledExited: a.sampled_exited,
    wronglyExited: a.wrongly_exited ?? 0,
    sampledPopulation: a.sampled_population ?? 0,
    missed: a.missed ?? 0,
    surveyed: a.surveyed ?? 0,
    satisfied: a.satisfied ?? 0,
    updatedBy: a.updated_by,
    updatedAt: a.updated_at ? new Date(a.updated_at).toISOString() : null,
  };
}

/** Counties under a region with their third-party figures for a year (null where none were entered). */
export async function listCountyAssessments(
  tx: Tx,
  scope: string,
  regionCode: string,
  year: number,
): Promise<{ countyCode: string; countyName: string; assessment: CountyAssessmentView | null }[]> {
  assertRegionInScope(scope, regionCode);
  if (regionCode.length > 6) return [];
  const under = regionCode;
  const rows = await tx
    .selectFrom('regions as c')
    .leftJoin('county_assessments as a', (j) => j.onRef('a.county_code', '=', 'c.code').on('a.year', '=', year))
    .select([
      'c.code',
      'c.name',
      'a.sampled_exited',
      'a.wrongly_exited',
      'a.sampled_population',
      'a.missed',
      'a.surveyed',
      'a.satisfied',
      'a.updated_by',
      'a.updated_at',
    ])
    .where('c.level', '=', 'county')
    .where('c.code', '>=', under)
    .where('c.code', '<', `${under}:`)
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({
    countyCode: r.code,
    countyName: r.name,
    assessment: presentAssessment(r.code, r.name, year, r),
  }));
}

export interface CountyAssessmentInput {
  sampledExited: number;
  wronglyExited: number;
  sampledPopulation: number;
  missed: number;
  surveyed: number;
  satisfied: number;
}

/** Records a county's third-party figures for a year, audited; its result becomes stale. */
export async function saveCountyAssessment(
  tx: Tx,
  scope: string,
  actorName: string,
  countyCode: string,
  year: number,
  input: CountyAssessmentInput,
): Promise<CountyAssessmentView> {
  assertRegionInScope(scope, countyCode);
  const county = await tx
    .selectFrom('regions')
    .select(['name', 'level'])
    .where('code', '=', countyCode)
    .executeTakeFirst();
  if (!county || county.level !== 'county') throw new AppError('VALIDATION', { field: 'countyCode' });
  if (input.wronglyExited > input.sampledExited) throw new AppError('VALIDATION', { field: 'wronglyExited' });
  if (input.missed > input.sampledPopulation) throw new AppError('VALIDATION', { field: 'missed' });
  if (input.satisfied > input.surveyed) throw new AppError('VALIDATION', { field: 'satisfied' });
  const before = await tx
    .selectFrom('county_assessments')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('year', '=', year)
    .executeTakeFirst();
  const values = {
    sampled_exited: input.sampledExited,
    wrongly_exited: input.wronglyExited,
    sampled_population: input.sampledPopulation,
    missed: input.missed,
    surveyed: input.surveyed,
    satisfied: input.satisfied,
    updated_by: actorName,
    updated_at: new Date(),
  };
  await tx
    .insertInto('county_assessments')
    .values({ county_code: countyCode, year, ...values })
    .onConflict((oc) => oc.columns(['county_code', 'year']).doUpdateSet(values))
    .execute();
  await tx
    .updateTable('county_exit_results')
    .set({ stale: true })
    .where('county_code', '=', countyCode)
    .where('year', '=', year)
    .execute();
  await recordAudit(tx, {
    action: 'exit.county_assessment.save',
    entity: 'county_assessments',
    entityId: `${countyCode}-${year}`,
    regionCode: countyCode,
    before: before ?? null,
    after: { ...input, year },
  });
  const view = presentAssessment(countyCode, county.name, year, { ...values, updated_at: values.updated_at });
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}
