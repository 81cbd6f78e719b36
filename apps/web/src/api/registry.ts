import type {
  HouseholdAttribute,
  HouseholdDetail,
  HouseholdLiving,
  HouseholdSummary,
  ImportMode,
  ImportView,
  IncomeView,
  MemberView,
  HouseholdInput,
  HouseholdStatus,
  IssueSeverity,
  Locale,
  PovertyCause,
  YearlyIncomeInput,
} from '@fupin/domain';
import { ApiError, request, toQuery } from './client';
import type { ItemList } from './types';

// The response shapes are shared with the server (packages/domain/src/registry/views.ts).
export type { HouseholdDetail, HouseholdSummary, ImportMode, ImportView, IncomeView, MemberView };
/** Where an import stands, as its view shows it. */
export type ImportStatus = ImportView['status'];
/** 生产生活条件 as stored. */
export type Living = HouseholdLiving;

/** What the registration form sends (`POST /api/households`, `PUT` adds `version`). */
export interface HouseholdWrite {
  household: HouseholdInput;
  living?: Living;
  income?: YearlyIncomeInput & { year: number };
}

/** A data-quality finding as the server reports it (the domain's `Issue`, code as plain text). */
export interface RecordIssue {
  severity: IssueSeverity;
  code: string;
  /** Field path, e.g. `phone` or `members[1].idNumber`. */
  field: string;
  message: Record<Locale, string>;
}

export interface WriteResult {
  key: string;
  version?: number;
  warnings: RecordIssue[];
}

export interface HouseholdQuery {
  regionCode?: string;
  status?: HouseholdStatus;
  attribute?: HouseholdAttribute;
  mainCause?: PovertyCause;
  incomeMin?: number;
  incomeMax?: number;
  /** A member's full name or 18-digit ID number (exact). */
  q?: string;
  limit?: number;
  /** Keyset cursor: `next` of the previous page. */
  after?: string;
}

/** A keyset page: `next` is the cursor of the following page, null on the last. */
export interface KeysetPage<T> {
  items: T[];
  next: string | null;
}

/** An ID number found in more than one household (or twice in one). */
export interface DuplicateId {
  idNumber: string;
  households: { key: string; villageCode: string; name: string }[];
}

/** `GET /api/households` — one keyset page of households in scope, filtered. */
export function fetchHouseholds(query: HouseholdQuery, signal?: AbortSignal): Promise<KeysetPage<HouseholdSummary>> {
  return request<KeysetPage<HouseholdSummary>>('GET', `/api/households${toQuery({ ...query })}`, { signal });
}

/** `GET /api/households/:key` — one household with members, living conditions and incomes. */
export function fetchHousehold(key: string, signal?: AbortSignal): Promise<HouseholdDetail> {
  return request<HouseholdDetail>('GET', `/api/households/${encodeURIComponent(key)}`, { signal });
}

/** `POST /api/households` — registers a household; 422 RECORD_INVALID or 409 ID_CONFLICT when refused. */
export function createHousehold(write: HouseholdWrite): Promise<WriteResult> {
  return request<WriteResult>('POST', '/api/households', { body: write });
}

/** `PUT /api/households/:key` — replaces a household; 409 VERSION_CONFLICT when `version` is stale. */
export function updateHousehold(key: string, write: HouseholdWrite, version: number): Promise<WriteResult> {
  return request<WriteResult>('PUT', `/api/households/${encodeURIComponent(key)}`, { body: { ...write, version } });
}

/** The import template (an .xlsx with the national form's columns); a download link. */
export const IMPORT_TEMPLATE_URL = '/api/households/template.xlsx';

/** `GET /api/households/export.xlsx` for the list's filters: the ledger (台账) as a download link. */
export function householdExportUrl(filters: Omit<HouseholdQuery, 'limit' | 'after'>): string {
  return `/api/households/export.xlsx${toQuery({ ...filters })}`;
}

/** The error report of an import (one row per finding); a download link. */
export function importReportUrl(id: string): string {
  return `/api/households/imports/${encodeURIComponent(id)}/errors.xlsx`;
}

/** `POST /api/households/imports` — uploads a spreadsheet; the import runs as a background job. */
export function startImport(file: File, mode: ImportMode): Promise<ImportView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportView>('POST', `/api/households/imports${toQuery({ mode })}`, { form });
}

/** `GET /api/households/imports/:id` — the import's status, progress and counts. */
export function fetchImport(id: string, signal?: AbortSignal): Promise<ImportView> {
  return request<ImportView>('GET', `/api/households/imports/${encodeURIComponent(id)}`, { signal });
}

/** Whether an import is still being checked or written. */
export function isImportActive(view: ImportView): boolean {
  return view.status === 'queued' || view.status === 'checking' || view.status === 'applying';
}

/** `GET /api/households/duplicates` — ID numbers registered more than once under a region. */
export function fetchDuplicateIds(
  query: { regionCode?: string; limit?: number },
  signal?: AbortSignal,
): Promise<ItemList<DuplicateId>> {
  return request<ItemList<DuplicateId>>('GET', `/api/households/duplicates${toQuery({ ...query })}`, { signal });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isRecordIssue(value: unknown): value is RecordIssue {
  if (!isRecord(value) || !isRecord(value.message)) return false;
  return (
    (value.severity === 'error' || value.severity === 'warning') &&
    typeof value.code === 'string' &&
    typeof value.field === 'string' &&
    typeof value.message['zh-CN'] === 'string' &&
    typeof value.message.en === 'string'
  );
}

/** The failed checks of a 422 RECORD_INVALID (`error.details.issues`); empty for other errors. */
export function recordIssuesOf(error: unknown): RecordIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'RECORD_INVALID' || !isRecord(error.details)) return [];
  const issues = error.details.issues;
  return Array.isArray(issues) ? issues.filter(isRecordIssue) : [];
}

/** The ID numbers of a 409 ID_CONFLICT (`error.details.idNumbers`); empty for other errors. */
export function conflictingIdsOf(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'ID_CONFLICT' || !isRecord(error.details)) return [];
  const ids = error.details.idNumbers;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The version the server holds, from a 409 VERSION_CONFLICT's details, when it says. */
export function currentVersionOf(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== 'VERSION_CONFLICT' || !isRecord(error.details)) return undefined;
  return typeof error.details.current === 'number' ? error.details.current : undefined;
}
