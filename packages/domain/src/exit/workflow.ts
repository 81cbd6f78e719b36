// Exit procedures (退出程序) of the 2016 opinion on the poverty exit mechanism (厅字〔2016〕16号):
// household: village appraisal → work-team check → the household agrees (signs) → notice →
// announcement; village: township review → county review → notice → announcement; county:
// the city and the province review it with the third-party evaluation ("三率一度"), the province
// publicises it (省级公示) and then announces it. Every level is publicised before it is
// announced. Each step is taken by a role of at least the step's level.

import type { Role } from '../roles.js';

export const EXIT_LEVELS = ['household', 'village', 'county'] as const;
/** What exits: a household (脱贫), a village (出列) or a county (摘帽). */
export type ExitLevel = (typeof EXIT_LEVELS)[number];

/** Who works at which administrative level. */
export type OfficeLevel = 'village' | 'township' | 'county' | 'city' | 'province';
const OFFICE_RANK: Record<OfficeLevel, number> = { village: 1, township: 2, county: 3, city: 4, province: 5 };
const ROLE_OFFICE: Partial<Record<Role, OfficeLevel>> = {
  village_team: 'village',
  township_officer: 'township',
  county_officer: 'county',
  city_officer: 'city',
  province_officer: 'province',
  admin: 'province',
};

/** Whether a role works at `level` or above. */
export function officeReaches(role: Role, level: OfficeLevel): boolean {
  const own = ROLE_OFFICE[role];
  return own !== undefined && OFFICE_RANK[own] >= OFFICE_RANK[level];
}

export const EXIT_STAGES = [
  'proposed',
  'appraised',
  'teamChecked',
  'agreed',
  'townshipReviewed',
  'countyReviewed',
  'cityReviewed',
  'provinceReviewed',
  'notice',
  'exited',
  'rejected',
] as const;
export type ExitStage = (typeof EXIT_STAGES)[number];

export const EXIT_STEPS = [
  'appraise',
  'teamCheck',
  'agree',
  'townshipReview',
  'countyReview',
  'cityReview',
  'provinceReview',
  'startNotice',
  'announce',
] as const;
export type ExitStep = (typeof EXIT_STEPS)[number];

/** One step of a procedure: the stage it starts from, the stage it leads to, and who takes it. */
export interface ExitTransition {
  step: ExitStep;
  from: ExitStage;
  to: ExitStage;
  office: OfficeLevel;
}

/** The procedure of each level, in order. */
export const EXIT_FLOWS: Record<ExitLevel, readonly ExitTransition[]> = {
  household: [
    { step: 'appraise', from: 'proposed', to: 'appraised', office: 'village' },
    { step: 'teamCheck', from: 'appraised', to: 'teamChecked', office: 'village' },
    { step: 'agree', from: 'teamChecked', to: 'agreed', office: 'village' },
    { step: 'startNotice', from: 'agreed', to: 'notice', office: 'village' },
    { step: 'announce', from: 'notice', to: 'exited', office: 'township' },
  ],
  village: [
    { step: 'townshipReview', from: 'proposed', to: 'townshipReviewed', office: 'township' },
    { step: 'countyReview', from: 'townshipReviewed', to: 'countyReviewed', office: 'county' },
    { step: 'startNotice', from: 'countyReviewed', to: 'notice', office: 'county' },
    { step: 'announce', from: 'notice', to: 'exited', office: 'county' },
  ],
  county: [
    { step: 'cityReview', from: 'proposed', to: 'cityReviewed', office: 'city' },
    { step: 'provinceReview', from: 'cityReviewed', to: 'provinceReviewed', office: 'province' },
    { step: 'startNotice', from: 'provinceReviewed', to: 'notice', office: 'province' },
    { step: 'announce', from: 'notice', to: 'exited', office: 'province' },
  ],
};

/** Who may propose an exit at each level. */
export const PROPOSE_OFFICE: Record<ExitLevel, OfficeLevel> = {
  household: 'village',
  village: 'village',
  county: 'county',
};

/** Why a step may not be taken now. */
export type ExitRefusal =
  | 'finished'
  | 'wrongStage'
  | 'notInFlow'
  | 'noticeRunning'
  | 'notEligible'
  | 'notPoor'
  | 'openCase'
  | 'confirmationMissing'
  | 'signatureMissing';

/** The transition of `step` in a level's procedure, or undefined when the level has no such step. */
export function exitTransition(level: ExitLevel, step: ExitStep): ExitTransition | undefined {
  return EXIT_FLOWS[level].find((t) => t.step === step);
}

/** The next step of a case at `stage`, or undefined when the case is finished. */
export function nextExitStep(level: ExitLevel, stage: ExitStage): ExitTransition | undefined {
  return EXIT_FLOWS[level].find((t) => t.from === stage);
}

/** When a notice that started at `startedAt` has run its `noticeDays` (the exit setting of its level). */
export function exitNoticeEndsAt(startedAt: Date, noticeDays: number): Date {
  return new Date(startedAt.getTime() + noticeDays * 24 * 3600 * 1000);
}

/**
 * Whether `step` may be taken for a case at `stage`: never out of order, never after the case
 * has finished, and the announcement only once the notice has run its full period.
 */
export function canTakeExitStep(
  level: ExitLevel,
  step: ExitStep,
  stage: ExitStage,
  noticeStartedAt: Date | null,
  now: Date,
  noticeDays: number,
): ExitRefusal | null {
  if (stage === 'exited' || stage === 'rejected') return 'finished';
  const t = exitTransition(level, step);
  if (!t) return 'notInFlow';
  if (t.from !== stage) return 'wrongStage';
  if (step === 'announce' && stage === 'notice') {
    if (!noticeStartedAt || exitNoticeEndsAt(noticeStartedAt, noticeDays) > now) return 'noticeRunning';
  }
  return null;
}

/** An exit case as the API lists it. */
export interface ExitCaseView {
  /** `<county code>-<id>`. */
  key: string;
  level: ExitLevel;
  regionCode: string;
  regionName: string;
  /** The household's `<county>-<id>` key (household cases only). */
  householdKey: string | null;
  /** Head of household, village or county name. */
  subjectName: string;
  year: number;
  stage: ExitStage;
  noticeStartedAt: string | null;
  noticeEndsAt: string | null;
  relapsedAt: string | null;
  createdAt: string;
}

/** One recorded step of an exit case. */
export interface ExitStepRecord {
  step: ExitStep | 'propose';
  outcome: 'pass' | 'fail';
  note: string | null;
  objection: string | null;
  details: Record<string, unknown> | null;
  actorName: string;
  at: string;
}
