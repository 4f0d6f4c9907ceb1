import { describe, it, expect } from 'vitest';
import { calendarFrom, formatLocalIso } from '../../src/domain/calendar.js';
import {
  DEFAULT_TIME_LIMIT_POLICY as P,
  computeDue,
  limitLevel,
  resolveLimits,
  validateTimeLimitPolicy,
  warnAtTime,
  type TimeLimitPolicy,
} from '../../src/domain/timeLimits.js';

const cal = calendarFrom([
  {
    holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    workdays: ['2026-09-20', '2026-10-10'],
  },
]);
const local = (s: string) => new Date(`${s}+08:00`);
const eve = local('2026-09-30T21:38:00'); // National Day eve

describe('DEFAULT_TIME_LIMIT_POLICY', () => {
  it('has the standard limits', () => {
    expect(P.defaults).toEqual({
      sign: { minutes: 10 },
      contact: { minutes: 30 },
      firstFeedback: { days: 4 },
      close: { workingDays: 15 },
      callback: { workingDays: 3 },
    });
    expect(P.priorityFactor).toEqual({ normal: 1, urgent: 0.5, critical: 0.25 });
    expect(P.warnAt).toBe(0.8);
    expect(P.rules).toEqual([]);
  });
});

describe('resolveLimits', () => {
  const policy: TimeLimitPolicy = {
    ...P,
    rules: [
      { match: { category: '交通管理' }, limits: { close: { workingDays: 10 }, callback: { workingDays: 2 } } },
      { match: { channel: 'hotline12345' }, limits: { sign: { minutes: 5 } } },
      { match: { category: '交通管理', channel: 'hotline12345' }, limits: { close: { workingDays: 7 } } },
      { match: { priority: 'critical' }, limits: { contact: { minutes: 15 } } },
      { limits: { firstFeedback: { days: 3 } } },
    ],
  };

  it('returns the defaults when nothing matches except catch-all rules', () => {
    expect(resolveLimits(P, { category: '户政', channel: 'web', priority: 'normal' })).toEqual(P.defaults);
    expect(resolveLimits(policy, { category: '户政', channel: 'web', priority: 'normal' })).toEqual({
      ...P.defaults,
      firstFeedback: { days: 3 },
    });
  });

  it('applies matching rules in order, later ones winning', () => {
    expect(resolveLimits(policy, { category: '交通管理', channel: 'hotline12345', priority: 'critical' })).toEqual({
      sign: { minutes: 5 },
      contact: { minutes: 15 },
      firstFeedback: { days: 3 },
      close: { workingDays: 7 },
      callback: { workingDays: 2 },
    });
    expect(resolveLimits(policy, { category: '交通管理', channel: 'web', priority: 'urgent' }).close).toEqual({
      workingDays: 10,
    });
  });

  it('does not match a category rule when the case has no category', () => {
    expect(resolveLimits(policy, { category: null, channel: 'web', priority: 'normal' }).close).toEqual({
      workingDays: 15,
    });
  });

  it('returns copies, not the policy objects', () => {
    const r = resolveLimits(P, { channel: 'web', priority: 'normal' });
    (r.sign as { minutes: number }).minutes = 99;
    expect(P.defaults.sign).toEqual({ minutes: 10 });
  });
});

describe('computeDue', () => {
  const due = (d: Parameters<typeof computeDue>[1], p: Parameters<typeof computeDue>[2]) =>
    formatLocalIso(computeDue(eve, d, p, P, cal));

  it('minutes are scaled by priority and rounded to whole seconds', () => {
    expect(due({ minutes: 10 }, 'normal')).toBe('2026-09-30T21:48:00.000+08:00');
    expect(due({ minutes: 10 }, 'urgent')).toBe('2026-09-30T21:43:00.000+08:00');
    expect(due({ minutes: 30 }, 'critical')).toBe('2026-09-30T21:45:30.000+08:00');
    expect(due({ minutes: 0.01 }, 'normal')).toBe('2026-09-30T21:38:01.000+08:00'); // 0.6 s → 1 s
  });

  it('calendar days ignore holidays', () => {
    expect(due({ days: 4 }, 'normal')).toBe('2026-10-04T21:38:00.000+08:00');
    expect(due({ days: 4 }, 'urgent')).toBe('2026-10-02T21:38:00.000+08:00');
    expect(due({ days: 4 }, 'critical')).toBe('2026-10-01T21:38:00.000+08:00');
  });

  it('working days are scaled, rounded and at least one', () => {
    expect(due({ workingDays: 15 }, 'normal')).toBe('2026-10-27T23:59:59.999+08:00');
    expect(due({ workingDays: 15 }, 'urgent')).toBe('2026-10-16T23:59:59.999+08:00'); // round(7.5) = 8
    expect(due({ workingDays: 15 }, 'critical')).toBe('2026-10-12T23:59:59.999+08:00'); // round(3.75) = 4
    expect(due({ workingDays: 3 }, 'critical')).toBe('2026-10-08T23:59:59.999+08:00'); // round(0.75) = 1
    const tiny = { ...P, priorityFactor: { normal: 1, urgent: 0.1, critical: 0.1 } };
    expect(formatLocalIso(computeDue(eve, { workingDays: 3 }, 'urgent', tiny, cal))).toBe(
      '2026-10-08T23:59:59.999+08:00', // round(0.3) = 0 → 1
    );
  });
});

