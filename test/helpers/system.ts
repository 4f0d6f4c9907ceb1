// A real system for a test file: a real HTTP server on a free port over a real PostgreSQL —
// an in-memory PGlite, or, when TEST_DATABASE_URL is set (CI's second run), a fresh database
// on that server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { startSystem, type System } from '../../src/server.js';

export const ADMIN_PASSWORD = 'Admin-Test-2026';
export const STAFF_PASSWORD = 'Staff-Test-2026';

export interface TestSystem {
  sys: System;
  url: string;
  api: Api;
  adminToken: string;
  /** The server database of this test file, when TEST_DATABASE_URL is set. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface Res<T = any> { status: number; body: T; headers: Headers }

export class Api {
  constructor(readonly url: string) {}
  async req<T = any>(method: string, path: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.raw;
    if (opts.body !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(opts.body); }
    const r = await fetch(this.url + path, { method, headers, body });
    const text = await r.text();
    let parsed: any = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, body: parsed, headers: r.headers };
  }
  get<T = any>(path: string, token?: string | null) { return this.req<T>('GET', path, { token }); }
  post<T = any>(path: string, body?: unknown, token?: string | null, headers?: Record<string, string>) { return this.req<T>('POST', path, { token, body, headers }); }
  put<T = any>(path: string, body?: unknown, token?: string | null) { return this.req<T>('PUT', path, { token, body }); }
}

/** A fresh, empty database on the test server, and how to drop it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `jsjb_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const usingServer = () => !!process.env.TEST_DATABASE_URL;

/**
 * `direct: false` (the default here) turns 直派 off, so that letters wait in triage as most tests of
 * the loop expect; the router's own tests turn it on.
 */
export async function startTestSystem(overrides: Partial<Config> = {}, opts: { direct?: boolean } = {}): Promise<TestSystem> {
  const db = usingServer() ? await freshDatabase() : null;
  const config: Config = {
    ...loadConfig({}),
    dataDir: '',
    databaseUrl: db?.url,
    adminPassword: ADMIN_PASSWORD,
    clockControl: true,
    watcherIntervalMs: 200,
    ...overrides,
  };
  const sys = await startSystem(config);
  const address = await sys.app.listen({ port: 0, host: '127.0.0.1' });
  const api = new Api(address);
  const login = await api.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  if (!opts.direct) await api.put('/api/admin/settings/router', { autoDispatchThreshold: 2 }, login.body.token);
  return {
    sys, url: address, api, adminToken: login.body.token, databaseUrl: db?.url,
    async close() {
      await sys.close();
      await db?.drop();
    },
  };
}

/** Creates a staff user and returns its token. */
export async function staff(t: TestSystem, username: string, roles: string[], unitCode: string | null, displayName = username): Promise<string> {
  const r = await t.api.post('/api/admin/users', { username, password: STAFF_PASSWORD, displayName, unitCode, roles }, t.adminToken);
  if (r.status !== 201) throw new Error(`create ${username}: ${JSON.stringify(r.body)}`);
  const l = await t.api.post('/api/auth/login', { username, password: STAFF_PASSWORD });
  return l.body.token;
}

/** A valid GB 11643 ID number for a body of 17 digits. */
export function idNumber(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body17 + '10X98765432'[sum % 11];
}

/** Verifies a citizen through the real OTP flow, reading the code from the recorded messages. */
export async function citizen(t: TestSystem, phone: string, name = '王小明', id = idNumber('44030419900101123')): Promise<string> {
  const o = await t.api.post('/api/citizen/otp', { phone });
  if (o.status !== 202) throw new Error(`otp: ${JSON.stringify(o.body)}`);
  const code = await lastCode(t, phone);
  const v = await t.api.post('/api/citizen/verify', { phone, code, name, idNumber: id });
  if (v.status !== 200) throw new Error(`verify: ${JSON.stringify(v.body)}`);
  return v.body.token;
}

export async function lastCode(t: TestSystem, phone: string): Promise<string> {
  const m = await t.api.get(`/api/admin/messages?to=${phone}`, t.adminToken);
  const msg = m.body.find((x: any) => /验证码是(\d{6})/.test(x.text));
  return /验证码是(\d{6})/.exec(msg.text)![1];
}

export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() - start > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
