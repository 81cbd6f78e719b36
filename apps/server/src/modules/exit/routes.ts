import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import {
  COUNTY_CRITERIA,
  EXIT_LEVELS,
  EXIT_STAGES,
  EXIT_STEPS,
  HOUSEHOLD_CRITERIA,
  PROVINCE_CODE,
  VILLAGE_CRITERIA,
  type ExitStandards,
} from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { actorOf, authorize } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/types.js';
import { withScope } from '../../db/scope.js';
import type { SessionUser } from '../auth/service.js';
import { getExitCase, listExitCases, proposeExit, takeExitStep, type ExitActor } from './cases.js';
import { startEvaluation } from './evaluation.js';
import { listCountyAssessments, listVillageFacts, saveCountyAssessment, saveVillageFacts } from './facts.js';
import {
  evaluationSummary,
  listCountyResults,
  listEvaluations,
  listHouseholdResults,
  listVillageResults,
} from './results.js';
import { ExitStandardsSchema, SixStandardsSchema } from './schemas.js';
import { currentStandards, saveStandards, standardsVersions } from './standards.js';

const RegionCode = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
const Year = Type.Integer({ minimum: 2014, maximum: 2100 });
const KeyParams = Type.Object({ key: Type.String({ pattern: '^\\d{6}-\\d{1,18}$' }) });
const CRITERIA = [...new Set<string>([...HOUSEHOLD_CRITERIA, ...VILLAGE_CRITERIA, ...COUNTY_CRITERIA])];
const ResultQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  year: Year,
  eligible: Type.Optional(Type.Boolean()),
  criterion: Type.Optional(Type.Union(CRITERIA.map((c) => Type.Literal(c)))),
  poorOnly: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  after: Type.Optional(Type.String({ maxLength: 200 })),
});
const Amount = Type.Union([Type.Number({ minimum: 0, maximum: 1e11 }), Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 });

function exitActor(user: SessionUser): ExitActor {
  return { userId: user.id, name: user.displayName, role: user.role, scope: user.regionCode };
}

