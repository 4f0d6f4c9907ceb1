// Nobody reads or changes what is not theirs: one block per role, and a refused action changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let tok: Record<string, string>;
let alice: string, bob: string;
let caseA: { id: number; number: string };
let caseB: { id: number; number: string };
let conduct: { id: number; number: string };

async function letter(token: string, body: Record<string, unknown>) {
  const r = await t.api.post('/api/letters', { type: 'complaint', title: '测试来信', content: '这是一封用于权限测试的来信，内容足够长。', ...body }, token);
  expect(r.status).toBe(201);
  return r.body as { id: number; number: string };
}

async function snapshot(id: number) {
  const r = await t.api.get(`/api/cases/${id}`, tok.dispatcher);
  return { status: r.body.status, unitCode: r.body.unitCode, events: r.body.events.length };
}

beforeAll(async () => {
  t = await startTestSystem();
  tok = {
    dispatcher: await staff(t, 'd1', ['dispatcher'], 'center'),
    reviewer: await staff(t, 'r1', ['reviewer'], 'center'),
    viewer: await staff(t, 'v1', ['viewer'], 'center'),
    futian: await staff(t, 'o-futian', ['officer'], 'futian-branch'),
    futianLeader: await staff(t, 'l-futian', ['unit_leader'], 'futian-branch'),
    luohu: await staff(t, 'o-luohu', ['officer'], 'luohu-branch'),
    inspection: await staff(t, 'o-insp', ['officer'], 'inspection'),
  };
  alice = await citizen(t, '13700137001', '赵丽', idNumber('11010519800101002'));
  bob = await citizen(t, '13700137002', '钱波', idNumber('11010519800101003'));
  caseA = await letter(alice, { category: 'public_order', address: '福田区香蜜湖' });
  caseB = await letter(bob, { category: 'public_order', address: '罗湖区东门' });
  conduct = await letter(bob, { category: 'police_conduct', content: '福田分局某民警在办理我的报案时态度恶劣，推诿不作为。' });
  await t.api.post(`/api/cases/${caseA.id}/dispatch`, { unitCode: 'futian-branch' }, tok.dispatcher);
  await t.api.post(`/api/cases/${caseB.id}/dispatch`, { unitCode: 'luohu-branch' }, tok.dispatcher);
  // The dispatcher mistakenly adds the unit complained about as co-handling unit.
  await t.api.post(`/api/cases/${conduct.id}/dispatch`, { unitCode: 'inspection', coUnitCodes: ['futian-branch'] }, tok.dispatcher);
});
afterAll(async () => { await t?.close(); });

describe('citizens', () => {
  it('see only their own letters', async () => {
    const mine = await t.api.get('/api/letters/mine', alice);
    expect(mine.body.map((l: any) => l.number)).toEqual([caseA.number]);
    expect((await t.api.get(`/api/letters/${caseB.number}`, alice)).status).toBe(404);
    expect((await t.api.post(`/api/letters/${caseB.number}/thanks`, { content: '谢谢' }, alice)).status).toBe(404);
    expect((await t.api.post(`/api/letters/${caseB.number}/rating`, { resolved: true, satisfaction: 'satisfied' }, alice)).status).toBe(404);
  });
  it('cannot use staff endpoints', async () => {
    expect((await t.api.get('/api/cases', alice)).status).toBe(403);
    expect((await t.api.get(`/api/cases/${caseA.id}`, alice)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/sign`, undefined, alice)).status).toBe(403);
    expect((await t.api.get('/api/stats/overview', alice)).status).toBe(403);
  });
  it('may not rate before review', async () => {
    const r = await t.api.post(`/api/letters/${caseA.number}/rating`, { resolved: true, satisfaction: 'satisfied' }, alice);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('invalid_state');
  });
});

describe('anonymous callers', () => {
  it('get 401 on staff and citizen endpoints, and the public ones answer', async () => {
    expect((await t.api.get('/api/cases')).status).toBe(401);
    expect((await t.api.get('/api/letters/mine')).status).toBe(401);
    expect((await t.api.post('/api/admin/users', { username: 'x', password: 'Abcdefg1', displayName: 'x', roles: ['admin'] })).status).toBe(401);
    expect((await t.api.get('/api/cases', 'not-a-token')).status).toBe(401);
    expect((await t.api.get('/api/public/stats')).status).toBe(200);
    expect((await t.api.get('/api/faq?q=身份证')).status).toBe(200);
  });
});

describe('unit staff', () => {
  it('see only their unit’s cases, as main or co-handling unit', async () => {
    const list = await t.api.get('/api/cases', tok.futian);
    const ids = list.body.items.map((c: any) => c.id).sort();
    expect(ids).toEqual([caseA.id, conduct.id].sort());
    expect(list.body.total).toBe(2);
    expect((await t.api.get(`/api/cases/${caseB.id}`, tok.futian)).status).toBe(404);
    expect((await t.api.get('/api/cases?unit=luohu-branch', tok.futian)).body.total).toBe(0);
  });
  it('cannot act on another unit’s case: 404, and nothing changes', async () => {
    const before = await snapshot(caseB.id);
    for (const [path, body] of [['sign', undefined], ['return', { reason: '不是我的' }], ['feedback', { content: '越权反馈' }]] as const) {
      expect((await t.api.post(`/api/cases/${caseB.id}/${path}`, body, tok.futian)).status).toBe(404);
    }
    expect(await snapshot(caseB.id)).toEqual(before);
  });
  it('cannot take center actions on their own case: 403, and nothing changes', async () => {
    const before = await snapshot(caseA.id);
    expect((await t.api.post(`/api/cases/${caseA.id}/dispatch`, { unitCode: 'luohu-branch' }, tok.futian)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/review`, { approve: true }, tok.futianLeader)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/callback`, { reached: false }, tok.futian)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/merge`, { intoId: caseB.id }, tok.futian)).status).toBe(403);
    expect(await snapshot(caseA.id)).toEqual(before);
  });
  it('unit staff see their own unit’s figures only', async () => {
    const own = await t.api.get('/api/stats/overview?unit=luohu-branch', tok.futianLeader);
    expect(own.body.unit).toBe('futian-branch');
    expect(own.body.received).toBe(1);
    const city = await t.api.get('/api/stats/overview', tok.viewer);
    expect(city.body.unit).toBeNull();
    expect(city.body.received).toBeGreaterThanOrEqual(3);
  });
  it('a unit leader cannot read the city-wide unit ranking nor administer', async () => {
    expect((await t.api.get('/api/stats/units', tok.futianLeader)).status).toBe(403);
    expect((await t.api.post('/api/admin/faq', { question: '问题？', answer: '回答。' }, tok.futianLeader)).status).toBe(403);
  });
  it('see the writer masked, and the unmasked view is audited', async () => {
    const c = await t.api.get(`/api/cases/${caseA.id}`, tok.futian);
    expect(c.body.citizen).toEqual({ name: '赵*', phone: '137****7001' });
    const info = await t.api.get(`/api/cases/${caseA.id}/contact-info`, tok.futian);
    expect(info.body).toEqual({ name: '赵丽', phone: '13700137001' });
    const after = await t.api.get(`/api/cases/${caseA.id}`, tok.dispatcher);
    expect(after.body.events.filter((e: any) => e.action === 'contact_info_viewed')).toHaveLength(1);
  });
});

