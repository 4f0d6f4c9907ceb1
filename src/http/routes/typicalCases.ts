// Published typical cases (典型案例): the dispatcher publishes and withdraws; anyone reads.
import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { Code, IdParam, Text } from '../schemas.js';
import { listTypicalCases, publicationPreview, publishCase, withdrawTypicalCase } from '../../commands/typicalCases.js';

export function typicalCaseRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/cases/:id/publication', {
    schema: { tags: ['cases'], summary: '发布典型案例前的预览：匿名化后的正文、检查结果、能否发布（调度员）', params: IdParam },
  }, async (req) => publicationPreview(deps, requireStaff(req), req.params.id));

  app.post('/api/cases/:id/publish', {
    schema: {
      tags: ['cases'], summary: '发布为典型案例（调度员）：须已回访归档且来信人同意公开；匿名化并复查后发布',
      params: IdParam,
      body: Type.Object({ title: Text(100, 2), text: Type.Optional(Text(8000, 0)) }),
    },
  }, async (req, reply) => reply.code(201).send(await publishCase(deps, requireStaff(req), req.params.id, req.body)));

  app.get('/api/typical-cases', {
    config: { public: true },
    schema: {
      tags: ['public'], summary: '典型案例（匿名化，最新在前）；总数见 X-Total-Count',
      querystring: Type.Object({
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        category: Type.Optional(Code),
      }),
    },
  }, async (req, reply) => {
    const r = await listTypicalCases(deps, req.query);
    reply.header('x-total-count', String(r.total));
    return r.items;
  });

  app.delete('/api/typical-cases/:id', {
    schema: { tags: ['cases'], summary: '撤回典型案例（调度员）', params: IdParam },
  }, async (req, reply) => {
    await withdrawTypicalCase(deps, requireStaff(req), req.params.id);
    return reply.code(204).send();
  });
}
