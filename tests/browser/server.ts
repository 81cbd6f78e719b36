import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type App } from '../../apps/server/src/app.js';
import { connect, type Database } from '../../apps/server/src/db/connection.js';
import { migrate } from '../../apps/server/src/db/migrate.js';
import { loadRegionsIfEmpty } from '../../apps/server/src/modules/regions/load.js';
import { seedDemoUsers, DEMO_PASSWORD } from '../../apps/server/src/modules/users/demo.js';
import { JobWorker } from '../../apps/server/src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../../apps/server/src/modules/jobs/definitions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'test-artifacts/screenshots');
export { DEMO_PASSWORD };

/** A running fupin (embedded PGlite in memory, demo accounts) and a headless Chromium. */
export interface Stack {
  url: string;
  app: App;
  database: Database;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the server on a free port with the built web app, and Debian's Chromium. */
export async function startStack(): Promise<Stack> {
  const database = await connect({ dataDir: 'memory://' });
  await migrate(database);
  await loadRegionsIfEmpty(database.owner);
  await seedDemoUsers(database.db);
  const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 0, pollMs: 200 });
  const app = await buildApp({
    database,
    worker,
    logger: false,
    webDist: process.env.FUPIN_WEB_DIST ?? path.join(root, 'apps/web/dist'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  worker.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    browser,
    close: async () => {
      await worker.stop();
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** Saves a full-page screenshot under test-artifacts/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Logs in through the login form. */
export async function login(page: Page, url: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('region-title').waitFor();
}
