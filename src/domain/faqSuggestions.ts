// Recurring questions become FAQ entries (一问一答): from a group of answered consultation letters
// asking the same thing (grouped by domain/hotspots.ts), the draft entry — the title that best
// names what the group asks, and the answer the units gave most often (or the most typical one) —
// with every personal detail taken out (domain/text/redact.ts).
import { redact } from './text/redact.js';
import type { Tokenize } from './hotspots.js';

export interface AnsweredLetter {
  id: number;
  title: string;
  content: string;
  /** The closing report (办结报告) the center approved. */
  answer: string;
  category: string | null;
  /** The writer's name, removed wherever it appears. */
  writer?: string | null;
}

export interface FaqDraft { question: string; answer: string; category: string | null; caseIds: number[]; size: number }

/** Limits of POST /api/admin/faq, so that a draft can be adopted as it is. */
const MAX_QUESTION = 500;
const MAX_ANSWER = 5000;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function cosine(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / Math.sqrt(a.size * b.size);
}

/**
 * Index of the candidate closest, in sum, to the texts (the first on a tie). With `aligned`,
 * candidate i is text i and does not count itself.
 */
function mostCentral(candidates: Set<string>[], texts: Set<string>[], aligned: boolean): number {
  let best = 0;
  let bestScore = -1;
  candidates.forEach((t, i) => {
    let s = 0;
    texts.forEach((o, j) => { if (!aligned || i !== j) s += cosine(t, o); });
    if (s > bestScore + 1e-9) [best, bestScore] = [i, s];
  });
  return best;
}

function majority(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, c] of counts) if (c > n || (c === n && best !== null && k < best)) [best, n] = [k, c];
  return n * 2 >= values.length ? best : null;
}

/** The draft FAQ entry of one group of letters (at least one). */
export function draftFaq(letters: AnsweredLetter[], tokenize: Tokenize): FaqDraft {
  const sorted = [...letters].sort((a, b) => a.id - b.id);
  const words = (s: string) => new Set(tokenize(s));
  const names = sorted.map((l) => l.writer);
  // The question: the title that shares most with what the others wrote.
  const q = sorted[mostCentral(sorted.map((l) => words(l.title)), sorted.map((l) => words(`${l.title} ${l.content}`)), true)];
  const question = q.title.trim().length >= 4 ? q.title : `${q.title} ${q.content}`;
  // The answer: the one given most often — counted once names and numbers are out, so "王先生您好，…"
  // and "李女士您好，…" are the same answer — and when every answer differs, the one most like the others.
  const answers = sorted.map((l) => redact(squash(l.answer), { names }));
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const candidates = [...new Set(answers.filter((a) => counts.get(a) === top))];
  const answer = candidates.length === 1 ? candidates[0] : candidates[mostCentral(candidates.map(words), answers.map(words), false)];
  return {
    question: redact(squash(question), { names }).slice(0, MAX_QUESTION),
    answer: answer.slice(0, MAX_ANSWER),
    category: majority(sorted.map((l) => l.category)),
    caseIds: sorted.map((l) => l.id),
    size: sorted.length,
  };
}
