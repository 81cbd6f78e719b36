import { request } from './client';
import type { Health } from './types';

/** `GET /api/health` — liveness and database engine. */
export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return request<Health>('GET', '/api/health', { signal, quietUnauthenticated: true });
}
