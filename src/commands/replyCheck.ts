// The reply check of a case (domain/reply/check.ts) with what the store knows: the letter, its
// writer, the writers of letters merged into it, and the limit the reply answers. Used on a draft
// (POST /api/cases/:id/reply-check: nothing is written) and on the feedback and report actually
// sent (commands/handling.ts stores {score, codes} in the event). Advice only: it never refuses.
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import type { Queryable } from '../store/db.js';
import type { CaseRow } from '../store/cases.js';
import type { ActionContext } from './caseAction.js';
import { visibleCaseOr404 } from './caseAction.js';
import { maySeeWriter } from '../policies/casePolicy.js';
import { checkReply, type Finding, type ReplyKind, type ReplyCheckInput, type ReplyCheckResult } from '../domain/reply/check.js';
import { badRequest } from '../http/errors.js';
import { vault } from '../store/vault.js';

/**
 * Writers of the letters merged into a case, found through its 'merged_in' events (the events'
 * index, where cases.merged_into has none), and of letters merged into those before them.
 */
const MERGED_WRITERS = `
  WITH RECURSIVE m(id) AS (
    SELECT (e.data->>'fromId')::bigint FROM case_events e WHERE e.case_id = $1 AND e.action = 'merged_in'
    UNION
    SELECT (e.data->>'fromId')::bigint FROM case_events e JOIN m ON e.case_id = m.id WHERE e.action = 'merged_in'
  )
  SELECT COALESCE(z.name, c.citizen_name) AS name FROM m JOIN cases c ON c.id = m.id LEFT JOIN citizens z ON z.id = c.citizen_id LIMIT 200`;

/** Without a kind, a case already reported (or further) is checked as a report, any other as a feedback. */
export function inferKind(status: CaseRow['status']): ReplyKind {
  return status === 'reported' || status === 'reviewed' || status === 'closed' ? 'report' : 'feedback';
}

/**
 * Runs the check on a case. `writerVisible`: whether the caller may see who wrote — when not (a
 * confidential letter, the unit it is about), the writer's name, phone and ID stay out of the
 * check, so that its findings cannot be used to test guesses about the writer.
 */
export async function checkCaseReply(db: Queryable, c: CaseRow, kind: ReplyKind, content: string, now: Date, writerVisible: boolean): Promise<ReplyCheckResult> {
  // One query after another: inside a transaction they share one connection.
  const writer = writerVisible && c.citizen_id
    ? (await db.query<{ name: string | null; phone: string | null; id_number: string | null }>(
      'SELECT name, phone, id_number FROM citizens WHERE id = $1', [c.citizen_id])).rows[0] ?? null
    : null;
  const merged = writerVisible
    ? (await db.query<{ name: string | null }>(MERGED_WRITERS, [c.id])).rows
    : [];
  const limits = (await db.query<{ kind: string; due_at: Date; done_at: Date | null }>(
    "SELECT kind, due_at, done_at FROM case_limits WHERE case_id = $1 AND kind IN ('firstFeedback', 'close')", [c.id])).rows;
  const limit = limits.find((l) => l.kind === (kind === 'feedback' ? 'firstFeedback' : 'close'));
  // A feedback answers the first-feedback limit only while it runs (a later feedback is not "first");
  // a report answers the closing limit, at the time it was sent when the reviewer checks it again.
  let timing: ReplyCheckInput['timing'] = null;
  if (limit && kind === 'feedback' && !limit.done_at) timing = { limit: 'firstFeedback', at: now, dueAt: limit.due_at };
  if (limit && kind === 'report') timing = { limit: 'close', at: limit.done_at ?? now, dueAt: limit.due_at };
  const v = vault();
  const writerName = writerVisible ? v.open('name', writer?.name ?? c.citizen_name) : null;
  return checkReply({
    content, kind,
    letter: { title: c.title, content: c.content, address: c.address, type: c.type },
    writer: writerVisible ? { name: writerName, phone: v.open('phone', writer?.phone ?? c.citizen_phone), idNumber: v.open('id_number', writer?.id_number) } : {},
    otherNames: merged.map((m) => v.open('name', m.name) ?? '').filter((n) => n && n !== writerName),
    timing,
  });
}

/** POST /api/cases/:id/reply-check: the case as its reader sees it (another unit's case is a 404), nothing written. */
export async function replyCheck(deps: Deps, actor: Actor, id: number, body: { content: string; kind?: ReplyKind }): Promise<{ score: number; findings: Finding[] }> {
  const content = body.content.trim();
  if (!content) throw badRequest('content', '答复内容不能为空');
  const c = await visibleCaseOr404(deps.store, actor, id);
  const catalog = await deps.catalog.get();
  const r = await checkCaseReply(deps.store, c, body.kind ?? inferKind(c.status), content, deps.clock.now(), maySeeWriter(actor, c, catalog));
  return { score: r.score, findings: r.findings };
}

/** What a feedback or report event keeps of the check: its score and codes, and the unit that wrote it (for the monthly figures). */
export interface StoredReplyCheck { score: number; codes: string[]; unitCode: string | null }

/**
 * The check of a reply being sent, for its event. Called inside the action's transaction before
 * the limit is marked met; null when the check itself fails (sending never waits on advice).
 */
export async function replyCheckForEvent(ctx: ActionContext, kind: ReplyKind, content: string): Promise<StoredReplyCheck | null> {
  const unitCode = ctx.actor.kind === 'staff' ? ctx.actor.unitCode : null;
  const writerVisible = maySeeWriter(ctx.actor, ctx.c, ctx.catalog);
  try {
    const r = await checkCaseReply(ctx.tx, ctx.c, kind, content, ctx.now, writerVisible);
    return { score: r.score, codes: r.findings.map((f) => f.code), unitCode };
  } catch {
    return null;
  }
}
