// Prints EXPLAIN ANALYZE of one county's household evaluation statement (rolled back).
//   DATABASE_URL=postgres://…/fupin_bench_s1 npx tsx bench/explain-evaluate.ts 422827
import { sql } from 'kysely';
import { connect } from '../apps/server/src/db/connection.js';
import { systemActor, withScope } from '../apps/server/src/db/scope.js';
import { currentStandards } from '../apps/server/src/modules/exit/standards.js';
import { householdStatement, villageParams } from '../apps/server/src/modules/exit/evaluate.js';

const county = process.argv[2] ?? '422827';
const database = await connect({ databaseUrl: process.env.DATABASE_URL ?? '', poolSize: 1 });
class Rollback extends Error {}
try {
  await withScope(database.db, systemActor('explain'), async (tx) => {
    const standards = (await currentStandards(tx)).standards;
    const params = await villageParams(tx, standards, county);
    await sql`set local work_mem = '64MB'`.execute(tx);
    await sql`set local enable_nestloop = off`.execute(tx);
    await sql`delete from household_exit_results where county_code = ${county} and year = 2015`.execute(tx);
    const stmt = householdStatement(county, 2015, '1', standards, params).compile(tx);
    const t = performance.now();
    const r = await tx.executeQuery({ ...stmt, sql: `explain (analyze, buffers) ${stmt.sql}` });
    console.log((r.rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']).join('\n'));
    console.log('ms', performance.now() - t);
    throw new Rollback();
  });
} catch (e) {
  if (!(e instanceof Rollback)) throw e;
} finally {
  await database.close();
}
