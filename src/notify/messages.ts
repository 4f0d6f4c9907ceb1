// Messages to citizens (SMS, WeChat). The default provider only records them in the store —
// readable by an admin at /api/admin/messages — and is written in the caller's transaction,
// so a message exists exactly when the change that caused it does. Real gateways plug in here.
import type { Queryable } from '../store/db.js';

export interface OutgoingMessage { to: string; channel: 'sms' | 'wechat'; text: string; caseId?: number | null }

export interface MessageProvider {
  send(tx: Queryable, m: OutgoingMessage, at: Date): Promise<void>;
}

export class RecordingProvider implements MessageProvider {
  async send(tx: Queryable, m: OutgoingMessage, at: Date): Promise<void> {
    await tx.query('INSERT INTO messages (to_addr, channel, text, case_id, created_at) VALUES ($1, $2, $3, $4, $5)',
      [m.to, m.channel, m.text, m.caseId ?? null, at]);
  }
}
