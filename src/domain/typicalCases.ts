// A typical case (典型案例) as the public reads it: the letter and the reply, anonymised
// (domain/text/redact.ts anonymise), at district level, summarised. Pure.
import { anonymise, findPersonalData, harvestNames, FINDING_LABELS, type AnonymiseOptions, type PersonalDataFinding } from './text/redact.js';
import { OUTCOME_NAMES, type ReportOutcome } from './replyTemplates.js';

export interface TypicalCaseSource {
  title: string;
  content: string;
  /** The closing report the center approved (or, lacking one, the last feedback). */
  reply: string | null;
  outcome: string | null;
  districtName: string | null;
  categoryName: string | null;
  unitName: string | null;
}

const LETTER_MAX = 1000;
const REPLY_MAX = 600;

/** At most `max` characters, cut after the last full sentence that fits (……marks the cut). */
export function summarise(text: string, max: number): string {
  const t = text.replace(/\s*\n\s*/g, '\n').trim();
  const chars = [...t];
  if (chars.length <= max) return t;
  const head = chars.slice(0, max).join('');
  const end = Math.max(...['。', '！', '？', '；', '!', '?', ';'].map((p) => head.lastIndexOf(p)));
  return `${end >= max / 2 ? head.slice(0, end + 1) : head}……`;
}

/** The names to remove from a case's texts: those known, and those the texts give away themselves. */
export function namesToRemove(src: Pick<TypicalCaseSource, 'title' | 'content' | 'reply'>, known: AnonymiseOptions): AnonymiseOptions {
  return { names: known.names ?? [], otherNames: [...(known.otherNames ?? []), ...harvestNames(src.title, src.content, src.reply)] };
}

/**
 * The published text of a case: anonymised letter, where (district only), who handled it, and the
 * reply. `names` should come from namesToRemove, so that a name the letter gives away leaves the reply too.
 */
export function composeTypicalCase(src: TypicalCaseSource, names: AnonymiseOptions): string {
  const all = namesToRemove(src, names);
  const a = (s: string) => anonymise(s, all);
  const lines = [`【来信】${a(src.title).trim()}`, summarise(a(src.content), LETTER_MAX)];
  const facts = [
    src.categoryName && `类别：${src.categoryName}`,
    src.districtName && `辖区：${src.districtName}`,
    src.unitName && `办理单位：${src.unitName}`,
    src.outcome && `办理结果：${OUTCOME_NAMES[src.outcome as ReportOutcome] ?? src.outcome}`,
  ].filter(Boolean);
  if (facts.length) lines.push(`【概况】${facts.join('；')}`);
  lines.push(`【答复】${src.reply?.trim() ? summarise(a(src.reply), REPLY_MAX) : '本案已办结归档。'}`);
  return lines.join('\n');
}

/** The second pass over what is about to be published (title and text); empty when it may go. */
export function checkPublication(title: string, text: string, names: AnonymiseOptions): PersonalDataFinding[] {
  return [...findPersonalData(title, names), ...findPersonalData(text, names)];
}

/** What the second pass found, for a person: "手机号等数字（1*********0）、门牌号等详细地址（3**室）". */
export function describeFindings(findings: PersonalDataFinding[]): string {
  return findings.slice(0, 8).map((f) => `${FINDING_LABELS[f.kind]}（${f.sample}）`).join('、') + (findings.length > 8 ? ` 等 ${findings.length} 处` : '');
}
