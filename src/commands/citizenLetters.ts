// What a writer does with their own letters after sending: read them, rate, thank.
import type { Deps } from './deps.js';
import type { CitizenActor } from '../policies/actor.js';
import type { Queryable } from '../store/db.js';
import { loadEvents, type CaseRow } from '../store/cases.js';
import { runCaseAction } from './caseAction.js';
import { notFound } from '../http/errors.js';
import { citizenTimeline, iso } from '../presenters/casePresenter.js';
import { STATUS_LABELS } from '../domain/caseMachine.js';

/** A writer's own letter by its number — or a surviving case that one of their letters was merged into. */
async function ownLetter(db: Queryable, actor: CitizenActor, number: string, forUpdate = false): Promise<CaseRow> {
  const r = await db.query<CaseRow>(
    `SELECT c.* FROM cases c WHERE c.number = $1 AND (c.citizen_id = $2 OR EXISTS (
        SELECT 1 FROM cases m WHERE m.merged_into = c.id AND m.citizen_id = $2))${forUpdate ? ' FOR UPDATE' : ''}`,
    [number, actor.citizenId]);
  if (!r.rows[0]) throw notFound('来信');
  return r.rows[0];
}

export async function myLetters(deps: Deps, actor: CitizenActor) {
  const r = await deps.store.query<CaseRow>('SELECT * FROM cases WHERE citizen_id = $1 ORDER BY received_at DESC, id DESC LIMIT 500', [actor.citizenId]);
  return r.rows.map((c) => ({ number: c.number, title: c.title, status: c.status, statusName: STATUS_LABELS[c.status].zh, createdAt: iso(c.received_at) }));
}

export async function letterForWriter(deps: Deps, actor: CitizenActor, number: string) {
  const c = await ownLetter(deps.store, actor, number);
  const events = await loadEvents(deps.store, c.id);
  const merged = c.merged_into
    ? (await deps.store.query<{ number: string }>('SELECT number FROM cases WHERE id = $1', [c.merged_into])).rows[0]?.number ?? null
    : null;
  const thanks = await deps.store.query<{ n: number }>('SELECT count(*) AS n FROM thanks WHERE case_id = $1', [c.id]);
  // A writer whose letter was merged into someone else's follows that case's progress, but reads
  // their own words, never the other writer's: the other letter's title, content and address are
  // that citizen's ("a citizen sees only their own letters"; found by test/accessMatrix.test.ts).
  const words = c.citizen_id === actor.citizenId ? c : (await deps.store.query<Pick<CaseRow, 'title' | 'content' | 'type' | 'category' | 'address'>>(
    `SELECT title, content, type, category, address FROM cases WHERE merged_into = $1 AND citizen_id = $2
      ORDER BY received_at DESC, id DESC LIMIT 1`, [c.id, actor.citizenId])).rows[0];
  return {
    number: c.number,
    title: words?.title ?? '',
    content: words?.content ?? '',
    type: words?.type ?? c.type,
    category: words?.category ?? c.category,
    address: words?.address ?? null,
    status: c.status,
    statusName: STATUS_LABELS[c.status].zh,
    createdAt: iso(c.received_at),
    mergedInto: merged,
    canRate: c.citizen_id === actor.citizenId && (c.status === 'reviewed' || c.status === 'closed'),
    rated: events.some((e) => e.action === 'rated'),
    thanksSent: thanks.rows[0].n,
    timeline: citizenTimeline(events),
  };
}

export async function rate(deps: Deps, actor: CitizenActor, number: string, input: { resolved: boolean; satisfaction: string; comment?: string; consentToPublish?: boolean }) {
  const c = await ownLetter(deps.store, actor, number);
  return runCaseAction(deps, actor, c.id, 'rate', async (ctx) => {
    // The writer's own word is the evaluation of record, as a reached callback would be.
    await ctx.tx.query(
      `UPDATE cases SET eval_reached = true, eval_resolved = $2, eval_satisfaction = $3, eval_at = $4,
              consent_to_publish = $5, updated_at = $4 WHERE id = $1`,
      [ctx.c.id, input.resolved, input.satisfaction, ctx.now, input.consentToPublish ?? false]);
    await ctx.event('rated', input.comment ?? null, { resolved: input.resolved, satisfaction: input.satisfaction, consentToPublish: input.consentToPublish ?? false });
    // Consent taken back when rating again: a typical case published from the letter comes down with it.
    if (!input.consentToPublish) {
      const w = await ctx.tx.query<{ id: number; title: string }>(
        'UPDATE typical_cases SET withdrawn_at = $2 WHERE case_id = $1 AND withdrawn_at IS NULL RETURNING id, title', [ctx.c.id, ctx.now]);
      for (const t of w.rows) await ctx.event('typical_case_withdrawn', '来信人撤回公开同意', { typicalCaseId: Number(t.id), title: t.title, reason: 'consent_withdrawn' });
    }
    return { number: ctx.c.number, status: ctx.c.status };
  }, (tx) => ownLetter(tx, actor, number, true));
}

export async function thank(deps: Deps, actor: CitizenActor, number: string, input: { content: string }) {
  const c = await ownLetter(deps.store, actor, number);
  return runCaseAction(deps, actor, c.id, 'thank', async (ctx) => {
    const r = await ctx.tx.query<{ id: number }>('INSERT INTO thanks (case_id, citizen_id, content, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [ctx.c.id, actor.citizenId, input.content, ctx.now]);
    await ctx.event('thanks', null, { content: input.content });
    return { id: r.rows[0].id };
  }, (tx) => ownLetter(tx, actor, number, true));
}
