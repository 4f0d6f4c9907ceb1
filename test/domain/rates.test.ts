import { describe, it, expect } from 'vitest';
import {
  DEFAULT_RATES_CONFIG as CFG,
  computeRates,
  computeScore,
  rankUnits,
  validateRatesConfig,
  type RatesConfig,
} from '../../src/domain/rates.js';

describe('computeRates', () => {
  it('computes the three rates over valid callbacks', () => {
    const c = { received: 130, validCallbacks: 120, contacted: 118, resolved: 100, satisfied: 90, basicallySatisfied: 15, unsatisfied: 15 };
    expect(computeRates(c, CFG)).toEqual({
      responseRate: 0.9833, // 118/120 = 0.98333…
      resolutionRate: 0.8333,
      satisfactionRate: 0.875,
    });
  });

  it('returns null, not 0, when there is no denominator', () => {
    expect(computeRates({ received: 5, validCallbacks: 0 }, CFG)).toEqual({
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
    });
    expect(computeRates({}, CFG).responseRate).toBeNull();
  });

  it('treats missing numerator counters as 0 and rounds half up', () => {
    expect(computeRates({ validCallbacks: 3, contacted: 2 }, CFG)).toEqual({
      responseRate: 0.6667,
      resolutionRate: 0,
      satisfactionRate: 0,
    });
    const cfg: RatesConfig = { rates: { r: { numerator: ['a'], denominator: 'b' } }, weights: { r: 1 } };
    expect(computeRates({ a: 1, b: 8 }, cfg)).toEqual({ r: 0.125 });
    expect(computeRates({ a: 1, b: 160000 }, cfg)).toEqual({ r: 0 }); // 0.00000625
    expect(computeRates({ a: 201, b: 400000 }, cfg)).toEqual({ r: 0.0005 }); // 0.0005025
  });

  it('uses configured formulas', () => {
    const cfg: RatesConfig = {
      rates: { closeRate: { numerator: ['closed', 'merged'], denominator: 'received' } },
      weights: { closeRate: 1 },
    };
    expect(computeRates({ closed: 7, merged: 1, received: 10 }, cfg)).toEqual({ closeRate: 0.8 });
  });
});

describe('computeScore', () => {
  it('weights the rates 0.2/0.3/0.5 on a 100 scale', () => {
    // 100 × (0.2×0.9833 + 0.3×0.8333 + 0.5×0.875) = 88.415 → 88.42
    expect(computeScore({ responseRate: 0.9833, resolutionRate: 0.8333, satisfactionRate: 0.875 }, CFG)).toBe(88.42);
    expect(computeScore({ responseRate: 1, resolutionRate: 1, satisfactionRate: 1 }, CFG)).toBe(100);
  });

  it('counts a null rate as 0 when others exist, null when all are null', () => {
    expect(computeScore({ responseRate: 1, resolutionRate: null, satisfactionRate: 0.5 }, CFG)).toBe(45);
    expect(computeScore({ responseRate: null, resolutionRate: null, satisfactionRate: null }, CFG)).toBeNull();
    expect(computeScore({}, CFG)).toBeNull();
  });
});

describe('rankUnits', () => {
  it('uses competition ranking, pinyin order within ties, nulls last', () => {
    const rows = [
      { unitCode: 'A', unitName: '朝阳分局', score: 90, extra: 1 },
      { unitCode: 'B', unitName: '海淀分局', score: 95.5, extra: 2 },
      { unitCode: 'C', unitName: '东城分局', score: 90, extra: 3 },
      { unitCode: 'D', unitName: '西城分局', score: null, extra: 4 },
      { unitCode: 'E', unitName: '丰台分局', score: 80, extra: 5 },
      { unitCode: 'F', unitName: '昌平分局', score: null, extra: 6 },
      { unitCode: 'G', unitName: '大兴分局', score: 90, extra: 7 },
    ];
    const ranked = rankUnits(rows);
    expect(ranked.map((r) => [r.unitName, r.rank])).toEqual([
      ['海淀分局', 1],
      ['朝阳分局', 2], // chao < da < dong
      ['大兴分局', 2],
      ['东城分局', 2],
      ['丰台分局', 5],
      ['昌平分局', null],
      ['西城分局', null],
    ]);
    expect(ranked[0].extra).toBe(2);
    expect(rows[0]).not.toHaveProperty('rank');
  });

  it('handles an empty list and a lone row', () => {
    expect(rankUnits([])).toEqual([]);
    expect(rankUnits([{ unitCode: 'X', unitName: '通州分局', score: 0 }])).toEqual([
      { unitCode: 'X', unitName: '通州分局', score: 0, rank: 1 },
    ]);
  });
});

describe('validateRatesConfig', () => {
  const clone = (): Record<string, any> => JSON.parse(JSON.stringify(CFG));

  it('accepts the default configuration', () => {
    expect(validateRatesConfig(clone())).toEqual(CFG);
  });

  it('names the offending field', () => {
    const cases: [(c: Record<string, any>) => void, string][] = [
      [(c) => (c.rates = {}), 'rates'],
      [(c) => (c.rates = []), 'rates'],
      [(c) => (c.rates.responseRate.numerator = []), 'rates.responseRate.numerator'],
      [(c) => (c.rates.responseRate.numerator = ['contacted', 3]), 'rates.responseRate.numerator[1]'],
      [(c) => (c.rates.responseRate.denominator = ''), 'rates.responseRate.denominator'],
      [(c) => (c.rates['响应率'] = c.rates.responseRate), 'rates.响应率'],
      [(c) => (c.weights.otherRate = 0), 'weights.otherRate'],
      [(c) => (c.weights.responseRate = -0.2), 'weights.responseRate'],
      [(c) => (c.weights.responseRate = 0.3), 'weights'],
      [(c) => delete c.weights, 'weights'],
    ];
    for (const [mutate, field] of cases) {
      const c = clone();
      mutate(c);
      const r = validateRatesConfig(c);
      expect(r, field).toMatchObject({ field });
      expect((r as { error: string }).error, field).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(validateRatesConfig('x')).toMatchObject({ field: '' });
  });

  it('reports the wrong weight sum in Chinese', () => {
    const c = clone();
    c.weights.responseRate = 0.3;
    expect(validateRatesConfig(c)).toEqual({ error: '权重之和必须为1（当前为1.1）', field: 'weights' });
  });
});
