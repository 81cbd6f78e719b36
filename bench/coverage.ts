// Benchmark of the assistance coverage figures (issue 4 goal: p95 ≤ 200 ms for the province and
// any county at generator scale S=1 on PostgreSQL).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h4a npm run fupin -- generate --scale 1 --seed 1
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h4a npx tsx bench/coverage.ts --runs 30
//
// Each request is the real service (`coverage` in modules/assistance/coverage.ts) inside
// `withScope` as the `fupin_app` role under row-level security, scoped to the region itself (a
// county officer asks for their county). Levels: the province, every prefecture-level unit, every
// county, and a random sample of townships and villages; each request timed alone. It also times
// the first page of the household gap list, and prints one line per level with p50 / p95 / max.

import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect } from '../apps/server/src/db/connection.js';
import { withScope, type ActorContext } from '../apps/server/src/db/scope.js';
import { coverage, householdGaps, villageGaps } from '../apps/server/src/modules/assistance/coverage.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, sample: { type: 'string', default: '100' } },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a database with a generated registry');
const embedded = !/^postgres(ql)?:\/\//.test(url);
const database = embedded ? await connect({ dataDir: url }) : await connect({ databaseUrl: url, poolSize: 2 });
// `generate` migrated the database; the bench only reads.

const actor = (scope: string): ActorContext => ({
  userId: null,
  actorName: 'bench',
  scope,
  requestId: 'bench',
  ip: null,
});
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function time(codes: readonly string[], runs: number, work: (code: string) => Promise<unknown>) {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const code of codes) {
      const t = performance.now();
      await work(code);
      ms.push(performance.now() - t);
    }
  }
  ms.sort((a, b) => a - b);
  return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] ?? NaN };
}

const byLevel = async (level: string) =>
  (
    await sql<{ code: string }>`select code from regions where level = ${level} order by code`.execute(database.owner)
  ).rows.map((r) => r.code);
const sample = <T>(items: readonly T[], n: number): T[] => {
  // A fixed stride: the same sample every run.
  const step = Math.max(1, Math.floor(items.length / n));
  return items.filter((_x, i) => i % step === 0).slice(0, n);
};

const totals = await sql<{ households: number; poor: number; pairings: number; villages: number }>`
  select (select count(*)::int from households) as households,
         (select count(*)::int from households where status in ('未脱贫', '返贫')) as poor,
         (select count(*)::int from pairings where ended_on is null) as pairings,
         (select count(*)::int from regions where level = 'village' and poor_designation is not null) as villages`.execute(
  database.owner,
);
const province = await withScope(database.db, actor('42'), (tx) => coverage(tx, '42', '42'));
console.log('data', totals.rows[0]);
console.log('province figures', JSON.stringify({ villages: province.villages, households: province.households }));

const runs = Number(values.runs);
const n = Number(values.sample);
const levels: [string, string[], number][] = [
  ['province', ['42'], runs],
  [
    'prefecture',
    [...(await byLevel('prefecture')), '429004', '429005', '429006', '429021'],
    Math.max(1, Math.round(runs / 4)),
  ],
  ['county', await byLevel('county'), Math.max(1, Math.round(runs / 10))],
  ['township', sample(await byLevel('township'), n), 1],
  ['village', sample(await byLevel('village'), n), 1],
];
const coverageOf = (code: string) => withScope(database.db, actor(code), (tx) => coverage(tx, code, code));
// Warm the caches the way a running server has them.
await time(['42'], 3, coverageOf);
console.log(`engine ${database.engine}, load ${os.loadavg()[0]?.toFixed(1)}`);
console.log('level       requests  p50 ms  p95 ms  max ms   (coverage figures)');
for (const [level, codes, r] of levels) {
  const t = await time(codes, r, coverageOf);
  console.log(
    `${level.padEnd(11)} ${String(t.n).padStart(8)} ${t.p50.toFixed(1).padStart(7)} ${t.p95.toFixed(1).padStart(7)} ${t.max.toFixed(1).padStart(7)}`,
  );
}
console.log('level       requests  p50 ms  p95 ms  max ms   (first page of 50 gaps: households | villages)');
for (const [level, codes, r] of levels.slice(0, 3)) {
  const hh = await time(codes, r, (code) =>
    withScope(database.db, actor(code), (tx) => householdGaps(tx, code, { regionCode: code, limit: 50 })),
  );
  const vv = await time(codes, r, (code) =>
    withScope(database.db, actor(code), (tx) => villageGaps(tx, code, { regionCode: code, limit: 50 })),
  );
  console.log(
    `${level.padEnd(11)} ${String(hh.n).padStart(8)} ${hh.p50.toFixed(1).padStart(7)} ${hh.p95.toFixed(1).padStart(7)} ${hh.max.toFixed(1).padStart(7)}   | ${vv.p50.toFixed(1)} ${vv.p95.toFixed(1)} ${vv.max.toFixed(1)}`,
  );
}
await database.close();
