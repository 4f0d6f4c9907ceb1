// The three rates (三率: 响应率/解决率/满意率) and the unit ranking built on them.
// Formulas and weights come from configuration so the bureau can change the
// assessment scheme without a release.

export type Counters = Record<string, number>;

export interface RateFormula {
  numerator: string[];
  denominator: string;
}

export interface RatesConfig {
  rates: Record<string, RateFormula>;
  weights: Record<string, number>;
}

export const DEFAULT_RATES_CONFIG: RatesConfig = {
  rates: {
    responseRate: { numerator: ['contacted'], denominator: 'validCallbacks' },
    resolutionRate: { numerator: ['resolved'], denominator: 'validCallbacks' },
    satisfactionRate: { numerator: ['satisfied', 'basicallySatisfied'], denominator: 'validCallbacks' },
  },
  weights: { responseRate: 0.2, resolutionRate: 0.3, satisfactionRate: 0.5 },
};

function round(x: number, places: number): number {
  // Sums like 0.2×0.9833 + … land on 88.41499999…; 12 significant digits strip
  // that float noise so the half-up rounding below sees the intended 88.415.
  x = Number(x.toPrecision(12));
  // Already in exponent form only when tiny or huge, where binary error is moot.
  if (/e/i.test(String(x))) return Math.round(x * 10 ** places) / 10 ** places;
  // Shifting via the exponent avoids 1.005 * 100 = 100.49999… rounding down.
  return Number(`${Math.round(Number(`${x}e${places}`))}e-${places}`);
}

export function computeRates(c: Counters, cfg: RatesConfig): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [name, f] of Object.entries(cfg.rates)) {
    const den = c[f.denominator] ?? 0;
    // No callbacks means "no data", which must not rank as 0%.
    if (!(den > 0)) {
      out[name] = null;
      continue;
    }
    const num = f.numerator.reduce((s, k) => s + (c[k] ?? 0), 0);
    out[name] = round(num / den, 4);
  }
  return out;
}

export function computeScore(rates: Record<string, number | null>, cfg: RatesConfig): number | null {
  let any = false;
  let sum = 0;
  for (const [name, w] of Object.entries(cfg.weights)) {
    const r = rates[name];
    if (r === null || r === undefined) continue;
    any = true;
    sum += w * r;
  }
  return any ? round(100 * sum, 2) : null;
}

export interface RankRow {
  unitCode: string;
  unitName: string;
  score: number | null;
}

const zh = new Intl.Collator('zh-CN');

export function rankUnits<T extends RankRow>(rows: T[]): (T & { rank: number | null })[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.score !== b.score) {
      if (a.score === null) return 1;
      if (b.score === null) return -1;
      return b.score - a.score;
    }
    return zh.compare(a.unitName, b.unitName) || (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0);
  });
  const out: (T & { rank: number | null })[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i];
    let rank: number | null = null;
    if (row.score !== null) {
      // Competition ranking: a tie takes the position of its first member.
      rank = i > 0 && sorted[i - 1].score === row.score ? (out[i - 1].rank as number) : i + 1;
    }
    out.push({ ...row, rank });
  }
  return out;
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateRatesConfig(input: unknown): RatesConfig | { error: string; field: string } {
  if (!isObject(input)) return { error: '三率配置必须是对象', field: '' };
  if (!isObject(input.rates)) return { error: '比率定义必须是对象', field: 'rates' };
  const names = Object.keys(input.rates);
  if (names.length === 0) return { error: '至少需要定义一个比率', field: 'rates' };
  const rates: Record<string, RateFormula> = {};
  for (const name of names) {
    const base = `rates.${name}`;
    if (!NAME_RE.test(name)) return { error: `比率名称“${name}”只能包含字母、数字和下划线，且以字母开头`, field: base };
    const f = input.rates[name];
    if (!isObject(f)) return { error: `比率“${name}”的公式必须是对象`, field: base };
    if (!Array.isArray(f.numerator) || f.numerator.length === 0) {
      return { error: `比率“${name}”的分子必须是非空的计数项数组`, field: `${base}.numerator` };
    }
    for (let i = 0; i < f.numerator.length; i++) {
      const k: unknown = f.numerator[i];
      if (typeof k !== 'string' || !NAME_RE.test(k)) {
        return { error: `比率“${name}”的分子第${i + 1}项不是有效的计数项名称`, field: `${base}.numerator[${i}]` };
      }
    }
    if (typeof f.denominator !== 'string' || !NAME_RE.test(f.denominator)) {
      return { error: `比率“${name}”的分母不是有效的计数项名称`, field: `${base}.denominator` };
    }
    rates[name] = { numerator: [...(f.numerator as string[])], denominator: f.denominator };
  }
  if (!isObject(input.weights)) return { error: '权重必须是对象', field: 'weights' };
  const weights: Record<string, number> = {};
  let total = 0;
  for (const [name, w] of Object.entries(input.weights)) {
    const field = `weights.${name}`;
    if (!(name in rates)) return { error: `权重引用了未定义的比率“${name}”`, field };
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) return { error: `比率“${name}”的权重必须是非负数`, field };
    weights[name] = w;
    total += w;
  }
  // Weights summing to 1 keep the score on the 0–100 scale used in reports.
  if (Math.abs(total - 1) > 1e-9) return { error: `权重之和必须为1（当前为${round(total, 6)}）`, field: 'weights' };
  return { rates, weights };
}
