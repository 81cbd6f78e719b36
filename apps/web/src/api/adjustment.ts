import type { AdjustmentEvent, MemberInput } from '@fupin/domain';
import { request } from './client';
import type { ItemList, Job } from './types';

/** One recorded state or change of a household: registration, edits, the yearly carry-forward, events. */
export interface HouseholdHistoryEntry {
  year: number;
  /** An adjustment event, or `registered` / `updated` / `carried`. */
  change: string;
  reason: string | null;
  /** The household's state after the change; its shape depends on `change`. */
  snapshot: unknown;
  recordedAt: string;
}

/** What `POST /api/households/:key/adjustments` takes. */
export interface AdjustmentBody {
  event: AdjustmentEvent;
  year: number;
  reason: string;
  /** The household version the change was made on (409 VERSION_CONFLICT when stale). */
  version: number;
  /** The joining member (birth, marriage in, move in). */
  member?: MemberInput;
  /** The leaving member (death, marriage out, move out). */
  memberId?: string;
  /** When the head leaves: who becomes head. */
  newHeadMemberId?: string;
}

/** `GET /api/registry/years` — the years open for adjustment, newest first. */
export function fetchOpenYears(signal?: AbortSignal): Promise<ItemList<number>> {
  return request<ItemList<number>>('GET', '/api/registry/years', { signal });
}

/** `POST /api/registry/years` — opens a year (province administrators); the carry-forward runs as a job. */
export function openRegistryYear(year: number): Promise<{ year: number; job: Job }> {
  return request<{ year: number; job: Job }>('POST', '/api/registry/years', { body: { year } });
}

/** `POST /api/households/:key/adjustments` — records one change; answers the household's new version. */
export function recordAdjustment(key: string, body: AdjustmentBody): Promise<{ version: number }> {
  return request<{ version: number }>('POST', `/api/households/${encodeURIComponent(key)}/adjustments`, { body });
}

/** `GET /api/households/:key/history` — every recorded state and change, in record order. */
export function fetchHouseholdHistory(key: string, signal?: AbortSignal): Promise<ItemList<HouseholdHistoryEntry>> {
  return request<ItemList<HouseholdHistoryEntry>>('GET', `/api/households/${encodeURIComponent(key)}/history`, {
    signal,
  });
}
