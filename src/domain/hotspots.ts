// Hot issues (类案): letters about the same concrete problem — same place, same issue, different
// words — grouped so the center can handle them together (专项整治) and answer every writer.
//
// Method, and why:
// - Each letter becomes a sublinear TF-IDF vector (unit length) over the tokens of the window, so
//   shared rare words (a road name, "炸街") weigh much more than shared common ones.
// - Similarity of two letters = cosine + small boosts for the same district / category / place, and a
//   small penalty for two different known districts (the same complaint in two districts is two
//   problems, but a scam wave crosses districts, so the text must still decide).
// - Candidates come from an inverted index over each letter's most distinctive tokens, scanning only
//   the letters nearest in time on long posting lists, so building the graph is ~O(n·k), not O(n²).
// - Groups are built by average-link agglomeration over that sparse graph. Average link (not single
//   link) because single link chains "违停 on 丽康路" to "违停 elsewhere" through one ambiguous letter.
//   Because the similarity is a dot product of unit vectors plus terms that are dot products of count
//   vectors, the average link of two clusters is exact from per-cluster sums:
//   Σ_{i∈A,j∈B} sim(i,j) = ΣA·ΣB + boosts·(countsA·countsB); merges update it by addition.

export type Tokenize = (text: string) => string[];

export interface LetterForGrouping {
  id: number;
  text: string;
  district: string | null;
  category: string | null;
  at: Date;
  place?: string | null;
}

/** What matchHotspot needs to compare a new letter with a group; plain JSON so it can be stored. */
export interface HotspotProfile {
  /** Centroid (mean of the members' unit TF-IDF vectors): its heaviest terms with their weights. */
  terms: [string, number][];
  /** IDF of each of `terms`, in the same order, from the window the group was built in. */
  idf: number[];
  /** IDF assumed for a token the profile does not list (a typical token occurrence of the window). */
  fallbackIdf: number;
  /** The grouping threshold: a new letter joins when it would have joined the group by average link. */
  threshold: number;
  size: number;
  districts: [string, number][];
  categories: [string, number][];
  places: [string, number][];
}

export interface Hotspot {
  /** Stable while the earliest-numbered member stays: "hs-" + smallest member id. */
  id: string;
  label: string;
  keywords: string[];
  category: string | null;
  district: string | null;
  size: number;
  caseIds: number[];
  /** (recent-half size + 1) ÷ (earlier-half size + 1): > 1 means growing. */
  trend: number;
  firstAt: Date;
  lastAt: Date;
  /** Ranking score: size weighted by growth (see rankScore). */
  score: number;
  profile: HotspotProfile;
}

export interface GroupOptions {
  /** End of the window; defaults to the latest letter's time (pure: no clock read here). */
  now?: Date;
  /** Window length in days (default 30). */
  days?: number;
  /** Smallest group reported (default 3). */
  minSize?: number;
  /** Average-link similarity needed to merge (default 0.18; tuned on the labelled set, see bench). */
  threshold?: number;
}

// Boost sizes: small next to the cosine of two letters about the same thing (≈0.2–0.5), so they
// tip borderline pairs but never join two letters that share only a district or a category.
const W_DISTRICT = 0.04;
const P_DISTRICT = 0.04;
const W_CATEGORY = 0.03;
const W_PLACE = 0.12;
const DEFAULT_THRESHOLD = 0.18;
const QUERY_TOKENS = 16; // a letter's heaviest tokens used to find candidates
const POSTING_SCAN = 200; // letters scanned per token on long posting lists (nearest in time)
const NEIGHBOURS = 20; // candidates scored exactly per letter
const DAY = 86_400_000;

interface Doc {
  letter: LetterForGrouping;
  terms: Int32Array; // token ids, ascending
  weights: Float64Array; // unit-length TF-IDF weights
  distinctive: Int32Array; // token ids used for candidate search
}

interface Corpus {
  docs: Doc[];
  vocab: string[];
  idf: Float64Array;
  df: Int32Array;
  fallbackIdf: number;
}

