// The channel hub: letters handed over by 110, 12345, 12389 … signed with the channel's secret, and
// every status change sent back to the channel's webhook through the transactional outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, until, usingServer, idNumber, type TestSystem } from '../helpers/system.js';
import { startSystem, type System } from '../../src/server.js';
import { loadConfig } from '../../src/config.js';
import { sign } from '../../src/jobs/outbox.js';
import { Receiver, signed, SECRET } from '../helpers/channel.js';

let seq = 0;
const letter = (over: Record<string, unknown> = {}) => ({
  externalId: `EXT-${Date.now()}-${++seq}`,
  receivedAt: new Date().toISOString(),
  citizen: { name: '赵建国', phone: '13800138000' },
  content: '民治大道与人民路交叉口的红绿灯坏了三天，早晚高峰车辆拥堵严重，请尽快处理。',
  address: '龙华区民治大道',
  ...over,
});

async function count(t: TestSystem): Promise<number> {
  return Number((await t.sys.store.query<{ n: number }>('SELECT count(*) AS n FROM cases')).rows[0].n);
}

describe('integration channels', () => {
  let t: TestSystem;
  let rx: Receiver;
  let dispatcher: string;
  let officer: string;
  beforeAll(async () => {
    rx = new Receiver();
    await rx.start();
    t = await startTestSystem({ outboxIntervalMs: 100, outboxRetryBaseMs: 50, outboxMaxAttempts: 3 });
    for (const ch of ['12345', '110', '12389']) {
      const r = await t.api.put(`/api/admin/channels/${ch}`, { secret: SECRET, ...(ch === '12345' ? { webhookUrl: rx.url } : {}) }, t.adminToken);
      expect(r.status).toBe(204);
    }
    dispatcher = await staff(t, 'disp_ch', ['dispatcher'], 'center');
    officer = await staff(t, 'off_ch', ['officer'], 'longhua-branch');
  }, 60_000);
  afterAll(async () => { await t?.close(); await rx?.stop(); });

  const post = (channel: string, s: { raw: string; headers: Record<string, string> }) => t.api.req('POST', `/api/channels/${channel}/cases`, { raw: s.raw, headers: s.headers });

  it('takes a signed letter once: the same external id again returns the same number and creates nothing', async () => {
    const body = letter();
    const first = await post('12345', signed(body));
    expect(first.status).toBe(201);
    expect(first.body.number).toMatch(/^JB\d{8}\d{6}$/);
    const before = await count(t);
    const again = await post('12345', signed(body));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await count(t)).toBe(before);
    const c = await t.api.get(`/api/cases/${first.body.id}`, dispatcher);
    expect(c.body.channel).toBe('12345');
    expect(c.body.citizen.phone).toBe('138****8000');
    expect(c.body.events[0].action).toBe('received');
  });

  it('rejects, with 401 and nothing written, a missing, wrong or stale signature and a tampered body', async () => {
    const before = await count(t);
    const body = letter();
    const good = signed(body);
    const cases: [string, { raw: string; headers: Record<string, string> }][] = [
      ['no signature', { raw: good.raw, headers: { 'content-type': 'application/json' } }],
      ['wrong secret', signed(body, 'another-secret-entirely')],
      ['stale timestamp', signed(body, SECRET, Math.floor(Date.now() / 1000) - 301)],
      ['future timestamp', signed(body, SECRET, Math.floor(Date.now() / 1000) + 301)],
      ['tampered body', { raw: good.raw.replace('红绿灯', '路灯'), headers: good.headers }],
      ['garbage signature', { raw: good.raw, headers: { ...good.headers, 'x-signature': 'zz' } }],
    ];
    for (const [what, req] of cases) {
      const r = await post('12345', req);
      expect(r.status, what).toBe(401);
      expect(r.body.error.message, what).toMatch(/签名|X-Timestamp|X-Signature/);
    }
    // A channel whose secret the admin never set cannot be verified.
    expect((await post('wechat', signed(body))).status).toBe(401);
    expect((await post('nosuch', signed(body))).status).toBe(404);
    expect(await count(t)).toBe(before);
  });

  it('answers bad letters with 400 saying what is wrong, after the signature, and writes nothing', async () => {
    const before = await count(t);
    const bad: [string, unknown][] = [
      ['content', letter({ content: '太短' })],
      ['phone', letter({ citizen: { name: '赵建国', phone: '12345' } })],
      ['category', letter({ category: 'no_such_category' })],
      ['receivedAt', letter({ receivedAt: 'yesterday' })],
      ['idNumber', letter({ citizen: { name: '赵建国', phone: '13800138000', idNumber: '440304199001011230' } })],
    ];
    for (const [field, body] of bad) {
      const r = await post('12345', signed(body));
      expect(r.status, field).toBe(400);
      expect(r.body.error.message, field).toBeTruthy();
    }
    const notJson = { raw: '{"externalId":', headers: signed({}).headers };
    notJson.headers['x-signature'] = sign(SECRET, notJson.headers['x-timestamp'], notJson.raw);
    expect((await post('12345', notJson)).status).toBe(400);
    expect(await count(t)).toBe(before);
  });

  it('keeps each channel’s habits: 110 is urgent; 12389 is police conduct, confidential, for the inspection unit', async () => {
    const a = await post('110', signed(letter()));
    expect(a.status).toBe(201);
    expect((await t.api.get(`/api/cases/${a.body.id}`, dispatcher)).body.priority).toBe('urgent');
    const b = await post('12389', signed(letter({ content: '某派出所民警在办理户口时态度恶劣，索要好处费，请求调查处理。' })));
    expect(b.status).toBe(201);
    const c = (await t.api.get(`/api/cases/${b.body.id}`, dispatcher)).body;
    expect(c.category).toBe('police_conduct');
    expect(c.confidential).toBe(true);
  });

  it('a 12389 letter never shows its writer to the unit it is about, even when added as co-unit by mistake', async () => {
    const ID = idNumber('11010119900307757');
    const about = await staff(t, 'off_futian_12389', ['officer'], 'futian-branch');
    const inspector = await staff(t, 'insp_12389', ['officer'], 'inspection');
    const r = await post('12389', signed(letter({
      citizen: { name: '孙明亮', phone: '13912345678', idNumber: ID },
      content: '福田派出所一名民警在处理纠纷时辱骂群众，并拒绝出示证件，请求调查。',
    })));
    expect(r.status).toBe(201);
    expect((await t.api.post(`/api/cases/${r.body.id}/dispatch`, { unitCode: 'inspection', coUnitCodes: ['futian-branch'] }, dispatcher)).status).toBe(200);
    const seen = await t.api.get(`/api/cases/${r.body.id}`, about);
    expect(seen.status).toBe(200);
    expect(seen.body.citizen).toEqual({ name: '（保密）', phone: '（保密）' });
    const text = JSON.stringify(seen.body);
    for (const secret of ['孙明亮', '孙', '13912345678', '139****5678', ID, ID.slice(0, 6) + '*']) expect(text).not.toContain(secret);
    expect((await t.api.get(`/api/cases/${r.body.id}/contact-info`, about)).status).toBe(403);
    // The inspection unit handles it and sees the writer (masked), and may ask for the full contact, audited.
    const insp = await t.api.get(`/api/cases/${r.body.id}`, inspector);
    expect(insp.body.citizen.phone).toBe('139****5678');
    expect(JSON.stringify(insp.body)).not.toContain(ID);
  });

  it('sends every status change back to the channel, signed, in order, retrying a receiver that fails at first', async () => {
    rx.got = [];
    let failures = 2;
    rx.answer = () => (failures-- > 0 ? 503 : 200);
    const created = await post('12345', signed(letter()));
    const id = created.body.id;
    expect((await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'longhua-branch', category: 'public_order' }, dispatcher)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${id}/sign`, {}, officer)).status).toBe(200);
    const got = await until(async () => rx.delivered().filter((d) => d.body.number === created.body.number), (g) => new Set(g.filter((x) => x.body).map((x) => x.id)).size >= 3 && g.length >= 5, 10_000);
    // Two refusals of the first change, then each change once, in the order they happened.
    const accepted = got.slice(2);
    expect(accepted.map((d) => d.body.change)).toEqual(['received', 'dispatch', 'sign']);
    expect(accepted.map((d) => d.body.status)).toEqual(['received', 'dispatched', 'signed']);
    expect(got[0].id).toBe(got[1].id);
    expect(got[1].id).toBe(got[2].id);
    for (const d of got) {
      expect(d.sig).toBe(sign(SECRET, d.ts, d.raw));
      expect(d.body.externalId).toBeTruthy();
      expect(JSON.stringify(d.body)).not.toMatch(/13800138000|赵建国/);
    }
    const delivered = await t.api.get('/api/admin/outbox?state=delivered', t.adminToken);
    expect(delivered.body.filter((o: any) => o.caseNumber === created.body.number)).toHaveLength(3);
  });

  it('a hanging receiver does not hold up case handling', async () => {
    rx.got = [];
    rx.answer = () => 'hang';
    const created = await post('12345', signed(letter()));
    await until(async () => rx.delivered().length, (n) => n >= 1, 5000);
    expect(rx.delivered()).toHaveLength(1);
    // The receiver holds the first delivery open; the case moves on regardless.
    expect((await t.api.post(`/api/cases/${created.body.id}/dispatch`, { unitCode: 'longhua-branch', category: 'public_order' }, dispatcher)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${created.body.id}/sign`, {}, officer)).status).toBe(200);
    expect(rx.delivered()).toHaveLength(1); // and the next change waits its turn behind the first
    rx.answer = () => 200;
    rx.release();
    const got = await until(async () => rx.delivered().filter((d) => d.body.number === created.body.number).map((d) => d.body.change), (g) => g.includes('sign'), 10_000);
    expect(got.slice(-2)).toEqual(['dispatch', 'sign']);
  });

  it('moves an entry the receiver keeps refusing to the dead-letter list, and the admin retry delivers it', async () => {
    rx.got = [];
    rx.answer = () => 500;
    const created = await post('12345', signed(letter()));
    const dead = await until(() => t.api.get('/api/admin/outbox?state=dead', t.adminToken), (r) => r.body.some((o: any) => o.caseNumber === created.body.number), 10_000);
    const entry = dead.body.find((o: any) => o.caseNumber === created.body.number);
    expect(entry).toMatchObject({ kind: 'webhook', target: '12345', attempts: 3, lastStatus: 500, change: 'received' });
    expect(entry.lastError).toMatch(/HTTP 500/);
    expect(rx.delivered().filter((d) => d.body.number === created.body.number)).toHaveLength(3);

    expect((await t.api.get('/api/admin/outbox', officer)).status).toBe(403);
    expect((await t.api.post(`/api/admin/outbox/${entry.id}/retry`, {}, officer)).status).toBe(403);
    expect((await t.api.post('/api/admin/outbox/999999999/retry', {}, t.adminToken)).status).toBe(404);

    rx.answer = () => 200;
    const retried = await t.api.post(`/api/admin/outbox/${entry.id}/retry`, {}, t.adminToken);
    expect(retried.status).toBe(200);
    await until(async () => rx.delivered().filter((d) => d.body.number === created.body.number).length, (n) => n >= 4, 10_000);
    // The receiver has answered; the worker marks the entry delivered just after.
    const after = await until(() => t.api.get('/api/admin/outbox?state=delivered', t.adminToken), (r) => r.body.some((o: any) => o.id === entry.id), 10_000);
    expect(after.body.some((o: any) => o.id === entry.id)).toBe(true);
    expect((await t.api.post(`/api/admin/outbox/${entry.id}/retry`, {}, t.adminToken)).status).toBe(409);
  });
});

