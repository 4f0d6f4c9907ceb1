// Early warning (未诉先办): flag a district × category (or a hot issue) whose letters in the current
// window are far above what its own history, with its weekday and hour-of-day rhythm, predicts.
//
// Model: counts per hour are Poisson (or negative binomial when the key's history is burstier than
// Poisson) with rate = level × weekday factor × hour factor, in China time (+08:00, no DST).
// - Factors come from the key's own history, shrunk towards the city-wide (all series pooled)
//   profile by pseudo-counts, so a key with 30 letters does not get a "Tuesday effect" from noise.
// - The level is fitted so the model reproduces the key's history count exactly; the expectation
//   for the window is then Σ over its hours of level × factors. A window that covers whole weeks
//   is unaffected by the factors; shorter windows (a weekend, a night) are where they matter.
//
// Thresholds, and why: the job runs daily over a few hundred keys (≈13 districts × ≈20 categories,
// plus hot issues), so the per-key bar must be high: p < 0.001 alone would let pure noise raise
// ~0.3 alerts a day. Two more conditions must hold: at least minCount (5) letters — "3 instead of 1"
// is not a trend a center can act on — and at least minRatio (2) × expected — in a big district
// 230 instead of 200 is significant but is a busy week, not a wave. Measured on synthetic seasonal
// Poisson noise (bench/tests): ~1 false alarm per 3,000 key-runs, i.e. about one a fortnight for
// 200 keys, while a 4× weekly rise is caught every time on keys with ≥ 10 letters a week and 4 times
// in 5 at 5 a week. Overdispersion (windows varying more than Poisson) and the uncertainty of the
// estimated baseline both widen the tail instead of crying wolf.

export interface AlertKey {
  district: string | null;
  category: string | null;
  hotspotId?: string;
}

export interface AlertSeries {
  key: AlertKey;
  events: Date[];
}

export interface AlertOptions {
  now: Date;
  /** Current window in days (default 7); may be fractional, e.g. 0.25 for the last six hours. */
  days?: number;
  /** History before the window, in days (default 90). */
  historyDays?: number;
  /** Fewest letters in the window to alert (default 5). */
  minCount?: number;
  /** Smallest current ÷ expected to alert (default 2). */
  minRatio?: number;
  /** Largest upper-tail probability to alert (default 0.001). */
  maxPValue?: number;
}

export interface Alert {
  id: string;
  district: string | null;
  category: string | null;
  hotspotId?: string;
  /** Letters in the current window. */
  current: number;
  /** The key's plain average for a window of this length over its history (no seasonality). */
  baseline: number;
  /** current ÷ evidence.expected (the seasonal expectation). */
  ratio: number;
  /** The first letter of the rise (change point of the daily excess within the window). */
  since: Date;
  evidence: {
    expected: number;
    pValue: number;
    /** Weekday factors, Monday first (1 = average). */
    weekdayProfile: number[];
    /** Hour-of-day factors, 00:00 first, China time (1 = average). */
    hourProfile: number[];
    /** Letters per Monday-started China week, history and current window. */
    history: { weekStart: string; count: number }[];
    /** Variance ÷ mean of the key's history counts per window (1 = Poisson). */
    dispersion: number;
  };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CST = 8 * HOUR;
// Pseudo-letters drawn from the city profile: 4 per weekday, 2 per hour. A key with a few hundred
// letters speaks for itself; one with twenty mostly inherits the city's rhythm.
const K_WEEKDAY = 28;
const K_HOUR = 48;
// Half a letter of prior history: a key with none still gets a finite, small expectation.
const PRIOR_COUNT = 0.5;

/** Monday-first weekday (0 = Monday) and hour of a time in China. */
function slotOf(ms: number): number {
  const t = ms + CST;
  const day = Math.floor(t / DAY);
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3 when Monday is 0)
  const hour = Math.floor((t - day * DAY) / HOUR);
  return weekday * 24 + hour;
}

/** Hours of each (weekday, hour) slot covered by [from, to). */
function exposure(from: number, to: number): Float64Array {
  const e = new Float64Array(168);
  let t = from;
  while (t < to) {
    const next = Math.min(to, (Math.floor((t + CST) / HOUR) + 1) * HOUR - CST);
    e[slotOf(t)] += (next - t) / HOUR;
    t = next;
  }
  return e;
}

function chinaDate(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 10);
}

/** Start (UTC ms) of the China day holding ms. */
function chinaDayStart(ms: number): number {
  return Math.floor((ms + CST) / DAY) * DAY - CST;
}

// Lanczos approximation (g = 7), enough for tail probabilities.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln P(X ≥ x) for X with mean mu: Poisson when dispersion ≤ 1, else negative binomial with
 * variance dispersion × mu. Summed upwards from x in log space, so tiny tails keep their order.
 */
