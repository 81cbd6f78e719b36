import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import { chinaDate, MAX_PHOTO_BYTES, MAX_VISIT_PHOTOS, MEASURE_TYPE_VALUES, PLAN_ITEM_STATUSES } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { OkSchema, errorResponses, typed } from '../../http/types.js';
import { systemActor, withScope } from '../../db/scope.js';
import type { SessionUser } from '../auth/service.js';
import { listHouseholdCadres, type PlanActor } from './common.js';
import { recordMeasure, listMeasures } from './measures.js';
import { createPlanItem, deletePlanItem, getPlan, updatePlanItem } from './plans.js';
import { regionProgress } from './progress.js';
import { getVisitPhoto, listVisits, recordVisit, type PhotoUpload, type VisitWrite } from './visits.js';
import { issueWallCard, verifyWallCard } from './wallCard.js';
import { listTeams, recordTeamDays, teamActivity } from './activity.js';

const KeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{6}-\\d{1,18}$' }) });
const Id = Type.String({ pattern: '^\\d{1,18}$' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const RegionCode = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
// Null first: with type coercion on, a null tried against a number or string first would become 0 or ''.
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);

/** Yuan in the API, integer fen in the services; a fraction of a fen becomes a finding (see toFen). */
const Amount = Type.Union([Type.Null(), Type.Number({ minimum: -1e12, maximum: 1e12 })]);

const PlanItemBody = Type.Object({
  measureType: Type.Union(MEASURE_TYPE_VALUES.map((v) => Type.Literal(v))),
  target: Type.String({ maxLength: 400 }),
  targetAmount: Type.Optional(Amount),
  dueDate: IsoDate,
  status: Type.Optional(Type.Union(PLAN_ITEM_STATUSES.map((v) => Type.Literal(v)))),
  cadreId: Type.Optional(Nullable(Id)),
});

const MeasureBody = Type.Object({
  measureType: Type.Union(MEASURE_TYPE_VALUES.map((v) => Type.Literal(v))),
  content: Type.String({ maxLength: 1000 }),
  date: IsoDate,
  amount: Type.Optional(Amount),
  quantity: Type.Optional(Type.Union([Type.Null(), Type.Number()])),
  unit: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  planItemId: Type.Optional(Nullable(Id)),
  beneficiaryIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  cadreId: Type.Optional(Nullable(Id)),
});

/** Yuan with at most two decimals to integer fen; anything finer is a finding, not a rounding. */
function toFen(yuan: number | null | undefined): number | null | undefined {
  if (yuan === null || yuan === undefined) return yuan;
  const fen = Math.round(yuan * 100);
  return Math.abs(fen - yuan * 100) < 1e-6 ? fen : Number.NaN;
}

function planActor(user: SessionUser): PlanActor {
  return { userId: user.id, name: user.displayName, role: user.role, scope: user.regionCode };
}

const today = (): string => chinaDate(new Date());

/** Reads a visit form (fields and photos) from a multipart request; photos at most MAX_PHOTO_BYTES each. */
async function readVisitForm(request: FastifyRequest): Promise<{ input: VisitWrite; photos: PhotoUpload[] }> {
  if (!request.isMultipart()) throw new AppError('BAD_REQUEST', { expected: 'multipart/form-data' });
  const fields = new Map<string, string>();
  const photos: PhotoUpload[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // toBuffer throws a 413 (PAYLOAD_TOO_LARGE) when the file passes the size limit.
      photos.push({ fileName: part.filename, data: await part.toBuffer() });
    } else if (typeof part.value === 'string') {
      fields.set(part.fieldname, part.value);
    }
  }
  const number = (name: string): number | null => {
    const text = fields.get(name)?.trim();
    return text ? Number(text) : null;
  };
  return {
    input: {
      visitedOn: fields.get('visitedOn')?.trim() ?? '',
      note: fields.get('note') ?? '',
      cadreId: fields.get('cadreId')?.trim() || null,
      latitude: number('latitude'),
      longitude: number('longitude'),
    },
    photos,
  };
}

