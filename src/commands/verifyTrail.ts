// Verifies the whole audit trail (`npm run verify-trail`, GET /api/admin/trail/verify): every
// stream's chain (each case, and the admin events) and the sealed global chain, recomputing every
// hash from the rows' content (domain/trail.ts) — a stored hash is only ever compared, never trusted.
// Reads in keyset batches, so ten million events never sit in memory at once.
import type { Queryable, Store } from '../store/db.js';
import { GlobalCheck, StreamCheck, type StoredEvent, type TrailBreak } from '../domain/trail.js';

export interface TrailReport {
  ok: boolean;
  /** Events whose stream chain was checked. */
  checked: number;
  /** Streams checked: cases with events, plus the admin stream. */
  streams: number;
  /** Events checked on the global chain (sealed up to the head). */
  sealed: number;
  /** The global chain's end when the check began (compare it with a copy kept elsewhere to catch a rewritten tail). */
  head: { seq: number; eventId: number; globalHash: string } | null;
  /** The first broken link: the lowest event id among the streams' breaks, or else the global chain's. */
  firstBroken?: TrailBreak;
  /** Every stream's first break (up to 100) and the global chain's, by event id. */
  breaks: TrailBreak[];
  brokenStreams: number;
  ms: number;
}

const MAX_LISTED = 100;

const bytes = (v: unknown): Buffer | null => (v == null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));

const COLUMNS = `id, case_id, (extract(epoch FROM at) * 1000000)::int8::text AS at_us, actor_kind, actor_id::text AS actor_id,
  actor_label, action, note, data::text AS data, prev_hash, hash`;

interface Row { id: number; case_id: number | null; at_us: string; actor_kind: string; actor_id: string | null; actor_label: string; action: string; note: string | null; data: string | null; prev_hash: unknown; hash: unknown }

const toEvent = (r: Row): StoredEvent => ({
  id: Number(r.id), caseId: r.case_id === null ? null : Number(r.case_id), atMicros: r.at_us, actorKind: r.actor_kind, actorId: r.actor_id,
  actorLabel: r.actor_label, action: r.action, note: r.note, data: r.data, prevHash: bytes(r.prev_hash), hash: bytes(r.hash),
});

/**
 * Runs one batch's read in its own short transaction, told to walk the index in order: without
 * statistics (PGlite has no autovacuum) the planner would sort the table for every batch.
 */
export async function inIndexOrder<T>(store: Store, sql: string, params: unknown[]): Promise<T[]> {
  return store.transaction(async (tx: Queryable) => {
    await tx.query("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)");
    return (await tx.query<T>(sql, params)).rows;
  });
}

/**
 * Keyset pages in order, the next page fetched while this one is checked. `each` returns false to stop.
 */
async function scan<R, C>(first: C, fetch: (cursor: C) => Promise<R[]>, next: (last: R) => C, batch: number, each: (rows: R[]) => boolean): Promise<void> {
  let pending: Promise<R[]> | null = fetch(first);
  while (pending) {
    const rows: R[] = await pending;
    pending = rows.length === batch ? fetch(next(rows[rows.length - 1])) : null;
    if (!rows.length || !each(rows)) break;
  }
  // A page fetched ahead and not wanted: settle it quietly.
  await pending?.catch(() => {});
}

export async function verifyTrail(db: Store, opts: { batch?: number; onProgress?: (checked: number) => void } = {}): Promise<TrailReport> {
  const t0 = Date.now();
  const batch = opts.batch ?? 5000;
  const streamBreaks: TrailBreak[] = [];
  let brokenStreams = 0;
  let checked = 0;
  let streams = 0;

  // The head first: the global pass checks the chain up to it, whatever the sealer adds meanwhile.
  const h = (await db.query<{ seq: number; event_id: number; global_hash: unknown }>('SELECT seq, event_id, global_hash FROM trail_head')).rows[0];
  const head = h ? { seq: Number(h.seq), eventId: Number(h.event_id), globalHash: bytes(h.global_hash)! } : null;

  let current: StreamCheck | null = null;
  const close = () => {
    if (!current) return;
    streams++;
    if (current.broken) {
      brokenStreams++;
      if (streamBreaks.length < MAX_LISTED || current.broken.eventId < streamBreaks[streamBreaks.length - 1].eventId) {
        streamBreaks.push(current.broken);
        streamBreaks.sort((a, b) => a.eventId - b.eventId);
        if (streamBreaks.length > MAX_LISTED) streamBreaks.pop();
      }
    }
    current = null;
  };
  const feed = (rows: Row[]) => {
    for (const r of rows) {
      const e = toEvent(r);
      if (!current || current.caseId !== e.caseId) { close(); current = new StreamCheck(e.caseId); }
      current.add(e);
      checked++;
    }
    opts.onProgress?.(checked);
    return true;
  };

  type GlobalRow = { id: number; case_id: number | null; hash: unknown; seq: number | null; global_prev: unknown; global_hash: unknown };
  const global = new GlobalCheck();
  await Promise.all([
    // 1. The admin stream (case_id NULL), then every case, in (case_id, id) order on their index.
    (async () => {
      await scan<Row, number>(0,
        (after) => inIndexOrder<Row>(db, `SELECT ${COLUMNS} FROM case_events WHERE case_id IS NULL AND id > $1 ORDER BY id LIMIT ${batch}`, [after]),
        (last) => Number(last.id), batch, feed);
      close();
      await scan<Row, [number, number]>([-1, 0],
        ([c, i]) => inIndexOrder<Row>(db,
          `SELECT ${COLUMNS} FROM case_events WHERE case_id IS NOT NULL AND (case_id, id) > ($1::bigint, $2::bigint) ORDER BY case_id, id LIMIT ${batch}`, [c, i]),
        (last) => [Number(last.case_id), Number(last.id)], batch, feed);
      close();
    })(),
    // 2. The global chain, in id order up to the head (the two passes overlap on a server).
    (async () => {
      if (!head) return;
      await scan<GlobalRow, number>(0,
        (after) => inIndexOrder<GlobalRow>(db,
          `SELECT id, case_id, hash, seq, global_prev, global_hash FROM case_events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT ${batch}`, [after, head.eventId]),
        (last) => Number(last.id), batch,
        (rows) => {
          for (const r of rows) {
            global.add({ id: Number(r.id), caseId: r.case_id === null ? null : Number(r.case_id), hash: bytes(r.hash), seq: r.seq === null ? null : Number(r.seq), globalPrev: bytes(r.global_prev), globalHash: bytes(r.global_hash) });
          }
          return !global.broken;
        });
      global.end(head);
    })(),
  ]);

  const breaks = [...streamBreaks, ...(global.broken ? [global.broken] : [])].sort((a, b) => a.eventId - b.eventId);
  // A stream's break names the case and the event precisely; the global chain's matters when the streams look whole.
  const firstBroken = streamBreaks[0] ?? global.broken ?? undefined;
  return {
    ok: !firstBroken,
    checked, streams, sealed: global.checked,
    head: head ? { seq: head.seq, eventId: head.eventId, globalHash: head.globalHash.toString('hex') } : null,
    ...(firstBroken ? { firstBroken } : {}),
    breaks, brokenStreams,
    ms: Date.now() - t0,
  };
}
