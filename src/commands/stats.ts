// The figures: received, solved, thanks, the three rates and the share of limits met —
// counted from the rollups kept in step with the cases (commands/figures.ts, migration 007),
// turned into rates by the configured formulas (domain/rates.ts).
import type { Deps } from './deps.js';
import type { Queryable } from '../store/db.js';
import { computeRates, computeScore, rankUnits, type Counters } from '../domain/rates.js';
import { badRequest } from '../http/errors.js';
import { countersBy, limitShares, type Key } from './figures.js';
import { INSTANT_RANGE_MESSAGE, isReasonableInstant, isReasonableYear } from '../domain/instants.js';

function parseInstant(field: string, v: string | undefined, fallback: Date): Date {
  if (v === undefined || v === '') return fallback;
  // A bare date is a local (+08:00) day.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v);
  if (Number.isNaN(d.getTime())) throw badRequest(field, `“${v}”不是有效的日期或时间`);
  // Year 1 or 275760 parsed fine here but broke the store's queries (a 500): see domain/instants.ts.
  if (!isReasonableInstant(d)) throw badRequest(field, `“${v}”${INSTANT_RANGE_MESSAGE}`);
  return d;
}

const ratio = (num: number, den: number) => (den ? Math.round((num / den) * 10000) / 10000 : null);

async function slaShares(db: Queryable, from: Date, to: Date, unit: string | null, now: Date, useRollup?: boolean) {
  const out: Record<string, number | null> = { sign: null, contact: null, firstFeedback: null, close: null, callback: null };
  for (const row of await limitShares(db, { from, to, unit, useRollup, now })) out[row.kind] = ratio(row.met, row.counted);
  return out;
}

const ALL: Key = { rollup: "''", cases: "''", daily: true };

/** Unit staff see their own unit's figures; the center sees the city's, or one unit's with `unit`. */
/** `useRollup: false` counts every case row instead: the same figures the slow way, for checking the rollups. */
export async function overview(deps: Deps, q: { from?: string; to?: string; unit?: string }, useRollup?: boolean) {
  const now = deps.clock.now();
  const from = parseInstant('from', q.from, new Date(0));
  const to = parseInstant('to', q.to, new Date(now.getTime() + 1));
  if (to <= from) throw badRequest('to', '结束时间须晚于开始时间');
  const catalog = await deps.catalog.get();
  if (q.unit && !catalog.units.has(q.unit)) throw badRequest('unit', `单位“${q.unit}”不存在`);
  const unit = q.unit ?? null;
  const c: Counters = (await countersBy(deps.store, { from, to, unit, useRollup, now }, ALL))[0] ?? { received: 0, solved: 0, validCallbacks: 0, returned: 0, reopened: 0 };
  const thanks = (await deps.store.query<{ n: number }>(
    `SELECT count(*) AS n FROM thanks t JOIN cases c ON c.id = t.case_id
      WHERE t.created_at >= $1 AND t.created_at < $2 AND ($3::text IS NULL OR c.unit_code = $3)`, [from, to, unit])).rows[0].n;
  const rates = computeRates(c, catalog.rates);
  return {
    from: from.toISOString(), to: to.toISOString(),
    received: c.received, solved: c.solved, thanks,
    responseRate: rates.responseRate ?? null,
    resolutionRate: rates.resolutionRate ?? null,
    satisfactionRate: rates.satisfactionRate ?? null,
    returnRate: ratio(c.returned, c.received),
    redoRate: ratio(c.reopened, c.received),
    validCallbacks: c.validCallbacks,
    unit,
    sla: await slaShares(deps.store, from, to, unit, now, useRollup),
  };
}