function normPlace(p: string | null | undefined): string | null {
  const s = p?.trim().toLowerCase();
  return s ? s : null;
}

function buildCorpus(letters: LetterForGrouping[], tokenize: Tokenize): Corpus {
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const dfList: number[] = [];
  const tfs: Map<number, number>[] = [];
  for (const l of letters) {
    const tf = new Map<number, number>();
    for (const tok of tokenize(l.text)) {
      let id = ids.get(tok);
      if (id === undefined) {
        id = vocab.length;
        ids.set(tok, id);
        vocab.push(tok);
        dfList.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) dfList[id]++;
    tfs.push(tf);
  }
  const n = letters.length;
  const df = Int32Array.from(dfList);
  const idf = new Float64Array(df.length);
  // ln((n+1)/df): a token in every letter weighs ~0, unlike the "+1" smoothing that keeps it alive.
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((n + 1) / df[i]);
  let occ = 0;
  let sum = 0;
  for (let i = 0; i < df.length; i++) {
    occ += df[i];
    sum += df[i] * idf[i];
  }
  const docs: Doc[] = letters.map((letter, k) => {
    const entries = [...tfs[k].entries()].sort((a, b) => a[0] - b[0]);
    const terms = new Int32Array(entries.length);
    const weights = new Float64Array(entries.length);
    let norm = 0;
    entries.forEach(([id, tf], i) => {
      terms[i] = id;
      // A token seen in no other letter can never be shared; keeping it in the norm would make long
      // letters look unlike everything, so it is left out (min_df = 2).
      const w = df[id] >= 2 ? (1 + Math.log(tf)) * idf[id] : 0;
      weights[i] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    // Query tokens: every nearly-unique token (df ≤ 4: its posting list costs nothing), plus the
    // heaviest of the rest. Without the split, a letter's own rare words (names, numbers) would fill
    // the query and crowd out the words it shares with a big group, whose df is necessarily high.
    const order = [...terms.keys()].filter((i) => weights[i] > 0 && df[terms[i]] > 4).sort((a, b) => weights[b] - weights[a]);
    const distinctive = Int32Array.from([
      ...[...terms].filter((t) => df[t] >= 2 && df[t] <= 4),
      ...order.slice(0, QUERY_TOKENS).map((i) => terms[i]),
    ]);
    return { letter, terms, weights, distinctive };
  });
  return { docs, vocab, idf, df, fallbackIdf: occ ? sum / occ : 1 };
}

function dotDocs(a: Doc, b: Doc): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.terms.length && j < b.terms.length) {
    if (a.terms[i] === b.terms[j]) s += a.weights[i++] * b.weights[j++];
    else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return s;
}

function attrSim(a: LetterForGrouping, b: LetterForGrouping): number {
  let s = 0;
  if (a.district && b.district) s += a.district === b.district ? W_DISTRICT : -P_DISTRICT;
  if (a.category && a.category === b.category) s += W_CATEGORY;
  const pa = normPlace(a.place);
  if (pa && pa === normPlace(b.place)) s += W_PLACE;
  return s;
}

function lowerBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sparse similarity graph: each letter's best candidates, scored exactly. Docs are in time order. */
function candidateEdges(c: Corpus, floor: number): Map<number, number>[] {
  // One posting list per token id, then one per place (a named place is the best blocking key).
  const postings: number[][] = Array.from({ length: c.vocab.length }, () => []);
  const placeIds = new Map<string, number>();
  const placeOf: number[] = c.docs.map((d) => {
    const p = normPlace(d.letter.place);
    if (!p) return -1;
    if (!placeIds.has(p)) {
      placeIds.set(p, postings.length);
      postings.push([]);
    }
    return placeIds.get(p)!;
  });
  c.docs.forEach((d, i) => {
    for (const t of d.distinctive) postings[t].push(i);
    if (placeOf[i] >= 0) postings[placeOf[i]].push(i);
  });
  const edges: Map<number, number>[] = c.docs.map(() => new Map());
  // Dense accumulator + list of touched letters: Map-free, since this loop is the hot path.
  const acc = new Float64Array(c.docs.length);
  const touched: number[] = [];
  c.docs.forEach((d, i) => {
    touched.length = 0;
    const query = placeOf[i] >= 0 ? [...d.distinctive, placeOf[i]] : d.distinctive;
    for (const t of query) {
      const p = postings[t];
      // On a long list look only at the letters nearest in time: a hot issue's letters cluster in
      // time, and the graph only needs to connect the group, not to hold every pair.
      let from = 0;
      let to = p.length;
      if (p.length > POSTING_SCAN) {
        const at = lowerBound(p, i);
        to = Math.min(p.length, Math.max(0, at - POSTING_SCAN / 2) + POSTING_SCAN);
        from = Math.max(0, to - POSTING_SCAN);
      }
      const w = t < c.idf.length ? c.idf[t] : W_PLACE * 50;
      for (let k = from; k < to; k++) {
        const j = p[k];
        if (j === i) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j] += w;
      }
    }
    // The NEIGHBOURS best by accumulated idf, by insertion into a short sorted list (no full sort).
    const best: number[] = [];
    for (const j of touched) {
      if (best.length === NEIGHBOURS && acc[j] <= acc[best[NEIGHBOURS - 1]]) continue;
      let k = best.length < NEIGHBOURS ? best.length : NEIGHBOURS - 1;
      while (k > 0 && acc[best[k - 1]] < acc[j]) {
        if (k < NEIGHBOURS) best[k] = best[k - 1];
        k--;
      }
      best[k] = j;
    }
    for (const j of best) {
      if (edges[i].has(j)) continue;
      const s = dotDocs(d, c.docs[j]) + attrSim(d.letter, c.docs[j].letter);
      if (s >= floor) {
        edges[i].set(j, s);
        edges[j].set(i, s);
      }
    }
    for (const j of touched) acc[j] = 0;
  });
  return edges;
}

interface Cluster {
  members: number[];
  sum: Map<number, number>;
  districts: Map<string, number>;
  known: number; // members with a district
  categories: Map<string, number>;
  places: Map<string, number>;
  nbr: Map<number, number>; // neighbour cluster → Σ pair similarities across the two clusters
  version: number;
  alive: boolean;
}

function dotMaps<K>(a: Map<K, number>, b: Map<K, number>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, v] of small) {
    const w = big.get(k);
    if (w !== undefined) s += v * w;
  }
  return s;
}

