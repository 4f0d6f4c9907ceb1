// Case time limits (时限): which limit applies to a case, when it falls due,
// and how close a running limit is to breach.

import { addWorkingDays, type HolidayCalendar } from './calendar.js';

export type LimitKind = 'sign' | 'contact' | 'firstFeedback' | 'close' | 'callback';
export type Priority = 'normal' | 'urgent' | 'critical';
export type Duration = { minutes: number } | { days: number } | { workingDays: number };

export interface LimitRule {
  match?: { category?: string; channel?: string; priority?: Priority };
  limits: Partial<Record<LimitKind, Duration>>;
}

export interface TimeLimitPolicy {
  defaults: Record<LimitKind, Duration>;
  priorityFactor: Record<Priority, number>;
  rules: LimitRule[];
  warnAt: number;
}

export const LIMIT_KINDS: readonly LimitKind[] = ['sign', 'contact', 'firstFeedback', 'close', 'callback'];
export const PRIORITIES: readonly Priority[] = ['normal', 'urgent', 'critical'];

const KIND_ZH: Record<LimitKind, string> = {
  sign: '签收',
  contact: '联系来信人',
  firstFeedback: '首次反馈',
  close: '办结',
  callback: '回访',
};
const PRIORITY_ZH: Record<Priority, string> = { normal: '一般', urgent: '紧急', critical: '特急' };

export const DEFAULT_TIME_LIMIT_POLICY: TimeLimitPolicy = {
  defaults: {
    sign: { minutes: 10 },
    contact: { minutes: 30 },
    firstFeedback: { days: 4 },
    close: { workingDays: 15 },
    callback: { workingDays: 3 },
  },
  priorityFactor: { normal: 1, urgent: 0.5, critical: 0.25 },
  rules: [],
  warnAt: 0.8,
};

function copyDuration(d: Duration): Duration {
  return { ...d } as Duration;
}

export function resolveLimits(
  policy: TimeLimitPolicy,
  c: { category?: string | null; channel: string; priority: Priority },
): Record<LimitKind, Duration> {
  const out = {} as Record<LimitKind, Duration>;
  for (const k of LIMIT_KINDS) out[k] = copyDuration(policy.defaults[k]);
  for (const rule of policy.rules) {
    const m = rule.match ?? {};
    const applies =
      (m.category === undefined || m.category === c.category) &&
      (m.channel === undefined || m.channel === c.channel) &&
      (m.priority === undefined || m.priority === c.priority);
    if (!applies) continue;
    for (const k of LIMIT_KINDS) {
      const d = rule.limits[k];
      if (d) out[k] = copyDuration(d);
    }
  }
  return out;
}

export function computeDue(
  start: Date,
  d: Duration,
  priority: Priority,
  policy: TimeLimitPolicy,
  cal: HolidayCalendar,
): Date {
  const factor = policy.priorityFactor[priority];
  if ('minutes' in d) {
    return new Date(start.getTime() + Math.round(d.minutes * factor * 60) * 1000);
  }
  if ('days' in d) {
    return new Date(start.getTime() + Math.round(d.days * factor * 86_400) * 1000);
  }
  // Working days must stay whole, and an urgent case still gets at least one.
  const n = factor === 1 ? d.workingDays : Math.max(1, Math.round(d.workingDays * factor));
  return addWorkingDays(start, n, cal);
}

export function warnAtTime(start: Date, due: Date, policy: TimeLimitPolicy): Date {
  return new Date(start.getTime() + Math.round(policy.warnAt * (due.getTime() - start.getTime())));
}

export type Level = 'green' | 'yellow' | 'red';

export function limitLevel(
  l: { startedAt: Date; dueAt: Date; doneAt: Date | null },
  now: Date,
  policy: TimeLimitPolicy,
): { level: Level; breached: boolean } {
  if (l.doneAt) {
    // A finished limit is judged by when it was done, not by today.
    const breached = l.doneAt.getTime() > l.dueAt.getTime();
    return { level: breached ? 'red' : 'green', breached };
  }
  if (now.getTime() > l.dueAt.getTime()) return { level: 'red', breached: true };
  if (now.getTime() >= warnAtTime(l.startedAt, l.dueAt, policy).getTime()) {
    return { level: 'yellow', breached: false };
  }
  return { level: 'green', breached: false };
}

