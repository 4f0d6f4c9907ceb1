// `npm run bench:scale` (also the second part of `npm run bench`): the figures over 10,000,000 cases
// and the time-limit watcher with 1,000,000 open cases, on the PostgreSQL server, each beside a
// baseline measured in the same run — counting every case for the figures, an idle tick for the
// watcher — and the server's memory at that size.
//
// The cases are generated in bulk by SQL (generate_series), not through the API, with the figure
// triggers off and the rollups rebuilt once afterwards (rebuild_figures(), as a bulk import would).
// The newest BENCH_OPEN cases are open (signed, with a first-feedback and a closing limit running,
// due within the next 30 days); the others are closed and evaluated. Only open cases have limits.
//
// Environment: BENCH_CASES (10,000,000), BENCH_OPEN (1,000,000), BENCH_DUE (1,000 limits made due
// for the breach delay), BENCH_DATABASE_URL (server; the database `bench_scale` is kept between runs).
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startSystem } from '../src/server.js';
import { openStore, migrate } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { overview, unitRanking } from '../src/commands/stats.js';
import { watchOnce } from '../src/jobs/timeLimitWatcher.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 1_000_000);
const DUE = Number(process.env.BENCH_DUE ?? 1000);
const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'bench_scale';
const ADMIN_PASSWORD = 'Bench-Admin-2026';
const log = (s: string) => process.stderr.write(`${s}\n`);
const n = (x: number) => x.toLocaleString('zh-CN');

export interface ScaleRow { figure: string; unit: string; project: number | null; ceiling: number | null; ratio: number | null; ceilingIs: string; note?: string }

function dbUrl(name: string) { const u = new URL(BASE); u.pathname = `/${name}`; return u.toString(); }

