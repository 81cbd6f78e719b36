// Evaluation results and inputs as the API returns them; shared by the server and the web app.

import type { ExitReason } from './reasons.js';
import type { SixVillageStandard } from './standards.js';

/** One evaluation run of a year under a region. */
export interface EvaluationView {
  id: string;
  year: number;
  regionCode: string;
  standardsVersion: string;
  status: 'running' | 'completed' | 'failed';
  countiesTotal: number;
  countiesDone: number;
  jobId: string | null;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

/** A household's result for a year. */
export interface HouseholdExitResultView {
  householdKey: string;
  villageCode: string;
  villageName: string;
  headName: string;
  status: string;
  size: number;
  year: number;
  eligible: boolean;
  perCapita: number | null;
  line: number | null;
  reasons: ExitReason[];
  evaluatedAt: string;
  /** The household's open or finished exit case for the year, if any. */
  caseKey: string | null;
  caseStage: string | null;
}

/** A village's or county's result for a year. */
export interface RegionExitResultView {
  regionCode: string;
  regionName: string;
  year: number;
  eligible: boolean;
  poorPeople: number;
  ruralPopulation: number;
  /** Share, poor ÷ rural population (null without a population). */
  incidence: number | null;
  reasons: ExitReason[];
  /** A household changed after this result was computed: evaluate the year again. */
  stale: boolean;
  exited: boolean;
  evaluatedAt: string;
  caseKey: string | null;
  caseStage: string | null;
}

/** Counts of an evaluated year under a region. */
export interface EvaluationSummary {
  year: number;
  households: { total: number; eligible: number; poorEligible: number };
  villages: { total: number; eligible: number; stale: number };
  counties: { total: number; eligible: number; stale: number };
  /** Households failing each criterion. */
  failedCriteria: { criterion: string; households: number }[];
}

/** Facts an officer enters for a village and year. */
export interface VillageFactsView {
  villageCode: string;
  villageName: string;
  year: number;
  collectiveIncome: number | null;
  disposableIncome: number | null;
  /** Entered rural population, or null when the seeded default applies. */
  ruralPopulation: number | null;
  /** The population the evaluation uses (entered, else the seeded default). */
  effectivePopulation: number;
  sixStandards: Partial<Record<SixVillageStandard, boolean>>;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The third-party sample figures of a county and year. */
export interface CountyAssessmentView {
  countyCode: string;
  countyName: string;
  year: number;
  sampledExited: number;
  wronglyExited: number;
  sampledPopulation: number;
  missed: number;
  surveyed: number;
  satisfied: number;
  updatedBy: string | null;
  updatedAt: string | null;
}
