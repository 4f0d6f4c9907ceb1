// WeChat official-account template messages (模板消息).
//
//   GET  {base}/cgi-bin/token?grant_type=client_credential&appid=…&secret=…
//        → {"access_token":"…","expires_in":7200}           (or {"errcode":…,"errmsg":…})
//   POST {base}/cgi-bin/message/template/send?access_token=…
//        {"touser":"<openid>","template_id":"…","client_msg_id":"<delivery id>","data":{"content":{"value":"…"}}}
//        → HTTP 200 {"errcode":0,"errmsg":"ok","msgid":…}
//
// The access_token is cached until five minutes before expires_in runs out (WeChat limits how
// often it may be fetched) and shared by concurrent deliveries. When the send answers 40001,
// 40014 or 42001 (token invalid / expired — e.g. another process fetched a new one) the token is
// fetched again and the send retried once, within the same deliver() call.
// Classification: errcode 0 = delivered; -1 (system busy) and 45009 (API quota reached, resets
// daily) = retryable; any other errcode (43004 not subscribed, 40003 bad openid, 40037 bad
// template …) = permanent. HTTP statuses, network errors and timeouts as for SMS.
// client_msg_id makes WeChat drop a retry of a message it already sent (for ten minutes).
import { bodySnippet, DeliveryError, isPermanentHttpStatus, networkFailure, type Delivery, type MessageTransport } from './types.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

export type WechatTemplateData = Record<string, { value: string; color?: string }>;

export interface WechatOptions {
  appId: string;
  appSecret: string;
  templateId: string;
  /** Default https://api.weixin.qq.com. */
  base?: string;
  /** Per HTTP request. Default 5000 ms. */
  timeoutMs?: number;
  /** The template field that receives the whole text when `data` is not given. Default "content". */
  templateField?: string;
  /** Builds the template's data from a delivery; for templates with several fields. */
  data?: (d: Delivery) => WechatTemplateData;
  /** Clock for the token cache (tests). Default Date.now. */
  now?: () => number;
}

/** Send errcodes that mean "the access_token we used is no good": fetch a new one, try again. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Errcodes a later attempt may get past. */
const RETRYABLE_ERRORS = new Set([-1, 45009]);
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN_MARGIN_S = 300;

interface WechatAnswer { errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }

export class WechatTemplateTransport implements MessageTransport {
  readonly channel = 'wechat' as const;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly buildData: (d: Delivery) => WechatTemplateData;
  private cached: { token: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly opts: WechatOptions) {
    if (!opts.appId || !opts.appSecret || !opts.templateId) throw new Error('WeChat transport needs appId, appSecret and templateId');
    const u = new URL(opts.base ?? WECHAT_API_BASE);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`WeChat API base must be http(s): ${opts.base}`);
    this.base = u.toString().replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.now = opts.now ?? Date.now;
    const field = opts.templateField ?? 'content';
    this.buildData = opts.data ?? ((d) => ({ [field]: { value: d.text } }));
  }

  async deliver(d: Delivery): Promise<void> {
    if (!OPENID.test(d.to)) throw new DeliveryError(`WeChat ${d.id}: not an openid: ${JSON.stringify(d.to)}`, true);
    if (!d.text) throw new DeliveryError(`WeChat ${d.id}: empty text`, true);
    const body = JSON.stringify({ touser: d.to, template_id: this.opts.templateId, client_msg_id: d.id, data: this.buildData(d) });

    for (let attempt = 0; ; attempt++) {
      const token = await this.token(d.id);
      const url = `${this.base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`;
      const a = await this.call(`WeChat ${d.id}: template send`, url, {
        method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body,
      });
      const code = a.errcode ?? 0;
      if (code === 0) return;
      const what = `WeChat ${d.id}: errcode ${code} ${a.errmsg ?? ''}`.trimEnd();
      if (TOKEN_ERRORS.has(code)) {
        this.forget(token);
        if (attempt === 0) continue;
        throw new DeliveryError(`${what} (again after fetching a new access_token)`, false);
      }
      throw new DeliveryError(what, !RETRYABLE_ERRORS.has(code));
    }
  }

  /** The cached access_token, or a new one; one fetch at a time however many deliveries wait. */
  private token(id: string): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    if (!this.pending) {
      this.pending = this.fetchToken(id).finally(() => { this.pending = null; });
    }
    return this.pending;
  }

  private async fetchToken(id: string): Promise<string> {
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: this.opts.appId, secret: this.opts.appSecret });
    const fetchedAt = this.now();
    const a = await this.call(`WeChat ${id}: access_token`, `${this.base}/cgi-bin/token?${q}`, { method: 'GET' });
    if (a.errcode) {
      throw new DeliveryError(`WeChat ${id}: access_token refused: errcode ${a.errcode} ${a.errmsg ?? ''}`.trimEnd(), !RETRYABLE_ERRORS.has(a.errcode));
    }
    if (typeof a.access_token !== 'string' || !a.access_token) throw new DeliveryError(`WeChat ${id}: access_token answer without a token`, false);
    const ttl = typeof a.expires_in === 'number' && a.expires_in > 0 ? a.expires_in : 7200;
    const margin = Math.min(TOKEN_MARGIN_S, ttl / 2);
    this.cached = { token: a.access_token, refreshAt: fetchedAt + (ttl - margin) * 1000 };
    return a.access_token;
  }

  private forget(token: string): void {
    // Only if nobody replaced it meanwhile.
    if (this.cached?.token === token) this.cached = null;
  }

  /** One HTTP call to the API; the JSON answer, or a DeliveryError for transport-level trouble. */
  private async call(what: string, url: string, init: RequestInit): Promise<WechatAnswer> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw networkFailure(`${what}: API not reached`, err, this.timeoutMs);
    }
    if (res.status !== 200) {
      const snippet = await bodySnippet(res);
      const permanent = res.status >= 500 ? false : res.status >= 400 ? isPermanentHttpStatus(res.status) : true;
      throw new DeliveryError(`${what}: HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, permanent);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw networkFailure(`${what}: answer cut off`, err, this.timeoutMs);
    }
    try {
      const a = JSON.parse(text) as unknown;
      if (a && typeof a === 'object') return a as WechatAnswer;
    } catch { /* below */ }
    throw new DeliveryError(`${what}: answer is not JSON: ${text.slice(0, 200)}`, false);
  }
}
