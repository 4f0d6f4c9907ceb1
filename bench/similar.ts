// `npm run bench:similar`: similar-letter lookup (GET /api/cases/:id/similar) with 1,000,000 letters
// on the PostgreSQL server, beside the way it was done before the index — the 3,000 most recent
// letters of the window scored one by one — measured in the same run on the same probes.
//
// The letters are generated in bulk (not through the API): the 4,326 real messages of
// gov-messages/hot.jsonl, each told of many places of the gazetteer on dates over a year. Letters
// with the same message and the same place are "the same problem"; recall@10 is the share of
// probes whose ten suggestions hold at least one of them.
//
// Environment: BENCH_SIMILAR_LETTERS (1,000,000), BENCH_PROBES (200), BENCH_DATABASE_URL (the server
// beside which the scratch database `bench_similar` is made; it is kept for the next run).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startSystem } from '../src/server.js';
import { openStore, migrate } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { fingerprint, termHash } from '../src/domain/text/fingerprint.js';
import { GAZETTEER_TERMS } from '../src/domain/text/gazetteer.js';
import { terms, overlap } from '../src/commands/similar.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LETTERS = Number(process.env.BENCH_SIMILAR_LETTERS ?? 1_000_000);
const PROBES = Number(process.env.BENCH_PROBES ?? 200);
const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'bench_similar';
const ADMIN_PASSWORD = 'Bench-Admin-2026';
const PLACES = GAZETTEER_TERMS.filter((t) => [...t].length >= 3).slice(0, 20);
const log = (s: string) => process.stderr.write(`${s}\n`);

const messages: { title: string; content: string }[] = readFileSync(path.join(HERE, '../../shared/data/gov-messages/hot.jsonl'), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l)).map((m) => ({ title: String(m.title).slice(0, 100), content: String(m.content).slice(0, 400) }));

/** Letter i: which message, which place, when (spread over the year before now). */
const letterOf = (i: number) => ({ m: i % messages.length, p: Math.floor(i / messages.length) % PLACES.length });
const textOf = (m: number, p: number) => `地点：${PLACES[p]}。${messages[m].title}。${messages[m].content}`;

function dbUrl(name: string) { const u = new URL(BASE); u.pathname = `/${name}`; return u.toString(); }

