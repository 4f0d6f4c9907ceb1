// Response templates (答复模板): a template's placeholders filled from the case, the blanks only the
// officer can fill marked so that they cannot go out unfilled, and which templates fit a case
// first. Pure: no I/O. The store and the HTTP side are in commands/replyTemplates.ts.
import { localDateString } from './calendar.js';
import { surnameOf } from './text/redact.js';

export type TemplateKind = 'feedback' | 'report';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['feedback', 'report'];

/** The outcomes of a closing report (POST /api/cases/:id/report). */
export const REPORT_OUTCOMES = ['resolved', 'partially_resolved', 'explained', 'unresolvable'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];
export const OUTCOME_NAMES: Record<ReportOutcome, string> = { resolved: '已解决', partially_resolved: '部分解决', explained: '已解释说明', unresolvable: '无法解决' };

/** The placeholders the case fills, with what each stands for (shown to whoever writes a template). */
export const PLACEHOLDERS: Record<string, string> = {
  称呼: '来信人的称呼：有姓名和性别时为“张先生/张女士”，否则为“来信人”',
  编号: '案件编号',
  来信日期: '来信日期（北京时间，如 2026年5月11日）',
  单位: '办理单位名称',
  类别: '诉求类别名称',
  办理结果: '办结结论（已解决、部分解决、已解释说明、无法解决）；反馈模板中留空待填',
  办理情况: '留空待填：办理民警须写明做了什么',
};

/** Placeholders always left for the officer: what was done can only come from them. */
const ALWAYS_BLANK = new Set(['办理情况']);

/** How an unfilled blank looks in the text: visible, and refused by the feedback and report steps. */
export const blank = (what: string) => `【请填写：${what}】`;

// A placeholder: {name}, 1–12 Chinese or Latin characters, digits or underscores. Anything else in
// braces is left as it is.
const PLACEHOLDER = /\{([\u4e00-\u9fa5A-Za-z0-9_]{1,12})\}/g;
const BLANK = /【请填写[^】]{0,40}】/g;

export interface TemplateFacts {
  /** The writer's name, when the reader may see who wrote (never for a confidential letter's unit). */
  writerName?: string | null;
  /** From the writer's ID number when known (GB 11643: the 17th digit, odd = male). */
  gender?: 'male' | 'female' | null;
  number: string;
  receivedAt: Date;
  unitName?: string | null;
  categoryName?: string | null;
  outcome?: ReportOutcome | null;
}

/** The gender an 18-digit ID number records (17th digit: odd male, even female), or null. */
export function genderFromIdNumber(id: string | null | undefined): 'male' | 'female' | null {
  if (!id || !/^\d{17}[\dXx]$/.test(id)) return null;
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** 张先生 / 张女士 from the name and gender; 来信人 when either is unknown. */
export function formOfAddress(name: string | null | undefined, gender: 'male' | 'female' | null | undefined): string {
  const n = (name ?? '').replace(/\s+/g, '');
  // A name that is already a form of address (channels pass "刘先生" on) stays as it is.
  if (/^[\u4e00-\u9fa5]{1,2}(?:先生|女士)$/.test(n)) return n;
  if (!/^[\u4e00-\u9fa5·]{2,8}$/.test(n) || !gender) return '来信人';
  return `${surnameOf(n)}${gender === 'male' ? '先生' : '女士'}`;
}

/** 2026年5月11日, the date in China Standard Time. */
export function zhDate(at: Date): string {
  const [y, m, d] = localDateString(at).split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** The template's body with every placeholder the case can fill filled; the rest as marked blanks. */
export function fillTemplate(body: string, facts: TemplateFacts): string {
  const known: Record<string, string | null> = {
    称呼: formOfAddress(facts.writerName, facts.gender),
    编号: facts.number,
    来信日期: zhDate(facts.receivedAt),
    单位: facts.unitName || null,
    类别: facts.categoryName || null,
    办理结果: facts.outcome ? OUTCOME_NAMES[facts.outcome] : null,
  };
  return body.replace(PLACEHOLDER, (_all, name: string) => {
    if (ALWAYS_BLANK.has(name)) return blank(name);
    const v = known[name];
    return v ?? blank(name);
  });
}

/**
 * What still has to be filled in a reply about to be sent: each 【请填写…】 blank, and each known
 * placeholder left as it was ({编号}). An empty list: the reply may go.
 */
export function unfilledBlanks(text: string): string[] {
  const out = [...text.matchAll(BLANK)].map((m) => m[0]);
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] in PLACEHOLDERS) out.push(m[0]);
  return [...new Set(out)];
}

/** Placeholders a template uses that the platform does not know: they stay blanks for the officer. */
export function unknownPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((n) => !(n in PLACEHOLDERS)))];
}

export interface TemplateRow {
  id: number;
  category: string | null;
  kind: TemplateKind;
  outcome: ReportOutcome | null;
  title: string;
}

/**
 * The templates that fit a case, best first: its kind only, its category or any (category-specific
 * first); for a report, the chosen outcome's templates before those for any outcome, then the rest.
 * Ties by title, then id, so the order is stable.
 */
export function rankTemplates<T extends TemplateRow>(templates: T[], want: { kind: TemplateKind; category: string | null; outcome?: ReportOutcome | null }): T[] {
  const fits = templates.filter((t) => t.kind === want.kind && (t.category === null || t.category === want.category));
  const outcomeRank = (t: T) => (!want.outcome ? (t.outcome === null ? 0 : 1) : t.outcome === want.outcome ? 0 : t.outcome === null ? 1 : 2);
  return fits.sort((a, b) =>
    Number(a.category === null) - Number(b.category === null)
    || outcomeRank(a) - outcomeRank(b)
    || a.title.localeCompare(b.title, 'zh-CN')
    || a.id - b.id);
}
