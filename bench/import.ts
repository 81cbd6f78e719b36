// Registry import speed: the full generated registry imported from CSV through the real import job
// (every check, staging, set-based registration, audit) against a raw COPY of the same rows into
// the same tables, in the same run, on PostgreSQL.
//
//   npx tsx bench/import.ts --scale 1 --seed 42        (DATABASE_URL or the local server)
//   npx tsx bench/import.ts --csv FILE                 (again with the file a --keep run left)
//   … --cpu-prof DIR | --heap-prof FILE | --node-flags="--trace-gc"   (profiles of the import process)
//
// 1. generates the registry at the scale into a source database and writes it as one CSV file in
//    the import template's format (one row per member, the template's Chinese headers);
// 2. imports that file into a fresh database as a province user, in a child process whose peak
//    RSS is reported (the import streams the file, so its memory must not grow with the file);
// 3. copies what the import wrote (households, members, person_ids, household_incomes,
//    household_history) out to CSV and times a plain COPY of those rows into a third fresh
//    database with the same schema, indexes and row-level security.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { sql } from 'kysely';
import { connect, type Database } from '../apps/server/src/db/connection.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { systemActor, withScope } from '../apps/server/src/db/scope.js';
import { loadRegionsIfEmpty } from '../apps/server/src/modules/regions/load.js';
import { generateRegistry } from '../apps/server/src/modules/registry/generator/generate.js';
import { COLUMNS } from '../apps/server/src/modules/registry/transfer/columns.js';
import { ledgerRows, loadLedger } from '../apps/server/src/modules/registry/transfer/ledger.js';
import { importLocalFile } from '../apps/server/src/modules/registry/transfer/cliImport.js';
import { getImport } from '../apps/server/src/modules/registry/transfer/importService.js';
import { JobWorker } from '../apps/server/src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../apps/server/src/modules/jobs/definitions.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '42' },
    // Internal: the child process that runs the import.
    phase: { type: 'string' },
    db: { type: 'string' },
    file: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // Import this file (one --keep left in the work folder) instead of generating and exporting one.
    csv: { type: 'string' },
    // Writes a V8 CPU profile of the import process into this folder (open it in Chrome DevTools).
    'cpu-prof': { type: 'string' },
    // More Node.js flags for the import process, space-separated (e.g. --node-flags="--trace-gc").
    'node-flags': { type: 'string' },
    // Writes a sampling allocation profile of the import process (every allocation, also those
    // collected since) to this file: what the import's garbage collection has to deal with.
    'heap-prof': { type: 'string' },
  },
});

const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORK = path.join(os.tmpdir(), 'fupin-bench-import');
const TABLES = ['households', 'members', 'person_ids', 'household_incomes', 'household_history'] as const;