export async function unitRanking(deps: Deps, q: { month?: string }, useRollup?: boolean) {
  const now = deps.clock.now();
  const month = q.month ?? new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw badRequest('month', '月份格式须为 YYYY-MM');
  // 9999-12 has no next month as a date (a 500 before): see domain/instants.ts.
  if (!isReasonableYear(Number(m[1]))) throw badRequest('month', INSTANT_RANGE_MESSAGE);
  const from = new Date(`${month}-01T00:00:00+08:00`);
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}`;
  const to = new Date(`${next}-01T00:00:00+08:00`);
  const catalog = await deps.catalog.get();
  const counted = await countersBy(deps.store, { from, to, unit: null, useRollup, now }, { rollup: 'f.unit_code', cases: 'c.unit_code', daily: true });
  const byUnit = new Map(counted.filter((x) => x.key !== null).map((x) => [x.key!, x as Counters]));
  const replyScores = await replyScoresByUnit(deps.store, from, to);
  const rows = [...catalog.units.values()].map((u) => {
    const counters: Counters = byUnit.get(u.code) ?? { received: 0 };
    const rates = computeRates(counters, catalog.rates);
    return {
      unitCode: u.code, unitName: u.name, received: counters.received ?? 0,
      responseRate: rates.responseRate ?? null, resolutionRate: rates.resolutionRate ?? null, satisfactionRate: rates.satisfactionRate ?? null,
      validCallbacks: counters.validCallbacks ?? 0,
      score: computeScore(rates, catalog.rates),
      replyScore: replyScores.get(u.code) ?? null,
    };
  });
  return rankUnits(rows);
}

/**
 * The month's average reply-check score per unit (issue 8): the scores stored on the feedback and
 * closing-report events its staff sent in [from, to) (commands/replyCheck.ts). A unit that sent no
 * reply has none (null). Read from the events of the month: no rollup keeps them.
 */
async function replyScoresByUnit(db: Queryable, from: Date, to: Date): Promise<Map<string, number>> {
  const r = await db.query<{ unit: string; score: number }>(
    `SELECT data->'replyCheck'->>'unitCode' AS unit, avg((data->'replyCheck'->>'score')::float8) AS score
       FROM case_events
      WHERE action IN ('feedback', 'reported') AND at >= $1 AND at < $2 AND data->'replyCheck'->>'unitCode' IS NOT NULL
      GROUP BY 1`, [from, to]);
  return new Map(r.rows.map((x) => [x.unit, Math.round(Number(x.score) * 10000) / 10000]));
}

export async function publicStats(deps: Deps) {
  const o = await overview(deps, {});
  return { received: o.received, solved: o.solved, thanks: o.thanks, satisfactionRate: o.satisfactionRate };
}

const DIMENSIONS: Record<string, Key> = {
  channel: { rollup: 'f.channel', cases: 'c.channel' },
  category: { rollup: 'f.category', cases: 'c.category' },
  district: { rollup: 'f.district', cases: 'c.district' },
  unit: { rollup: 'f.unit_code', cases: 'c.unit_code', daily: true },
  type: { rollup: 'f.type', cases: 'c.type' },
  day: { rollup: "to_char(f.day, 'YYYY-MM-DD')", cases: "to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')", daily: true },
  week: { rollup: "to_char(date_trunc('week', f.day::timestamp), 'YYYY-MM-DD')", cases: "to_char(date_trunc('week', c.received_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')", daily: true },
  month: { rollup: "to_char(f.day, 'YYYY-MM')", cases: "to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')", daily: true },
};
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** Volumes and rates grouped by one dimension: the dashboard's trends and breakdowns. */
export async function breakdown(deps: Deps, q: { by: Dimension; from?: string; to?: string; unit?: string }, useRollup?: boolean) {
  const now = deps.clock.now();
  const from = parseInstant('from', q.from, new Date(now.getTime() - 90 * 86400_000));
  const to = parseInstant('to', q.to, new Date(now.getTime() + 1));
  if (to <= from) throw badRequest('to', '结束时间须晚于开始时间');
  const catalog = await deps.catalog.get();
  const rows = await countersBy(deps.store, { from, to, unit: q.unit ?? null, useRollup, now }, DIMENSIONS[q.by]);
  const names: Record<string, (k: string) => string | undefined> = {
    channel: (k) => catalog.channels.get(k)?.name,
    category: (k) => catalog.categories.get(k)?.name,
    district: (k) => catalog.districts.find((d) => d.code === k)?.name,
    unit: (k) => catalog.units.get(k)?.name,
    type: (k) => catalog.appealTypes.get(k),
  };
  return rows.map((row) => {
    const rates = computeRates(row, catalog.rates);
    return {
      key: row.key, name: row.key ? names[q.by]?.(row.key) ?? row.key : '未分类',
      received: row.received, solved: row.solved,
      responseRate: rates.responseRate ?? null, resolutionRate: rates.resolutionRate ?? null, satisfactionRate: rates.satisfactionRate ?? null,
    };
  });
}
