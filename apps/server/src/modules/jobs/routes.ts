import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { can } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { JOB_DEFINITIONS } from './definitions.js';
import { cancelJob, enqueueJob, getJob, listJobs } from './service.js';

const JobSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  progress: Type.Object({ done: Type.Number(), total: Type.Union([Type.Number(), Type.Null()]) }),
  payload: Type.Unknown(),
  result: Type.Unknown(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  regionCode: Type.String(),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
});
const IdParams = Type.Object({ id: Type.String({ pattern: '^\\d+$' }) });

/** Background jobs: list, start, watch, cancel. */
export async function jobRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Object({ items: Type.Array(JobSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'jobs.read');
      return { items: await withScope(deps.db, actorOf(request, user), (tx) => listJobs(tx, request.query.limit)) };
    },
  );

  api.get('/jobs/types', { schema: { tags: ['jobs'] } }, async (request) => {
    const user = authorize(request, 'jobs.read');
    return {
      items: [...JOB_DEFINITIONS.values()]
        .filter((d) => d.manual === true && can(user.role, d.permission))
        .map((d) => ({ type: d.type, label: d.label })),
    };
  });

  api.get(
    '/jobs/:id',
    { schema: { tags: ['jobs'], params: IdParams, response: { 200: JobSchema, ...errorResponses } } },
    async (request) => {
      const user = authorize(request, 'jobs.read');
      return withScope(deps.db, actorOf(request, user), (tx) => getJob(tx, request.params.id));
    },
  );

  api.post(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        body: Type.Object({ type: Type.String({ maxLength: 60 }), payload: Type.Optional(Type.Unknown()) }),
        response: { 200: JobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'jobs.read');
      const definition = JOB_DEFINITIONS.get(request.body.type);
      // Jobs that need a payload (imports, opening a year) start from their own endpoints.
      if (!definition || definition.manual !== true) throw new AppError('VALIDATION', { field: 'type' });
      if (!can(user.role, definition.permission)) throw new AppError('FORBIDDEN');
      const payload = definition.parsePayload(request.body.payload ?? {});
      const job = await withScope(deps.db, actorOf(request, user), (tx) =>
        enqueueJob(tx, actorOf(request, user), user.regionCode, definition.type, payload),
      );
      deps.worker?.poke();
      return job;
    },
  );

  api.post(
    '/jobs/:id/cancel',
    { schema: { tags: ['jobs'], params: IdParams, response: { 200: JobSchema, ...errorResponses } } },
    async (request) => {
      const user = authorize(request, 'jobs.run');
      return withScope(deps.db, actorOf(request, user), (tx) => cancelJob(tx, request.params.id, JOB_DEFINITIONS));
    },
  );
}
