// Published typical cases (典型案例): a dispatcher publishes a closed case whose writer consented
// (at rating time), anonymised and checked by a second pass before anything is written; the public
// reads them without signing in; a dispatcher may withdraw one. Each publication and withdrawal is
// an event of the case's own trail.
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { actorLabel, hasRole } from '../policies/actor.js';
import type { Queryable } from '../store/db.js';
import { formatLocalIso } from '../domain/calendar.js';
import { addEvent, type CaseRow } from '../store/cases.js';
import type { Catalog } from '../store/catalog.js';
import { visibleCaseOr404 } from './caseAction.js';
import { STATUS_LABELS } from '../domain/caseMachine.js';
import { AppError, conflict, forbidden, notFound } from '../http/errors.js';
import { checkPublication, composeTypicalCase, describeFindings, namesToRemove } from '../domain/typicalCases.js';
import type { AnonymiseOptions } from '../domain/text/redact.js';
import { vault } from '../store/vault.js';

const mayPublish = (a: StaffActor) => hasRole(a, 'dispatcher');
const FORBIDDEN = '只有调度员可以发布或撤回典型案例';

/** The names the text must lose: the writers' (this letter's and those merged into it) and the staff who handled it. */
async function namesOf(db: Queryable, c: CaseRow): Promise<AnonymiseOptions> {
  const [writers, staff] = await Promise.all([
    db.query<{ name: string | null }>(
      `SELECT COALESCE(z.name, x.citizen_name) AS name FROM cases x LEFT JOIN citizens z ON z.id = x.citizen_id
        WHERE x.id = $1 OR x.merged_into = $1`, [c.id]),
    db.query<{ label: string }>("SELECT DISTINCT actor_label AS label FROM case_events WHERE case_id = $1 AND actor_kind = 'staff'", [c.id]),
  ]);
  return {
    names: [...writers.rows.map((r) => vault().open('name', r.name)), vault().open('name', c.citizen_name)],
    // A staff member's display name that looks like a person's (2–3 Chinese characters); "福田交警" is a unit's.
    otherNames: staff.rows.map((r) => r.label).filter((l) => /^[\u4e00-\u9fa5]{2,3}$/.test(l)),
  };
}

async function draftOf(db: Queryable, c: CaseRow, catalog: Catalog) {
  let reply = c.report_content;
  if (!reply) {
    const f = await db.query<{ content: string }>(
      "SELECT data->>'content' AS content FROM case_events WHERE case_id = $1 AND action = 'feedback' ORDER BY id DESC LIMIT 1", [c.id]);
    reply = f.rows[0]?.content ?? null;
  }
  const src = {
    title: c.title, content: c.content, reply, outcome: c.report_outcome,
    districtName: c.district ? catalog.districts.find((d) => d.code === c.district)?.name ?? null : null,
    categoryName: c.category ? catalog.categories.get(c.category)?.name ?? null : null,
    unitName: c.unit_code ? catalog.units.get(c.unit_code)?.name ?? null : null,
  };
  const names = namesToRemove(src, await namesOf(db, c));
  return { text: composeTypicalCase(src, names), names };
}

async function activePublication(db: Queryable, caseId: number) {
  const r = await db.query<{ id: number; title: string; published_at: Date }>(
    'SELECT id, title, published_at FROM typical_cases WHERE case_id = $1 AND withdrawn_at IS NULL', [caseId]);
  const p = r.rows[0];
  return p ? { id: Number(p.id), title: p.title, publishedAt: formatLocalIso(p.published_at) } : null;
}

/** Why a case cannot be published now (empty: it can). */
function obstacles(c: CaseRow, published: unknown): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  if (c.status !== 'closed') out.push({ code: 'not_closed', message: `案件当前状态为“${STATUS_LABELS[c.status].zh}”，只有回访归档的案件可以发布为典型案例` });
  if (!c.consent_to_publish) out.push({ code: 'no_consent', message: '来信人评价时未同意公开，不能发布为典型案例' });
  if (published) out.push({ code: 'already_published', message: '本案已发布为典型案例' });
  return out;
}

