import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Permission } from '@fupin/domain';
import type { DB } from '../db/schema.js';
import { withScope, type Tx } from '../db/scope.js';
import { actorOf, authorize } from './context.js';

// The body of a thin route in one expression: the permission first, then one service call in the
// actor's scoped transaction (docs/ARCHITECTURE.md, "Data flow of a request").

/** What a route does inside the transaction: `scope` is the user's home region. */
export type ScopedWork<T> = (tx: Tx, scope: string) => Promise<T>;

/** Route helpers over one database: each authorizes first, then works in one `withScope` transaction. */
export function scopedRunner(db: Kysely<DB>) {
  /** Checks `permission`, then runs `work` in a transaction scoped to the user's region. */
  const run = <T>(request: FastifyRequest, permission: Permission, work: ScopedWork<T>): Promise<T> => {
    const user = authorize(request, permission);
    return withScope(db, actorOf(request, user), (tx) => work(tx, user.regionCode));
  };
  /** The same, answering what a list service finds as `{ items }`. */
  const items = async <T>(
    request: FastifyRequest,
    permission: Permission,
    find: ScopedWork<T[]>,
  ): Promise<{ items: T[] }> => ({ items: await run(request, permission, find) });
  return { run, items };
}

/** A list query whose region defaults to the actor's own. */
export function inRegion<Q extends { regionCode?: string | undefined }>(
  query: Q,
  scope: string,
): Q & { regionCode: string } {
  return { ...query, regionCode: query.regionCode ?? scope };
}
