import { describe, it, expect } from 'vitest';
import { detectAlerts, logUpperTail, type AlertSeries } from '../../src/domain/alerts.js';
import { rng } from '../../bench/hotspots.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Monday, midnight in China: the 7-day window is the week just ended.
const now = new Date('2026-03-30T00:00:00+08:00');

// City rhythm: busy afternoons, quiet nights; weekdays busier than weekends.
const HOUR_SHAPE = Array.from({ length: 24 }, (_, h) => 0.25 + Math.exp(-((h - 14) ** 2) / 24));
const WEEKDAY_SHAPE = [1.2, 1.1, 1.1, 1.1, 1.0, 0.7, 0.6]; // Monday first

function poisson(r: () => number, lambda: number): number {
  let x = 0;
  for (let p = Math.exp(-lambda), u = r(); u > p; x++) u *= r();
  return x;
}

/**
 * Hourly Poisson events over historyDays + days before `now`, rate per week `perWeek`, shaped by
 * weekday and hour; `boost(hourIndex)` multiplies the rate (1 = no change).
 */
function series(
  r: () => number,
  perWeek: number,
  key: AlertSeries['key'],
  boost: (t: number) => number = () => 1,
  shape: { hour: number[]; weekday: number[] } = { hour: HOUR_SHAPE, weekday: WEEKDAY_SHAPE },
  totalDays = 97,
): AlertSeries {
  const hourMean = shape.hour.reduce((a, b) => a + b, 0) / 24;
  const wdMean = shape.weekday.reduce((a, b) => a + b, 0) / 7;
  const events: Date[] = [];
  for (let h = 0; h < totalDays * 24; h++) {
    const t = now.getTime() - (totalDays * 24 - h) * HOUR;
    const cst = new Date(t + 8 * HOUR);
    const wd = (cst.getUTCDay() + 6) % 7;
    const lambda = (perWeek / 168) * (shape.hour[cst.getUTCHours()] / hourMean) * (shape.weekday[wd] / wdMean) * boost(t);
    const n = poisson(r, lambda);
    for (let i = 0; i < n; i++) events.push(new Date(t + r() * HOUR));
  }
  return { key, events };
}

