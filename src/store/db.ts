// One interface over the two PostgreSQL stores: the embedded PGlite (zero-setup default) and a
// PostgreSQL server (production). Everything above this file speaks plain PostgreSQL 15 SQL.
import { readdir, readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// pg's own conversion of a parameter to its text form (dates, arrays, JSON, buffers), reused for literals.
import { prepareValue } from 'pg/lib/utils.js';
import { PGlite } from '@electric-sql/pglite';

export interface QueryResult<T> { rows: T[]; rowCount: number }

/**
 * `name`: a hot statement whose text never changes under that name (a letter's INSERT, an event, the
 * session lookup). The server store prepares it once per connection and then only executes it, so
 * PostgreSQL neither parses nor plans it again (planning was ≈ 40 % of a letter's statement time);
 * the embedded store ignores it.
 */
export interface Queryable {
  query<T = Record<string, any>>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<T>>;
  /**
   * A write whose result nobody reads. Inside a transaction it may travel with the next statement or
   * with the COMMIT (one round trip for several statements); it still runs before anything issued after
   * it, and if it fails the transaction fails. Outside a transaction it runs at once.
   */
  exec(sql: string, params?: unknown[], name?: string): Promise<void>;
}

export interface Store extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs fn in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on a channel — delivered on commit, from every process on this database. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Ids and counts are int8; every figure we keep fits a JS number (2^53), so read them as numbers.
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));

/** Thrown when the store cannot be reached: the HTTP layer answers 503, never a 500. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('数据存储暂时不可用，请稍后重试', { cause });
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
function translate(err: any): unknown {
  if (err && (CONNECTION_ERROR_CODES.has(err.code) || /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(String(err.message)))) {
    return new StoreUnavailable(err);
  }
  return err;
}

class ServerStore implements Store {
  readonly kind = 'postgres' as const;
  constructor(private pool: pg.Pool, private connectionString: string, private batch = true) {}

  async query<T>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<T>> {
    try {
      // A named statement: pg prepares it on each pooled connection the first time, then executes it.
      const r = name ? await this.pool.query({ name: `q_${name}`, text: sql, values: params as any[] }) : await this.pool.query(sql, params as any[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    } catch (e) { throw translate(e); }
  }

  async exec(sql: string, params?: unknown[], name?: string): Promise<void> { await this.query(sql, params, name); }

  // Every round trip to the server costs the Node thread a socket write and a wake-up (a third of its
  // time under intake load). So BEGIN, the statements passed to exec() and COMMIT wait and travel
  // together with the next statement that needs an answer, as one multi-statement simple query with
  // the parameters written as literals (inlineParams). A letter's transaction is 3 round trips, not 10.
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try { client = await this.pool.connect(); } catch (e) { throw translate(e); }
    // The pool listens for a dropped connection only while a client is idle: a checked-out client
    // whose connection dies emits 'error' with nobody listening, which would crash the process.
    // Listened to here, the waiting query fails (→ 503) and the client is thrown away on release.
    let lost = false;
    const onError = () => { lost = true; };
    client.on('error', onError);
    const batch = this.batch;
    const waiting: string[] = ['BEGIN'];
    let sent = false;
    // Named statements in a batch: PREPARE once per connection (prepared statements outlive a
    // rollback), EXECUTE with literal arguments afterwards. A failed batch that carried a PREPARE
    // leaves it unknown which ran: that connection is then thrown away rather than guessed about.
    const prepared = preparedOn(client);
    let preparing = false;
    const statement = (sql: string, params: unknown[] | undefined, name: string | undefined): string => {
      if (!name) return inlineParams(sql, params);
      const id = `b_${name}`;
      const run = `EXECUTE ${id}${params?.length ? `(${params.map(literalOf).join(', ')})` : ''}`;
      if (prepared.has(id)) return run;
      prepared.add(id);
      preparing = true;
      return `PREPARE ${id} AS ${sql};\n${run}`;
    };
    if (!this.batch) {
      try { await client.query('BEGIN'); } catch (e) { client.removeListener('error', onError); client.release(true); throw translate(e); }
      waiting.length = 0;
      sent = true;
    }
    const send = async (sql: string | null, params?: unknown[], name?: string): Promise<pg.QueryResult> => {
      if (!waiting.length && !batch) return name ? client.query({ name: `q_${name}`, text: sql!, values: params as any[] }) : client.query(sql!, params as any[]);
      if (!waiting.length && !name) return client.query(sql!, params as any[]);
      const text = [...waiting, ...(sql === null ? [] : [statement(sql, params, name)])].join(';\n');
      waiting.length = 0;
      sent = true;
      try {
        const r = await client.query(text) as unknown as pg.QueryResult | pg.QueryResult[];
        return Array.isArray(r) ? r[r.length - 1] : r;
      } catch (e) {
        if (preparing) lost = true;
        throw e;
      } finally {
        preparing = false;
      }
    };
    const tx: Queryable = {
      async query<R>(sql: string, params?: unknown[], name?: string) {
        try {
          const r = await send(sql, params, name);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        } catch (e) { throw translate(e); }
      },
      async exec(sql: string, params?: unknown[], name?: string) {
        if (batch) waiting.push(statement(sql, params, name));
        else await tx.query(sql, params, name);
      },
    };
    let broken = false;
    try {
      const out = await fn(tx);
      if (sent || waiting.length > 1) {
        waiting.push('COMMIT');
        await send(null);
      }
      return out;
    } catch (e) {
      if (sent) try { await client.query('ROLLBACK'); } catch { broken = true; }
      throw translate(e);
    } finally {
      client.removeListener('error', onError);
      client.release(broken || lost);
    }
  }

  // One dedicated connection per channel; reconnects by itself after the server comes back.
  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      if (stopped) return;
      const c = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 3000 });
      c.on('notification', (n) => { if (n.channel === channel) onPayload(n.payload ?? ''); });
      c.on('error', () => { c.end().catch(() => {}); if (client === c) { client = null; setTimeout(() => void connect().catch(() => {}), 1000).unref(); } });
      try {
        await c.connect();
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        client = c;
      } catch {
        await c.end().catch(() => {});
        setTimeout(() => void connect().catch(() => {}), 1000).unref();
      }
    };
    await connect();
    return async () => { stopped = true; await client?.end().catch(() => {}); };
  }

  async close() { await this.pool.end(); }
}

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  constructor(private db: PGlite) {}

  async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const r = await this.db.query<T>(sql, params as any[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }

  async exec(sql: string, params?: unknown[]): Promise<void> { await this.query(sql, params); }

  // PGlite has one connection; its transaction() holds it exclusively, so concurrent requests queue.
  // There is no round trip to save in-process: exec() runs at once.
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) => {
      const query = async <R>(sql: string, params?: unknown[]) => {
        const r = await t.query<R>(sql, params as any[]);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      };
      return fn({ query, async exec(sql: string, params?: unknown[]) { await query(sql, params); } });
    });
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, onPayload);
  }

  async close() { await this.db.close(); }
}

export interface StoreOptions {
  databaseUrl?: string;
  /** Folder of the embedded store; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Send BEGIN, exec() statements and COMMIT with the next statement (default); false: one round trip each (PG_BATCH=0). */
  batchRoundTrips?: boolean;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      // JIT compiles a plan for ~100 ms; it pays off for analytics, never for these short queries.
      // A transaction left idle (a process stuck or partitioned away mid-transaction) gives its row
      // locks back after a minute instead of holding a case forever.
      options: '-c jit=off -c idle_in_transaction_session_timeout=60000',
      // A server or network that vanishes without closing the connection is noticed by TCP keep-alive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return new ServerStore(pool, opts.databaseUrl, opts.batchRoundTrips ?? true);
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir ? path.resolve(opts.dataDir) : undefined, {
    parsers: { [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) },
  });
  return new EmbeddedStore(db);
}

