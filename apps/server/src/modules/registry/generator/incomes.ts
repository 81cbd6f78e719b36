// A household's yearly income, built backwards from a per-capita target near the year's poverty
// line: most registered households below it, a share above (incomes recovered, or estimates were
// rough), exited households clearly above. Transfers follow the household's entitlements; what
// is left splits into wages (when someone worked away) and net farm business.

import type { HouseholdAttribute, TransferIncome, YearlyIncomeInput } from '@fupin/domain';
import type { GeneratedMember } from './members.js';
import type { Rng } from './random.js';

/** Share of households not yet exited whose per-capita income is below the line. */
export const SHARE_BELOW_LINE = 0.75;

// Yearly amounts in yuan, Hubei rural areas around 2015 (rounded; settings of the generator).
const DIBAO_PER_PERSON: readonly [number, number] = [900, 1600];
const DESTITUTE_PER_PERSON: readonly [number, number] = [2000, 3200];
const PENSION_PER_PERSON: readonly [number, number] = [840, 1320];
const FAMILY_PLANNING_PER_PERSON = 960;
const ECO_PER_FOREST_MU = 15;
/** Transfers and property income never exceed this share of the target (they are scaled down). */
const MAX_FIXED_SHARE = 0.85;

/** What the income depends on. */
export interface IncomeContext {
  /** The year's poverty line, yuan per person. */
  line: number;
  /** The attribute at registration (its 贫困户 form), which sets the entitlements. */
  attribute: HouseholdAttribute;
  exited: boolean;
  forestMu: number;
  members: readonly GeneratedMember[];
}

/** Per-capita target as a multiple of the line. */
function targetRatio(rng: Rng, exited: boolean): number {
  if (exited) return rng.real(1.1, 1.9);
  if (rng.chance(SHARE_BELOW_LINE)) return 0.35 + 0.64 * ((rng.next() + rng.next()) / 2) ** 0.7;
  return 1.0 + 0.6 * rng.next() ** 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Draws the income components (whole yuan) of a household for one year. */
export function drawIncome(rng: Rng, ctx: IncomeContext): YearlyIncomeInput {
  const size = ctx.members.length;
  const target = Math.round(ctx.line * targetRatio(rng, ctx.exited) * size);
  const pensioners = ctx.members.filter((m) => m.age >= 60 && m.hasResidentPension).length;
  const drawn: TransferIncome = {
    familyPlanning: rng.chance(0.04) ? FAMILY_PLANNING_PER_PERSON * Math.min(2, size) : 0,
    dibao: ctx.attribute.startsWith('低保') ? size * rng.int(...DIBAO_PER_PERSON) : 0,
    destituteSupport: ctx.attribute.startsWith('特困') ? size * rng.int(...DESTITUTE_PER_PERSON) : 0,
    pension: pensioners * rng.int(...PENSION_PER_PERSON),
    ecoCompensation: ctx.forestMu > 0 && rng.chance(0.5) ? Math.round(ctx.forestMu * ECO_PER_FOREST_MU) : 0,
    other: rng.chance(0.3) ? rng.int(100, 800) : 0,
  };
  const drawnProperty = rng.chance(0.05) ? rng.int(100, 1000) : 0;
  const fixed = sum(Object.values(drawn)) + drawnProperty;
  const scale = fixed > target * MAX_FIXED_SHARE ? (target * MAX_FIXED_SHARE) / fixed : 1;
  const cut = (yuan: number): number => Math.floor(yuan * scale);
  const transfers: TransferIncome = {
    familyPlanning: cut(drawn.familyPlanning),
    dibao: cut(drawn.dibao),
    destituteSupport: cut(drawn.destituteSupport),
    pension: cut(drawn.pension),
    ecoCompensation: cut(drawn.ecoCompensation),
    other: cut(drawn.other),
  };
  const property = cut(drawnProperty);
  // What the household earned itself: wages when someone worked away, the rest from farming.
  const earned = target - sum(Object.values(transfers)) - property;
  const worked = ctx.members.some((m) => (m.monthsWorked ?? 0) > 0);
  const wages = worked ? Math.round(earned * rng.real(0.5, 0.95)) : 0;
  const businessNet = earned - wages;
  const businessExpenses = Math.round(businessNet * rng.real(0.25, 0.6));
  return { wages, business: businessNet + businessExpenses, property, transfers, businessExpenses };
}
