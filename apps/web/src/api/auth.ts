import { request } from './client';
import type { Ok, Session } from './types';

/** `POST /api/auth/login` — starts a session. */
export function login(username: string, password: string): Promise<Session> {
  return request<Session>('POST', '/api/auth/login', {
    body: { username, password },
    quietUnauthenticated: true,
  });
}

/** `POST /api/auth/logout` — ends the session. */
export function logout(): Promise<Ok> {
  return request<Ok>('POST', '/api/auth/logout', { quietUnauthenticated: true });
}

/** `GET /api/auth/me` — the signed-in user, or 401. */
export function fetchMe(signal?: AbortSignal): Promise<Session> {
  return request<Session>('GET', '/api/auth/me', { signal, quietUnauthenticated: true });
}

/** `POST /api/auth/password` — changes the signed-in user's password. */
export function changePassword(currentPassword: string, newPassword: string): Promise<Ok> {
  return request<Ok>('POST', '/api/auth/password', { body: { currentPassword, newPassword } });
}