/** A parameter as a literal: converted as pg converts parameters, quoted by pg's own escapeLiteral. */
function literalOf(v: unknown): string {
  const p = v === undefined ? null : prepareValue(v);
  if (p === null) return 'NULL';
  if (Buffer.isBuffer(p)) return `'\\x${p.toString('hex')}'::bytea`;
  return pg.escapeLiteral(String(p));
}

/** The statements PREPAREd on each server connection (they live as long as the connection). */
const preparedStatements = new WeakMap<object, Set<string>>();
function preparedOn(client: object): Set<string> {
  let s = preparedStatements.get(client);
  if (!s) preparedStatements.set(client, s = new Set());
  return s;
}

/**
 * A parameterised statement with its parameters written in as literals, for a multi-statement simple
 * query. Values are converted exactly as pg converts parameters (prepareValue) and quoted by pg's own
 * escapeLiteral; like a parameter, a quoted literal is of unknown type until its context decides.
 * `$n` inside quoted strings, quoted identifiers, comments and dollar-quoted bodies is left alone.
 */
export function inlineParams(sql: string, params?: unknown[]): string {
  if (!params?.length) return sql;
  const literal = literalOf;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === ch ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      out += sql.slice(i, j < 0 ? sql.length : j);
      i = j < 0 ? sql.length : j;
    } else if (ch === '$') {
      const param = /^\$(\d+)/.exec(sql.slice(i, i + 6));
      const tag = param ? null : /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i, i + 64));
      if (param) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) throw new Error(`statement refers to $${n} but has ${params.length} parameters`);
        out += literal(params[n - 1]);
        i += param[0].length;
      } else if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? sql.length : end + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
      } else { out += ch; i++; }
    } else { out += ch; i++; }
  }
  return out;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 72_201_501; // any constant: serialises migrations of several processes starting at once

/** Applies the numbered SQL files of migrations/ that this store has not seen yet, each in its own transaction. */
export async function migrate(store: Store): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = await readFile(path.join(MIGRATIONS_DIR, f), 'utf8');
      await execScript(tx, store.kind, sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}

// A migration file holds several statements; the extended protocol takes one at a time. A
// statement ends at a semicolon at the end of a line, except inside a $$-quoted function body.
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const line of sql.split('\n')) {
    if (!quoted && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    quoted = (line.match(/\$\$/g)?.length ?? 0) % 2 === 1 ? !quoted : quoted;
    if (!quoted && /;\s*$/.test(line)) { out.push(current.trim().replace(/;$/, '')); current = ''; }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter(Boolean);
}

async function execScript(tx: Queryable, _kind: Store['kind'], sql: string) {
  for (const s of splitStatements(sql)) await tx.query(s);
}
