// Response templates (答复模板): kept by the center (admin, dispatcher — whoever keeps the FAQ),
// suggested to the officer at the feedback and report steps, filled from the case, and never sent
// as they stand: a reply still holding a 【请填写…】 blank is refused (rejectUnfilledBlanks).
import type { Deps } from './deps.js';
import type { Actor, StaffActor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { maySeeWriter } from '../policies/casePolicy.js';
import { visibleCaseOr404 } from './caseAction.js';
import { formatLocalIso } from '../domain/calendar.js';
import { addEvent } from '../store/cases.js';
import { badRequest, notFound } from '../http/errors.js';
import { vault } from '../store/vault.js';
import {
  fillTemplate, genderFromIdNumber, rankTemplates, unfilledBlanks, unknownPlaceholders,
  type ReportOutcome, type TemplateKind,
} from '../domain/replyTemplates.js';

/**
 * Refuses a feedback or a closing report that still holds a blank of a template (【请填写：办理情况】)
 * or a placeholder left as it was ({编号}): a 400 naming them, before anything is written.
 */
export function rejectUnfilledBlanks(content: string, field = 'content'): void {
  const left = unfilledBlanks(content);
  if (left.length) throw badRequest(field, `答复中还有未填写的内容：${left.slice(0, 5).join('、')}。请按实际办理情况填写后再发送`);
}

interface TemplateDbRow {
  id: number; category: string | null; kind: TemplateKind; outcome: ReportOutcome | null; title: string; body: string;
  active: boolean; created_at: Date; updated_at: Date;
}

export interface TemplateInput {
  category?: string | null;
  kind: TemplateKind;
  outcome?: ReportOutcome | null;
  title: string;
  body: string;
  active?: boolean;
}

const present = (r: TemplateDbRow) => ({
  id: Number(r.id), category: r.category, kind: r.kind, outcome: r.outcome, title: r.title, body: r.body, active: r.active,
  placeholdersUnknown: unknownPlaceholders(r.body),
  createdAt: formatLocalIso(r.created_at), updatedAt: formatLocalIso(r.updated_at),
});

async function audit(deps: Deps, actor: Actor, action: string, data: Record<string, unknown>) {
  await addEvent(deps.store, { caseId: null, at: deps.clock.now(), actor, actorLabel: actorLabel(actor), action, data });
}

async function validate(deps: Deps, input: TemplateInput) {
  const catalog = await deps.catalog.get();
  if (input.category && !catalog.categories.has(input.category)) throw badRequest('category', `类别“${input.category}”不存在`);
  if (input.kind === 'feedback' && input.outcome) throw badRequest('outcome', '反馈模板不区分办结结论，只有办结报告模板可以指定');
  if (!input.title.trim()) throw badRequest('title', '不能为空');
  if (input.body.trim().length < 2) throw badRequest('body', '至少2个字');
}

/** Every template, the inactive ones too (the administration page). */
export async function listTemplates(deps: Deps, filter: { kind?: TemplateKind; category?: string } = {}) {
  const r = await deps.store.query<TemplateDbRow>(
    `SELECT * FROM reply_templates WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR category = $2 OR category IS NULL)
      ORDER BY kind, category NULLS FIRST, outcome NULLS FIRST, title, id LIMIT 1000`,
    [filter.kind ?? null, filter.category ?? null]);
  return r.rows.map(present);
}

export async function createTemplate(deps: Deps, actor: StaffActor, input: TemplateInput) {
  await validate(deps, input);
  const now = deps.clock.now();
  const r = await deps.store.query<TemplateDbRow>(
    `INSERT INTO reply_templates (category, kind, outcome, title, body, active, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8) RETURNING *`,
    [input.category || null, input.kind, input.outcome ?? null, input.title.trim(), input.body, input.active ?? true, actor.userId, now]);
  const t = present(r.rows[0]);
  await audit(deps, actor, 'reply_template_created', { templateId: t.id, kind: t.kind, category: t.category, outcome: t.outcome, title: t.title });
  return t;
}

export async function updateTemplate(deps: Deps, actor: StaffActor, id: number, input: TemplateInput) {
  await validate(deps, input);
  const r = await deps.store.query<TemplateDbRow>(
    `UPDATE reply_templates SET category = $2, kind = $3, outcome = $4, title = $5, body = $6, active = $7, updated_by = $8, updated_at = $9
      WHERE id = $1 RETURNING *`,
    [id, input.category || null, input.kind, input.outcome ?? null, input.title.trim(), input.body, input.active ?? true, actor.userId, deps.clock.now()]);
  if (!r.rows[0]) throw notFound(`答复模板 ${id}`);
  const t = present(r.rows[0]);
  await audit(deps, actor, 'reply_template_updated', { templateId: t.id, kind: t.kind, category: t.category, outcome: t.outcome, title: t.title, active: t.active });
  return t;
}

export async function deleteTemplate(deps: Deps, actor: StaffActor, id: number) {
  const r = await deps.store.query<{ title: string }>('DELETE FROM reply_templates WHERE id = $1 RETURNING title', [id]);
  if (!r.rows[0]) throw notFound(`答复模板 ${id}`);
  await audit(deps, actor, 'reply_template_deleted', { templateId: id, title: r.rows[0].title });
}

/**
 * The active templates that fit a case and a step, best first, each filled for this case. Scoped
 * like reading the case (another unit's case is a 404). The writer's form of address comes only to
 * someone who may see the writer (never to the unit a confidential letter is about).
 */
export async function templatesForCase(deps: Deps, actor: StaffActor, caseId: number, want: { kind: TemplateKind; outcome?: ReportOutcome }) {
  const c = await visibleCaseOr404(deps.store, actor, caseId);
  const catalog = await deps.catalog.get();
  const [rows, writer] = await Promise.all([
    deps.store.query<TemplateDbRow>(
      'SELECT * FROM reply_templates WHERE active AND kind = $1 AND (category IS NULL OR category = $2)', [want.kind, c.category]),
    c.citizen_id
      ? deps.store.query<{ name: string; id_number: string }>('SELECT name, id_number FROM citizens WHERE id = $1', [c.citizen_id]).then((r) => r.rows[0] ?? null)
      : Promise.resolve(null),
  ]);
  const seesWriter = maySeeWriter(actor, c, catalog);
  // The unit that replies: the officer's own when it handles the case (协办 included), else the main unit.
  const unitCode = actor.unitCode && (actor.unitCode === c.unit_code || c.co_unit_codes.includes(actor.unitCode)) ? actor.unitCode : c.unit_code;
  const facts = {
    writerName: seesWriter ? vault().open('name', writer?.name ?? c.citizen_name) : null,
    gender: seesWriter ? genderFromIdNumber(vault().open('id_number', writer?.id_number)) : null,
    number: c.number,
    receivedAt: c.received_at,
    unitName: unitCode ? catalog.units.get(unitCode)?.name ?? null : null,
    categoryName: c.category ? catalog.categories.get(c.category)?.name ?? null : null,
    outcome: want.outcome ?? null,
  };
  return rankTemplates(rows.rows.map((r) => ({ ...r, id: Number(r.id) })), { kind: want.kind, category: c.category, outcome: want.outcome ?? null })
    .map((t) => {
      const filled = fillTemplate(t.body, { ...facts, outcome: want.outcome ?? t.outcome ?? null });
      return { id: t.id, title: t.title, category: t.category, kind: t.kind, outcome: t.outcome, body: t.body, filled, blanks: unfilledBlanks(filled) };
    });
}
