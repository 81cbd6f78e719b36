import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { REGION_LEVELS } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { enqueueJob } from '../jobs/service.js';
import { assertRegionInScope } from '../regions/service.js';
import { bulletinDocument, listBulletins } from './bulletin.js';
import { progressTableWorkbook } from './export.js';
import { parseBulletinPayload } from './jobs.js';
import { behindPlan, dashboard, regionProgress } from './service.js';
import { putPlan, putPlanYears, timetable } from './timetable.js';

const RegionCode = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
const Year = Type.Integer({ minimum: 2014, maximum: 2030 });
const ViewQuery = Type.Object({ regionCode: Type.Optional(RegionCode), year: Type.Optional(Year) });
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Progress: battle-map figures, dashboards, the timetable, behind-plan lists and bulletins. */
export async function progressRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get('/progress/map', { schema: { tags: ['progress'], querystring: ViewQuery } }, async (request) => {
    const user = authorize(request, 'progress.read');
    const { regionCode, year } = request.query;
    return withScope(deps.db, actorOf(request, user), (tx) =>
      regionProgress(tx, user.regionCode, regionCode ?? user.regionCode, year),
    );
  });

  api.get('/progress/map.xlsx', { schema: { tags: ['progress'], querystring: ViewQuery } }, async (request, reply) => {
    const user = authorize(request, 'progress.read');
    const { regionCode, year } = request.query;
    const { name, buffer } = await withScope(deps.db, actorOf(request, user), (tx) =>
      progressTableWorkbook(tx, user.regionCode, regionCode ?? user.regionCode, year),
    );
    return reply.type(XLSX_TYPE).header('content-disposition', attachment('progress.xlsx', name)).send(buffer);
  });

  api.get('/progress/dashboard', { schema: { tags: ['progress'], querystring: ViewQuery } }, async (request) => {
    const user = authorize(request, 'progress.read');
    const { regionCode, year } = request.query;
    return withScope(deps.db, actorOf(request, user), (tx) =>
      dashboard(tx, user.regionCode, regionCode ?? user.regionCode, year),
    );
  });

  api.get(
    '/progress/behind',
    {
      schema: {
        tags: ['progress'],
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCode),
          level: Type.Union(REGION_LEVELS.map((l) => Type.Literal(l))),
          year: Type.Optional(Year),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'progress.read');
      const { regionCode, level, year, limit } = request.query;
      return withScope(deps.db, actorOf(request, user), (tx) =>
        behindPlan(tx, user.regionCode, regionCode ?? user.regionCode, level, year, limit),
      );
    },
  );

  api.get(
    '/progress/plans/:code',
    { schema: { tags: ['progress'], params: Type.Object({ code: RegionCode }) } },
    async (request) => {
      const user = authorize(request, 'progress.read');
      return withScope(deps.db, actorOf(request, user), (tx) => timetable(tx, user.regionCode, request.params.code));
    },
  );

  api.put(
    '/progress/plans/:code',
    {
      schema: {
        tags: ['progress'],
        params: Type.Object({ code: RegionCode }),
        body: Type.Object({
          exitYear: Year,
          reliefYear: Type.Optional(Type.Union([Year, Type.Null()])),
          batch: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 20 }), Type.Null()])),
          note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'plans.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        putPlan(tx, user.regionCode, user.displayName, request.params.code, request.body),
      );
    },
  );

  api.put(
    '/progress/plans/:code/years',
    {
      schema: {
        tags: ['progress'],
        params: Type.Object({ code: RegionCode }),
        body: Type.Object({
          years: Type.Array(
            Type.Object({
              year: Year,
              households: Type.Integer({ minimum: 0, maximum: 100000 }),
              people: Type.Integer({ minimum: 0, maximum: 500000 }),
            }),
            { maxItems: 17 },
          ),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'plans.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        putPlanYears(tx, user.regionCode, request.params.code, request.body.years),
      );
    },
  );

  api.get(
    '/progress/bulletins',
    {
      schema: {
        tags: ['progress'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
      },
    },
    async (request) => {
      const user = authorize(request, 'progress.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) => listBulletins(tx, request.query.limit));
      return { items };
    },
  );

  api.post(
    '/progress/bulletins',
    {
      schema: {
        tags: ['progress'],
        body: Type.Object({
          regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9})$' })),
          period: Type.String({ minLength: 1, maxLength: 40 }),
          year: Type.Optional(Year),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'bulletin.generate');
      const payload = parseBulletinPayload({ ...request.body, regionCode: request.body.regionCode ?? user.regionCode });
      assertRegionInScope(user.regionCode, payload.regionCode);
      const job = await withScope(deps.db, actorOf(request, user), (tx) =>
        enqueueJob(tx, actorOf(request, user), payload.regionCode, 'progress.bulletin', payload),
      );
      deps.worker?.poke();
      return job;
    },
  );

  api.get(
    '/progress/bulletins/:id/document',
    { schema: { tags: ['progress'], params: Type.Object({ id: Type.String({ pattern: '^\\d{1,18}$' }) }) } },
    async (request, reply) => {
      const user = authorize(request, 'progress.read');
      const { title, document } = await withScope(deps.db, actorOf(request, user), (tx) =>
        bulletinDocument(tx, request.params.id),
      );
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', attachment(`bulletin-${request.params.id}.docx`, `${title}.docx`))
        .send(document);
    },
  );
}
