import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { receiveFromChannel, verifyChannelRequest, INBOUND_CHANNELS } from '../../commands/channels.js';
import { Text, Code } from '../schemas.js';

declare module 'fastify' { interface FastifyRequest { rawBody?: string } }

const ChannelLetter = Type.Object({
  externalId: Text(100),
  receivedAt: Text(40),
  citizen: Type.Object({ name: Text(50), phone: Text(20), idNumber: Type.Optional(Text(18, 15)) }),
  title: Type.Optional(Text(100)),
  content: Text(5000, 10),
  address: Type.Optional(Text(200)),
  category: Type.Optional(Code),
  type: Type.Optional(Code),
  urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('critical')])),
});

/**
 * POST /api/channels/:channel/cases — in its own scope, so that its JSON parser can keep the raw
 * bytes that the signature covers; the signature is checked before the body's schema, so a caller
 * without the secret learns nothing about what a valid body looks like.
 */
export function channelRoutes(app: App, { deps }: RouteEnv) {
  app.register(async (scope: any) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req: any, body: string, done: (e: Error | null, v?: unknown) => void) => {
      req.rawBody = body;
      try { done(null, body ? JSON.parse(body) : {}); } catch { const e: any = new Error('请求体不是有效的 JSON'); e.statusCode = 400; done(e); }
    });
    (scope as App).post('/api/channels/:channel/cases', {
      config: { public: true },
      schema: {
        tags: ['channels'], summary: `渠道来信（${Object.keys(INBOUND_CHANNELS).join('、')}），HMAC-SHA256 签名`,
        params: Type.Object({ channel: Text(20) }), body: ChannelLetter,
      },
      preValidation: async (req) => {
        const h = req.headers;
        await verifyChannelRequest(deps, (req.params as { channel: string }).channel, h['x-timestamp'] as string | undefined, h['x-signature'] as string | undefined, req.rawBody ?? '');
      },
    }, async (req, reply) => {
      const r = await receiveFromChannel(deps, req.params.channel, req.body);
      return reply.code(r.created ? 201 : 200).send({ id: r.id, number: r.number });
    });
  });
}