/** Creates (or reuses) the database with LETTERS letters, loaded the way a bulk import would: index after. */
async function prepare(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount;
  if (exists) {
    const c = new pg.Client({ connectionString: dbUrl(DB) });
    await c.connect();
    const n = Number((await c.query('SELECT count(*) AS n FROM cases').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    await c.end();
    if (n === LETTERS) { await admin.end(); log(`reusing ${DB} with ${n.toLocaleString('zh-CN')} letters`); return; }
    await admin.query(`DROP DATABASE ${DB} WITH (FORCE)`);
  }
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const store = await openStore({ databaseUrl: dbUrl(DB) });
  await migrate(store);
  await seedOrganisation(store);
  await store.close();

  // A message's words are the same wherever it is told; the place adds its own (fingerprint puts places first).
  const base = messages.map((x, m) => fingerprint(textOf(m, 0)).filter((t) => t !== termHash(PLACES[0])));
  const c = new pg.Client({ connectionString: dbUrl(DB) });
  await c.connect();
  await c.query('DROP INDEX cases_terms_idx');
  const districts = (await c.query<{ code: string }>('SELECT code FROM districts ORDER BY code')).rows.map((r) => r.code);
  const categories = (await c.query<{ code: string }>('SELECT code FROM categories ORDER BY code')).rows.map((r) => r.code);
  const now = Date.now();
  const t0 = Date.now();
  const BATCH = 10_000;
  for (let start = 0; start < LETTERS; start += BATCH) {
    const cols: unknown[][] = [[], [], [], [], [], [], [], []];
    for (let i = start; i < Math.min(LETTERS, start + BATCH); i++) {
      const { m, p } = letterOf(i);
      cols[0].push(`BS${String(i).padStart(8, '0')}`);
      cols[1].push(messages[m].title || '来信');
      cols[2].push(textOf(m, p));
      cols[3].push(new Date(now - ((i * 7919) % (365 * 24 * 60)) * 60_000));
      cols[4].push(districts[(m + p) % districts.length]);
      cols[5].push(categories[m % categories.length]);
      cols[6].push(`{${[termHash(PLACES[p]), ...base[m]].slice(0, 48).join(',')}}`);
      cols[7].push(i % 10 === 0 ? 'signed' : 'closed');
    }
    await c.query(
      `INSERT INTO cases (number, channel, type, title, content, received_at, updated_at, district, category, terms, status)
       SELECT n, 'mailbox_web', 'help', t, x, r, r, d, k, tm::int[], s
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(n, t, x, r, d, k, tm, s)`, cols);
    if ((start / BATCH) % 10 === 0) log(`  ${(start + BATCH).toLocaleString('zh-CN')} letters · ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  log('building the GIN index …');
  await c.query('SET maintenance_work_mem = \'512MB\'');
  await c.query('CREATE INDEX cases_terms_idx ON cases USING gin (terms)');
  await c.query('ANALYZE cases');
  await c.end();
  log(`generated ${LETTERS.toLocaleString('zh-CN')} letters in ${Math.round((Date.now() - t0) / 1000)} s`);
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const round = (x: number) => Math.round(x * 10) / 10;

export interface SimilarRow { figure: string; unit: string; project: number | null; ceiling: number | null; ratio: number | null; ceilingIs: string; note?: string }

export async function benchSimilar(print = true): Promise<SimilarRow[]> {
  await prepare();
  const sys = await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: dbUrl(DB), adminPassword: ADMIN_PASSWORD }, { watcher: false });
  try {
    const url = await sys.app.listen({ port: 0, host: '127.0.0.1' });
    const token = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })).json()).token;
    const ids = (await sys.store.query<{ id: number; number: string; content: string; received_at: Date }>(
      `SELECT id, number, content, received_at FROM cases ORDER BY random() LIMIT ${PROBES}`)).rows;
    const sameProblem = (a: string, b: string) => {
      const x = letterOf(Number(a.slice(2))), y = letterOf(Number(b.slice(2)));
      return x.m === y.m && x.p === y.p;
    };
    // Probes with at least one letter of the same problem in the ±window: those are the ones recall is about.
    const indexed = { ms: [] as number[], hits: 0, askable: 0 };
    const recent = { ms: [] as number[], hits: 0 };
    await fetch(`${url}/api/cases/${ids[0].id}/similar`, { headers: { authorization: `Bearer ${token}` } }); // warm the word statistics
    for (const probe of ids) {
      let t = performance.now();
      const r = await fetch(`${url}/api/cases/${probe.id}/similar`, { headers: { authorization: `Bearer ${token}` } });
      const found: { number: string }[] = await r.json();
      indexed.ms.push(performance.now() - t);
      const twins = Number((await sys.store.query<{ n: number }>(
        `SELECT count(*) AS n FROM cases WHERE content = $1 AND id <> $2 AND received_at BETWEEN $3::timestamptz - interval '180 days' AND $3::timestamptz + interval '30 days'`,
        [probe.content, probe.id, probe.received_at])).rows[0].n);
      if (!twins) continue;
      indexed.askable++;
      if (found.some((f) => sameProblem(f.number, probe.number))) indexed.hits++;

      // The way before the index: the 3,000 most recent letters of the window, each scored.
      t = performance.now();
      const rows = (await sys.store.query<{ number: string; title: string; content: string }>(
        `SELECT number, title, content FROM cases WHERE id <> $1 AND received_at BETWEEN $2::timestamptz - interval '180 days' AND $2::timestamptz + interval '30 days'
          ORDER BY received_at DESC LIMIT 3000`, [probe.id, probe.received_at])).rows;
      const pt = terms(probe.content);
      const top = rows.map((x) => ({ number: x.number, s: overlap(pt, terms(`${x.title} ${x.content}`)) })).sort((a, b) => b.s - a.s).slice(0, 10);
      recent.ms.push(performance.now() - t);
      if (top.some((f) => sameProblem(f.number, probe.number))) recent.hits++;
    }
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const recall = (hits: number) => Math.round((hits / Math.max(1, indexed.askable)) * 1000) / 1000;
    const result: SimilarRow[] = [
      { figure: `similar letters p95, ${LETTERS.toLocaleString('zh-CN')} letters`, unit: 'ms', project: pct(indexed.ms, 95), ceiling: pct(recent.ms, 95), ratio: Math.round((pct(indexed.ms, 95) / pct(recent.ms, 95)) * 1000) / 1000, ceilingIs: 'the old way: 3,000 most recent letters scored', note: `goal ≤ 50 ms; recall@10 ${recall(indexed.hits)} vs ${recall(recent.hits)}` },
    ];
    if (!print) return result;
    const rows = [
      ['similar letters, GIN on hashed words (HTTP)', round(pct(indexed.ms, 50)), round(pct(indexed.ms, 95)), round(pct(indexed.ms, 99)), (indexed.hits / Math.max(1, indexed.askable)).toFixed(3)],
      ['before: 3,000 most recent scored (no HTTP)', round(pct(recent.ms, 50)), round(pct(recent.ms, 95)), round(pct(recent.ms, 99)), (recent.hits / Math.max(1, indexed.askable)).toFixed(3)],
    ];
    console.log(`\nSimilar-letter lookup · ${LETTERS.toLocaleString('zh-CN')} letters on PostgreSQL · ${indexed.ms.length} probes (${indexed.askable} with a letter of the same problem in the window)\n`);
    console.log('| method | p50 ms | p95 ms | p99 ms | recall@10 |\n|---|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\np95 ratio indexed / before: ${(pct(indexed.ms, 95) / pct(recent.ms, 95)).toFixed(2)} · goal p95 ≤ 50 ms: ${pct(indexed.ms, 95) <= 50 ? 'met' : 'NOT met'} · server RSS ${rss} MB`);
    return result;
  } finally {
    await sys.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) { await benchSimilar(); process.exit(0); }
