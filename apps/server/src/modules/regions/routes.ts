import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { REGION_LEVELS } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { getRegion, listChildren, searchRegions } from './service.js';

const Code = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
const RegionRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });
const Poor = Type.Union([
  Type.Null(),
  Type.Object({
    designation: Type.String(),
    since: Type.Union([Type.Integer(), Type.Null()]),
    exitYear: Type.Union([Type.Integer(), Type.Null()]),
    extremelyPoor: Type.Boolean(),
    keyPoor: Type.Boolean(),
    note: Type.Union([Type.String(), Type.Null()]),
  }),
]);
const Counts = Type.Object({
  prefecture: Type.Integer(),
  county: Type.Integer(),
  township: Type.Integer(),
  village: Type.Integer(),
  poorCounty: Type.Integer(),
  poorTownship: Type.Integer(),
  poorVillage: Type.Integer(),
});
const RegionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  kind: Type.Union([Type.String(), Type.Null()]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  isDirect: Type.Boolean(),
  poor: Poor,
  childCount: Type.Integer(),
  counts: Counts,
});
const RegionDetail = Type.Intersect([RegionView, Type.Object({ path: Type.Array(RegionRef) })]);

/** The region tree, limited to the caller's region (its ancestors appear only in paths). */
export async function regionRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get(
    '/regions/root',
    { schema: { tags: ['regions'], response: { 200: RegionDetail, ...errorResponses } } },
    async (request) => {
      const user = authorize(request, 'regions.read');
      return withScope(deps.db, actorOf(request, user), (tx) => getRegion(tx, user.regionCode, user.regionCode));
    },
  );

  api.get(
    '/regions/search',
    {
      schema: {
        tags: ['regions'],
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 40 }),
          under: Type.Optional(Code),
          level: Type.Optional(Type.Union(REGION_LEVELS.map((l) => Type.Literal(l)))),
          poor: Type.Boolean({ default: false }),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Intersect([RegionRef, Type.Object({ path: Type.Array(RegionRef), poor: Type.Boolean() })]),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = authorize(request, 'regions.read');
      const { q, under, level, poor, limit } = request.query;
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        searchRegions(tx, user.regionCode, { q, under: under ?? user.regionCode, level, poorOnly: poor, limit }),
      );
      return { items };
    },
  );

  api.get(
    '/regions/:code',
    {
      schema: {
        tags: ['regions'],
        params: Type.Object({ code: Code }),
        response: { 200: RegionDetail, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'regions.read');
      return withScope(deps.db, actorOf(request, user), (tx) => getRegion(tx, user.regionCode, request.params.code));
    },
  );

  api.get(
    '/regions/:code/children',
    {
      schema: {
        tags: ['regions'],
        params: Type.Object({ code: Code }),
        querystring: Type.Object({
          poor: Type.Boolean({ default: false }),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(RegionView), total: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'regions.read');
      const { poor, limit, offset } = request.query;
      return withScope(deps.db, actorOf(request, user), (tx) =>
        listChildren(tx, user.regionCode, request.params.code, { poorOnly: poor, limit, offset }),
      );
    },
  );
}
