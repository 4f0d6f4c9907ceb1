// Writing to the transactional outbox (migration 004): always inside the transaction of the change
// that causes the entry, so an entry exists exactly when its change does. Delivery is jobs/outbox.ts.
import type { Queryable } from './db.js';
import { recipientIndex, vault } from './vault.js';

export const OUTBOX_CHANNEL = 'outbox';

/**
 * The changes of a case that its channel hears about: what moves it along or answers the writer.
 * Internal steps (time-limit warnings, extension requests, notes) never leave the bureau.
 */
export const SYNCED_CHANGES: ReadonlySet<string> = new Set([
  'received', 'dispatch', 'sign', 'return', 'contact', 'feedback', 'report', 'review', 'callback', 'merge', 'rate',
]);

/**
 * The statement that queues a status message for each of the cases (`ids`: one of `c.id = $1::bigint`
 * or `c.id = ANY($1::bigint[])`) whose channel has a
 * webhook, with change $2, and wakes the outbox workers if it queued anything. No personal data and no
 * internal note: the channel already knows its own citizen; it hears number, status and the step.
 * Returned as a CTE body so changes.ts can send it with the live-update NOTIFY in one statement.
 */
export const statusSyncCte = (ids: string) => `synced AS (
    INSERT INTO outbox (kind, target, case_id, ordering_key, payload, created_at, next_attempt_at)
    SELECT 'webhook', c.channel, c.id, 'case:' || c.id,
           json_build_object('externalId', c.external_id, 'number', c.number, 'channel', c.channel, 'status', c.status,
                             'change', $2::text, 'at', c.updated_at, 'unitCode', c.unit_code),
           c.updated_at, c.updated_at
      FROM cases c JOIN channels ch ON ch.code = c.channel
     WHERE ${ids} AND ch.webhook_url IS NOT NULL
     ORDER BY c.id
    RETURNING 1),
  woken AS (SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM (SELECT 1 FROM synced LIMIT 1) s)`;

export interface QueuedMessage { to: string; channel: string; text: string; caseId?: number | null; messageId: number }

/** A message to a citizen for a real gateway; one key per message (messages need no order among themselves). */
export async function enqueueMessage(tx: Queryable, m: Omit<QueuedMessage, 'messageId'>, at: Date): Promise<void> {
  // The message record and its outbox row in one statement (the row's key needs the record's id).
  await tx.exec(
    `WITH m AS (INSERT INTO messages (to_addr, to_hash, channel, text, case_id, created_at) VALUES ($1, $6, $2, $3, $4, $5) RETURNING id),
          o AS (INSERT INTO outbox (kind, target, case_id, ordering_key, payload, created_at, next_attempt_at)
                SELECT 'message', $2, $4, 'message:' || m.id, json_build_object('to', $1::text, 'text', $3::text, 'messageId', m.id), $5, $5 FROM m)
     SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    // The recipient is sealed in the record and in the outbox payload alike; the worker opens it to deliver.
    [vault().seal('phone', m.to), m.channel, m.text, m.caseId ?? null, at, recipientIndex(m.to)], 'queue_message');
}