/** What publishing would show, and whether it may happen: the dispatcher's preview. */
export async function publicationPreview(deps: Deps, actor: StaffActor, caseId: number) {
  const c = await visibleCaseOr404(deps.store, actor, caseId);
  if (!mayPublish(actor)) throw forbidden(FORBIDDEN);
  const catalog = await deps.catalog.get();
  const published = await activePublication(deps.store, c.id);
  const { text, names } = await draftOf(deps.store, c, catalog);
  const findings = checkPublication('', text, names);
  const blockers = obstacles(c, published);
  return {
    caseId: c.id, number: c.number, closed: c.status === 'closed', consent: c.consent_to_publish,
    published, text, findings, obstacles: blockers, canPublish: blockers.length === 0,
  };
}

/**
 * Publishes a closed, consented case. The text is the anonymised draft, or the dispatcher's edit of
 * it; either way the second pass runs on the title and the text, and a finding is a 422 with
 * nothing written. 409 when not closed, without consent, or already published.
 */
export async function publishCase(deps: Deps, actor: StaffActor, caseId: number, input: { title: string; text?: string }) {
  const catalog = await deps.catalog.get();
  return deps.store.transaction(async (tx) => {
    const c = await visibleCaseOr404(tx, actor, caseId, true);
    if (!mayPublish(actor)) throw forbidden(FORBIDDEN);
    const blockers = obstacles(c, await activePublication(tx, c.id));
    if (blockers.length) throw conflict(blockers[0].message, blockers[0].code);
    const draft = await draftOf(tx, c, catalog);
    const title = input.title.trim();
    const text = input.text?.trim() ? input.text.trim() : draft.text;
    const findings = checkPublication(title, text, draft.names);
    if (findings.length) {
      throw new AppError(422, 'personal_data_found', `发布前检查发现疑似个人信息，未发布：${describeFindings(findings)}。请修改标题或正文后重试`);
    }
    const now = deps.clock.now();
    const r = await tx.query<{ id: number }>(
      `INSERT INTO typical_cases (case_id, title, category, text, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.id, title, c.category, text, actor.userId, now]).catch((e: any) => {
      if (e?.code === '23505') throw conflict('本案已发布为典型案例', 'already_published');
      throw e;
    });
    const id = Number(r.rows[0].id);
    await addEvent(tx, { caseId: c.id, at: now, actor, actorLabel: actorLabel(actor), action: 'typical_case_published', data: { typicalCaseId: id, title, edited: !!input.text?.trim() } });
    return { id, title, text, publishedAt: formatLocalIso(now) };
  });
}

export async function withdrawTypicalCase(deps: Deps, actor: StaffActor, id: number) {
  if (!mayPublish(actor)) throw forbidden(FORBIDDEN);
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const r = await tx.query<{ case_id: number; title: string }>(
      'UPDATE typical_cases SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1 AND withdrawn_at IS NULL RETURNING case_id, title',
      [id, now, actor.userId]);
    if (!r.rows[0]) throw notFound(`典型案例 ${id}`);
    await addEvent(tx, { caseId: Number(r.rows[0].case_id), at: now, actor, actorLabel: actorLabel(actor), action: 'typical_case_withdrawn', data: { typicalCaseId: id, title: r.rows[0].title } });
  });
}

/** The public list, newest first: only what was published and not withdrawn. */
export async function listTypicalCases(deps: Deps, q: { page?: number; pageSize?: number; category?: string }) {
  const page = q.page ?? 1;
  const size = q.pageSize ?? 20;
  const catalog = await deps.catalog.get();
  const [rows, total] = await Promise.all([
    deps.store.query<{ id: number; title: string; category: string | null; text: string; published_at: Date }>(
      `SELECT id, title, category, text, published_at FROM typical_cases
        WHERE withdrawn_at IS NULL AND ($1::text IS NULL OR category = $1)
        ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3`, [q.category ?? null, size, (page - 1) * size]),
    deps.store.query<{ n: number }>('SELECT count(*) AS n FROM typical_cases WHERE withdrawn_at IS NULL AND ($1::text IS NULL OR category = $1)', [q.category ?? null]),
  ]);
  return {
    total: Number(total.rows[0].n),
    items: rows.rows.map((r) => ({
      id: Number(r.id), title: r.title, category: r.category,
      categoryName: r.category ? catalog.categories.get(r.category)?.name ?? null : null,
      text: r.text, publishedAt: formatLocalIso(r.published_at),
    })),
  };
}
