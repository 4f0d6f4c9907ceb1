// The tamper-evident audit trail (可追溯): after ordinary work — letters, the whole loop, a merge, a
// viewed phone number, admin changes, the watcher's batched escalations — every case's chain and the
// sealed global chain verify; then rows are changed, deleted, forged and swapped directly in SQL and
// the verifier (and `npm run verify-trail`, exit 3) names the first broken link each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestSystem, staff, citizen, until, usingServer, type TestSystem } from './helpers/system.js';
import { openStore, migrate, splitStatements, type Store } from '../src/store/db.js';
import { verifyTrail, type TrailReport } from '../src/commands/verifyTrail.js';
import { startTrailSealer, type TrailSealer } from '../src/jobs/trailSealer.js';
import { canonicalEvent, eventHash, GENESIS, isoMicros } from '../src/domain/trail.js';

let t: TestSystem;
let sealer: TrailSealer;
let dispatcher: string, reviewer: string, officer: string, writer: string;
const cases: number[] = [];

async function letter(title: string, key?: string): Promise<number> {
  const r = await t.api.post('/api/letters', { type: 'help', category: 'public_order', title, content: `${title}：福田区某小区深夜噪音扰民，请求处理。`, address: '深圳市福田区' },
    writer, key ? { 'Idempotency-Key': key } : undefined);
  expect(r.status).toBe(201);
  return r.body.id;
}

const eventsOf = async (store: Store, caseId: number) =>
  (await store.query<{ id: number; action: string }>('SELECT id, action FROM case_events WHERE case_id = $1 ORDER BY id', [caseId])).rows.map((r) => ({ id: Number(r.id), action: r.action }));

/** A change made directly in the database, past the append-only guard and the chaining trigger (as someone with DDL rights could). */
async function tamper(store: Store, fn: (tx: { query: Store['query'] }) => Promise<unknown>) {
  await store.transaction(async (tx) => {
    await tx.query('ALTER TABLE case_events DISABLE TRIGGER USER');
    await fn(tx as any);
    await tx.query('ALTER TABLE case_events ENABLE TRIGGER USER');
  });
}

/** Keeps the rows of these ids as they are, to put them back after a test has tampered with them. */
async function backup(store: Store, ids: number[]) {
  await store.query('CREATE TABLE IF NOT EXISTS tamper_backup AS SELECT * FROM case_events WITH NO DATA');
  await store.query('INSERT INTO tamper_backup SELECT * FROM case_events WHERE id = ANY($1::bigint[])', [ids]);
  return async (extraIds: number[] = []) => {
    await tamper(store, async (tx) => {
      await tx.query('DELETE FROM case_events WHERE id = ANY($1::bigint[])', [[...ids, ...extraIds]]);
      await tx.query('INSERT INTO case_events SELECT * FROM tamper_backup WHERE id = ANY($1::bigint[])', [ids]);
      await tx.query('DELETE FROM tamper_backup');
    });
    expect((await verifyTrail(store)).ok).toBe(true);
  };
}

beforeAll(async () => {
  t = await startTestSystem({ trailSealIntervalMs: 0 }); // the test seals by hand
  sealer = startTrailSealer(t.sys.deps, { intervalMs: 60_000 }, (e) => { throw e; });
  dispatcher = await staff(t, 'trail-d', ['dispatcher'], 'center', '张调度');
  reviewer = await staff(t, 'trail-r', ['reviewer'], 'center', '李审核');
  officer = await staff(t, 'trail-o', ['officer'], 'futian-branch', '福田民警');
  writer = await citizen(t, '13600136001', '赵女士');
});
afterAll(async () => { await sealer?.stop(); await t?.close(); });

