// The case actions of the loop after intake: 派 (dispatch), 办 (sign, contact, feedback, return,
// extension, report), 评 (review, callback, merge). One function per action; each is one
// transaction through runCaseAction.
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { runCaseAction, visibleCaseOr404, type ActionContext } from './caseAction.js';
import { startLimits } from './limits.js';
import { completeLimit, type CaseRow } from '../store/cases.js';
import { addWorkingDays } from '../domain/calendar.js';
import { warnAtTime } from '../domain/timeLimits.js';
import { badRequest, conflict } from '../http/errors.js';
import type { Queryable } from '../store/db.js';
import { rejectUnfilledBlanks } from './replyTemplates.js';
import { replyCheckForEvent } from './replyCheck.js';
import { vault } from '../store/vault.js';

const OUTCOME_ZH: Record<string, string> = { resolved: '已解决', partially_resolved: '部分解决', explained: '已解释说明', unresolvable: '无法解决' };

function unitName(ctx: ActionContext, code: string | null) {
  return (code && ctx.catalog.units.get(code)?.name) || code || '';
}

/** Everyone who should hear about this case: its writer and the writers of letters merged into it. */
async function notifyWriters(deps: Deps, ctx: ActionContext, text: (number: string) => string) {
  const r = await ctx.tx.query<{ number: string; phone: string | null }>(
    `SELECT c.number, COALESCE(z.phone, c.citizen_phone) AS phone
       FROM cases c LEFT JOIN citizens z ON z.id = c.citizen_id
      WHERE c.id = $1 OR c.merged_into = $1`, [ctx.c.id]);
  for (const w of r.rows) {
    if (w.phone) await deps.messages.send(ctx.tx, { to: vault().open('phone', w.phone), channel: 'sms', text: text(w.number), caseId: ctx.c.id }, ctx.now);
  }
}

export async function dispatch(deps: Deps, actor: Actor, id: number, input: { unitCode: string; coUnitCodes?: string[]; category?: string; note?: string }) {
  return runCaseAction(deps, actor, id, 'dispatch', async (ctx) => {
    const { catalog, c, tx, now } = ctx;
    if (!catalog.units.has(input.unitCode)) throw badRequest('unitCode', `单位“${input.unitCode}”不存在`);
    const co = [...new Set(input.coUnitCodes ?? [])];
    for (const [i, u] of co.entries()) if (!catalog.units.has(u)) throw badRequest(`coUnitCodes[${i}]`, `单位“${u}”不存在`);
    if (co.includes(input.unitCode)) throw badRequest('coUnitCodes', '协办单位不能与主办单位相同');
    if (input.category !== undefined && !catalog.categories.has(input.category)) throw badRequest('category', `类别“${input.category}”不存在`);
    const category = input.category ?? c.category;
    const confidential = c.confidential || !!(category && catalog.categories.get(category)?.confidential);
    await tx.query(
      `UPDATE cases SET status = 'dispatched', unit_code = $2, co_unit_codes = $3, category = $4, confidential = $5,
              dispatched_at = $6, updated_at = $6 WHERE id = $1`,
      [c.id, input.unitCode, co, category, confidential, now]);
    // A case returned (退单) and dispatched again gives the new unit its own time to sign.
    const sign = await tx.query<{ done_at: Date | null }>("SELECT done_at FROM case_limits WHERE case_id = $1 AND kind = 'sign'", [c.id]);
    if (sign.rows[0]?.done_at) await startLimits(tx, catalog, { ...c, category }, ['sign'], now);
    await ctx.event('dispatched', input.note ?? null, { unitCode: input.unitCode, unitName: unitName(ctx, input.unitCode), coUnitCodes: co, category });
    // Every dispatch the center makes or corrects teaches the router.
    if (category) deps.router?.learn(`${c.title}\n${c.content}`, category);
    return { status: 'dispatched' as const };
  });
}

export async function sign(deps: Deps, actor: Actor, id: number) {
  return runCaseAction(deps, actor, id, 'sign', async (ctx) => {
    await ctx.tx.query("UPDATE cases SET status = 'signed', signed_at = $2, updated_at = $2 WHERE id = $1", [ctx.c.id, ctx.now]);
    await completeLimit(ctx.tx, ctx.c.id, 'sign', ctx.now);
    await ctx.event('signed', null, { unitCode: ctx.c.unit_code, unitName: unitName(ctx, ctx.c.unit_code) });
    return { status: 'signed' as const };
  });
}

export async function recordContact(deps: Deps, actor: Actor, id: number, input: { method: string; outcome: string; note: string }) {
  return runCaseAction(deps, actor, id, 'contact', async (ctx) => {
    if (input.outcome === 'reached') {
      await ctx.tx.query('UPDATE cases SET contacted_at = COALESCE(contacted_at, $2), updated_at = $2 WHERE id = $1', [ctx.c.id, ctx.now]);
      await completeLimit(ctx.tx, ctx.c.id, 'contact', ctx.now);
    }
    await ctx.event('contacted', input.note, { method: input.method, outcome: input.outcome });
    return { status: ctx.c.status };
  });
}

