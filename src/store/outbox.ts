// Writing to the transactional outbox (migration 004): always inside the transaction of the change
// that causes the entry, so an entry exists exactly when its change does. Delivery is jobs/outbox.ts.
import type { Queryable } from './db.js';

export const OUTBOX_CHANNEL = 'outbox';

/**
 * The changes of a case that its channel hears about: what moves it along or answers the writer.
 * Internal steps (time-limit warnings, extension requests, notes) never leave the bureau.
 */
export const SYNCED_CHANGES: ReadonlySet<string> = new Set([
  'received', 'dispatch', 'sign', 'return', 'contact', 'feedback', 'report', 'review', 'callback', 'merge', 'rate',
]);

/**
 * A status message for the case's channel, if that channel has a webhook. No personal data and no
 * internal note: the channel already knows its own citizen; it hears number, status and the step.
 */
export async function enqueueStatusSync(tx: Queryable, caseId: number, change: string): Promise<void> {
  if (!SYNCED_CHANGES.has(change)) return;
  const r = await tx.query(
    `INSERT INTO outbox (kind, target, case_id, ordering_key, payload, created_at, next_attempt_at)
     SELECT 'webhook', c.channel, c.id, 'case:' || c.id,
            json_build_object('externalId', c.external_id, 'number', c.number, 'channel', c.channel, 'status', c.status,
                              'change', $2::text, 'at', c.updated_at, 'unitCode', c.unit_code),
            c.updated_at, c.updated_at
       FROM cases c JOIN channels ch ON ch.code = c.channel
      WHERE c.id = $1 AND ch.webhook_url IS NOT NULL`, [caseId, change]);
  if (r.rowCount) await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}

export interface QueuedMessage { to: string; channel: string; text: string; caseId?: number | null; messageId: number }

/** A message to a citizen for a real gateway; one key per message (messages need no order among themselves). */
export async function enqueueMessage(tx: Queryable, m: QueuedMessage, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (kind, target, case_id, ordering_key, payload, created_at, next_attempt_at)
     VALUES ('message', $1, $2, $3, $4, $5, $5)`,
    [m.channel, m.caseId ?? null, `message:${m.messageId}`, JSON.stringify({ to: m.to, text: m.text, messageId: m.messageId }), at]);
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}