describe('the trail after ordinary work', () => {
  it('chains every event, the watcher\'s batched ones included, and verifies', async () => {
    const { api } = t;
    // The whole loop on one letter.
    const a = await letter('楼下烧烤噪音', 'trail-a');
    cases.push(a);
    expect((await api.post(`/api/cases/${a}/dispatch`, { unitCode: 'futian-branch', note: '请尽快处理' }, dispatcher)).status).toBe(200);
    expect((await api.post(`/api/cases/${a}/sign`, undefined, officer)).status).toBe(200);
    expect((await api.get(`/api/cases/${a}/contact-info`, officer)).status).toBe(200);
    expect((await api.post(`/api/cases/${a}/contact`, { method: 'phone', outcome: 'reached', note: '已电话联系' }, officer)).status).toBe(201);
    expect((await api.post(`/api/cases/${a}/feedback`, { content: '已约谈烧烤店经营者。' }, officer)).status).toBe(201);
    expect((await api.post(`/api/cases/${a}/report`, { outcome: 'resolved', content: '烧烤店已停止夜间营业。' }, officer)).body.status).toBe('reported');
    expect((await api.post(`/api/cases/${a}/review`, { approve: true, note: '办理规范' }, reviewer)).body.status).toBe('reviewed');
    expect((await api.post(`/api/cases/${a}/callback`, { reached: true, resolved: true, satisfaction: 'satisfied', note: '满意' }, reviewer)).body.status).toBe('closed');
    // A duplicate merged into another letter.
    const b = await letter('深夜噪音');
    const c = await letter('深夜噪音（重复）');
    cases.push(b, c);
    expect((await api.post(`/api/cases/${c}/merge`, { intoId: b }, dispatcher)).status).toBe(200);
    // Admin events (case_id NULL): a unit created.
    expect((await api.post('/api/admin/units', { code: 'trail-unit', name: '审计测试单位', kind: 'city' }, t.adminToken)).status).toBe(201);
    // Three letters nobody signs: the watcher escalates them in one batch.
    const late = [await letter('无人签收一'), await letter('无人签收二'), await letter('无人签收三')];
    cases.push(...late);
    await api.post('/api/admin/clock', { advanceMinutes: 15 }, t.adminToken);
    const breached = await until(
      async () => (await t.sys.store.query<{ n: number }>("SELECT count(DISTINCT case_id)::int AS n FROM case_events WHERE action = 'sla_breached' AND case_id = ANY($1::bigint[])", [late])).rows[0].n,
      (n) => n === late.length, 10_000);
    expect(breached).toBe(late.length);

    // The per-case chains hold at once, before any sealing.
    const total = (await t.sys.store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events')).rows[0].n;
    const before = await verifyTrail(t.sys.store);
    expect(before).toMatchObject({ ok: true, breaks: [] });
    expect(before.checked).toBeGreaterThanOrEqual(total);
    expect(before.sealed).toBe(0); // nothing sealed yet (the migration sealed an empty store)

    expect(await sealer.sealOnce()).toBeGreaterThanOrEqual(total);
    const after = await verifyTrail(t.sys.store);
    expect(after).toMatchObject({ ok: true });
    expect(after.sealed).toBeGreaterThanOrEqual(total);
    expect(after.head!.seq).toBe(after.sealed);

    // The same from the administration; only an admin may ask.
    const r = await api.get('/api/admin/trail/verify', t.adminToken);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true });
    expect(r.body.checked).toBeGreaterThanOrEqual(total);
    expect(r.body.firstBroken).toBeUndefined();
    expect((await api.get('/api/admin/trail/verify', dispatcher)).status).toBe(403);
    expect((await api.get('/api/admin/trail/verify')).status).toBe(401);
  });

  it('computes in the database exactly what the verifier recomputes', async () => {
    const row = (await t.sys.store.query<any>(
      `SELECT id, case_id, (extract(epoch FROM at) * 1000000)::int8::text AS at_us, actor_kind, actor_id::text AS actor_id, actor_label, action, note,
              data::text AS data, prev_hash, hash, convert_from(trail_canonical(e), 'UTF8') AS canon
         FROM case_events e WHERE case_id = $1 AND note IS NOT NULL ORDER BY id LIMIT 1`, [cases[0]])).rows[0];
    const ev = { id: Number(row.id), caseId: Number(row.case_id), atMicros: row.at_us, actorKind: row.actor_kind, actorId: row.actor_id, actorLabel: row.actor_label, action: row.action, note: row.note, data: row.data };
    expect(canonicalEvent(ev).toString('utf8')).toBe(row.canon);
    expect(canonicalEvent(ev).toString('utf8')).toMatch(/^trail1\|\d+:\d+,\d+:\d+,27:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,/);
    expect(eventHash(Buffer.from(row.prev_hash), ev).equals(Buffer.from(row.hash))).toBe(true);
    expect(isoMicros('1714529472123456')).toBe('2024-05-01T02:11:12.123456Z');
    expect(isoMicros('-1')).toBe('1969-12-31T23:59:59.999999Z');
    // The first event of a case starts from the genesis.
    const first = (await t.sys.store.query<any>('SELECT prev_hash FROM case_events WHERE case_id = $1 ORDER BY id LIMIT 1', [cases[0]])).rows[0];
    expect(Buffer.from(first.prev_hash).equals(GENESIS)).toBe(true);
  });

  it('refuses updates and deletes of events (append-only)', async () => {
    const id = (await eventsOf(t.sys.store, cases[0]))[1].id;
    await expect(t.sys.store.query("UPDATE case_events SET note = 'x' WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(t.sys.store.query('DELETE FROM case_events WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.sys.store.query('UPDATE case_events SET seq = 999999 WHERE id = $1', [id])).rejects.toThrow(/append-only/); // sealed once only
    // An id given by the writer is not kept: the trigger numbers events itself.
    await t.sys.store.query("INSERT INTO case_events (id, case_id, at, actor_kind, actor_label, action) VALUES (1, NULL, now(), 'system', '测试', 'probe')");
    expect((await t.sys.store.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events WHERE id = 1 AND action = 'probe'")).rows[0].n).toBe(0);
    expect((await verifyTrail(t.sys.store)).ok).toBe(true);
  });
});

describe('tampering directly in the database', () => {
  it('a changed note: the changed event, content changed', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[0]);
    const victim = ev.find((e) => e.action === 'contacted')!;
    const restore = await backup(store, [victim.id]);
    await tamper(store, (tx) => tx.query("UPDATE case_events SET note = '未联系上' WHERE id = $1", [victim.id]));
    const r = await verifyTrail(store);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ eventId: victim.id, caseId: cases[0], code: 'content_changed' });
    expect(r.brokenStreams).toBe(1);
    await restore();
  });

  it('a deleted event in the middle of a case: the next event of that case, its previous event missing', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[0]);
    const i = ev.findIndex((e) => e.action === 'feedback');
    const restore = await backup(store, [ev[i].id]);
    await tamper(store, (tx) => tx.query('DELETE FROM case_events WHERE id = $1', [ev[i].id]));
    const r = await verifyTrail(store);
    expect(r.firstBroken).toMatchObject({ eventId: ev[i + 1].id, caseId: cases[0], code: 'previous_missing' });
    expect(r.firstBroken!.reason).toContain(`#${ev[i - 1].id}`);
    // The sealed global chain sees the hole too.
    expect(r.breaks.some((b) => b.code === 'sealed_missing' && b.seq !== undefined)).toBe(true);
    await restore();
  });

  it('a forged event with a copied hash: the forged event', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[1]);
    const last = ev[ev.length - 1];
    const restore = await backup(store, []);
    let forged = 0;
    await tamper(store, async (tx) => {
      const r = await tx.query<{ id: number }>(
        `INSERT INTO case_events (id, case_id, at, actor_kind, actor_id, actor_label, action, note, data, prev_hash, hash)
         SELECT nextval('case_events_id_seq'), case_id, at, actor_kind, actor_id, actor_label, 'closed', '已办结', NULL, prev_hash, hash
           FROM case_events WHERE id = $1 RETURNING id`, [last.id]);
      forged = Number(r.rows[0].id);
    });
    const r = await verifyTrail(store);
    expect(r.firstBroken).toMatchObject({ eventId: forged, caseId: cases[1], code: 'out_of_order' });
    await restore([forged]);
  });

  it('two events with their contents swapped: the first of the two', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[0]);
    const [x, y] = [ev.find((e) => e.action === 'signed')!, ev.find((e) => e.action === 'reported')!];
    const restore = await backup(store, [x.id, y.id]);
    const cols = 'at, actor_kind, actor_id, actor_label, action, note, data, prev_hash, hash';
    await tamper(store, (tx) => tx.query(
      `UPDATE case_events e SET (${cols}) = (SELECT ${cols} FROM tamper_backup b WHERE b.id = CASE e.id WHEN $1::bigint THEN $2::bigint ELSE $1::bigint END)
        WHERE e.id IN ($1, $2)`, [x.id, y.id]));
    const r = await verifyTrail(store);
    expect(r.firstBroken).toMatchObject({ eventId: x.id, caseId: cases[0], code: 'forged' });
    await restore();
    // Only the words swapped, the hashes left in place: still the first of the two.
    const restore2 = await backup(store, [x.id, y.id]);
    await tamper(store, (tx) => tx.query(
      `UPDATE case_events e SET (action, note, data) = (SELECT action, note, data FROM tamper_backup b WHERE b.id = CASE e.id WHEN $1::bigint THEN $2::bigint ELSE $1::bigint END)
        WHERE e.id IN ($1, $2)`, [x.id, y.id]));
    expect((await verifyTrail(store)).firstBroken).toMatchObject({ eventId: x.id, caseId: cases[0], code: 'content_changed' });
    await restore2();
  });

  it('a case\'s chain recomputed after a change: the global chain names the changed event', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[0]);
    const i = ev.findIndex((e) => e.action === 'review_approved');
    const ids = ev.slice(i).map((e) => e.id);
    const restore = await backup(store, ids);
    await tamper(store, async (tx) => {
      await tx.query("UPDATE case_events SET note = '办理不规范' WHERE id = $1", [ids[0]]);
      // Every later hash of the case recomputed with the database's own functions, as a careful forger would.
      for (const id of ids) {
        await tx.query(`UPDATE case_events e SET prev_hash = p.h, hash = sha256(p.h || trail_canonical(e))
          FROM (SELECT hash AS h FROM case_events WHERE case_id = $2 AND id < $1 ORDER BY id DESC LIMIT 1) p WHERE e.id = $1`, [id, cases[0]]);
      }
    });
    const r = await verifyTrail(store);
    expect(r.brokenStreams).toBe(0);
    expect(r.firstBroken).toMatchObject({ eventId: ids[0], caseId: cases[0], code: 'global_hash_mismatch' });
    await restore();
  });

  it('the last event of a case deleted: the sealed global chain misses it', async () => {
    const store = t.sys.store;
    const ev = await eventsOf(store, cases[0]);
    const last = ev[ev.length - 1];
    const restore = await backup(store, [last.id]);
    await tamper(store, (tx) => tx.query('DELETE FROM case_events WHERE id = $1', [last.id]));
    const r = await verifyTrail(store);
    expect(r.brokenStreams).toBe(0);
    const next = (await store.query<{ id: number }>('SELECT min(id) AS id FROM case_events WHERE id > $1', [last.id])).rows[0].id;
    expect(r.firstBroken).toMatchObject({ eventId: Number(next), code: 'sealed_missing' });
    await restore();
  });
});

