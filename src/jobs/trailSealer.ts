// Seals the audit trail's global chain in the background: events in id order get seq = 1, 2, 3, …
// and global_hash = sha256(global_prev || hash) (domain/trail.ts; the per-case chain is computed at
// insert time by the database, migrations/008_trail.sql). Intake never waits for this: a single
// chain computed at insert time would queue every letter on one row.
//
// Only ids no transaction can still commit are sealed — exactly, not by a time margin. The insert
// trigger gives the transaction its own id (xid) before it takes the event's id, so a transaction that
// took an event id up to V already shows its xid in pg_stat_activity when the sequence reads V. Each
// tick reads V, then the xids of this database's sessions; once all of those have ended, every event
// up to V is final and the chain extends to it. (Not a snapshot's in-progress list: that omits running
// transactions above its xmax, and lists every database's.) A long transaction of this database holds
// the horizon back until it ends; the per-case chains are unaffected. If this role cannot see some
// session's xid, the tick waits instead until every xid below one taken after reading V has ended.
// One process seals at a time (a transaction-level advisory lock, tried, never waited for).
import type { Deps } from '../commands/deps.js';
import { globalHash } from '../domain/trail.js';

export interface TrailSealer {
  stop(): Promise<void>;
  /** Seals what can be sealed now (waiting up to maxWaitMs for transactions in flight); returns how many events. */
  sealOnce(maxWaitMs?: number): Promise<number>;
}

export interface SealerOptions {
  intervalMs: number;
  /** Events per sealing transaction. */
  batch?: number;
}

const SEAL_LOCK = [72_201_508, 1] as const;
const bytes = (v: unknown): Buffer | null => (v == null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The sequence position, and the transactions of this database that held a transaction id just
 * after it was read; or, when some session here is hidden from this role, a transaction id taken
 * just after, below which every transaction must have ended.
 */
interface Mark { upto: number; xids: Set<string> | null; before?: bigint }

/** Transaction ids of this database's other sessions now; `hidden` when this role cannot see some session's. */
const ACTIVITY = `SELECT array_agg(backend_xid::text) FILTER (WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()) AS xids,
  COALESCE(bool_or(query = '<insufficient privilege>' AND backend_type = 'client backend'), false) AS hidden FROM pg_stat_activity WHERE datname = current_database()`;

export function startTrailSealer(deps: Pick<Deps, 'store'>, opts: SealerOptions, onError: (e: unknown) => void): TrailSealer {
  const { store } = deps;
  const batch = opts.batch ?? 2000;
  const marks: Mark[] = [];

  const activity = async () => (await store.query<{ xids: string[] | null; hidden: boolean }>(ACTIVITY)).rows[0];

  async function observe(): Promise<void> {
    // Not `SELECT last_value FROM case_events_id_seq`: that reads the page unlocked, and may catch
    // the value nextval writes there for a moment while it logs ahead (up to 32 ids too high).
    const v = (await store.query<{ v: string | null }>("SELECT pg_sequence_last_value('case_events_id_seq')::text AS v")).rows[0].v;
    const upto = v === null ? 0 : Number(v);
    const a = await activity();
    if (!a.hidden) {
      marks.push({ upto, xids: new Set(a.xids ?? []) });
    } else {
      const x = (await store.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0].x;
      marks.push({ upto, xids: null, before: BigInt(x) });
    }
    // A long transaction holds every mark back; keep the oldest and the newest few.
    if (marks.length > 64) marks.splice(1, marks.length - 33);
  }

  /** The newest mark whose transactions have all ended (and forgets the marks up to it), or null. */
  async function horizon(): Promise<number | null> {
    if (!marks.length) return null;
    const a = await activity();
    const now = new Set(a.xids ?? []);
    let xmin: bigint | null = null;
    if (marks.some((m) => !m.xids)) xmin = BigInt((await store.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x);
    for (let i = marks.length - 1; i >= 0; i--) {
      const m = marks[i];
      const ended = m.xids ? [...m.xids].every((x) => !now.has(x)) : xmin! >= m.before!;
      if (ended) {
        marks.splice(0, i + 1);
        return m.upto;
      }
    }
    return null;
  }

  /** Extends the global chain over the events up to `upto`, a batch per transaction. */
  async function seal(upto: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await store.transaction(async (tx) => {
        const lock = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS ok', [...SEAL_LOCK]);
        if (!lock.rows[0].ok) return 0; // another process is sealing
        // The id range in index order, even without statistics (see verifyTrail.ts inIndexOrder).
        await tx.query("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)");
        const head = (await tx.query<{ seq: number; event_id: number; global_hash: unknown }>('SELECT seq, event_id, global_hash FROM trail_head')).rows[0];
        const rows = (await tx.query<{ id: number; hash: unknown }>(
          `SELECT id, hash FROM case_events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT ${batch}`, [head.event_id, upto])).rows;
        if (!rows.length) return 0;
        let seq = Number(head.seq);
        let prev = bytes(head.global_hash)!;
        const ids: number[] = [], seqs: number[] = [], prevs: string[] = [], hashes: string[] = [];
        for (const r of rows) {
          const g = globalHash(prev, bytes(r.hash));
          seq++;
          ids.push(Number(r.id)); seqs.push(seq); prevs.push(prev.toString('hex')); hashes.push(g.toString('hex'));
          prev = g;
        }
        await tx.query(
          `UPDATE case_events e SET seq = u.seq, global_prev = decode(u.p, 'hex'), global_hash = decode(u.g, 'hex')
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, seq, p, g) WHERE e.id = u.id`,
          [ids, seqs, prevs, hashes]);
        await tx.query("UPDATE trail_head SET seq = $1, event_id = $2, global_hash = decode($3, 'hex'), sealed_at = now()",
          [seq, ids[ids.length - 1], prev.toString('hex')]);
        return rows.length;
      });
      total += n;
      if (n < batch) return total;
    }
  }

  async function sealOnce(maxWaitMs = 1000): Promise<number> {
    await observe();
    const t0 = Date.now();
    let upto = await horizon();
    while (upto === null && Date.now() - t0 < maxWaitMs) {
      await sleep(20);
      upto = await horizon();
    }
    return upto === null ? 0 : seal(upto);
  }

  // One pass at a time within this process too (the marks are shared): the timer's and a caller's.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await exclusive(() => sealOnce(0)).catch(onError);
      schedule();
    }, opts.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    sealOnce: (maxWaitMs?: number) => exclusive(() => sealOnce(maxWaitMs)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}
