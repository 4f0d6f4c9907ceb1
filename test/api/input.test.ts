// Bad input gets a 4xx whose message names the field, never a 5xx, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startTestSystem, staff, citizen, lastCode, idNumber, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let writer: string, dispatcher: string, officer: string;
let caseId: number;

async function counts() {
  const r = await t.sys.store.query<{ cases: number; events: number; limits: number; att: number }>(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
            (SELECT count(*) FROM case_limits) AS limits, (SELECT count(*) FROM attachments) AS att`);
  return r.rows[0];
}

beforeAll(async () => {
  t = await startTestSystem();
  writer = await citizen(t, '13600136001');
  dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
  officer = await staff(t, 'o1', ['officer'], 'futian-branch');
  const r = await t.api.post('/api/letters', { type: 'help', title: '求助', content: '福田区某小区门口有人长期占道经营。' }, writer);
  caseId = r.body.id;
});
afterAll(async () => { await t?.close(); });

const LETTER = { type: 'help', title: '标题', content: '这是一封足够长的来信内容。' };

describe('letters', () => {
  const cases: [string, unknown, string][] = [
    ['content too short', { ...LETTER, content: '太短' }, 'content'],
    ['content too long', { ...LETTER, content: '长'.repeat(5001) }, 'content'],
    ['missing title', { type: 'help', content: LETTER.content }, 'title'],
    ['unknown type', { ...LETTER, type: 'nonsense' }, 'type'],
    ['unknown category', { ...LETTER, category: 'nonsense' }, 'category'],
    ['wrong type of field', { ...LETTER, title: 42 }, 'title'],
    ['latitude out of range', { ...LETTER, location: { lat: 91, lng: 114 } }, 'location.lat'],
    ['attachment that does not exist', { ...LETTER, attachmentIds: ['00000000-0000-0000-0000-000000000000'] }, 'attachmentIds'],
    ['attachment id that is no id', { ...LETTER, attachmentIds: ['../../etc/passwd'] }, 'attachmentIds'],
    ['channel a citizen cannot use', { ...LETTER, channel: '110' }, 'channel'],
  ];
  for (const [name, body, field] of cases) {
    it(`${name} → 400 naming ${field}, nothing written`, async () => {
      const before = await counts();
      const r = await t.api.post('/api/letters', body, writer);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(r.body.error.message).toContain(field);
      expect(await counts()).toEqual(before);
    });
  }
  it('unknown fields are dropped, never stored', async () => {
    const r = await t.api.post('/api/letters', { ...LETTER, status: 'closed', unit_code: 'inspection', evil: true }, writer);
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('received');
    const c = await t.api.get(`/api/cases/${r.body.id}`, dispatcher);
    expect(c.body.unitCode).toBeNull();
  });
  it('malformed JSON → 400', async () => {
    const r = await t.api.req('POST', '/api/letters', { token: writer, raw: '{"type":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('JSON');
  });
  it('a body over the limit → 413', async () => {
    const r = await t.api.req('POST', '/api/letters', { token: writer, raw: JSON.stringify({ ...LETTER, content: 'x'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
  });
  it('an unsupported content type → 415', async () => {
    const r = await t.api.req('POST', '/api/letters', { token: writer, raw: 'hello', headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(415);
  });
});

describe('case actions', () => {
  const cases: [string, string, unknown, string][] = [
    ['dispatch to a unit that does not exist', 'dispatch', { unitCode: 'nowhere' }, 'unitCode'],
    ['dispatch without a unit', 'dispatch', {}, 'unitCode'],
    ['co-unit equal to the main unit', 'dispatch', { unitCode: 'futian-branch', coUnitCodes: ['futian-branch'] }, 'coUnitCodes'],
    ['dispatch with an unknown co-unit', 'dispatch', { unitCode: 'futian-branch', coUnitCodes: ['x'] }, 'coUnitCodes[0]'],
    ['merge into a case that does not exist', 'merge', { intoId: 999999 }, 'intoId'],
    ['merge into a string', 'merge', { intoId: 'abc' }, 'intoId'],
  ];
  for (const [name, action, body, field] of cases) {
    it(`${name} → 400 naming ${field}`, async () => {
      const before = await counts();
      const r = await t.api.post(`/api/cases/${caseId}/${action}`, body, dispatcher);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(field);
      expect(await counts()).toEqual(before);
    });
  }
  it('an id that is no number → 400; an unknown id → 404', async () => {
    expect((await t.api.get('/api/cases/abc', dispatcher)).status).toBe(400);
    expect((await t.api.get('/api/cases/99999999', dispatcher)).status).toBe(404);
    expect((await t.api.get('/api/cases/99999999999999999999', dispatcher)).status).toBe(400);
  });
  it('unit actions validate their bodies', async () => {
    await t.api.post(`/api/cases/${caseId}/dispatch`, { unitCode: 'futian-branch' }, dispatcher);
    await t.api.post(`/api/cases/${caseId}/sign`, undefined, officer);
    const bad: [string, unknown, string][] = [
      ['contact', { method: 'pigeon', outcome: 'reached', note: '' }, 'method'],
      ['contact', { method: 'phone', note: '' }, 'outcome'],
      ['extension', { days: 0, reason: '需要时间' }, 'days'],
      ['extension', { days: 2.5, reason: '需要时间' }, 'days'],
      ['report', { outcome: 'done', content: '已处理完毕' }, 'outcome'],
      ['feedback', { content: '' }, 'content'],
      ['return', {}, 'reason'],
    ];
    for (const [action, body, field] of bad) {
      const before = await counts();
      const r = await t.api.post(`/api/cases/${caseId}/${action}`, body, officer);
      expect(r.status, `${action} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error.message).toContain(field);
      expect(await counts()).toEqual(before);
    }
  });
  it('list filters are checked', async () => {
    expect((await t.api.get('/api/cases?status=flying', dispatcher)).status).toBe(400);
    expect((await t.api.get('/api/cases?page=0', dispatcher)).status).toBe(400);
    expect((await t.api.get('/api/cases?q=%25%27%3B%20DROP%20TABLE%20cases%3B--', dispatcher)).status).toBe(200);
    expect((await t.api.get('/api/stats/units?month=2026-13', dispatcher)).status).toBe(400);
    expect((await t.api.get('/api/stats/overview?from=yesterday', dispatcher)).status).toBe(400);
  });
});

