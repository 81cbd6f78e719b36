// The demo timetable: the bulletin's own plans (DOMAIN §7) and the 37 poor counties' exit years
// (§8, already on the region tree from the designation seed), loaded once after the registry
// is generated. Planned exits per village are spread deterministically over the years up to
// the village's planned year; rural population (the incidence denominator) is modelled per
// village from its registered people, since the region tree carries no population.

import { spreadEvenly } from '@fupin/domain';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { unitExitYear, unitOfCounty } from '../regions/designations.js';
import { recomputePopulations } from './population.js';

/** 随州 (bulletin 2015 No. 14): poor townships out in 2016, poor villages 2017, every household by 2018. */
const SUIZHOU = { code: '4213', householdsBy: 2018 } as const;
/** 神农架 "两年解困，三年摘帽" from 2015: relief by 2016, exit by 2017. */
const SHENNONGJIA = { code: '429021', reliefYear: 2016 } as const;
/** The province's target year (DOMAIN §5): units without a bulletin plan. */
const PROVINCE_TARGET_YEAR = 2019;
/** The first year a plan spreads over: the bulletin's year. */
export const PLAN_FIRST_YEAR = 2015;
/** Share of a village's households planned for the first year: 3–8%, by village (a modelling choice). */
const FIRST_YEAR_SHARE = { min: 0.03, spread: 0.05 } as const;
/** Audit entries per INSERT statement, so that one statement's JSON stays a few megabytes. */
const AUDIT_ROWS_PER_STATEMENT = 4000;
/** Who the seed's rows and audit entries name. */
const SEED_ACTOR = 'seed';

/** A stable number in [0, 1) from a code (FNV-1a), so the same tree always gets the same plan. */
export function codeFraction(code: string, salt: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${salt}:${code}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) / 4294967296;
}

interface RegionRow {
  code: string;
  level: string;
  parent_code: string | null;
  exit_year: number | null;
  poor_designation: string | null;
}

/** Planned exits of one village: `households` split over years, people in the same proportion. */
export function villagePlanYears(
  code: string,
  households: number,
  people: number,
  exitYear: number,
): { year: number; households: number; people: number }[] {
  if (households <= 0) return [];
  const last = Math.max(exitYear, PLAN_FIRST_YEAR);
  // Rounded with a per-village dither, so that small villages still add up to the share overall.
  const first = Math.min(
    households,
    Math.floor(
      households * (FIRST_YEAR_SHARE.min + FIRST_YEAR_SHARE.spread * codeFraction(code, 'first')) +
        codeFraction(code, 'dither'),
    ),
  );
  const split =
    last === PLAN_FIRST_YEAR
      ? [{ year: PLAN_FIRST_YEAR, count: households }]
      : [{ year: PLAN_FIRST_YEAR, count: first }, ...spreadEvenly(households - first, PLAN_FIRST_YEAR + 1, last)];
  let cumulative = 0;
  return split
    .filter((s) => s.count > 0)
    .map((s) => {
      const peopleBefore = Math.floor((people * cumulative) / households);
      cumulative += s.count;
      return {
        year: s.year,
        households: s.count,
        people: Math.floor((people * cumulative) / households) - peopleBefore,
      };
    });
}

/** Whether the demo timetable is still to be loaded. */
async function planned(owner: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ any: boolean }>`select exists (select 1 from region_plans) as any`.execute(owner);
  return r.rows[0]?.any === true;
}

interface SeededPlan {
  code: string;
  exitYear: number;
  reliefYear: number | null;
  batch: number | null;
  note: string;
  /** A village's planned exits per year. */
  years?: { year: number; households: number; people: number }[];
}

/**
 * One compact audit entry per seeded plan (a village's entry carries its planned exits per year,
 * as `plan.years` does) and one for the seed as a whole, written set-based in the seed's
 * transaction like the import's entries.
 */
async function auditSeed(
  tx: Transaction<DB>,
  plans: readonly SeededPlan[],
  summary: { planYears: number; populations: number },
): Promise<void> {
  const entries = plans.map((p) => ({
    code: p.code,
    after: {
      exitYear: p.exitYear,
      reliefYear: p.reliefYear,
      batch: p.batch,
      note: p.note || null,
      ...(p.years ? { years: p.years } : {}),
    },
  }));
  for (let i = 0; i < entries.length; i += AUDIT_ROWS_PER_STATEMENT) {
    const json = JSON.stringify(entries.slice(i, i + AUDIT_ROWS_PER_STATEMENT));
    await sql`insert into audit_log (action, entity, entity_id, region_code, after)
      select 'plan.seed', 'region_plan', a.code, a.code, a.after
      from jsonb_to_recordset(${json}::jsonb) as a(code text, after jsonb)`.execute(tx);
  }
  await sql`insert into audit_log (action, entity, entity_id, region_code, after)
    values ('progress.seed', 'progress', null, '42', ${JSON.stringify({ plans: plans.length, ...summary })}::jsonb)`.execute(
    tx,
  );
}

/**
 * Loads the demo timetable and rural population once (a no-op when a plan exists), as the
 * schema owner in one transaction, audited. Returns the number of plans written.
 */
