// What each audience is shown of a case. A masked phone, a hidden writer or an internal note is
// decided here and nowhere else.
import type { Actor } from '../policies/actor.js';
import { maySeeWriter, mayAct } from '../policies/casePolicy.js';
import type { CaseRow, EventRow, LimitRow } from '../store/cases.js';
import type { Catalog } from '../store/catalog.js';
import { formatLocalIso } from '../domain/calendar.js';
import { limitLevel, type LimitKind } from '../domain/timeLimits.js';
import { allowedActions, STATUS_LABELS } from '../domain/caseMachine.js';
import { maskName, maskPhone } from '../domain/identity.js';
import { suggestRoute } from '../commands/intake.js';
import type { CaseExportSource } from '../commands/caseQueries.js';
import { vault } from '../store/vault.js';

export const iso = (d: Date | string | null | undefined) => (d ? formatLocalIso(new Date(d)) : null);

const LIMIT_KINDS: LimitKind[] = ['sign', 'contact', 'firstFeedback', 'close', 'callback'];

export function slaView(limits: LimitRow[], now: Date, catalog: Catalog) {
  const out: Record<string, { due: string | null; doneAt: string | null; breached: boolean; level: string } | null> = {};
  for (const kind of LIMIT_KINDS) {
    const l = limits.find((x) => x.kind === kind);
    if (!l) { out[kind] = null; continue; }
    const { level, breached } = limitLevel({ startedAt: l.started_at, dueAt: l.due_at, doneAt: l.done_at }, now, catalog.timeLimits);
    out[kind] = { due: iso(l.due_at), doneAt: iso(l.done_at), breached, level };
  }
  return out;
}

/** The worst level of the running limits: what a queue sorts and colours by. */
export function caseLevel(limits: LimitRow[], now: Date, catalog: Catalog): 'green' | 'yellow' | 'red' {
  let worst: 'green' | 'yellow' | 'red' = 'green';
  for (const l of limits) {
    if (l.done_at) continue;
    const { level } = limitLevel({ startedAt: l.started_at, dueAt: l.due_at, doneAt: null }, now, catalog.timeLimits);
    if (level === 'red') return 'red';
    if (level === 'yellow') worst = 'yellow';
  }
  return worst;
}

function writerOf(c: CaseRow, citizen: { name: string; phone: string } | null) {
  // Sealed at rest (store/vault.ts): opened here only to be masked or hidden below.
  const v = vault();
  return { name: v.open('name', citizen?.name ?? c.citizen_name) ?? '', phone: v.open('phone', citizen?.phone ?? c.citizen_phone) ?? '' };
}

const CONFIDENTIAL = '（保密）';

export function staffCaseView(
  actor: Actor, c: CaseRow, limits: LimitRow[], events: EventRow[], catalog: Catalog, now: Date,
  citizen: { name: string; phone: string } | null, attachments: { id: string; content_type: string; size: number }[],
) {
  const writer = writerOf(c, citizen);
  const seesWriter = maySeeWriter(actor, c, catalog);
  const facts = { status: c.status, extensionPending: !!c.extension_pending };
  return {
    ...caseListItem(c, catalog, limits, now),
    content: c.content,
    address: c.address,
    location: c.lat != null && c.lng != null ? { lat: c.lat, lng: c.lng } : null,
    confidential: c.confidential,
    citizen: seesWriter
      ? { name: maskName(writer.name), phone: maskPhone(writer.phone) }
      : { name: CONFIDENTIAL, phone: CONFIDENTIAL },
    sla: slaView(limits, now, catalog),
    events: events.map((e) => ({ at: iso(e.at), actor: e.actor_label, action: e.action, note: e.note, data: e.data })),
    suggestion: c.status === 'received' ? presentSuggestion(c, catalog) : null,
    report: c.report_outcome ? { outcome: c.report_outcome, content: c.report_content } : null,
    extensionPending: c.extension_pending,
    evaluation: c.eval_at ? { reached: c.eval_reached, resolved: c.eval_resolved, satisfaction: c.eval_satisfaction, at: iso(c.eval_at) } : null,
    mergedInto: c.merged_into,
    attachments: attachments.map((a) => ({ id: a.id, contentType: a.content_type, size: a.size })),
    allowedActions: allowedActions(facts).filter((a) => mayAct(actor, c, a)),
    now: iso(now),
  };
}