describe('concurrent writers', () => {
  it('keeps one chain per case with many writers on one case while the sealer runs', async () => {
    const id = await letter('并发写入');
    await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher);
    const background = startTrailSealer(t.sys.deps, { intervalMs: 20 }, (e) => { throw e; });
    try {
      // Views of the phone number (no case lock of their own) racing an action, the watcher and new letters.
      await Promise.all([
        ...Array.from({ length: 12 }, () => t.api.get(`/api/cases/${id}/contact-info`, dispatcher).then((r) => expect(r.status).toBe(200))),
        t.api.post(`/api/cases/${id}/sign`, undefined, officer),
        ...Array.from({ length: 8 }, (_, i) => letter(`并发来信${i}`)),
        t.api.post('/api/admin/clock', { advanceMinutes: 15 }, t.adminToken),
      ]);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await background.stop();
    }
    const total = (await t.sys.store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events')).rows[0].n;
    await sealer.sealOnce();
    const r = await verifyTrail(t.sys.store);
    expect(r.breaks).toEqual([]);
    expect(r.sealed).toBeGreaterThanOrEqual(total);
    expect((await eventsOf(t.sys.store, id)).filter((e) => e.action === 'contact_info_viewed')).toHaveLength(12);
  });
});

describe('sealing only what is final', () => {
  it.skipIf(!usingServer())('does not seal past an event whose transaction is still open, and seals it once committed', async () => {
    await sealer.sealOnce();
    const id = await letter('未提交的事务');
    const open = new pg.Client({ connectionString: t.databaseUrl });
    await open.connect();
    try {
      await open.query('BEGIN');
      const pending = Number((await open.query("INSERT INTO case_events (case_id, at, actor_kind, actor_label, action) VALUES (NULL, now(), 'system', '测试', 'slow') RETURNING id")).rows[0].id);
      // A later event, committed (another case, so it does not wait for the open transaction's lock).
      await t.api.get(`/api/cases/${id}/contact-info`, dispatcher);
      const later = Math.max(...(await eventsOf(t.sys.store, id)).map((e) => e.id));
      expect(later).toBeGreaterThan(pending);
      await sealer.sealOnce(300);
      const mid = await verifyTrail(t.sys.store);
      expect(mid.ok).toBe(true);
      expect(mid.head!.eventId).toBeLessThan(pending);
      await open.query('COMMIT');
      await sealer.sealOnce();
      const done = await verifyTrail(t.sys.store);
      expect(done.ok).toBe(true);
      expect(done.head!.eventId).toBeGreaterThanOrEqual(later);
    } finally {
      await open.end();
    }
  });
});

