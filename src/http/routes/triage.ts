import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { visibleCaseOr404 } from '../../commands/caseAction.js';
import { similarTo, searchFaq } from '../../commands/similar.js';
import { CENTER_ROLES, UNIT_ROLES } from '../../policies/actor.js';
import { IdParam, Text, Code } from '../schemas.js';
import { iso } from '../../presenters/casePresenter.js';

export function triageRoutes(app: App, { deps }: RouteEnv) {
  app.post('/api/triage/suggest', {
    schema: { tags: ['cases'], summary: '智能分派建议：类别、辖区、单位、相似来信、一问一答', body: Type.Object({ title: Type.Optional(Text(200, 0)), content: Text(5000, 1), address: Type.Optional(Text(300, 0)) }) },
  }, async (req) => {
    const actor = requireStaff(req, ...CENTER_ROLES, ...UNIT_ROLES);
    const catalog = await deps.catalog.get();
    const { autoDispatchThreshold } = catalog.router;
    const s = deps.router!.suggest(catalog, autoDispatchThreshold, req.body);
    const text = `${req.body.title ?? ''} ${req.body.content} ${req.body.address ?? ''}`;
    const [similar, faq] = await Promise.all([
      similarTo(deps, actor, { text, district: s.district, category: s.category?.code ?? null, at: deps.clock.now() }, 5),
      searchFaq(deps, `${req.body.title ?? ''} ${req.body.content}`.slice(0, 200)),
    ]);
    return { category: s.category, unitCode: s.unitCode, district: s.district, districtEvidence: s.districtEvidence, explanation: s.explanation, direct: s.direct, similar, faq: faq.slice(0, 3) };
  });

  app.get('/api/triage/status', { schema: { tags: ['cases'], summary: '分派模型状态' } }, async (req) => {
    requireStaff(req);
    return { ready: deps.router!.ready(), examples: deps.router!.examples, trainedIn: deps.router!.trainedIn, trainedAt: iso(deps.router!.trainedAt), ...(await deps.catalog.get()).router };
  });

  app.get('/api/cases/:id/similar', { schema: { tags: ['cases'], summary: '相似来信（可并案）', params: IdParam } }, async (req) => {
    const actor = requireStaff(req, ...CENTER_ROLES, ...UNIT_ROLES);
    const c = await visibleCaseOr404(deps.store, actor, req.params.id);
    return similarTo(deps, actor, { id: c.id, text: `${c.title} ${c.content} ${c.address ?? ''}`, district: c.district, category: c.category, at: c.received_at });
  });
}
