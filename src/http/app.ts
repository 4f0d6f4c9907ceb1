// The HTTP layer: one Fastify instance, its plugins, the error format of the contract, and the
// route groups. Handlers only parse, guard and call commands.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Deps } from '../commands/deps.js';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
import { StoreUnavailable } from '../store/db.js';
import { registerAuth } from './auth.js';
import { registerInputGuard } from './inputGuard.js';
import { registerSecurityHeaders } from './securityHeaders.js';
import { registerRateLimit } from './rateLimit.js';
import { LiveHub } from './live.js';
import { validationMessage } from './validationMessages.js';
import { systemRoutes } from './routes/system.js';
import { accountRoutes } from './routes/accounts.js';
import { adminRoutes } from './routes/admin.js';
import { citizenRoutes } from './routes/citizen.js';
import { citizenDataRoutes } from './routes/citizenData.js';
import { caseRoutes } from './routes/cases.js';
import { statsRoutes } from './routes/stats.js';
import { classRoutes } from './routes/classes.js';
import { triageRoutes } from './routes/triage.js';
import { channelRoutes } from './routes/channels.js';
import { open311Routes, sendErrors as sendOpen311Errors } from './routes/open311.js';
import { exportRoutes } from './routes/exports.js';
import { trailRoutes } from './routes/trail.js';
import { replyCheckRoutes } from './routes/replyCheck.js';
import { replyTemplateRoutes } from './routes/replyTemplates.js';
import { typicalCaseRoutes } from './routes/typicalCases.js';

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
export interface RouteEnv { deps: Deps; config: Config; live: LiveHub }

// Bodies are JSON and keep their types (a number is no title); unknown fields are dropped, never
// stored. Query strings, path parameters and headers are text, so they are coerced.
const bodyAjv = addFormats(new Ajv({ strict: false, coerceTypes: false, removeAdditional: 'all', useDefaults: true, allErrors: false }));
const urlAjv = addFormats(new Ajv({ strict: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false }));

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** One registered route as the tests see it (test/fuzz.test.ts, test/accessMatrix.test.ts enumerate the API with it). */
export interface RouteRecord { method: string; url: string; schema?: unknown; config?: unknown }
const routeTables = new WeakMap<object, RouteRecord[]>();
/** Every route of an app built by buildHttp, in registration order (HEAD twins included). */
export const routeTable = (app: object): RouteRecord[] => routeTables.get(app) ?? [];

export async function buildHttp(deps: Deps, config: Config, logger: boolean | object = false): Promise<App> {
  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64 ? req.headers['x-request-id'] : randomUUID()),
    trustProxy: false,
    // The router's own refusals — a malformed %-escape in the path (400), a path parameter over 100
    // characters (414) — in the contract's error format instead of Fastify's (found by test/fuzz.test.ts).
    frameworkErrors: (err, req, reply: FastifyReply) => {
      const status = err.statusCode ?? 400;
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '路径参数过长' : err.code === 'FST_ERR_BAD_URL' ? '路径含有无效的编码' : '请求路径无效';
      if (req.url.startsWith('/open311/')) return sendOpen311Errors(req, reply, status, message);
      return reply.code(status).send(errorBody(status === 414 ? 'uri_too_long' : 'bad_url', message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  // Before anything registers a route, so that plugins' routes (static files, /docs, Open311) are recorded too.
  const routes: RouteRecord[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => { for (const m of [r.method].flat()) routes.push({ method: m, url: r.url, schema: r.schema, config: r.config }); });

  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : urlAjv).compile(schema));
  app.addHook('onSend', async (req, reply) => { reply.header('x-request-id', req.id); });
  registerSecurityHeaders(app as unknown as FastifyInstance, config);

  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(errorBody(err.code, err.message));
    if (err.validation) {
      const { message } = validationMessage(err.validationContext ?? 'body', err.validation);
      return reply.code(400).send(errorBody('invalid_input', message));
    }
    if (err instanceof StoreUnavailable) {
      return reply.code(503).header('retry-after', '2').send(errorBody('store_unavailable', err.message));
    }
    const status: number = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') return reply.code(413).send(errorBody('payload_too_large', '请求内容过大'));
    if (status === 415) return reply.code(415).send(errorBody('unsupported_media_type', `不支持的内容类型：${req.headers['content-type'] ?? '（无）'}`));
    if (status >= 400 && status < 500) {
      const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? '请求体不是有效的 JSON'
        : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? '请求体为空，但 Content-Type 为 application/json' : err.message;
      return reply.code(status).send(errorBody(status === 429 ? 'too_many_requests' : 'bad_request', message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('internal_error', '服务器内部错误，请稍后重试'));
  });

  // The web front end: built files from web/dist; any other page path gets index.html (client routing).
  const webRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  // wildcard: files are looked up per request, so a rebuild is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !/^\/(api|open311|docs)(\/|$)/.test(req.url) && !/\.[a-z0-9]+$/i.test(req.url.split('?')[0]);
    if (hasWeb && isPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.code(404).send(errorBody('not_found', `接口不存在：${req.method} ${req.url.split('?')[0]}`));
  });

  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '接诉即办 API', version: '1.0.0', description: '局长信箱·接诉即办平台的 HTTP 接口' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerRateLimit(app as unknown as FastifyInstance, config);
  registerAuth(app as unknown as FastifyInstance, deps.store, config);
  registerInputGuard(app as unknown as FastifyInstance);
  const live = new LiveHub();
  await live.start(deps.store);
  // Open event streams would hold a graceful shutdown forever: end them first.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; await live.close(); });
  // A keep-alive connection whose request was in flight at shutdown would otherwise hold the
  // server open until its idle timeout: answer it, then hang up.
  app.addHook('onSend', async (_req, reply) => { if (closing) reply.header('connection', 'close'); });
  const env: RouteEnv = { deps, config, live };
  systemRoutes(app, env);
  accountRoutes(app, env);
  adminRoutes(app, env);
  citizenRoutes(app, env);
  citizenDataRoutes(app, env);
  caseRoutes(app, env);
  statsRoutes(app, env);
  classRoutes(app, env);
  triageRoutes(app, env);
  channelRoutes(app, env);
  open311Routes(app, env);
  exportRoutes(app, env);
  trailRoutes(app, env);
  replyCheckRoutes(app, env);
  replyTemplateRoutes(app, env);
  typicalCaseRoutes(app, env);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
