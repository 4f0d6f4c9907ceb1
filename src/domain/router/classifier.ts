// The router's text classifier: TF-IDF (sublinear tf, L2) over words (segmented with the domain
// lexicon) and character 2-/3-grams, the subject line counted three times; per label, features scaled
// by their naive-Bayes log-count ratio (NB-SVM, +1 to +2 points of macro-F1 on the gov set) and a
// linear SVM trained by dual coordinate descent (the liblinear method: exact, a handful of passes, no
// learning rate to tune); a softmax over the margins whose temperature is fitted on out-of-fold
// margins, so that "confidence" means what it says.
//
// The model is a plain JSON object (vocabulary, idf, weights; the NB scaling is folded into the
// weights): the store can keep it in a row and any process can load it. Learning paths: `train` is
// the full retrain (≈6 s for 750 letters incl. calibration on 2 cores; run it on a schedule or after
// imports, off the request path); `addExample` is a cheap online correction (one passive-aggressive
// step on the known vocabulary) for each dispatch the center makes or corrects.
import { segment, charNgrams } from '../text/lexicon.js';

export interface Example { text: string; label: string }

export interface TrainOptions {
  /** SVM cost; larger fits the training set harder. */
  C?: number;
  /** Passes of dual coordinate descent. */
  epochs?: number;
  /** Character n-gram orders (words come from `segment`). */
  ngrams?: number[];
  /** Use lexicon words as features beside the n-grams. */
  words?: boolean;
  /** A feature must occur in at least this many training letters. */
  minDf?: number;
  /** Folds used to fit the confidence temperature (0 = keep temperature 1). */
  calibrationFolds?: number;
  /** Weigh each class's letters by 1/frequency so that small classes are not drowned. */
  balanced?: boolean;
  /** The first line of a letter is its subject (标题): its terms count this many times. */
  titleWeight?: number;
  /** Only the first this many characters are read: bounds the cost of a pasted novel (p95 ≤ 10 ms). */
  maxChars?: number;
  /** NB-SVM: scale each feature by its naive-Bayes log-count ratio for the label before the SVM (0 = off). */
  nbAlpha?: number;
  seed?: number;
}

export interface Model {
  version: 1;
  labels: string[];
  vocabulary: string[];
  idf: number[];
  /** weights[k][j]: label k, feature j; bias[k] the intercept. */
  weights: number[][];
  bias: number[];
  /** Softmax temperature over SVM margins, fitted on held-out folds. */
  temperature: number;
  options: Required<Omit<TrainOptions, 'seed'>>;
  examples: number;
}

export interface Prediction {
  label: string;
  confidence: number;
  ranking: { label: string; score: number }[];
  explanation: { term: string; weight: number }[];
}

const DEFAULTS: Required<Omit<TrainOptions, 'seed'>> = {
  C: 1, epochs: 15, ngrams: [2, 3], words: true, minDf: 2, calibrationFolds: 3, balanced: true, nbAlpha: 0.03, titleWeight: 3, maxChars: 2000,
};

// Few letters (a fresh store: the seed, a few hundred cases): every term counts (no df cut-off), single
// characters help, and naive-Bayes ratios from ~20 letters per label are noise. Measured on the seed
// (5-fold): 60% with the large-data settings, 75% with these.
const SMALL_BELOW = 600;
const SMALL: TrainOptions = { minDf: 1, ngrams: [1, 2], nbAlpha: 0 };

// ---------------------------------------------------------------- features

/** Raw term counts of a text: "w:" lexicon words and "c:" character n-grams. */
export function termCounts(full: string, opts: Pick<TrainOptions, 'ngrams' | 'words' | 'titleWeight' | 'maxChars'> = DEFAULTS): Map<string, number> {
  const text = full.slice(0, opts.maxChars ?? DEFAULTS.maxChars);
  const counts = new Map<string, number>();
  const ns = opts.ngrams ?? DEFAULTS.ngrams;
  const addAll = (part: string, times: number) => {
    const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + times);
    if (opts.words ?? DEFAULTS.words) for (const w of segment(part)) add('w:' + w);
    if (ns.length) for (const g of charNgrams(part, ns)) add('c:' + g);
  };
  const nl = text.indexOf('\n');
  const tw = opts.titleWeight ?? DEFAULTS.titleWeight;
  // A subject line says in ten characters what the body says in three hundred: count it more.
  if (nl > 0 && tw > 1) {
    addAll(text.slice(0, nl), tw);
    addAll(text.slice(nl + 1), 1);
  } else addAll(text, 1);
  return counts;
}

