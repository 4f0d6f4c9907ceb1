// Messages to citizens (SMS, WeChat, e-mail). Every message is recorded in the store — readable by
// an admin at /api/admin/messages — in the caller's transaction, so a message exists exactly when
// the change that caused it does. When a real gateway is configured for its channel
// (notify/transports, from the environment), the same transaction queues it in the outbox, and the
// outbox worker (jobs/outbox.ts) delivers it, retrying until the gateway takes it.
import type { Queryable } from '../store/db.js';
import { enqueueMessage } from '../store/outbox.js';
import { recipientIndex, vault } from '../store/vault.js';

export interface OutgoingMessage { to: string; channel: 'sms' | 'wechat' | 'email'; text: string; caseId?: number | null }

export interface MessageProvider {
  send(tx: Queryable, m: OutgoingMessage, at: Date): Promise<void>;
}

export class RecordingProvider implements MessageProvider {
  /** `delivered`: the channels that have a real transport; the others are only recorded. */
  constructor(private readonly delivered: ReadonlySet<string> = new Set()) {}

  async send(tx: Queryable, m: OutgoingMessage, at: Date): Promise<void> {
    if (this.delivered.has(m.channel)) await enqueueMessage(tx, m, at);
    else await tx.exec('INSERT INTO messages (to_addr, to_hash, channel, text, case_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [vault().seal('phone', m.to), recipientIndex(m.to), m.channel, m.text, m.caseId ?? null, at], 'record_message');
  }
}
