import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { alerts, campaignFeedback, createCampaign, hotspots, presentHotspot } from '../../commands/classes.js';
import { Code, Text } from '../schemas.js';

const Days = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) });

export function classRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/hotspots', { schema: { tags: ['analysis'], summary: '热点类案：同一地点同一问题的来信分组', querystring: Days } }, async (req) => {
    requireStaff(req, 'admin', 'dispatcher', 'reviewer', 'viewer');
    return (await hotspots(deps, req.query.days ?? 30)).map(presentHotspot);
  });

  app.get('/api/alerts', { schema: { tags: ['analysis'], summary: '未诉先办预警：辖区×类别或热点高于自身历史', querystring: Days } }, async (req) => {
    requireStaff(req, 'admin', 'dispatcher', 'reviewer', 'viewer');
    return alerts(deps, req.query.days ?? 7);
  });

  app.post('/api/campaigns', {
    schema: {
      tags: ['analysis'], summary: '专项整治：一组来信合并处置',
      body: Type.Object({ title: Text(100, 2), caseIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5000 }), unitCode: Code, hotspotId: Type.Optional(Text(64)) }),
    },
  }, async (req, reply) => reply.code(201).send(await createCampaign(deps, requireStaff(req, 'dispatcher'), req.body)));

  app.post('/api/campaigns/:id/feedback', {
    schema: { tags: ['analysis'], summary: '专项反馈：送达每位来信人', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ content: Text(2000, 2) }) },
  }, async (req, reply) => reply.code(201).send(await campaignFeedback(deps, requireStaff(req, 'dispatcher'), req.params.id, req.body.content)));
}