/** Exit: standards, facts, evaluation and results, and the exit procedures. */
export async function exitRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  const api = typed(instance);

  api.get('/exit/standards', { schema: { tags: ['exit'] } }, async (request) => {
    const user = authorize(request, 'exit.read');
    return withScope(deps.db, actorOf(request, user), (tx) => currentStandards(tx));
  });

  api.get(
    '/exit/standards/versions',
    {
      schema: {
        tags: ['exit'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        standardsVersions(tx, request.query.limit),
      );
      return { items };
    },
  );

  api.put(
    '/exit/standards',
    {
      schema: {
        tags: ['exit'],
        body: Type.Object({ standards: ExitStandardsSchema, note: Type.Optional(Type.String({ maxLength: 300 })) }),
      },
    },
    async (request) => {
      const user = authorize(request, 'standards.manage');
      if (user.regionCode !== PROVINCE_CODE) throw new AppError('FORBIDDEN');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        saveStandards(tx, user.displayName, request.body.standards as ExitStandards, request.body.note ?? null),
      );
    },
  );

  api.get(
    '/exit/village-facts',
    { schema: { tags: ['exit'], querystring: Type.Object({ regionCode: RegionCode, year: Year }) } },
    async (request) => {
      const user = authorize(request, 'exit.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        listVillageFacts(tx, user.regionCode, request.query.regionCode, request.query.year),
      );
      return { items };
    },
  );

  api.put(
    '/exit/village-facts/:villageCode/:year',
    {
      schema: {
        tags: ['exit'],
        params: Type.Object({ villageCode: Type.String({ pattern: '^\\d{12}$' }), year: Year }),
        body: Type.Object({
          collectiveIncome: Amount,
          disposableIncome: Amount,
          ruralPopulation: Type.Union([Count, Type.Null()]),
          sixStandards: SixStandardsSchema,
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        saveVillageFacts(
          tx,
          user.regionCode,
          user.displayName,
          request.params.villageCode,
          request.params.year,
          request.body,
        ),
      );
    },
  );

  api.get(
    '/exit/county-assessments',
    { schema: { tags: ['exit'], querystring: Type.Object({ regionCode: RegionCode, year: Year }) } },
    async (request) => {
      const user = authorize(request, 'exit.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        listCountyAssessments(tx, user.regionCode, request.query.regionCode, request.query.year),
      );
      return { items };
    },
  );

  api.put(
    '/exit/county-assessments/:countyCode/:year',
    {
      schema: {
        tags: ['exit'],
        params: Type.Object({ countyCode: Type.String({ pattern: '^\\d{6}$' }), year: Year }),
        body: Type.Object({
          sampledExited: Count,
          wronglyExited: Count,
          sampledPopulation: Count,
          missed: Count,
          surveyed: Count,
          satisfied: Count,
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.review');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        saveCountyAssessment(
          tx,
          user.regionCode,
          user.displayName,
          request.params.countyCode,
          request.params.year,
          request.body,
        ),
      );
    },
  );

  api.post(
    '/exit/evaluations',
    { schema: { tags: ['exit'], body: Type.Object({ year: Year, regionCode: Type.Optional(RegionCode) }) } },
    async (request) => {
      const user = authorize(request, 'exit.review');
      const evaluation = await withScope(deps.db, actorOf(request, user), (tx) =>
        startEvaluation(tx, actorOf(request, user), request.body.regionCode ?? user.regionCode, request.body.year, {
          shards: deps.worker?.size ?? 1,
        }),
      );
      deps.worker?.poke();
      return evaluation;
    },
  );

  api.get(
    '/exit/evaluations',
    {
      schema: {
        tags: ['exit'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.read');
      const items = await withScope(deps.db, actorOf(request, user), (tx) => listEvaluations(tx, request.query.limit));
      return { items };
    },
  );

  api.get('/exit/results/households', { schema: { tags: ['exit'], querystring: ResultQuery } }, async (request) => {
    const user = authorize(request, 'exit.read');
    const q = request.query;
    return withScope(deps.db, actorOf(request, user), (tx) =>
      listHouseholdResults(tx, user.regionCode, { ...q, regionCode: q.regionCode ?? user.regionCode }),
    );
  });

  api.get('/exit/results/villages', { schema: { tags: ['exit'], querystring: ResultQuery } }, async (request) => {
    const user = authorize(request, 'exit.read');
    const q = request.query;
    return withScope(deps.db, actorOf(request, user), (tx) =>
      listVillageResults(tx, user.regionCode, { ...q, regionCode: q.regionCode ?? user.regionCode }),
    );
  });

  api.get('/exit/results/counties', { schema: { tags: ['exit'], querystring: ResultQuery } }, async (request) => {
    const user = authorize(request, 'exit.read');
    const q = request.query;
    const items = await withScope(deps.db, actorOf(request, user), (tx) =>
      listCountyResults(tx, user.regionCode, { ...q, regionCode: q.regionCode ?? user.regionCode }),
    );
    return { items };
  });

  api.get(
    '/exit/summary',
    { schema: { tags: ['exit'], querystring: Type.Object({ regionCode: Type.Optional(RegionCode), year: Year }) } },
    async (request) => {
      const user = authorize(request, 'exit.read');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        evaluationSummary(tx, user.regionCode, request.query.regionCode ?? user.regionCode, request.query.year),
      );
    },
  );

  api.get(
    '/exit/cases',
    {
      schema: {
        tags: ['exit'],
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCode),
          level: Type.Optional(Type.Union(EXIT_LEVELS.map((l) => Type.Literal(l)))),
          stage: Type.Optional(Type.Union(EXIT_STAGES.map((s) => Type.Literal(s)))),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.read');
      const q = request.query;
      const items = await withScope(deps.db, actorOf(request, user), (tx) =>
        listExitCases(tx, user.regionCode, { ...q, regionCode: q.regionCode ?? user.regionCode }),
      );
      return { items };
    },
  );

  api.post(
    '/exit/cases',
    {
      schema: {
        tags: ['exit'],
        body: Type.Object({
          level: Type.Union(EXIT_LEVELS.map((l) => Type.Literal(l))),
          year: Year,
          householdKey: Type.Optional(Type.String({ pattern: '^\\d{6}-\\d{1,18}$' })),
          regionCode: Type.Optional(RegionCode),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        proposeExit(tx, exitActor(user), request.body, new Date()),
      );
    },
  );

  api.get('/exit/cases/:key', { schema: { tags: ['exit'], params: KeyParams } }, async (request) => {
    const user = authorize(request, 'exit.read');
    return withScope(deps.db, actorOf(request, user), (tx) => getExitCase(tx, user.regionCode, request.params.key));
  });

  api.post(
    '/exit/cases/:key/steps',
    {
      schema: {
        tags: ['exit'],
        params: KeyParams,
        body: Type.Object({
          step: Type.Union(EXIT_STEPS.map((s) => Type.Literal(s))),
          outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          objection: Type.Optional(Type.String({ maxLength: 500 })),
          foodSecure: Type.Optional(Type.Boolean()),
          clothingSecure: Type.Optional(Type.Boolean()),
          signedBy: Type.Optional(Type.String({ maxLength: 50 })),
          signedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
        }),
      },
    },
    async (request) => {
      const user = authorize(request, 'exit.write');
      return withScope(deps.db, actorOf(request, user), (tx) =>
        takeExitStep(tx, exitActor(user), request.params.key, request.body, new Date()),
      );
    },
  );
}
