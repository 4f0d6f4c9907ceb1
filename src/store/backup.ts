// Backups of either store, and their restore into an empty one.
//  - PostgreSQL server: pg_dump in its custom format (one consistent snapshot, taken live), restored
//    by pg_restore in one transaction: triggers and the append-only rules of the trail are created
//    after the rows are loaded, so restoring does not re-chain or refuse anything.
//  - Embedded store: PGlite's own dump of its data directory (a gzipped tar of PGDATA), restored by
//    starting PGlite from it. PGlite is single-process: the server using DATA_DIR must be stopped.
// Beside every dump, a manifest (<dump>.json) with its SHA-256, the row counts and the trail's head,
// so a restore can prove it got back what was saved. Secrets that are not in the database (the
// encryption keys, channel secrets given by environment, the admin password) are never in a backup.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Store } from './db.js';

type Reader = Pick<Store, 'query'>;

export const BACKUP_FORMAT = 'jsjb-backup/1';

/** The tables whose rows a restore must bring back exactly. */
export const COUNTED_TABLES = ['cases', 'case_events', 'case_limits', 'attachments', 'citizens', 'users', 'messages', 'outbox', 'campaigns', 'faq'] as const;

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  store: 'postgres' | 'embedded';
  createdAt: string;
  file: string;
  bytes: number;
  sha256: string;
  migrations: string[];
  counts: Record<string, number>;
  /** The last sealed link of the trail's global chain when the dump was taken (null before the first seal). */
  trailHead: { seq: number; eventId: number; globalHash: string } | null;
}

export async function countRows(store: Reader): Promise<Record<string, number>> {
  const present = new Set((await store.query<{ t: string }>(
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()')).rows.map((r) => r.t));
  const out: Record<string, number> = {};
  for (const t of COUNTED_TABLES) {
    if (present.has(t)) out[t] = Number((await store.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
  }
  return out;
}

export async function trailHead(store: Reader): Promise<Manifest['trailHead']> {
  const r = await store.query<{ seq: number; event_id: number; h: string }>(
    "SELECT seq, event_id, encode(global_hash, 'hex') AS h FROM trail_head").catch(() => ({ rows: [] as { seq: number; event_id: number; h: string }[] }));
  const h = r.rows[0];
  return h ? { seq: Number(h.seq), eventId: Number(h.event_id), globalHash: h.h } : null;
}

export async function appliedMigrations(store: Reader): Promise<string[]> {
  const r = await store.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return r.rows.map((x) => x.name);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => reject(new Error(`${cmd} 无法运行（${e.message}）：请安装 PostgreSQL 客户端工具`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} 退出码 ${code}：${err.trim().slice(0, 2000)}`))));
  });
}

export const sha256File = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

export interface Snapshot { counts: Record<string, number>; trailHead: Manifest['trailHead']; migrations: string[] }

const describeStore = async (r: Reader): Promise<Snapshot> => ({ counts: await countRows(r), trailHead: await trailHead(r), migrations: await appliedMigrations(r) });

/**
 * pg_dump of the server database into file (custom format, no owners or grants: restorable anywhere),
 * taken live: the counts and trail head are read in a snapshot that pg_dump then shares (--snapshot),
 * so the manifest describes exactly what is in the dump while letters keep arriving.
 */
export async function dumpServer(databaseUrl: string, file: string): Promise<Snapshot> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const id = (await c.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const reader: Reader = { query: async (sql: string, params?: unknown[]) => { const r = await c.query(sql, params as any[]); return { rows: r.rows, rowCount: r.rowCount ?? 0 }; } } as Reader;
    const snap = await describeStore(reader);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${id}`, `--file=${file}`, `--dbname=${databaseUrl}`]);
    await c.query('COMMIT');
    return snap;
  } finally {
    await c.end();
  }
}

/** pg_restore into a database that must hold no tables yet; all of it or nothing. */
export async function restoreServer(databaseUrl: string, file: string, store: Store): Promise<void> {
  const tables = await store.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
  if (tables.rows[0].n > 0) throw new Error('目标数据库不是空的：恢复只写入空数据库（请新建一个数据库）');
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, file]);
}

/** The embedded store's data directory as PGlite dumps it (gzipped tar). The directory must not be in use. */
export async function dumpEmbedded(dataDir: string, file: string): Promise<Snapshot> {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) throw new Error(`没有数据库：${dataDir} 不存在或为空`);
  const db = await PGlite.create(path.resolve(dataDir));
  try {
    const snap = await describeStore({ query: async (sql: string, params?: unknown[]) => { const r = await db.query(sql, params as any[]); return { rows: r.rows, rowCount: r.affectedRows ?? 0 }; } } as Reader);
    await db.query('CHECKPOINT');
    const blob = await db.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await blob.arrayBuffer()));
    return snap;
  } finally {
    await db.close();
  }
}

export async function restoreEmbedded(dataDir: string, file: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`目标目录 ${dataDir} 不是空的：恢复只写入空目录`);
  const db = await PGlite.create(path.resolve(dataDir), { loadDataDir: new Blob([await readFile(file)]) });
  await db.close();
}