describe('citizen verification', () => {
  it('rejects a phone that is not a mainland mobile', async () => {
    const r = await t.api.post('/api/citizen/otp', { phone: '12345' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('phone');
  });
  it('rejects an ID number whose check digit fails', async () => {
    await t.api.post('/api/citizen/otp', { phone: '13600136002' });
    const code = await lastCode(t, '13600136002');
    const good = idNumber('44030419851231001');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const r = await t.api.post('/api/citizen/verify', { phone: '13600136002', code, name: '孙红', idNumber: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('idNumber');
  });
  it('a wrong code is 401, and the code dies after 5 wrong tries', async () => {
    const phone = '13600136003';
    await t.api.post('/api/citizen/otp', { phone });
    const code = await lastCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const body = { phone, name: '周明', idNumber: idNumber('44030419851231002') };
    for (let i = 0; i < 5; i++) expect((await t.api.post('/api/citizen/verify', { ...body, code: wrong })).status).toBe(401);
    expect((await t.api.post('/api/citizen/verify', { ...body, code })).status).toBe(401);
  });
  it('at most 5 codes per phone per hour', async () => {
    const phone = '13600136004';
    for (let i = 0; i < 5; i++) expect((await t.api.post('/api/citizen/otp', { phone })).status).toBe(202);
    const r = await t.api.post('/api/citizen/otp', { phone });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_requests');
  });
});

describe('staff sign-in', () => {
  it('one message for an unknown user and a wrong password, then 429', async () => {
    await staff(t, 'victim', ['officer'], 'futian-branch');
    const a = await t.api.post('/api/auth/login', { username: 'nobody', password: 'whatever1' });
    const b = await t.api.post('/api/auth/login', { username: 'victim', password: 'wrong-password1' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.message).toBe(b.body.error.message);
    for (let i = 0; i < 4; i++) await t.api.post('/api/auth/login', { username: 'victim', password: 'wrong-password1' });
    expect((await t.api.post('/api/auth/login', { username: 'victim', password: 'wrong-password1' })).status).toBe(429);
  });
  it('a revoked token stops working', async () => {
    const token = await staff(t, 'leaver', ['officer'], 'futian-branch');
    expect((await t.api.get('/api/auth/me', token)).status).toBe(200);
    expect((await t.api.post('/api/auth/logout', undefined, token)).status).toBe(204);
    expect((await t.api.get('/api/auth/me', token)).status).toBe(401);
  });
  it('admin input is validated', async () => {
    const weak = await t.api.post('/api/admin/users', { username: 'weak', password: '123', displayName: '弱', unitCode: 'center', roles: ['dispatcher'] }, t.adminToken);
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('password');
    const role = await t.api.post('/api/admin/users', { username: 'rr', password: 'Good-Pass-1', displayName: '弱', unitCode: 'center', roles: ['king'] }, t.adminToken);
    expect(role.body.error.message).toContain('roles[0]');
    const dup = await t.api.post('/api/admin/users', { username: 'd1', password: 'Good-Pass-1', displayName: '重', unitCode: 'center', roles: ['dispatcher'] }, t.adminToken);
    expect(dup.status).toBe(409);
    const cal = await t.api.put('/api/admin/calendar/2026', { holidays: ['2026-02-30'], workdays: [] }, t.adminToken);
    expect(cal.status).toBe(400);
    expect(cal.body.error.message).toContain('holidays[0]');
    const cat = await t.api.post('/api/admin/categories', { code: 'drones', name: '无人机', routeTo: 'no-such-unit' }, t.adminToken);
    expect(cat.status).toBe(400);
    const imp = await t.api.post('/api/admin/import', { cases: [{ externalId: 'x1', channel: '12345', receivedAt: 'never', content: '历史案件内容', category: 'fraud', unitCode: 'anti-fraud' }] }, t.adminToken);
    expect(imp.status).toBe(400);
    expect(imp.body.error.message).toContain('cases[0].receivedAt');
  });
});

describe('attachments', () => {
  it('are judged by their bytes, and lose their location metadata', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg().withExif({ IFD0: { Make: 'SpyCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 32/1 0/1' } }).toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(jpeg)]), 'photo.txt');
    const up = await t.api.req('POST', '/api/attachments', { token: writer, raw: form });
    expect(up.status).toBe(201);
    expect(up.body.contentType).toBe('image/jpeg');
    const got = await fetch(`${t.url}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${writer}` } });
    const bytes = Buffer.from(await got.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.width).toBe(64);
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('SpyCam'))).toBe(false);

    const fake = new FormData();
    fake.append('file', new Blob([Buffer.from('<?php echo 1; ?>')]), 'photo.jpg');
    expect((await t.api.req('POST', '/api/attachments', { token: writer, raw: fake })).status).toBe(415);

    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(10 * 1024 * 1024 + 10)]), 'big.png');
    expect((await t.api.req('POST', '/api/attachments', { token: writer, raw: big })).status).toBe(413);

    // Another citizen can neither read it nor attach it to their letter.
    const other = await citizen(t, '13600136009', '吴刚', idNumber('44030419700101003'));
    expect((await fetch(`${t.url}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
    const steal = await t.api.post('/api/letters', { ...LETTER, attachmentIds: [up.body.id] }, other);
    expect(steal.status).toBe(400);

    const sent = await t.api.post('/api/letters', { ...LETTER, attachmentIds: [up.body.id] }, writer);
    expect(sent.status).toBe(201);
    const view = await t.api.get(`/api/cases/${sent.body.id}`, dispatcher);
    expect(view.body.attachments).toEqual([{ id: up.body.id, contentType: 'image/jpeg', size: bytes.length }]);
  });
});

describe('configuration as data', () => {
  it('a time-limit rule per category changes the limits of new letters; bad policies are refused', async () => {
    const policy = (await t.api.get('/api/admin/settings/time-limits', t.adminToken)).body;
    expect(policy.defaults.sign).toEqual({ minutes: 10 });
    const bad = await t.api.put('/api/admin/settings/time-limits', { ...policy, warnAt: 2 }, t.adminToken);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('warnAt');
    const fraud = { ...policy, rules: [{ match: { category: 'fraud' }, limits: { sign: { minutes: 5 } } }] };
    expect((await t.api.put('/api/admin/settings/time-limits', fraud, t.adminToken)).status).toBe(204);
    const r = await t.api.post('/api/letters', { type: 'report', category: 'fraud', title: '被骗', content: '我接到冒充客服的诈骗电话被骗了两万元。' }, writer);
    const received = Date.parse(r.body.deadlines.contact) - 30 * 60_000;
    expect(Date.parse(r.body.deadlines.sign) - received).toBe(5 * 60_000);
    expect((await t.api.put('/api/admin/settings/time-limits', policy, t.adminToken)).status).toBe(204);
    expect((await t.api.put('/api/admin/settings/rates', { rates: {}, weights: { x: 1 } }, dispatcher)).status).toBe(403);
    expect((await t.api.put('/api/admin/settings/rates', { rates: {}, weights: { x: 1 } }, t.adminToken)).status).toBe(400);
  });
});

describe('dashboard figures', () => {
  it('break volumes down by each dimension, and reject an unknown one', async () => {
    for (const by of ['channel', 'category', 'district', 'unit', 'type', 'day', 'week', 'month']) {
      const r = await t.api.get(`/api/stats/breakdown?by=${by}`, dispatcher);
      expect(r.status, by).toBe(200);
      expect(r.body.reduce((s: number, x: any) => s + x.received, 0)).toBeGreaterThan(0);
    }
    const ch = await t.api.get('/api/stats/breakdown?by=channel', dispatcher);
    expect(ch.body[0]).toMatchObject({ key: 'mailbox_web', name: '局长信箱（官网）' });
    expect((await t.api.get('/api/stats/breakdown?by=shoe', dispatcher)).status).toBe(400);
    expect((await t.api.get('/api/admin/users', t.adminToken)).body.map((u: any) => u.username)).toContain('d1');
  });
});
