// The real message transports, each against a local fake that speaks the gateway's protocol:
// an HTTP SMS gateway, the WeChat official-account API, and a real SMTP server (smtp-server) on
// loopback. Every test checks what the far side received, not only that deliver() resolved.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { DeliveryError, type Delivery, type MessageTransport } from '../../src/notify/transports/types.js';
import { SmsHttpTransport } from '../../src/notify/transports/smsHttp.js';
import { WechatTemplateTransport } from '../../src/notify/transports/wechat.js';
import { DEFAULT_SUBJECT, SmtpTransport, messageIdFor } from '../../src/notify/transports/email.js';
import { TransportConfigError, transportsFromEnv } from '../../src/notify/transports/config.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const TEXT = '【局长信箱】您的来信（编号20260615001）已受理，承办单位：福田分局。感谢您的监督！';

let seq = 0;
function delivery(channel: Delivery['channel'], to: string, extra: Partial<Delivery> = {}): Delivery {
  return { id: `d-${Date.now().toString(36)}-${++seq}`, channel, to, text: TEXT, caseId: 42, ...extra };
}

/** The DeliveryError deliver() rejects with (fails the test if it resolves or throws something else). */
async function failure(p: Promise<void>): Promise<DeliveryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the delivery to fail');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function closeHttp(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

// ---------------------------------------------------------------------------------------------
// Fake SMS gateway: POST /sms/send, Bearer auth, JSON {to, text, requestId}. Sends each
// requestId once (a repeat is acknowledged, not sent again), like a gateway honouring it.

type SmsAnswer = number | 'hang';

