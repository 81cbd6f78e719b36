import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { can, IDENTIFICATION_STAGES, IDENTIFICATION_STEPS } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import type { SessionUser } from '../auth/service.js';
import { HouseholdWriteBody } from '../registry/schemas.js';
import {
  applyForIdentification,
  drawSpotCheck,
  getCase,
  listCases,
  publicNotice,
  takeStep,
  type Actor,
} from './service.js';

const KeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{6}-\\d{1,18}$' }) });
const RegionCode = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });

function actor(user: SessionUser): Actor {
  return { userId: user.id, name: user.displayName, role: user.role, scope: user.regionCode };
}

/** Identification (两公示一公告): apply, record each step, spot checks, public notices. */
export async function identificationRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get(
    '/identification',
    {
      schema: {
        tags: ['identification'],
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCode),
          stage: Type.Optional(Type.Union(IDENTIFICATION_STAGES.map((s) => Type.Literal(s)))),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.read');
      const { regionCode, stage, limit } = request.query;
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        listCases(tx, user.regionCode, regionCode ?? user.regionCode, stage, limit),
      );
      return { items };
    },
  );

  api.post('/identification', { schema: { tags: ['identification'], body: HouseholdWriteBody } }, async (request) => {
    const user = authorize(request, 'registry.write');
    return withScope(deps.db, actorOf(request, user), (tx) => applyForIdentification(tx, actor(user), request.body));
  });

  api.get(
    '/identification/notice',
    {
      schema: {
        tags: ['identification'],
        querystring: Type.Object({
          regionCode: RegionCode,
          stage: Type.Union([Type.Literal('firstNotice'), Type.Literal('secondNotice')]),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        publicNotice(tx, user.regionCode, request.query.regionCode, request.query.stage),
      );
      return { items };
    },
  );

  api.post(
    '/identification/spot-checks',
    {
      schema: {
        tags: ['identification'],
        body: Type.Object({
          level: Type.Union([Type.Literal('township'), Type.Literal('county')]),
          regionCode: RegionCode,
        }),
        response: {
          200: Type.Object({
            id: Type.String(),
            level: Type.String(),
            regionCode: Type.String(),
            cases: Type.Integer(),
            sampled: Type.Array(Type.String()),
            ratio: Type.Number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.review');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        drawSpotCheck(tx, actor(user), request.body.level, request.body.regionCode, new Date()),
      );
    },
  );

  api.get('/identification/:key', { schema: { tags: ['identification'], params: KeyParams } }, async (request) => {
    const user = authorize(request, 'registry.read');
    const personal = can(user.role, 'registry.personal');
    return withScope(deps.db, actorOf(request, user), (tx) =>
      getCase(tx, user.regionCode, request.params.key, personal),
    );
  });

  api.post(
    '/identification/:key/steps',
    {
      schema: {
        tags: ['identification'],
        params: KeyParams,
        body: Type.Object({
          step: Type.Union(IDENTIFICATION_STEPS.map((s) => Type.Literal(s))),
          outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          objection: Type.Optional(Type.String({ maxLength: 500 })),
          finding: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        takeStep(tx, actor(user), request.params.key, request.body, new Date()),
      );
    },
  );
}
