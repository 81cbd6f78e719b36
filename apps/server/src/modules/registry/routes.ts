import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { can, HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, POVERTY_CAUSES } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { createHousehold, duplicateIds, getHousehold, listHouseholds, updateHousehold } from './service.js';
import { HouseholdSummarySchema, HouseholdUpdateBody, HouseholdWriteBody, IssueSchema, literals } from './schemas.js';

const KeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{6}-\\d{1,18}$' }) });
const WriteResult = Type.Object({
  key: Type.String(),
  version: Type.Optional(Type.Integer()),
  warnings: Type.Array(IssueSchema),
});

/** The registry (建档立卡): households and members inside the caller's region. */
export async function registryRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get(
    '/households',
    {
      schema: {
        tags: ['registry'],
        querystring: Type.Object({
          regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' })),
          status: Type.Optional(Type.Union(literals(HOUSEHOLD_STATUSES))),
          attribute: Type.Optional(Type.Union(literals(HOUSEHOLD_ATTRIBUTES))),
          mainCause: Type.Optional(Type.Union(literals(POVERTY_CAUSES))),
          incomeMin: Type.Optional(Type.Number({ minimum: 0 })),
          incomeMax: Type.Optional(Type.Number({ minimum: 0 })),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          after: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(HouseholdSummarySchema),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.read');
      const personal = can(user.role, 'registry.personal');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        listHouseholds(tx, user.regionCode, personal, request.query),
      );
    },
  );

  api.get(
    '/households/duplicates',
    {
      schema: {
        tags: ['registry'],
        querystring: Type.Object({
          regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.review');
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        duplicateIds(tx, user.regionCode, request.query.regionCode ?? user.regionCode, request.query.limit),
      );
      return { items };
    },
  );

  api.get('/households/:key', { schema: { tags: ['registry'], params: KeyParams } }, async (request) => {
    const user = authorize(request, 'registry.read');
    const personal = can(user.role, 'registry.personal');
    return withScope(deps.db, actorOf(request, user), (tx) =>
      getHousehold(tx, user.regionCode, personal, request.params.key),
    );
  });

  api.post(
    '/households',
    { schema: { tags: ['registry'], body: HouseholdWriteBody, response: { 200: WriteResult, ...errorResponses } } },
    async (request) => {
      const user = authorize(request, 'registry.write');
      return withScope(deps.db, actorOf(request, user), (tx) => createHousehold(tx, user.regionCode, request.body));
    },
  );

  api.put(
    '/households/:key',
    {
      schema: {
        tags: ['registry'],
        params: KeyParams,
        body: HouseholdUpdateBody,
        response: { 200: WriteResult, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.write');
      const { version, ...write } = request.body;
      return withScope(deps.db, actorOf(request, user), (tx) =>
        updateHousehold(tx, user.regionCode, request.params.key, version, write),
      );
    },
  );
}
