import { isHouseholdAttribute, isHouseholdStatus, isPovertyCause } from '@fupin/domain';
import type { HouseholdQuery } from '../../api/registry';

/** The list's filters as they live in the address bar (so Back from a household restores them). */
export type HouseholdFilters = Omit<HouseholdQuery, 'limit' | 'after'>;

const REGION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

function amountParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads the filters from `?regionCode=…&status=…`, dropping values the API would refuse. */
export function filtersFromParams(params: URLSearchParams): HouseholdFilters {
  const regionCode = params.get('regionCode') ?? '';
  const status = params.get('status');
  const attribute = params.get('attribute');
  const mainCause = params.get('mainCause');
  const q = params.get('q')?.trim() ?? '';
  return {
    regionCode: REGION_CODE.test(regionCode) ? regionCode : undefined,
    status: isHouseholdStatus(status) ? status : undefined,
    attribute: isHouseholdAttribute(attribute) ? attribute : undefined,
    mainCause: isPovertyCause(mainCause) ? mainCause : undefined,
    incomeMin: amountParam(params, 'incomeMin'),
    incomeMax: amountParam(params, 'incomeMax'),
    q: q === '' ? undefined : q.slice(0, 40),
  };
}

/** The cursors of the pages before the current one, oldest first (`?after=…&after=…`). */
export function cursorsFromParams(params: URLSearchParams): string[] {
  return params.getAll('after').filter((cursor) => cursor !== '');
}

/** Writes filters and the cursor stack back into search parameters. */
export function filtersToParams(filters: HouseholdFilters, cursors: readonly string[] = []): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  for (const cursor of cursors) params.append('after', cursor);
  return params;
}

/** True when any filter narrows the list (the region alone does not count). */
export function isFiltered(filters: HouseholdFilters): boolean {
  return Object.entries(filters).some(([name, value]) => name !== 'regionCode' && value !== undefined);
}
