// `npx tsx bench/explain.ts`: EXPLAIN ANALYZE of the hot queries on the benchmark databases
// (bench_scale: 10M cases; bench_similar: 1M letters), for docs/SCALING.md.
import pg from 'pg';
import { probeTerms } from '../src/commands/similar.js';
import { openStore } from '../src/store/db.js';

const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const url = (db: string) => { const u = new URL(BASE); u.pathname = `/${db}`; return u.toString(); };

async function explain(db: string, title: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url(db) });
  await c.connect();
  try {
    await c.query('BEGIN');
    const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
    console.log(`### ${title}\n\n\`\`\`\n${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
  } finally {
    await c.query('ROLLBACK');
    await c.end();
  }
}

const now = new Date();
await explain('bench_scale', 'Overview, all time, 10M cases: per-day × unit rollup + pending deltas + today from the cases',
  `SELECT key, sum(received) AS received, sum(valid_callbacks) AS v FROM (
     SELECT '' AS key, received, valid_callbacks FROM case_figures_daily f WHERE f.day >= '1970-01-02' AND f.day < $1::date
     UNION ALL SELECT '' AS key, received, valid_callbacks FROM case_figure_deltas f WHERE f.day >= '1970-01-02' AND f.day < $1::date
     UNION ALL SELECT '' AS key, 1, (c.eval_reached IS TRUE AND c.eval_satisfaction IS NOT NULL)::int FROM cases c
       WHERE c.received_at >= $2 AND c.received_at < $3 AND c.status <> 'merged') x GROUP BY key`,
  [new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10), new Date(Math.floor((now.getTime() + 8 * 3600_000) / 86400_000) * 86400_000 - 8 * 3600_000), now]);
await explain('bench_scale', 'Time-limit watcher claim (1M open cases, nothing due)',
  `WITH due AS (SELECT l.case_id, l.kind FROM case_limits l WHERE l.done_at IS NULL AND l.breached_at IS NULL AND l.due_at <= $1
                ORDER BY l.due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
   UPDATE case_limits l SET breached_at = $1 FROM due, cases c WHERE l.case_id = due.case_id AND l.kind = due.kind AND c.id = l.case_id
   RETURNING l.case_id`, [now]);
// A stored letter as the probe, its words chosen as the lookup chooses them (the rare ones).
const store = await openStore({ databaseUrl: url('bench_similar') });
const letter = (await store.query<{ title: string; content: string }>('SELECT title, content FROM cases WHERE id = 123457')).rows[0];
const { filter: probe, rank } = await probeTerms(store, `${letter.title} ${letter.content}`);
await store.close();
await explain('bench_similar', 'Similar-letter candidates (1M letters): GIN on hashed words, ranked by shared words',
  `SELECT c.id FROM cases c WHERE c.terms && $1::int[] AND c.status <> 'merged'
     AND c.received_at + interval '0' BETWEEN $2 AND $3
   ORDER BY (SELECT count(*) FROM unnest(c.terms) t WHERE t = ANY($4::int[])) DESC, c.received_at DESC LIMIT 60`,
  [probe, new Date(now.getTime() - 180 * 86400_000), now, rank]);
