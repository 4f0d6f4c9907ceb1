import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff, requireSignedIn } from '../auth.js';
import { forbidden } from '../errors.js';
import { IdParam, Satisfaction, Text, Code } from '../schemas.js';
import * as handling from '../../commands/handling.js';
import { visibleCaseOr404 } from '../../commands/caseAction.js';
import { listCases } from '../../commands/caseQueries.js';
import { caseScope, loadEvents, loadLimits, addEvent } from '../../store/cases.js';
import { staffCaseView } from '../../presenters/casePresenter.js';
import { maySeeWriter } from '../../policies/casePolicy.js';
import { CENTER_ROLES, UNIT_ROLES } from '../../policies/actor.js';
import { Params } from '../../store/sql.js';
import { vault } from '../../store/vault.js';

const CASE_ROLES = [...CENTER_ROLES, ...UNIT_ROLES];

export function caseRoutes(app: App, { deps, live }: RouteEnv) {
  app.get('/api/cases', {
    schema: {
      tags: ['cases'], summary: '案件列表（按角色与单位限定范围）',
      querystring: Type.Object({
        status: Type.Optional(Text(100)), unit: Type.Optional(Code), category: Type.Optional(Code), q: Type.Optional(Text(100, 0)), phone: Type.Optional(Text(20)),
        overdue: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
        extension: Type.Optional(Type.Literal('pending')),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      }),
    },
  }, async (req) => listCases(deps, requireStaff(req, ...CASE_ROLES), req.query));

  app.get('/api/cases/:id', { schema: { tags: ['cases'], summary: '案件详情', params: IdParam } }, async (req) => {
    const actor = requireStaff(req, ...CASE_ROLES);
    const c = await visibleCaseOr404(deps.store, actor, req.params.id);
    const [limits, events, catalog, citizen, attachments] = await Promise.all([
      loadLimits(deps.store, c.id), loadEvents(deps.store, c.id), deps.catalog.get(),
      c.citizen_id ? deps.store.query<any>('SELECT name, phone FROM citizens WHERE id = $1', [c.citizen_id]).then((r) => r.rows[0] ?? null) : null,
      deps.store.query<any>('SELECT id, content_type, size FROM attachments WHERE case_id = $1 ORDER BY created_at', [c.id]).then((r) => r.rows),
    ]);
    return staffCaseView(actor, c, limits, events, catalog, deps.clock.now(), citizen, attachments);
  });

  app.get('/api/cases/:id/contact-info', { schema: { tags: ['cases'], summary: '查看来信人联系方式（留痕）', params: IdParam } }, async (req) => {
    const actor = requireStaff(req, ...CASE_ROLES);
    const catalog = await deps.catalog.get();
    return deps.store.transaction(async (tx) => {
      const c = await visibleCaseOr404(tx, actor, req.params.id);
      if (!maySeeWriter(actor, c, catalog)) throw forbidden('此来信涉及保密，您无权查看来信人信息');
      const z = c.citizen_id ? (await tx.query<any>('SELECT name, phone FROM citizens WHERE id = $1', [c.citizen_id])).rows[0] : null;
      await addEvent(tx, { caseId: c.id, at: deps.clock.now(), actor, actorLabel: actor.displayName || actor.username, action: 'contact_info_viewed' });
      const v = vault();
      return { name: v.open('name', z?.name ?? c.citizen_name) ?? '', phone: v.open('phone', z?.phone ?? c.citizen_phone) ?? '' };
    });
  });

  const id = (req: { params: { id: number } }) => req.params.id;

  app.post('/api/cases/:id/dispatch', {
    schema: { tags: ['cases'], summary: '派单', params: IdParam, body: Type.Object({ unitCode: Code, coUnitCodes: Type.Optional(Type.Array(Code, { maxItems: 10 })), category: Type.Optional(Code), note: Type.Optional(Text(1000, 0)) }) },
  }, async (req) => handling.dispatch(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/sign', { schema: { tags: ['cases'], summary: '签收', params: IdParam } },
    async (req) => handling.sign(deps, requireStaff(req), id(req)));

  app.post('/api/cases/:id/contact', {
    schema: {
      tags: ['cases'], summary: '记录联系来信人', params: IdParam,
      body: Type.Object({ method: Type.Union([Type.Literal('phone'), Type.Literal('sms'), Type.Literal('visit')]), outcome: Type.Union([Type.Literal('reached'), Type.Literal('unreachable')]), note: Text(2000, 0) }),
    },
  }, async (req, reply) => reply.code(201).send(await handling.recordContact(deps, requireStaff(req), id(req), req.body)));

  app.post('/api/cases/:id/feedback', {
    schema: { tags: ['cases'], summary: '反馈（来信人可见）', params: IdParam, body: Type.Object({ content: Text(5000, 2) }) },
  }, async (req, reply) => reply.code(201).send(await handling.feedback(deps, requireStaff(req), id(req), req.body)));

  app.post('/api/cases/:id/return', {
    schema: { tags: ['cases'], summary: '退单', params: IdParam, body: Type.Object({ reason: Text(1000, 2) }) },
  }, async (req) => handling.returnCase(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/extension', {
    schema: { tags: ['cases'], summary: '申请延期', params: IdParam, body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 60 }), reason: Text(1000, 2) }) },
  }, async (req, reply) => reply.code(201).send(await handling.requestExtension(deps, requireStaff(req), id(req), req.body)));

  app.post('/api/cases/:id/extension/decision', {
    schema: { tags: ['cases'], summary: '审批延期', params: IdParam, body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Text(1000, 0)) }) },
  }, async (req) => handling.decideExtension(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/report', {
    schema: {
      tags: ['cases'], summary: '办结报告', params: IdParam,
      body: Type.Object({ outcome: Type.Union(['resolved', 'partially_resolved', 'explained', 'unresolvable'].map((o) => Type.Literal(o))), content: Text(5000, 2) }),
    },
  }, async (req) => handling.report(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/review', {
    schema: { tags: ['cases'], summary: '审核办结报告', params: IdParam, body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Text(1000, 0)) }) },
  }, async (req) => handling.review(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/callback', {
    schema: {
      tags: ['cases'], summary: '回访', params: IdParam,
      body: Type.Object({ reached: Type.Boolean(), resolved: Type.Optional(Type.Boolean()), satisfaction: Type.Optional(Satisfaction), note: Type.Optional(Text(1000, 0)) }),
    },
  }, async (req) => handling.callback(deps, requireStaff(req), id(req), req.body));

  app.post('/api/cases/:id/merge', {
    schema: { tags: ['cases'], summary: '并案', params: IdParam, body: Type.Object({ intoId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) }) },
  }, async (req) => handling.merge(deps, requireStaff(req), id(req), req.body));

  app.get('/api/live', { schema: { tags: ['cases'], summary: '实时更新（server-sent events）：可见案件变化时推送' } }, async (req, reply) => {
    live.subscribe(requireSignedIn(req), reply);
  });

  app.get('/api/notices', { schema: { tags: ['cases'], summary: '催办与督办通知', querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }) } }, async (req) => {
    const actor = requireStaff(req, ...CASE_ROLES);
    const p = new Params();
    const scope = caseScope(actor, p);
    const unit = p.add(actor.unitCode ?? '');
    // An early warning's notice (kind 'alert') is about many cases, not one: it carries the warning instead.
    const r = await deps.store.query<any>(
      `SELECT n.id, n.case_id, c.number, n.kind, n.limit_kind, n.text, n.created_at,
              a.id AS alert_id, a.district, a.category, a.hotspot_id, a.ratio, a.count
         FROM notices n LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN alerts a ON a.id = n.alert_id
        WHERE (CASE WHEN n.case_id IS NULL THEN TRUE ELSE ${scope} END) AND n.to_unit = ${unit}
        ORDER BY n.id DESC LIMIT 100 OFFSET ${((req.query.page ?? 1) - 1) * 100}`, p.values);
    return r.rows.map((n) => ({
      id: n.id, caseId: n.case_id, number: n.number, kind: n.kind, limit: n.limit_kind, text: n.text, createdAt: n.created_at,
      ...(n.alert_id != null ? { alert: { id: Number(n.alert_id), district: n.district, category: n.category, hotspotId: n.hotspot_id, ratio: Number(n.ratio), current: Number(n.count) } } : {}),
    }));
  });
}