function addInto<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function crossSum(a: Cluster, b: Cluster): number {
  const sameD = dotMaps(a.districts, b.districts);
  return (
    dotMaps(a.sum, b.sum) +
    W_DISTRICT * sameD -
    P_DISTRICT * (a.known * b.known - sameD) +
    W_CATEGORY * dotMaps(a.categories, b.categories) +
    W_PLACE * dotMaps(a.places, b.places)
  );
}

/** Binary max-heap of candidate merges; stale entries are skipped by version. */
class Heap {
  private items: { s: number; a: number; b: number; va: number; vb: number }[] = [];
  push(x: { s: number; a: number; b: number; va: number; vb: number }): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].s >= h[i].s) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): { s: number; a: number; b: number; va: number; vb: number } | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].s > h[m].s) m = l;
        if (r < h.length && h[r].s > h[m].s) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

function agglomerate(c: Corpus, edges: Map<number, number>[], threshold: number, floor: number): number[][] {
  const clusters: Cluster[] = c.docs.map((d, i) => {
    const sum = new Map<number, number>();
    d.terms.forEach((t, k) => {
      if (d.weights[k] > 0) sum.set(t, d.weights[k]);
    });
    const place = normPlace(d.letter.place);
    return {
      members: [i],
      sum,
      districts: new Map(d.letter.district ? [[d.letter.district, 1]] : []),
      known: d.letter.district ? 1 : 0,
      categories: new Map(d.letter.category ? [[d.letter.category, 1]] : []),
      places: new Map(place ? [[place, 1]] : []),
      nbr: new Map(edges[i]),
      version: 0,
      alive: true,
    };
  });
  const heap = new Heap();
  edges.forEach((m, i) => {
    for (const [j, s] of m) if (i < j && s >= threshold) heap.push({ s, a: i, b: j, va: 0, vb: 0 });
  });
  for (let e = heap.pop(); e && e.s >= threshold; e = heap.pop()) {
    const x = clusters[e.a];
    const y = clusters[e.b];
    if (!x.alive || !y.alive || x.version !== e.va || y.version !== e.vb) continue;
    // The bigger cluster absorbs the smaller, so sums are copied from the small side.
    const [ai, bi] = x.members.length >= y.members.length ? [e.a, e.b] : [e.b, e.a];
    const A = clusters[ai];
    const B = clusters[bi];
    const next = new Map<number, number>();
    for (const [k, s] of A.nbr) {
      if (k === bi) continue;
      next.set(k, s + (B.nbr.get(k) ?? crossSum(B, clusters[k])));
    }
    for (const [k, s] of B.nbr) {
      if (k === ai || next.has(k)) continue;
      next.set(k, s + crossSum(A, clusters[k]));
    }
    addInto(A.sum, B.sum);
    addInto(A.districts, B.districts);
    addInto(A.categories, B.categories);
    addInto(A.places, B.places);
    A.known += B.known;
    A.members.push(...B.members);
    A.version++;
    B.alive = false;
    B.nbr.clear();
    B.sum.clear();
    A.nbr = new Map();
    for (const [k, s] of next) {
      const K = clusters[k];
      K.nbr.delete(bi);
      const link = s / (A.members.length * K.members.length);
      // Links far below the threshold are dropped: keeps big clusters' neighbour lists short.
      if (link < floor) {
        K.nbr.delete(ai);
        continue;
      }
      A.nbr.set(k, s);
      K.nbr.set(ai, s);
      if (link >= threshold) heap.push({ s: link, a: ai, b: k, va: A.version, vb: K.version });
    }
  }
  return clusters.filter((k) => k.alive).map((k) => k.members);
}

