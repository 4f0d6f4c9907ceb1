import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { overview, unitRanking, breakdown, DIMENSION_NAMES } from '../../commands/stats.js';
import { Text, Code } from '../schemas.js';
import { hasRole, CENTER_ROLES } from '../../policies/actor.js';

export function statsRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/stats/overview', {
    schema: { tags: ['stats'], summary: '总览：受理、解决、感谢、三率、时限达标率', querystring: Type.Object({ from: Type.Optional(Text(40, 0)), to: Type.Optional(Text(40, 0)), unit: Type.Optional(Code) }) },
  }, async (req) => {
    const actor = requireStaff(req);
    // Unit staff see their own unit's figures, whatever they ask for.
    const cityWide: boolean = hasRole(actor, ...CENTER_ROLES, 'viewer');
    const unit = cityWide ? req.query.unit : actor.unitCode ?? undefined;
    return overview(deps, { ...req.query, unit });
  });

  app.get('/api/stats/units', {
    schema: { tags: ['stats'], summary: '单位月度三率排名', querystring: Type.Object({ month: Type.Optional(Text(7)) }) },
  }, async (req) => {
    requireStaff(req, 'admin', 'dispatcher', 'reviewer', 'viewer');
    return unitRanking(deps, req.query);
  });

  app.get('/api/stats/breakdown', {
    schema: {
      tags: ['stats'], summary: '按渠道/类别/辖区/单位/时间分组的受理量与三率',
      querystring: Type.Object({ by: Type.Union(DIMENSION_NAMES.map((d) => Type.Literal(d))), from: Type.Optional(Text(40, 0)), to: Type.Optional(Text(40, 0)), unit: Type.Optional(Code) }),
    },
  }, async (req) => {
    const actor = requireStaff(req);
    const cityWide: boolean = hasRole(actor, ...CENTER_ROLES, 'viewer');
    return breakdown(deps, { ...req.query, unit: cityWide ? req.query.unit : actor.unitCode ?? undefined });
  });
}
