/** Administrative levels of the region tree, from the province down to the village. */
export const REGION_LEVELS = ['province', 'prefecture', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** A region as named in paths and breadcrumbs. */
export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

/** How a poor region was designated: 国定 (national), 省定 (provincial), 市定 (city). */
export const POOR_DESIGNATIONS = ['national', 'provincial', 'city'] as const;
export type PoorDesignation = (typeof POOR_DESIGNATIONS)[number];

/** Kind of a township or village, read from its 12-digit code (DOMAIN §5). */
export type RegionKind = 'subdistrict' | 'town' | 'township' | 'community' | 'village';

/** Hubei's province code; the demo deployment covers one province. */
export const PROVINCE_CODE = '42';

/** Number of code digits used by each level (province 2, prefecture 4, county 6, township 9, village 12). */
export const LEVEL_CODE_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  prefecture: 4,
  county: 6,
  township: 9,
  village: 12,
};

/** Classifies a township by digits 7–9 of its code: 001–099 街道, 100–199 镇, 200–399 乡. */
export function townshipKind(code: string): RegionKind {
  const part = Number(code.slice(6, 9));
  if (part < 100) return 'subdistrict';
  if (part < 200) return 'town';
  return 'township';
}

/** Classifies a village by digits 10–12 of its code: 001–199 居委会 (community), 200–399 村委会 (village). */
export function villageKind(code: string): RegionKind {
  return Number(code.slice(9, 12)) < 200 ? 'community' : 'village';
}

/** Pads a short region code to the 12 digits used on national forms. */
export function fullRegionCode(code: string): string {
  return code.padEnd(12, '0');
}

/** The scope of the system actor (CLI, seeding): the whole deployment. */
export const SYSTEM_SCOPE = '*';

/** True when `code` lies inside (or is) the region `scope`; region scope is a code prefix. */
export function isWithinScope(scope: string, code: string): boolean {
  return scope === SYSTEM_SCOPE || (scope !== '' && code.startsWith(scope));
}

/** Level of a region code by its length; the 4 units directly under the province are counties. */
export function levelOfCode(code: string): RegionLevel | undefined {
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'prefecture';
    case 6:
      return 'county';
    case 9:
      return 'township';
    case 12:
      return 'village';
    default:
      return undefined;
  }
}

/** Region codes are digits only, of one of the level lengths. */
export const REGION_CODE_PATTERN = '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$';
