// Open311 GeoReport v2 under /open311/v2, each resource as .json and .xml; POST requests as
// application/x-www-form-urlencoded with an api_key. The group is its own Fastify plugin, so that
// its form parser, its error format ([{code, description}] / <errors>) and its 404s stay here.
// Also the admin's POST /api/admin/open311-keys.
import { Type } from 'typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { AppError } from '../errors.js';
import { validationMessage } from '../validationMessages.js';
import { StoreUnavailable } from '../../store/db.js';
import {
  discovery, issueApiKey, listRequests, MAX_DESCRIPTION, MAX_REQUESTS, MAX_SPAN_DAYS, requestByNumber, requestForToken, requireApiKey,
  serviceDefinition, serviceList, submitServiceRequest, type ApiKey, type ServiceRequestForm,
} from '../../commands/open311.js';
import { renderOpen311Xml, type Open311Root } from '../../presenters/open311Xml.js';
import { Text } from '../schemas.js';

const PREFIX = '/open311/v2';
const FORM = 'application/x-www-form-urlencoded';

type Format = 'json' | 'xml';
/** Accepted everywhere and ignored: this endpoint serves one jurisdiction, as the spec allows. */
const Jurisdiction = Type.Optional(Type.String({ maxLength: 200 }));

declare module 'fastify' {
  interface FastifyRequest { open311Key?: ApiKey }
}

/** The format asked for by the path's extension: .xml, else JSON. */
function formatOf(req: FastifyRequest): Format {
  return /\.xml$/i.test(req.url.split('?')[0]) ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, root: Open311Root, data: unknown) {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(renderOpen311Xml(root, data));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
}

/** Open311's error list ([{code, description}] or <errors>); also app.ts's answer to a malformed path under /open311. */
export function sendErrors(req: FastifyRequest, reply: FastifyReply, status: number, description: string) {
  return send(reply.code(status), formatOf(req), 'errors', [{ code: status, description }]);
}