describe.runIf(usingServer())('the outbox with three processes on one PostgreSQL', () => {
  let t: TestSystem;
  const others: System[] = [];
  let rx: Receiver;
  beforeAll(async () => {
    rx = new Receiver();
    await rx.start();
    t = await startTestSystem({ outboxIntervalMs: 20, outboxRetryBaseMs: 20 });
    for (let i = 0; i < 2; i++) {
      others.push(await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: t.databaseUrl, adminPassword: 'x', clockControl: true, outboxIntervalMs: 20, outboxRetryBaseMs: 20 }));
    }
    expect((await t.api.put('/api/admin/channels/12345', { secret: SECRET, webhookUrl: rx.url }, t.adminToken)).status).toBe(204);
  }, 60_000);
  afterAll(async () => { for (const o of others) await o.close(); await t?.close(); await rx?.stop(); });

  it('delivers each change exactly once, in order per case', async () => {
    // Every fifth answer fails, so retries race with the other processes too.
    rx.answer = (n) => (n % 5 === 4 ? 503 : 200);
    const dispatcher = await staff(t, 'disp_3p', ['dispatcher'], 'center');
    const numbers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.api.req('POST', '/api/channels/12345/cases', signed(letter()));
      numbers.push(r.body.number);
      await t.api.post(`/api/cases/${r.body.id}/dispatch`, { unitCode: 'longhua-branch', category: 'public_order' }, dispatcher);
    }
    const ok = () => rx.delivered().filter((_, n) => n % 5 !== 4);
    await until(async () => ok().length, (n) => n >= 24, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // anything doubled would arrive now
    const accepted = ok();
    expect(accepted).toHaveLength(24);
    expect(new Set(accepted.map((d) => d.id)).size).toBe(24);
    for (const n of numbers) expect(accepted.filter((d) => d.body.number === n).map((d) => d.body.change)).toEqual(['received', 'dispatch']);
  });
});
