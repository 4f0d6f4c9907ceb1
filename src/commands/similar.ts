// Similar letters (并案 candidates, "is this already reported?") and FAQ ranking, over the shared
// Chinese text processing: segmented words with the domain lexicon plus character bigrams.
// Among millions of letters, candidates come from the GIN index on each letter's hashed words
// (domain/text/fingerprint.ts), asked only for the probe's rarer words; the few hundred that
// share most of them are then scored in full here.
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import type { Store } from '../store/db.js';
import { segment, charNgrams } from '../domain/text/lexicon.js';
import { findPlaces } from '../domain/text/gazetteer.js';
import { fingerprint, termHash } from '../domain/text/fingerprint.js';
import { caseScope } from '../store/cases.js';
import { Params } from '../store/sql.js';

const CANDIDATES = 60;
const SAMPLE = 20_000; // letters whose words estimate how common a word is
const STATS_MS = 10 * 60_000;
const MAX_FILTER = 8;
const FILTER_BUDGET = 800; // letters the index may hand over to be ranked

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

/** How many of the latest letters contain each hashed word; refreshed in the background. */
interface TermStats { df: Map<number, number>; letters: number; stored: number; at: number; loading?: Promise<void> }
const statsOf = new WeakMap<Store, TermStats>();

async function termStats(store: Store): Promise<TermStats> {
  let s = statsOf.get(store);
  if (!s) statsOf.set(store, s = { df: new Map(), letters: 0, stored: 0, at: 0 });
  if (Date.now() - s.at > STATS_MS && !s.loading) {
    const st = s;
    st.loading = (async () => {
      // A random sample of the whole store (not the latest letters: a place may be rare this month and common over the year).
      const stored = Number((await store.query<{ n: string | null }>('SELECT max(id) AS n FROM cases')).rows[0].n ?? 0);
      const percent = Math.min(100, (SAMPLE / Math.max(1, stored)) * 100);
      const r = await store.query<{ t: number; n: string; total: string }>(
        `WITH sample AS (SELECT terms FROM cases TABLESAMPLE BERNOULLI (${percent.toFixed(4)}) WHERE terms IS NOT NULL)
         SELECT t, count(*) AS n, (SELECT count(*) FROM sample) AS total FROM (SELECT unnest(terms) AS t FROM sample) y GROUP BY t`);
      st.df = new Map(r.rows.map((x) => [Number(x.t), Number(x.n)]));
      st.letters = Number(r.rows[0]?.total ?? 0);
      st.stored = stored;
      st.at = Date.now();
    })().finally(() => { st.loading = undefined; });
    if (!st.at) await st.loading;
  }
  return s;
}

/**
 * The probe's words worth asking the index for: in a small store all of them; in a large one the
 * rarest, as many as keep the expected number of letters found under a budget (a common word finds
 * thousands of letters and tells little). All the probe's words then rank what the rare ones found.
 */
export async function probeTerms(store: Store, text: string): Promise<{ filter: number[]; rank: number[] }> {
  const all = fingerprint(text);
  const stats = await termStats(store);
  if (stats.letters < 2000) return { filter: all, rank: all };
  const ranked = all.map((t) => ({ t, df: stats.df.get(t) ?? 0 })).sort((a, b) => a.df - b.df);
  const filter: number[] = [];
  let expected = 0;
  for (const x of ranked) {
    expected += (Math.max(x.df, 0.5) / stats.letters) * stats.stored;
    if (filter.length >= 2 && (expected > FILTER_BUDGET || filter.length >= MAX_FILTER)) break;
    filter.push(x.t);
  }
  return { filter, rank: all };
}

type CandidateRow = { id: number; number: string; title: string; content: string; address: string | null; district: string | null; category: string | null; received_at: Date; status: string; citizen_id: number | null; terms: number[] | null };

/**
 * A letter as the scorer sees it: its hashed words (stored at intake, so not segmented again for
 * every candidate) and its character bigrams (cheap, and robust to different wording).
 */
