import type { Role } from '@fupin/domain';
import { request, toQuery } from './client';
import type { Page, User } from './types';

export interface UserQuery {
  q?: string;
  regionCode?: string;
  limit?: number;
  offset?: number;
}

/** `GET /api/users` — users whose home region lies in the caller's scope. */
export function fetchUsers(query: UserQuery, signal?: AbortSignal): Promise<Page<User>> {
  return request<Page<User>>('GET', `/api/users${toQuery({ ...query })}`, { signal });
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
}

/** `POST /api/users` — creates a user inside the caller's scope. */
export function createUser(user: NewUser): Promise<User> {
  return request<User>('POST', '/api/users', { body: user });
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/** `PATCH /api/users/:id` — renames, changes role, enables/disables or resets the password. */
export function updateUser(id: string, changes: UserChanges): Promise<User> {
  return request<User>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: changes });
}
