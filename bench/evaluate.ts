// Benchmark of the exit evaluation (issue 5 goal: all ≈2 million households of a year ≤ 60 s on
// PostgreSQL at generator scale S=1).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h5a npm run fupin -- migrate
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h5a npm run fupin -- generate --scale 1 --seed 1
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_h5a npx tsx bench/evaluate.ts --runs 2
//
// It migrates the database at DATABASE_URL (a generated registry), then evaluates the year for the
// whole province through the real path — startEvaluation queues the `exit.evaluate` job and a
// JobWorker runs it county by county, each county one transaction — and prints the wall time of
// each run (the second run replaces the first run's results), the longest wait between two county steps, and the
// counts. Works on PGlite too (DATABASE_URL=<folder>), for small scales.

import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect } from '../apps/server/src/db/connection.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { systemActor, withScope } from '../apps/server/src/db/scope.js';
import { loadRegionsIfEmpty } from '../apps/server/src/modules/regions/load.js';
import { JOB_DEFINITIONS } from '../apps/server/src/modules/jobs/definitions.js';
import { JobWorker } from '../apps/server/src/modules/jobs/runner.js';
import { startEvaluation } from '../apps/server/src/modules/exit/evaluation.js';
import { DEFAULT_REGISTRY_YEAR } from '../apps/server/src/modules/registry/generator/generate.js';

const { values } = parseArgs({
  options: {
    year: { type: 'string', default: String(DEFAULT_REGISTRY_YEAR) },
    region: { type: 'string', default: '42' },
    runs: { type: 'string', default: '1' },
    // Workers side by side, as the server runs them (FUPIN_JOB_WORKERS; 2 on PostgreSQL), and as
    // many shards of the run.
    workers: { type: 'string' },
    // For a database migrated already (e.g. by `npm run fupin -- migrate`).
    'skip-migrate': { type: 'boolean', default: false },
  },
});

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a database with a generated registry');
const embedded = !/^postgres(ql)?:\/\//.test(url);
const database = embedded ? await connect({ dataDir: url }) : await connect({ databaseUrl: url, poolSize: 4 });
if (!values['skip-migrate']) {
  await migrate(database);
  await loadRegionsIfEmpty(database.owner);
}
const year = Number(values.year);
const workers = embedded ? 1 : Number(values.workers ?? 2);
const households = await sql<{ n: number }>`select count(*)::int as n from households where status <> '已销户'`.execute(
  database.owner,
);

const runs: { seconds: number; longestStepGapMs: number; workers: number }[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const actor = systemActor(`bench-evaluate-${run}`, 'bench');
  const evaluation = await withScope(database.db, actor, (tx) =>
    startEvaluation(tx, actor, values.region, year, { shards: workers }),
  );
  const counties = await sql<{ code: string }>`select code from regions where level = 'county'
    and code >= ${values.region} and code < ${`${values.region}:`} order by code`.execute(database.owner);
  let last = performance.now();
  let slowest = 0;
  const started = performance.now();
  let counted = 0;
  const pool = Array.from(
    { length: workers },
    () =>
      new JobWorker(database.db, JOB_DEFINITIONS, {
        staleAfterMs: 60_000,
        onProgress: () => {
          const now = performance.now();
          counted += 1;
          slowest = Math.max(slowest, now - last);
          last = now;
          process.stderr.write(`\r评估 ${counted}/${counties.rows.length}`);
        },
      }),
  );
  await Promise.all(
    pool.map(async (worker) => {
      while (await worker.runOne());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  const status = await sql<{
    status: string;
  }>`select status from exit_evaluations where id = ${evaluation.id}::bigint`.execute(database.owner);
  if (status.rows[0]?.status !== 'completed') throw new Error(`evaluation ${evaluation.id} did not complete`);
  runs.push({
    seconds: Number(seconds.toFixed(1)),
    longestStepGapMs: Math.round(slowest),
    workers,
  });
}

const counts = await sql<{
  households: number;
  eligible: number;
  villages: number;
  villages_eligible: number;
  counties: number;
  counties_eligible: number;
}>`
  select (select count(*)::int from household_exit_results where year = ${year}::int) as households,
         (select count(*)::int from household_exit_results where year = ${year}::int and eligible) as eligible,
         (select count(*)::int from village_exit_results where year = ${year}::int) as villages,
         (select count(*)::int from village_exit_results where year = ${year}::int and eligible) as villages_eligible,
         (select count(*)::int from county_exit_results where year = ${year}::int) as counties,
         (select count(*)::int from county_exit_results where year = ${year}::int and eligible) as counties_eligible`.execute(
  database.owner,
);
await database.close();

process.stdout.write(
  `${JSON.stringify(
    {
      engine: embedded ? `pglite (${url})` : 'postgresql',
      year,
      region: values.region,
      householdsInRegistry: households.rows[0]?.n,
      runs,
      results: counts.rows[0],
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
      machine: {
        cpus: os.availableParallelism(),
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
    },
    null,
    2,
  )}\n`,
);