export async function seedProgressDemo(owner: Kysely<DB>): Promise<number> {
  if (await planned(owner)) return 0;
  return owner.transaction().execute(async (tx) => {
    // The audit entries name the seed (the owner's transaction has no actor of its own).
    await sql`select set_config('fupin.actor_name', ${SEED_ACTOR}, true),
                     set_config('fupin.request_id', 'progress.seed', true)`.execute(tx);
    const regions = await sql<RegionRow>`select code, level, parent_code, exit_year, poor_designation from regions
      where code like '42%' and level <> 'province'`.execute(tx);
    const figures = await sql<{ village_code: string; households: number; people: number }>`
      select village_code, count(*)::int as households, sum(size)::int as people from households
      where status <> '已销户' group by village_code`.execute(tx);
    const perVillage = new Map(figures.rows.map((f) => [f.village_code, f]));
    const townshipsWithHouseholds = new Set([...perVillage.keys()].map((v) => v.slice(0, 9)));
    const byCode = new Map(regions.rows.map((r) => [r.code, r]));
    const units = regions.rows.filter((r) => r.parent_code === '42');
    const plans: SeededPlan[] = [];
    const unitYear = new Map<string, number>();
    for (const u of units) {
      const year = u.code === SUIZHOU.code ? SUIZHOU.householdsBy : (unitExitYear(u.code) ?? PROVINCE_TARGET_YEAR);
      unitYear.set(u.code, year);
      plans.push({
        code: u.code,
        exitYear: year,
        reliefYear: u.code === SHENNONGJIA.code ? SHENNONGJIA.reliefYear : null,
        batch: null,
        note: '按公报（湖北省扶贫办简报 2015 第14期）',
      });
    }
    const countyYear = new Map<string, number>();
    const villagesWithHouseholds = new Set([...perVillage.keys()].map((v) => v.slice(0, 6)));
    for (const c of regions.rows.filter((r) => r.level === 'county' && villagesWithHouseholds.has(r.code))) {
      const cap = unitYear.get(unitOfCounty(c.code)) ?? PROVINCE_TARGET_YEAR;
      const year = Math.min(c.poor_designation !== null && c.exit_year !== null ? c.exit_year : cap, cap);
      countyYear.set(c.code, year);
      if (byCode.get(c.code)?.parent_code === '42') continue; // a unit directly under the province: planned above
      plans.push({
        code: c.code,
        exitYear: year,
        reliefYear: null,
        batch: null,
        note: c.poor_designation ? '贫困县摘帽年份' : '',
      });
    }
    const villageYear = new Map<string, number>();
    for (const r of regions.rows) {
      if (r.level !== 'village' || !perVillage.has(r.code)) continue;
      const cap = countyYear.get(r.code.slice(0, 6)) ?? PROVINCE_TARGET_YEAR;
      const year = Math.min(r.exit_year ?? cap, cap);
      villageYear.set(r.code, year);
      const tianmenBatch = r.code.startsWith('429006') && r.exit_year !== null ? r.exit_year - PLAN_FIRST_YEAR : null;
      plans.push({ code: r.code, exitYear: year, reliefYear: null, batch: tianmenBatch, note: '' });
    }
    for (const t of regions.rows) {
      if (t.level !== 'township' || !townshipsWithHouseholds.has(t.code)) continue;
      const cap = countyYear.get(t.code.slice(0, 6)) ?? PROVINCE_TARGET_YEAR;
      plans.push({
        code: t.code,
        exitYear: Math.min(t.exit_year ?? cap, cap),
        reliefYear: null,
        batch: null,
        note: '',
      });
    }
    await sql`insert into region_plans (code, exit_year, relief_year, batch, note, updated_by)
      select c, y, r, b, nullif(n, ''), ${SEED_ACTOR} from unnest(${plans.map((p) => p.code)}::text[],
        ${plans.map((p) => p.exitYear)}::int[], ${plans.map((p) => p.reliefYear)}::int[],
        ${plans.map((p) => p.batch)}::int[], ${plans.map((p) => p.note)}::text[]) as t(c, y, r, b, n)`.execute(tx);

    const years: { code: string; year: number; households: number; people: number }[] = [];
    const planOf = new Map(plans.map((p) => [p.code, p]));
    for (const [code, f] of perVillage) {
      const spread = villagePlanYears(code, f.households, f.people, villageYear.get(code) ?? PROVINCE_TARGET_YEAR);
      for (const y of spread) years.push({ code, ...y });
      const plan = planOf.get(code);
      if (plan) plan.years = spread;
    }
    await sql`insert into region_plan_years (code, year, households, people)
      select c, y, h, p from unnest(${years.map((y) => y.code)}::text[], ${years.map((y) => y.year)}::int[],
        ${years.map((y) => y.households)}::int[], ${years.map((y) => y.people)}::int[]) as t(c, y, h, p)`.execute(tx);

    // Incidence in a poor village 20–40%, elsewhere 5–10% (a modelling choice near Hubei's 14.7% in 2014).
    const population = [...perVillage].map(([code, f]) => {
      const poor = byCode.get(code)?.poor_designation != null;
      const incidence = poor ? 0.2 + 0.2 * codeFraction(code, 'inc') : 0.05 + 0.05 * codeFraction(code, 'inc');
      return { code, rural: Math.round(f.people / incidence) };
    });
    const populations = await recomputePopulations(
      tx,
      population.map((p) => p.code),
      population.map((p) => p.rural),
    );
    await auditSeed(tx, plans, { planYears: years.length, populations });
    return plans.length;
  });
}
