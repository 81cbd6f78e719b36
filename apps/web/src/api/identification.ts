import type {
  IdentificationCaseView,
  IdentificationSettings,
  IdentificationStage,
  IdentificationStep,
  IdentificationStepRecord,
} from '@fupin/domain';
import { ApiError, request, toQuery } from './client';
import type { HouseholdWrite } from './registry';
import type { ItemList } from './types';

/** An identification case as listed (`GET /api/identification`); shared with the server. */
export type IdentificationCase = IdentificationCaseView;
export type { IdentificationStepRecord };

/** `GET /api/identification/:key` — the case, its steps (oldest first) and the proposed household. */
export interface IdentificationCaseDetail extends IdentificationCase {
  steps: IdentificationStepRecord[];
  proposal: HouseholdWrite;
}

export interface IdentificationQuery {
  regionCode?: string;
  stage?: IdentificationStage;
  limit?: number;
}

export interface StepBody {
  step: IdentificationStep;
  outcome: 'pass' | 'fail';
  note?: string;
  objection?: string;
  finding?: string;
}

export type SpotCheckLevel = 'township' | 'county';

/** A drawn spot check: all cases whose notice has run, and the ones sampled for a visit. */
export interface SpotCheck {
  id: string;
  level: SpotCheckLevel;
  regionCode: string;
  cases: number;
  /** Keys of the sampled cases. */
  sampled: string[];
  ratio: number;
}

export type NoticeStage = 'firstNotice' | 'secondNotice';

/** One line of a public notice: no phone, bank or health, and the ID number masked. */
export interface NoticeEntry {
  villageName: string;
  headName: string;
  idNumber: string;
  size: number;
  attribute: string | null;
  mainCause: string | null;
  noticeStartedAt: string | null;
  noticeEndsAt: string | null;
}

/** The largest page the list endpoint answers. */
export const IDENTIFICATION_LIST_LIMIT = 500;

/** `GET /api/identification` — cases under a region, optionally at one stage. */
export function fetchIdentificationCases(
  query: IdentificationQuery,
  signal?: AbortSignal,
): Promise<ItemList<IdentificationCase>> {
  return request<ItemList<IdentificationCase>>('GET', `/api/identification${toQuery({ ...query })}`, { signal });
}

/** `GET /api/identification/:key`. */
export function fetchIdentificationCase(key: string, signal?: AbortSignal): Promise<IdentificationCaseDetail> {
  return request<IdentificationCaseDetail>('GET', `/api/identification/${encodeURIComponent(key)}`, { signal });
}

/** `POST /api/identification` — opens a case for a proposed household (the registration checks apply). */
export function applyForIdentification(write: HouseholdWrite): Promise<IdentificationCase> {
  return request<IdentificationCase>('POST', '/api/identification', { body: write });
}

/** `POST /api/identification/:key/steps` — records the case's next step; 409 STEP_NOT_ALLOWED when refused. */
export function takeIdentificationStep(key: string, body: StepBody): Promise<IdentificationCase> {
  return request<IdentificationCase>('POST', `/api/identification/${encodeURIComponent(key)}/steps`, { body });
}

/** `POST /api/identification/spot-checks` — draws the township (9-digit) or county (6-digit) spot check. */
export function drawSpotCheck(level: SpotCheckLevel, regionCode: string): Promise<SpotCheck> {
  return request<SpotCheck>('POST', '/api/identification/spot-checks', { body: { level, regionCode } });
}

/** `GET /api/identification/notice` — the households on a public notice under a region. */
export function fetchPublicNotice(
  regionCode: string,
  stage: NoticeStage,
  signal?: AbortSignal,
): Promise<ItemList<NoticeEntry>> {
  return request<ItemList<NoticeEntry>>('GET', `/api/identification/notice${toQuery({ regionCode, stage })}`, {
    signal,
  });
}

/** `GET /api/settings/identification` — notice days and spot-check ratios. */
export function fetchIdentificationSettings(signal?: AbortSignal): Promise<IdentificationSettings> {
  return request<IdentificationSettings>('GET', '/api/settings/identification', { signal });
}

/** `PUT /api/settings/identification` — province administrators only. */
export function saveIdentificationSettings(settings: IdentificationSettings): Promise<IdentificationSettings> {
  return request<IdentificationSettings>('PUT', '/api/settings/identification', { body: settings });
}

/** Why the server refused a step or a spot check (`error.details.reason` of a 409 STEP_NOT_ALLOWED). */
export function stepRefusalOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'STEP_NOT_ALLOWED') return undefined;
  const details = error.details;
  if (typeof details !== 'object' || details === null) return undefined;
  const reason: unknown = Reflect.get(details, 'reason');
  return typeof reason === 'string' ? reason : undefined;
}