interface SparseVec { idx: Int32Array; val: Float64Array }

// Sublinear tf × idf, L2-normalised: long letters do not outvote short ones.
function tfidf(counts: Map<string, number>, index: Map<string, number>, idf: ArrayLike<number>): SparseVec {
  const idx = new Int32Array(counts.size);
  const val = new Float64Array(counts.size);
  let n = 0, norm = 0;
  for (const [t, c] of counts) {
    const j = index.get(t);
    if (j === undefined) continue;
    const v = (1 + Math.log(c)) * idf[j];
    idx[n] = j;
    val[n++] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < n; k++) val[k] /= norm;
  return { idx: idx.subarray(0, n), val: val.subarray(0, n) };
}

// The model is plain JSON, so its term → index map is rebuilt once per model object and cached.
const INDEX_CACHE = new WeakMap<Model, Map<string, number>>();
function indexOf(model: Model): Map<string, number> {
  let m = INDEX_CACHE.get(model);
  if (!m) {
    m = new Map(model.vocabulary.map((t, j) => [t, j]));
    INDEX_CACHE.set(model, m);
  }
  return m;
}

/** The TF-IDF vector of a text in a model's feature space. */
export function vectorize(model: Model, text: string): SparseVec {
  return tfidf(termCounts(text, model.options), indexOf(model), model.idf);
}

// ---------------------------------------------------------------- learning

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

/**
 * One binary L2-regularised squared-hinge SVM by dual coordinate descent (Hsieh et al. 2008, as in
 * liblinear), with the bias as a constant feature. cost[i] is the per-letter C (class balancing).
 */
function trainBinary(xs: SparseVec[], y: Int8Array, cost: Float64Array, dim: number, epochs: number, rand: () => number) {
  const w = new Float64Array(dim);
  let b = 0;
  const alpha = new Float64Array(xs.length);
  const qii = xs.map((x, i) => {
    let s = 1; // bias feature
    for (const v of x.val) s += v * v;
    return s + 1 / (2 * cost[i]);
  });
  const order = xs.map((_, i) => i);
  for (let ep = 0; ep < epochs; ep++) {
    shuffle(order, rand);
    let maxPg = 0;
    for (const i of order) {
      const x = xs[i];
      let m = b;
      for (let k = 0; k < x.idx.length; k++) m += w[x.idx[k]] * x.val[k];
      const g = y[i] * m - 1 + alpha[i] / (2 * cost[i]);
      const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
      if (Math.abs(pg) < 1e-12) continue;
      maxPg = Math.max(maxPg, Math.abs(pg));
      const old = alpha[i];
      alpha[i] = Math.max(old - g / qii[i], 0);
      const d = (alpha[i] - old) * y[i];
      for (let k = 0; k < x.idx.length; k++) w[x.idx[k]] += d * x.val[k];
      b += d;
    }
    if (maxPg < 1e-3) break; // converged
  }
  return { w, b };
}

interface Core { labels: string[]; vocabulary: string[]; idf: Float64Array; weights: Float64Array[]; bias: number[] }

