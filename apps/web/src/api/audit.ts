import { request, toQuery } from './client';
import type { AuditEntry, ItemList } from './types';

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  limit?: number;
  /** Cursor: the id of the oldest entry already shown. */
  before?: string;
}

/** `GET /api/audit` — audit entries in scope, newest first. */
export function fetchAudit(query: AuditQuery, signal?: AbortSignal): Promise<ItemList<AuditEntry>> {
  return request<ItemList<AuditEntry>>('GET', `/api/audit${toQuery({ ...query })}`, { signal });
}
