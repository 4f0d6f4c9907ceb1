// The real server as its own process (`node --import tsx src/main.ts`), on a store of its own that
// outlives it: a temporary DATA_DIR, or a fresh database on the PostgreSQL server when
// TEST_DATABASE_URL is set. For tests that kill, restart, back up or restore the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Api, usingServer } from './system.js';

export const CHILD_ADMIN = 'Admin-Kill-2026';
const dirs: string[] = [];
const dbs: string[] = [];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

/** Environment for a new, empty store: DATA_DIR, or DATABASE_URL of a new database. */
export async function storeEnv(prefix = 'kill'): Promise<Record<string, string>> {
  if (!usingServer()) {
    const dir = mkdtempSync(path.join(tmpdir(), `jsjb-${prefix}-`));
    dirs.push(dir);
    return { DATA_DIR: dir };
  }
  const name = `jsjb_${prefix}_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  dbs.push(name);
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  return { DATABASE_URL: u.toString() };
}

/** Removes every store storeEnv made (call from afterAll). */
export async function dropStores(): Promise<void> {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const name of dbs.splice(0)) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

/** Everything the child servers printed, for a failing test to show. */
export const childOutput: string[] = [];

export async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, OUTBOX_LEASE_MS: '1500', OUTBOX_INTERVAL_MS: '200', ...env, PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: CHILD_ADMIN, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.on('data', (d) => childOutput.push(String(d)));
  const api = new Api(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 300; i++) {
    try { if ((await api.get('/healthz')).status === 200) return child; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** Runs one of the project's scripts (scripts/*.ts) with env; resolves with its exit code and output. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}
