import type { App, RouteEnv } from '../app.js';
import { Type } from 'typebox';
import { requireStaff } from '../auth.js';
import { notFound } from '../errors.js';

export function systemRoutes(app: App, { deps, config }: RouteEnv) {
  app.get('/healthz', { schema: { tags: ['system'], summary: '健康检查' } }, async (_req, reply) => {
    try {
      await deps.store.query('SELECT 1');
      return { status: 'ok', pid: process.pid };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  app.post('/api/admin/clock', { config: { public: true },
    schema: { tags: ['admin'], summary: '测试时钟（仅 CLOCK_CONTROL=1）', body: Type.Object({ advanceMinutes: Type.Number({ minimum: 0, maximum: 5_256_000 }) }) },
  }, async (req) => {
    if (!config.clockControl) throw notFound('接口');
    requireStaff(req, 'admin');
    const now = await deps.clock.advance(deps.store, req.body.advanceMinutes);
    deps.wakeWatcher?.();
    return { now: now.toISOString() };
  });
}
