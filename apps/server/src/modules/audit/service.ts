import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/** One change to record; actor, time, request id and IP come from the transaction's context. */
export interface AuditInput {
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes an audit entry inside the caller's transaction, so it commits with the change. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      action: input.action,
      entity: input.entity,
      entity_id: input.entityId,
      region_code: input.regionCode,
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
    })
    .execute();
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  before?: string | undefined;
  limit: number;
}

/** Newest-first audit entries visible in the caller's scope (row-level security filters). */
export async function listAudit(tx: Tx, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = tx.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id === null ? null : String(r.actor_id),
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    regionCode: r.region_code,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    ip: r.ip,
  }));
}

/** Where verification stands between chunks; also a job checkpoint. */
export interface ChainCursor {
  afterId: string;
  lastHash: string | null;
  checked: number;
}

export interface ChainBreak {
  id: string;
  reason: 'edited' | 'link' | 'tail';
}

/**
 * Verifies the next `limit` entries after the cursor: each entry's hash must match its
 * content, and its prev_hash the hash of the entry before it (a deleted entry breaks the link).
 * Returns the first break found, or the advanced cursor.
 */
export async function verifyChainChunk(
  tx: Tx,
  cursor: ChainCursor,
  limit: number,
): Promise<{ cursor: ChainCursor; broken: ChainBreak | null; done: boolean }> {
  const rows = await sql<{ id: string; prev_hash: string | null; hash: string; recomputed: string }>`
    select a.id::text as id, a.prev_hash, a.hash, fupin_audit_hash(a) as recomputed
    from audit_log a where a.id > ${cursor.afterId}::bigint order by a.id limit ${limit}`.execute(tx);
  let { lastHash, checked } = cursor;
  let afterId = cursor.afterId;
  for (const row of rows.rows) {
    if (row.recomputed !== row.hash) return { cursor, broken: { id: row.id, reason: 'edited' }, done: true };
    if (row.prev_hash !== lastHash) return { cursor, broken: { id: row.id, reason: 'link' }, done: true };
    lastHash = row.hash;
    afterId = row.id;
    checked += 1;
  }
  const next: ChainCursor = { afterId, lastHash, checked };
  if (rows.rows.length < limit) {
    const head = await sql<{ last_id: string; last_hash: string }>`
      select last_id::text as last_id, last_hash from audit_head`.execute(tx);
    const h = head.rows[0];
    if (h && (h.last_hash !== lastHash || h.last_id !== afterId)) {
      return { cursor: next, broken: { id: h.last_id, reason: 'tail' }, done: true };
    }
    return { cursor: next, broken: null, done: true };
  }
  return { cursor: next, broken: null, done: false };
}

/** Number of audit entries, for progress totals. */
export async function countAudit(tx: Tx): Promise<number> {
  const r = await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(tx);
  return Number(r.rows[0]?.n ?? 0);
}
