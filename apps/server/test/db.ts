import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database, type Engine } from '../src/db/connection.js';

/** The engines this run tests: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let counter = 0;

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database for one test file, copied from the run's migrated template; `drop()` removes it. */
export async function createTestDatabase(engine: Engine): Promise<Database & { drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dump = await readFile(inject('pgliteTemplate'));
    const database = await connect({ dataDir: 'memory://', loadDataDir: new Blob([dump]) });
    return { ...database, drop: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!base || !template) throw new Error('TEST_DATABASE_URL is not set');
  counter += 1;
  const name = `fupin_t_${inject('runId')}_${process.pid}_${counter}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const database = await connect({ databaseUrl: databaseUrl(base, name), poolSize: 4 });
  return {
    ...database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
