import type {
  HouseholdCadre,
  HouseholdPlanView,
  MeasureType,
  MeasureView,
  PlanItemStatus,
  PlanItemView,
  RegionPlanProgressView,
  TeamActivityView,
  TeamRef,
  VisitView,
  WallCardVerification,
  WallCardView,
} from '@fupin/domain';
import { request, toQuery } from './client';
import type { ItemList } from './types';

// Household plans (一户一策), measures, visits, wall cards and work team activity; the response
// shapes are shared with the server (packages/domain/src/assistance-plans/views.ts).
export type {
  HouseholdCadre,
  HouseholdPlanView,
  MeasureView,
  PlanItemView,
  RegionPlanProgressView,
  TeamActivityView,
  TeamRef,
  VisitView,
  WallCardVerification,
  WallCardView,
};

/** A plan item as the form sends it; amounts in yuan. */
export interface PlanItemBody {
  measureType: MeasureType;
  target: string;
  targetAmount?: number | null;
  dueDate: string;
  status?: PlanItemStatus;
  cadreId?: string | null;
}

/** A delivered measure as the form sends it; amount in yuan. */
export interface MeasureBody {
  measureType: MeasureType;
  content: string;
  date: string;
  amount?: number | null;
  quantity?: number | null;
  unit?: string | null;
  planItemId?: string | null;
  beneficiaryIds?: string[];
  cadreId?: string | null;
}

/** A visit as the form sends it, with its photos. */
export interface VisitBody {
  visitedOn: string;
  note: string;
  cadreId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  photos: File[];
}

const base = (key: string) => `/api/households/${encodeURIComponent(key)}`;

export function fetchPlan(key: string, signal?: AbortSignal): Promise<HouseholdPlanView> {
  return request('GET', `${base(key)}/plan`, { signal });
}

export function createPlanItem(key: string, body: PlanItemBody): Promise<PlanItemView> {
  return request('POST', `${base(key)}/plan/items`, { body });
}

export function updatePlanItem(
  key: string,
  id: string,
  body: PlanItemBody & { version: number },
): Promise<PlanItemView> {
  return request('PUT', `${base(key)}/plan/items/${id}`, { body });
}

export function deletePlanItem(key: string, id: string): Promise<{ ok: boolean }> {
  return request('DELETE', `${base(key)}/plan/items/${id}`);
}

export async function fetchMeasures(key: string, signal?: AbortSignal): Promise<MeasureView[]> {
  return (await request<ItemList<MeasureView>>('GET', `${base(key)}/measures`, { signal })).items;
}

export function recordMeasure(key: string, body: MeasureBody): Promise<MeasureView> {
  return request('POST', `${base(key)}/measures`, { body });
}

export async function fetchVisits(key: string, signal?: AbortSignal): Promise<VisitView[]> {
  return (await request<ItemList<VisitView>>('GET', `${base(key)}/visits`, { signal })).items;
}

/** Records a visit with its photos in one multipart request. */
export function recordVisit(key: string, body: VisitBody): Promise<VisitView> {
  const form = new FormData();
  form.set('visitedOn', body.visitedOn);
  form.set('note', body.note);
  if (body.cadreId) form.set('cadreId', body.cadreId);
  if (body.latitude !== null && body.latitude !== undefined) form.set('latitude', String(body.latitude));
  if (body.longitude !== null && body.longitude !== undefined) form.set('longitude', String(body.longitude));
  for (const photo of body.photos) form.append('photos', photo, photo.name);
  return request('POST', `${base(key)}/visits`, { form });
}

export async function fetchHouseholdCadres(key: string, signal?: AbortSignal): Promise<HouseholdCadre[]> {
  return (await request<ItemList<HouseholdCadre>>('GET', `${base(key)}/cadres`, { signal })).items;
}

/** Issues the household's wall card for printing (a new version only when its content changed). */
export function issueWallCard(key: string, signal?: AbortSignal): Promise<WallCardView> {
  return request('POST', `${base(key)}/wall-card`, { signal });
}

/** The public check of a card's QR token (no login). */
export function verifyWallCard(token: string, signal?: AbortSignal): Promise<WallCardVerification> {
  return request('GET', `/api/public/wall-cards/${encodeURIComponent(token)}`, { signal, quietUnauthenticated: true });
}

export function fetchRegionProgress(regionCode: string, signal?: AbortSignal): Promise<RegionPlanProgressView> {
  return request('GET', `/api/household-plans/progress${toQuery({ regionCode })}`, { signal });
}

export async function fetchTeams(regionCode: string, signal?: AbortSignal): Promise<TeamRef[]> {
  return (await request<ItemList<TeamRef>>('GET', `/api/household-plans/teams${toQuery({ regionCode })}`, { signal }))
    .items;
}

export function fetchTeamActivity(
  teamKey: string,
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<TeamActivityView> {
  return request('GET', `/api/household-plans/teams/${encodeURIComponent(teamKey)}/activity${toQuery({ from, to })}`, {
    signal,
  });
}

export function recordTeamDays(
  teamKey: string,
  entries: { cadreId: string; day: string; inVillage: boolean; note?: string }[],
): Promise<{ recorded: number }> {
  return request('PUT', `/api/household-plans/teams/${encodeURIComponent(teamKey)}/days`, { body: { entries } });
}
