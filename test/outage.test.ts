// The PostgreSQL server goes away: /healthz and requests answer 503 quickly, never 500, and the
// system recovers by itself when the server is back. The outage is a TCP proxy we cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import { ADMIN_PASSWORD, Api, freshDatabase, idNumber, startTestSystem, until, usingServer, type TestSystem } from './helpers/system.js';
import { startSystem, type System } from '../src/server.js';
import { loadConfig } from '../src/config.js';
import { Clock } from '../src/clock.js';
import type { Queryable } from '../src/store/db.js';
import { DeliveryError, type Delivery, type MessageTransport } from '../src/notify/transports/types.js';

/** A TCP proxy in front of PostgreSQL. `cut()` is the server stopping: open connections die, new ones are refused. */
class CuttableProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  open(): Promise<void> {
    if (this.server) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const server = net.createServer((client) => {
        const upstream = net.connect(Number(this.target.port || 5432), this.target.hostname);
        this.sockets.add(client); this.sockets.add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => { client.destroy(); upstream.destroy(); this.sockets.delete(client); this.sockets.delete(upstream); };
        client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
      });
      this.server = server;
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => { this.port = (server.address() as net.AddressInfo).port; resolve(); });
    });
  }

  cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets = new Set();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** The database URL, through the proxy. */
  url(): string {
    const u = new URL(this.target.toString());
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}


/**
 * An SMS gateway for the outbox to deliver to: records what it takes. While `open` is false it
 * answers "try again later", as a gateway that is down would.
 */
class Gateway implements MessageTransport {
  readonly channel = 'sms' as const;
  open = true;
  accepted: { id: string; to: string; text: string; at: number }[] = [];
  refused = 0;
  async deliver(d: Delivery): Promise<void> {
    if (!this.open) { this.refused++; throw new DeliveryError('gateway closed (test)', false); }
    this.accepted.push({ id: d.id, to: d.to, text: d.text, at: Date.now() });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connection errors that would crash a real server process. pg emits 'error' on a client whose
 * connection dies; the pool listens while the client is idle, pool.query() while it runs, but a
 * client checked out with pool.connect() (a transaction) has only the listeners its user adds — with
 * none, Node throws the event: an uncaught exception, and `npm start` exits. We listen as well, so
 * that this process lives to tell, and count each error that no other listener heard.
 */
function watchForCrashes(store: { kind: string }): unknown[] {
  const crashes: unknown[] = [];
  const pool = (store as unknown as { pool?: pg.Pool }).pool;
  if (!pool) return crashes;
  const watched = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    client.on('error', (e) => { if (client.listenerCount('error') === 1) crashes.push(e); });
  });
  return crashes;
}
const crashReport = (crashes: unknown[]) => crashes.map((e) => String((e as Error)?.message ?? e));

