// Reading the figures from the rollups of migration 007: whole China-time days come from the
// rollup tables (plus the deltas not yet folded), the partial days at either end of a range from
// the cases themselves — so any range is exact, and a range of years reads thousands of rows.
// `fold` moves deltas into the rollups; one process at a time does it (advisory lock).
import type { Queryable, Store } from '../store/db.js';
import { Params } from '../store/sql.js';
import type { Counters } from '../domain/rates.js';

/** Counter columns of the rollup, and each one's value for a single case row `c`. */
const COUNTERS: [column: string, name: string, perCase: string][] = [
  ['received', 'received', '1'],
  ['solved', 'solved', '(c.eval_resolved IS TRUE)::int'],
  ['valid_callbacks', 'validCallbacks', '(c.eval_reached IS TRUE AND c.eval_satisfaction IS NOT NULL)::int'],
  ['contacted', 'contacted', '(c.eval_reached IS TRUE AND c.eval_satisfaction IS NOT NULL AND c.contacted_at IS NOT NULL)::int'],
  ['resolved', 'resolved', '(c.eval_reached IS TRUE AND c.eval_satisfaction IS NOT NULL AND c.eval_resolved IS TRUE)::int'],
  ['satisfied', 'satisfied', "(c.eval_satisfaction IS NOT DISTINCT FROM 'satisfied')::int"],
  ['basically_satisfied', 'basicallySatisfied', "(c.eval_satisfaction IS NOT DISTINCT FROM 'basically_satisfied')::int"],
  ['unsatisfied', 'unsatisfied', "(c.eval_satisfaction IS NOT DISTINCT FROM 'unsatisfied')::int"],
  ['returned', 'returned', '(c.returns > 0)::int'],
  ['reopened', 'reopened', '(c.reopens > 0)::int'],
];

/**
 * A grouping key, said once over the rollups (`f`, with its `day`) and once over the cases (`c`).
 * `daily`: the key needs only day and unit, so the small per-day-and-unit rollup answers it.
 */
export interface Key { rollup: string; cases: string; daily?: boolean }

const DAY_MS = 86400_000;
const CST_MS = 8 * 3600_000;
const dayStart = (t: number) => Math.floor((t + CST_MS) / DAY_MS) * DAY_MS - CST_MS;
const dayString = (t: number) => new Date(t + CST_MS).toISOString().slice(0, 10);