function majority(values: (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of counts) if (v > n || (v === n && best !== null && k < best)) [best, n] = [k, v];
  // Only name a district/category that at least half the group shares.
  return n * 2 >= values.length ? best : null;
}

function countList(values: (string | null | undefined)[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * Keywords: tokens by (share of members containing them) × idf, each grown into the phrase it sits
 * in — extended by a character while one neighbour follows (or precedes) it in ≥ 70% of its
 * occurrences — so character bigrams "丽康"/"康路" read "丽康路" and "捆绑销" reads "捆绑销售".
 */
function keywordsOf(c: Corpus, members: number[]): string[] {
  const gdf = new Map<number, number>();
  for (const m of members) {
    const d = c.docs[m];
    d.terms.forEach((t, k) => {
      if (d.weights[k] > 0) gdf.set(t, (gdf.get(t) ?? 0) + 1);
    });
  }
  const size = members.length;
  const minShare = Math.max(2, Math.ceil(size * 0.25));
  const cands = [...gdf.entries()]
    .filter(([, n]) => n >= minShare)
    .map(([t, n]) => ({ text: c.vocab[t], score: (n / size) * c.idf[t] }))
    .sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : 1))
    .slice(0, 12);
  // At most 40 member texts are read: enough to see a phrase, cheap for huge groups.
  const sample = members.slice(0, 40).map((m) => c.docs[m].letter.text.toLowerCase());
  const wordChar = /[\p{Script=Han}a-z0-9]/u;
  const grow = (p: string): string => {
    for (let steps = 0; steps < 8 && p.length < 10; steps++) {
      const next = new Map<string, number>();
      const prev = new Map<string, number>();
      let occ = 0;
      for (const t of sample) {
        for (let i = t.indexOf(p); i >= 0; i = t.indexOf(p, i + 1)) {
          occ++;
          const n = t[i + p.length];
          const v = t[i - 1];
          if (n && wordChar.test(n)) next.set(n, (next.get(n) ?? 0) + 1);
          if (v && wordChar.test(v)) prev.set(v, (prev.get(v) ?? 0) + 1);
        }
      }
      const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0];
      const n = top(next);
      const v = top(prev);
      const nOk = n && n[1] >= 0.7 * occ && occ >= 2;
      const vOk = v && v[1] >= 0.7 * occ && occ >= 2;
      if (nOk && (!vOk || n[1] >= v[1])) p = p + n[0];
      else if (vOk) p = v[0] + p;
      else break;
    }
    return p;
  };
  // Drop a keyword inside a better one ("康路" under "丽康路"); a longer one replaces a shorter.
  const support = (p: string) => sample.reduce((n, t) => n + (t.includes(p) ? 1 : 0), 0);
  const out: { text: string; support: number }[] = [];
  for (const k of cands) {
    const text = grow(k.text);
    if (out.some((o) => o.text.includes(text))) continue;
    const sup = support(text);
    const inside = out.findIndex((o) => text.includes(o.text));
    // A longer phrase replaces a better keyword it contains only if it is nearly as common:
    // "丽康路违" (3 letters) must not swallow "丽康路" (all of them).
    if (inside >= 0) {
      if (sup >= 0.7 * out[inside].support) out[inside] = { text, support: sup };
    } else out.push({ text, support: sup });
  }
  return out.map((o) => o.text).filter((k, i, all) => all.findIndex((o) => o.includes(k)) === i);
}

