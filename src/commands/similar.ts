// Similar letters (并案 candidates, "is this already reported?") and FAQ ranking, over the shared
// Chinese text processing: segmented words with the domain lexicon plus character bigrams.
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { segment, charNgrams } from '../domain/text/lexicon.js';
import { findPlaces } from '../domain/text/gazetteer.js';
import { caseScope } from '../store/cases.js';
import { Params } from '../store/sql.js';

const CANDIDATES = 3000;

export function terms(text: string): Set<string> {
  return new Set([...segment(text), ...charNgrams(text, [2])]);
}

/** Overlap of two term sets, weighted towards the shorter (a short letter inside a long one is similar). */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / Math.sqrt(a.size * b.size);
}

interface Probe { id?: number; text: string; district: string | null; category: string | null; at: Date }

/** The visible cases most like a letter: text, place, category and time together, best first. */
export async function similarTo(deps: Deps, actor: Actor, probe: Probe, limit = 10) {
  const p = new Params();
  const where = [caseScope(actor, p), `c.status <> 'merged'`, `c.received_at BETWEEN ${p.add(new Date(probe.at.getTime() - 180 * 86400_000))} AND ${p.add(new Date(probe.at.getTime() + 30 * 86400_000))}`];
  if (probe.id) where.push(`c.id <> ${p.add(probe.id)}`);
  const r = await deps.store.query<{ id: number; number: string; title: string; content: string; address: string | null; district: string | null; category: string | null; received_at: Date; status: string }>(
    `SELECT c.id, c.number, c.title, c.content, c.address, c.district, c.category, c.received_at, c.status FROM cases c
      WHERE ${where.join(' AND ')} ORDER BY c.received_at DESC LIMIT ${CANDIDATES}`, p.values);
  const probeTerms = terms(probe.text);
  const probePlaces = new Set(findPlaces(probe.text).map((x) => x.name));
  const scored = r.rows.map((c) => {
    const text = `${c.title} ${c.content} ${c.address ?? ''}`;
    let score = 0.7 * overlap(probeTerms, terms(text));
    if (probe.district && c.district === probe.district) score += 0.1;
    if (probe.category && c.category === probe.category) score += 0.1;
    if (findPlaces(text).some((x) => probePlaces.has(x.name))) score += 0.1;
    // Older letters weigh a little less: the same problem a season ago is less likely the same case.
    const ageDays = Math.abs(probe.at.getTime() - c.received_at.getTime()) / 86400_000;
    score *= 1 / (1 + ageDays / 90);
    return { id: c.id, number: c.number, title: c.title, status: c.status, score: Math.round(score * 1000) / 1000 };
  });
  return scored.filter((s) => s.score >= 0.15).sort((a, b) => b.score - a.score).slice(0, limit);
}

/** FAQ entries ranked by how much of the question they cover; the question's words count double. */
export async function searchFaq(deps: Deps, q: string, category?: string) {
  const r = await deps.store.query<{ id: number; question: string; answer: string; category: string | null }>(
    'SELECT id, question, answer, category FROM faq WHERE published AND ($1::text IS NULL OR category = $1) ORDER BY id DESC LIMIT 2000', [category ?? null]);
  const query = q.trim();
  if (!query) return r.rows.slice(0, 50).map((f) => ({ ...f, score: 1 }));
  const qt = terms(query);
  return r.rows.map((f) => {
    const score = (2 * overlap(qt, terms(f.question)) + overlap(qt, terms(f.answer))) / 3;
    return { ...f, score: Math.round(score * 1000) / 1000 };
  }).filter((f) => f.score >= 0.1).sort((a, b) => b.score - a.score).slice(0, 20);
}

/**
 * "Is this already reported?" for a writer before sending: matching FAQ answers and similar open
 * letters. Other writers' letters are shown only as category, district, status and date — never
 * their words — while the writer's own letters come with number and title.
 */
export async function checkBeforeWriting(deps: Deps, citizenId: number, input: { title?: string; content: string; address?: string }) {
  const text = `${input.title ?? ''} ${input.content} ${input.address ?? ''}`;
  const now = deps.clock.now();
  const p = new Params();
  const r = await deps.store.query<{ id: number; number: string; title: string; content: string; address: string | null; district: string | null; category: string | null; status: string; citizen_id: number | null; received_at: Date }>(
    `SELECT id, number, title, content, address, district, category, status, citizen_id, received_at FROM cases
      WHERE status NOT IN ('merged', 'closed') AND received_at >= ${p.add(new Date(now.getTime() - 90 * 86400_000))}
      ORDER BY received_at DESC LIMIT ${CANDIDATES}`, p.values);
  const probe = terms(text);
  const places = new Set(findPlaces(text).map((x) => x.name));
  const catalog = await deps.catalog.get();
  const similar = r.rows.map((c) => {
    const other = `${c.title} ${c.content} ${c.address ?? ''}`;
    let score = 0.8 * overlap(probe, terms(other));
    if (findPlaces(other).some((x) => places.has(x.name))) score += 0.2;
    return { c, score: Math.round(score * 1000) / 1000 };
  }).filter((x) => x.score >= 0.3).sort((a, b) => b.score - a.score).slice(0, 5).map(({ c, score }) => {
    const own = c.citizen_id === citizenId;
    return {
      own, score, status: c.status, receivedAt: c.received_at.toISOString(),
      category: c.category, categoryName: c.category ? catalog.categories.get(c.category)?.name ?? null : null,
      district: c.district,
      ...(own ? { number: c.number, title: c.title } : {}),
    };
  });
  const faq = (await searchFaq(deps, `${input.title ?? ''} ${input.content}`.slice(0, 200))).slice(0, 3);
  return { faq, similar };
}
