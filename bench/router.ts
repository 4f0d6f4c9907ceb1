// npm run bench:router — the router measured, beside a plain baseline computed in the same run:
//  1. 5-fold stratified cross-validation on ../shared/data/gov-messages/train.jsonl (title + content, 7 labels)
//  2. the same folds for the police seed letters of the default taxonomy
//  3. district extraction on a labelled list of addresses (including ones that name no district)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { train, predict, stratifiedFolds, type Example } from '../src/domain/router/classifier.js';
import { POLICE_SEED } from '../src/domain/router/police.js';
import { charNgrams } from '../src/domain/text/lexicon.js';
import { districtOf } from '../src/domain/text/gazetteer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(ROOT, '../shared/data/gov-messages/train.jsonl');
const FOLDS = 5;

// ------------------------------------------------------------------ the plain baseline
// TF-IDF over character 1-3-grams + an averaged perceptron (one-vs-rest, 10 passes): no lexicon,
// no SVM, no NB scaling, no title weighting — what anyone would write in an afternoon.
interface Baseline { labels: string[]; index: Map<string, number>; idf: Float64Array; w: Float64Array[] }
function baseVec(text: string, index: Map<string, number>, idf: Float64Array) {
  const counts = new Map<number, number>();
  for (const g of charNgrams(text, [1, 2, 3])) {
    const j = index.get(g);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  let norm = 0;
  const v: [number, number][] = [];
  for (const [j, c] of counts) { const x = c * idf[j]; v.push([j, x]); norm += x * x; }
  norm = Math.sqrt(norm) || 1;
  return v.map(([j, x]) => [j, x / norm] as [number, number]);
}
function trainBaseline(ex: Example[]): Baseline {
  const df = new Map<string, number>();
  for (const e of ex) for (const g of new Set(charNgrams(e.text, [1, 2, 3]))) df.set(g, (df.get(g) ?? 0) + 1);
  const terms = [...df.keys()];
  const index = new Map(terms.map((t, j) => [t, j]));
  const idf = Float64Array.from(terms, (t) => Math.log((1 + ex.length) / (1 + df.get(t)!)) + 1);
  const labels = [...new Set(ex.map((e) => e.label))].sort();
  const xs = ex.map((e) => baseVec(e.text, index, idf));
  const w = labels.map(() => new Float64Array(terms.length + 1));
  const sum = labels.map(() => new Float64Array(terms.length + 1));
  let steps = 0;
  const order = ex.map((_, i) => i);
  for (let ep = 0; ep < 10; ep++) {
    for (let i = order.length - 1; i > 0; i--) { const j = (i * 7919 + ep * 104729) % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
    for (const i of order) {
      steps++;
      labels.forEach((l, k) => {
        const y = ex[i].label === l ? 1 : -1;
        let m = w[k][terms.length];
        for (const [j, x] of xs[i]) m += w[k][j] * x;
        if (y * m <= 0) {
          for (const [j, x] of xs[i]) { w[k][j] += y * x; sum[k][j] += steps * y * x; }
          w[k][terms.length] += y; sum[k][terms.length] += steps * y;
        }
      });
    }
  }
  // Averaged weights: w − Σ(step·update)/steps.
  const avg = w.map((wk, k) => Float64Array.from(wk, (v, j) => v - sum[k][j] / steps));
  return { labels, index, idf, w: avg };
}
function predictBaseline(m: Baseline, text: string): string {
  const x = baseVec(text, m.index, m.idf);
  let best = 0, bestM = -Infinity;
  m.w.forEach((wk, k) => {
    let s = wk[wk.length - 1];
    for (const [j, v] of x) s += wk[j] * v;
    if (s > bestM) { bestM = s; best = k; }
  });
  return m.labels[best];
}

// ------------------------------------------------------------------ metrics
function f1s(truth: string[], pred: string[]) {
  const labels = [...new Set(truth)].sort();
  const per = labels.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    truth.forEach((t, i) => { if (pred[i] === c && t === c) tp++; else if (pred[i] === c) fp++; else if (t === c) fn++; });
    return { label: c, f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0, n: truth.filter((t) => t === c).length };
  });
  const acc = truth.filter((t, i) => t === pred[i]).length / truth.length;
  return { acc, macro: per.reduce((s, p) => s + p.f1, 0) / per.length, per };
}
const pct = (v: number) => (v * 100).toFixed(1) + '%';
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