export function logUpperTail(x: number, mu: number, dispersion = 1): number {
  if (x <= 0) return 0;
  if (mu <= 0) return -Infinity;
  let logTerm: number;
  let ratio: (k: number) => number;
  if (dispersion <= 1 + 1e-9) {
    logTerm = x * Math.log(mu) - mu - logGamma(x + 1);
    ratio = (k) => mu / (k + 1);
  } else {
    const p = 1 / dispersion;
    const r = mu / (dispersion - 1);
    logTerm = logGamma(x + r) - logGamma(r) - logGamma(x + 1) + r * Math.log(p) + x * Math.log1p(-p);
    ratio = (k) => ((k + r) / (k + 1)) * (1 - p);
  }
  let sum = 1;
  let term = 1;
  for (let k = x; k < x + 1e6; k++) {
    term *= ratio(k);
    sum += term;
    if (term < sum * 1e-15 && ratio(k) < 1) break;
  }
  return Math.min(0, logTerm + Math.log(sum));
}

interface Profile {
  weekday: number[]; // factor per weekday, exposure-weighted mean 1
  hour: number[];
}

/** Shrunk weekday and hour factors from counts per slot, towards the city's shares. */
function profileOf(counts: Float64Array, n: number, city: { wd: number[]; hr: number[] }, exp: Float64Array): Profile {
  const wdExp = new Array(7).fill(0);
  const hrExp = new Array(24).fill(0);
  const wd = new Array(7).fill(0);
  const hr = new Array(24).fill(0);
  let total = 0;
  for (let s = 0; s < 168; s++) {
    wdExp[Math.floor(s / 24)] += exp[s];
    hrExp[s % 24] += exp[s];
    wd[Math.floor(s / 24)] += counts[s];
    hr[s % 24] += counts[s];
    total += exp[s];
  }
  const factor = (c: number[], share: number[], e: number[], k: number) =>
    c.map((ci, i) => (e[i] > 0 ? ((ci + k * share[i]) / (n + k)) / (e[i] / total) : 1));
  return { weekday: factor(wd, city.wd, wdExp, K_WEEKDAY), hour: factor(hr, city.hr, hrExp, K_HOUR) };
}

function seasonalMass(exp: Float64Array, p: Profile): number {
  let m = 0;
  for (let s = 0; s < 168; s++) if (exp[s]) m += exp[s] * p.weekday[Math.floor(s / 24)] * p.hour[s % 24];
  return m;
}

/** What an alert is about, stable from day to day: "district/category" ('*' for unknown) or "hotspot:<id>". */
export function alertKey(k: AlertKey): string {
  return k.hotspotId ? `hotspot:${k.hotspotId}` : `${k.district ?? '*'}/${k.category ?? '*'}`;
}

export function detectAlerts(series: AlertSeries[], opts: AlertOptions): Alert[] {
  const now = opts.now.getTime();
  const days = opts.days ?? 7;
  const historyDays = opts.historyDays ?? 90;
  const minCount = opts.minCount ?? 5;
  const minRatio = opts.minRatio ?? 2;
  const maxLogP = Math.log(opts.maxPValue ?? 0.001);
  const winStart = now - days * DAY;
  const histStart = winStart - historyDays * DAY;
  const expHist = exposure(histStart, winStart);
  const expWin = exposure(winStart, now);
  const totalExp = expHist.reduce((a, b) => a + b, 0);

  // Per key: history counts per slot, and the window's events.
  const perKey = series.map((s) => {
    const slots = new Float64Array(168);
    let n = 0;
    const win: number[] = [];
    const hist: number[] = [];
    for (const d of s.events) {
      const t = d.getTime();
      if (t >= histStart && t < winStart) {
        slots[slotOf(t)]++;
        n++;
        hist.push(t);
      } else if (t >= winStart && t < now) win.push(t);
    }
    return { s, slots, n, win: win.sort((a, b) => a - b), hist };
  });

  // The city-wide rhythm, as each weekday's and hour's share of all history letters (or of the
  // exposure when there are none), is what thin keys are shrunk towards.
  const cityWd = new Array(7).fill(0);
  const cityHr = new Array(24).fill(0);
  let cityN = 0;
  for (const k of perKey) {
    for (let s = 0; s < 168; s++) {
      cityWd[Math.floor(s / 24)] += k.slots[s];
      cityHr[s % 24] += k.slots[s];
    }
    cityN += k.n;
  }
  const city = cityN
    ? { wd: cityWd.map((c) => c / cityN), hr: cityHr.map((c) => c / cityN) }
    : {
        wd: cityWd.map((_, i) => expHist.slice(i * 24, i * 24 + 24).reduce((a, b) => a + b, 0) / totalExp),
        hr: cityHr.map((_, h) => expHist.reduce((a, e, s) => a + (s % 24 === h ? e : 0), 0) / totalExp),
      };

  const alerts: (Alert & { logP: number })[] = [];
  for (const k of perKey) {
    const current = k.win.length;
    if (current < minCount) continue;
    const profile = profileOf(k.slots, k.n, city, expHist);
    const histMass = seasonalMass(expHist, profile);
    const level = (k.n + PRIOR_COUNT) / histMass;
    const expected = level * seasonalMass(expWin, profile);
    const ratio = current / expected;
    if (ratio < minRatio) continue;
    const dispersion = dispersionOf(k.hist, k.n, histStart, winStart, days, level, profile);
    // The expectation is itself estimated from n history letters; the Gamma–Poisson predictive adds
    // expected²/n to the variance, so a thin history does not make an ordinary week look unusual.
    const logP = logUpperTail(current, expected, dispersion + expected / (k.n + PRIOR_COUNT));
    if (logP >= maxLogP) continue;
    const since = changePoint(k.win, winStart, now, level, profile, (1 + ratio) / 2);
    const hist = weekly(k.hist.concat(k.win), histStart, now);
    alerts.push({
      id: `alert:${alertKey(k.s.key)}:${chinaDate(since)}`,
      district: k.s.key.district,
      category: k.s.key.category,
      ...(k.s.key.hotspotId !== undefined ? { hotspotId: k.s.key.hotspotId } : {}),
      current,
      baseline: round((k.n * days) / historyDays, 3),
      ratio: round(ratio, 3),
      since: new Date(since),
      evidence: {
        expected: round(expected, 3),
        pValue: Math.exp(logP),
        weekdayProfile: profile.weekday.map((x) => round(x, 3)),
        hourProfile: profile.hour.map((x) => round(x, 3)),
        history: hist,
        dispersion: round(dispersion, 3),
      },
      logP,
    });
  }
  alerts.sort((a, b) => a.logP - b.logP || b.ratio - a.ratio || (a.id < b.id ? -1 : 1));
  return alerts.map(({ logP: _logP, ...a }) => a);
}

