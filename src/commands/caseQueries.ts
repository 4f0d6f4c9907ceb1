// The case lists of the workbench and the console: scoped to what the actor may see, filtered,
// most urgent first.
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { caseScope, type CaseRow, type LimitRow } from '../store/cases.js';
import { Params } from '../store/sql.js';
import { caseListItem, iso, presentSuggestion } from '../presenters/casePresenter.js';
import { badRequest, forbidden } from '../http/errors.js';
import { actorLabel, isCenter } from '../policies/actor.js';
import { addEvent } from '../store/cases.js';
import { isMainlandMobile, maskPhone, normalizeMobile } from '../domain/identity.js';
import { phoneIndex } from '../store/vault.js';
import { CASE_STATUSES } from '../domain/caseMachine.js';

export interface CaseListQuery { status?: string; unit?: string; category?: string; q?: string; phone?: string; overdue?: string; extension?: string; page?: number; pageSize?: number }

/** The scoped and filtered WHERE of a case list: the one place where a list's filters meet caseScope. */
function caseListWhere(deps: Deps, actor: StaffActor, q: CaseListQuery): { whereSql: string; p: Params } {
  const p = new Params();
  const where = [caseScope(actor, p)];
  if (q.status) {
    const statuses = q.status.split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of statuses) if (!(CASE_STATUSES as string[]).includes(s)) throw badRequest('status', `未知状态“${s}”，可选：${CASE_STATUSES.join('、')}`);
    where.push(`c.status = ANY(${p.add(statuses)}::text[])`);
  }
  if (q.unit) { const u = p.add(q.unit); where.push(`(c.unit_code = ${u} OR ${u} = ANY(c.co_unit_codes))`); }
  if (q.category) where.push(`c.category = ${p.add(q.category)}`);
  // The center's queue of extension requests to rule on.
  if (q.extension === 'pending') where.push('c.extension_pending IS NOT NULL');
  if (q.q && q.q.trim()) {
    const like = p.add(`%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(c.number ILIKE ${like} OR c.title ILIKE ${like} OR c.content ILIKE ${like} OR c.address ILIKE ${like})`);
  }
  // Every letter of one writer (重复来信), by the blind index of the phone: the center only, as it may see every writer.
  if (q.phone !== undefined) {
    if (!isCenter(actor)) throw forbidden('按来信人手机号查找仅限中心调度、审核与管理员');
    if (!isMainlandMobile(q.phone)) throw badRequest('phone', '请输入有效的中国大陆手机号码');
    const h = p.add(phoneIndex(normalizeMobile(q.phone)));
    where.push(`(c.citizen_phone_hash = ${h} OR c.citizen_id = (SELECT z.id FROM citizens z WHERE z.phone_hash = ${h}))`);
  }
  if (q.overdue === '1' || q.overdue === 'true') {
    where.push(`EXISTS (SELECT 1 FROM case_limits l WHERE l.case_id = c.id AND l.done_at IS NULL AND l.due_at < ${p.add(deps.clock.now())})`);
  }
  return { whereSql: where.join(' AND '), p };
}

/** The order of every case list: most urgent running limit first. */
const NEXT_DUE = '(SELECT min(l.due_at) FROM case_limits l WHERE l.case_id = c.id AND l.done_at IS NULL) AS next_due';
const LIST_ORDER = 'ORDER BY next_due ASC NULLS LAST, c.received_at DESC, c.id DESC';

export async function listCases(deps: Deps, actor: StaffActor, q: CaseListQuery) {
  const { whereSql, p } = caseListWhere(deps, actor, q);
  const pageSize = q.pageSize ?? 20;
  const page = q.page ?? 1;
  const [items, total] = await Promise.all([
    deps.store.query<CaseRow & { next_due: Date | null }>(
      `SELECT c.*, ${NEXT_DUE}
         FROM cases c WHERE ${whereSql}
        ${LIST_ORDER}
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, p.values),
    deps.store.query<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE ${whereSql}`, p.values),
  ]);
  // A search by phone looks up a person: an audited event, with the phone masked.
  if (q.phone !== undefined) {
    await addEvent(deps.store, { caseId: null, at: deps.clock.now(), actor, actorLabel: actorLabel(actor), action: 'writer_searched',
      data: { phone: maskPhone(normalizeMobile(q.phone)), total: Number(total.rows[0].n) } });
  }
  const ids = items.rows.map((c) => c.id);
  const limits = ids.length ? (await deps.store.query<LimitRow>('SELECT * FROM case_limits WHERE case_id = ANY($1::bigint[])', [ids])).rows : [];
  const catalog = await deps.catalog.get();
  const nowDate = deps.clock.now();
  return {
    items: items.rows.map((c) => ({
      ...caseListItem(c, catalog, limits.filter((l) => l.case_id === c.id), nowDate),
      nextDue: iso(c.next_due),
      extensionPending: c.extension_pending,
      suggestion: c.status === 'received' ? presentSuggestion(c, catalog) : null,
    })),
    // The server's clock, so that countdowns agree with the levels (it may run ahead under the test clock).
    now: iso(nowDate),
    total: total.rows[0].n,
    page,
    pageSize,
  };
}

/** What an export row needs of a case, with the writer's name and phone for the presenter to mask or hide. */
export type CaseExportSource = Pick<CaseRow, 'id' | 'number' | 'channel' | 'type' | 'category' | 'title' | 'district' | 'status' | 'unit_code'
  | 'co_unit_codes' | 'confidential' | 'received_at' | 'signed_at' | 'closed_at' | 'eval_satisfaction'> & { writer_name: string | null; writer_phone: string | null };

/**
 * The same list as listCases — same scope, filters and order — as rows for an Excel export, at most
 * `limit` of them, with the total that matched.
 */
export async function listCasesForExport(deps: Deps, actor: StaffActor, q: CaseListQuery, limit: number) {
  const { whereSql, p } = caseListWhere(deps, actor, q);
  const [rows, total] = await Promise.all([
    deps.store.query<CaseExportSource>(
      `SELECT c.id, c.number, c.channel, c.type, c.category, c.title, c.district, c.status, c.unit_code, c.co_unit_codes, c.confidential,
              c.received_at, c.signed_at, c.closed_at, c.eval_satisfaction,
              COALESCE(z.name, c.citizen_name) AS writer_name, COALESCE(z.phone, c.citizen_phone) AS writer_phone, ${NEXT_DUE}
         FROM cases c LEFT JOIN citizens z ON z.id = c.citizen_id WHERE ${whereSql}
        ${LIST_ORDER}
        LIMIT ${Math.max(0, Math.floor(limit))}`, p.values),
    deps.store.query<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE ${whereSql}`, p.values),
  ]);
  return { rows: rows.rows, total: Number(total.rows[0].n) };
}
