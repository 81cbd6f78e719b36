import type { FastifyRequest } from 'fastify';
import { can, type Locale, type Permission } from '@fupin/domain';
import type { ActorContext } from '../db/scope.js';
import type { SessionUser } from '../modules/auth/service.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | undefined;
  }
}

/** The language of messages for this request, from Accept-Language (zh-CN unless English is asked for). */
export function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError('UNAUTHENTICATED');
  return request.user;
}

/** The signed-in user holding `permission`, or 401/403: the first line of every protected handler. */
export function authorize(request: FastifyRequest, permission: Permission): SessionUser {
  const user = requireUser(request);
  if (!can(user.role, permission)) throw new AppError('FORBIDDEN');
  return user;
}

/** The actor context (who, where, which request) for a database transaction. */
export function actorOf(request: FastifyRequest, user: SessionUser): ActorContext {
  return {
    userId: Number(user.id),
    actorName: user.displayName,
    scope: user.regionCode,
    requestId: String(request.id),
    ip: request.ip,
  };
}
