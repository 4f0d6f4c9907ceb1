// The outbox worker: delivers what the transactional outbox holds — status changes to a channel's
// webhook, messages to a citizen's gateway — retrying with exponential backoff until it is taken,
// in order per ordering key (one case's changes one after another), by one process at a time.
//
// An entry is claimed with a lease (a short UPDATE over rows taken FOR UPDATE SKIP LOCKED), then
// delivered outside any transaction, so a slow or dead receiver holds no lock and no connection
// and never slows case handling. A process that dies mid-delivery leaves the lease to run out and
// another process delivers the entry again with the same X-Delivery-Id, so a receiver can tell a
// repeat. An entry is eligible only when no earlier entry of its key is still undelivered.
import { createHmac } from 'node:crypto';
import type { Deps } from '../commands/deps.js';
import { OUTBOX_CHANNEL } from '../store/outbox.js';
import { vault } from '../store/vault.js';
import { DeliveryError, type MessageTransport } from '../notify/transports/types.js';

export interface OutboxOptions {
  intervalMs: number;
  /** First retry after this long; each further retry waits twice as long, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts an entry is dead: listed for the admin, retried only by hand. */
  maxAttempts: number;
  leaseMs: number;
  webhookTimeoutMs: number;
  transports: MessageTransport[];
}

export const DEFAULT_OUTBOX: Omit<OutboxOptions, 'transports'> = {
  intervalMs: 1000, baseDelayMs: 2000, maxDelayMs: 3_600_000, maxAttempts: 15, leaseMs: 60_000, webhookTimeoutMs: 10_000,
};

const BATCH = 20;

interface Entry { id: number; kind: 'webhook' | 'message'; target: string; case_id: number | null; payload: any; attempts: number }

/** HMAC-SHA256 over `timestamp + "." + body`, hex: the same rule both ways between a channel and the bureau. */
export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

async function claim(deps: Deps, leaseMs: number): Promise<Entry[]> {
  const now = deps.clock.now();
  const r = await deps.store.query<Entry>(
    `WITH head AS (
       SELECT o.id FROM outbox o
        WHERE o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1
          AND (o.lease_until IS NULL OR o.lease_until < $1)
          AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.ordering_key = o.ordering_key AND e.id < o.id AND e.delivered_at IS NULL)
        ORDER BY o.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     UPDATE outbox o SET lease_until = $2, attempts = o.attempts + 1 FROM head WHERE o.id = head.id
     RETURNING o.id, o.kind, o.target, o.case_id, o.payload, o.attempts`, [now, new Date(now.getTime() + leaseMs)]);
  return r.rows;
}

/** Thrown by a delivery; `status` is the receiver's HTTP status when it answered. */
class Failed extends Error { constructor(message: string, readonly permanent: boolean, readonly status: number | null = null) { super(message); } }

async function deliverWebhook(deps: Deps, e: Entry, timeoutMs: number): Promise<void> {
  const ch = (await deps.store.query<{ secret: string | null; webhook_url: string | null }>('SELECT secret, webhook_url FROM channels WHERE code = $1', [e.target])).rows[0];
  if (!ch?.webhook_url || !ch.secret) throw new Failed(`渠道“${e.target}”未配置回调地址或密钥`, false);
  const body = JSON.stringify({ deliveryId: String(e.id), ...e.payload });
  const ts = String(Math.floor(Date.now() / 1000));
  let res: Response;
  try {
    res = await fetch(ch.webhook_url, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': sign(ch.secret, ts, body), 'x-delivery-id': String(e.id) },
      body,
    });
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    throw new Failed(`回调地址无法送达：${(err as Error).name === 'TimeoutError' ? `${timeoutMs} ms 内无应答` : (err as Error).message}`, false);
  }
  // A channel's receiver that answers anything but 2xx has not taken the change: try again later.
  if (res.status < 200 || res.status >= 300) throw new Failed(`回调地址应答 HTTP ${res.status}`, false, res.status);
}

async function deliverMessage(e: Entry, transports: Map<string, MessageTransport>): Promise<void> {
  const t = transports.get(e.target);
  if (!t) throw new Failed(`没有配置“${e.target}”的发送通道`, false);
  try {
    await t.deliver({ id: `msg-${e.payload.messageId}`, to: vault().open('phone', e.payload.to as string), channel: e.target as 'sms', text: e.payload.text, caseId: e.case_id });
  } catch (err) {
    throw new Failed((err as Error).message, err instanceof DeliveryError ? err.permanent : false);
  }
}

export function backoff(attempt: number, o: Pick<OutboxOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4)); // jitter: many entries failing together do not retry together
}

/** One pass: claims what is due and delivers it; returns how many entries were delivered. */
export async function deliverOnce(deps: Deps, o: OutboxOptions, transports = new Map(o.transports.map((t) => [t.channel, t]))): Promise<number> {
  let delivered = 0;
  for (;;) {
    const entries = await claim(deps, o.leaseMs);
    if (!entries.length) return delivered;
    // Claimed entries have different keys (only the head of a key is eligible): deliver them side by side.
    await Promise.all(entries.map(async (e) => {
      try {
        if (e.kind === 'webhook') await deliverWebhook(deps, e, o.webhookTimeoutMs);
        else await deliverMessage(e, transports);
        await deps.store.query('UPDATE outbox SET delivered_at = $2, lease_until = NULL, last_error = NULL, last_status = NULL WHERE id = $1', [e.id, deps.clock.now()]);
        delivered++;
      } catch (err) {
        const f = err instanceof Failed ? err : new Failed(String(err), false);
        const now = deps.clock.now();
        const dead = f.permanent || e.attempts >= o.maxAttempts;
        await deps.store.query(
          'UPDATE outbox SET lease_until = NULL, last_error = $2, last_status = $3, next_attempt_at = $4, dead_at = $5 WHERE id = $1',
          [e.id, f.message.slice(0, 500), f.status, new Date(now.getTime() + backoff(e.attempts, o)), dead ? now : null]);
      }
    }));
    if (entries.length < BATCH) return delivered;
  }
}

export interface OutboxWorker { wake(): void; stop(): Promise<void> }

/** Runs deliverOnce every interval and at once when a transaction writes to the outbox (LISTEN). */
export function startOutbox(deps: Deps, o: OutboxOptions, onError: (e: unknown) => void): OutboxWorker {
  const transports = new Map(o.transports.map((t) => [t.channel, t]));
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (stopped) return;
    if (running) { again = true; return; }
    running = deliverOnce(deps, o, transports).catch(onError);
    await running;
    running = null;
    if (again) { again = false; void tick(); }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => { await tick(); schedule(); }, o.intervalMs);
    timer.unref();
  };
  const unlisten = deps.store.listen(OUTBOX_CHANNEL, () => void tick()).catch((e) => { onError(e); return null; });
  schedule();
  void tick();
  return {
    wake: () => void tick(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await (await unlisten)?.();
      await running;
      await Promise.all(o.transports.map((t) => t.close?.()));
    },
  };
}