async function prepare(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  try {
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount) {
      const c = new pg.Client({ connectionString: dbUrl(DB) });
      await c.connect();
      const have = await c.query<{ n: string; open: string }>("SELECT (SELECT count(*) FROM cases) AS n, (SELECT count(*) FROM cases WHERE status = 'signed') AS open").catch(() => null);
      await c.end();
      if (have && Number(have.rows[0].n) === CASES && Number(have.rows[0].open) === OPEN) { log(`reusing ${DB}: ${n(CASES)} cases, ${n(OPEN)} open`); return; }
      await admin.query(`DROP DATABASE ${DB} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${DB}`);
  } finally {
    await admin.end();
  }
  const store = await openStore({ databaseUrl: dbUrl(DB) });
  await migrate(store);
  await seedOrganisation(store);
  await store.close();

  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  const t0 = Date.now();
  await c.query('ALTER TABLE cases DISABLE TRIGGER USER');
  await c.query('ALTER TABLE case_limits DISABLE TRIGGER USER');
  const spanS = 365 * 86400;
  const BATCH = 1_000_000;
  for (let start = 1; start <= CASES; start += BATCH) {
    const end = Math.min(CASES, start + BATCH - 1);
    // Case g was received (g / CASES) of a year ago: g = 1 is the newest. Categories, districts and
    // channels cycle at different periods so that every combination occurs.
    await c.query(`
      INSERT INTO cases (number, channel, type, category, title, content, district, status, unit_code, received_at, updated_at,
                         dispatched_at, signed_at, contacted_at, reported_at, reviewed_at, closed_at,
                         eval_reached, eval_resolved, eval_satisfaction, eval_at, returns, reopens, imported, terms)
      SELECT 'S' || lpad(g::text, 9, '0'),
             (ARRAY['mailbox_web','wechat','weibo','110','12345','12389','petition'])[1 + g % 7],
             (ARRAY['help','consult','complaint','report','suggest','praise'])[1 + g % 6],
             cat, '批量生成的来信', '批量生成的来信内容，用于容量测试。', d, CASE WHEN g <= ${OPEN} THEN 'signed' ELSE 'closed' END,
             CASE cat WHEN 'household' THEN 'household' WHEN 'fraud' THEN 'anti-fraud' WHEN 'police_conduct' THEN 'inspection'
                      WHEN 'traffic_order' THEN d || '-traffic' ELSE d || '-branch' END,
             at, at, at, at + interval '5 minutes', at + interval '20 minutes',
             CASE WHEN g > ${OPEN} THEN at + interval '3 days' END, CASE WHEN g > ${OPEN} THEN at + interval '4 days' END,
             CASE WHEN g > ${OPEN} THEN at + interval '5 days' END,
             CASE WHEN g > ${OPEN} THEN g % 10 <> 0 END, CASE WHEN g > ${OPEN} THEN g % 10 <> 0 AND g % 7 <> 0 END,
             CASE WHEN g > ${OPEN} AND g % 10 <> 0 THEN (ARRAY['satisfied','satisfied','satisfied','basically_satisfied','unsatisfied'])[1 + g % 5] END,
             CASE WHEN g > ${OPEN} THEN at + interval '6 days' END, (g % 50 = 0)::int, (g % 97 = 0)::int, true, '{}'::int[]
        FROM (SELECT g, now() - make_interval(secs => (g::double precision / ${CASES}) * ${spanS}) AS at,
                     (ARRAY['household','traffic_order','public_order','public_order','fraud','police_conduct','missing_person','other'])[1 + g % 8] AS cat,
                     (ARRAY['futian','luohu','nanshan','yantian','baoan','longgang','longhua','pingshan','guangming','dapeng'])[1 + (g / 3) % 10] AS d
                FROM generate_series(${start}, ${end}) g) x`);
    log(`  ${n(end)} cases · ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  // Open cases: signing and contact done; first feedback and closing running, due within 30 days.
  await c.query(`
    INSERT INTO case_limits (case_id, kind, round, started_at, due_at, warn_at, done_at)
    SELECT c.id, k.kind, 1, c.received_at,
           CASE WHEN k.done THEN c.received_at + interval '10 minutes' ELSE now() + make_interval(secs => 3600 + (c.id * 7919) % (30 * 86400)) END,
           CASE WHEN k.done THEN c.received_at + interval '8 minutes' ELSE now() + make_interval(secs => 2880 + (c.id * 7919) % (24 * 86400)) END,
           CASE WHEN k.done THEN c.received_at + interval '5 minutes' END
      FROM cases c CROSS JOIN (VALUES ('sign', true), ('contact', true), ('firstFeedback', false), ('close', false)) AS k(kind, done)
     WHERE c.status = 'signed'`);
  log(`  limits of the open cases · ${Math.round((Date.now() - t0) / 1000)} s`);
  await c.query('ALTER TABLE cases ENABLE TRIGGER USER');
  await c.query('ALTER TABLE case_limits ENABLE TRIGGER USER');
  await c.query('SELECT rebuild_figures()');
  await c.query('VACUUM ANALYZE');
  await c.end();
  log(`generated in ${Math.round((Date.now() - t0) / 1000)} s`);
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const r1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 1000) / 1000 : null);

async function timed(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) { const t = performance.now(); await fn(); out.push(performance.now() - t); }
  return out;
}

export async function benchScale(): Promise<ScaleRow[]> {
  await prepare();
  // Jobs off (the daily early warnings would group a week of identical synthetic letters); the watcher
  // is started by hand below, alone.
  const sys = await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: dbUrl(DB), adminPassword: ADMIN_PASSWORD, watcherIntervalMs: 1000 }, { watcher: false });
  try {
    const url = await sys.app.listen({ port: 0, host: '127.0.0.1' });
    const token = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })).json()).token;
    const get = async (path: string) => { const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }); if (r.status !== 200) throw new Error(`${path} → ${r.status}`); return r.json(); };
    const month = new Date(Date.now() + 8 * 3600_000 - 15 * 86400_000).toISOString().slice(0, 7);

    log('figures over all cases …');
    const o = await get('/api/stats/overview');
    if (o.received !== CASES) throw new Error(`the overview counts ${o.received} cases, not ${CASES}`);
    const overviewMs = await timed(20, () => get('/api/stats/overview'));
    const rankingMs = await timed(20, () => get(`/api/stats/units?month=${month}`));
    log('… and counting every case, once each (the baseline) …');
    const [overviewRaw] = await timed(1, () => overview(sys.deps, {}, false));
    const [rankingRaw] = await timed(1, () => unitRanking(sys.deps, { month }, false));

    log('time-limit watcher …');
    const idle = await timed(10, () => watchOnce(sys.deps));
    // DUE running limits fall due 3 s from now; the running watcher must see each within a tick.
    await sys.store.query(`UPDATE case_limits SET due_at = now() + interval '3 seconds', warn_at = now() + interval '2 seconds'
                            WHERE (case_id, kind) IN (SELECT case_id, kind FROM case_limits WHERE kind = 'close' AND done_at IS NULL AND breached_at IS NULL LIMIT ${DUE})`);
    const marked = new Date();
    const { startWatcher } = await import('../src/jobs/timeLimitWatcher.js');
    const w = startWatcher(sys.deps, 1000, (e) => log(String(e)));
    let delays: number[] = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const d = await sys.store.query<{ ms: number }>(
        `SELECT extract(epoch FROM (l.breached_at - l.due_at)) * 1000 AS ms FROM case_limits l WHERE l.kind = 'close' AND l.due_at > $1 AND l.breached_at IS NOT NULL`, [marked]);
      delays = d.rows.map((x) => Number(x.ms));
      if (delays.length >= DUE) break;
    }
    await w.stop();
    // The cost of one tick that finds DUE limits fallen due.
    await sys.store.query(`UPDATE case_limits SET due_at = now() - interval '1 second', warn_at = now() - interval '2 seconds'
                            WHERE (case_id, kind) IN (SELECT case_id, kind FROM case_limits WHERE kind = 'firstFeedback' AND done_at IS NULL AND breached_at IS NULL LIMIT ${DUE})`);
    const [busyTick] = await timed(1, () => watchOnce(sys.deps));
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const note = `${n(CASES)} cases`;
    return [
      { figure: `overview p95, ${note}`, unit: 'ms', project: pct(overviewMs, 95), ceiling: overviewRaw, ratio: ratio(pct(overviewMs, 95), overviewRaw), ceilingIs: 'counting every case (no rollup), same figures', note: 'goal ≤ 200 ms' },
      { figure: `unit ranking p95, ${note}`, unit: 'ms', project: pct(rankingMs, 95), ceiling: rankingRaw, ratio: ratio(pct(rankingMs, 95), rankingRaw), ceilingIs: 'counting every case of the month (no rollup)', note: 'goal ≤ 200 ms' },
      { figure: `watcher tick with ${n(DUE)} due, ${n(OPEN)} open`, unit: 'ms', project: busyTick, ceiling: pct(idle, 50), ratio: ratio(busyTick, pct(idle, 50)), ceilingIs: 'an idle tick (nothing due), same store' },
      { figure: `breach seen after deadline, p99 of ${n(delays.length)}`, unit: 'ms', project: delays.length ? pct(delays, 99) : null, ceiling: 1000, ratio: ratio(delays.length ? pct(delays, 99) : null, 1000), ceilingIs: 'one watcher interval (1 s)', note: 'goal ≤ 2,000 ms' },
      { figure: `server RSS, ${note}`, unit: 'MB', project: rss, ceiling: 400, ratio: ratio(rss, 400), ceilingIs: 'the goal (400 MB)' },
    ];
  } finally {
    await sys.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchScale();
  // npm run bench runs this file as a child process, so that the RSS is this server's alone.
  if (process.argv.includes('--json')) { console.log(`ROWS ${JSON.stringify(rows)}`); process.exit(0); }
  console.log('\n| figure | project | ceiling | ratio | ceiling measured as |\n|---|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.figure} (${r.unit}) | ${r.project === null ? '—' : r1(r.project)} | ${r.ceiling === null ? '—' : r1(r.ceiling)} | ${r.ratio ?? '—'} | ${r.ceilingIs}${r.note ? ` — ${r.note}` : ''} |`);
  process.exit(0);
}