describe('warnAtTime and limitLevel', () => {
  const start = local('2026-11-02T09:00:00');
  const dueAt = local('2026-11-02T09:10:00');

  it('warns at 80% of the limit', () => {
    expect(formatLocalIso(warnAtTime(start, dueAt, P))).toBe('2026-11-02T09:08:00.000+08:00');
  });

  it('grades a running limit', () => {
    const l = { startedAt: start, dueAt, doneAt: null };
    expect(limitLevel(l, local('2026-11-02T09:07:59.999'), P)).toEqual({ level: 'green', breached: false });
    expect(limitLevel(l, local('2026-11-02T09:08:00'), P)).toEqual({ level: 'yellow', breached: false });
    expect(limitLevel(l, dueAt, P)).toEqual({ level: 'yellow', breached: false });
    expect(limitLevel(l, local('2026-11-02T09:10:00.001'), P)).toEqual({ level: 'red', breached: true });
  });

  it('grades a finished limit by its completion time, not now', () => {
    const later = local('2026-12-01T00:00:00');
    expect(limitLevel({ startedAt: start, dueAt, doneAt: local('2026-11-02T09:09:00') }, later, P)).toEqual({
      level: 'green',
      breached: false,
    });
    expect(limitLevel({ startedAt: start, dueAt, doneAt: dueAt }, later, P)).toEqual({ level: 'green', breached: false });
    expect(limitLevel({ startedAt: start, dueAt, doneAt: local('2026-11-02T09:11:00') }, start, P)).toEqual({
      level: 'red',
      breached: true,
    });
  });
});

describe('validateTimeLimitPolicy', () => {
  const clone = (): Record<string, any> => JSON.parse(JSON.stringify(P));

  it('accepts the default policy and a policy with rules', () => {
    expect(validateTimeLimitPolicy(clone())).toEqual(P);
    const { rules: _omit, ...noRules } = clone();
    expect(validateTimeLimitPolicy(noRules)).toEqual(P);
    const withRule = { ...clone(), rules: [{ match: { category: '交通管理', priority: 'urgent' }, limits: { close: { workingDays: 10 } } }] };
    expect(validateTimeLimitPolicy(withRule)).toEqual(withRule);
  });

  it('names the offending field', () => {
    const cases: [(p: Record<string, any>) => void, string][] = [
      [(p) => (p.warnAt = 1), 'warnAt'],
      [(p) => (p.warnAt = 0), 'warnAt'],
      [(p) => delete p.defaults.close, 'defaults.close'],
      [(p) => (p.defaults.overtime = { minutes: 5 }), 'defaults.overtime'],
      [(p) => (p.defaults.sign = { minutes: -10 }), 'defaults.sign.minutes'],
      [(p) => (p.defaults.sign = { minutes: Infinity }), 'defaults.sign.minutes'],
      [(p) => (p.defaults.close = { workingDays: 1.5 }), 'defaults.close.workingDays'],
      [(p) => (p.defaults.close = { workingDays: 15, days: 3 }), 'defaults.close'],
      [(p) => (p.defaults.close = { weeks: 3 }), 'defaults.close.weeks'],
      [(p) => (p.priorityFactor.urgent = 0), 'priorityFactor.urgent'],
      [(p) => (p.priorityFactor.low = 2), 'priorityFactor.low'],
      [(p) => (p.rules = {}), 'rules'],
      [(p) => (p.rules = [{ match: { priority: 'asap' }, limits: {} }]), 'rules[0].match.priority'],
      [(p) => (p.rules = [{ match: { district: 'x' }, limits: {} }]), 'rules[0].match.district'],
      [(p) => (p.rules = [{ limits: {} }, { limits: { close: { days: 'ten' } } }]), 'rules[1].limits.close.days'],
      [(p) => (p.rules = [{ limits: { reply: { days: 1 } } }]), 'rules[0].limits.reply'],
    ];
    for (const [mutate, field] of cases) {
      const p = clone();
      mutate(p);
      const r = validateTimeLimitPolicy(p);
      expect(r, field).toMatchObject({ field });
      expect((r as { error: string }).error, field).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('gives a Chinese message', () => {
    expect(validateTimeLimitPolicy({ ...clone(), warnAt: 1.2 })).toEqual({
      error: '预警比例必须大于0且小于1',
      field: 'warnAt',
    });
    expect(validateTimeLimitPolicy(null)).toMatchObject({ field: '' });
  });
});
