// Messages to citizens through a real gateway go through the outbox: written with the change,
// delivered afterwards, retried until the gateway takes them, with the same request id each time.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, until, type TestSystem } from '../helpers/system.js';

describe('messages to citizens through the outbox', () => {
  let gateway: Server;
  const got: { auth: string; body: any }[] = [];
  let refuse = 2;
  let t: TestSystem;
  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        got.push({ auth: String(req.headers.authorization), body: JSON.parse(raw) });
        res.statusCode = refuse-- > 0 ? 503 : 200;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    process.env.SMS_GATEWAY_URL = `http://127.0.0.1:${(gateway.address() as any).port}/send`;
    process.env.SMS_GATEWAY_KEY = 'gateway-key-for-tests';
    t = await startTestSystem({ outboxIntervalMs: 100, outboxRetryBaseMs: 50 });
    delete process.env.SMS_GATEWAY_URL;
    delete process.env.SMS_GATEWAY_KEY;
  }, 60_000);
  afterAll(async () => { await t?.close(); gateway.closeAllConnections(); await new Promise((r) => gateway.close(r)); });

  it('delivers the one-time code to the SMS gateway, retrying a gateway that is down at first', async () => {
    expect((await t.api.post('/api/citizen/otp', { phone: '13700137000' })).status).toBe(202);
    await until(async () => got.length, (n) => n >= 3, 10_000);
    expect(got).toHaveLength(3);
    expect(got.every((g) => g.auth === 'Bearer gateway-key-for-tests')).toBe(true);
    expect(got[2].body.to).toBe('13700137000');
    expect(got[2].body.text).toMatch(/验证码是\d{6}/);
    // The same request id on every try, so the gateway can drop a repeat.
    expect(new Set(got.map((g) => g.body.requestId)).size).toBe(1);
    // Still recorded for the admin, as before; and the outbox shows it delivered after three attempts.
    expect((await t.api.get('/api/admin/messages?to=13700137000', t.adminToken)).body).toHaveLength(1);
    const delivered = (await t.api.get('/api/admin/outbox?state=delivered', t.adminToken)).body.filter((o: any) => o.kind === 'message');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ target: 'sms', attempts: 3 });
    // The admin list never shows a message's words or address.
    expect(JSON.stringify(delivered)).not.toMatch(/13700137000|验证码/);
  });
});
