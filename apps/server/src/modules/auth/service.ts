import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  LOGIN_LOCKOUT_MINUTES,
  LOGIN_MAX_FAILURES,
  SESSION_IDLE_MINUTES,
  SESSION_MAX_HOURS,
  isRole,
  type Role,
} from '@fupin/domain';
import type { DB } from '../../db/schema.js';
import { withScope, systemActor } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { timingDummyHash, verifyPassword } from './passwords.js';

/** The signed-in user attached to a request. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  sessionId: string;
  csrfToken: string;
}

/** Session ids are stored as the SHA-256 of the cookie token, so a leaked table grants nothing. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export interface LoginResult {
  user: SessionUser;
  token: string;
}

/**
 * Checks a password, applies the lockout rule (5 failures → 15 minutes) and opens a session.
 * Failures and successes are audited in the same transaction as the counters they change.
 */
export async function login(db: Kysely<DB>, input: LoginInput): Promise<LoginResult> {
  const actor = { ...systemActor(input.requestId, input.username), ip: input.ip };
  const user = await withScope(db, actor, (tx) =>
    tx.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst(),
  );
  if (!user) {
    await verifyPassword(await timingDummyHash(), input.password);
    throw new AppError('BAD_CREDENTIALS');
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) throw new AppError('ACCOUNT_LOCKED');
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    const locked = await withScope(db, actor, async (tx) => {
      const updated = await sql<{ failed_logins: number; locked: boolean }>`
        update users set
          failed_logins = case when locked_until is not null and locked_until <= now() then 1 else failed_logins + 1 end,
          locked_until = case
            when (case when locked_until is not null and locked_until <= now() then 1 else failed_logins + 1 end) >= ${LOGIN_MAX_FAILURES}
            then now() + make_interval(mins => ${LOGIN_LOCKOUT_MINUTES}) else null end
        where id = ${user.id}
        returning failed_logins, locked_until is not null as locked`.execute(tx);
      const row = updated.rows[0];
      await recordAudit(tx, {
        action: row?.locked ? 'auth.lockout' : 'auth.login_failed',
        entity: 'user',
        entityId: String(user.id),
        regionCode: user.region_code,
        after: { failedLogins: row?.failed_logins ?? null },
      });
      return row?.locked === true;
    });
    throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');
  if (!isRole(user.role)) throw new AppError('FORBIDDEN');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sessionIdOf(token);
  await withScope(db, { ...actor, userId: Number(user.id), actorName: user.display_name }, async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await tx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        expires_at: new Date(Date.now() + SESSION_MAX_HOURS * 3600_000),
        ip: input.ip,
        user_agent: input.userAgent,
      })
      .execute();
    await recordAudit(tx, {
      action: 'auth.login',
      entity: 'user',
      entityId: String(user.id),
      regionCode: user.region_code,
    });
  });
  return {
    token,
    user: {
      id: String(user.id),
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      regionCode: user.region_code,
      sessionId,
      csrfToken,
    },
  };
}

/** The user of a live session, sliding its idle timeout; undefined when expired or unknown. */
export async function resolveSession(
  db: Kysely<DB>,
  token: string,
  requestId: string,
): Promise<SessionUser | undefined> {
  const sessionId = sessionIdOf(token);
  return withScope(db, systemActor(requestId, 'session'), async (tx) => {
    const row = await sql<{
      user_id: string;
      csrf_token: string;
      username: string;
      display_name: string;
      role: string;
      region_code: string;
    }>`
      update sessions s set last_seen_at = now()
      from users u
      where s.id = ${sessionId} and u.id = s.user_id and not u.disabled
        and s.expires_at > now() and s.last_seen_at > now() - make_interval(mins => ${SESSION_IDLE_MINUTES})
      returning s.user_id::text as user_id, s.csrf_token, u.username, u.display_name, u.role, u.region_code`.execute(
      tx,
    );
    const r = row.rows[0];
    if (!r || !isRole(r.role)) return undefined;
    return {
      id: r.user_id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      regionCode: r.region_code,
      sessionId,
      csrfToken: r.csrf_token,
    };
  });
}

/** Ends a session. */
export async function logout(db: Kysely<DB>, user: SessionUser, requestId: string, ip: string): Promise<void> {
  await withScope(
    db,
    { userId: Number(user.id), actorName: user.displayName, scope: user.regionCode, requestId, ip },
    async (tx) => {
      await tx.deleteFrom('sessions').where('id', '=', user.sessionId).execute();
      await recordAudit(tx, { action: 'auth.logout', entity: 'user', entityId: user.id, regionCode: user.regionCode });
    },
  );
}