/** The router's suggestion stored at intake, else the category's own route (a category the writer or center chose). */
export function presentSuggestion(c: CaseRow, catalog: Catalog) {
  const s = c.suggestion;
  const byRoute = suggestRoute(catalog, c.category, c.district);
  if (!s?.category) return byRoute;
  return {
    category: s.category.code, confidence: s.category.confidence, district: s.district ?? c.district,
    unitCode: byRoute && c.category && c.category !== s.category.code ? byRoute.unitCode : s.unitCode,
    explanation: s.explanation ?? [], districtEvidence: s.districtEvidence ?? null,
  };
}

export function caseListItem(c: CaseRow, catalog: Catalog, limits: LimitRow[] | null, now: Date) {
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    type: c.type,
    category: c.category,
    categoryName: c.category ? catalog.categories.get(c.category)?.name ?? c.category : null,
    title: c.title,
    district: c.district,
    priority: c.priority,
    status: c.status,
    statusName: STATUS_LABELS[c.status].zh,
    unitCode: c.unit_code,
    unitName: c.unit_code ? catalog.units.get(c.unit_code)?.name ?? c.unit_code : null,
    coUnitCodes: c.co_unit_codes,
    receivedAt: iso(c.received_at),
    updatedAt: iso(c.updated_at),
    level: limits ? caseLevel(limits, now, catalog) : undefined,
  };
}

/** The citizen's timeline: only what a writer should see — no internal notes, no return reasons, no names of officers. */
export function citizenTimeline(events: EventRow[]) {
  const out: { at: string | null; action: string; text: string }[] = [];
  for (const e of events) {
    const d = e.data ?? {};
    let text: string | null = null;
    switch (e.action) {
      case 'received': text = '您的来信已受理'; break;
      case 'dispatched': text = `已转交${d.unitName ?? '相关单位'}办理`; break;
      case 'signed': text = `${d.unitName ?? '办理单位'}已签收`; break;
      case 'contacted': text = d.outcome === 'reached' ? '办理单位已与您联系' : null; break;
      case 'feedback': text = `办理反馈：${d.content}`; break;
      case 'returned': text = '您的来信正在重新分派'; break;
      case 'extension_approved': text = `办理期限已延长${d.days}个工作日`; break;
      case 'reported': text = `办理结果（${d.outcomeName ?? ''}）：${d.content}`; break;
      case 'review_approved': text = '办理结果已通过审核'; break;
      case 'reopened': text = '您的来信已重新办理'; break;
      case 'callback': text = d.reached ? '已回访' : null; break;
      case 'closed': text = '已办结归档'; break;
      case 'merged': text = `您的来信已与编号${d.intoNumber}的来信合并办理`; break;
      case 'rated': text = '您已评价'; break;
      case 'thanks': text = '您已发送感谢信'; break;
    }
    if (text) out.push({ at: iso(e.at), action: e.action, text });
  }
  return out;
}

export const SATISFACTION_LABELS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/**
 * One row of a case list export: names instead of codes, and the writer as on screen — masked for
 * those who may see who wrote, （保密） for those who may not (a confidential letter's unit).
 */
export function caseExportRow(actor: Actor, c: CaseExportSource, catalog: Catalog) {
  const seesWriter = maySeeWriter(actor, c, catalog);
  return {
    number: c.number,
    channel: catalog.channels.get(c.channel)?.name ?? c.channel,
    type: catalog.appealTypes.get(c.type) ?? c.type,
    category: c.category ? catalog.categories.get(c.category)?.name ?? c.category : '',
    title: c.title,
    district: c.district ? catalog.districts.find((d) => d.code === c.district)?.name ?? c.district : '',
    status: STATUS_LABELS[c.status]?.zh ?? c.status,
    unit: c.unit_code ? catalog.units.get(c.unit_code)?.name ?? c.unit_code : '',
    receivedAt: c.received_at,
    signedAt: c.signed_at,
    closedAt: c.closed_at,
    satisfaction: c.eval_satisfaction ? SATISFACTION_LABELS[c.eval_satisfaction] ?? c.eval_satisfaction : '',
    writerName: seesWriter ? maskName(vault().open('name', c.writer_name) ?? '') : CONFIDENTIAL,
    writerPhone: seesWriter ? maskPhone(vault().open('phone', c.writer_phone) ?? '') : CONFIDENTIAL,
  };
}
export type CaseExportRow = ReturnType<typeof caseExportRow>;
