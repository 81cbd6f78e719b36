/** Runtime settings read from the environment, with their defaults. */
export interface Config {
  databaseUrl: string | undefined;
  appDatabaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Load the demo accounts (and, with the registry, demo data) into an empty database. */
  demo: boolean;
  /** Scale of the demo registry generated into an empty database (0.05 ≈ 96,000 households). */
  demoScale: number;
  /**
   * Job workers of the server process (FUPIN_JOB_WORKERS): jobs, and the shards of an exit
   * evaluation, run this many at a time. Default: 2 on PostgreSQL (one per core of the reference
   * machine), always 1 on PGlite, which has a single session.
   */
  jobWorkers: number | undefined;
}

/** Reads the configuration from environment variables. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.APP_DATABASE_URL || undefined,
    dataDir: env.FUPIN_DATA_DIR ?? './data/pglite',
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
    demo: env.FUPIN_DEMO !== '0',
    demoScale: Number(env.FUPIN_DEMO_SCALE ?? 0.05),
    jobWorkers: env.FUPIN_JOB_WORKERS ? Math.min(16, Math.max(1, Number(env.FUPIN_JOB_WORKERS) || 1)) : undefined,
  };
}
