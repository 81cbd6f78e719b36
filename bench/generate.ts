// Benchmark of the synthetic registry generator.
//
//   npx tsx bench/generate.ts --scale 1 --seed 42                    # PostgreSQL at DATABASE_URL
//   DATABASE_URL=memory:// npx tsx bench/generate.ts --scale 0.05   # embedded PGlite in memory
//
//   DATABASE_URL=/tmp/fupin-bench npx tsx bench/generate.ts --scale 0.05  # PGlite in a folder
//
// With a postgres:// DATABASE_URL it creates a fresh database (fupin_bench_gen by default, or
// --database NAME) on that server, migrates it, loads the region tree, generates, prints
// households / members / seconds / peak RSS, and drops the database unless --keep is given.
// Any other DATABASE_URL is a PGlite data folder, which must not exist yet; it is removed
// afterwards unless --keep is given.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connect, type Database } from '../apps/server/src/db/connection.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { loadRegionsIfEmpty } from '../apps/server/src/modules/regions/load.js';
import { generateRegistry } from '../apps/server/src/modules/registry/generator/generate.js';
import { progressBar } from '../apps/server/src/cli/progress.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    year: { type: 'string' },
    batch: { type: 'string' },
    database: { type: 'string', default: 'fupin_bench_gen' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const url = process.env.DATABASE_URL ?? 'memory://';
const embedded = !/^postgres(ql)?:\/\//.test(url);
const folder = embedded && url !== 'memory://' ? url : undefined;
const name = values.database;
if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database must be a plain identifier, got ${name}`);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function open(): Promise<Database> {
  if (folder !== undefined && existsSync(folder)) throw new Error(`${folder} exists; give a new folder`);
  if (embedded) return connect({ dataDir: url });
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return connect({ databaseUrl: databaseUrl(), poolSize: 2 });
}

const setupStarted = performance.now();
const database = await open();
await migrate(database);
await loadRegionsIfEmpty(database.owner);
const setupSeconds = (performance.now() - setupStarted) / 1000;
const bar = values.quiet ? undefined : progressBar('生成建档立卡数据');
const result = await generateRegistry(database, {
  scale: Number(values.scale),
  seed: Number(values.seed),
  year: values.year === undefined ? undefined : Number(values.year),
  batchSize: values.batch === undefined ? undefined : Number(values.batch),
  onProgress: bar,
});
await database.close();
if (!embedded && !values.keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
if (folder !== undefined && !values.keep) await rm(folder, { recursive: true, force: true });

const usage = process.resourceUsage();
const peakRssMiB = usage.maxRSS / 1024;
const report = {
  engine: embedded ? `pglite (${url})` : `postgresql (${name})`,
  kept: values.keep,
  scale: Number(values.scale),
  seed: Number(values.seed),
  households: result.households,
  members: result.members,
  flawed: result.flawed,
  seconds: Number(result.seconds.toFixed(1)),
  householdsPerSecond: Math.round(result.households / result.seconds),
  setupSeconds: Number(setupSeconds.toFixed(1)),
  peakRssMiB: Math.round(peakRssMiB),
  nodeCpuSeconds: Number(((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
  machine: { cpus: os.availableParallelism(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
