import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { ADJUSTMENT_EVENTS, PROVINCE_CODE } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { enqueueJob } from '../jobs/service.js';
import { householdHistory, openYear, openYears, recordAdjustment } from './adjustment.js';
import { MemberBody } from './schemas.js';

const KeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{6}-\\d{1,18}$' }) });

/** The yearly adjustment (动态调整): open a year, record changes, read a household's history. */
export async function adjustmentRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get('/registry/years', { schema: { tags: ['registry'] } }, async (request) => {
    const user = authorize(request, 'registry.read');
    return { items: await withScope(deps.db, actorOf(request, user), (tx) => openYears(tx)) };
  });

  api.post(
    '/registry/years',
    { schema: { tags: ['registry'], body: Type.Object({ year: Type.Integer({ minimum: 2014, maximum: 2100 }) }) } },
    async (request) => {
      const user = authorize(request, 'users.manage');
      if (user.regionCode !== PROVINCE_CODE) throw new AppError('FORBIDDEN');
      const actor = actorOf(request, user);
      const job = await withScope(deps.db, actor, async (tx) => {
        await openYear(tx, request.body.year, user.displayName);
        return enqueueJob(tx, actor, user.regionCode, 'registry.openYear', { year: request.body.year });
      });
      deps.worker?.poke();
      return { year: request.body.year, job };
    },
  );

  api.post(
    '/households/:key/adjustments',
    {
      schema: {
        tags: ['registry'],
        params: KeyParams,
        body: Type.Object({
          event: Type.Union(ADJUSTMENT_EVENTS.map((e) => Type.Literal(e.value))),
          year: Type.Integer({ minimum: 2014, maximum: 2100 }),
          reason: Type.String({ minLength: 1, maxLength: 300 }),
          version: Type.Integer({ minimum: 1 }),
          member: Type.Optional(MemberBody),
          memberId: Type.Optional(Type.String({ pattern: '^\\d+$' })),
          newHeadMemberId: Type.Optional(Type.String({ pattern: '^\\d+$' })),
        }),
        response: { 200: Type.Object({ version: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'registry.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        recordAdjustment(tx, user.regionCode, request.params.key, request.body),
      );
    },
  );

  api.get('/households/:key/history', { schema: { tags: ['registry'], params: KeyParams } }, async (request) => {
    const user = authorize(request, 'registry.read');
    return {
      items: await withScope(deps.db, actorOf(request, user), (tx) =>
        householdHistory(tx, user.regionCode, request.params.key),
      ),
    };
  });
}
