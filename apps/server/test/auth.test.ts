import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, createTestDatabase } from './db.js';
import { TEST_PASSWORD, TestClient, makeUser, testApp } from './harness.js';
import type { App } from '../src/app.js';

describe.each(ENGINES)('accounts and sessions on %s', (engine) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'admin42', 'admin', '42');
    await makeUser(database, 'locky', 'county_officer', '420324');
    await makeUser(database, 'zhuxiadmin', 'admin', '420324');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('logs in with an httpOnly SameSite session cookie and a readable CSRF cookie, and logs out', async () => {
    const client = new TestClient(app);
    const res = await client.login('admin42');
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'fupin_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.cookies.find((c) => c.name === 'fupin_csrf')?.httpOnly).toBeFalsy();
    expect(res.json().user).toMatchObject({ username: 'admin42', role: 'admin', regionName: '湖北省' });
    expect(res.json().user.password_hash).toBeUndefined();
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a mutation without the CSRF token, or with a wrong one', async () => {
    const client = new TestClient(app);
    await client.login('admin42');
    const body = {
      username: 'csrfvictim',
      displayName: 'x',
      password: 'abcdef12345',
      role: 'helper',
      regionCode: '42',
    };
    const none = await client.request('POST', '/api/users', body, { csrf: null });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF');
    const wrong = await client.request('POST', '/api/users', body, { csrf: 'forged-token' });
    expect(wrong.json().error.code).toBe('CSRF');
    const count = await sql<{ n: number }>`select count(*)::int as n from users where username = 'csrfvictim'`.execute(
      database.owner,
    );
    expect(count.rows[0]?.n).toBe(0);
    expect((await client.post('/api/users', body)).statusCode).toBe(200);
  });

  it('locks an account for 15 minutes after 5 failed logins, even with the right password', async () => {
    const client = new TestClient(app);
    for (let i = 0; i < 4; i += 1) {
      expect((await client.login('locky', 'wrong-password-1')).json().error.code).toBe('BAD_CREDENTIALS');
    }
    const fifth = await client.login('locky', 'wrong-password-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await client.login('locky', TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    const row = await sql<{
      minutes: number;
    }>`select round(extract(epoch from locked_until - now()) / 60)::int as minutes from users where username = 'locky'`.execute(
      database.owner,
    );
    expect(row.rows[0]?.minutes).toBe(15);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where entity = 'user' and action like 'auth.%' and entity_id = (select id::text from users where username = 'locky') order by id`.execute(
      database.owner,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.lockout',
    ]);
    // When the lock has passed, the right password works again and the counter resets.
    await sql`update users set locked_until = now() - interval '1 second' where username = 'locky'`.execute(
      database.owner,
    );
    expect((await client.login('locky', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('expires idle sessions', async () => {
    const client = new TestClient(app);
    await client.login('admin42');
    await sql`update sessions set last_seen_at = now() - interval '3 hours'`.execute(database.owner);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('applies the password rule and user names are unique', async () => {
    const client = new TestClient(app);
    await client.login('admin42');
    const weak = await client.post('/api/users', {
      username: 'weakling',
      displayName: 'w',
      password: 'short1',
      role: 'helper',
      regionCode: '42',
    });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const letters = await client.post('/api/users', {
      username: 'weakling',
      displayName: 'w',
      password: 'onlyletterslong',
      role: 'helper',
      regionCode: '42',
    });
    expect(letters.json().error.code).toBe('WEAK_PASSWORD');
    const taken = await client.post('/api/users', {
      username: 'locky',
      displayName: 'w',
      password: 'abcdef12345',
      role: 'helper',
      regionCode: '42',
    });
    expect(taken.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('lets an administrator manage users only inside their own region', async () => {
    const county = new TestClient(app);
    await county.login('zhuxiadmin');
    const outside = await county.post('/api/users', {
      username: 'outsider',
      displayName: 'o',
      password: 'abcdef12345',
      role: 'helper',
      regionCode: '422802',
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    const above = await county.post('/api/users', {
      username: 'aboveme',
      displayName: 'o',
      password: 'abcdef12345',
      role: 'province_officer',
      regionCode: '42',
    });
    expect(above.statusCode).toBe(403);
    const inside = await county.post('/api/users', {
      username: 'zhuxihelper',
      displayName: '帮扶干部',
      password: 'abcdef12345',
      role: 'helper',
      regionCode: '420324',
    });
    expect(inside.statusCode).toBe(200);
    const list = (await county.get('/api/users')).json();
    expect(list.items.every((u: { regionCode: string }) => u.regionCode.startsWith('420324'))).toBe(true);
    const province = new TestClient(app);
    await province.login('admin42');
    const someoneElse = (await province.get('/api/users?q=admin42')).json().items[0];
    expect((await county.patch(`/api/users/${someoneElse.id}`, { disabled: true })).statusCode).toBe(403);
    // Disabling a user ends their sessions and is audited with before and after.
    const helper = new TestClient(app);
    expect((await helper.login('zhuxihelper', 'abcdef12345')).statusCode).toBe(200);
    expect((await county.patch(`/api/users/${inside.json().id}`, { disabled: true })).json().disabled).toBe(true);
    expect((await helper.get('/api/auth/me')).statusCode).toBe(401);
    expect((await helper.login('zhuxihelper', 'abcdef12345')).json().error.code).toBe('ACCOUNT_DISABLED');
    const history = (await county.get(`/api/audit?entity=user&entityId=${inside.json().id}`)).json().items;
    const update = history.find((h: { action: string }) => h.action === 'user.update');
    expect(update).toMatchObject({ actorName: 'zhuxiadmin', before: { disabled: false }, after: { disabled: true } });
  });

  it('forbids roles without the permission', async () => {
    await makeUser(database, 'helperx', 'helper', '420324');
    const helper = new TestClient(app);
    await helper.login('helperx');
    const res = await helper.post('/api/users', {
      username: 'nope1',
      displayName: 'n',
      password: 'abcdef12345',
      role: 'helper',
      regionCode: '420324',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('sends security headers and request ids, and hides internals in errors', async () => {
    const client = new TestClient(app);
    const res = await client.get('/api/health');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const bad = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).not.toMatch(/at .*\.ts|stack/);
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
