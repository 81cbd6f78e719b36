import type { RegionLevel } from '@fupin/domain';
import { request, toQuery } from './client';
import type { ItemList, Page, Region, RegionChild, RegionSearchHit } from './types';

/** `GET /api/regions/root` — the user's home region. */
export function fetchRootRegion(signal?: AbortSignal): Promise<Region> {
  return request<Region>('GET', '/api/regions/root', { signal });
}

/** `GET /api/regions/:code` — one region with its path; 403 outside the scope, 404 unknown. */
export function fetchRegion(code: string, signal?: AbortSignal): Promise<Region> {
  return request<Region>('GET', `/api/regions/${encodeURIComponent(code)}`, { signal });
}

export interface ChildrenQuery {
  poor?: boolean;
  limit?: number;
  offset?: number;
}

/** `GET /api/regions/:code/children` — one page of a region's children. */
export function fetchChildren(
  code: string,
  query: ChildrenQuery = {},
  signal?: AbortSignal,
): Promise<Page<RegionChild>> {
  return request<Page<RegionChild>>(
    'GET',
    `/api/regions/${encodeURIComponent(code)}/children${toQuery({ ...query })}`,
    { signal },
  );
}

const CHILDREN_PAGE = 200;

/** All children of a region, reading page after page (a township has a few dozen villages). */
export async function fetchAllChildren(code: string, signal?: AbortSignal): Promise<RegionChild[]> {
  const all: RegionChild[] = [];
  for (;;) {
    const page = await fetchChildren(code, { limit: CHILDREN_PAGE, offset: all.length }, signal);
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.total) return all;
  }
}

export interface SearchQuery {
  q: string;
  under?: string;
  level?: RegionLevel;
  poor?: boolean;
  limit?: number;
}

/** `GET /api/regions/search` — regions whose name contains `q`, within the scope. */
export function searchRegions(query: SearchQuery, signal?: AbortSignal): Promise<ItemList<RegionSearchHit>> {
  return request<ItemList<RegionSearchHit>>('GET', `/api/regions/search${toQuery({ ...query })}`, { signal });
}