class FakeSmsGateway {
  readonly key = 'sms-key-测试-0001'.replace(/[^\x20-\x7e]/g, 'x');
  url = '';
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; json: any }[] = [];
  /** What the gateway really sent to phones. */
  sent: { to: string; text: string; requestId: string }[] = [];
  /** Answers for the next requests, in order; then 200. */
  script: SmsAnswer[] = [];
  private hanging: http.ServerResponse[] = [];
  private readonly server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    let json: any = null;
    try { json = JSON.parse(body); } catch { /* recorded as null */ }
    this.requests.push({ method: req.method!, path: req.url!, headers: req.headers, body, json });
    const reply = (status: number, o: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(o)); };
    if (req.method !== 'POST' || req.url !== '/sms/send') return reply(404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${this.key}`) return reply(401, { error: 'bad key' });
    const next = this.script.shift() ?? 200;
    if (next === 'hang') { this.hanging.push(res); return; }
    if (next !== 200) return reply(next, { error: `scripted ${next}` });
    if (!json || !/^1[3-9]\d{9}$/.test(json.to) || typeof json.text !== 'string' || typeof json.requestId !== 'string') {
      return reply(400, { error: 'bad request' });
    }
    if (!this.sent.some((s) => s.requestId === json.requestId)) this.sent.push({ to: json.to, text: json.text, requestId: json.requestId });
    reply(200, { ok: true, requestId: json.requestId });
  });

  async start(): Promise<this> { this.url = `${await listen(this.server)}/sms/send`; return this; }
  reset(): void { this.requests = []; this.sent = []; this.script = []; }
  async close(): Promise<void> { for (const r of this.hanging) r.destroy(); await closeHttp(this.server); }
}

describe('SMS over HTTP', () => {
  let gw: FakeSmsGateway;
  let sms: SmsHttpTransport;
  beforeAll(async () => { gw = await new FakeSmsGateway().start(); sms = new SmsHttpTransport({ url: gw.url, key: gw.key }); });
  afterAll(async () => { await gw?.close(); });
  beforeEach(() => gw.reset());

  it('posts {to, text, requestId} with the bearer key and the delivery id as idempotency key', async () => {
    const d = delivery('sms', '13812345678');
    await sms.deliver(d);
    expect(gw.requests).toHaveLength(1);
    const r = gw.requests[0];
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/sms/send');
    expect(r.headers.authorization).toBe(`Bearer ${gw.key}`);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['idempotency-key']).toBe(d.id);
    expect(r.json).toEqual({ to: '13812345678', text: TEXT, requestId: d.id });
    expect(gw.sent).toEqual([{ to: '13812345678', text: TEXT, requestId: d.id }]);
  });

  it('sends the bare 11 digits of a number written with +86, spaces or dashes', async () => {
    await sms.deliver(delivery('sms', '+86 139-0000-1111'));
    expect(gw.sent.map((s) => s.to)).toEqual(['13900001111']);
  });

  it('refuses a number that is not a mainland mobile, permanently, without calling the gateway', async () => {
    for (const to of ['12812345678', '1381234567', '010-12345678', 'abc', '']) {
      const e = await failure(sms.deliver(delivery('sms', to)));
      expect(e.permanent, to).toBe(true);
    }
    expect(gw.requests).toHaveLength(0);
  });

  it('503 twice then 200: retryable twice, then sent exactly once with the same requestId', async () => {
    gw.script = [503, 503];
    const d = delivery('sms', '13700000001');
    const errors: DeliveryError[] = [];
    // What the outbox worker does, without its backoff.
    for (let attempt = 0; attempt < 5; attempt++) {
      try { await sms.deliver(d); break; } catch (e) { errors.push(e as DeliveryError); }
    }
    expect(errors.map((e) => [e.permanent, /503/.test(e.message)])).toEqual([[false, true], [false, true]]);
    expect(gw.requests.map((r) => r.json.requestId)).toEqual([d.id, d.id, d.id]);
    expect(gw.sent).toEqual([{ to: '13700000001', text: TEXT, requestId: d.id }]);
  });

  it('classifies statuses: 408, 429 and 5xx retryable; 400, 403, 404, 422 permanent', async () => {
    const cases: [number, boolean][] = [[408, false], [429, false], [500, false], [502, false], [503, false], [400, true], [403, true], [404, true], [422, true]];
    gw.script = cases.map(([s]) => s);
    for (const [status, permanent] of cases) {
      const e = await failure(sms.deliver(delivery('sms', '13600000002')));
      expect([status, e.permanent, e.message.includes(String(status))]).toEqual([status, permanent, true]);
    }
    expect(gw.requests).toHaveLength(cases.length);
    expect(gw.sent).toHaveLength(0);
  });

  it('a wrong key is a 401: permanent, and the gateway saw the wrong key', async () => {
    const bad = new SmsHttpTransport({ url: gw.url, key: 'wrong' });
    const e = await failure(bad.deliver(delivery('sms', '13800000003')));
    expect(e.permanent).toBe(true);
    expect(e.message).toMatch(/401/);
    expect(gw.requests.map((r) => r.headers.authorization)).toEqual(['Bearer wrong']);
    expect(gw.sent).toHaveLength(0);
  });

  it('a gateway that does not answer: retryable after the timeout; the retry carries the same requestId', async () => {
    const quick = new SmsHttpTransport({ url: gw.url, key: gw.key, timeoutMs: 200 });
    gw.script = ['hang'];
    const d = delivery('sms', '13500000004');
    const t0 = Date.now();
    const e = await failure(quick.deliver(d));
    const took = Date.now() - t0;
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/200 ms/);
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(3000);
    expect(gw.requests).toHaveLength(1);
    await quick.deliver(d);
    expect(gw.requests.map((r) => r.json.requestId)).toEqual([d.id, d.id]);
    expect(gw.sent).toEqual([{ to: '13500000004', text: TEXT, requestId: d.id }]);
  });

  it('a gateway that is not there: retryable', async () => {
    const gone = new SmsHttpTransport({ url: `http://127.0.0.1:${await closedPort()}/sms/send`, key: 'k' });
    const e = await failure(gone.deliver(delivery('sms', '13800000005')));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/ECONNREFUSED|not reached/);
  });
});

// ---------------------------------------------------------------------------------------------
// Fake WeChat API: /cgi-bin/token and /cgi-bin/message/template/send, tokens that expire,
// scripted errcodes. Like WeChat, it answers HTTP 200 with {errcode, errmsg}.

type WxAnswer = number | 'http502';