export async function feedback(deps: Deps, actor: Actor, id: number, input: { content: string }) {
  rejectUnfilledBlanks(input.content);
  return runCaseAction(deps, actor, id, 'feedback', async (ctx) => {
    // The reply check (advice, never a refusal), before the limit is met: the reviewer and the monthly figures read it from the event.
    const replyCheck = await replyCheckForEvent(ctx, 'feedback', input.content);
    await ctx.tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [ctx.c.id, ctx.now]);
    await completeLimit(ctx.tx, ctx.c.id, 'firstFeedback', ctx.now);
    await ctx.event('feedback', null, { content: input.content, unitName: unitName(ctx, ctx.actor.kind === 'staff' ? ctx.actor.unitCode : null), ...(replyCheck && { replyCheck }) });
    await notifyWriters(deps, ctx, (n) => `【局长信箱】您的来信（编号${n}）有新的办理反馈：${input.content.slice(0, 200)}`);
    return { status: ctx.c.status };
  });
}

export async function returnCase(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  return runCaseAction(deps, actor, id, 'return', async (ctx) => {
    await ctx.tx.query(
      `UPDATE cases SET status = 'received', unit_code = NULL, co_unit_codes = '{}', returns = returns + 1,
              extension_pending = NULL, updated_at = $2 WHERE id = $1`, [ctx.c.id, ctx.now]);
    await ctx.event('returned', input.reason, { reason: input.reason, unitCode: ctx.c.unit_code, unitName: unitName(ctx, ctx.c.unit_code) });
    return { status: 'received' as const };
  });
}

export async function requestExtension(deps: Deps, actor: Actor, id: number, input: { days: number; reason: string }) {
  return runCaseAction(deps, actor, id, 'requestExtension', async (ctx) => {
    const pending = { days: input.days, reason: input.reason, requestedBy: ctx.actor.kind === 'staff' ? ctx.actor.username : '', at: ctx.now.toISOString() };
    await ctx.tx.query('UPDATE cases SET extension_pending = $2, updated_at = $3 WHERE id = $1', [ctx.c.id, JSON.stringify(pending), ctx.now]);
    await ctx.event('extension_requested', input.reason, { days: input.days });
    return { status: ctx.c.status, extension: { days: input.days, reason: input.reason, pending: true } };
  });
}

export async function decideExtension(deps: Deps, actor: Actor, id: number, input: { approve: boolean; note?: string }) {
  return runCaseAction(deps, actor, id, 'decideExtension', async (ctx) => {
    const pending = ctx.c.extension_pending!;
    let closeDue: Date | null = null;
    if (input.approve) {
      const r = await ctx.tx.query<{ due_at: Date }>("SELECT due_at FROM case_limits WHERE case_id = $1 AND kind = 'close'", [ctx.c.id]);
      if (r.rows[0]) {
        closeDue = addWorkingDays(r.rows[0].due_at, pending.days, ctx.catalog.calendar);
        await ctx.tx.query(
          "UPDATE case_limits SET due_at = $2, warn_at = $3, warned_at = NULL WHERE case_id = $1 AND kind = 'close'",
          [ctx.c.id, closeDue, warnAtTime((await startOf(ctx.tx, ctx.c.id, 'close'))!, closeDue, ctx.catalog.timeLimits)]);
      }
    }
    await ctx.tx.query('UPDATE cases SET extension_pending = NULL, updated_at = $2 WHERE id = $1', [ctx.c.id, ctx.now]);
    await ctx.event(input.approve ? 'extension_approved' : 'extension_rejected', input.note ?? null, { days: pending.days, closeDue: closeDue?.toISOString() ?? null });
    return { status: ctx.c.status, approved: input.approve, closeDue };
  });
}

async function startOf(tx: Queryable, caseId: number, kind: string): Promise<Date | null> {
  const r = await tx.query<{ started_at: Date }>('SELECT started_at FROM case_limits WHERE case_id = $1 AND kind = $2', [caseId, kind]);
  return r.rows[0]?.started_at ?? null;
}

export async function report(deps: Deps, actor: Actor, id: number, input: { outcome: string; content: string }) {
  rejectUnfilledBlanks(input.content);
  return runCaseAction(deps, actor, id, 'report', async (ctx) => {
    const replyCheck = await replyCheckForEvent(ctx, 'report', input.content);
    await ctx.tx.query(
      `UPDATE cases SET status = 'reported', reported_at = $2, report_outcome = $3, report_content = $4, updated_at = $2 WHERE id = $1`,
      [ctx.c.id, ctx.now, input.outcome, input.content]);
    // The closing report is also feedback to the writer, so it meets a first-feedback limit still running.
    await completeLimit(ctx.tx, ctx.c.id, 'firstFeedback', ctx.now);
    await completeLimit(ctx.tx, ctx.c.id, 'close', ctx.now);
    await ctx.event('reported', null, { outcome: input.outcome, outcomeName: OUTCOME_ZH[input.outcome], content: input.content, ...(replyCheck && { replyCheck }) });
    return { status: 'reported' as const };
  });
}

