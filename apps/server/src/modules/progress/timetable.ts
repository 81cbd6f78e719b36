// The timetable (时间表): planned exit year per prefecture-level unit, county, township and
// village, and planned exits per village and year. Officers edit inside their region; every
// change is audited in the same transaction.

import { levelOfCode, type RegionLevel, type RegionPlan, type TimetableView } from '@fupin/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { unitOfCounty } from '../regions/designations.js';
import { assertRegionInScope } from '../regions/service.js';

export interface PlanInput {
  exitYear: number;
  reliefYear?: number | null;
  batch?: number | null;
  note?: string | null;
  /** The version read; absent when the region has no plan yet. */
  version?: number;
}

interface PlanRow {
  code: string;
  name: string;
  level: string;
  exit_year: number | null;
  relief_year: number | null;
  batch: number | null;
  note: string | null;
  version: number | null;
}

/** The plan of a region and of each of its children, with village plan years. */
export async function timetable(tx: Tx, scope: string, code: string): Promise<TimetableView> {
  assertRegionInScope(scope, code);
  const r = await sql<PlanRow>`
    select g.code, g.name, g.level, p.exit_year, p.relief_year, p.batch, p.note, p.version
    from regions g left join region_plans p on p.code = g.code
    where g.code = ${code} or g.parent_code = ${code} order by length(g.code), g.code`.execute(tx);
  const codes = r.rows.map((row) => row.code);
  const years = await sql<{ code: string; year: number; households: number; people: number }>`
    select code, year, households, people from region_plan_years where code = any(${codes}::text[])
    order by code, year`.execute(tx);
  const byCode = new Map<string, RegionPlan['years']>();
  for (const y of years.rows) {
    byCode.set(y.code, [...(byCode.get(y.code) ?? []), { year: y.year, households: y.households, people: y.people }]);
  }
  const plans = r.rows.map((row): RegionPlan => ({
    code: row.code,
    name: row.name,
    level: row.level as RegionLevel,
    exitYear: row.exit_year,
    reliefYear: row.relief_year,
    batch: row.batch,
    note: row.note,
    version: row.version,
    years: byCode.get(row.code) ?? [],
  }));
  const [region, ...children] = plans;
  if (!region || region.code !== code) throw notFound({ code });
  return { region, children };
}

/** The plan code above a region that caps its year: a village's or township's county, a county's unit. */
function parentPlanCode(code: string): string | null {
  const level = levelOfCode(code);
  if (level === 'village' || level === 'township') return code.slice(0, 6);
  if (level === 'county') {
    const unit = unitOfCounty(code);
    return unit === code ? null : unit;
  }
  return null;
}

async function planYear(tx: Tx, code: string): Promise<number | null> {
  const r = await sql<{ exit_year: number }>`select exit_year from region_plans where code = ${code}`.execute(tx);
  return r.rows[0]?.exit_year ?? null;
}

/**
 * Sets a region's planned exit year. A village's or township's year may not be later than its
 * county's, nor a county's later than its prefecture-level unit's; a stale version is refused.
 */
export async function putPlan(
  tx: Tx,
  scope: string,
  actorName: string,
  code: string,
  input: PlanInput,
): Promise<RegionPlan> {
  assertRegionInScope(scope, code);
  const region = await tx.selectFrom('regions').select(['code', 'level']).where('code', '=', code).executeTakeFirst();
  if (!region) throw notFound({ code });
  if (region.level === 'province') throw new AppError('VALIDATION', { field: 'code', reason: 'province' });
  const parent = parentPlanCode(code);
  const parentYear = parent === null ? null : await planYear(tx, parent);
  if (parentYear !== null && input.exitYear > parentYear)
    throw new AppError('PLAN_AFTER_PARENT', { parent, parentYear, exitYear: input.exitYear });
  if (input.reliefYear != null && input.reliefYear > input.exitYear)
    throw new AppError('VALIDATION', { field: 'reliefYear' });
  const lastPlanned = await sql<{ year: number | null }>`select max(year) as year from region_plan_years
    where code = ${code} and (households > 0 or people > 0)`.execute(tx);
  const last = lastPlanned.rows[0]?.year ?? null;
  if (last !== null && last > input.exitYear)
    throw new AppError('PLAN_AFTER_PARENT', { plannedYear: last, exitYear: input.exitYear });

  const before = await sql<PlanRow>`select code, exit_year, relief_year, batch, note, version from region_plans
    where code = ${code} for update`.execute(tx);
  const current = before.rows[0];
  const values = {
    exit_year: input.exitYear,
    relief_year: input.reliefYear ?? null,
    batch: input.batch ?? null,
    note: input.note ?? null,
  };
  if (current) {
    if (input.version !== current.version) throw new AppError('VERSION_CONFLICT', { current: current.version });
    await sql`update region_plans set exit_year = ${values.exit_year}, relief_year = ${values.relief_year},
      batch = ${values.batch}, note = ${values.note}, version = version + 1, updated_by = ${actorName}, updated_at = now()
      where code = ${code}`.execute(tx);
  } else {
    if (input.version !== undefined) throw new AppError('VERSION_CONFLICT', { current: null });
    await sql`insert into region_plans (code, exit_year, relief_year, batch, note, updated_by)
      values (${code}, ${values.exit_year}, ${values.relief_year}, ${values.batch}, ${values.note}, ${actorName})`.execute(
      tx,
    );
  }
  await recordAudit(tx, {
    action: 'plan.update',
    entity: 'region_plan',
    entityId: code,
    regionCode: code,
    before: current
      ? { exitYear: current.exit_year, reliefYear: current.relief_year, batch: current.batch, note: current.note }
      : null,
    after: input,
  });
  const { region: plan } = await timetable(tx, scope, code);
  return plan;
}

/**
 * Replaces a village's planned exits per year. Years after the village's planned exit year are
 * refused; the kept aggregates of every region above follow through the table's triggers.
 */
export async function putPlanYears(
  tx: Tx,
  scope: string,
  code: string,
  years: readonly { year: number; households: number; people: number }[],
): Promise<RegionPlan> {
  assertRegionInScope(scope, code);
  if (levelOfCode(code) !== 'village') throw new AppError('PLAN_VILLAGE_ONLY');
  const region = await tx.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  if (!region) throw notFound({ code });
  const seen = new Set<number>();
  for (const y of years) {
    if (seen.has(y.year)) throw new AppError('VALIDATION', { field: 'years', year: y.year, reason: 'duplicate' });
    seen.add(y.year);
  }
  const exitYear = await planYear(tx, code);
  const late = years.find((y) => exitYear !== null && y.year > exitYear && (y.households > 0 || y.people > 0));
  if (late) throw new AppError('PLAN_AFTER_PARENT', { year: late.year, exitYear });
  const before = await sql<{ year: number; households: number; people: number }>`
    select year, households, people from region_plan_years where code = ${code} order by year`.execute(tx);
  await sql`delete from region_plan_years where code = ${code}`.execute(tx);
  const kept = years.filter((y) => y.households > 0 || y.people > 0);
  if (kept.length > 0) {
    await sql`insert into region_plan_years (code, year, households, people)
      select ${code}, y, h, p from unnest(${kept.map((y) => y.year)}::int[], ${kept.map((y) => y.households)}::int[],
        ${kept.map((y) => y.people)}::int[]) as t(y, h, p)`.execute(tx);
  }
  await recordAudit(tx, {
    action: 'plan.years',
    entity: 'region_plan',
    entityId: code,
    regionCode: code,
    before: before.rows,
    after: kept,
  });
  const { region: plan } = await timetable(tx, scope, code);
  return plan;
}