interface CvResult { truth: string[]; pred: string[]; base: string[]; conf: number[]; trainMs: number[]; baseMs: number[]; latency: number[] }
function crossValidate(ex: Example[]): CvResult {
  const folds = stratifiedFolds(ex.map((e) => e.label), FOLDS, 7);
  const r: CvResult = { truth: [], pred: [], base: [], conf: [], trainMs: [], baseMs: [], latency: [] };
  for (let f = 0; f < FOLDS; f++) {
    const tr = ex.filter((_, i) => folds[i] !== f), te = ex.filter((_, i) => folds[i] === f);
    let t0 = performance.now();
    const model = train(tr); // the real path, confidence calibration included
    r.trainMs.push(performance.now() - t0);
    t0 = performance.now();
    const base = trainBaseline(tr);
    r.baseMs.push(performance.now() - t0);
    for (const e of te) {
      const t1 = performance.now();
      const p = predict(model, e.text);
      r.latency.push(performance.now() - t1);
      r.truth.push(e.label); r.pred.push(p.label); r.conf.push(p.confidence);
      r.base.push(predictBaseline(base, e.text));
    }
  }
  return r;
}

// ------------------------------------------------------------------ district list
// Addresses and letter snippets with the district a person would read from them; null = cannot be told.
const ADDRESSES: [string, string | null][] = [
  ['深圳市南山区丽康路12号', 'nanshan'], ['丽康路晚上违停严重', 'nanshan'], ['福田区福华三路', 'futian'],
  ['华强北赛格广场门口有人拉客', 'futian'], ['东门老街附近', 'luohu'], ['罗湖口岸出来右转', 'luohu'],
  ['科技园南区腾讯滨海大厦旁', 'nanshan'], ['西乡街道固戍社区', 'baoan'], ['宝安区沙井大道', 'baoan'],
  ['布吉街道大芬油画村', 'longgang'], ['龙岗大道横岗段', 'longgang'], ['坂田五和大道', 'longgang'],
  ['民治大道与梅龙路交叉口', 'longhua'], ['观澜古墟', 'longhua'], ['深圳北站东广场', 'longhua'],
  ['大梅沙海滨公园', 'yantian'], ['沙头角中英街', 'yantian'], ['坪山区坑梓街道', 'pingshan'],
  ['坪山大道燕子湖附近', 'pingshan'], ['光明区公明街道', 'guangming'], ['楼村社区', 'guangming'],
  ['大鹏新区南澳街道西涌', 'dapeng'], ['较场尾民宿一条街', 'dapeng'], ['葵涌中学门口', 'dapeng'],
  ['宝安南路与红岭北路交界', 'luohu'], ['我住在龙华，今天在福田区福中路被贴了罚单', 'futian'],
  ['白石洲城中村出租屋', 'nanshan'], ['蛇口海上世界', 'nanshan'], ['石岩街道浪心社区', 'baoan'],
  ['平湖华南城', 'longgang'], ['梅林关', 'longhua'], ['香蜜湖路', 'futian'], ['莲塘口岸', 'luohu'],
  ['深圳宝安国际机场T3', 'baoan'], ['盐田港附近大货车很多', 'yantian'], ['南山区', 'nanshan'],
  ['龙岗', 'longgang'], ['福田口岸', 'futian'], ['大运中心附近', 'longgang'], ['公明广场', 'guangming'],
  // No district can be told from these.
  ['深南大道有人飙车', null], ['民警态度很差', null], ['我的身份证丢了', null], ['从罗湖去福田的路上被偷了', null],
  ['北环大道堵车', null], ['光明的未来在哪里', null], ['小区门口违停', null], ['滨河大道', null],
  ['人民路上有人打架', null], ['天虹商场门口', null],
];

