// Figures of the battle map, the dashboards and the bulletin (DOMAIN §5, §7, §8): what a
// region's row carries, how incidence and progress against the timetable are judged, and the
// colours of Enshi's battle map. Pure: numbers in, numbers out.

import { POVERTY_CAUSES, type PovertyCause } from '../registry/enums.js';
import type { RegionLevel } from '../regions.js';

/** Registry figures of one region, summed over its subtree. */
export interface RegistryFigures {
  /** Registered households and people, closed households left out. */
  households: number;
  people: number;
  /** 未脱贫 and 返贫. */
  poorHouseholds: number;
  poorPeople: number;
  /** Exited (已脱贫, with or without policy support), in total. */
  exitedHouseholds: number;
  exitedPeople: number;
  /** Exited with an exit year equal to the report year. */
  exitedThisYearHouseholds: number;
  exitedThisYearPeople: number;
  relapsedHouseholds: number;
  closedHouseholds: number;
  /** Poor households by main cause, in the order of POVERTY_CAUSES. */
  causes: number[];
}

/** Progress of one region against its timetable in the report year. */
export interface ProgressJudgement {
  /** Planned households exiting up to and including the report year. */
  plannedToDate: number;
  /** Households exited up to and including the report year. */
  exitedToDate: number;
  /** plannedToDate − exitedToDate when positive, else 0. */
  shortfall: number;
  /** exitedToDate ÷ plannedToDate in percent (one decimal), null without a plan. */
  progressPercent: number | null;
  /** The planned exit year has passed and poor households remain. */
  overdue: boolean;
  /** Behind plan: a shortfall or overdue. */
  behind: boolean;
}

/** One region as the map, its table, the dashboard and the bulletin show it. */
export interface RegionProgress extends RegistryFigures, ProgressJudgement {
  code: string;
  name: string;
  level: RegionLevel;
  poorDesignation: string | null;
  plannedExitYear: number | null;
  reliefYear: number | null;
  batch: number | null;
  ruralPopulation: number;
  /** Poor people ÷ rural population in percent (two decimals), null without a population. */
  incidencePercent: number | null;
  /** Planned households exiting in the report year. */
  plannedThisYear: number;
}

/** Poor people ÷ rural population, in percent rounded to two decimals; null when unknown. */
export function incidencePercent(poorPeople: number, ruralPopulation: number): number | null {
  if (ruralPopulation <= 0) return null;
  return Math.round((poorPeople / ruralPopulation) * 10000) / 100;
}

/** Planned and actual exits of one year bucket. */
export interface YearFigures {
  year: number;
  plannedHouseholds: number;
  exitedHouseholds: number;
}

/**
 * Judges a region in `year`: behind plan when fewer households have exited than planned up
 * to that year, or when its planned exit year is before `year` and poor households remain.
 */
export function judgeProgress(
  year: number,
  plannedExitYear: number | null,
  years: readonly YearFigures[],
  poorHouseholds: number,
): ProgressJudgement {
  let plannedToDate = 0;
  let exitedToDate = 0;
  let hasPlan = false;
  for (const y of years) {
    if (y.year <= 0 || y.year > year) continue;
    plannedToDate += y.plannedHouseholds;
    exitedToDate += y.exitedHouseholds;
    if (y.plannedHouseholds > 0) hasPlan = true;
  }
  const shortfall = Math.max(0, plannedToDate - exitedToDate);
  const overdue = plannedExitYear !== null && plannedExitYear < year && poorHouseholds > 0;
  const progressPercent = hasPlan && plannedToDate > 0 ? Math.round((exitedToDate / plannedToDate) * 1000) / 10 : null;
  return { plannedToDate, exitedToDate, shortfall, progressPercent, overdue, behind: shortfall > 0 || overdue };
}

/** The poverty causes in the order of the cause columns (cause_1 … cause_14). */
export const CAUSE_ORDER: readonly PovertyCause[] = POVERTY_CAUSES.map((c) => c.value);

/** The largest causes of a figure set, largest first, ties in cause order. */
export function topCauses(causes: readonly number[], limit: number): { cause: PovertyCause; households: number }[] {
  return CAUSE_ORDER.map((cause, i) => ({ cause, households: causes[i] ?? 0 }))
    .filter((c) => c.households > 0)
    .sort((a, b) => b.households - a.households)
    .slice(0, limit);
}

/**
 * Enshi's battle-map colours by planned exit year (bulletin 2015 No. 14: "红、紫、蓝、绿"): the
 * earliest year red, then purple, blue, green. Years before 2016 take red, after 2019 green.
 */
export const EXIT_YEAR_COLOURS: Readonly<Record<number, string>> = {
  2016: '#d4380d',
  2017: '#722ed1',
  2018: '#1677ff',
  2019: '#389e0d',
};

/** The battle-map colour of a planned exit year; grey without a plan. */
export function exitYearColour(year: number | null): string {
  if (year === null) return '#bfbfbf';
  const clamped = Math.min(2019, Math.max(2016, year));
  return EXIT_YEAR_COLOURS[clamped] ?? '#bfbfbf';
}

/** Colour modes of the battle map. */
export const MAP_MODES = ['exitYear', 'incidence', 'progress', 'coverage'] as const;
export type MapMode = (typeof MAP_MODES)[number];

/**
 * Spreads `total` over consecutive years `from`…`to` as evenly as possible, the remainder going
 * to the earliest years; the same input always gives the same split.
 */
export function spreadEvenly(total: number, from: number, to: number): { year: number; count: number }[] {
  if (to < from || total <= 0) return [];
  const years = to - from + 1;
  const base = Math.floor(total / years);
  const rest = total - base * years;
  return Array.from({ length: years }, (_, i) => ({ year: from + i, count: base + (i < rest ? 1 : 0) }));
}

/** A change against the previous period as the bulletin prints it: +12, −3 or 持平 / unchanged. */
export function formatChange(change: number | null, locale: 'zh-CN' | 'en'): string {
  if (change === null) return locale === 'zh-CN' ? '首期' : 'first issue';
  if (change === 0) return locale === 'zh-CN' ? '持平' : 'unchanged';
  return change > 0 ? `+${change.toLocaleString('en-US')}` : `−${Math.abs(change).toLocaleString('en-US')}`;
}
