import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Replaces the rural population of every region: the given village figures and, for every
 * ancestor prefix (2, 4, 6 and 9 digits), the sum of its villages — set-based, one statement.
 */
export async function recomputePopulations(
  tx: Transaction<DB>,
  villages: readonly string[],
  ruralPopulation: readonly number[],
): Promise<number> {
  await sql`delete from region_populations`.execute(tx);
  const r = await sql`insert into region_populations (code, rural_population)
    select left(v.code, l.len), sum(v.rural)::int
    from unnest(${[...villages]}::text[], ${[...ruralPopulation]}::int[]) as v(code, rural)
    cross join (values (2), (4), (6), (9), (12)) as l(len)
    group by 1`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}
