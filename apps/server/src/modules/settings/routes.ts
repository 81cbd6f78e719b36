import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { EXIT_NOTICE_DAYS, PROVINCE_CODE } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize, requireUser } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { errorResponses, typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import { getSetting, putSetting } from './service.js';

const IdentificationSettingsSchema = Type.Object({
  noticeDays: Type.Integer({ minimum: 1, maximum: 60 }),
  townshipSpotCheckRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  countySpotCheckRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
});

const NoticeDays = Type.Integer({ minimum: EXIT_NOTICE_DAYS.min, maximum: EXIT_NOTICE_DAYS.max });
const ExitSettingsSchema = Type.Object({
  noticeDays: Type.Object({ household: NoticeDays, village: NoticeDays, county: NoticeDays }),
});

/** Policy settings: everyone signed in reads them; province-wide administrators change them. */
export async function settingsRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);
  api.get(
    '/settings/identification',
    { schema: { tags: ['settings'], response: { 200: IdentificationSettingsSchema, ...errorResponses } } },
    async (request) => {
      const user = requireUser(request);
      return withScope(deps.db, actorOf(request, user), (tx) => getSetting(tx, 'identification'));
    },
  );
  api.put(
    '/settings/identification',
    {
      schema: {
        tags: ['settings'],
        body: IdentificationSettingsSchema,
        response: { 200: IdentificationSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'users.manage');
      if (user.regionCode !== PROVINCE_CODE) throw new AppError('FORBIDDEN');
      return withScope(deps.db, actorOf(request, user), (tx) => putSetting(tx, 'identification', request.body));
    },
  );
  api.get(
    '/settings/exit',
    { schema: { tags: ['settings'], response: { 200: ExitSettingsSchema, ...errorResponses } } },
    async (request) => {
      const user = requireUser(request);
      return withScope(deps.db, actorOf(request, user), (tx) => getSetting(tx, 'exit'));
    },
  );
  // Exit notices belong to the exit procedures: changed by whoever may change the exit standards.
  api.put(
    '/settings/exit',
    {
      schema: {
        tags: ['settings'],
        body: ExitSettingsSchema,
        response: { 200: ExitSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = authorize(request, 'standards.manage');
      if (user.regionCode !== PROVINCE_CODE) throw new AppError('FORBIDDEN');
      return withScope(deps.db, actorOf(request, user), (tx) => putSetting(tx, 'exit', request.body));
    },
  );
}
