import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DB } from './schema.js';

/** Which engine a Database runs on. */
export type Engine = 'pglite' | 'postgres';

// Calendar dates (type 1082) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
const DATE_OID = 1082;
const DATE_AS_TEXT = { [DATE_OID]: (value: string) => value };
pg.types.setTypeParser(DATE_OID, (value: string) => value);

/** Name of the non-superuser role the application runs as (created by migration 001). */
export const APP_ROLE = 'fupin_app';

/**
 * Put first in a statement's text, it asks the PostgreSQL pool to run the statement as a named
 * prepared statement: parsed and planned once per connection, then bound to each call's values.
 * For a large statement run many times with the same text and new values (an import's batches,
 * where parsing and planning took about a tenth of the registry writer's time). On PGlite it is a
 * comment like any other.
 */
export const PREPARED = '/* fupin:prepared */';

/** The prepared statements' names, by text: a digest, so that the same text always has one name. */
const preparedNames = new Map<string, string>();

function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `fupin_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** A pg client that runs statements marked PREPARED as named prepared statements (pg caches them per connection). */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [config, values] = args;
    const query = super.query.bind(this) as (...a: unknown[]) => never;
    if (typeof config === 'string' && config.startsWith(PREPARED) && args.length <= 2)
      return query({ name: preparedName(config), text: config, values });
    return query(...args);
  }
}

/** The minimal pg-compatible client Kysely's PostgresDialect needs. */
interface PgLikeClient {
  query(
    sql: string,
    params: readonly unknown[],
  ): Promise<{ rows: unknown[]; rowCount: number | null; command: string }>;
  release(): void;
}

/**
 * A pg.Pool look-alike over one embedded PGlite instance. PGlite has a single session, so
 * connections are handed out one at a time (a FIFO queue) and a transaction holds it throughout.
 */
class PgliteSingleConnectionPool {
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly lite: PGlite) {}

  async connect(): Promise<PgLikeClient> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy = true;
    let released = false;
    return {
      query: async (sql, params) => {
        const result = await this.lite.query(sql, params as unknown[], { rowMode: 'object' });
        return {
          rows: result.rows,
          rowCount: result.affectedRows ?? result.rows.length,
          command: commandOf(sql),
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }

  /** Runs `work` while holding the single connection. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await work();
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    if (!this.lite.closed) await this.lite.close();
  }
}

/** The command tag pg would report; for a WITH statement, the data-changing verb after its CTEs. */
function commandOf(sql: string): string {
  const first = (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
  if (first !== 'WITH') return first;
  return (/\)\s*(insert|update|delete|merge)\b/i.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
}

/** What a bulk transaction may do. */
export interface BulkSession {
  copy(copySql: string, data: AsyncIterable<string> | Iterable<string>): Promise<void>;
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** A connected database: the Kysely handle used by the app, plus engine facts. */
export interface Database {
  engine: Engine;
  /** Queries run as the application role (row-level security applies). */
  db: Kysely<DB>;
  /** Connection for migrations and maintenance; the schema owner. */
  owner: Kysely<DB>;
  /** Raw access for COPY-style bulk loads; `run` executes one SQL script as the owner. */
  runOwnerScript(sql: string): Promise<void>;
  /**
   * Bulk work as the schema owner in one transaction on one connection: `copy` runs
   * `COPY t (cols) FROM STDIN WITH (...)` over text yielded in pieces, `exec` runs plain SQL.
   * Everything commits together or not at all.
   */
  bulk<T>(work: (session: BulkSession) => Promise<T>): Promise<T>;
  /** A tarball of the embedded data folder (PGlite only): used as a test template. */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres:// URL of the schema owner; absent → embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** postgres:// URL the application connects with; default: databaseUrl with user fupin_app. */
  appDatabaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** PGlite only: start from this data-folder tarball (see dumpDataDir). */
  loadDataDir?: Blob | undefined;
}

/** The engine behind each application handle `connect` made (see engineOf). */
const ENGINES = new WeakMap<Kysely<DB>, Engine>();

/**
 * The engine of a handle `connect` made, or undefined for any other: a job that holds a second
 * session alongside its steps' (an import's registry writer) may do so only on PostgreSQL.
 */
export function engineOf(db: Kysely<DB>): Engine | undefined {
  return ENGINES.get(db);
}

/** Opens the database: PostgreSQL when a URL is given, embedded PGlite otherwise. */
export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.appDatabaseUrl, options.poolSize ?? 10);
  return connectPglite(options.dataDir ?? './data/pglite', options.loadDataDir);
}

async function connectPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  if (!dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, { parsers: DATE_AS_TEXT, ...(loadDataDir ? { loadDataDir } : {}) });
  const pool = new PgliteSingleConnectionPool(lite);
  // One session: the app role is switched to per transaction (see withScope), the owner is the default.
  // One session for both: the app role is switched to inside each transaction (see withScope).
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: async () => pool as unknown as pg.Pool }) });
  const app = owner;
  ENGINES.set(app, 'pglite');
  return {
    engine: 'pglite',
    db: app,
    owner,
    runOwnerScript: async (sql) => {
      await lite.exec(sql);
    },
    dumpDataDir: () => lite.dumpDataDir('none'),
    bulk: (work) =>
      pool.exclusive(async () => {
        const session: BulkSession = {
          copy: async (copySql, data) => {
            const parts: string[] = [];
            for await (const part of data) parts.push(part);
            await lite.query(copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob: new Blob(parts) });
          },
          exec: async (text, params = []) => (await lite.query<Record<string, unknown>>(text, params)).rows,
        };
        await lite.exec('BEGIN');
        try {
          const result = await work(session);
          await lite.exec('COMMIT');
          return result;
        } catch (error) {
          await lite.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      await owner.destroy();
    },
  };
}

async function connectPostgres(ownerUrl: string, appUrl: string | undefined, poolSize: number): Promise<Database> {
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  const appPool = new pg.Pool({
    connectionString: appUrl ?? withUser(ownerUrl, APP_ROLE),
    max: poolSize,
    Client: PreparingClient,
  });
  // An idle client can be terminated by the server (restart, failover); pg reports that on the
  // pool, and an unhandled 'error' event would end the process.
  for (const pool of [ownerPool, appPool])
    pool.on('error', (error) => process.emitWarning(`idle database connection lost: ${error.message}`));
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });
  ENGINES.set(app, 'postgres');
  return {
    engine: 'postgres',
    db: app,
    owner,
    runOwnerScript: async (sql) => {
      const client = await ownerPool.connect();
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    },
    dumpDataDir: () => Promise.reject(new Error('dumpDataDir is only available on embedded PGlite')),
    bulk: async (work) => {
      const client = await ownerPool.connect();
      const session: BulkSession = {
        copy: async (copySql, data) => {
          await pipeline(Readable.from(data), client.query(copyFrom(copySql)));
        },
        exec: async (text, params = []) => (await client.query<Record<string, unknown>>(text, params)).rows,
      };
      try {
        await client.query('BEGIN');
        const result = await work(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await app.destroy();
      await owner.destroy();
    },
  };
}

/** Replaces the user (and drops the password) of a postgres URL. */
export function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = process.env.FUPIN_APP_DB_PASSWORD ?? '';
  return parsed.toString();
}
