// Battle-map and dashboard latency from the kept aggregates (migration 009), side by side with a
// plain GROUP BY over the base tables for the same regions, in the same run and database.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h5b npx tsx bench/battle-map.ts
//
// The database must hold a generated registry (`fupin migrate`, then `fupin generate --scale 1`);
// the demo timetable is seeded when missing. Every request runs as the application role under
// row-level security with the scope of an officer of the region asked for, as the API does.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect } from '../apps/server/src/db/connection.js';
import { withScope, type ActorContext } from '../apps/server/src/db/scope.js';
import { groupByYearRows, readYearRows } from '../apps/server/src/modules/progress/aggregates.js';
import { seedProgressDemo } from '../apps/server/src/modules/progress/seed.js';
import { dashboard, regionProgress } from '../apps/server/src/modules/progress/service.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    baseline: { type: 'string', default: '40' },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(times: number[]): { p50: number; p95: number; max: number; n: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? 0,
    n: sorted.length,
  };
}

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/fupin_bench_h5b';
const database = await connect({ databaseUrl: url, poolSize: 2 });
try {
  const count = await sql<{ n: string }>`select count(*)::text as n from households`.execute(database.owner);
  const households = Number(count.rows[0]?.n ?? 0);
  if (households === 0) throw new Error('no households: run `fupin generate --scale 1` into this database first');
  const seeded = await seedProgressDemo(database.owner);
  if (seeded > 0) console.log(`seeded ${seeded} plans`);
  await sql`select fupin_progress_fold(1000000)`.execute(database.owner);
  await sql`analyze`.execute(database.owner);

  const counties = (
    await sql<{ code: string }>`select distinct county_code as code from households order by 1`.execute(database.owner)
  ).rows.map((r) => r.code);
  const childrenOf = async (code: string) =>
    (
      await sql<{ code: string }>`select code from regions where parent_code = ${code} order by code`.execute(
        database.owner,
      )
    ).rows.map((r) => r.code);
  const actor = (code: string, i: number): ActorContext => ({
    userId: null,
    actorName: 'bench',
    scope: code,
    requestId: `bench-${i}`,
    ip: null,
  });

  const rounds = Number(values.rounds);
  const baselineRounds = Number(values.baseline);
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => counties[Math.floor(rand() * counties.length)] ?? '422802';
  const times: Record<string, number[]> = {};
  const time = async (key: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    (times[key] ??= []).push(performance.now() - t0);
  };

  for (let i = 0; i < rounds; i++) {
    const county = pick();
    const region = i % 4 === 0 ? '42' : county;
    const level = region === '42' ? 'province' : 'county';
    await time(`map ${level}`, () =>
      withScope(database.db, actor(region, i), (tx) => regionProgress(tx, region, region)),
    );
    await time(`dashboard ${level}`, () =>
      withScope(database.db, actor(region, i), (tx) => dashboard(tx, region, region)),
    );
    const codes = [region, ...(await childrenOf(region))];
    await time(`kept figures ${level}`, () =>
      withScope(database.db, actor(region, i), (tx) => readYearRows(tx, codes)),
    );
    if (i < baselineRounds * 4) {
      // The same figures by a plain GROUP BY over households and region_plan_years.
      await time(`GROUP BY ${level}`, () =>
        withScope(database.db, actor(region, i), (tx) => groupByYearRows(tx, codes)),
      );
    }
  }

  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  console.log(`households=${households} counties=${counties.length} rounds=${rounds} load avg=${load}`);
  console.log('| query | n | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|');
  for (const [key, list] of Object.entries(times).sort()) {
    const s = summary(list);
    console.log(`| ${key} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} |`);
  }
  for (const level of ['province', 'county']) {
    const kept = summary(times[`kept figures ${level}`] ?? []);
    const grouped = summary(times[`GROUP BY ${level}`] ?? []);
    console.log(
      `${level}: GROUP BY p50 / kept p50 = ${(grouped.p50 / kept.p50).toFixed(0)}×, p95 ratio ${(grouped.p95 / kept.p95).toFixed(0)}×`,
    );
  }
} finally {
  await database.close();
}