/** A form body: repeated names and `name[]` become lists; nothing can reach an object's prototype. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const many = rawKey.endsWith('[]');
    const key = many ? rawKey.slice(0, -2) : rawKey;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const prev = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    if (prev === undefined) out[key] = many ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

const Str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Coordinate = Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Number()]));
const PostRequestBody = Type.Object({
  api_key: Str(200),
  jurisdiction_id: Jurisdiction,
  service_code: Str(64),
  lat: Coordinate,
  long: Coordinate,
  address_string: Str(300),
  address_id: Str(100),
  email: Str(200),
  device_id: Str(200),
  account_id: Str(200),
  first_name: Str(50),
  last_name: Str(50),
  phone: Str(30),
  description: Str(MAX_DESCRIPTION),
  media_url: Str(2000),
}, {
  // attribute[code]=value, and attribute[code][]=value for a multi-value list.
  patternProperties: { '^attribute\\[[^\\]]{1,64}\\]$': Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 })]) },
});

const RequestsQuery = Type.Object({
  jurisdiction_id: Jurisdiction,
  service_request_id: Str(20_000),
  service_code: Str(2000),
  start_date: Str(40),
  end_date: Str(40),
  status: Str(20),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: '扩展：页码，从 1 开始' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REQUESTS, description: `扩展：每页条数，默认且至多 ${MAX_REQUESTS}` })),
});

function open311Plugin({ deps }: RouteEnv) {
  return async (scope: FastifyInstance) => {
    const app = scope as unknown as App;

    // Form bodies only here: the rest of the API speaks JSON.
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      try { done(null, parseForm(body as string)); } catch (e) { done(e as Error, undefined); }
    });

    scope.setErrorHandler((err: FastifyError & { validation?: any; validationContext?: string }, req, reply) => {
      if (err instanceof AppError) return sendErrors(req, reply, err.status, err.message);
      if (err.validation) return sendErrors(req, reply, 400, validationMessage(err.validationContext ?? 'body', err.validation).message);
      if (err instanceof StoreUnavailable) return sendErrors(req, reply.header('retry-after', '2'), 503, err.message);
      const status = err.statusCode ?? 500;
      if (status === 413) return sendErrors(req, reply, 413, '请求内容过大');
      if (status === 415) return sendErrors(req, reply, 415, `不支持的内容类型：${req.headers['content-type'] ?? '（无）'}，请使用 ${FORM}`);
      if (status >= 400 && status < 500) return sendErrors(req, reply, 400, err.message);
      req.log.error({ err }, 'unhandled error');
      return sendErrors(req, reply, 500, '服务器内部错误，请稍后重试');
    });
    // Any other path under the prefix (the web front end's catch-all would otherwise take GETs).
    const notHere = (req: FastifyRequest, reply: FastifyReply) => sendErrors(req, reply, 404, `资源不存在：${req.method} ${req.url.split('?')[0]}`);
    scope.setNotFoundHandler(notHere);
    scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', schema: { hide: true }, handler: notHere });

    const doc = (summary: string) => ({ tags: ['open311'], summary, security: [] });
    const notAFormat = (req: FastifyRequest, reply: FastifyReply) => sendErrors(req, reply, 404, `不支持的格式，可选 .json 或 .xml：${req.url.split('?')[0]}`);
    const Fmt = Type.Object({ format: Type.String({ maxLength: 10 }) });
    const isFormat = (f: string): f is Format => f === 'json' || f === 'xml';

    app.get('/discovery.:format', {
      config: { public: true },
      schema: { ...doc('服务发现（Service Discovery）'), params: Fmt },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      const url = `${req.protocol}://${req.headers.host ?? 'localhost'}${PREFIX}`;
      return send(reply, f, 'discovery', await discovery(deps, url));
    });

    app.get('/services.:format', {
      config: { public: true },
      schema: { ...doc('服务列表（诉求类别）'), params: Fmt, querystring: Type.Object({ jurisdiction_id: Jurisdiction }) },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      return send(reply, f, 'services', serviceList(await deps.catalog.get()));
    });

    app.get('/services/:code.:format', {
      config: { public: true },
      schema: { ...doc('服务定义'), params: Type.Object({ code: Text(64), format: Type.String({ maxLength: 10 }) }), querystring: Type.Object({ jurisdiction_id: Jurisdiction }) },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      return send(reply, f, 'service_definition', serviceDefinition(await deps.catalog.get(), req.params.code));
    });

    app.get('/requests.:format', {
      config: { public: true },
      schema: {
        ...doc(`查询诉求：默认最近${MAX_SPAN_DAYS}天、至多${MAX_REQUESTS}条；扩展参数 page、page_size 翻页`),
        params: Fmt, querystring: RequestsQuery,
      },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      return send(reply, f, 'service_requests', await listRequests(deps, req.query));
    });

    app.post('/requests.:format', {
      config: { public: true },
      schema: {
        ...doc('提交诉求（application/x-www-form-urlencoded，需 api_key；可选 Idempotency-Key 头）'),
        consumes: [FORM],
        params: Fmt,
        querystring: Type.Object({ api_key: Str(200), jurisdiction_id: Jurisdiction }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
        body: PostRequestBody,
      },
      // The key is checked before the form: a caller without one learns nothing about its input (403, as the spec says).
      preValidation: async (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        const key = body && typeof body === 'object' && body.api_key !== undefined ? body.api_key : (req.query as Record<string, unknown>)?.api_key;
        req.open311Key = await requireApiKey(deps, key);
      },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      const out = await submitServiceRequest(deps, req.open311Key!, req.body as ServiceRequestForm, req.headers['idempotency-key'] ?? null);
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return send(reply, f, 'service_requests', out.body);
    });

    app.get('/requests/:id.:format', {
      config: { public: true },
      schema: { ...doc('查询一件诉求（service_request_id 即来信编号）'), params: Type.Object({ id: Text(40), format: Type.String({ maxLength: 10 }) }), querystring: Type.Object({ jurisdiction_id: Jurisdiction }) },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      return send(reply, f, 'service_requests', await requestByNumber(deps, req.params.id));
    });

    app.get('/tokens/:token.:format', {
      config: { public: true },
      schema: { ...doc('由 token 查询诉求编号'), params: Type.Object({ token: Text(100), format: Type.String({ maxLength: 10 }) }), querystring: Type.Object({ jurisdiction_id: Jurisdiction }) },
    }, async (req, reply) => {
      const f = req.params.format;
      if (!isFormat(f)) return notAFormat(req, reply);
      return send(reply, f, 'service_requests', await requestForToken(deps, req.params.token));
    });
  };
}

export function open311Routes(app: App, env: RouteEnv) {
  app.post('/api/admin/open311-keys', {
    schema: { tags: ['admin'], summary: '签发 Open311 API 密钥（只显示这一次）', body: Type.Object({ name: Type.Optional(Text(100)) }) },
    // The body is optional: a bare POST issues a key with the default name.
    preValidation: async (req) => { req.body ??= {}; },
  }, async (req, reply) => reply.code(201).send(await issueApiKey(env.deps, requireStaff(req, 'admin'), req.body)));

  app.register(open311Plugin(env), { prefix: PREFIX });
}
