import { connect, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import type { Config } from './config.js';
import { loadRegionsIfEmpty } from './modules/regions/load.js';
import { seedDemoUsers, type DemoLogin } from './modules/users/demo.js';
import { generateRegistry } from './modules/registry/generator/generate.js';
import { seedProgressDemo } from './modules/progress/seed.js';
import { progressBar } from './cli/progress.js';
import { sql } from 'kysely';

export interface Prepared {
  database: Database;
  migrationsApplied: string[];
  regionsLoaded: number;
  demoLogins: DemoLogin[];
  /** Households generated as demo data on this start (0 when the registry already had data). */
  demoHouseholds: number;
}

/** The seed of the demo registry loaded on first start (same seed, same data everywhere). */
export const DEMO_SEED = 2015;

/** Connects, migrates, loads the region tree on first run and the demo accounts when asked. */
export async function prepareDatabase(config: Config): Promise<Prepared> {
  // Migrations run as the owner before the app role's pool is used.
  const database = await connect({
    databaseUrl: config.databaseUrl,
    appDatabaseUrl: config.appDatabaseUrl,
    dataDir: config.dataDir,
  });
  const { applied } = await migrate(database);
  const regions = await loadRegionsIfEmpty(database.owner);
  const demoLogins = config.demo ? await seedDemoUsers(database.db) : [];
  let demoHouseholds = 0;
  if (config.demo && config.demoScale > 0) {
    const existing = await sql<{ any: boolean }>`select exists(select 1 from households) as any`.execute(
      database.owner,
    );
    if (!existing.rows[0]?.any) {
      const bar = progressBar(`生成演示数据 (scale ${config.demoScale})`);
      const generated = await generateRegistry(database, { scale: config.demoScale, seed: DEMO_SEED, onProgress: bar });
      demoHouseholds = generated.households;
    }
    // The bulletin's timetable (DOMAIN §7), once, over the generated registry.
    await seedProgressDemo(database.owner);
  }
  return {
    database,
    migrationsApplied: applied,
    regionsLoaded: regions.loaded ? regions.regions : 0,
    demoLogins,
    demoHouseholds,
  };
}
