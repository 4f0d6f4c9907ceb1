// Retention of personal data (issue 7): which cases keep their writer's identity, which must lose it,
// what a case's texts become when it does, and when a citizen may ask to be forgotten. Pure: the
// commands (commands/retention.ts, commands/citizenData.ts) ask these questions of rows they read.
//
// The rule: a finished case — closed (回访归档), or merged (并案) into another — keeps its writer's
// identity for RETENTION_DAYS after it finished (closed_at; for a merged case, the merge, updated_at);
// then it is anonymised once. A citizen with no case left and not seen for as long is deleted. A
// citizen may ask for the same at any time once none of their letters is still being handled.
import type { CaseStatus } from './caseMachine.js';
import { anonymise, type AnonymiseOptions } from './text/redact.js';
import { namesToRemove } from './typicalCases.js';

/** Three years: the default of RETENTION_DAYS. */
export const DEFAULT_RETENTION_DAYS = 1095;
const DAY_MS = 86_400_000;

export type AnonymiseReason = 'retention' | 'request';

/** The statuses in which a case is finished: nothing more will be done with it. */
export const FINISHED: readonly CaseStatus[] = ['closed', 'merged'];
export const isFinished = (status: CaseStatus | string): boolean => (FINISHED as readonly string[]).includes(status);

export interface RetentionFacts {
  status: CaseStatus;
  closedAt: Date | null;
  updatedAt: Date;
  anonymisedAt: Date | null;
}

/** Cases (and citizens) that finished before this instant are due; null when retention is off (days ≤ 0). */
export function retentionCutoff(now: Date, days: number): Date | null {
  if (!Number.isFinite(days) || days <= 0) return null;
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Since when a case counts towards retention: a closed case from its closing, a merged one from its
 * merge (its last change); an unfinished case not at all. The SQL of commands/retention.ts (and the
 * index of migration 012) says the same: CASE WHEN status = 'merged' THEN updated_at ELSE COALESCE(closed_at, updated_at) END.
 */
export function retentionStart(c: Pick<RetentionFacts, 'status' | 'closedAt' | 'updatedAt'>): Date | null {
  if (c.status === 'merged') return c.updatedAt;
  if (c.status === 'closed') return c.closedAt ?? c.updatedAt;
  return null;
}

/** True when the case must be anonymised now: finished, not yet anonymised, finished before the cutoff. */
export function isDue(c: RetentionFacts, now: Date, days: number): boolean {
  const cutoff = retentionCutoff(now, days);
  const start = retentionStart(c);
  return !!cutoff && !c.anonymisedAt && !!start && start.getTime() < cutoff.getTime();
}

/** A citizen row is deleted when no case points at it any more and it was not renewed (verified) within the period. */
export function citizenDue(c: { updatedAt: Date; cases: number }, now: Date, days: number): boolean {
  const cutoff = retentionCutoff(now, days);
  return !!cutoff && c.cases === 0 && c.updatedAt.getTime() < cutoff.getTime();
}

// ------------------------------------------------------------------------------------------------
// Deletion on request

export interface WritersLetter {
  number: string;
  status: CaseStatus;
  /** For a merged letter: the status of the case it was merged into (which its writer follows). */
  survivorStatus?: CaseStatus | null;
}

/**
 * The letters that keep a citizen from being forgotten now: those still being handled — a letter
 * merged into a case that is itself still being handled included, since its writer follows that case.
 * The law requires an appeal in progress to be handled to its end (and its writer to be reachable).
 */
export function lettersInProgress(letters: WritersLetter[]): WritersLetter[] {
  return letters.filter((l) => {
    if (l.status === 'merged') return !!l.survivorStatus && !isFinished(l.survivorStatus);
    return !isFinished(l.status);
  });
}

/** The refusal's message, naming a few of the letters in progress. */
export function inProgressMessage(open: WritersLetter[]): string {
  const shown = open.slice(0, 5).map((l) => l.number).join('、');
  const more = open.length > 5 ? ` 等 ${open.length} 件` : '';
  return `您还有尚未办结的来信（编号 ${shown}${more}）。依照规定，正在办理中的诉求须办理完毕（回访归档）后，方可注销身份并删除个人信息；请在办结后再申请。`;
}

// ------------------------------------------------------------------------------------------------
// What a case's texts become

export interface CaseTexts {
  title: string;
  content: string;
  address: string | null;
  reportContent: string | null;
}

/**
 * The case's texts without the way back to its writer: anonymise() (domain/text/redact.ts) with the
 * writers' names (replaced by 来信人), other people known to the case (某某), and the names the texts
 * give away themselves — harvested from all of them, so a name given in the letter leaves the reply
 * too. District and road stay; house numbers, phones, ID numbers, plates, accounts go.
 */
export function anonymiseCaseTexts(t: CaseTexts, known: AnonymiseOptions): CaseTexts {
  const names = namesToRemove({ title: t.title, content: t.content, reply: t.reportContent }, known);
  const a = (s: string) => anonymise(s, names);
  return {
    title: a(t.title),
    content: a(t.content),
    address: t.address === null ? null : a(t.address),
    reportContent: t.reportContent === null ? null : a(t.reportContent),
  };
}

/** A place kept only to about a kilometre (two decimals): enough for a map of where letters come from, not for a door. */
export const coarseCoordinate = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);

/** Staff display names that look like a person's (2–3 Chinese characters); "福田交警" is a unit's. */
export const personLikeLabel = (label: string): boolean => /^[\u4e00-\u9fa5]{2,3}$/.test(label);
