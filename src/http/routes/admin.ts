import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { createCategory, createFaq, createUnit, importCases, listMessages, setCalendarYear, setChannel, getSetting, putSetting, listOutbox, retryOutbox } from '../../commands/admin.js';
import { iso } from '../../presenters/casePresenter.js';
import { Code, Text, Satisfaction } from '../schemas.js';

const DateString = Type.String({ maxLength: 10 });

export function adminRoutes(app: App, { deps }: RouteEnv) {
  app.post('/api/admin/units', {
    schema: { tags: ['admin'], summary: '新建单位', body: Type.Object({ code: Code, name: Text(64), kind: Type.Union([Type.Literal('center'), Type.Literal('city'), Type.Literal('district')]), district: Type.Optional(Code) }) },
  }, async (req, reply) => reply.code(201).send(await createUnit(deps, requireStaff(req, 'admin'), req.body)));

  app.get('/api/admin/units', { schema: { tags: ['admin'], summary: '单位列表' } }, async (req) => {
    requireStaff(req);
    const c = await deps.catalog.get();
    return [...c.units.values()];
  });

  app.post('/api/admin/categories', {
    schema: { tags: ['admin'], summary: '新建诉求类别', body: Type.Object({ code: Code, name: Text(64), routeTo: Code, confidential: Type.Optional(Type.Boolean()), examples: Type.Optional(Text(500, 0)) }) },
  }, async (req, reply) => reply.code(201).send(await createCategory(deps, requireStaff(req, 'admin'), req.body)));

  app.put('/api/admin/channels/:channel', {
    schema: {
      tags: ['admin'], summary: '设置渠道密钥和回调地址',
      params: Type.Object({ channel: Code }),
      body: Type.Object({ secret: Type.String({ minLength: 16, maxLength: 200 }), webhookUrl: Type.Optional(Type.String({ maxLength: 500 })) }),
    },
  }, async (req, reply) => {
    await setChannel(deps, requireStaff(req, 'admin'), req.params.channel, req.body);
    return reply.code(204).send();
  });

  app.get('/api/admin/outbox', {
    schema: {
      tags: ['admin'], summary: '对外投递：待投递、死信、已投递（渠道回调、短信等）',
      querystring: Type.Object({ state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('dead'), Type.Literal('delivered')])) }),
    },
  }, async (req) => {
    requireStaff(req, 'admin');
    return listOutbox(deps, req.query.state ?? 'dead');
  });

  app.post('/api/admin/outbox/:id/retry', {
    schema: { tags: ['admin'], summary: '死信重新投递', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) }) },
  }, async (req) => retryOutbox(deps, requireStaff(req, 'admin'), req.params.id));

  app.put('/api/admin/calendar/:year', {
    schema: {
      tags: ['admin'], summary: '设置年度节假日与调休工作日',
      params: Type.Object({ year: Type.Integer() }),
      body: Type.Object({ holidays: Type.Array(DateString, { maxItems: 366 }), workdays: Type.Array(DateString, { maxItems: 366 }) }),
    },
  }, async (req, reply) => {
    await setCalendarYear(deps, requireStaff(req, 'admin'), req.params.year, req.body);
    return reply.code(204).send();
  });

  app.post('/api/admin/faq', {
    schema: { tags: ['admin'], summary: '新建一问一答', body: Type.Object({ question: Text(500, 2), answer: Text(5000, 2), category: Type.Optional(Code) }) },
  }, async (req, reply) => reply.code(201).send(await createFaq(deps, requireStaff(req, 'admin', 'dispatcher'), req.body)));

  app.get('/api/admin/messages', {
    schema: { tags: ['admin'], summary: '已发送的短信/微信消息', querystring: Type.Object({ to: Type.Optional(Text(20)) }) },
  }, async (req) => {
    requireStaff(req, 'admin');
    const rows = await listMessages(deps, req.query.to);
    return rows.map((m: any) => ({ to: m.to_addr, channel: m.channel, text: m.text, createdAt: iso(m.created_at) }));
  });

  app.post('/api/admin/import', {
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      tags: ['admin'], summary: '导入历史案件',
      body: Type.Object({
        cases: Type.Array(Type.Object({
          externalId: Text(100), channel: Code, receivedAt: Text(40), title: Type.Optional(Text(200)), content: Text(5000),
          address: Type.Optional(Text(300, 0)), category: Code, unitCode: Code, closedAt: Type.Optional(Text(40)), satisfaction: Type.Optional(Satisfaction),
        }), { maxItems: 5000 }),
      }),
    },
  }, async (req) => importCases(deps, requireStaff(req, 'admin'), req.body.cases));

  const SettingName = Type.Object({ name: Type.Union([Type.Literal('time-limits'), Type.Literal('rates'), Type.Literal('router')]) });
  app.get('/api/admin/settings/:name', { schema: { tags: ['admin'], summary: '读取时限策略或三率公式', params: SettingName } }, async (req) => {
    requireStaff(req, 'admin');
    return getSetting(deps, req.params.name);
  });
  app.put('/api/admin/settings/:name', {
    schema: { tags: ['admin'], summary: '设置时限策略（按类别/渠道/紧急程度）或三率公式与权重', params: SettingName },
  }, async (req, reply) => {
    await putSetting(deps, requireStaff(req, 'admin'), req.params.name, req.body);
    return reply.code(204).send();
  });

  app.get('/api/admin/users', { schema: { tags: ['admin'], summary: '工作人员列表' } }, async (req) => {
    requireStaff(req, 'admin');
    const r = await deps.store.query<any>('SELECT id, username, display_name, unit_code, roles, active, created_at FROM users ORDER BY id');
    return r.rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, unitCode: u.unit_code, roles: u.roles, active: u.active, createdAt: iso(u.created_at) }));
  });

  app.get('/api/admin/calendar/:year', { schema: { tags: ['admin'], summary: '读取年度节假日', params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }) } }, async (req) => {
    requireStaff(req);
    const r = await deps.store.query<any>('SELECT holidays, workdays FROM calendar_years WHERE year = $1', [req.params.year]);
    return { year: req.params.year, holidays: r.rows[0]?.holidays ?? [], workdays: r.rows[0]?.workdays ?? [] };
  });
}
