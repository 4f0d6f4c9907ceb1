// The tamper-evident trail's rules, recomputed in TypeScript: the canonical bytes of an event, its
// hash, the global chain's hash, and what a broken link means. The database computes the same at
// insert time (src/store/migrations/008_trail.sql); the verifier (commands/verifyTrail.ts) never
// trusts a stored hash, it recomputes every one from the row's content with these functions.
import { hash as digest } from 'node:crypto';

/** The previous hash of a stream's first event, and the global_prev of seq 1. */
export const GENESIS = Buffer.alloc(32);

/** An event as the verifier reads it: everything that is hashed, as text where PostgreSQL's own form matters. */
export interface TrailEvent {
  id: number;
  caseId: number | null;
  /** `at` as microseconds since 1970-01-01 UTC, in decimal. */
  atMicros: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  note: string | null;
  /** `data::text` — jsonb's text form, which is canonical (keys sorted, fixed spacing). */
  data: string | null;
}

/** `2024-05-01T02:11:12.123456Z` from microseconds since the epoch (as to_char(at AT TIME ZONE 'UTC', …US"Z")). */
export function isoMicros(atMicros: string): string {
  let ms: number, rest: number;
  const n = Number(atMicros);
  if (Number.isSafeInteger(n)) {
    ms = Math.floor(n / 1000);
    rest = n - ms * 1000;
  } else {
    const us = BigInt(atMicros);
    let m = us / 1000n, r = us % 1000n;
    if (r < 0n) { r += 1000n; m -= 1n; }
    ms = Number(m);
    rest = Number(r);
  }
  const iso = new Date(ms).toISOString(); // …T02:11:12.123Z
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

/** A netstring: `<UTF-8 length>:<value>,`; NULL is `~` (so that NULL and '' differ and nothing needs escaping). */
function field(v: string | number | null): string {
  if (v === null) return '~';
  const s = String(v);
  return `${Buffer.byteLength(s, 'utf8')}:${s},`;
}

/**
 * The canonical bytes of an event (version 1): the UTF-8 bytes of
 * `trail1|` F(id) F(case_id) F(at) F(actor_kind) F(actor_id) F(actor_label) F(action) F(note) F(data).
 */
export function canonicalEvent(e: TrailEvent): Buffer {
  return Buffer.from(
    'trail1|' + field(e.id) + field(e.caseId) + field(isoMicros(e.atMicros)) + field(e.actorKind) + field(e.actorId)
    + field(e.actorLabel) + field(e.action) + field(e.note) + field(e.data),
    'utf8');
}

/** hash = sha256(prev_hash || canonical bytes). */
export function eventHash(prev: Buffer, e: TrailEvent): Buffer {
  return digest('sha256', Buffer.concat([prev, canonicalEvent(e)]), 'buffer');
}

/** global_hash = sha256(global_prev || hash); a row without a hash counts as empty bytes. */
export function globalHash(prev: Buffer, hash: Buffer | null): Buffer {
  return digest('sha256', hash ? Buffer.concat([prev, hash]) : prev, 'buffer');
}

export type BreakCode =
  | 'missing_hash' | 'content_changed' | 'previous_missing' | 'out_of_order' | 'forged'
  | 'unsealed' | 'sealed_missing' | 'seq_out_of_order' | 'global_link_broken' | 'global_hash_mismatch' | 'head_mismatch';

export interface TrailBreak {
  eventId: number;
  caseId: number | null;
  code: BreakCode;
  /** What is wrong, in words (Chinese first, as the rest of the system). */
  reason: string;
  /** The global chain's position, for a break found there. */
  seq?: number;
}

export interface StoredEvent extends TrailEvent {
  prevHash: Buffer | null;
  hash: Buffer | null;
}

const stream = (caseId: number | null) => (caseId === null ? '管理事件流' : `案件 ${caseId} `);

/**
 * Checks one stream (one case, or the admin events) fed in id order; remembers the first broken
 * link. Each event is recomputed from the hash recomputed for the one before it.
 */
export class StreamCheck {
  private expected: Buffer = GENESIS;
  private previousId: number | null = null;
  /** The recomputed hashes and ids of the stream's events so far (searched only when a link breaks). */
  private seen: { hash: Buffer; id: number }[] = [];
  broken: TrailBreak | null = null;

  constructor(readonly caseId: number | null) {}

  add(e: StoredEvent): void {
    if (this.broken) return;
    const where = this.previousId === null ? '（本流第一条事件）' : `（紧前的事件 #${this.previousId}）`;
    if (!e.hash || !e.prevHash) {
      this.broken = { eventId: e.id, caseId: e.caseId, code: 'missing_hash', reason: `${stream(e.caseId)}事件 #${e.id} 没有哈希：绕过触发器直接写入 / written past the trigger` };
      return;
    }
    if (e.prevHash.equals(this.expected)) {
      const h = eventHash(this.expected, e);
      if (!h.equals(e.hash)) {
        this.broken = { eventId: e.id, caseId: e.caseId, code: 'content_changed', reason: `${stream(e.caseId)}事件 #${e.id} 的内容与其哈希不符：内容被修改 / content changed` };
        return;
      }
      this.accept(e.id, h);
      return;
    }
    const pointsTo = this.seen.find((x) => x.hash.equals(e.prevHash!))?.id;
    if (pointsTo !== undefined) {
      this.broken = { eventId: e.id, caseId: e.caseId, code: 'out_of_order', reason: `${stream(e.caseId)}事件 #${e.id} 的前一哈希指向更早的事件 #${pointsTo}，而非紧前的事件 #${this.previousId}：其间插入了事件或顺序被调换 / an event was inserted or the order changed` };
    } else if (eventHash(e.prevHash, e).equals(e.hash)) {
      this.broken = { eventId: e.id, caseId: e.caseId, code: 'previous_missing', reason: `${stream(e.caseId)}事件 #${e.id} 与前一事件${where}接不上，而其自身完好：它之前的事件被删除 / the event before it was deleted` };
    } else {
      this.broken = { eventId: e.id, caseId: e.caseId, code: 'forged', reason: `${stream(e.caseId)}事件 #${e.id} 的前一哈希与内容都对不上${where}：事件被伪造、替换或挪动 / forged, replaced or moved` };
    }
  }

  private accept(id: number, h: Buffer) {
    this.seen.push({ hash: h, id });
    this.expected = h;
    this.previousId = id;
  }
}

export interface SealedEvent { id: number; caseId: number | null; hash: Buffer | null; seq: number | null; globalPrev: Buffer | null; globalHash: Buffer | null }

/** Checks the sealed global chain fed in id order (every event up to the head); stops at the first break. */
export class GlobalCheck {
  private expected: Buffer = GENESIS;
  private seq = 0;
  private lastId: number | null = null;
  broken: TrailBreak | null = null;
  checked = 0;

  add(e: SealedEvent): void {
    if (this.broken) return;
    const next = this.seq + 1;
    const brk = (code: BreakCode, reason: string) => { this.broken = { eventId: e.id, caseId: e.caseId, code, reason, seq: e.seq ?? undefined }; };
    if (e.seq === null) return brk('unsealed', `事件 #${e.id} 位于已封存的全局链中间却未封存：事后插入 / inserted among sealed events`);
    if (e.seq > next) return brk('sealed_missing', `全局序号 ${next}${e.seq - 1 > next ? `–${e.seq - 1}` : ''} 的事件缺失（在事件 #${this.lastId ?? '起点'} 与 #${e.id} 之间）：已封存的事件被删除 / sealed event(s) deleted`);
    if (e.seq < next) return brk('seq_out_of_order', `事件 #${e.id} 的全局序号 ${e.seq} 应为 ${next}：插入或调换了已封存的事件 / sealed events inserted or reordered`);
    if (!e.globalPrev || !e.globalPrev.equals(this.expected)) return brk('global_link_broken', `事件 #${e.id}（全局序号 ${e.seq}）与全局链的前一环接不上：全局链被改写 / global chain rewritten`);
    const g = globalHash(this.expected, e.hash);
    if (!e.globalHash || !g.equals(e.globalHash)) return brk('global_hash_mismatch', `事件 #${e.id}（全局序号 ${e.seq}）的哈希在封存后被改动：本案的哈希链被重算 / hash changed after sealing`);
    this.expected = g;
    this.seq = e.seq;
    this.lastId = e.id;
    this.checked++;
  }

  /** The last sealed event must be the head the sealer recorded: otherwise the tail was deleted. */
  end(head: { seq: number; eventId: number; globalHash: Buffer }): void {
    if (this.broken) return;
    if (this.seq !== head.seq || !this.expected.equals(head.globalHash)) {
      this.broken = {
        eventId: head.eventId, caseId: null, code: 'head_mismatch', seq: head.seq,
        reason: `全局链止于序号 ${this.seq}（事件 #${this.lastId ?? '无'}），而封存记录为序号 ${head.seq}（事件 #${head.eventId}）：最后封存的事件被删除 / the last sealed events were deleted`,
      };
    }
  }
}
