// What the outbox worker hands to a real gateway, and how a gateway says whether a failed
// delivery is worth retrying. The worker owns the retries (src/jobs/outbox.ts); a transport
// makes exactly one attempt per deliver() call — apart from the WeChat token refresh, which is
// part of a single attempt.

export interface Delivery {
  to: string;
  channel: 'sms' | 'wechat' | 'email';
  text: string;
  subject?: string;
  caseId?: number | null;
  /** stable id of this delivery, sent to the gateway so a retry is not delivered twice */
  id: string;
}

export interface MessageTransport {
  readonly channel: Delivery['channel'];
  /** Resolves once the gateway accepted the message; rejects with a DeliveryError otherwise. */
  deliver(d: Delivery): Promise<void>;
  close?(): Promise<void>;
}

/** A failed delivery. `permanent` = retrying cannot help (4xx other than 408/429, invalid address). */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** True for the HTTP statuses a retry cannot fix: 4xx other than 408 and 429. */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** A fetch() rejection (network error, refused connection, AbortSignal.timeout) as a retryable DeliveryError. */
export function networkFailure(what: string, err: unknown, timeoutMs: number): DeliveryError {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new DeliveryError(`${what}: no answer within ${timeoutMs} ms`, false, { cause: err });
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new DeliveryError(`${what}: ${detail}`, false, { cause: err });
}

/** Reads at most `max` characters of a response body for an error message; never throws. */
export async function bodySnippet(res: Response, max = 200): Promise<string> {
  try {
    const t = (await res.text()).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max)}…` : t;
  } catch {
    return '';
  }
}
