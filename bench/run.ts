// `npm run bench`: how fast the platform takes letters (POST /api/letters), each figure beside a
// ceiling measured in the same run on the same machine, so that the ratio — not the raw number,
// which depends on the machine — says how much the platform costs over what it stands on.
//
// Runs, in this order: (a) a bare Fastify route; the real system on the embedded store (in-memory
// PGlite); raw INSERTs into PGlite; the real system on the PostgreSQL server; (b) raw INSERTs into
// PostgreSQL via pg. The HTTP load comes from a child process (bench/load.ts). Prints one table and
// writes it, with the raw results, to .bench/results.json.
//
// Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (20), BENCH_WARMUP_SECONDS (2),
// BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test — only used to create and drop a
// scratch database beside it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startSystem } from '../src/server.js';
import { openStore, migrate, type Store } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { isValidChineseId } from '../src/domain/identity.js';
import { startBare } from './bare.js';
import type { benchScale } from './scale.js';
import { benchSimilar } from './similar.js';
import { rawInserts, type RawResult } from './raw.js';
import type { LoadResult, LoadSpec } from './load.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN_PASSWORD = 'Bench-Admin-2026';
// One writer per connection: the OTP limit (5 codes per phone per hour) rules out one writer per request.
const WRITERS = CONNECTIONS;

const LETTER = {
  type: 'help',
  category: 'public_order',
  title: '民治大道夜间噪音扰民',
  content: '小区楼下的烧烤店每天营业到凌晨两点，音响声音很大，严重影响居民休息，希望派出所依法处理。',
  address: '深圳市龙华区民治大道123号书香门第',
};

const rssMB = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const log = (s: string) => process.stderr.write(`${s}\n`);

// ——— helpers ———