/** 重办: back to the unit with fresh limits to feed back and to close. */
async function reopen(ctx: ActionContext, why: string) {
  await ctx.tx.query(
    `UPDATE cases SET status = 'signed', reopens = reopens + 1, reported_at = NULL, reviewed_at = NULL, closed_at = NULL, updated_at = $2 WHERE id = $1`,
    [ctx.c.id, ctx.now]);
  await startLimits(ctx.tx, ctx.catalog, ctx.c, ['firstFeedback', 'close'], ctx.now);
  await ctx.event('reopened', why, { round: ctx.c.reopens + 2 });
}

export async function review(deps: Deps, actor: Actor, id: number, input: { approve: boolean; note?: string }) {
  return runCaseAction(deps, actor, id, 'review', async (ctx) => {
    if (input.approve) {
      await ctx.tx.query("UPDATE cases SET status = 'reviewed', reviewed_at = $2, updated_at = $2 WHERE id = $1", [ctx.c.id, ctx.now]);
      await startLimits(ctx.tx, ctx.catalog, ctx.c, ['callback'], ctx.now);
      await ctx.event('review_approved', input.note ?? null);
      return { status: 'reviewed' as const };
    }
    await ctx.event('review_rejected', input.note ?? null);
    await reopen(ctx, input.note || '审核未通过，退回重办');
    return { status: 'signed' as const };
  });
}

export async function callback(deps: Deps, actor: Actor, id: number, input: { reached: boolean; resolved?: boolean; satisfaction?: string; note?: string }) {
  if (input.reached && (input.resolved === undefined || input.satisfaction === undefined)) {
    throw badRequest(input.resolved === undefined ? 'resolved' : 'satisfaction', '联系上来信人时必须填写是否解决和满意度');
  }
  return runCaseAction(deps, actor, id, 'callback', async (ctx) => {
    await completeLimit(ctx.tx, ctx.c.id, 'callback', ctx.now);
    if (input.reached) {
      await ctx.tx.query(
        'UPDATE cases SET eval_reached = true, eval_resolved = $2, eval_satisfaction = $3, eval_at = $4, updated_at = $4 WHERE id = $1',
        [ctx.c.id, input.resolved, input.satisfaction, ctx.now]);
    } else {
      await ctx.tx.query('UPDATE cases SET eval_reached = COALESCE(eval_reached, false), updated_at = $2 WHERE id = $1', [ctx.c.id, ctx.now]);
    }
    await ctx.event('callback', input.note ?? null, { reached: input.reached, resolved: input.resolved ?? null, satisfaction: input.satisfaction ?? null });
    if (input.reached && input.satisfaction === 'unsatisfied') {
      await reopen(ctx, '回访不满意，重新办理');
      return { status: 'signed' as const };
    }
    await ctx.tx.query("UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1", [ctx.c.id, ctx.now]);
    await ctx.event('closed', null);
    return { status: 'closed' as const };
  });
}

export async function merge(deps: Deps, actor: Actor, id: number, input: { intoId: number }) {
  if (input.intoId === id) throw badRequest('intoId', '不能与自身并案');
  return runCaseAction(deps, actor, id, 'merge', async (ctx) => {
    const into: CaseRow = await visibleCaseOr404(ctx.tx, actor, input.intoId, true).catch(() => {
      throw badRequest('intoId', `要并入的案件 ${input.intoId} 不存在`);
    });
    if (into.status === 'merged' || into.status === 'closed') throw conflict(`案件 ${into.number} 已${into.status === 'merged' ? '并案' : '归档'}，不能并入`);
    await ctx.tx.query("UPDATE cases SET status = 'merged', merged_into = $2, extension_pending = NULL, updated_at = $3 WHERE id = $1", [ctx.c.id, into.id, ctx.now]);
    // Letters merged into this one are re-pointed to the survivor, so that every writer follows it.
    await ctx.tx.query('UPDATE cases SET merged_into = $2 WHERE merged_into = $1', [ctx.c.id, into.id]);
    await ctx.tx.query('DELETE FROM case_limits WHERE case_id = $1 AND done_at IS NULL', [ctx.c.id]);
    await ctx.event('merged', null, { intoId: into.id, intoNumber: into.number });
    await ctx.tx.query(
      `INSERT INTO case_events (case_id, at, actor_kind, actor_id, actor_label, action, data)
       SELECT $1, at, actor_kind, actor_id, actor_label, 'merged_in', $2 FROM case_events WHERE case_id = $3 ORDER BY id DESC LIMIT 1`,
      [into.id, JSON.stringify({ fromId: ctx.c.id, fromNumber: ctx.c.number }), ctx.c.id]);
    return { status: 'merged' as const, intoId: into.id, intoNumber: into.number };
  });
}
