// What the progress API answers (/api/progress): the server's presenters build these, the web app
// reads them. One definition here keeps both sides in step.

import type { RegionLevel, RegionRef } from '../regions.js';
import type { PovertyCause } from '../registry/enums.js';
import type { RegionProgress } from './figures.js';

/** Coverage figures of one region (assistance module, DOMAIN §4). */
export interface CoverageFigures {
  poorVillages: number;
  /** Missing links of poor villages: work team, first secretary, unit, enterprise (随州 "七联"). */
  villageGaps: number;
  poorHouseholds: number;
  /** Missing links of poor households: helper, bank, insurer. */
  householdGaps: number;
  /** Missing links ÷ required links, in percent with one decimal. */
  gapPercent: number;
}

/** `GET /api/progress/map`: a region and its children; the map, its table and the export read this one answer. */
export interface ProgressView {
  year: number;
  path: RegionRef[];
  region: RegionProgress;
  childLevel: RegionLevel | null;
  children: (RegionProgress & { coverage: CoverageFigures | null })[];
  /** Coverage of the region itself, when the assistance module provides it. */
  coverage: CoverageFigures | null;
}

/** Planned and actual exits of one year. */
export interface YearSeries {
  year: number;
  plannedHouseholds: number;
  plannedPeople: number;
  exitedHouseholds: number;
  exitedPeople: number;
}

/** `GET /api/progress/dashboard`: the progress view plus the year series and the top causes. */
export interface DashboardView extends ProgressView {
  years: YearSeries[];
  topCauses: { cause: PovertyCause; households: number }[];
  behindChildren: number;
}

/** One region behind plan, for the list of every lagging region at a level. */
export interface BehindRegion {
  code: string;
  name: string;
  plannedExitYear: number | null;
  plannedToDate: number;
  exitedToDate: number;
  shortfall: number;
  poorHouseholds: number;
  overdue: boolean;
}

/** `GET /api/progress/behind`: the lagging regions of the report year, largest shortfall first. */
export interface BehindPlanView {
  year: number;
  total: number;
  items: BehindRegion[];
}

/** A region's plan (时间表) as shown and edited. */
export interface RegionPlan {
  code: string;
  name: string;
  level: RegionLevel;
  exitYear: number | null;
  reliefYear: number | null;
  batch: number | null;
  note: string | null;
  version: number | null;
  /** Planned exits per year (villages only; empty elsewhere). */
  years: { year: number; households: number; people: number }[];
}

/** `GET /api/progress/plans/:code`: the plan of a region and of each of its children. */
export interface TimetableView {
  region: RegionPlan;
  children: RegionPlan[];
}

/** A stored progress bulletin (简报). */
export interface BulletinView {
  id: string;
  regionCode: string;
  year: number;
  period: string;
  title: string;
  createdBy: string;
  createdAt: string;
}