class FakeWechat {
  readonly appId = 'wx1234567890abcdef';
  readonly secret = 'secret-0123456789abcdef';
  base = '';
  tokenRequests: URLSearchParams[] = [];
  sends: { token: string | null; json: any }[] = [];
  /** Messages shown to users: one per (touser, client_msg_id). */
  delivered: { touser: string; template_id: string; data: any; client_msg_id: string }[] = [];
  /** Answers for the next sends with a valid token, in order; then 0. */
  sendScript: WxAnswer[] = [];
  /** Answers for the next token requests, in order; then a token. */
  tokenScript: number[] = [];
  private issued = 0;
  private valid = new Set<string>();
  private readonly server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const body = await readBody(req);
    const reply = (o: unknown, status = 200) => { res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }); res.end(JSON.stringify(o)); };
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      this.tokenRequests.push(url.searchParams);
      const q = url.searchParams;
      const scripted = this.tokenScript.shift();
      if (scripted !== undefined) return reply({ errcode: scripted, errmsg: `scripted ${scripted}` });
      if (q.get('grant_type') !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== this.appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== this.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = `ACCESS_TOKEN_${++this.issued}`;
      this.valid.add(token);
      return reply({ access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') {
      const token = url.searchParams.get('access_token');
      let json: any = null;
      try { json = JSON.parse(body); } catch { /* below */ }
      this.sends.push({ token, json });
      if (!token || !this.valid.has(token)) return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      const next = this.sendScript.shift() ?? 0;
      if (next === 'http502') return reply({ error: 'bad gateway' }, 502);
      if (next === 42001) { this.valid.delete(token); return reply({ errcode: 42001, errmsg: 'access_token expired' }); }
      if (next === -1) return reply({ errcode: -1, errmsg: 'system error' });
      if (next !== 0) return reply({ errcode: next, errmsg: `scripted ${next}` });
      if (!json || typeof json.touser !== 'string' || typeof json.template_id !== 'string' || typeof json.data !== 'object') {
        return reply({ errcode: 47001, errmsg: 'data format error' });
      }
      if (!this.delivered.some((m) => m.touser === json.touser && m.client_msg_id === json.client_msg_id)) {
        this.delivered.push({ touser: json.touser, template_id: json.template_id, data: json.data, client_msg_id: json.client_msg_id });
      }
      return reply({ errcode: 0, errmsg: 'ok', msgid: 200228332 + this.sends.length });
    }
    reply({ errcode: 404, errmsg: 'not found' }, 404);
  });

  async start(): Promise<this> { this.base = await listen(this.server); return this; }
  reset(): void { this.tokenRequests = []; this.sends = []; this.delivered = []; this.sendScript = []; this.tokenScript = []; this.issued = 0; this.valid.clear(); }
  /** Every token issued so far stops working (as when someone else fetched a new one). */
  revokeAll(): void { this.valid.clear(); }
  async close(): Promise<void> { await closeHttp(this.server); }
}