export interface Profile { words: Set<number>; bigrams: Set<string>; places: number[] }

export function profileOf(text: string, words?: number[] | null): Profile {
  // The opening of a letter says what it is about; bigrams of the first 400 characters suffice.
  return { words: new Set(words ?? fingerprint(text)), bigrams: new Set(charNgrams(text.slice(0, 400), [2])), places: [] };
}

export function probeProfile(text: string): Profile {
  return { ...profileOf(text), places: findPlaces(text).map((x) => termHash(x.name)) };
}

/** Shared words and bigrams over the geometric mean of the sizes: a short letter inside a long one is similar. */
export function likeness(a: Profile, b: Profile): number {
  const size = (p: Profile) => p.words.size + p.bigrams.size;
  if (!size(a) || !size(b)) return 0;
  let common = 0;
  for (const w of a.words) if (b.words.has(w)) common++;
  for (const g of a.bigrams) if (b.bigrams.has(g)) common++;
  return common / Math.sqrt(size(a) * size(b));
}

const samePlace = (probe: Profile, c: Profile) => probe.places.some((h) => c.words.has(h));

/** Letters sharing the most of the probe's words, within the given conditions (already parameterised in `p`). */
async function candidates(deps: Deps, text: string, where: string[], p: Params): Promise<CandidateRow[]> {
  const probe = await probeTerms(deps.store, text);
  if (!probe.filter.length) return [];
  const q = p.add(probe.filter), r2 = p.add(probe.rank);
  const r = await deps.store.query<CandidateRow>(
    `SELECT c.id, c.number, c.title, c.content, c.address, c.district, c.category, c.received_at, c.status, c.citizen_id, c.terms FROM cases c
      WHERE c.terms && ${q}::int[] AND ${where.join(' AND ')}
      ORDER BY (SELECT count(*) FROM unnest(c.terms) t WHERE t = ANY(${r2}::int[])) DESC, c.received_at DESC LIMIT ${CANDIDATES}`, p.values);
  return r.rows;
}

interface Probe { id?: number; text: string; district: string | null; category: string | null; at: Date }

/** The visible cases most like a letter: text, place, category and time together, best first. */
export async function similarTo(deps: Deps, actor: Actor, probe: Probe, limit = 10) {
  const p = new Params();
  // `+ interval '0'` keeps the planner off the received_at index: the words index alone is the
  // selective one, and AND-ing a bitmap of half a year of letters cost more than it saved.
  const where = [caseScope(actor, p), `c.status <> 'merged'`, `c.received_at + interval '0' BETWEEN ${p.add(new Date(probe.at.getTime() - 180 * 86400_000))} AND ${p.add(new Date(probe.at.getTime() + 30 * 86400_000))}`];
  if (probe.id) where.push(`c.id <> ${p.add(probe.id)}`);
  const rows = await candidates(deps, probe.text, where, p);
  const mine = probeProfile(probe.text);
  const scored = rows.map((c) => {
    const theirs = profileOf(`${c.title} ${c.content} ${c.address ?? ''}`, c.terms);
    let score = 0.7 * likeness(mine, theirs);
    if (probe.district && c.district === probe.district) score += 0.1;
    if (probe.category && c.category === probe.category) score += 0.1;
    if (samePlace(mine, theirs)) score += 0.1;
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
  const rows = await candidates(deps, text, [`c.status NOT IN ('merged', 'closed')`, `c.received_at + interval '0' >= ${p.add(new Date(now.getTime() - 90 * 86400_000))}`], p);
  const mine = probeProfile(text);
  const catalog = await deps.catalog.get();
  const similar = rows.map((c) => {
    const theirs = profileOf(`${c.title} ${c.content} ${c.address ?? ''}`, c.terms);
    let score = 0.8 * likeness(mine, theirs);
    if (samePlace(mine, theirs)) score += 0.2;
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
