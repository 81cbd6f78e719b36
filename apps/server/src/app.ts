import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ERRORS, errorMessage, type ErrorCode } from '@fupin/domain';
import type { Database } from './db/connection.js';
import { AppError } from './http/errors.js';
import { localeOf } from './http/context.js';
import { resolveSession } from './modules/auth/service.js';
import { authRoutes, SESSION_COOKIE } from './modules/auth/routes.js';
import { regionRoutes } from './modules/regions/routes.js';
import { userRoutes } from './modules/users/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { jobRoutes } from './modules/jobs/routes.js';
import { registryRoutes } from './modules/registry/routes.js';
import { transferRoutes } from './modules/registry/transfer/routes.js';
import { identificationRoutes } from './modules/identification/routes.js';
import { exitRoutes } from './modules/exit/routes.js';
import { adjustmentRoutes } from './modules/registry/adjustment-routes.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { assistanceRoutes } from './modules/assistance/routes.js';
import { progressRoutes } from './modules/progress/routes.js';
import { householdPlanRoutes } from './modules/household-plans/routes.js';
import type { JobWorkers } from './modules/jobs/runner.js';
import { VERSION } from './version.js';

export interface AppOptions {
  database: Database;
  worker?: JobWorkers | undefined;
  /** Folder of the built web app; served with a fallback to index.html. */
  webDist?: string | undefined;
  logger?: boolean;
  /** Login attempts allowed per IP per minute (the per-account lockout is separate). */
  loginRateLimit?: number;
}

export type App = FastifyInstance;

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_EXEMPT = new Set(['/api/auth/login']);

/** Builds the Fastify application: security, error model, sessions, CSRF, modules, docs, web. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('user', undefined);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'fupin 精准扶贫管理平台 API', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((error, request, reply) => {
    const locale = localeOf(request);
    let code: ErrorCode = 'INTERNAL';
    let details: unknown;
    const err = error as { validation?: unknown; statusCode?: number; code?: string };
    if (error instanceof AppError) {
      code = error.code;
      details = error.details;
    } else if (err.validation) {
      code = 'VALIDATION';
      details = err.validation;
    } else if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      code = 'PAYLOAD_TOO_LARGE';
    } else if (err.statusCode === 429) {
      code = 'RATE_LIMITED';
    } else if (err.statusCode === 400 || err.statusCode === 415) {
      code = 'BAD_REQUEST';
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    void reply.status(ERRORS[code].status).send({
      error: {
        code,
        message: errorMessage(code, locale),
        requestId: String(request.id),
        ...(details === undefined ? {} : { details }),
      },
    });
  });

  // Sessions and CSRF: a session is read from its cookie; mutations must echo the CSRF token.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.user = await resolveSession(options.database.db, token, String(request.id));
    const route = request.url.split('?')[0] ?? '';
    if (MUTATING.has(request.method) && !CSRF_EXEMPT.has(route)) {
      const header = request.headers['x-csrf-token'];
      if (request.user && (typeof header !== 'string' || header !== request.user.csrfToken)) {
        throw new AppError('CSRF');
      }
    }
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  const deps = { db: options.database.db, engine: options.database.engine, worker: options.worker };
  await app.register(
    async (api) => {
      api.get('/health', { schema: { tags: ['system'] } }, async () => ({
        ok: true,
        engine: deps.engine,
        version: VERSION,
      }));
      await authRoutes(api, deps, { loginRateLimit: options.loginRateLimit ?? 30 });
      await regionRoutes(api, deps);
      await userRoutes(api, deps);
      await auditRoutes(api, deps);
      await jobRoutes(api, deps);
      await registryRoutes(api, deps);
      await transferRoutes(api, deps);
      await identificationRoutes(api, deps);
      await exitRoutes(api, deps);
      await adjustmentRoutes(api, deps);
      await settingsRoutes(api, deps);
      await assistanceRoutes(api, deps);
      await progressRoutes(api, deps);
      await householdPlanRoutes(api, deps);
    },
    { prefix: '/api' },
  );

  const webDist = options.webDist ?? DEFAULT_WEB_DIST;
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    const route = request.url.split('?')[0] ?? '';
    const isPage =
      !route.startsWith('/api/') &&
      !route.startsWith('/docs') &&
      !route.startsWith('/assets/') &&
      !/\.\w{1,8}$/.test(route);
    if (request.method === 'GET' && hasWeb && isPage) {
      return reply.type('text/html').sendFile('index.html');
    }
    const locale = localeOf(request);
    return reply.status(404).send({
      error: { code: 'NOT_FOUND', message: errorMessage('NOT_FOUND', locale), requestId: String(request.id) },
    });
  });
  return app;
}

/** Dependencies every module's routes receive. */
export interface RouteDeps {
  db: Database['db'];
  engine: Database['engine'];
  worker: JobWorkers | undefined;
}
