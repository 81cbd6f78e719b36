// Household list latency: p50/p95 of GET /api/households-equivalent queries (the real service,
// as the application role under row-level security) for random region filters at every level.
//
//   npx tsx bench/household-list.ts --engine postgres --scale 1      (DATABASE_URL or local server)
//   npx tsx bench/household-list.ts --engine pglite --scale 0.05
//
// It creates a fresh database, loads the region tree, generates the registry at the given scale
// and then times the queries. With --keep the PostgreSQL database is left for other benches.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { connect, type Database } from '../apps/server/src/db/connection.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { withScope } from '../apps/server/src/db/scope.js';
import { loadRegionsIfEmpty } from '../apps/server/src/modules/regions/load.js';
import { generateRegistry } from '../apps/server/src/modules/registry/generator/generate.js';
import { listHouseholds, type HouseholdFilter } from '../apps/server/src/modules/registry/service.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '400' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function open(): Promise<{ database: Database; drop: () => Promise<void>; fresh: boolean }> {
  if (values.engine === 'pglite') {
    const database = await connect({ dataDir: 'memory://' });
    return { database, drop: () => database.close(), fresh: true };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = values.reuse ?? `fupin_bench_list_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await connect({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    database,
    fresh: exists.rowCount === 0,
    drop: async () => {
      await database.close();
      if (values.keep || values.reuse) return;
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database ${name} with (force)`);
      await c.end();
    },
  };
}

const { database, drop, fresh } = await open();
try {
  await migrate(database);
  await loadRegionsIfEmpty(database.owner);
  const existing = await sql<{ n: string }>`select count(*)::text as n from households`.execute(database.owner);
  if (fresh || Number(existing.rows[0]?.n) === 0) {
    const started = performance.now();
    const generated = await generateRegistry(database, { scale: Number(values.scale), seed: Number(values.seed) });
    console.log(
      `generated ${generated.households} households, ${generated.members} members in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await sql`analyze`.execute(database.owner);
  const regions = await sql<{ code: string; level: string }>`
    select code, level from regions r where level <> 'province'
      and exists (select 1 from households h where h.village_code >= r.code and h.village_code < r.code || ':')`.execute(
    database.owner,
  );
  const byLevel = new Map<string, string[]>();
  for (const r of regions.rows) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r.code]);
  const levels = ['province', 'prefecture', 'county', 'township', 'village'];
  byLevel.set('province', ['42']);
  const causes = ['因病', '缺资金', '缺技术', '因残'];
  const n = Number(values.queries);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const times: Record<string, number[]> = {};
  for (let i = 0; i < n; i += 1) {
    const level = levels[i % levels.length] ?? 'county';
    const code = pick(byLevel.get(level) ?? ['42']);
    const kind = i % 4;
    const filter: HouseholdFilter = { regionCode: code, limit: 50 };
    if (kind === 1) filter.mainCause = pick(causes);
    if (kind === 2) filter.status = '未脱贫';
    if (kind === 3) filter.incomeMax = 2000;
    const actor = {
      userId: null,
      actorName: 'bench',
      scope: code.slice(0, Math.min(code.length, 6)),
      requestId: `bench-${i}`,
      ip: null,
    };
    const t0 = performance.now();
    const page = await withScope(database.db, actor, (tx) => listHouseholds(tx, actor.scope, true, filter));
    const ms = performance.now() - t0;
    (times[level] ??= []).push(ms);
    (times.all ??= []).push(ms);
    if (page.next && i % 2 === 0) {
      const t1 = performance.now();
      await withScope(database.db, actor, (tx) =>
        listHouseholds(tx, actor.scope, true, { ...filter, after: page.next ?? undefined }),
      );
      (times['next page'] ??= []).push(performance.now() - t1);
    }
  }
  console.log(
    `engine=${values.engine} scale=${values.scale} queries=${n} (every request timed alone; 'next page' = a second keyset page)`,
  );
  for (const [k, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `${k.padEnd(10)} n=${String(sorted.length).padStart(4)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  max=${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
    );
  }
} finally {
  await drop();
}