function labelOf(keywords: string[]): string {
  const parts: string[] = [];
  for (const k of keywords) {
    if (parts.length >= 4) break;
    if (parts.length >= 2 && parts.join('').length + k.length > 12) break;
    parts.push(k);
  }
  return parts.join(' · ');
}

/** Size weighted by growth, growth capped so a tiny new group cannot outrank a big steady one. */
function rankScore(size: number, trend: number): number {
  return size * Math.sqrt(Math.min(4, Math.max(0.25, trend)));
}

function profileOf(c: Corpus, members: number[], threshold: number): HotspotProfile {
  const centroid = new Map<number, number>();
  for (const m of members) {
    const d = c.docs[m];
    d.terms.forEach((t, k) => {
      if (d.weights[k] > 0) centroid.set(t, (centroid.get(t) ?? 0) + d.weights[k] / members.length);
    });
  }
  // 80 terms carry nearly all of a centroid's mass; the rest is each member's own words.
  const top = [...centroid.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 80);
  const letters = members.map((m) => c.docs[m].letter);
  return {
    terms: top.map(([t, w]) => [c.vocab[t], Number(w.toFixed(5))]),
    idf: top.map(([t]) => Number(c.idf[t].toFixed(4))),
    fallbackIdf: Number(c.fallbackIdf.toFixed(4)),
    threshold,
    size: members.length,
    districts: countList(letters.map((l) => l.district)),
    categories: countList(letters.map((l) => l.category)),
    places: countList(letters.map((l) => normPlace(l.place))),
  };
}

