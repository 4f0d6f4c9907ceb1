// SMS through an HTTP gateway. One POST per message:
//
//   POST <url>
//   Authorization: Bearer <key>
//   Idempotency-Key: <delivery id>
//   Content-Type: application/json; charset=utf-8
//   {"to":"13812345678","text":"【局长信箱】…","requestId":"<delivery id>"}
//
// 2xx = the gateway took the message. 408, 429, 5xx, a network error or no answer within the
// timeout = retryable; any other status (400, 401, 403, 404, 422, a redirect …) = permanent.
// The requestId (and the Idempotency-Key header, the same value) lets the gateway drop a
// retry of a message it already sent — e.g. when our timeout fired after it had accepted.
import { normalizeMobile } from '../../domain/identity.js';
import { bodySnippet, DeliveryError, isPermanentHttpStatus, networkFailure, type Delivery, type MessageTransport } from './types.js';

export interface SmsHttpOptions {
  /** The gateway's send endpoint, http(s). */
  url: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key: string;
  /** Whole request, answer included. Default 5000 ms. */
  timeoutMs?: number;
}

export class SmsHttpTransport implements MessageTransport {
  readonly channel = 'sms' as const;
  private readonly url: string;
  private readonly key: string;
  private readonly timeoutMs: number;

  constructor(opts: SmsHttpOptions) {
    const u = new URL(opts.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`SMS gateway URL must be http(s): ${opts.url}`);
    if (!opts.key) throw new Error('SMS gateway key is empty');
    this.url = u.toString();
    this.key = opts.key;
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  async deliver(d: Delivery): Promise<void> {
    let to: string;
    try {
      to = normalizeMobile(d.to);
    } catch {
      throw new DeliveryError(`SMS ${d.id}: not a mainland mobile number: ${JSON.stringify(d.to)}`, true);
    }
    if (!d.text) throw new DeliveryError(`SMS ${d.id}: empty text`, true);

    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${this.key}`,
          'idempotency-key': d.id,
        },
        body: JSON.stringify({ to, text: d.text, requestId: d.id }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw networkFailure(`SMS ${d.id}: gateway not reached`, err, this.timeoutMs);
    }
    const snippet = await bodySnippet(res);
    if (res.status >= 200 && res.status < 300) return;
    // 5xx: the gateway's trouble, retry. 4xx: ours, except 408/429. Anything else (a redirect): configuration.
    const permanent = res.status >= 500 ? false : res.status >= 400 ? isPermanentHttpStatus(res.status) : true;
    throw new DeliveryError(`SMS ${d.id}: gateway answered ${res.status}${snippet ? `: ${snippet}` : ''}`, permanent);
  }
}
