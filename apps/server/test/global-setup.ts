import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { loadRegionsIfEmpty } from '../src/modules/regions/load.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
    runId: string;
  }
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Builds one migrated database with the Hubei region tree per engine, once per run: a PGlite
 * data-dir dump, and (when TEST_DATABASE_URL is set) a PostgreSQL template database. Each test
 * file then gets its own copy, so no test depends on another's leftovers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fupin-test-'));
  const lite = await connect({ dataDir: 'memory://' });
  await migrate(lite);
  await loadRegionsIfEmpty(lite.owner);
  const dumpFile = path.join(dir, 'template.tar');
  const dump = await lite.dumpDataDir();
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await lite.close();

  let pgTemplate: string | null = null;
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    pgTemplate = `fupin_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgTemplate}`);
    await admin.end();
    const database = await connect({ databaseUrl: databaseUrl(base, pgTemplate) });
    await migrate(database);
    await loadRegionsIfEmpty(database.owner);
    await database.close();
  }
  project.provide('pgliteTemplate', dumpFile);
  project.provide('postgresTemplate', pgTemplate);
  project.provide('runId', runId);

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (base && pgTemplate) {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate} WITH (FORCE)`);
      await admin.end();
    }
  };
}