export function groupHotspots(
  letters: LetterForGrouping[],
  tokenize: Tokenize,
  opts: GroupOptions = {},
): Hotspot[] {
  const days = opts.days ?? 30;
  const minSize = Math.max(2, opts.minSize ?? 3);
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const floor = threshold / 2;
  const nowMs = opts.now?.getTime() ?? Math.max(...letters.map((l) => l.at.getTime()), 0);
  const fromMs = nowMs - days * DAY;
  const inWindow = letters
    .filter((l) => l.at.getTime() > fromMs && l.at.getTime() <= nowMs)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  if (inWindow.length < minSize) return [];
  const corpus = buildCorpus(inWindow, tokenize);
  const edges = candidateEdges(corpus, floor);
  const groups = agglomerate(corpus, edges, threshold, floor).filter((g) => g.length >= minSize);
  const midMs = nowMs - (days * DAY) / 2;
  const out = groups.map((g): Hotspot => {
    const ls = g.map((m) => corpus.docs[m].letter);
    const caseIds = ls.map((l) => l.id).sort((a, b) => a - b);
    const recent = ls.filter((l) => l.at.getTime() >= midMs).length;
    const trend = (recent + 1) / (ls.length - recent + 1);
    const times = ls.map((l) => l.at.getTime());
    const keywords = keywordsOf(corpus, g);
    return {
      id: `hs-${caseIds[0]}`,
      label: labelOf(keywords),
      keywords: keywords.slice(0, 5),
      category: majority(ls.map((l) => l.category)),
      district: majority(ls.map((l) => l.district)),
      size: ls.length,
      caseIds,
      trend: Number(trend.toFixed(3)),
      firstAt: new Date(Math.min(...times)),
      lastAt: new Date(Math.max(...times)),
      score: Number(rankScore(ls.length, trend).toFixed(3)),
      profile: profileOf(corpus, g, threshold),
    };
  });
  return out.sort(
    (a, b) => b.score - a.score || b.size - a.size || b.lastAt.getTime() - a.lastAt.getTime() || (a.id < b.id ? -1 : 1),
  );
}

/**
 * The average-link similarity of one letter to a group, from the group's stored profile: the
 * letter's unit TF-IDF vector (window IDF for listed tokens, a typical IDF for others) · centroid,
 * plus the same boosts as grouping, weighted by the share of members they apply to.
 */
export function hotspotScore(
  letter: Pick<LetterForGrouping, 'text' | 'district' | 'category' | 'place'>,
  profile: HotspotProfile,
  tokenize: Tokenize,
): number {
  const tf = new Map<string, number>();
  for (const t of tokenize(letter.text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  const idf = new Map(profile.terms.map(([t], i) => [t, profile.idf[i]]));
  let norm = 0;
  const w = new Map<string, number>();
  for (const [t, n] of tf) {
    const x = (1 + Math.log(n)) * (idf.get(t) ?? profile.fallbackIdf);
    w.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  let s = 0;
  for (const [t, c] of profile.terms) s += ((w.get(t) ?? 0) / norm) * c;
  const total = (xs: [string, number][]) => xs.reduce((n, [, v]) => n + v, 0);
  const share = (xs: [string, number][], v: string | null | undefined) => {
    const tot = total(xs);
    return v && tot ? (xs.find(([k]) => k === v)?.[1] ?? 0) / tot : 0;
  };
  const size = Math.max(1, profile.size);
  if (letter.district) {
    const known = total(profile.districts) / size;
    const same = share(profile.districts, letter.district) * known;
    s += W_DISTRICT * same - P_DISTRICT * (known - same);
  }
  s += W_CATEGORY * share(profile.categories, letter.category) * (total(profile.categories) / size);
  const place = normPlace(letter.place);
  if (place) s += W_PLACE * (profile.places.find(([k]) => k === place)?.[1] ?? 0) / size;
  return s;
}

/** The open hot issue a new letter belongs to, if any: the best-scoring one above its threshold. */
export function matchHotspot(
  letter: Pick<LetterForGrouping, 'text' | 'district' | 'category' | 'place'>,
  hotspots: Pick<Hotspot, 'id' | 'profile'>[],
  tokenize: Tokenize,
): { hotspotId: string; score: number } | null {
  let best: { hotspotId: string; score: number } | null = null;
  for (const h of hotspots) {
    const score = hotspotScore(letter, h.profile, tokenize);
    if (score >= h.profile.threshold && (!best || score > best.score)) best = { hotspotId: h.id, score };
  }
  return best && { hotspotId: best.hotspotId, score: Number(best.score.toFixed(4)) };
}
