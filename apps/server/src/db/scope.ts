import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { APP_ROLE } from './connection.js';

/** Who is acting and where: every application transaction runs inside one of these. */
export interface ActorContext {
  /** The user id, or null for the system (startup seeding, CLI, jobs without a user). */
  userId: number | null;
  actorName: string;
  /** Region code prefix the actor may see and change; '*' means the whole deployment. */
  scope: string;
  requestId: string;
  ip: string | null;
}

export type Tx = Transaction<DB>;

/**
 * Runs `work` in one transaction as the application role with the actor's scope set, so that
 * PostgreSQL row-level security limits every statement to the actor's region. Audit entries
 * written inside `work` commit or roll back together with the change.
 */
export async function withScope<T>(db: Kysely<DB>, actor: ActorContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', ${APP_ROLE}, true),
                     set_config('fupin.scope', ${actor.scope}, true),
                     set_config('fupin.user_id', ${actor.userId === null ? '' : String(actor.userId)}, true),
                     set_config('fupin.actor_name', ${actor.actorName}, true),
                     set_config('fupin.request_id', ${actor.requestId}, true),
                     set_config('fupin.ip', ${actor.ip ?? ''}, true)`.execute(tx);
    return work(tx);
  });
}

/** The system actor, scoped to the whole deployment; used by the CLI, seeding and auth lookups. */
export function systemActor(requestId: string, name = 'system'): ActorContext {
  return { userId: null, actorName: name, scope: '*', requestId, ip: null };
}
