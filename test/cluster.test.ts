// `WORKERS=3 npm start` on one PostgreSQL: three processes answer on one port, and the time-limit
// watcher's escalations stay exactly-once across them.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { Api, usingServer, until } from './helpers/system.js';
import { signed, SECRET } from './helpers/channel.js';

const ADMIN = 'Admin-Cluster-2026';
let child: ChildProcess | null = null;
let dbName = '';

/** A fresh connection per request (fetch would keep one connection, and so one worker). */
function pidOf(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let raw = '';
      res.on('data', (c) => { raw += c; });
      res.on('end', () => { try { resolve(res.statusCode === 200 ? JSON.parse(raw).pid : null); } catch { resolve(null); } });
    });
    req.on('error', () => resolve(null));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dbName) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  }
});

describe.runIf(usingServer())('several worker processes', () => {
  it('serve one port from three processes, and escalate each breached limit exactly once', async () => {
    dbName = `jsjb_cluster_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${dbName}`;
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATABASE_URL: u.toString(), WORKERS: '3', PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: ADMIN, CLOCK_CONTROL: '1', WATCHER_INTERVAL_MS: '200', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const api = new Api(`http://127.0.0.1:${port}`);
    const pids = new Set<number>();
    await until(async () => { const pid = await pidOf(port); if (pid) pids.add(pid); return pids.size; }, (n) => n >= 3, 60_000);
    expect(pids.size).toBe(3);

    const token = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN })).body.token;
    expect((await api.put('/api/admin/channels/12345', { secret: SECRET }, token)).status).toBe(204);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await api.req('POST', '/api/channels/12345/cases', signed({
        externalId: `cl-${i}`, receivedAt: new Date().toISOString(), citizen: { name: '周明', phone: '13700137001' },
        content: `第${i}封来信：小区门口夜间施工噪音扰民，请尽快处理。`,
      }));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    // Twenty minutes later nobody has signed: every case's signing limit is breached — once.
    expect((await api.post('/api/admin/clock', { advanceMinutes: 20 }, token)).status).toBe(200);
    const counted = async () => {
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try {
        return (await c.query<{ case_id: string; n: string }>(
          `SELECT case_id, count(*) AS n FROM case_events WHERE action = 'sla_breached' AND data->>'limit' = 'sign' GROUP BY case_id`)).rows;
      } finally { await c.end(); }
    };
    const rows = await until(counted, (r) => r.length >= 20, 20_000);
    await new Promise((r) => setTimeout(r, 1000)); // a doubled escalation would be written by now
    const after = await counted();
    expect(after).toHaveLength(20);
    expect(after.every((r) => Number(r.n) === 1)).toBe(true);
    expect(rows.map((r) => Number(r.case_id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  }, 120_000);
});
