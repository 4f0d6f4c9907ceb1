// Excel downloads: the case list (same filters and scope as GET /api/cases) and the figures of a
// month. Each download is an audited event (commands/exports.ts).
import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { forbidden } from '../errors.js';
import { Text, Code } from '../schemas.js';
import { exportCaseList, exportStats } from '../../commands/exports.js';
import { contentDisposition, XLSX_TYPE } from '../../presenters/excel.js';
import { CENTER_ROLES, UNIT_ROLES, hasRole } from '../../policies/actor.js';

const CASE_ROLES = [...CENTER_ROLES, ...UNIT_ROLES];

export function exportRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/cases/export.xlsx', {
    schema: {
      tags: ['cases'], summary: '导出案件列表（Excel，筛选与范围同案件列表，最多50,000行，个人信息脱敏，留痕）',
      querystring: Type.Object({
        status: Type.Optional(Text(100)), unit: Type.Optional(Code), category: Type.Optional(Code), q: Type.Optional(Text(100, 0)),
        overdue: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
        extension: Type.Optional(Type.Literal('pending')),
      }),
    },
  }, async (req, reply) => {
    const actor = requireStaff(req, ...CASE_ROLES);
    const r = await exportCaseList(deps, actor, req.query);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', contentDisposition(r.fileName, r.asciiName))
      .header('cache-control', 'no-store')
      .header('x-export-rows', String(r.rows))
      .header('x-export-total', String(r.total))
      .send(r.stream);
  });

  app.get('/api/stats/export.xlsx', {
    schema: {
      tags: ['stats'], summary: '导出统计报表（Excel：概览、单位排名、渠道/类别/辖区分布；留痕）',
      querystring: Type.Object({
        month: Type.Optional(Text(7)), from: Type.Optional(Text(40, 0)), to: Type.Optional(Text(40, 0)), unit: Type.Optional(Code),
      }),
    },
  }, async (req, reply) => {
    const actor = requireStaff(req);
    // As GET /api/stats/*: unit staff get their own unit's figures, whatever they ask for, and no ranking.
    const cityWide: boolean = hasRole(actor, ...CENTER_ROLES, 'viewer');
    if (!cityWide && !actor.unitCode) throw forbidden('您的账号未归属任何单位，无法导出统计');
    const r = await exportStats(deps, actor, { ...req.query, unit: cityWide ? req.query.unit : actor.unitCode!, withRanking: cityWide });
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', contentDisposition(r.fileName, r.asciiName))
      .header('cache-control', 'no-store')
      .send(r.buffer);
  });
}