describe('WeChat template messages', () => {
  const OPENID = 'oABCD1234efgh5678ijkl90mnopq';
  const TEMPLATE = 'tmpl-Xy12_progress';
  let wx: FakeWechat;
  let clock: number;
  let transport: WechatTemplateTransport;
  const make = (over: Partial<ConstructorParameters<typeof WechatTemplateTransport>[0]> = {}) =>
    new WechatTemplateTransport({ appId: wx.appId, appSecret: wx.secret, templateId: TEMPLATE, base: wx.base, now: () => clock, ...over });

  beforeAll(async () => { wx = await new FakeWechat().start(); });
  afterAll(async () => { await wx?.close(); });
  beforeEach(() => { wx.reset(); clock = Date.UTC(2026, 5, 15, 2, 0, 0); transport = make(); });

  it('fetches an access_token, sends the template with it, and reuses it for the next message', async () => {
    const d1 = delivery('wechat', OPENID);
    const d2 = delivery('wechat', OPENID, { text: '【局长信箱】您的来信已办结，请评价。' });
    await transport.deliver(d1);
    await transport.deliver(d2);
    expect(wx.tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(wx.tokenRequests[0])).toEqual({ grant_type: 'client_credential', appid: wx.appId, secret: wx.secret });
    expect(wx.sends.map((s) => s.token)).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1']);
    expect(wx.sends[0].json).toEqual({ touser: OPENID, template_id: TEMPLATE, client_msg_id: d1.id, data: { content: { value: TEXT } } });
    expect(wx.delivered.map((m) => [m.client_msg_id, m.data.content.value])).toEqual([[d1.id, TEXT], [d2.id, d2.text]]);
  });

  it('fetches a new token shortly before expires_in runs out', async () => {
    await transport.deliver(delivery('wechat', OPENID));
    clock += 6000_000; // 100 minutes of 120: still good
    await transport.deliver(delivery('wechat', OPENID));
    expect(wx.tokenRequests).toHaveLength(1);
    clock += 1000_000; // 116 minutes 40 s: within the last five minutes
    await transport.deliver(delivery('wechat', OPENID));
    expect(wx.tokenRequests).toHaveLength(2);
    expect(wx.sends.map((s) => s.token)).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(wx.delivered).toHaveLength(3);
  });

  it('42001 (token expired early): fetches a new token and sends again, once', async () => {
    await transport.deliver(delivery('wechat', OPENID));
    wx.sendScript = [42001];
    const d = delivery('wechat', OPENID);
    await transport.deliver(d);
    expect(wx.tokenRequests).toHaveLength(2);
    expect(wx.sends.map((s) => s.token)).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(wx.delivered.map((m) => m.client_msg_id).at(-1)).toBe(d.id);
    expect(wx.delivered).toHaveLength(2);
  });

  it('40001 (token replaced elsewhere): fetches a new token and sends again', async () => {
    await transport.deliver(delivery('wechat', OPENID));
    wx.revokeAll();
    await transport.deliver(delivery('wechat', OPENID));
    expect(wx.sends.map((s) => s.token)).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(wx.delivered).toHaveLength(2);
  });

  it('a token error again after the refresh: retryable, and only one refresh', async () => {
    wx.sendScript = [42001, 42001];
    const e = await failure(transport.deliver(delivery('wechat', OPENID)));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/42001/);
    expect(wx.tokenRequests).toHaveLength(2);
    expect(wx.sends).toHaveLength(2);
    expect(wx.delivered).toHaveLength(0);
  });

  it('errcode -1 (system busy): retryable; the retry goes through with the same client_msg_id, shown once', async () => {
    wx.sendScript = [-1];
    const d = delivery('wechat', OPENID);
    const e = await failure(transport.deliver(d));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/errcode -1/);
    await transport.deliver(d);
    expect(wx.sends.map((s) => s.json.client_msg_id)).toEqual([d.id, d.id]);
    expect(wx.delivered.map((m) => m.client_msg_id)).toEqual([d.id]);
    expect(wx.tokenRequests).toHaveLength(1);
  });

  it('HTTP 502 in front of the API: retryable', async () => {
    wx.sendScript = ['http502'];
    const e = await failure(transport.deliver(delivery('wechat', OPENID)));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/502/);
    expect(wx.sends).toHaveLength(1);
  });

  it('other errcodes (43004 not subscribed, 40003 bad openid, 40037 bad template): permanent', async () => {
    wx.sendScript = [43004, 40003, 40037];
    for (const code of [43004, 40003, 40037]) {
      const e = await failure(transport.deliver(delivery('wechat', OPENID)));
      expect([code, e.permanent, e.message.includes(`errcode ${code}`)]).toEqual([code, true, true]);
    }
    expect(wx.sends).toHaveLength(3);
    expect(wx.delivered).toHaveLength(0);
  });

  it('something that is not an openid: permanent, nothing sent', async () => {
    const e = await failure(transport.deliver(delivery('wechat', '13812345678@qq.com')));
    expect(e.permanent).toBe(true);
    expect(wx.tokenRequests).toHaveLength(0);
    expect(wx.sends).toHaveLength(0);
  });

  it('a token refused for a wrong secret is permanent (errcode 40125); -1 at the token endpoint is retryable', async () => {
    const bad = make({ appSecret: 'wrong' });
    const e = await failure(bad.deliver(delivery('wechat', OPENID)));
    expect(e.permanent).toBe(true);
    expect(e.message).toMatch(/40125/);
    expect(e.message).not.toContain('wrong');
    expect(wx.tokenRequests.map((q) => q.get('secret'))).toEqual(['wrong']);
    expect(wx.sends).toHaveLength(0);

    wx.tokenScript = [-1];
    const busy = await failure(transport.deliver(delivery('wechat', OPENID)));
    expect(busy.permanent).toBe(false);
    expect(wx.sends).toHaveLength(0);
  });

  it('concurrent deliveries share one token fetch', async () => {
    const ds = Array.from({ length: 5 }, () => delivery('wechat', OPENID));
    await Promise.all(ds.map((d) => transport.deliver(d)));
    expect(wx.tokenRequests).toHaveLength(1);
    expect(wx.delivered.map((m) => m.client_msg_id).sort()).toEqual(ds.map((d) => d.id).sort());
  });

  it('puts the text into the configured field, or builds data with a function', async () => {
    await make({ templateField: 'thing2' }).deliver(delivery('wechat', OPENID));
    await make({ data: (d) => ({ character_string1: { value: String(d.caseId) }, thing2: { value: d.text.slice(0, 20) } }) })
      .deliver(delivery('wechat', OPENID));
    expect(wx.delivered.map((m) => m.data)).toEqual([
      { thing2: { value: TEXT } },
      { character_string1: { value: '42' }, thing2: { value: TEXT.slice(0, 20) } },
    ]);
  });

  it('an API that is not there: retryable', async () => {
    const gone = make({ base: `http://127.0.0.1:${await closedPort()}` });
    const e = await failure(gone.deliver(delivery('wechat', OPENID)));
    expect(e.permanent).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// A real SMTP server on loopback (smtp-server), and just enough MIME decoding to read what it got.

interface Received { from: string; to: string[]; raw: string; user?: string }

function unfoldHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

function decodeQuotedPrintable(s: string): Buffer {
  const bytes: number[] = [];
  const t = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) { bytes.push(parseInt(t.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(...Buffer.from(t[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeWords(s: string): string {
  return s
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '))).toString('utf8'));
}

function parseMail(raw: string): { header: (name: string) => string | undefined; text: string } {
  const { headers, body } = unfoldHeaders(raw);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  expect(headers.get('content-type') ?? '').toMatch(/^text\/plain;.*charset=utf-8/i);
  const bytes = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
    : cte === 'quoted-printable' ? decodeQuotedPrintable(body)
    : Buffer.from(body, 'utf8');
  return {
    header: (name) => { const v = headers.get(name.toLowerCase()); return v === undefined ? undefined : decodeWords(v); },
    text: bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

type SmtpReject = { at: 'rcpt' | 'data'; code: number };

class FakeSmtp {
  port = 0;
  received: Received[] = [];
  /** Refusals for the next messages, in order; then accept. */
  script: SmtpReject[] = [];
  rcptSeen: string[] = [];
  private readonly server: SMTPServer;

  constructor(readonly credentials?: { user: string; pass: string }) {
    const reject = (code: number, text: string): SMTPServerError => Object.assign(new Error(text), { responseCode: code });
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: !credentials,
      allowInsecureAuth: true,
      closeTimeout: 500,
      onAuth: (auth, _session, cb) => {
        if (credentials && auth.username === credentials.user && auth.password === credentials.pass) return cb(null, { user: auth.username });
        cb(reject(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (address, _session, cb) => {
        this.rcptSeen.push(address.address);
        if (this.script[0]?.at === 'rcpt') {
          const { code } = this.script.shift()!;
          return cb(reject(code, code >= 500 ? '5.1.1 No such user here' : '4.7.1 Greylisted, try again later'));
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          if (this.script[0]?.at === 'data') {
            const { code } = this.script.shift()!;
            this.received.push({ from: '', to: [], raw: '(refused)' });
            return cb(reject(code, code >= 500 ? '5.7.1 Message rejected' : '4.3.0 Local error in processing, try later'));
          }
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          cb();
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as net.AddressInfo).port;
    return this;
  }
  accepted(): Received[] { return this.received.filter((r) => r.raw !== '(refused)'); }
  reset(): void { this.received = []; this.script = []; this.rcptSeen = []; }
  close(): Promise<void> { return new Promise((resolve) => this.server.close(() => resolve())); }
}

describe('e-mail over SMTP', () => {
  const FROM = '"局长信箱" <noreply@gaj.example.gov.cn>';
  let smtp: FakeSmtp;
  let mail: SmtpTransport;
  const opened: MessageTransport[] = [];
  const make = (over: Partial<ConstructorParameters<typeof SmtpTransport>[0]> = {}) => {
    const t = new SmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, from: FROM, timeoutMs: 5000, ...over });
    opened.push(t);
    return t;
  };

  beforeAll(async () => { smtp = await new FakeSmtp().start(); });
  afterAll(async () => { for (const t of opened) await t.close?.(); await smtp?.close(); });
  beforeEach(() => { smtp.reset(); mail = make(); });

  it('delivers To, From, the default subject, a Message-ID from the delivery id and the Chinese body', async () => {
    const d = delivery('email', 'zhang.san@example.com');
    await mail.deliver(d);
    const [m] = smtp.accepted();
    expect(m.to).toEqual(['zhang.san@example.com']);
    expect(m.from).toBe('noreply@gaj.example.gov.cn');
    const p = parseMail(m.raw);
    expect(p.header('to')).toBe('zhang.san@example.com');
    expect(p.header('from')?.replace(/"/g, '')).toBe('局长信箱 <noreply@gaj.example.gov.cn>');
    expect(p.header('subject')).toBe(DEFAULT_SUBJECT);
    expect(p.header('subject')).toBe('【局长信箱】办理进展');
    expect(p.header('message-id')).toBe(`<jsjb.${d.id}@gaj.example.gov.cn>`);
    expect(p.header('message-id')).toBe(messageIdFor(d.id, FROM));
    expect(p.text).toBe(TEXT);
  });

  it('uses the subject of the delivery and keeps line breaks of the text', async () => {
    const text = '王先生：\n您反映的噪音问题已处理。\n——福田分局';
    await mail.deliver(delivery('email', 'wang@example.cn', { subject: '关于您来信的答复', text }));
    const p = parseMail(smtp.accepted()[0].raw);
    expect(p.header('subject')).toBe('关于您来信的答复');
    expect(p.text).toBe(text);
  });

  it('a mostly ASCII text goes quoted-printable and arrives intact', async () => {
    const text = 'Case 20260615001: status accepted, unit Futian branch. Reply at https://mailbox.example.gov.cn/c/20260615001 — 谢谢';
    await mail.deliver(delivery('email', 'ascii@example.com', { text }));
    const raw = smtp.accepted()[0].raw;
    expect(raw).toMatch(/^Content-Transfer-Encoding: quoted-printable$/im);
    expect(parseMail(raw).text).toBe(text);
  });

  it('a delivery id with odd characters still gives a stable, well-formed Message-ID', async () => {
    const d = delivery('email', 'li@example.com', { id: 'outbox/17 <retry>' });
    await mail.deliver(d);
    await mail.deliver(d);
    const ids = smtp.accepted().map((m) => parseMail(m.raw).header('message-id'));
    expect(ids[0]).toMatch(/^<jsjb\.[0-9a-f]{32}@gaj\.example\.gov\.cn>$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('451 at the end of DATA: retryable; the retry arrives with the same Message-ID', async () => {
    smtp.script = [{ at: 'data', code: 451 }];
    const d = delivery('email', 'zhao@example.com');
    const e = await failure(mail.deliver(d));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/451/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.accepted()).toHaveLength(0);
    await mail.deliver(d);
    const [m] = smtp.accepted();
    expect(parseMail(m.raw).header('message-id')).toBe(messageIdFor(d.id, FROM));
    expect(parseMail(m.raw).text).toBe(TEXT);
  });

  it('451 to RCPT TO (greylisting): retryable', async () => {
    smtp.script = [{ at: 'rcpt', code: 451 }];
    const e = await failure(mail.deliver(delivery('email', 'qian@example.com')));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/451/);
    expect(smtp.rcptSeen).toEqual(['qian@example.com']);
    expect(smtp.received).toHaveLength(0);
  });

  it('550 to RCPT TO (no such mailbox): permanent', async () => {
    smtp.script = [{ at: 'rcpt', code: 550 }];
    const e = await failure(mail.deliver(delivery('email', 'nobody@example.com')));
    expect(e.permanent).toBe(true);
    expect(e.message).toMatch(/550/);
    expect(smtp.rcptSeen).toEqual(['nobody@example.com']);
    expect(smtp.received).toHaveLength(0);
  });

  it('554 at the end of DATA: permanent', async () => {
    smtp.script = [{ at: 'data', code: 554 }];
    const e = await failure(mail.deliver(delivery('email', 'sun@example.com')));
    expect(e.permanent).toBe(true);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.accepted()).toHaveLength(0);
  });

  it('something that is not an address: permanent, no connection made', async () => {
    for (const to of ['not-an-address', 'a@b', 'x y@example.com', 'a@example.com, b@example.com', '']) {
      const e = await failure(mail.deliver(delivery('email', to)));
      expect(e.permanent, to).toBe(true);
    }
    expect(smtp.rcptSeen).toHaveLength(0);
  });

  it('no server listening: retryable', async () => {
    const e = await failure(make({ port: await closedPort() }).deliver(delivery('email', 'a@example.com')));
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/ECONNECTION|ECONNREFUSED/);
  });

  it('a server that accepts the connection but never greets: retryable after the timeout', async () => {
    const sockets: net.Socket[] = [];
    const mute = net.createServer((s) => { sockets.push(s); });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    try {
      const t0 = Date.now();
      const e = await failure(make({ port: (mute.address() as net.AddressInfo).port, timeoutMs: 300 }).deliver(delivery('email', 'a@example.com')));
      expect(e.permanent).toBe(false);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(sockets.length).toBeGreaterThanOrEqual(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  describe('with authentication', () => {
    let authed: FakeSmtp;
    beforeAll(async () => { authed = await new FakeSmtp({ user: 'mailbox', pass: 'p@ss-局长' }).start(); });
    afterAll(async () => { await authed?.close(); });

    it('logs in and delivers', async () => {
      await make({ port: authed.port, auth: { user: 'mailbox', pass: 'p@ss-局长' } }).deliver(delivery('email', 'zhou@example.com'));
      expect(authed.accepted().map((m) => [m.user, m.to])).toEqual([['mailbox', ['zhou@example.com']]]);
    });

    it('a wrong password is a 535: permanent, nothing delivered', async () => {
      const e = await failure(make({ port: authed.port, auth: { user: 'mailbox', pass: 'wrong' } }).deliver(delivery('email', 'wu@example.com')));
      expect(e.permanent).toBe(true);
      expect(e.message).toMatch(/535/);
      expect(authed.accepted()).toHaveLength(1);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Configuration from the environment.

describe('transportsFromEnv', () => {
  const opened: MessageTransport[] = [];
  const fromEnv = (env: NodeJS.ProcessEnv) => { const ts = transportsFromEnv(env); opened.push(...ts); return ts; };
  afterEach(async () => { for (const t of opened.splice(0)) await t.close?.(); });

  const SMS = { SMS_GATEWAY_URL: 'https://sms.example.cn/send', SMS_GATEWAY_KEY: 'k' };
  const WX = { WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_TEMPLATE_ID: 't' };
  const MAIL = { SMTP_HOST: 'smtp.example.cn', MAIL_FROM: 'noreply@example.gov.cn' };
  const configError = (env: NodeJS.ProcessEnv): string => {
    try { transportsFromEnv(env); } catch (e) { expect(e).toBeInstanceOf(TransportConfigError); return (e as Error).message; }
    throw new Error('expected a configuration error');
  };

  it('no settings, no transports; empty values count as unset', () => {
    expect(fromEnv({})).toEqual([]);
    expect(fromEnv({ SMS_GATEWAY_URL: '', SMTP_HOST: '  ', PATH: '/usr/bin' })).toEqual([]);
  });

  it('each complete set gives its transport', () => {
    expect(fromEnv(SMS).map((t) => t.channel)).toEqual(['sms']);
    expect(fromEnv(WX).map((t) => t.channel)).toEqual(['wechat']);
    expect(fromEnv(MAIL).map((t) => t.channel)).toEqual(['email']);
    const all = fromEnv({ ...SMS, ...WX, ...MAIL, SMTP_PORT: '465', SMTP_USER: 'u', SMTP_PASS: 'p', WECHAT_API_BASE: 'http://127.0.0.1:1' });
    expect(all.map((t) => t.channel)).toEqual(['sms', 'wechat', 'email']);
    expect(all[0]).toBeInstanceOf(SmsHttpTransport);
    expect(all[1]).toBeInstanceOf(WechatTemplateTransport);
    expect(all[2]).toBeInstanceOf(SmtpTransport);
  });

  it('an incomplete set names what is missing', () => {
    expect(configError({ SMS_GATEWAY_URL: 'https://sms.example.cn/send' })).toMatch(/SMS_GATEWAY_KEY is missing/);
    expect(configError({ SMS_GATEWAY_KEY: 'k' })).toMatch(/SMS_GATEWAY_URL is missing/);
    expect(configError({ WECHAT_APP_ID: 'wx1', WECHAT_TEMPLATE_ID: 't' })).toMatch(/WECHAT_APP_SECRET is missing/);
    expect(configError({ WECHAT_API_BASE: 'http://127.0.0.1:1' })).toMatch(/WECHAT_APP_ID and WECHAT_APP_SECRET and WECHAT_TEMPLATE_ID are missing/);
    expect(configError({ SMTP_HOST: 'smtp.example.cn' })).toMatch(/MAIL_FROM is missing/);
    expect(configError({ MAIL_FROM: 'a@example.cn', SMTP_PORT: '25' })).toMatch(/SMTP_HOST is missing/);
    expect(configError({ ...MAIL, SMTP_USER: 'u' })).toMatch(/SMTP_PASS is missing/);
    expect(configError({ ...MAIL, SMTP_PASS: 'p' })).toMatch(/SMTP_USER is missing/);
    // A complete set elsewhere does not hide the incomplete one.
    expect(configError({ ...SMS, ...MAIL, WECHAT_APP_ID: 'wx1' })).toMatch(/WECHAT_APP_SECRET and WECHAT_TEMPLATE_ID are missing/);
  });

  it('an invalid value names its variable', () => {
    expect(configError({ ...SMS, SMS_GATEWAY_URL: 'sms.example.cn/send' })).toMatch(/SMS_GATEWAY_URL/);
    expect(configError({ ...SMS, SMS_GATEWAY_URL: 'ftp://sms.example.cn/' })).toMatch(/SMS_GATEWAY_URL/);
    expect(configError({ ...SMS, SMS_TIMEOUT_MS: '5s' })).toMatch(/SMS_TIMEOUT_MS/);
    expect(configError({ ...WX, WECHAT_API_BASE: 'weixin' })).toMatch(/WECHAT_API_BASE/);
    expect(configError({ ...MAIL, SMTP_PORT: 'abc' })).toMatch(/SMTP_PORT/);
    expect(configError({ ...MAIL, SMTP_PORT: '70000' })).toMatch(/SMTP_PORT/);
    expect(configError({ ...MAIL, SMTP_SECURE: 'maybe' })).toMatch(/SMTP_SECURE/);
    expect(configError({ ...MAIL, MAIL_FROM: '局长信箱' })).toMatch(/MAIL_FROM/);
  });

  it('the transports it builds reach the fakes they are pointed at', async () => {
    const gw = await new FakeSmsGateway().start();
    const wx = await new FakeWechat().start();
    const smtp = await new FakeSmtp({ user: 'u1', pass: 'p1' }).start();
    try {
      const ts = fromEnv({
        SMS_GATEWAY_URL: gw.url, SMS_GATEWAY_KEY: gw.key, SMS_TIMEOUT_MS: '2000',
        WECHAT_APP_ID: wx.appId, WECHAT_APP_SECRET: wx.secret, WECHAT_TEMPLATE_ID: 'tmpl-env', WECHAT_API_BASE: `${wx.base}/`, WECHAT_TEMPLATE_FIELD: 'thing3',
        SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false', SMTP_USER: 'u1', SMTP_PASS: 'p1', MAIL_FROM: '局长信箱 <mailbox@env.example.gov.cn>',
      });
      const by = Object.fromEntries(ts.map((t) => [t.channel, t]));
      const sms = delivery('sms', '13312345678');
      const wechat = delivery('wechat', 'oEnvOpenId_0001');
      const email = delivery('email', 'citizen@example.com');
      await by.sms.deliver(sms);
      await by.wechat.deliver(wechat);
      await by.email.deliver(email);
      expect(gw.sent).toEqual([{ to: '13312345678', text: TEXT, requestId: sms.id }]);
      expect(wx.delivered).toEqual([{ touser: 'oEnvOpenId_0001', template_id: 'tmpl-env', data: { thing3: { value: TEXT } }, client_msg_id: wechat.id }]);
      const [m] = smtp.accepted();
      expect(m.user).toBe('u1');
      expect(m.from).toBe('mailbox@env.example.gov.cn');
      expect(parseMail(m.raw).header('message-id')).toBe(`<jsjb.${email.id}@env.example.gov.cn>`);
      expect(parseMail(m.raw).text).toBe(TEXT);
    } finally {
      await gw.close();
      await wx.close();
      await smtp.close();
    }
  });
});