describe('confidential letters (police conduct)', () => {
  it('never show the writer to the unit complained about, even as co-handling unit', async () => {
    const c = await t.api.get(`/api/cases/${conduct.id}`, tok.futian);
    expect(c.status).toBe(200);
    expect(c.body.citizen).toEqual({ name: '（保密）', phone: '（保密）' });
    expect(JSON.stringify(c.body)).not.toContain('钱');
    expect(JSON.stringify(c.body)).not.toContain('13700137002');
    expect((await t.api.get(`/api/cases/${conduct.id}/contact-info`, tok.futian)).status).toBe(403);
    const insp = await t.api.get(`/api/cases/${conduct.id}/contact-info`, tok.inspection);
    expect(insp.body.phone).toBe('13700137002');
    expect((await t.api.get(`/api/cases/${conduct.id}/contact-info`, tok.dispatcher)).status).toBe(200);
  });
});

describe('center roles', () => {
  it('a dispatcher cannot handle or review; a reviewer cannot dispatch', async () => {
    const before = await snapshot(caseA.id);
    expect((await t.api.post(`/api/cases/${caseA.id}/sign`, undefined, tok.dispatcher)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/review`, { approve: true }, tok.dispatcher)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${caseA.id}/dispatch`, { unitCode: 'luohu-branch' }, tok.reviewer)).status).toBe(403);
    expect(await snapshot(caseA.id)).toEqual(before);
  });
  it('an action the status does not allow is 409 and changes nothing', async () => {
    const before = await snapshot(caseA.id);
    const r = await t.api.post(`/api/cases/${caseA.id}/review`, { approve: true }, tok.reviewer);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('已派单');
    expect(await snapshot(caseA.id)).toEqual(before);
  });
  it('a viewer reads statistics but no case', async () => {
    expect((await t.api.get('/api/cases', tok.viewer)).status).toBe(403);
    expect((await t.api.get(`/api/cases/${caseA.id}`, tok.viewer)).status).toBe(403);
    expect((await t.api.get('/api/stats/units?month=2026-01', tok.viewer)).status).toBe(200);
  });
  it('only an admin administers', async () => {
    for (const token of [tok.dispatcher, tok.reviewer, tok.viewer, tok.futian]) {
      expect((await t.api.post('/api/admin/units', { code: 'x-unit', name: '某单位', kind: 'city' }, token)).status).toBe(403);
      expect((await t.api.get('/api/admin/messages', token)).status).toBe(403);
    }
    expect((await t.api.post('/api/admin/faq', { question: '如何办理居住证？', answer: '携带身份证到社区工作站办理。', category: 'household' }, tok.dispatcher)).status).toBe(201);
  });
});

describe('merge (并案)', () => {
  it('its writer follows the surviving case', async () => {
    const dup = await letter(alice, { category: 'public_order', address: '罗湖区东门', content: '东门步行街夜间噪音扰民，与已有来信反映的是同一问题。' });
    expect((await t.api.post(`/api/cases/${dup.id}/merge`, { intoId: dup.id }, tok.dispatcher)).status).toBe(400);
    const m = await t.api.post(`/api/cases/${dup.id}/merge`, { intoId: caseB.id }, tok.dispatcher);
    expect(m.body).toMatchObject({ status: 'merged', intoNumber: caseB.number });
    const own = await t.api.get(`/api/letters/${dup.number}`, alice);
    expect(own.body.mergedInto).toBe(caseB.number);
    const survivor = await t.api.get(`/api/letters/${caseB.number}`, alice);
    expect(survivor.status).toBe(200);
    const luohu = tok.luohu;
    await t.api.post(`/api/cases/${caseB.id}/sign`, undefined, luohu);
    await t.api.post(`/api/cases/${caseB.id}/feedback`, { content: '已对东门步行街商户开展噪音整治。' }, luohu);
    const sms = await t.api.get('/api/admin/messages?to=13700137001', t.adminToken);
    expect(sms.body.some((x: any) => x.text.includes('噪音整治'))).toBe(true);
  });
});