function round(x: number, places: number): number {
  return Number(x.toFixed(places));
}

/**
 * Pearson dispersion of the key's history cut into windows of the current window's length, each
 * against its own seasonal expectation. Only trusted with 20+ letters and 6+ windows; shrunk
 * towards 1 by 10 pseudo-windows and capped at 4, so one odd week neither silences nor unleashes.
 */
function dispersionOf(
  hist: number[],
  n: number,
  from: number,
  to: number,
  days: number,
  level: number,
  profile: Profile,
): number {
  const bins = Math.floor((to - from) / (days * DAY));
  if (n < 20 || bins < 6) return 1;
  const counts = new Array(bins).fill(0);
  for (const t of hist) {
    const b = Math.floor((to - t) / (days * DAY));
    if (b < bins) counts[b]++;
  }
  let chi = 0;
  for (let b = 0; b < bins; b++) {
    const e = level * seasonalMass(exposure(to - (b + 1) * days * DAY, to - b * days * DAY), profile);
    if (e > 0) chi += (counts[b] - e) ** 2 / e;
  }
  const raw = chi / (bins - 1);
  const shrunk = (raw * (bins - 1) + 10) / (bins - 1 + 10);
  return Math.min(4, Math.max(1, shrunk));
}

/**
 * Start of the rise (CUSUM): the China day boundary after which observed − k × expected accumulates
 * most, with k halfway between "as usual" (1) and the window's ratio — days before a step rise fall
 * below k, days after it rise above, and a rise spanning the whole window starts at the window.
 */
function changePoint(win: number[], from: number, to: number, level: number, profile: Profile, k: number): number {
  const edges = [from];
  for (let d = chinaDayStart(from) + DAY; d < to; d += DAY) edges.push(d);
  let cum = 0;
  let best = 0;
  let bestAt = from;
  let i = 0;
  for (let b = 0; b < edges.length; b++) {
    const end = b + 1 < edges.length ? edges[b + 1] : to;
    if (cum < best) {
      best = cum;
      bestAt = edges[b];
    }
    let obs = 0;
    while (i < win.length && win[i] < end) {
      obs++;
      i++;
    }
    cum += obs - k * level * seasonalMass(exposure(edges[b], end), profile);
  }
  return win.find((t) => t >= bestAt) ?? bestAt;
}

/** Letters per Monday-started China week from the week holding `from` to `to`. */
function weekly(times: number[], from: number, to: number): { weekStart: string; count: number }[] {
  const startDay = chinaDayStart(from);
  const weekday = Math.floor(slotOf(startDay) / 24);
  const first = startDay - weekday * DAY;
  const weeks = Math.ceil((to - first) / (7 * DAY));
  const counts = new Array(weeks).fill(0);
  for (const t of times) {
    const w = Math.floor((t - first) / (7 * DAY));
    if (w >= 0 && w < weeks) counts[w]++;
  }
  return counts.map((count, w) => ({ weekStart: chinaDate(first + w * 7 * DAY), count }));
}