describe('a store from before the trail', () => {
  /** An empty store of its own: an in-memory PGlite, or a fresh database on the server. */
  async function emptyStore(): Promise<{ store: Store; drop(): Promise<void> }> {
    if (!usingServer()) {
      const store = await openStore({});
      return { store, drop: () => store.close() };
    }
    const name = `jsjb_trail_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    const store = await openStore({ databaseUrl: u.toString() });
    return {
      store,
      async drop() {
        await store.close();
        const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }

  it('chains and seals the events already there when the migration runs', async () => {
    const { store, drop } = await emptyStore();
    try {
      await store.transaction(async (tx) => {
        await tx.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const dir = path.join(process.cwd(), 'src/store/migrations');
        for (const f of readdirSync(dir).filter((x) => /^\d+_.*\.sql$/.test(x) && x < '008').sort()) {
          for (const st of splitStatements(readFileSync(path.join(dir, f), 'utf8'))) await tx.query(st);
          await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
        }
        await tx.query("INSERT INTO channels (code, name) VALUES ('web', '网站')");
        for (let i = 1; i <= 3; i++) {
          await tx.query(`INSERT INTO cases (number, channel, type, title, content, status, received_at, updated_at)
            VALUES ($1, 'web', 'help', '旧案', '旧案内容', 'received', now(), now())`, [`OLD${i}`]);
        }
        await tx.query(`INSERT INTO case_events (case_id, at, actor_kind, actor_label, action, note, data)
          SELECT c.id, now() - (n || ' minutes')::interval, 'system', '旧系统', 'a' || n, CASE WHEN n % 2 = 0 THEN '备注' END, jsonb_build_object('n', n, 'text', '中文')
            FROM cases c, generate_series(1, 4) n ORDER BY n, c.id`);
        await tx.query("INSERT INTO case_events (case_id, at, actor_kind, actor_label, action) VALUES (NULL, now(), 'staff', '管理员', 'unit_created')");
      });
      expect(await migrate(store)).toContain('008_trail.sql');
      const r: TrailReport = await verifyTrail(store);
      expect(r).toMatchObject({ ok: true, checked: 13, sealed: 13, streams: 4, head: { seq: 13 } });
      // And it goes on from there: a new event joins its case's chain; the sealer continues the global one.
      await store.query("INSERT INTO case_events (case_id, at, actor_kind, actor_label, action) SELECT id, now(), 'system', '新系统', 'after' FROM cases WHERE number = 'OLD2'");
      const s = startTrailSealer({ store }, { intervalMs: 60_000 }, (e) => { throw e; });
      expect(await s.sealOnce()).toBe(1);
      await s.stop();
      expect(await verifyTrail(store)).toMatchObject({ ok: true, checked: 14, sealed: 14 });
    } finally {
      await drop();
    }
  });
});

describe('npm run verify-trail', () => {
  function run(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify-trail.ts', '--json'], {
        env: { ...process.env, DATA_DIR: '', DATABASE_URL: '', ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      child.on('exit', (code) => resolve({ code, out, err }));
    });
  }

  it('exits 0 on an intact trail and 3 naming the first broken link', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jsjb-trail-'));
    const s = await startTestSystem({ dataDir: dir, trailSealIntervalMs: 0 });
    try {
      const w = await citizen(s, '13600136002');
      const sent = await s.api.post('/api/letters', { type: 'help', category: 'public_order', title: '命令行', content: '福田区噪音扰民，请求处理。' }, w);
      const d = await staff(s, 'cli-d', ['dispatcher'], 'center');
      await s.api.post(`/api/cases/${sent.body.id}/dispatch`, { unitCode: 'futian-branch', note: '请处理' }, d);
      const env: Record<string, string> = usingServer() ? { DATABASE_URL: s.databaseUrl! } : { DATA_DIR: dir };
      // The embedded store opens in one process at a time: the system stops first there.
      let store: Store = s.sys.store;
      const reopen = async () => { if (!usingServer()) { await s.sys.close(); } };
      const victim = (await eventsOf(store, sent.body.id)).find((e) => e.action === 'dispatched')!;
      await reopen();

      const ok = await run(env);
      expect(ok.code, ok.err).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ ok: true });

      if (!usingServer()) store = await openStore({ dataDir: dir });
      await tamper(store, (tx) => tx.query("UPDATE case_events SET note = '改过的备注' WHERE id = $1", [victim.id]));
      if (!usingServer()) await store.close();
      const broken = await run(env);
      expect(broken.code, broken.err).toBe(3);
      expect(JSON.parse(broken.out).firstBroken).toMatchObject({ eventId: victim.id, caseId: sent.body.id, code: 'content_changed' });

      // The human-readable form names it too.
      const text = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify-trail.ts'], {
          env: { ...process.env, DATA_DIR: '', DATABASE_URL: '', ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (x) => { out += x; });
        child.on('exit', (code) => resolve({ code, out }));
      });
      expect(text.code).toBe(3);
      expect(text.out).toContain(`事件 #${victim.id}`);
      expect(text.out).toContain('content_changed');
    } finally {
      if (usingServer()) await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when there is no store', async () => {
    const r = await run({ DATA_DIR: path.join(tmpdir(), 'jsjb-trail-none-' + Date.now()) });
    expect(r.code).toBe(1);
  });
});
