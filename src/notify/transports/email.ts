// E-mail over SMTP (nodemailer). One connection per message; close() releases the transport.
//
// The Message-ID is derived from the delivery id — <jsjb.<id>@<domain of the From address>> —
// so a retry carries the same Message-ID as the attempt before it and mail systems (and people)
// can recognise it as the same message.
// Classification: an SMTP reply 4xx (451 try later, 421 closing, 452 no space, 454 …) or a
// connection-level failure (refused, reset, timeout, TLS) = retryable; a 5xx reply (550 no such
// mailbox, 535 bad credentials, 554 …) = permanent, as is an address that is not one.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { DeliveryError, type Delivery, type MessageTransport } from './types.js';

export const DEFAULT_SUBJECT = '【局长信箱】办理进展';

export interface SmtpOptions {
  host: string;
  port: number;
  /** true = TLS from the first byte (usually port 465); false = plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** The From header, e.g. `"局长信箱" <noreply@gaj.example.gov.cn>` or a bare address. */
  from: string;
  /** Connect, greeting and per-command socket timeout. Default 15000 ms. */
  timeoutMs?: number;
  /** Passed to tls.connect (e.g. `{ rejectUnauthorized: false }` for a test relay, `servername`). */
  tls?: SMTPTransport.Options['tls'];
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

/** The Message-ID header a delivery gets: the same for every attempt of it. */
export function messageIdFor(deliveryId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  const local = /^[A-Za-z0-9._-]{1,64}$/.test(deliveryId)
    ? deliveryId
    : createHash('sha256').update(deliveryId).digest('hex').slice(0, 32);
  return `<jsjb.${local}@${domain}>`;
}

export class SmtpTransport implements MessageTransport {
  readonly channel = 'email' as const;
  private readonly transporter: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  private readonly from: string;

  constructor(opts: SmtpOptions) {
    if (!opts.host) throw new Error('SMTP host is empty');
    if (!opts.from) throw new Error('SMTP from address is empty');
    const timeout = opts.timeoutMs ?? 15_000;
    this.from = opts.from;
    this.transporter = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure,
      auth: opts.auth ? { user: opts.auth.user, pass: opts.auth.pass } : undefined,
      tls: opts.tls,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      dnsTimeout: timeout,
    });
  }

  async deliver(d: Delivery): Promise<void> {
    const to = d.to.trim();
    if (!ADDRESS.test(to)) throw new DeliveryError(`e-mail ${d.id}: not an e-mail address: ${JSON.stringify(d.to)}`, true);
    if (!d.text) throw new DeliveryError(`e-mail ${d.id}: empty text`, true);
    try {
      await this.transporter.sendMail({
        from: this.from,
        to,
        subject: d.subject || DEFAULT_SUBJECT,
        text: d.text,
        messageId: messageIdFor(d.id, this.from),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (err) {
      throw classifySmtpError(d.id, err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

interface SmtpFailure { code?: string; responseCode?: number; response?: string; message?: string }

function classifySmtpError(id: string, err: unknown): DeliveryError {
  const e = (err ?? {}) as SmtpFailure;
  const detail = e.message ?? String(err);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600) {
    return new DeliveryError(`e-mail ${id}: ${detail}`, e.responseCode >= 500, { cause: err });
  }
  // No SMTP reply to go by. EENVELOPE (no usable recipient) and EAUTH (no credentials the server
  // takes) will not change by trying again; everything else is the connection: retry.
  const permanent = e.code === 'EENVELOPE' || e.code === 'EAUTH';
  return new DeliveryError(`e-mail ${id}: ${e.code ? `${e.code} ` : ''}${detail}`, permanent, { cause: err });
}