describe('detectAlerts', () => {
  it('flags a 4× rise in the last week with ratio ≈ 4, and stays silent on 99 noise keys (several seeds)', () => {
    let falseAlarms = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = rng(seed);
      const all: AlertSeries[] = [];
      // The rising key: 40 a week, 4× from the last 7 days.
      all.push(series(r, 40, { district: '龙岗区', category: 'noise' }, (t) => (t >= now.getTime() - 7 * DAY ? 4 : 1)));
      for (let k = 0; k < 99; k++) {
        const perWeek = 0.5 + 40 * r() ** 2; // mostly small keys, a few busy ones
        all.push(series(r, perWeek, { district: `D${k % 11}`, category: `C${Math.floor(k / 11)}` }));
      }
      const alerts = detectAlerts(all, { now });
      const hit = alerts.find((a) => a.district === '龙岗区' && a.category === 'noise');
      expect(hit, `seed ${seed}`).toBeDefined();
      expect(hit!.ratio).toBeGreaterThan(3.2);
      expect(hit!.ratio).toBeLessThan(5);
      expect(hit!.evidence.pValue).toBeLessThan(1e-6);
      expect(hit!.current).toBeGreaterThanOrEqual(5);
      expect(alerts[0]).toBe(hit); // strongest first
      falseAlarms += alerts.length - 1;
    }
    expect(falseAlarms).toBeLessThanOrEqual(1);
  });

  it('gives the evidence: expected, profiles (mean 1), weekly history, a since inside the window', () => {
    const r = rng(42);
    const rising = series(r, 14, { district: '福田区', category: 'public_order', hotspotId: 'hs-1007' }, (t) =>
      t >= now.getTime() - 3 * DAY ? 6 : 1,
    );
    const others = Array.from({ length: 20 }, (_, k) => series(r, 10, { district: `D${k}`, category: 'x' }));
    const [a] = detectAlerts([rising, ...others], { now });
    expect(a.hotspotId).toBe('hs-1007');
    expect(a.id).toMatch(/^alert:hotspot:hs-1007:\d{4}-\d{2}-\d{2}$/);
    expect(a.evidence.weekdayProfile).toHaveLength(7);
    expect(a.evidence.hourProfile).toHaveLength(24);
    const mean = a.evidence.hourProfile.reduce((s, x) => s + x, 0) / 24;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(1.1);
    // Afternoons are busier than nights in the learnt profile.
    expect(a.evidence.hourProfile[14]).toBeGreaterThan(a.evidence.hourProfile[3] * 2);
    expect(a.evidence.history.length).toBeGreaterThanOrEqual(14);
    expect(a.evidence.history.every((w) => /^\d{4}-\d{2}-\d{2}$/.test(w.weekStart))).toBe(true);
    expect(a.evidence.history.reduce((s, w) => s + w.count, 0)).toBe(
      rising.events.filter((e) => e.getTime() >= now.getTime() - 97 * DAY && e.getTime() < now.getTime()).length,
    );
    expect(a.baseline).toBeGreaterThan(10);
    expect(a.baseline).toBeLessThan(18);
    // The rise began three days ago: since points there, not at the window start.
    expect(a.since.getTime()).toBeGreaterThanOrEqual(now.getTime() - 4 * DAY);
    expect(a.since.getTime()).toBeLessThan(now.getTime());
  });

  it('does not alert on a rise that only fills a normally busy weekend', () => {
    // A key busy at weekends (炸街 on Saturday nights): its weekend count is 3× a flat average day.
    const weekendShape = { hour: HOUR_SHAPE, weekday: [0.4, 0.4, 0.4, 0.5, 0.8, 2.5, 2.0] };
    const r = rng(7);
    const key = { district: '福田区', category: 'racing' };
    const s = series(r, 35, key, () => 1, weekendShape, 92);
    const saturday = new Date('2026-03-28T00:00:00+08:00');
    const weekendEnd = new Date(saturday.getTime() + 2 * DAY);
    const others = Array.from({ length: 30 }, (_, k) => series(rng(100 + k), 10, { district: `D${k}`, category: 'x' }, () => 1, undefined, 92));
    const events = s.events.filter((e) => e.getTime() < weekendEnd.getTime());
    const alerts = detectAlerts([{ key, events }, ...others], { now: weekendEnd, days: 2 });
    const current = events.filter((e) => e.getTime() >= saturday.getTime()).length;
    const flat = ((events.length - current) / 90) * 2;
    expect(current / flat).toBeGreaterThan(2); // a seasonality-blind baseline would cry wolf here
    expect(alerts.find((a) => a.category === 'racing')).toBeUndefined();
    // The same count on a quiet Tuesday–Wednesday is an alert.
    const tuesday = new Date('2026-03-24T00:00:00+08:00');
    const shifted = events
      .filter((e) => e.getTime() < tuesday.getTime())
      .concat(events.filter((e) => e.getTime() >= saturday.getTime()).map((e) => new Date(e.getTime() - 4 * DAY)));
    const quiet = detectAlerts([{ key, events: shifted }, ...others], { now: new Date(tuesday.getTime() + 2 * DAY), days: 2 });
    expect(quiet.find((a) => a.category === 'racing')).toBeDefined();
  });

  it('does not alert on a rise that only fills a normally busy hour (a 6-hour night window)', () => {
    const nightShape = { hour: Array.from({ length: 24 }, (_, h) => (h >= 20 || h < 2 ? 3 : 0.5)), weekday: [1, 1, 1, 1, 1, 1, 1] };
    const key = { district: '南山区', category: 'bar_noise' };
    const s = series(rng(9), 30, key, () => 1, nightShape);
    const others = Array.from({ length: 30 }, (_, k) => series(rng(200 + k), 10, { district: `D${k}`, category: 'x' }));
    const at2am = new Date('2026-03-29T02:00:00+08:00');
    const events = s.events.filter((e) => e.getTime() < at2am.getTime());
    const alerts = detectAlerts([{ key, events }, ...others], { now: at2am, days: 0.25, minCount: 3 });
    const current = events.filter((e) => e.getTime() >= at2am.getTime() - 6 * HOUR).length;
    expect(current).toBeGreaterThanOrEqual(3);
    expect(alerts.find((a) => a.category === 'bar_noise')).toBeUndefined();
    // Twice that count in the quiet morning hours of the same day is an alert.
    const at2pm = new Date(at2am.getTime() + 12 * HOUR);
    const morning = events.concat(
      events.filter((e) => e.getTime() >= at2am.getTime() - 6 * HOUR).flatMap((e) => [new Date(e.getTime() + 12 * HOUR), new Date(e.getTime() + 12 * HOUR + 60_000)]),
    );
    const day = detectAlerts([{ key, events: morning }, ...others], { now: at2pm, days: 0.25, minCount: 3 });
    expect(day.find((a) => a.category === 'bar_noise')).toBeDefined();
  });

  it('requires the minimum count and ratio', () => {
    const r = rng(3);
    // A key with no history and 4 letters this week: p is tiny, but 4 < minCount.
    const fresh = { key: { district: '罗湖区', category: 'new' }, events: [1, 2, 3, 4].map((d) => new Date(now.getTime() - d * DAY)) };
    // A busy key up 50%: significant, but not a wave.
    const busy = series(r, 300, { district: '宝安区', category: 'busy' }, (t) => (t >= now.getTime() - 7 * DAY ? 1.5 : 1));
    const alerts = detectAlerts([fresh, busy], { now });
    expect(alerts).toEqual([]);
    // With one more letter the fresh key alerts: nothing in 90 days, then 5 in a week.
    fresh.events.push(new Date(now.getTime() - 5 * DAY));
    expect(detectAlerts([fresh, busy], { now }).map((a) => a.category)).toEqual(['new']);
    expect(detectAlerts([fresh, busy], { now, minRatio: 1.3 }).map((a) => a.category).sort()).toEqual(['busy', 'new']);
  });

  it('computes Poisson and negative-binomial tails', () => {
    // P(X ≥ 5 | μ = 1) = 1 − Σ_{k<5} e^-1/k! ≈ 0.00366
    expect(Math.exp(logUpperTail(5, 1))).toBeCloseTo(0.003660, 5);
    expect(Math.exp(logUpperTail(0, 3))).toBe(1);
    // Overdispersion widens the tail.
    expect(logUpperTail(20, 8, 2)).toBeGreaterThan(logUpperTail(20, 8, 1));
    // Far tails stay ordered instead of underflowing to the same 0.
    expect(logUpperTail(400, 10)).toBeLessThan(logUpperTail(300, 10));
  });
});
