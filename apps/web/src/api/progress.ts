import type {
  BehindPlanView,
  BulletinView,
  CoverageFigures,
  DashboardView,
  ProgressView,
  RegionLevel,
  RegionPlan,
  TimetableView,
} from '@fupin/domain';
import { request, toQuery } from './client';
import type { Job } from './types';

// Client of /api/progress (apps/server/src/modules/progress); the response shapes are shared with
// the server (packages/domain/src/progress/views.ts).
export type { CoverageFigures, DashboardView, ProgressView, RegionPlan };

/** `GET /api/progress/map` */
export function fetchProgress(regionCode: string, year?: number, signal?: AbortSignal): Promise<ProgressView> {
  return request<ProgressView>('GET', `/api/progress/map${toQuery({ regionCode, year })}`, { signal });
}

/** The same table as an .xlsx (a download link; the server logs the export). */
export function progressExportUrl(regionCode: string, year?: number): string {
  return `/api/progress/map.xlsx${toQuery({ regionCode, year })}`;
}

/** `GET /api/progress/dashboard` */
export function fetchDashboard(regionCode: string, year?: number, signal?: AbortSignal): Promise<DashboardView> {
  return request<DashboardView>('GET', `/api/progress/dashboard${toQuery({ regionCode, year })}`, { signal });
}

/** `GET /api/progress/behind`: every region at a level under `regionCode` behind plan. */
export function fetchBehind(
  regionCode: string,
  level: RegionLevel,
  year?: number,
  signal?: AbortSignal,
): Promise<BehindPlanView> {
  return request('GET', `/api/progress/behind${toQuery({ regionCode, level, year })}`, { signal });
}

/** `GET /api/progress/plans/:code`: the plans of a region and its children. */
export function fetchTimetable(code: string, signal?: AbortSignal): Promise<TimetableView> {
  return request('GET', `/api/progress/plans/${encodeURIComponent(code)}`, { signal });
}

/** `PUT /api/progress/plans/:code` */
export function savePlan(
  code: string,
  body: { exitYear: number; reliefYear?: number | null; batch?: number | null; note?: string | null; version?: number },
): Promise<RegionPlan> {
  return request<RegionPlan>('PUT', `/api/progress/plans/${encodeURIComponent(code)}`, { body });
}

/** `PUT /api/progress/plans/:code/years` (villages only) */
export function savePlanYears(
  code: string,
  years: { year: number; households: number; people: number }[],
): Promise<RegionPlan> {
  return request<RegionPlan>('PUT', `/api/progress/plans/${encodeURIComponent(code)}/years`, { body: { years } });
}

/** `GET /api/progress/bulletins` */
export function fetchBulletins(signal?: AbortSignal): Promise<{ items: BulletinView[] }> {
  return request('GET', '/api/progress/bulletins', { signal });
}

/** `POST /api/progress/bulletins`: queues the bulletin job. */
export function requestBulletin(body: { regionCode: string; period: string; year?: number }): Promise<Job> {
  return request<Job>('POST', '/api/progress/bulletins', { body });
}

/** The .docx of a bulletin (a download link; the server logs the download). */
export function bulletinUrl(id: string): string {
  return `/api/progress/bulletins/${encodeURIComponent(id)}/document`;
}