function fitCore(docs: Map<string, number>[], labels: string[], o: Required<Omit<TrainOptions, 'seed'>>, seed: number): Core {
  const classes = [...new Set(labels)].sort();
  // Document frequencies → vocabulary (min df) → idf.
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df].filter(([, n]) => n >= o.minDf).map(([t]) => t).sort();
  const index = new Map(vocabulary.map((t, j) => [t, j]));
  const n = docs.length;
  const idf = Float64Array.from(vocabulary, (t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
  const xs = docs.map((d) => tfidf(d, index, idf));
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  const rand = rng(seed);
  const weights: Float64Array[] = [];
  const bias: number[] = [];
  for (const c of classes) {
    const y = Int8Array.from(labels, (l) => (l === c ? 1 : -1));
    // Balanced: a letter's cost grows as its own label gets rarer (n / (classes × count)).
    const cost = Float64Array.from(labels, (l) => {
      if (!o.balanced) return o.C;
      return o.C * (n / (classes.length * count.get(l)!));
    });
    let r: Float64Array | null = null;
    if (o.nbAlpha > 0) {
      // Log-count ratio of each feature between the label's letters and the others (Wang & Manning 2012).
      const p = new Float64Array(vocabulary.length).fill(o.nbAlpha), q = new Float64Array(vocabulary.length).fill(o.nbAlpha);
      xs.forEach((x, i) => { const t = y[i] > 0 ? p : q; for (let k = 0; k < x.idx.length; k++) t[x.idx[k]] += x.val[k]; });
      const sp = p.reduce((a, b) => a + b, 0), sq = q.reduce((a, b) => a + b, 0);
      r = Float64Array.from(p, (pv, j) => Math.log(pv / sp / (q[j] / sq)));
    }
    const xk = r ? xs.map((x) => ({ idx: x.idx, val: Float64Array.from(x.val, (v, k) => v * Math.abs(r![x.idx[k]])) })) : xs;
    const { w, b } = trainBinary(xk, y, cost, vocabulary.length, o.epochs, rand);
    if (r) for (let j = 0; j < w.length; j++) w[j] *= Math.abs(r[j]); // fold the scaling into the weights
    weights.push(w);
    bias.push(b);
  }
  return { labels: classes, vocabulary, idf, weights, bias };
}

function marginsOf(core: { weights: ArrayLike<number>[]; bias: number[] }, x: SparseVec): number[] {
  return core.weights.map((w, k) => {
    let m = core.bias[k];
    for (let i = 0; i < x.idx.length; i++) m += w[x.idx[i]] * x.val[i];
    return m;
  });
}

function softmax(margins: number[], temperature: number): number[] {
  const max = Math.max(...margins);
  const e = margins.map((m) => Math.exp((m - max) / temperature));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Stratified fold number of each example (round-robin within each label after a seeded shuffle). */
export function stratifiedFolds(labels: string[], k: number, seed = 1): number[] {
  const rand = rng(seed);
  const fold = new Array<number>(labels.length).fill(0);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  let offset = 0;
  for (const idx of [...byLabel.keys()].sort().map((l) => byLabel.get(l)!)) {
    shuffle(idx, rand);
    idx.forEach((i, r) => (fold[i] = (r + offset) % k));
    offset += idx.length; // spread remainders over folds
  }
  return fold;
}

// Temperature that minimises the log-loss of out-of-fold predictions (golden-section search on log T).
function fitTemperature(margins: number[][], truth: number[]): number {
  const nll = (t: number) => {
    let s = 0;
    margins.forEach((m, i) => (s -= Math.log(Math.max(softmax(m, t)[truth[i]], 1e-12))));
    return s;
  };
  let lo = Math.log(0.01), hi = Math.log(10);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    if (nll(Math.exp(a)) < nll(Math.exp(b))) hi = b; else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** Full training: vocabulary, idf, one SVM per label, confidence temperature from held-out folds. */
export function train(examples: Example[], opts: TrainOptions = {}): Model {
  if (examples.length === 0) throw new Error('train: no examples');
  const o = { ...DEFAULTS, ...(examples.length < SMALL_BELOW ? SMALL : {}), ...opts };
  const seed = opts.seed ?? 42;
  const docs = examples.map((e) => termCounts(e.text, o));
  const labels = examples.map((e) => e.label);
  const core = fitCore(docs, labels, o, seed);

  let temperature = 1;
  const k = Math.min(o.calibrationFolds, Math.min(...core.labels.map((c) => labels.filter((l) => l === c).length)));
  if (k >= 2 && core.labels.length > 1) {
    const folds = stratifiedFolds(labels, k, seed);
    const heldMargins: number[][] = [];
    const heldTruth: number[] = [];
    for (let f = 0; f < k; f++) {
      const tr = labels.map((_, i) => i).filter((i) => folds[i] !== f);
      const inner = fitCore(tr.map((i) => docs[i]), tr.map((i) => labels[i]), o, seed + f + 1);
      const index = new Map(inner.vocabulary.map((t, j) => [t, j]));
      labels.forEach((l, i) => {
        if (folds[i] !== f) return;
        const m = marginsOf(inner, tfidf(docs[i], index, inner.idf));
        // Inner folds may lack a label only when a class is tiny; map by name.
        heldMargins.push(core.labels.map((c) => { const j = inner.labels.indexOf(c); return j >= 0 ? m[j] : -1; }));
        heldTruth.push(core.labels.indexOf(l));
      });
    }
    temperature = fitTemperature(heldMargins, heldTruth);
  }
  return {
    version: 1,
    labels: core.labels,
    vocabulary: core.vocabulary,
    idf: Array.from(core.idf),
    weights: core.weights.map((w) => Array.from(w)),
    bias: core.bias,
    temperature,
    options: o,
    examples: examples.length,
  };
}

/** Label, calibrated confidence, every label's probability, and the five terms that pushed the winner most. */
export function predict(model: Model, text: string): Prediction {
  const x = vectorize(model, text);
  const margins = marginsOf(model, x);
  const probs = softmax(margins, model.temperature);
  const ranking = model.labels.map((label, k) => ({ label, score: probs[k] })).sort((a, b) => b.score - a.score);
  const win = model.labels.indexOf(ranking[0].label);
  const w = model.weights[win];
  const contrib: { term: string; word: boolean; weight: number }[] = [];
  for (let i = 0; i < x.idx.length; i++) {
    const v = w[x.idx[i]] * x.val[i];
    const t = model.vocabulary[x.idx[i]];
    if (v > 0) contrib.push({ term: t.slice(2), word: t.startsWith('w:'), weight: v });
  }
  contrib.sort((a, b) => b.weight - a.weight);
  // A word and its own n-grams say the same thing: words (and, without word features, n-grams) open
  // an entry; every overlapping term adds its push to it, and the longest surface form names it
  // (违 + 违停 → 违停). N-grams across word boundaries (了五) thus never show on their own.
  const useWords = contrib.some((c) => c.word);
  let merged: { term: string; weight: number }[] = [];
  // Words first, so that the n-grams inside them find their entry.
  const ordered = useWords ? [...contrib.filter((c) => c.word).slice(0, 40), ...contrib.filter((c) => !c.word).slice(0, 80)] : contrib.slice(0, 80);
  for (const c of ordered) {
    const overlapping = merged.filter((m) => m.term.includes(c.term) || c.term.includes(m.term));
    if (overlapping.length === 0) {
      if ((c.word || !useWords) && [...c.term].length >= 2) merged.push({ term: c.term, weight: c.weight });
      continue;
    }
    const longest = [c.term, ...overlapping.map((m) => m.term)].reduce((a, b) => (b.length > a.length ? b : a));
    const weight = c.weight + overlapping.reduce((s, m) => s + m.weight, 0);
    merged = merged.filter((m) => !overlapping.includes(m));
    merged.push({ term: longest, weight });
  }
  const explanation = merged
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 5)
    .map((e) => ({ term: e.term, weight: Math.round(e.weight * 1e4) / 1e4 }));
  return { label: ranking[0].label, confidence: ranking[0].score, ranking, explanation };
}

/**
 * Online correction from one labelled letter (a dispatch the center made or corrected): one
 * passive-aggressive (PA-I) step per label on the model's existing vocabulary, in place. A new label
 * gets a zero weight row. New words are ignored until the next full `train`, which should still run
 * on a schedule. Returns the same model object.
 */
export function addExample(model: Model, ex: Example, aggressiveness = model.options.C): Model {
  if (!model.labels.includes(ex.label)) {
    model.labels.push(ex.label);
    model.weights.push(new Array(model.vocabulary.length).fill(0));
    model.bias.push(0);
  }
  const x = vectorize(model, ex.text);
  const margins = marginsOf(model, x);
  let sq = 1; // bias feature
  for (const v of x.val) sq += v * v;
  model.labels.forEach((label, k) => {
    const y = label === ex.label ? 1 : -1;
    const loss = Math.max(0, 1 - y * margins[k]);
    if (loss === 0) return;
    const tau = Math.min(aggressiveness, loss / sq) * y;
    const w = model.weights[k];
    for (let i = 0; i < x.idx.length; i++) w[x.idx[i]] += tau * x.val[i];
    model.bias[k] += tau;
  });
  model.examples++;
  return model;
}
