import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/**
 * Recomputes the subtree counts of every region under `prefix` (inclusive), set-based: each
 * region is counted once for each of its ancestor prefixes. Prefecture-level units are the prefectures
 * plus the county-level units directly under the province (仙桃, 潜江, 天门, 神农架).
 * With `rootOnly`, only the row of `prefix` itself is written. Returns the rows written.
 */
export async function recomputeRegionStats(tx: Tx, prefix: string, rootOnly = false): Promise<number> {
  const upper = `${prefix}:`;
  const result = await sql`
    with scoped as materialized (
      select code, level, is_direct, poor_designation is not null as poor
      from regions where code >= ${prefix} and code < ${upper}
    ),
    counted as materialized (
      select left(s.code, l.len) as code,
        count(*) filter (where s.level = 'prefecture' or (s.level = 'county' and s.is_direct)) as prefectures,
        count(*) filter (where s.level = 'county') as counties,
        count(*) filter (where s.level = 'township') as townships,
        count(*) filter (where s.level = 'village') as villages,
        count(*) filter (where s.level = 'county' and s.poor) as poor_counties,
        count(*) filter (where s.level = 'township' and s.poor) as poor_townships,
        count(*) filter (where s.level = 'village' and s.poor) as poor_villages
      from scoped s cross join (values (2), (4), (6), (9)) as l(len)
      where length(s.code) > l.len
      group by 1
    )
    insert into region_stats (code, prefectures, counties, townships, villages, poor_counties, poor_townships, poor_villages, computed_at)
    select s.code, coalesce(c.prefectures, 0), coalesce(c.counties, 0), coalesce(c.townships, 0), coalesce(c.villages, 0),
           coalesce(c.poor_counties, 0), coalesce(c.poor_townships, 0), coalesce(c.poor_villages, 0), now()
    from scoped s left join counted c on c.code = s.code
    where s.level <> 'village' and (${!rootOnly} or s.code = ${prefix})
    on conflict (code) do update set
      prefectures = excluded.prefectures, counties = excluded.counties, townships = excluded.townships,
      villages = excluded.villages, poor_counties = excluded.poor_counties,
      poor_townships = excluded.poor_townships, poor_villages = excluded.poor_villages,
      computed_at = excluded.computed_at`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