/** A valid GB 11643 ID number for writer i (check digit computed, then checked by the app's own rule). */
function idNumber(i: number): string {
  const body = `440309${1970 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(100 + i).slice(-3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const id = body + '10X98765432'[[...body].reduce((s, d, k) => s + Number(d) * w[k], 0) % 11];
  if (!isValidChineseId(id)) throw new Error(`bad bench ID number ${id}`);
  return id;
}

async function call(url: string, method: string, body?: unknown, token?: string): Promise<any> {
  const r = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Verified writers through the real OTP flow over HTTP, the code read back as admin. */
async function verifiedWriters(base: string, n: number): Promise<string[]> {
  const admin = (await call(`${base}/api/auth/login`, 'POST', { username: 'admin', password: ADMIN_PASSWORD })).token as string;
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const phone = `1390000${String(i + 1).padStart(4, '0')}`;
    await call(`${base}/api/citizen/otp`, 'POST', { phone });
    const messages: { text: string }[] = await call(`${base}/api/admin/messages?to=${phone}`, 'GET', undefined, admin);
    const code = messages.map((m) => /验证码是(\d{6})/.exec(m.text)?.[1]).find(Boolean);
    if (!code) throw new Error(`no code for ${phone}`);
    const name = `压测${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`;
    tokens.push((await call(`${base}/api/citizen/verify`, 'POST', { phone, code, name, idNumber: idNumber(i) })).token);
  }
  return tokens;
}

async function runLoad(spec: LoadSpec): Promise<{ warmup: LoadResult | null; main: LoadResult }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(HERE, 'load.ts'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b) => { out += b; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out);
}

const loadSpec = (url: string, tokens: string[]): LoadSpec => ({
  url, path: '/api/letters', body: JSON.stringify(LETTER), tokens, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP,
});

// ——— the runs ———

interface SystemRun {
  load: LoadResult;
  warmup: LoadResult | null;
  rssBeforeMB: number;
  rssAfterMB: number;
  stored: number;
  /** How long the server's event loop was blocked: PGlite runs each query synchronously on it. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** Runs the load while watching this process's event loop. */
async function loadWatchingLoop(spec: LoadSpec) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const r = await runLoad(spec);
  h.disable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return { r, eventLoopDelayMs: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) } };
}

/** The real system, in this process, as main.ts would start it. */
async function benchSystem(databaseUrl?: string, pgBatch = true, rate?: number): Promise<SystemRun> {
  const rssBeforeMB = rssMB();
  const sys = await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl, adminPassword: ADMIN_PASSWORD, pgBatch }, { watcher: true });
  try {
    const url = await sys.app.listen({ port: 0, host: '127.0.0.1' });
    const tokens = await verifiedWriters(url, WRITERS);
    const { r, eventLoopDelayMs } = await loadWatchingLoop({ ...loadSpec(url, tokens), rate });
    const rssAfterMB = rssMB();
    // Every 201 must be a letter in the store, or the figure measures nothing. The store may hold up
    // to one more letter per connection and run: those still in flight when autocannon stopped.
    const stored = Number((await sys.store.query<{ n: number }>('SELECT count(*) AS n FROM cases')).rows[0].n);
    const sent = r.main.ok + (r.warmup?.ok ?? 0);
    if (stored < sent || stored > sent + 2 * CONNECTIONS) throw new Error(`${sent} letters acknowledged but ${stored} stored`);
    return { load: r.main, warmup: r.warmup, rssBeforeMB, rssAfterMB, stored, eventLoopDelayMs };
  } finally {
    await sys.close();
  }
}

async function benchBare(): Promise<SystemRun> {
  const rssBeforeMB = rssMB();
  const bare = await startBare();
  try {
    const tokens = Array.from({ length: WRITERS }, (_, i) => `bench-token-${i}`);
    const { r, eventLoopDelayMs } = await loadWatchingLoop(loadSpec(bare.url, tokens));
    return { load: r.main, warmup: r.warmup, rssBeforeMB, rssAfterMB: rssMB(), stored: 0, eventLoopDelayMs };
  } finally {
    await bare.close();
  }
}

/** A store with the schema, the organisation and WRITERS citizens: what raw INSERTs need for their foreign keys. */
async function prepareRawStore(store: Store): Promise<number[]> {
  await migrate(store);
  await seedOrganisation(store);
  const ids: number[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const r = await store.query<{ id: number }>('INSERT INTO citizens (phone, name, id_number) VALUES ($1, $2, $3) RETURNING id',
      [`1390000${String(i + 1).padStart(4, '0')}`, '压测用户', idNumber(i)]);
    ids.push(r.rows[0].id);
  }
  return ids;
}

async function benchRawEmbedded(): Promise<RawResult> {
  const store = await openStore({});
  try {
    const ids = await prepareRawStore(store);
    await rawInserts((sql, p) => store.query(sql, p), LETTER, ids, CONNECTIONS, WARMUP);
    return await rawInserts((sql, p) => store.query(sql, p), LETTER, ids, CONNECTIONS, SECONDS);
  } finally {
    await store.close();
  }
}

async function benchRawServer(url: string): Promise<RawResult> {
  const store = await openStore({ databaseUrl: url });
  const ids = await prepareRawStore(store).finally(() => store.close());
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  pool.on('error', () => {}); // an idle client losing its server must not end the bench
  try {
    await rawInserts((sql, p) => pool.query(sql, p), LETTER, ids, CONNECTIONS, WARMUP);
    return await rawInserts((sql, p) => pool.query(sql, p), LETTER, ids, CONNECTIONS, SECONDS);
  } finally {
    await pool.end();
  }
}

// ——— scratch databases on the server ———

const scratch: string[] = [];

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

async function createScratch(): Promise<string> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  scratch.push(name);
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropScratch() {
  while (scratch.length) {
    const name = scratch.pop()!;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch((e) => log(`could not drop ${name}: ${e.message}`));
  }
}

// ——— the table ———

interface Row { figure: string; unit: string; project: number | null; ceiling: number | null; ratio: number | null; ceilingIs: string; note?: string }

const r1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 1000) / 1000 : null);

function table(rows: Row[]): string {
  const head = ['figure', 'project', 'ceiling', 'ratio', 'ceiling measured as'];
  const cells = rows.map((r) => [
    `${r.figure} (${r.unit})`, r.project === null ? '—' : String(r1(r.project)), r.ceiling === null ? '—' : String(r1(r.ceiling)),
    r.ratio === null ? '—' : r.ratio.toFixed(3), r.ceilingIs + (r.note ? ` — ${r.note}` : ''),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => (i > 0 && i < 4 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i > 0 && i < 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main() {
  process.on('SIGINT', () => { void dropScratch().finally(() => process.exit(130)); });
  const startedAt = new Date();
  log(`bench: ${CONNECTIONS} connections, ${SECONDS}s per run (+${WARMUP}s warm-up), ${os.cpus().length} cores`);

  log('(a) bare Fastify route …');
  const bare = await benchBare();
  log(`    ${r1(bare.load.perSecond)} req/s`);

  log('project on the embedded store (in-memory PGlite) …');
  const embedded = await benchSystem();
  log(`    ${r1(embedded.load.perSecond)} letters/s`);

  log('raw INSERTs into PGlite …');
  const rawEmbedded = await benchRawEmbedded();
  log(`    ${r1(rawEmbedded.perSecond)} rows/s`);

  let server: SystemRun | null = null;
  let unbatched: SystemRun | null = null;
  let halfRate: SystemRun | null = null;
  let rawServer: RawResult | null = null;
  let serverVersion: string | null = null;
  let serverNote: string | undefined;
  try {
    serverVersion = await admin(async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  } catch (e: any) {
    serverNote = `PostgreSQL server unreachable at ${new URL(SERVER_URL).host} (${e.code ?? e.message}): skipped`;
    log(serverNote);
  }
  if (serverVersion) {
    try {
      log(`project on the PostgreSQL ${serverVersion} server …`);
      server = await benchSystem(await createScratch());
      log(`    ${r1(server.load.perSecond)} letters/s`);
      // The latency goal is set at half the maximum rate: a paced run at half of what was just reached.
      log(`the same paced at half that rate (${Math.round(server.load.perSecond / 2)} letters/s) …`);
      halfRate = await benchSystem(await createScratch(), true, Math.max(1, Math.round(server.load.perSecond / 2)));
      log(`    p50 ${r1(halfRate.load.p50)} ms, p99 ${r1(halfRate.load.p99)} ms`);
      log('the same with one round trip per statement (PG_BATCH=0) …');
      unbatched = await benchSystem(await createScratch(), false);
      log(`    ${r1(unbatched.load.perSecond)} letters/s`);
      log('(b) raw INSERTs into PostgreSQL via pg …');
      rawServer = await benchRawServer(await createScratch());
      log(`    ${r1(rawServer.perSecond)} rows/s`);
    } finally {
      await dropScratch();
    }
  }

  const s = server?.load ?? null;
  const rows: Row[] = [
    { figure: 'letters/s, embedded store', unit: '/s', project: embedded.load.perSecond, ceiling: bare.load.perSecond, ratio: ratio(embedded.load.perSecond, bare.load.perSecond), ceilingIs: '(a) bare Fastify route, same body' },
    { figure: 'letters/s, embedded store', unit: '/s', project: embedded.load.perSecond, ceiling: rawEmbedded.perSecond, ratio: ratio(embedded.load.perSecond, rawEmbedded.perSecond), ceilingIs: 'raw INSERTs into PGlite, same rows' },
    { figure: 'letters/s, PostgreSQL server', unit: '/s', project: s?.perSecond ?? null, ceiling: rawServer?.perSecond ?? null, ratio: ratio(s?.perSecond ?? null, rawServer?.perSecond ?? null), ceilingIs: '(b) raw INSERTs via pg, same rows', note: serverNote },
    { figure: 'letters/s, PostgreSQL server', unit: '/s', project: s?.perSecond ?? null, ceiling: bare.load.perSecond, ratio: ratio(s?.perSecond ?? null, bare.load.perSecond), ceilingIs: '(a) bare Fastify route, same body', note: serverNote },
    { figure: 'letters/s, PostgreSQL server', unit: '/s', project: s?.perSecond ?? null, ceiling: unbatched?.load.perSecond ?? null, ratio: ratio(s?.perSecond ?? null, unbatched?.load.perSecond ?? null), ceilingIs: 'baseline: one round trip per statement (PG_BATCH=0)', note: serverNote },
    { figure: 'p50 latency, embedded store', unit: 'ms', project: embedded.load.p50, ceiling: bare.load.p50, ratio: ratio(embedded.load.p50, bare.load.p50), ceilingIs: '(a) bare Fastify route' },
    { figure: 'p99 latency, embedded store', unit: 'ms', project: embedded.load.p99, ceiling: bare.load.p99, ratio: ratio(embedded.load.p99, bare.load.p99), ceilingIs: '(a) bare Fastify route' },
    { figure: 'p50 latency, PostgreSQL server', unit: 'ms', project: s?.p50 ?? null, ceiling: rawServer?.p50 ?? null, ratio: ratio(s?.p50 ?? null, rawServer?.p50 ?? null), ceilingIs: '(b) one raw INSERT via pg', note: serverNote },
    { figure: 'p99 latency, PostgreSQL server', unit: 'ms', project: s?.p99 ?? null, ceiling: rawServer?.p99 ?? null, ratio: ratio(s?.p99 ?? null, rawServer?.p99 ?? null), ceilingIs: '(b) one raw INSERT via pg', note: serverNote },
    { figure: 'p99 latency at half the maximum rate, PostgreSQL server', unit: 'ms', project: halfRate?.load.p99 ?? null, ceiling: 50, ratio: ratio(halfRate?.load.p99 ?? null, 50), ceilingIs: `the goal (50 ms), paced at ${halfRate ? r1(halfRate.load.perSecond) : '—'} letters/s`, note: serverNote },
    { figure: 'server RSS after run, embedded store', unit: 'MB', project: embedded.rssAfterMB, ceiling: bare.rssAfterMB, ratio: ratio(embedded.rssAfterMB, bare.rssAfterMB), ceilingIs: 'RSS after the bare Fastify run' },
    { figure: 'server RSS after run, PostgreSQL server', unit: 'MB', project: server?.rssAfterMB ?? null, ceiling: bare.rssAfterMB, ratio: ratio(server?.rssAfterMB ?? null, bare.rssAfterMB), ceilingIs: 'RSS after the bare Fastify run', note: serverNote ?? 'same process, after the embedded runs' },
  ];

  // (c) Scale: 10M cases and 1M open on the server (generated once, kept as bench_scale), and similar
  // letters among 1M (bench_similar). BENCH_SCALE=0 skips both (the intake runs alone take a minute).
  if (serverVersion && process.env.BENCH_SCALE !== '0') {
    log('(c) scale: figures over 10M cases, watcher with 1M open …');
    rows.push(...await scaleInChild());
    log('(d) similar letters among 1M …');
    rows.push(...await benchSimilar(false));
  }

  const errors = [bare.load, embedded.load, s].filter((x): x is LoadResult => !!x && (x.non2xx > 0 || x.errors > 0 || x.timeouts > 0));
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version, postgres: serverVersion };
  const out = table(rows);
  process.stdout.write(`\n接诉即办 benchmark — ${startedAt.toISOString()} — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}${serverVersion ? `, PostgreSQL ${serverVersion}` : ''}\n`);
  process.stdout.write(`POST /api/letters, ${CONNECTIONS} connections, ${SECONDS}s per run after ${WARMUP}s warm-up; ratio = project ÷ ceiling (throughput: share reached; latency, memory: times the floor)\n\n`);
  process.stdout.write(`${out}\n`);
  if (errors.length) process.stdout.write(`\nWARNING: some runs had non-2xx answers or errors: ${JSON.stringify(errors.map((e) => e.statusCodes))}\n`);

  await mkdir(path.join(ROOT, '.bench'), { recursive: true });
  await writeFile(path.join(ROOT, '.bench', 'results.json'), `${JSON.stringify({
    date: startedAt.toISOString(), machine, config: { seconds: SECONDS, warmupSeconds: WARMUP, connections: CONNECTIONS, writers: WRITERS },
    rows, table: out,
    runs: { bare, embedded, rawEmbedded, server, unbatched, halfRate, rawServer },
  }, null, 2)}\n`);
  log('written to .bench/results.json');
}

main().then(() => process.exit(0), async (e) => {
  console.error(e);
  await dropScratch();
  process.exit(1);
});

/** The scale bench in a process of its own: its server's RSS is then not this process's, which has held PGlite. */
async function scaleInChild(): Promise<Awaited<ReturnType<typeof benchScale>>> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'scale.ts'), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    for (const line of String(d).split('\n')) if (line && !line.startsWith('ROWS ')) process.stderr.write(`${line}\n`);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = out.split('\n').find((l) => l.startsWith('ROWS '));
  if (code !== 0 || !line) throw new Error(`bench/scale.ts exited with ${code}`);
  return JSON.parse(line.slice(5));
}
