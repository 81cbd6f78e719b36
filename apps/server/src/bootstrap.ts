import { connect, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import type { Config } from './config.js';
import { loadRegionsIfEmpty } from './modules/regions/load.js';
import { seedDemoUsers, type DemoLogin } from './modules/users/demo.js';

export interface Prepared {
  database: Database;
  migrationsApplied: string[];
  regionsLoaded: number;
  demoLogins: DemoLogin[];
}

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
  return { database, migrationsApplied: applied, regionsLoaded: regions.loaded ? regions.regions : 0, demoLogins };
}
