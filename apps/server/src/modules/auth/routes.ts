import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { SESSION_MAX_HOURS } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, requireUser } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { errorResponses, OkSchema, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { getUser, updateUser } from '../users/service.js';
import { UserMeSchema } from '../users/schemas.js';
import { verifyPassword } from './passwords.js';
import { login, logout, type SessionUser } from './service.js';

export const SESSION_COOKIE = 'fupin_session';
export const CSRF_COOKIE = 'fupin_csrf';

function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string): void {
  const secure = process.env.COOKIE_SECURE === '1';
  const maxAge = SESSION_MAX_HOURS * 3600;
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge });
  // Readable by the page so that it can echo it in x-csrf-token (double submit, bound to the session).
  void reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', path: '/', secure, maxAge });
}

async function me(deps: RouteDeps, requestId: string, user: SessionUser) {
  const view = await withScope(
    deps.db,
    { userId: Number(user.id), actorName: user.displayName, scope: user.regionCode, requestId, ip: null },
    (tx) => getUser(tx, user.regionCode, user.id),
  );
  return { user: view, csrfToken: user.csrfToken };
}

/** Login, logout, the current user and password change. */
export async function authRoutes(
  instance: FastifyInstance,
  deps: RouteDeps,
  options: { loginRateLimit: number },
): Promise<void> {
  const api = typed(instance);
  const MeResponse = Type.Object({ user: UserMeSchema, csrfToken: Type.String() });

  api.post(
    '/auth/login',
    {
      config: { rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 256 }),
        }),
        response: { 200: MeResponse, ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const result = await login(deps.db, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
      });
      setSessionCookies(reply, result.token, result.user.csrfToken);
      return me(deps, String(request.id), result.user);
    },
  );

  api.post(
    '/auth/logout',
    { schema: { tags: ['auth'], response: { 200: OkSchema, ...errorResponses } } },
    async (request, reply) => {
      const user = requireUser(request);
      await logout(deps.db, user, String(request.id), request.ip);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  api.get(
    '/auth/me',
    { schema: { tags: ['auth'], response: { 200: MeResponse, ...errorResponses } } },
    async (request) => {
      const user = requireUser(request);
      return me(deps, String(request.id), user);
    },
  );

  api.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        body: Type.Object({
          currentPassword: Type.String({ maxLength: 256 }),
          newPassword: Type.String({ maxLength: 256 }),
        }),
        response: { 200: OkSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await withScope(deps.db, actorOf(request, user), async (tx) => {
        const row = await tx
          .selectFrom('users')
          .select('password_hash')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow();
        if (!(await verifyPassword(row.password_hash, request.body.currentPassword)))
          throw new AppError('BAD_CREDENTIALS');
        await updateUser(tx, user.regionCode, user.id, { password: request.body.newPassword });
      });
      return { ok: true };
    },
  );
}
