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
  };
}
