import type { Role } from './roles.js';

// Identification of a poor household, "两公示一公告" (国开办发〔2014〕24号, 扶贫开发建档立卡工作方案):
// application → village democratic appraisal → village check → first public notice → township
// review with a spot check → second public notice → county review with a spot check → county
// announcement → registered.

/** Stages of an identification case, in order. */
export const IDENTIFICATION_STAGES = [
  'applied',
  'appraised',
  'villageChecked',
  'firstNotice',
  'townshipReviewed',
  'secondNotice',
  'countyReviewed',
  'announced',
  'registered',
  'rejected',
] as const;
export type IdentificationStage = (typeof IDENTIFICATION_STAGES)[number];

/** Steps a user records; each moves a case from one stage to the next (or rejects it). */
export const IDENTIFICATION_STEPS = [
  'appraise',
  'villageCheck',
  'startFirstNotice',
  'townshipReview',
  'startSecondNotice',
  'countyReview',
  'announce',
] as const;
export type IdentificationStep = (typeof IDENTIFICATION_STEPS)[number];

/** Which stage a step starts from and which it leads to when it passes. */
export const STEP_TRANSITIONS: Record<IdentificationStep, { from: IdentificationStage; to: IdentificationStage }> = {
  appraise: { from: 'applied', to: 'appraised' },
  villageCheck: { from: 'appraised', to: 'villageChecked' },
  startFirstNotice: { from: 'villageChecked', to: 'firstNotice' },
  townshipReview: { from: 'firstNotice', to: 'townshipReviewed' },
  startSecondNotice: { from: 'townshipReviewed', to: 'secondNotice' },
  countyReview: { from: 'secondNotice', to: 'countyReviewed' },
  announce: { from: 'countyReviewed', to: 'announced' },
};

/** Level of the reviewer each step needs: village steps by village teams and up, reviews by that level and up. */
export const STEP_LEVEL: Record<IdentificationStep, 'village' | 'township' | 'county'> = {
  appraise: 'village',
  villageCheck: 'village',
  startFirstNotice: 'village',
  townshipReview: 'township',
  startSecondNotice: 'township',
  countyReview: 'county',
  announce: 'county',
};

/** The level of identification work: village steps, township reviews, county reviews. */
export type IdentificationLevel = (typeof STEP_LEVEL)[IdentificationStep];

const LEVEL_RANK: Record<IdentificationLevel, number> = { village: 1, township: 2, county: 3 };

/** The highest identification level each role works at; other roles take no steps. */
const ROLE_LEVEL: Partial<Record<Role, IdentificationLevel>> = {
  village_team: 'village',
  township_officer: 'township',
  county_officer: 'county',
  city_officer: 'county',
  province_officer: 'county',
  admin: 'county',
};

/** Whether a role works at `level` or above (a county officer may take township steps). */
export function roleReaches(role: Role, level: IdentificationLevel): boolean {
  const own = ROLE_LEVEL[role];
  return own !== undefined && LEVEL_RANK[own] >= LEVEL_RANK[level];
}

/** Policy settings of identification, with defaults; an administrator can change them. */
export interface IdentificationSettings {
  /** Minimum days a public notice stays up (公示不少于 5 天; 国开办发〔2014〕24号). */
  noticeDays: number;
  /** Share of a township's cases the township spot-checks (≥20%, 湖北省建档立卡实施方案). */
  townshipSpotCheckRatio: number;
  /** Share of a county's cases the county spot-checks (≥10%). */
  countySpotCheckRatio: number;
}

export const DEFAULT_IDENTIFICATION_SETTINGS: IdentificationSettings = {
  noticeDays: 5,
  townshipSpotCheckRatio: 0.2,
  countySpotCheckRatio: 0.1,
};

/** Why a step may not be recorded now. */
export type StepRefusal = 'wrongStage' | 'noticeRunning' | 'notSampled' | 'finished';

/** Decides whether `step` may be recorded for a case at `stage`, given when its notice started. */
export function canTakeStep(
  step: IdentificationStep,
  stage: IdentificationStage,
  noticeStartedAt: Date | null,
  now: Date,
  settings: IdentificationSettings,
): StepRefusal | null {
  if (stage === 'registered' || stage === 'rejected') return 'finished';
  if (STEP_TRANSITIONS[step].from !== stage) return 'wrongStage';
  if (step === 'townshipReview' || step === 'countyReview') {
    if (!noticeStartedAt || noticeEndsAt(noticeStartedAt, settings) > now) return 'noticeRunning';
  }
  return null;
}

/** When a notice started at `startedAt` may end: after the full number of notice days. */
export function noticeEndsAt(startedAt: Date, settings: IdentificationSettings): Date {
  return new Date(startedAt.getTime() + settings.noticeDays * 24 * 3600 * 1000);
}

/** How many of `total` cases a spot check must draw at `ratio` (at least one when there are any). */
export function spotCheckSize(total: number, ratio: number): number {
  if (total <= 0) return 0;
  return Math.max(1, Math.ceil(total * ratio - 1e-9));
}

/** An identification case as the API lists it. */
export interface IdentificationCaseView {
  /** `<county code>-<id>`, the case's address in URLs. */
  key: string;
  villageCode: string;
  applicantName: string;
  stage: IdentificationStage;
  /** When the running (or last) public notice started; ISO instant. */
  noticeStartedAt: string | null;
  /** When that notice may end (start + the configured notice days). */
  noticeEndsAt: string | null;
  /** The registered household, once announced. */
  householdKey: string | null;
  size: number;
  mainCause: string | null;
  createdAt: string;
}

/** One recorded step of a case: who, when, outcome, objections, spot-check sample and finding. */
export interface IdentificationStepRecord {
  step: IdentificationStep;
  outcome: 'pass' | 'fail';
  note: string | null;
  objection: string | null;
  sampled: boolean;
  finding: string | null;
  actorName: string;
  at: string;
}
