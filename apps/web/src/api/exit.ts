import type {
  CountyAssessmentView,
  EvaluationSummary,
  EvaluationView,
  ExitCaseView,
  ExitLevel,
  ExitSettings,
  ExitStage,
  ExitStandards,
  ExitStep,
  ExitStepRecord,
  HouseholdExitResultView,
  RegionExitResultView,
  SixVillageStandard,
  VillageFactsView,
} from '@fupin/domain';
import { request, toQuery } from './client';
import type { ItemList } from './types';

export type {
  CountyAssessmentView,
  EvaluationSummary,
  EvaluationView,
  ExitCaseView,
  ExitSettings,
  ExitStepRecord,
  HouseholdExitResultView,
  RegionExitResultView,
  VillageFactsView,
};

/** `GET /api/exit/standards` — the standards in force and their version. */
export interface StandardsView {
  version: string;
  savedBy: string | null;
  savedAt: string | null;
  note: string | null;
  standards: ExitStandards;
}

export interface StandardsVersion {
  version: string;
  savedBy: string;
  savedAt: string;
  note: string | null;
}

export function fetchStandards(signal?: AbortSignal): Promise<StandardsView> {
  return request<StandardsView>('GET', '/api/exit/standards', { signal });
}

export function fetchStandardsVersions(signal?: AbortSignal): Promise<ItemList<StandardsVersion>> {
  return request<ItemList<StandardsVersion>>('GET', '/api/exit/standards/versions', { signal });
}

/** `PUT /api/exit/standards` — province administrators; 422 STANDARDS_INVALID names the fields. */
export function saveStandards(standards: ExitStandards, note?: string): Promise<StandardsView> {
  return request<StandardsView>('PUT', '/api/exit/standards', { body: { standards, note } });
}

/** `GET /api/settings/exit` — how many days each level's exit notice runs. */
export function fetchExitSettings(signal?: AbortSignal): Promise<ExitSettings> {
  return request<ExitSettings>('GET', '/api/settings/exit', { signal });
}

/** `PUT /api/settings/exit` — province administrators; 400 VALIDATION outside 1–60 days. */
export function saveExitSettings(settings: ExitSettings): Promise<ExitSettings> {
  return request<ExitSettings>('PUT', '/api/settings/exit', { body: settings });
}

export function fetchVillageFacts(
  regionCode: string,
  year: number,
  signal?: AbortSignal,
): Promise<ItemList<VillageFactsView>> {
  return request<ItemList<VillageFactsView>>('GET', `/api/exit/village-facts${toQuery({ regionCode, year })}`, {
    signal,
  });
}

export interface VillageFactsBody {
  collectiveIncome: number | null;
  disposableIncome: number | null;
  ruralPopulation: number | null;
  sixStandards: Partial<Record<SixVillageStandard, boolean>>;
}

export function saveVillageFacts(villageCode: string, year: number, body: VillageFactsBody): Promise<VillageFactsView> {
  return request<VillageFactsView>('PUT', `/api/exit/village-facts/${villageCode}/${year}`, { body });
}

export interface CountyAssessmentRow {
  countyCode: string;
  countyName: string;
  assessment: CountyAssessmentView | null;
}

export function fetchCountyAssessments(
  regionCode: string,
  year: number,
  signal?: AbortSignal,
): Promise<ItemList<CountyAssessmentRow>> {
  return request<ItemList<CountyAssessmentRow>>('GET', `/api/exit/county-assessments${toQuery({ regionCode, year })}`, {
    signal,
  });
}

export type CountyAssessmentBody = Pick<
  CountyAssessmentView,
  'sampledExited' | 'wronglyExited' | 'sampledPopulation' | 'missed' | 'surveyed' | 'satisfied'
>;

export function saveCountyAssessment(
  countyCode: string,
  year: number,
  body: CountyAssessmentBody,
): Promise<CountyAssessmentView> {
  return request<CountyAssessmentView>('PUT', `/api/exit/county-assessments/${countyCode}/${year}`, { body });
}

/** `POST /api/exit/evaluations` — queues the evaluation job of a year under a region. */
export function startEvaluation(year: number, regionCode: string): Promise<EvaluationView> {
  return request<EvaluationView>('POST', '/api/exit/evaluations', { body: { year, regionCode } });
}

export function fetchEvaluations(signal?: AbortSignal): Promise<ItemList<EvaluationView>> {
  return request<ItemList<EvaluationView>>('GET', '/api/exit/evaluations', { signal });
}

export interface ResultQuery {
  regionCode: string;
  year: number;
  eligible?: boolean;
  criterion?: string;
  poorOnly?: boolean;
  limit?: number;
  after?: string;
}

export interface ResultPage<T> {
  items: T[];
  next: string | null;
}

export function fetchHouseholdResults(
  q: ResultQuery,
  signal?: AbortSignal,
): Promise<ResultPage<HouseholdExitResultView>> {
  return request<ResultPage<HouseholdExitResultView>>('GET', `/api/exit/results/households${toQuery({ ...q })}`, {
    signal,
  });
}

export function fetchVillageResults(q: ResultQuery, signal?: AbortSignal): Promise<ResultPage<RegionExitResultView>> {
  return request<ResultPage<RegionExitResultView>>('GET', `/api/exit/results/villages${toQuery({ ...q })}`, { signal });
}

export function fetchCountyResults(q: ResultQuery, signal?: AbortSignal): Promise<ItemList<RegionExitResultView>> {
  return request<ItemList<RegionExitResultView>>('GET', `/api/exit/results/counties${toQuery({ ...q })}`, { signal });
}

export function fetchEvaluationSummary(
  regionCode: string,
  year: number,
  signal?: AbortSignal,
): Promise<EvaluationSummary> {
  return request<EvaluationSummary>('GET', `/api/exit/summary${toQuery({ regionCode, year })}`, { signal });
}

export interface ExitCaseQuery {
  regionCode?: string;
  level?: ExitLevel;
  stage?: ExitStage;
  limit?: number;
}

export function fetchExitCases(q: ExitCaseQuery, signal?: AbortSignal): Promise<ItemList<ExitCaseView>> {
  return request<ItemList<ExitCaseView>>('GET', `/api/exit/cases${toQuery({ ...q })}`, { signal });
}

export interface ExitCaseDetail extends ExitCaseView {
  steps: ExitStepRecord[];
  basis: Record<string, unknown>;
}

export function fetchExitCase(key: string, signal?: AbortSignal): Promise<ExitCaseDetail> {
  return request<ExitCaseDetail>('GET', `/api/exit/cases/${encodeURIComponent(key)}`, { signal });
}

export interface ProposeBody {
  level: ExitLevel;
  year: number;
  householdKey?: string;
  regionCode?: string;
  note?: string;
}

export function proposeExit(body: ProposeBody): Promise<ExitCaseView> {
  return request<ExitCaseView>('POST', '/api/exit/cases', { body });
}

export interface ExitStepBody {
  step: ExitStep;
  outcome: 'pass' | 'fail';
  note?: string;
  objection?: string;
  foodSecure?: boolean;
  clothingSecure?: boolean;
  signedBy?: string;
  signedOn?: string;
}

export function takeExitStep(key: string, body: ExitStepBody): Promise<ExitCaseView> {
  return request<ExitCaseView>('POST', `/api/exit/cases/${encodeURIComponent(key)}/steps`, { body });
}
