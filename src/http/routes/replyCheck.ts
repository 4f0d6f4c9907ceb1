// The reply check on a draft feedback or report (issue 8): the case's unit staff and center roles,
// the case as they may read it (another unit's case is a 404). Advice only, nothing is written.
import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { IdParam, Text } from '../schemas.js';
import { replyCheck } from '../../commands/replyCheck.js';
import { CENTER_ROLES, UNIT_ROLES } from '../../policies/actor.js';

const Finding = Type.Object({ code: Type.String(), message: Type.String() });

export function replyCheckRoutes(app: App, { deps }: RouteEnv) {
  app.post('/api/cases/:id/reply-check', {
    schema: {
      tags: ['cases'], summary: '答复质量检查：相关性、完整性、时效、语气、信息泄露（不保存）', params: IdParam,
      body: Type.Object({
        content: Text(5000, 1),
        kind: Type.Optional(Type.Union([Type.Literal('feedback'), Type.Literal('report')])),
      }),
      response: { 200: Type.Object({ score: Type.Number({ minimum: 0, maximum: 1 }), findings: Type.Array(Finding) }) },
    },
  }, async (req) => replyCheck(deps, requireStaff(req, ...CENTER_ROLES, ...UNIT_ROLES), req.params.id, req.body));
}
