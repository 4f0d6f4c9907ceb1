import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { alertHistory, alerts, campaignFeedback, closeCampaign, createCampaign, getCampaign, hotspots, listCampaigns, presentHotspot } from '../../commands/classes.js';
import { faqSuggestions } from '../../commands/faqSuggestions.js';
import { Code, IdParam, Text } from '../schemas.js';

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

  app.get('/api/alerts/history', { schema: { tags: ['analysis'], summary: '已发出的预警（每日预警任务记录）', querystring: Days } }, async (req) => {
    requireStaff(req, 'admin', 'dispatcher', 'reviewer', 'viewer');
    return alertHistory(deps, req.query.days ?? 30);
  });

  app.get('/api/faq/suggestions', {
    schema: { tags: ['analysis'], summary: '一问一答建议：反复出现、已答复的咨询来信', querystring: Days },
  }, async (req) => {
    requireStaff(req, 'admin', 'dispatcher');
    return faqSuggestions(deps, req.query.days ?? 90);
  });

  app.get('/api/campaigns', { schema: { tags: ['analysis'], summary: '专项列表（单位人员只见本单位承办的专项）' } }, async (req) => (
    listCampaigns(deps, requireStaff(req))
  ));

  app.get('/api/campaigns/:id', { schema: { tags: ['analysis'], summary: '专项详情及所含来信', params: IdParam } }, async (req) => (
    getCampaign(deps, requireStaff(req), req.params.id)
  ));

  app.post('/api/campaigns/:id/close', { schema: { tags: ['analysis'], summary: '结束专项：不再纳入新来信、不再发送反馈', params: IdParam } }, async (req) => (
    closeCampaign(deps, requireStaff(req, 'dispatcher'), req.params.id)
  ));

  app.post('/api/campaigns', {
    schema: {
      tags: ['analysis'], summary: '专项整治：一组来信合并处置',
      body: Type.Object({ title: Text(100, 2), caseIds: Type.Array(Type.Integer({ minimum: 1, maximum: 9007199254740991 }), { minItems: 1, maxItems: 5000 }), unitCode: Code, hotspotId: Type.Optional(Text(64)) }),
    },
  }, async (req, reply) => reply.code(201).send(await createCampaign(deps, requireStaff(req, 'dispatcher'), req.body)));

  app.post('/api/campaigns/:id/feedback', {
    schema: { tags: ['analysis'], summary: '专项反馈：送达每位来信人', params: IdParam, body: Type.Object({ content: Text(2000, 2) }) },
  }, async (req, reply) => reply.code(201).send(await campaignFeedback(deps, requireStaff(req, 'dispatcher'), req.params.id, req.body.content)));
}