/** 一户一策, 帮扶措施, 走访, the "十个到户" wall card and work team activity records. */
export async function householdPlanRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  await instance.register(async (scoped) => {
    // One more file than allowed, so that too many photos is reported as a finding, not a cut-off upload.
    await scoped.register(multipart, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_VISIT_PHOTOS + 1, fields: 10, parts: MAX_VISIT_PHOTOS + 11 },
    });
    const api = typed(scoped);

    api.get('/households/:key/plan', { schema: { tags: ['household-plans'], params: KeyParams } }, async (request) => {
      const user = authorize(request, 'assistance.read');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        getPlan(tx, user.regionCode, request.params.key, today()),
      );
    });

    api.post(
      '/households/:key/plan/items',
      { schema: { tags: ['household-plans'], params: KeyParams, body: PlanItemBody } },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        const { targetAmount, ...rest } = request.body;
        return withScope(deps.db, actorOf(request, user), (tx) =>
          createPlanItem(tx, planActor(user), request.params.key, { ...rest, targetFen: toFen(targetAmount) }, today()),
        );
      },
    );

    api.put(
      '/households/:key/plan/items/:itemId',
      {
        schema: {
          tags: ['household-plans'],
          params: Type.Object({ key: KeyParams.properties.key, itemId: Id }),
          body: Type.Intersect([PlanItemBody, Type.Object({ version: Type.Integer({ minimum: 1 }) })]),
        },
      },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        const { targetAmount, version, ...rest } = request.body;
        return withScope(deps.db, actorOf(request, user), (tx) =>
          updatePlanItem(
            tx,
            planActor(user),
            request.params.key,
            request.params.itemId,
            version,
            { ...rest, targetFen: toFen(targetAmount) },
            today(),
          ),
        );
      },
    );

    api.delete(
      '/households/:key/plan/items/:itemId',
      {
        schema: {
          tags: ['household-plans'],
          params: Type.Object({ key: KeyParams.properties.key, itemId: Id }),
          response: { 200: OkSchema, ...errorResponses },
        },
      },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        await withScope(deps.db, actorOf(request, user), (tx) =>
          deletePlanItem(tx, planActor(user), request.params.key, request.params.itemId),
        );
        return { ok: true };
      },
    );

    api.get(
      '/households/:key/cadres',
      { schema: { tags: ['household-plans'], params: KeyParams } },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        const items = await withScope(deps.db, actorOf(request, user), (tx) =>
          listHouseholdCadres(tx, user.regionCode, request.params.key),
        );
        return { items };
      },
    );

    api.get(
      '/households/:key/measures',
      { schema: { tags: ['household-plans'], params: KeyParams } },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        const items = await withScope(deps.db, actorOf(request, user), (tx) =>
          listMeasures(tx, user.regionCode, request.params.key),
        );
        return { items };
      },
    );

    api.post(
      '/households/:key/measures',
      { schema: { tags: ['household-plans'], params: KeyParams, body: MeasureBody } },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        const { amount, ...rest } = request.body;
        return withScope(deps.db, actorOf(request, user), (tx) =>
          recordMeasure(tx, planActor(user), request.params.key, { ...rest, amountFen: toFen(amount) }, today()),
        );
      },
    );

    api.get(
      '/households/:key/visits',
      { schema: { tags: ['household-plans'], params: KeyParams } },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        const items = await withScope(deps.db, actorOf(request, user), (tx) =>
          listVisits(tx, user.regionCode, request.params.key),
        );
        return { items };
      },
    );

    api.post(
      '/households/:key/visits',
      { schema: { tags: ['household-plans'], params: KeyParams, consumes: ['multipart/form-data'] } },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        const { input, photos } = await readVisitForm(request);
        return withScope(deps.db, actorOf(request, user), (tx) =>
          recordVisit(tx, planActor(user), request.params.key, input, photos, today()),
        );
      },
    );

    api.get(
      '/households/:key/visits/:visitId/photos/:photoId',
      {
        schema: {
          tags: ['household-plans'],
          params: Type.Object({ key: KeyParams.properties.key, visitId: Id, photoId: Id }),
        },
      },
      async (request, reply) => {
        const user = authorize(request, 'assistance.read');
        const { key, visitId, photoId } = request.params;
        const photo = await withScope(deps.db, actorOf(request, user), (tx) =>
          getVisitPhoto(tx, user.regionCode, key, visitId, photoId),
        );
        return reply
          .type(photo.contentType)
          .header('content-disposition', 'inline')
          .header('cache-control', 'private, max-age=3600')
          .send(photo.data);
      },
    );

    api.post(
      '/households/:key/wall-card',
      { schema: { tags: ['household-plans'], params: KeyParams } },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        return withScope(deps.db, actorOf(request, user), (tx) =>
          issueWallCard(tx, planActor(user), request.params.key),
        );
      },
    );

    api.get(
      '/household-plans/progress',
      { schema: { tags: ['household-plans'], querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }) } },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        return withScope(deps.db, actorOf(request, user), (tx) =>
          regionProgress(tx, user.regionCode, request.query.regionCode ?? user.regionCode, today()),
        );
      },
    );

    api.get(
      '/household-plans/teams',
      { schema: { tags: ['household-plans'], querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }) } },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        const items = await withScope(deps.db, actorOf(request, user), (tx) =>
          listTeams(tx, user.regionCode, request.query.regionCode ?? user.regionCode),
        );
        return { items };
      },
    );

    api.get(
      '/household-plans/teams/:key/activity',
      {
        schema: {
          tags: ['household-plans'],
          params: KeyParams,
          querystring: Type.Object({ from: IsoDate, to: IsoDate }),
        },
      },
      async (request) => {
        const user = authorize(request, 'assistance.read');
        return withScope(deps.db, actorOf(request, user), (tx) =>
          teamActivity(tx, user.regionCode, request.params.key, request.query.from, request.query.to, today()),
        );
      },
    );

    api.put(
      '/household-plans/teams/:key/days',
      {
        schema: {
          tags: ['household-plans'],
          params: KeyParams,
          body: Type.Object({
            entries: Type.Array(
              Type.Object({
                cadreId: Id,
                day: IsoDate,
                inVillage: Type.Boolean(),
                note: Type.Optional(Type.String({ maxLength: 200 })),
              }),
              { minItems: 1, maxItems: 400 },
            ),
          }),
        },
      },
      async (request) => {
        const user = authorize(request, 'assistance.visit');
        return withScope(deps.db, actorOf(request, user), (tx) =>
          recordTeamDays(tx, planActor(user), request.params.key, request.body.entries, today()),
        );
      },
    );

    // The public check of a posted card: no login, read-only, rate limited per IP; it answers only
    // the masked card as printed and whether it is current.
    api.get(
      '/public/wall-cards/:token',
      {
        schema: { tags: ['household-plans'], params: Type.Object({ token: Type.String({ maxLength: 80 }) }) },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (request) =>
        withScope(deps.db, systemActor(String(request.id), 'public-wall-card'), (tx) =>
          verifyWallCard(tx, request.params.token),
        ),
    );
  });
}