describe.runIf(usingServer())('store outage', () => {
  let proxy: CuttableProxy;
  let t: TestSystem;
  let base: TestSystem;
  let crashes: unknown[] = [];

  beforeAll(async () => {
    // A database of our own, reached only through the proxy.
    base = await startTestSystem();
    proxy = new CuttableProxy(new URL(base.databaseUrl!));
    await proxy.open();
    t = await startTestSystem({ databaseUrl: proxy.url() });
    crashes = watchForCrashes(t.sys.store);
  });
  afterAll(async () => { await t?.close(); await base?.close(); });

  it('answers 503 while the store is unreachable and recovers by itself', async () => {
    expect((await t.api.get('/healthz')).status).toBe(200);
    await proxy.cut();
    const started = Date.now();
    const h = await t.api.get('/healthz');
    expect(h.status).toBe(503);
    const login = await t.api.post('/api/auth/login', { username: 'admin', password: 'whatever-1' });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe('store_unavailable');
    const cases = await t.api.get('/api/cases', t.adminToken);
    expect(cases.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
    await proxy.open();
    let ok = 0;
    for (let i = 0; i < 50 && ok !== 200; i++) {
      ok = (await t.api.get('/healthz')).status;
      if (ok !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok).toBe(200);
    expect((await t.api.get('/api/cases', t.adminToken)).status).toBe(200);
    expect(crashReport(crashes), 'store connection errors nobody handled (each an uncaught exception in a server process)').toEqual([]);
  });

  // The scenario: PostgreSQL stops and comes back while citizens are writing. A system of its
  // own (its own database, nothing else on it: no other process's watcher or outbox may stand in for
  // this one's), with an SMS gateway, so that every letter's acknowledgement goes through the outbox.
  it('under load: 503s while down, no 500, nothing lost or doubled; watcher and outbox pick up after', async () => {
    const WRITERS = 8;
    const CLOCK_JUMP_MIN = 11; // past the 10-minute signing limit of every letter written before the cut
    const db = await freshDatabase();
    const sqlc = new pg.Client({ connectionString: db.url }); // straight to the database, never through the proxy
    const px = new CuttableProxy(new URL(db.url));
    const gateway = new Gateway();
    let sys: System | null = null;
    let stopping = false; // no new letters: each writer finishes the key it is on
    let abort = false; // (a check failed) give up at once
    let writers: Promise<void> | null = null;
    try {
      await sqlc.connect();
      await px.open();
      sys = await startSystem({
        ...loadConfig({}), dataDir: '', databaseUrl: px.url(), adminPassword: ADMIN_PASSWORD, clockControl: true,
        watcherIntervalMs: 200, outboxIntervalMs: 100, outboxRetryBaseMs: 100, outboxLeaseMs: 1500, outboxMaxAttempts: 1000,
      }, { transports: [gateway] });
      const crashes = watchForCrashes(sys.store);
      const api = new Api(await sys.app.listen({ port: 0, host: '127.0.0.1' }));
      const admin = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
      expect(admin).toBeTruthy();
      // 直派 off, as in the other tests: letters wait in triage (their signing limit runs from receipt).
      expect((await api.put('/api/admin/settings/router', { autoDispatchThreshold: 2 }, admin)).status).toBe(204);

      // Eight verified writers (the real OTP flow; the code is read from the recorded messages).
      const tokens: string[] = [];
      for (let i = 0; i < WRITERS; i++) {
        const phone = String(13910000000 + i);
        expect((await api.post('/api/citizen/otp', { phone })).status).toBe(202);
        const msgs = (await api.get(`/api/admin/messages?to=${phone}`, admin)).body as { text: string }[];
        const code = /验证码是(\d{6})/.exec(msgs.find((m) => /验证码是\d{6}/.test(m.text))!.text)![1];
        const v = await api.post('/api/citizen/verify', { phone, code, name: `写信人${'甲乙丙丁戊己庚辛'[i]}`, idNumber: idNumber(`44030419900101${100 + i}`) });
        expect(v.status, JSON.stringify(v.body)).toBe(200);
        tokens.push(v.body.token);
      }

      // The writers: each sends letters one after another, each with its own Idempotency-Key, and
      // retries that key after anything but a 201 — as a real client does — until it gets its number.
      type Seen = { writer: number; key: string; start: number; end: number; status: number }; // status 0: network error
      const seen: Seen[] = [];
      const acked = new Map<string, { number: string; at: number; writer: number }>();
      const keysOf: string[][] = Array.from({ length: WRITERS }, () => []);
      const write = async (w: number) => {
        for (let n = 0; !stopping && n < 400; n++) {
          const key = `w${w}-${n}`;
          keysOf[w].push(key);
          while (!abort) {
            const start = Date.now();
            let status = 0;
            let number: string | undefined;
            try {
              const r = await api.post('/api/letters', { type: 'help', title: `压测来信${key}`, content: `第${w}位写信人的第${n}封来信，小区夜间施工噪音扰民，请处理。` },
                tokens[w], { 'Idempotency-Key': key });
              status = r.status;
              number = r.body?.number;
            } catch { /* connection error: retried like any other failure */ }
            const end = Date.now();
            seen.push({ writer: w, key, start, end, status });
            if (status === 201) { acked.set(key, { number: number!, at: end, writer: w }); break; }
            await sleep(50); // shorter than the 503's Retry-After: keep the pressure on
          }
        }
        while (!stopping && !abort) await sleep(50); // (a writer at its cap waits for the others)
      };
      writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w))).then(() => undefined);
      const ackedBy = (w: number, after = 0) => [...acked.values()].filter((a) => a.writer === w && a.at > after).length;

      // 1. Load with the store up.
      await until(async () => acked.size, () => acked.size >= 40 && tokens.every((_, w) => ackedBy(w) >= 2), 20_000);
      expect(acked.size).toBeGreaterThanOrEqual(40);

      // The gateway stops taking messages just before the cut, so that acknowledgements queued before
      // the cut are still in the outbox when the store goes away. Wait until each message it did take
      // is marked delivered (an acceptance whose mark the cut swallowed would, rightly, be delivered again).
      gateway.open = false;
      const outboxCounts = async () => (await sqlc.query<{ delivered: number; pending: number }>(
        `SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered, count(*) FILTER (WHERE delivered_at IS NULL)::int AS pending
           FROM outbox WHERE kind = 'message'`)).rows[0];
      const settled = await until(outboxCounts, (c) => c.delivered === gateway.accepted.length && c.pending > 0 && gateway.refused > 0, 15_000);
      expect(settled.delivered).toBe(gateway.accepted.length);
      expect(settled.pending).toBeGreaterThan(0);

      // 2. The cut.
      const cutStart = Date.now();
      await px.cut();
      const cutAt = Date.now();
      // Everything still in the outbox now was queued before the cut (this system cannot write).
      const pendingAtCut = (await sqlc.query<{ id: number; message_id: string }>(
        `SELECT id, payload->>'messageId' AS message_id FROM outbox WHERE kind = 'message' AND delivered_at IS NULL`)).rows;
      // Time goes on while the system cannot see it: the clock (which lives in the store) moves past
      // the signing limit of every letter written so far — on the database itself, as another process would.
      const direct: Queryable = { query: async (s, p) => { const r = await sqlc.query(s, p as any[]); return { rows: r.rows, rowCount: r.rowCount ?? 0 }; }, exec: async (s, p) => { await sqlc.query(s, p as any[]); } };
      await new Clock().advance(direct, CLOCK_JUMP_MIN);
      // Down for at least 2 s, and until every writer has been answered while it was.
      const inDownWindow = (s: Seen) => s.start >= cutAt;
      await until(async () => Date.now() - cutAt, (ms) => ms >= 2000 && tokens.every((_, w) => seen.some((s) => s.writer === w && inDownWindow(s) && s.status === 503)), 15_000);
      const reopenStart = Date.now();
      const down = seen.filter((s) => inDownWindow(s) && s.end <= reopenStart);
      await px.open();

      // 3. Recovery, by itself.
      const health = await until(() => api.get('/healthz'), (r) => r.status === 200, 15_000);
      expect(health.status).toBe(200);
      const recoveredMs = Date.now() - reopenStart;
      gateway.open = true;
      await until(async () => 0, () => tokens.every((_, w) => ackedBy(w, reopenStart) >= 3), 20_000);
      stopping = true;
      await writers;
      writers = null;

      // What the clients saw.
      const statuses = new Map<number, number>();
      for (const s of seen) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      const the503s = seen.filter((s) => s.status === 503);
      const max503 = Math.max(0, ...the503s.map((s) => s.end - s.start));
      const other5xx = seen.filter((s) => s.status >= 500 && s.status !== 503).length;
      const unexpected = seen.filter((s) => s.status !== 201 && s.status !== 503 && s.status !== 0);

      // What the store holds: every key once, with the number its client was given.
      const keys = keysOf.flat();
      const rows = (await sqlc.query<{ key: string | null; number: string }>('SELECT idempotency_key AS key, number FROM cases')).rows;
      const byKey = new Map<string, string[]>();
      for (const r of rows) byKey.set(r.key ?? '(none)', [...(byKey.get(r.key ?? '(none)') ?? []), r.number]);
      const lost = keys.filter((k) => !byKey.has(k) || !acked.has(k) || !byKey.get(k)!.includes(acked.get(k)!.number));
      const doubled = [...byKey].filter(([k, numbers]) => numbers.length > 1 || !keys.includes(k));

      console.log(`[outage] letters sent ${keys.length}, 503s ${the503s.length}, 5xx other than 503: ${other5xx}, `
        + `max 503 latency ${max503} ms, lost ${lost.length}, doubled ${doubled.length}; requests ${seen.length}, down ${reopenStart - cutAt} ms `
        + `(${down.length} requests answered while down), recovered in ${recoveredMs} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}, `
        + `unhandled store connection errors ${crashes.length}`);

      expect(other5xx).toBe(0);
      expect(unexpected).toEqual([]);
      expect(down.length).toBeGreaterThanOrEqual(WRITERS);
      expect(down.filter((s) => s.status !== 503 && s.status !== 0)).toEqual([]);
      expect(the503s.length).toBeGreaterThanOrEqual(WRITERS);
      expect(max503).toBeLessThan(5000);
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(rows).toHaveLength(keys.length);
      expect(acked.size).toBe(keys.length);
      for (let w = 0; w < WRITERS; w++) {
        const mine = await api.get('/api/letters/mine', tokens[w]);
        expect(mine.status).toBe(200);
        expect(new Set((mine.body as { number: string }[]).map((m) => m.number)))
          .toEqual(new Set(keysOf[w].map((k) => acked.get(k)!.number)));
        expect(mine.body).toHaveLength(keysOf[w].length);
      }

      // 4a. The watcher picks up: each letter acknowledged before the cut got its signing limit's
      // escalation once, written after the store came back (the jump happened while it was away).
      const beforeCut = [...acked].filter(([, a]) => a.at < cutStart).map(([k]) => k);
      expect(beforeCut.length).toBeGreaterThanOrEqual(40);
      const breaches = async () => (await sqlc.query<{ key: string; n: number; first: Date }>(
        `SELECT c.idempotency_key AS key, count(*)::int AS n, min(e.at) AS first FROM case_events e JOIN cases c ON c.id = e.case_id
          WHERE e.action = 'sla_breached' AND e.data->>'limit' = 'sign' GROUP BY c.idempotency_key`)).rows;
      await until(breaches, (r) => beforeCut.every((k) => r.some((x) => x.key === k)), 15_000);
      await sleep(600); // a few more watcher ticks: a second escalation would be written by now
      const breached = await breaches();
      const breachedKeys = new Set(breached.map((x) => x.key));
      expect(beforeCut.filter((k) => !breachedKeys.has(k))).toEqual([]);
      expect(breached.filter((x) => x.n !== 1)).toEqual([]);
      // Written at clock time = real time + the jump, and after the proxy opened again.
      for (const x of breached) expect(new Date(x.first).getTime() - CLOCK_JUMP_MIN * 60_000).toBeGreaterThanOrEqual(reopenStart - 100);

      // 4b. The outbox picks up: what it held at the cut is delivered after recovery, each exactly once,
      // and in the end every message (one acknowledgement per letter, and the codes) was taken once.
      expect(pendingAtCut.length).toBeGreaterThan(0);
      const left = await until(outboxCounts, (c) => c.pending === 0, 20_000);
      expect(left.pending).toBe(0);
      expect((await sqlc.query(`SELECT 1 FROM outbox WHERE dead_at IS NOT NULL`)).rows).toHaveLength(0);
      const takes = new Map<string, number[]>();
      for (const a of gateway.accepted) takes.set(a.id, [...(takes.get(a.id) ?? []), a.at]);
      for (const p of pendingAtCut) {
        expect(takes.get(`msg-${p.message_id}`), `message ${p.message_id}`).toHaveLength(1);
        expect(takes.get(`msg-${p.message_id}`)![0]).toBeGreaterThanOrEqual(reopenStart);
      }
      expect([...takes].filter(([, at]) => at.length > 1)).toEqual([]);
      const messages = (await sqlc.query<{ id: number; case_id: number | null }>(`SELECT id, case_id FROM messages WHERE channel = 'sms'`)).rows;
      expect(messages.filter((m) => !takes.has(`msg-${m.id}`))).toEqual([]);
      expect(messages.filter((m) => m.case_id !== null)).toHaveLength(keys.length);
      expect(new Set(messages.filter((m) => m.case_id !== null).map((m) => m.case_id)).size).toBe(keys.length);
      console.log(`[outage] watcher: ${breached.length} signing limits escalated once each after recovery (${beforeCut.length} fell due while down); `
        + `outbox: ${pendingAtCut.length} held across the cut, delivered once each; ${gateway.accepted.length} messages taken, 0 twice`);
      // Last, so that everything above is checked either way: the process would have died at the cut.
      expect(crashReport(crashes), 'store connection errors nobody handled (each an uncaught exception in a server process)').toEqual([]);
    } finally {
      stopping = true;
      abort = true;
      await writers?.catch(() => undefined);
      await px.open().catch(() => undefined); // (when a check failed while it was cut) so that close() can finish
      await sys?.close().catch(() => undefined);
      await px.cut();
      await sqlc.end().catch(() => undefined);
      await db.drop();
    }
  }, 60_000);
});