function urlOf(name: string): string {
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function freshDatabase(name: string): Promise<Database> {
  await admin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  const database = await connect({ databaseUrl: urlOf(name), poolSize: 4 });
  await migrate(database);
  await loadRegionsIfEmpty(database.owner);
  return database;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes every household of the database as template rows, county by county, page by page. */
async function exportCsv(database: Database, file: string): Promise<{ rows: number; households: number }> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${COLUMNS.map((c) => csvCell(c.header)).join(',')}\n`);
  let rows = 0;
  let households = 0;
  const counties = await sql<{ county_code: string }>`select distinct county_code from households order by 1`.execute(
    database.owner,
  );
  for (const { county_code: county } of counties.rows) {
    let after = '0';
    for (;;) {
      const page = await sql<{ id: string }>`select id::text as id from households
        where county_code = ${county} and id > ${after}::bigint order by households.id limit 5000`.execute(
        database.owner,
      );
      if (page.rows.length === 0) break;
      after = page.rows[page.rows.length - 1]?.id ?? after;
      const ledger = await withScope(database.db, systemActor('bench-export'), (tx) =>
        loadLedger(
          tx,
          page.rows.map((r) => ({ countyCode: county, id: r.id })),
        ),
      );
      let text = '';
      for (const l of ledger) {
        households += 1;
        for (const row of ledgerRows(l)) {
          text += `${COLUMNS.map((c) => csvCell(row[c.key])).join(',')}\n`;
          rows += 1;
        }
      }
      await write(text);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { rows, households };
}

/** The child process: imports the file as a province user and reports time, counts and peak RSS. */
async function runImportPhase(dbName: string, file: string): Promise<void> {
  const database = await connect({ databaseUrl: urlOf(dbName), poolSize: 4 });
  const actor = { ...systemActor('bench-import', 'bench'), scope: '42' };
  const heap = values['heap-prof'] ? await startAllocationProfile() : undefined;
  const started = performance.now();
  const created = await importLocalFile(database.db, actor, file, 'good');
  const storeMs = performance.now() - started;
  // The job reports rows read while it reads, then done = total for the duplicate check and the write.
  let readDone: number | null = null;
  const worker = new JobWorker(database.db, JOB_DEFINITIONS, {
    staleAfterMs: 0,
    onProgress: (id, done, total) => {
      if (id === created.jobId && readDone === null && total > 0 && done >= total) readDone = performance.now();
    },
  });
  for (;;) {
    const current = await withScope(database.db, actor, (tx) => getImport(tx, '42', created.id, 'zh-CN'));
    if (!['queued', 'checking', 'applying'].includes(current.status)) {
      const end = performance.now();
      const read = (readDone ?? end) - started;
      const phaseTimes = {
        'store + read + check + stage': read,
        '  of which storing the file': storeMs,
        'duplicates + write': end - (readDone ?? end),
      };
      const usage = process.resourceUsage();
      const rss = usage.maxRSS * 1024;
      const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      if (heap) await writeFile(values['heap-prof'] ?? '', JSON.stringify(await heap()));
      process.stdout.write(
        `${JSON.stringify({ status: current.status, counts: current.counts, totalMs: end - started, phaseTimes, peakRssBytes: rss, cpuMs })}\n`,
      );
      await database.close();
      return;
    }
    if (!(await worker.runOne())) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts V8's sampling heap profiler, keeping the samples of objects collected since; returns its stop. */
async function startAllocationProfile(): Promise<() => Promise<unknown>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    session.disconnect();
    return profile;
  };
}

/** The machine's CPU time so far, from /proc/stat: busy and stolen (by the host) core-seconds. */
async function machineCpu(): Promise<{ busy: number; steal: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const hz = 100; // USER_HZ on Linux
  return { busy: (user + nice + system + irq + softirq) / hz, steal: steal / hz };
}

function cpuSince(before: { busy: number; steal: number }, after: { busy: number; steal: number }) {
  return { busy: after.busy - before.busy, steal: after.steal - before.steal };
}

function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
    const flags = (values['node-flags'] ?? '').split(' ').filter((f) => f !== '');
    const proc = spawn(
      process.execPath,
      [...flags, ...profile, '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: process.env,
      },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`import phase exited ${code}`))));
  });
}

async function copyOut(dbName: string, table: string, file: string): Promise<void> {
  const c = new pg.Client({ connectionString: urlOf(dbName) });
  await c.connect();
  try {
    await pipeline(c.query(copyTo(`COPY ${table} TO STDOUT WITH (FORMAT csv)`)), createWriteStream(file));
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  if (values.phase === 'import') return runImportPhase(values.db ?? '', values.file ?? '');
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const tag = Date.now().toString(36);
  const sourceName = `fupin_bench_imp_src_${tag}`;
  const importName = `fupin_bench_imp_dst_${tag}`;
  const copyName = `fupin_bench_imp_cpy_${tag}`;
  await mkdir(WORK, { recursive: true });
  const csv = values.csv ?? path.join(WORK, `registry-${tag}.csv`);
  if (values.csv) console.log(`importing ${csv} (${((await stat(csv)).size / 1048576).toFixed(0)} MiB)`);
  else {
    console.log(`scale ${scale}, seed ${seed}: generating the source registry …`);
    const source = await freshDatabase(sourceName);
    const generated = await generateRegistry(source, { scale, seed });
    console.log(`generated ${generated.households} households / ${generated.members} members`);
    const exportStart = performance.now();
    const exported = await exportCsv(source, csv);
    const size = (await stat(csv)).size;
    console.log(
      `CSV: ${exported.households} households, ${exported.rows} rows, ${(size / 1048576).toFixed(0)} MiB, written in ${seconds(performance.now() - exportStart)} s`,
    );
    await source.close();
    await admin((c) => c.query(`drop database ${sourceName} with (force)`));
  }

  const target = await freshDatabase(importName);
  await target.close();
  console.log('importing through the registry.import job …');
  const cpuBefore = await machineCpu();
  const heapProfile = values['heap-prof'] ? ['--heap-prof', path.resolve(values['heap-prof'])] : [];
  const out = await child(['--phase', 'import', '--db', importName, '--file', csv, ...heapProfile]);
  const importCpu = cpuSince(cpuBefore, await machineCpu());
  // The result is the last JSON line; anything else the process printed (e.g. --trace-gc) goes to stderr.
  const lines = out.trim().split('\n');
  process.stderr.write(
    lines
      .filter((l) => !l.startsWith('{'))
      .map((l) => `${l}\n`)
      .join(''),
  );
  const result = JSON.parse(lines.filter((l) => l.startsWith('{')).pop() ?? '{}') as {
    status: string;
    counts: unknown;
    totalMs: number;
    phaseTimes: Record<string, number>;
    peakRssBytes: number;
    cpuMs: number;
  };
  console.log(JSON.stringify(result.counts));

  // What the import wrote, as plain CSV files for the COPY baseline.
  const imported = await connect({ databaseUrl: urlOf(importName), poolSize: 2 });
  const rowCounts: Record<string, number> = {};
  for (const table of TABLES) {
    await copyOut(importName, table, path.join(WORK, `${table}-${tag}.csv`));
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(imported.owner);
    rowCounts[table] = r.rows[0]?.n ?? 0;
  }
  await imported.close();

  const baseline = await freshDatabase(copyName);
  await baseline.close();
  const c = new pg.Client({ connectionString: urlOf(copyName) });
  await c.connect();
  const copyCpuBefore = await machineCpu();
  const copyStart = performance.now();
  await c.query('begin');
  for (const table of TABLES) {
    await pipeline(
      createReadStream(path.join(WORK, `${table}-${tag}.csv`)),
      c.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv)`)),
    );
  }
  await c.query('commit');
  const copyMs = performance.now() - copyStart;
  const copyCpu = cpuSince(copyCpuBefore, await machineCpu());
  await c.end();

  console.log('');
  console.log(`rows                : ${JSON.stringify(rowCounts)}`);
  console.log(`import status       : ${result.status}`);
  console.log(`import (job, total) : ${seconds(result.totalMs)} s`);
  for (const [phase, ms] of Object.entries(result.phaseTimes)) console.log(`  ${phase.padEnd(18)}: ${seconds(ms)} s`);
  console.log(`raw COPY, same rows : ${seconds(copyMs)} s`);
  console.log(`ratio import / COPY : ${(result.totalMs / copyMs).toFixed(2)} (goal ≤ 2)`);
  console.log(`import peak RSS     : ${(result.peakRssBytes / 1048576).toFixed(0)} MiB`);
  console.log(`import process CPU  : ${seconds(result.cpuMs)} s (its threads, not PostgreSQL's)`);
  // Both cores: the import process, PostgreSQL and whatever else ran (the bench starts the import's
  // child process, so its start-up is in the first figure). Stolen: time the host gave elsewhere.
  console.log(
    `machine CPU, import : ${importCpu.busy.toFixed(1)} core-s busy (PostgreSQL and the rest ≈ ${(importCpu.busy - result.cpuMs / 1000).toFixed(1)}), ${importCpu.steal.toFixed(1)} stolen`,
  );
  console.log(`machine CPU, COPY   : ${copyCpu.busy.toFixed(1)} core-s busy, ${copyCpu.steal.toFixed(1)} stolen`);

  if (values.keep) console.log(`kept: databases ${importName}, ${copyName}; file ${csv}`);
  else {
    await admin(async (a) => {
      await a.query(`drop database if exists ${importName} with (force)`);
      await a.query(`drop database if exists ${copyName} with (force)`);
    });
    for (const table of TABLES) await rm(path.join(WORK, `${table}-${tag}.csv`), { force: true });
    if (!values.csv) await rm(csv, { force: true });
  }
}

await main();