/** [from, to) as whole China-time days (for the rollups) and the partial stretches at its ends. */
export function splitRange(from: Date, to: Date): { days: [string, string] | null; edges: [Date, Date][] } {
  const f = from.getTime(), t = to.getTime();
  const firstDay = dayStart(f) === f ? f : dayStart(f) + DAY_MS;
  const lastDay = dayStart(t);
  if (firstDay >= lastDay) return { days: null, edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (f < firstDay) edges.push([from, new Date(firstDay)]);
  if (lastDay < t) edges.push([new Date(lastDay), to]);
  return { days: [dayString(firstDay), dayString(lastDay)], edges };
}

/**
 * `now`: no case is received after it, so a range reaching past it may be read to the end of its day
 * from the rollups — today's letters then come from today's rollup row, not from the cases.
 */
interface Scope { from: Date; to: Date; unit: string | null; useRollup?: boolean; now?: Date }

function parts(s: Scope, p: Params, rollupTables: string[], casesFrom: string, casesWhere: string, rollupCols: string, caseCols: string, key: Key): string {
  const to = s.now && s.to > s.now ? new Date(dayStart(s.to.getTime()) + DAY_MS) : s.to;
  const { days, edges } = s.useRollup === false ? { days: null, edges: [[s.from, s.to]] as [Date, Date][] } : splitRange(s.from, to);
  const unit = p.add(s.unit);
  const out: string[] = [];
  if (days) {
    const a = p.add(days[0]), b = p.add(days[1]);
    for (const t of rollupTables) {
      out.push(`SELECT ${key.rollup} AS key, ${rollupCols} FROM ${t} f WHERE f.day >= ${a}::date AND f.day < ${b}::date AND (${unit}::text IS NULL OR f.unit_code = ${unit})`);
    }
  }
  if (edges.length) {
    const within = edges.map(([x, y]) => `(c.received_at >= ${p.add(x)} AND c.received_at < ${p.add(y)})`).join(' OR ');
    out.push(`SELECT ${key.cases} AS key, ${caseCols} FROM ${casesFrom} WHERE (${within}) AND c.status <> 'merged' AND (${unit}::text IS NULL OR c.unit_code = ${unit}) ${casesWhere}`);
  }
  return out.join('\nUNION ALL\n');
}

/** The counters of stats.ts per key over [from, to), optionally for one unit. */
export async function countersBy(db: Queryable, s: Scope, key: Key): Promise<(Counters & { key: string | null })[]> {
  const p = new Params();
  const union = parts(s, p, [key.daily ? 'case_figures_daily' : 'case_figures', 'case_figure_deltas'], 'cases c', '',
    COUNTERS.map(([col]) => col).join(', '), COUNTERS.map(([col, , per]) => `${per} AS ${col}`).join(', '), key);
  const r = await db.query<Counters & { key: string | null }>(
    `SELECT key, ${COUNTERS.map(([col, name]) => `coalesce(sum(${col}), 0)::bigint AS "${name}"`).join(', ')} FROM (${union}) x GROUP BY key ORDER BY key`, p.values);
  return r.rows;
}

/** Met and counted per kind of time limit over [from, to). */
export async function limitShares(db: Queryable, s: Scope): Promise<{ kind: string; met: number; counted: number }[]> {
  const p = new Params();
  // The cases of the partial days first, then each one's limits by primary key: the planner otherwise
  // hashes all limits of all open cases (a second over 1M open cases); the LIMIT (a case has at most
  // five limits) keeps it from flattening the subquery back into that join.
  const union = parts(s, p, ['limit_figures', 'limit_figure_deltas'],
    'cases c CROSS JOIN LATERAL (SELECT * FROM case_limits x WHERE x.case_id = c.id AND (x.done_at IS NOT NULL OR x.breached_at IS NOT NULL OR x.missed) LIMIT 10) l',
    '',
    'met, counted', '(l.done_at IS NOT NULL AND l.done_at <= l.due_at AND NOT l.missed)::int AS met, 1 AS counted',
    { rollup: 'f.kind', cases: 'l.kind' });
  const r = await db.query<{ key: string; met: number; counted: number }>(
    `SELECT key, coalesce(sum(met), 0)::bigint AS met, coalesce(sum(counted), 0)::bigint AS counted FROM (${union}) x GROUP BY key`, p.values);
  return r.rows.map((x) => ({ kind: x.key, met: x.met, counted: x.counted }));
}

const FOLD_LOCK = 72_201_510; // distinct from the migration and seeding locks

/** Moves the deltas into the rollups, in one transaction; returns how many deltas were folded. */
export async function fold(store: Store): Promise<number> {
  return store.transaction(async (tx) => {
    if (!(await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK}) AS ok`)).rows[0].ok) return 0;
    const cols = COUNTERS.map(([c]) => c);
    const add = (t: string) => cols.map((c) => `${c} = ${t}.${c} + EXCLUDED.${c}`).join(', ');
    const a = await tx.query(
      `WITH moved AS (DELETE FROM case_figure_deltas RETURNING *),
       fine AS (
         INSERT INTO case_figures (day, unit_code, channel, category, district, type, ${cols.join(', ')})
         SELECT day, unit_code, channel, category, district, type, ${cols.map((c) => `sum(${c})`).join(', ')}
           FROM moved GROUP BY day, unit_code, channel, category, district, type
         ON CONFLICT (day, unit_code, channel, category, district, type) DO UPDATE SET ${add('case_figures')})
       INSERT INTO case_figures_daily (day, unit_code, ${cols.join(', ')})
       SELECT day, unit_code, ${cols.map((c) => `sum(${c})`).join(', ')} FROM moved GROUP BY day, unit_code
       ON CONFLICT (day, unit_code) DO UPDATE SET ${add('case_figures_daily')}`);
    const b = await tx.query(
      `WITH moved AS (DELETE FROM limit_figure_deltas RETURNING *)
       INSERT INTO limit_figures (day, unit_code, kind, met, counted)
       SELECT day, unit_code, kind, sum(met), sum(counted) FROM moved GROUP BY day, unit_code, kind
       ON CONFLICT (day, unit_code, kind) DO UPDATE SET met = limit_figures.met + EXCLUDED.met, counted = limit_figures.counted + EXCLUDED.counted`);
    return (a.rowCount ?? 0) + (b.rowCount ?? 0);
  });
}

/** Folds every few seconds in the background; several processes may run it (one folds at a time). */
export function startFolding(store: Store, intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => { running = running.then(() => fold(store)).catch(onError); }, intervalMs);
  timer.unref();
  return async () => { clearInterval(timer); await running; };
}