type Invalid = { error: string; field: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositive(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

function validateDuration(v: unknown, field: string, label: string): Duration | Invalid {
  if (!isObject(v)) return { error: `${label}时限必须是对象`, field };
  const keys = Object.keys(v);
  if (keys.length !== 1) {
    return { error: `${label}时限必须且只能指定minutes、days、workingDays之一`, field };
  }
  const unit = keys[0];
  const n = v[unit];
  const f = `${field}.${unit}`;
  if (unit === 'minutes' || unit === 'days') {
    if (!isPositive(n)) return { error: `${label}时限必须是正数`, field: f };
    return unit === 'minutes' ? { minutes: n } : { days: n };
  }
  if (unit === 'workingDays') {
    // addWorkingDays only counts whole days.
    if (!isPositive(n) || !Number.isInteger(n)) return { error: `${label}时限的工作日数必须是正整数`, field: f };
    return { workingDays: n };
  }
  return { error: `未知的时限单位“${unit}”`, field: f };
}

function isInvalid(v: unknown): v is Invalid {
  return isObject(v) && typeof v.error === 'string' && typeof v.field === 'string';
}

export function validateTimeLimitPolicy(input: unknown): TimeLimitPolicy | Invalid {
  if (!isObject(input)) return { error: '时限配置必须是对象', field: '' };

  if (!isObject(input.defaults)) return { error: '默认时限必须是对象', field: 'defaults' };
  const defaults = {} as Record<LimitKind, Duration>;
  for (const key of Object.keys(input.defaults)) {
    if (!LIMIT_KINDS.includes(key as LimitKind)) return { error: `未知的时限类型“${key}”`, field: `defaults.${key}` };
  }
  for (const k of LIMIT_KINDS) {
    if (input.defaults[k] === undefined) return { error: `缺少${KIND_ZH[k]}的默认时限`, field: `defaults.${k}` };
    const d = validateDuration(input.defaults[k], `defaults.${k}`, KIND_ZH[k]);
    if (isInvalid(d)) return d;
    defaults[k] = d;
  }

  if (!isObject(input.priorityFactor)) return { error: '优先级系数必须是对象', field: 'priorityFactor' };
  const priorityFactor = {} as Record<Priority, number>;
  for (const key of Object.keys(input.priorityFactor)) {
    if (!PRIORITIES.includes(key as Priority)) return { error: `未知的优先级“${key}”`, field: `priorityFactor.${key}` };
  }
  for (const p of PRIORITIES) {
    const f = input.priorityFactor[p];
    if (!isPositive(f)) return { error: `“${PRIORITY_ZH[p]}”的时限系数必须是正数`, field: `priorityFactor.${p}` };
    priorityFactor[p] = f;
  }

  const rawRules = input.rules ?? [];
  if (!Array.isArray(rawRules)) return { error: '时限规则必须是数组', field: 'rules' };
  const rules: LimitRule[] = [];
  for (let i = 0; i < rawRules.length; i++) {
    const r: unknown = rawRules[i];
    const base = `rules[${i}]`;
    if (!isObject(r)) return { error: `第${i + 1}条时限规则必须是对象`, field: base };
    const rule: LimitRule = { limits: {} };
    if (r.match !== undefined) {
      if (!isObject(r.match)) return { error: '匹配条件必须是对象', field: `${base}.match` };
      const match: NonNullable<LimitRule['match']> = {};
      for (const [key, v] of Object.entries(r.match)) {
        const f = `${base}.match.${key}`;
        if (key === 'category' || key === 'channel') {
          if (typeof v !== 'string' || v.trim() === '') return { error: '匹配值必须是非空字符串', field: f };
          match[key] = v;
        } else if (key === 'priority') {
          if (!PRIORITIES.includes(v as Priority)) return { error: `未知的优先级“${String(v)}”`, field: f };
          match.priority = v as Priority;
        } else {
          return { error: `未知的匹配条件“${key}”`, field: f };
        }
      }
      rule.match = match;
    }
    if (!isObject(r.limits)) return { error: '规则时限必须是对象', field: `${base}.limits` };
    for (const [key, v] of Object.entries(r.limits)) {
      const f = `${base}.limits.${key}`;
      if (!LIMIT_KINDS.includes(key as LimitKind)) return { error: `未知的时限类型“${key}”`, field: f };
      const d = validateDuration(v, f, KIND_ZH[key as LimitKind]);
      if (isInvalid(d)) return d;
      rule.limits[key as LimitKind] = d;
    }
    rules.push(rule);
  }

  const w = input.warnAt;
  if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0 || w >= 1) {
    return { error: '预警比例必须大于0且小于1', field: 'warnAt' };
  }
  return { defaults, priorityFactor, rules, warnAt: w };
}
