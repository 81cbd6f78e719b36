import { sql } from 'kysely';
import { isWithinScope, type RegionKind, type RegionLevel, type RegionRef, type PoorDesignation } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { notFound, outOfScope } from '../../http/errors.js';

export type { RegionRef } from '@fupin/domain';

export interface PoorInfo {
  designation: PoorDesignation;
  since: number | null;
  exitYear: number | null;
  extremelyPoor: boolean;
  keyPoor: boolean;
  note: string | null;
}

export interface RegionCounts {
  prefecture: number;
  county: number;
  township: number;
  village: number;
  poorCounty: number;
  poorTownship: number;
  poorVillage: number;
}

export interface RegionView extends RegionRef {
  kind: RegionKind | null;
  parentCode: string | null;
  isDirect: boolean;
  poor: PoorInfo | null;
  childCount: number;
  counts: RegionCounts;
}

export interface RegionDetail extends RegionView {
  path: RegionRef[];
}

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  kind: string | null;
  is_direct: boolean;
  poor_designation: string | null;
  poor_since: number | null;
  exit_year: number | null;
  extremely_poor: boolean;
  key_poor: boolean;
  poor_note: string | null;
  child_count: number;
  prefectures: number | null;
  counties: number | null;
  townships: number | null;
  villages: number | null;
  poor_counties: number | null;
  poor_townships: number | null;
  poor_villages: number | null;
}

function present(row: RegionRow): RegionView {
  return {
    code: row.code,
    name: row.name,
    level: row.level as RegionLevel,
    kind: row.kind as RegionKind | null,
    parentCode: row.parent_code,
    isDirect: row.is_direct,
    poor: row.poor_designation
      ? {
          designation: row.poor_designation as PoorDesignation,
          since: row.poor_since,
          exitYear: row.exit_year,
          extremelyPoor: row.extremely_poor,
          keyPoor: row.key_poor,
          note: row.poor_note,
        }
      : null,
    childCount: Number(row.child_count),
    counts: {
      prefecture: row.prefectures ?? 0,
      county: row.counties ?? 0,
      township: row.townships ?? 0,
      village: row.villages ?? 0,
      poorCounty: row.poor_counties ?? 0,
      poorTownship: row.poor_townships ?? 0,
      poorVillage: row.poor_villages ?? 0,
    },
  };
}

const REGION_COLUMNS = sql`r.code, r.name, r.level, r.parent_code, r.kind, r.is_direct, r.poor_designation,
  r.poor_since, r.exit_year, r.extremely_poor, r.key_poor, r.poor_note,
  (select count(*)::int from regions c where c.parent_code = r.code) as child_count,
  s.prefectures, s.counties, s.townships, s.villages, s.poor_counties, s.poor_townships, s.poor_villages`;

/** Throws OUT_OF_SCOPE unless `code` lies inside the actor's region (the API's policy check). */
export function assertRegionInScope(scope: string, code: string): void {
  if (!isWithinScope(scope, code)) throw outOfScope();
}

/** A region with its breadcrumb path and subtree counts. */
export async function getRegion(tx: Tx, scope: string, code: string): Promise<RegionDetail> {
  assertRegionInScope(scope, code);
  const rows = await sql<RegionRow>`select ${REGION_COLUMNS}
    from regions r left join region_stats s on s.code = r.code where r.code = ${code}`.execute(tx);
  const row = rows.rows[0];
  if (!row) throw notFound({ code });
  return { ...present(row), path: await regionPath(tx, code) };
}

/** The ancestors of a region and the region itself, root first. */
export async function regionPath(tx: Tx, code: string): Promise<RegionRef[]> {
  const prefixes = [2, 4, 6, 9, 12].filter((n) => n <= code.length).map((n) => code.slice(0, n));
  const rows = await tx
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', 'in', prefixes)
    .orderBy(sql`length(code)`)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as RegionLevel }));
}

export interface ChildrenQuery {
  poorOnly: boolean;
  limit: number;
  offset: number;
}

/** The children of a region, in code order, with their own counts. */
export async function listChildren(
  tx: Tx,
  scope: string,
  code: string,
  query: ChildrenQuery,
): Promise<{ items: RegionView[]; total: number }> {
  assertRegionInScope(scope, code);
  const poorFilter = query.poorOnly
    ? sql`and (r.poor_designation is not null or coalesce(s.poor_villages, 0) + coalesce(s.poor_townships, 0) + coalesce(s.poor_counties, 0) > 0)`
    : sql``;
  const rows = await sql<RegionRow & { total: string }>`
    select ${REGION_COLUMNS}, count(*) over () as total
    from regions r left join region_stats s on s.code = r.code
    where r.parent_code = ${code} ${poorFilter}
    order by r.code limit ${query.limit} offset ${query.offset}`.execute(tx);
  if (rows.rows.length === 0) {
    const exists = await tx.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
    if (!exists) throw notFound({ code });
  }
  return { items: rows.rows.map(present), total: Number(rows.rows[0]?.total ?? 0) };
}

export interface SearchQuery {
  q: string;
  under: string;
  level?: RegionLevel | undefined;
  poorOnly: boolean;
  limit: number;
}

export interface SearchHit extends RegionRef {
  path: RegionRef[];
  poor: boolean;
}

/** Regions whose name contains `q`, inside `under` (itself inside the scope); shallow levels first. */
export async function searchRegions(tx: Tx, scope: string, query: SearchQuery): Promise<SearchHit[]> {
  assertRegionInScope(scope, query.under);
  const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const upper = `${query.under}:`;
  let q = tx
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'poor_designation'])
    .where('code', '>=', query.under)
    .where('code', '<', upper)
    .where('name', 'like', pattern)
    .orderBy(sql`length(code)`)
    .orderBy('code')
    .limit(query.limit);
  if (query.level) q = q.where('level', '=', query.level);
  if (query.poorOnly) q = q.where('poor_designation', 'is not', null);
  const rows = await q.execute();
  const allPrefixes = [
    ...new Set(rows.flatMap((r) => [2, 4, 6, 9].filter((n) => n < r.code.length).map((n) => r.code.slice(0, n)))),
  ];
  const names = allPrefixes.length
    ? await tx.selectFrom('regions').select(['code', 'name', 'level']).where('code', 'in', allPrefixes).execute()
    : [];
  const byCode = new Map(names.map((n) => [n.code, { code: n.code, name: n.name, level: n.level as RegionLevel }]));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as RegionLevel,
    poor: r.poor_designation !== null,
    path: [2, 4, 6, 9]
      .filter((n) => n < r.code.length)
      .map((n) => byCode.get(r.code.slice(0, n)))
      .filter((x): x is RegionRef => x !== undefined),
  }));
}
