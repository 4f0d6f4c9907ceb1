// Excel exports of the case list and of the figures. The list is the workbench's own query
// (listCasesForExport: same scope, filters and order), the writer masked or hidden by the
// presenter; every export is an audited event: who, what filter, how many rows.
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { actorLabel, isCenter } from '../policies/actor.js';
import { addEvent } from '../store/cases.js';
import { badRequest } from '../http/errors.js';
import { listCasesForExport, type CaseListQuery } from './caseQueries.js';
import { overview, unitRanking, breakdown } from './stats.js';
import { caseExportRow } from '../presenters/casePresenter.js';
import { caseListXlsx, chineseTime, figuresXlsx, type FigureCell, type FiguresSheet } from '../presenters/excel.js';
import { STATUS_LABELS, type CaseStatus } from '../domain/caseMachine.js';
import type { Catalog } from '../store/catalog.js';
import { localDateString } from '../domain/calendar.js';
import { INSTANT_RANGE_MESSAGE, isReasonableYear } from '../domain/instants.js';

/** At most this many rows in one export; a larger list is cut, and the file and the audit say so. */
export const EXPORT_LIMIT = 50_000;

const fmt = new Intl.NumberFormat('zh-CN');

/** Local (+08:00) yyyymmdd-hhmm for file names. */
function stamp(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

/** The filter as it was asked (for the trail), and as people read it (for the file). */
function describeFilter(q: CaseListQuery, catalog: Catalog) {
  const filter: Record<string, string> = {};
  for (const k of ['status', 'unit', 'category', 'q', 'overdue', 'extension'] as const) if (q[k] !== undefined && q[k] !== '') filter[k] = String(q[k]);
  const text: string[] = [];
  if (filter.status) text.push(`状态：${filter.status.split(',').map((s) => STATUS_LABELS[s.trim() as CaseStatus]?.zh ?? s).join('、')}`);
  if (filter.unit) text.push(`单位：${catalog.units.get(filter.unit)?.name ?? filter.unit}`);
  if (filter.category) text.push(`类别：${catalog.categories.get(filter.category)?.name ?? filter.category}`);
  if (filter.q) text.push(`关键词：${filter.q}`);
  if (filter.overdue === '1' || filter.overdue === 'true') text.push('只看超时');
  if (filter.extension === 'pending') text.push('延期待批');
  return { filter, text: text.join('；') || '无（全部）' };
}

export async function exportCaseList(deps: Deps, actor: StaffActor, q: CaseListQuery) {
  const [{ rows, total }, catalog] = await Promise.all([listCasesForExport(deps, actor, q, EXPORT_LIMIT), deps.catalog.get()]);
  const now = deps.clock.now();
  const { filter, text } = describeFilter(q, catalog);
  const truncated = total > rows.length;
  await addEvent(deps.store, {
    caseId: null, at: now, actor, actorLabel: actorLabel(actor), action: 'cases_exported',
    data: { filter, rows: rows.length, total, truncated },
  });
  const scope = isCenter(actor)
    ? '全部单位' : `本单位（${catalog.units.get(actor.unitCode ?? '')?.name ?? actor.unitCode ?? ''}）`;
  const stream = caseListXlsx((function* () { for (const r of rows) yield caseExportRow(actor, r, catalog); })(), {
    title: '案件列表导出', exportedBy: `${actorLabel(actor)}（${actor.username}）`, exportedAt: now,
    lines: [
      ['范围', scope],
      ['筛选条件', text],
      ['行数', truncated ? `${fmt.format(rows.length)}（共 ${fmt.format(total)} 件，仅导出前 ${fmt.format(EXPORT_LIMIT)} 件，请缩小筛选范围）` : rows.length],
      ['个人信息', '来信人姓名、电话已脱敏；涉及保密的来信对无权查看者显示“（保密）”'],
    ],
  });
  return { stream, rows: rows.length, total, fileName: `案件列表_${stamp(now)}.xlsx`, asciiName: `cases-${stamp(now)}.xlsx` };
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface StatsExportQuery {
  /** YYYY-MM: the month of the ranking, and the period of the other sheets unless from/to are given. */
  month?: string;
  from?: string;
  to?: string;
  /** Whose figures: a unit, or the whole city (undefined). The route decides it from the role. */
  unit?: string;
  /** The monthly unit ranking is for the center and viewers only. */
  withRanking: boolean;
}

const rate = (v: number | null | undefined): FigureCell => ({ value: v ?? null, format: 'rate' });
const count = (v: number | null | undefined): FigureCell => ({ value: v ?? 0, format: 'count' });

export async function exportStats(deps: Deps, actor: StaffActor, q: StatsExportQuery) {
  const now = deps.clock.now();
  const month = q.month || new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const m = MONTH_RE.exec(month);
  if (!m) throw badRequest('month', '月份格式须为 YYYY-MM');
  // 9999-12 has no next month as a date (a 500 before): see domain/instants.ts.
  if (!isReasonableYear(Number(m[1]))) throw badRequest('month', INSTANT_RANGE_MESSAGE);
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}`;
  const period = { from: q.from || `${month}-01`, to: q.to || `${next}-01`, unit: q.unit };
  const catalog = await deps.catalog.get();
  const [o, byChannel, byCategory, byDistrict, ranking] = await Promise.all([
    overview(deps, period),
    breakdown(deps, { by: 'channel', ...period }),
    breakdown(deps, { by: 'category', ...period }),
    breakdown(deps, { by: 'district', ...period }),
    q.withRanking ? unitRanking(deps, { month }) : Promise.resolve(null),
  ]);
  const from = new Date(o.from);
  const to = new Date(o.to);
  const periodText = `${chineseTime(from, false)} 至 ${chineseTime(new Date(to.getTime() - 1), false)}`;
  const scope = q.unit ? catalog.units.get(q.unit)?.name ?? q.unit : '全市';

  const sheets: FiguresSheet[] = [{
    name: '概览',
    columns: [{ header: '指标', width: 22 }, { header: '数值', width: 28 }],
    rows: [
      ['统计期间', periodText],
      ['统计范围', scope],
      ['受理', count(o.received)],
      ['解决', count(o.solved)],
      ['感谢信', count(o.thanks)],
      ['响应率', rate(o.responseRate)],
      ['解决率', rate(o.resolutionRate)],
      ['满意率', rate(o.satisfactionRate)],
      ['退单率', rate(o.returnRate)],
      ['重办率', rate(o.redoRate)],
      ['有效回访', count(o.validCallbacks)],
      ['签收时限达标率', rate(o.sla.sign)],
      ['联系时限达标率', rate(o.sla.contact)],
      ['首次反馈时限达标率', rate(o.sla.firstFeedback)],
      ['办结时限达标率', rate(o.sla.close)],
      ['回访时限达标率', rate(o.sla.callback)],
    ],
  }];
  if (ranking) {
    sheets.push({
      name: '单位排名',
      columns: [
        { header: '排名', width: 8 }, { header: '单位', width: 22 }, { header: '受理量', width: 10, format: 'count' },
        { header: '响应率', width: 10, format: 'rate' }, { header: '解决率', width: 10, format: 'rate' }, { header: '满意率', width: 10, format: 'rate' },
        { header: '有效回访', width: 10, format: 'count' }, { header: '综合得分', width: 10 },
      ],
      rows: ranking.map((r) => [r.rank, r.unitName, r.received, r.responseRate, r.resolutionRate, r.satisfactionRate, r.validCallbacks, r.score]),
    });
  }
  const dimension = (name: string, label: string, rows: Awaited<ReturnType<typeof breakdown>>): FiguresSheet => ({
    name,
    columns: [
      { header: label, width: 26 }, { header: '受理量', width: 10, format: 'count' }, { header: '解决量', width: 10, format: 'count' },
      { header: '响应率', width: 10, format: 'rate' }, { header: '解决率', width: 10, format: 'rate' }, { header: '满意率', width: 10, format: 'rate' },
    ],
    rows: [...rows].sort((a, b) => b.received - a.received).map((r) => [r.name, r.received, r.solved, r.responseRate, r.resolutionRate, r.satisfactionRate]),
  });
  sheets.push(dimension('渠道分布', '渠道', byChannel), dimension('类别分布', '类别', byCategory), dimension('辖区分布', '辖区', byDistrict));

  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  await addEvent(deps.store, {
    caseId: null, at: now, actor, actorLabel: actorLabel(actor), action: 'stats_exported',
    data: { month, from: o.from, to: o.to, unit: q.unit ?? null, sheets: sheets.map((s) => s.name), rows },
  });
  const buffer = await figuresXlsx(sheets, {
    title: '接诉即办统计报表', exportedBy: `${actorLabel(actor)}（${actor.username}）`, exportedAt: now,
    lines: [['统计期间', periodText], ['统计范围', scope], ...(ranking ? [['排名月份', `${m[1]}年${Number(m[2])}月`]] as [string, string][] : [])],
  });
  const label = q.from || q.to ? `${localDateString(from)}_${localDateString(new Date(to.getTime() - 1))}` : month;
  return { buffer, rows, fileName: `接诉即办统计_${label}.xlsx`, asciiName: `jiesu-stats-${label}.xlsx` };
}
