import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { createUser, getUser, listUsers, updateUser } from './service.js';
import { CreateUserBody, UpdateUserBody, UserMeSchema, UserSchema } from './schemas.js';

/** User administration inside the caller's region. */
export async function userRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 60 })),
          regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'users.read');
      return withScope(deps.db, actorOf(request, user), (tx) => listUsers(tx, user.regionCode, request.query));
    },
  );

  api.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }),
        response: { 200: UserMeSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'users.read');
      return withScope(deps.db, actorOf(request, user), (tx) => getUser(tx, user.regionCode, request.params.id));
    },
  );

  api.post(
    '/users',
    { schema: { tags: ['users'], body: CreateUserBody, response: { 200: UserSchema, ...errorResponses } } },
    async (request) => {
      const user = authorize(request, 'users.manage');
      return withScope(deps.db, actorOf(request, user), (tx) => createUser(tx, user.regionCode, request.body));
    },
  );

  api.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }),
        body: UpdateUserBody,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'users.manage');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        updateUser(tx, user.regionCode, request.params.id, request.body),
      );
    },
  );
}