// ------------------------------------------------------------------ run
function main() {
  const rows = fs.readFileSync(DATA, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; content: string; label: string });
  const gov: Example[] = rows.map((r) => ({ text: `${r.title}\n${r.content}`, label: r.label }));
  console.log(`router bench: ${gov.length} messages of train.jsonl, ${FOLDS}-fold stratified CV\n`);

  const r = crossValidate(gov);
  const ours = f1s(r.truth, r.pred), base = f1s(r.truth, r.base);
  const confident = r.conf.map((c, i) => [c, r.truth[i] === r.pred[i]] as const).filter(([c]) => c >= 0.8);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('| measure | router | baseline (char 1-3-gram TF-IDF + averaged perceptron) |');
  console.log('|---|---|---|');
  console.log(`| accuracy | ${pct(ours.acc)} | ${pct(base.acc)} |`);
  console.log(`| macro-F1 | ${ours.macro.toFixed(4)} | ${base.macro.toFixed(4)} |`);
  for (let i = 0; i < ours.per.length; i++) {
    console.log(`| F1 ${ours.per[i].label} (n=${ours.per[i].n}) | ${ours.per[i].f1.toFixed(3)} | ${base.per[i].f1.toFixed(3)} |`);
  }
  console.log(`| training time per fold (${Math.round(gov.length * 0.8)} letters) | ${(avg(r.trainMs) / 1000).toFixed(2)} s (incl. 3-fold calibration) | ${(avg(r.baseMs) / 1000).toFixed(2)} s |`);
  console.log(`| predict latency p50 / p95 / max | ${quantile(r.latency, 0.5).toFixed(2)} / ${quantile(r.latency, 0.95).toFixed(2)} / ${Math.max(...r.latency).toFixed(2)} ms | |`);
  console.log(`| confidence ≥ 0.8: share / accuracy | ${pct(confident.length / r.conf.length)} / ${pct(confident.filter(([, ok]) => ok).length / Math.max(1, confident.length))} | |`);

  const p = crossValidate(POLICE_SEED);
  const ps = f1s(p.truth, p.pred), pb = f1s(p.truth, p.base);
  console.log(`\npolice seed letters (${POLICE_SEED.length}, ${new Set(POLICE_SEED.map((e) => e.label)).size} categories), ${FOLDS}-fold CV`);
  console.log('| measure | router | baseline |');
  console.log('|---|---|---|');
  console.log(`| category accuracy | ${pct(ps.acc)} | ${pct(pb.acc)} |`);
  console.log(`| macro-F1 | ${ps.macro.toFixed(4)} | ${pb.macro.toFixed(4)} |`);

  let right = 0, knowable = 0, knowableRight = 0, unknown = 0, unknownRight = 0;
  const wrong: string[] = [];
  for (const [text, want] of ADDRESSES) {
    const got = districtOf(text).district;
    if (got === want) right++; else wrong.push(`${text} → ${got} (want ${want})`);
    if (want) { knowable++; if (got === want) knowableRight++; } else { unknown++; if (got === null) unknownRight++; }
  }
  console.log(`\ndistrict extraction (${ADDRESSES.length} labelled texts)`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| correct overall | ${pct(right / ADDRESSES.length)} |`);
  console.log(`| correct where a district can be told (${knowable}) | ${pct(knowableRight / knowable)} |`);
  console.log(`| "unknown" where it cannot (${unknown}) | ${pct(unknownRight / unknown)} |`);
  for (const w of wrong) console.log(`  miss: ${w}`);
}

main();
