// Response templates (答复模板): the center keeps them (admin, dispatcher — as the FAQ); the
// officer gets those that fit a case, filled for it.
import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { Code, IdParam, Text } from '../schemas.js';
import { CENTER_ROLES, UNIT_ROLES } from '../../policies/actor.js';
import { createTemplate, deleteTemplate, listTemplates, templatesForCase, updateTemplate } from '../../commands/replyTemplates.js';
import { REPORT_OUTCOMES } from '../../domain/replyTemplates.js';

const Kind = Type.Union([Type.Literal('feedback'), Type.Literal('report')]);
const Outcome = Type.Union(REPORT_OUTCOMES.map((o) => Type.Literal(o)));
const TemplateBody = Type.Object({
  category: Type.Optional(Type.Union([Code, Type.Null()])),
  kind: Kind,
  outcome: Type.Optional(Type.Union([Outcome, Type.Null()])),
  title: Text(100),
  body: Text(5000, 2),
  active: Type.Optional(Type.Boolean()),
});
const KEEPERS = ['admin', 'dispatcher'] as const;

export function replyTemplateRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/admin/reply-templates', {
    schema: { tags: ['admin'], summary: '答复模板列表（含已停用）', querystring: Type.Object({ kind: Type.Optional(Kind), category: Type.Optional(Code) }) },
  }, async (req) => {
    requireStaff(req, ...KEEPERS);
    return listTemplates(deps, req.query);
  });

  app.post('/api/admin/reply-templates', {
    schema: { tags: ['admin'], summary: '新建答复模板（占位符：{称呼}{编号}{来信日期}{单位}{类别}{办理结果}{办理情况}）', body: TemplateBody },
  }, async (req, reply) => reply.code(201).send(await createTemplate(deps, requireStaff(req, ...KEEPERS), req.body)));

  app.put('/api/admin/reply-templates/:id', {
    schema: { tags: ['admin'], summary: '修改答复模板（active: false 停用）', params: IdParam, body: TemplateBody },
  }, async (req) => updateTemplate(deps, requireStaff(req, ...KEEPERS), req.params.id, req.body));

  app.delete('/api/admin/reply-templates/:id', {
    schema: { tags: ['admin'], summary: '删除答复模板', params: IdParam },
  }, async (req, reply) => {
    await deleteTemplate(deps, requireStaff(req, ...KEEPERS), req.params.id);
    return reply.code(204).send();
  });

  app.get('/api/cases/:id/reply-templates', {
    schema: {
      tags: ['cases'], summary: '适用于本案的答复模板（本类别优先），已按本案填好；【请填写…】处须办理人员补充',
      params: IdParam, querystring: Type.Object({ kind: Kind, outcome: Type.Optional(Outcome) }),
    },
  }, async (req) => templatesForCase(deps, requireStaff(req, ...CENTER_ROLES, ...UNIT_ROLES), req.params.id, req.query));
}
