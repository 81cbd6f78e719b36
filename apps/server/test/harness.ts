import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../src/app.js';
import type { Database } from '../src/db/connection.js';
import { withScope, systemActor } from '../src/db/scope.js';
import { createUser } from '../src/modules/users/service.js';
import type { Role } from '@fupin/domain';

export const TEST_PASSWORD = 'testpass2015';

/** An HTTP client over app.inject that keeps cookies and echoes the CSRF token, like the web app. */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(private readonly app: App) {}

  get csrf(): string | undefined {
    return this.cookies.get('fupin_csrf');
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    for (const c of response.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers ? { headers } : {});
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }

  async login(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/api/auth/login', { username, password });
  }
}

/** Builds the app over a test database, quiet. */
export function testApp(database: Database): Promise<App> {
  return buildApp({ database, logger: false, loginRateLimit: 1000 });
}

/** Creates a user directly (as the system), for test set-up. */
export async function makeUser(database: Database, username: string, role: Role, regionCode: string): Promise<string> {
  const user = await withScope(database.db, systemActor('test-setup', 'test'), (tx) =>
    createUser(tx, '*', { username, displayName: username, password: TEST_PASSWORD, role, regionCode }),
  );
  return user.id;
}

/** The first designated poor village (a 村委会) of a county, in code order. */
export async function firstPoorVillage(database: Database, county: string): Promise<string> {
  const r = await sql<{ code: string }>`select code from regions where code like ${`${county}%`}
    and level = 'village' and poor_designation is not null order by code limit 1`.execute(database.owner);
  const code = r.rows[0]?.code;
  if (!code) throw new Error(`no poor village in ${county}`);
  return code;
}
