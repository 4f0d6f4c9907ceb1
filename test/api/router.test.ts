// 直派 through the running system: the router suggests, explains, dispatches confident letters
// directly, leaves doubtful and confidential ones in triage, and finds similar letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, until, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let dispatcher: string, writer: string, officer: string;

beforeAll(async () => {
  t = await startTestSystem({}, { direct: true });
  dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
  officer = await staff(t, 'o1', ['officer'], 'futian-branch');
  writer = await citizen(t, '13400134001');
  await until(() => t.api.get('/api/triage/status', dispatcher), (r) => r.body.ready === true, 30_000);
});
afterAll(async () => { await t?.close(); });

describe('the router', () => {
  it('trains off the request thread', async () => {
    expect((await t.api.get('/api/triage/status', dispatcher)).body.trainedIn).toBe('worker');
  });

  it('suggests category, district and unit with the words that decided', async () => {
    const r = await t.api.post('/api/triage/suggest', { title: '违停', content: '南山区丽康路两侧长期违停，早晚高峰严重拥堵，希望交警加强管理。', address: '深圳市南山区丽康路' }, dispatcher);
    expect(r.status).toBe(200);
    expect(r.body.category.code).toBe('traffic_order');
    expect(r.body.category.confidence).toBeGreaterThan(0.3);
    expect(r.body.district).toBe('nanshan');
    expect(r.body.unitCode).toBe('nanshan-traffic');
    expect(r.body.explanation.length).toBeGreaterThan(0);
    expect(Array.isArray(r.body.similar) && Array.isArray(r.body.faq)).toBe(true);
    expect((await t.api.post('/api/triage/suggest', { content: '' }, dispatcher)).status).toBe(400);
    expect((await t.api.post('/api/triage/suggest', { content: '测试' }, writer)).status).toBe(403);
  });

  it('dispatches a confident letter directly and says so; a doubtful one waits with its suggestion', async () => {
    await t.api.put('/api/admin/settings/router', { autoDispatchThreshold: 0.5 }, t.adminToken);
    const sure = await t.api.post('/api/letters', { type: 'complaint', title: '福田区香蜜湖酒吧噪音扰民', content: '福田区香蜜湖某酒吧每晚凌晨两点还在放高音量音乐，噪音扰民，严重影响居民休息，请派出所处理。', address: '深圳市福田区香蜜湖街道' }, writer);
    const c = await t.api.get(`/api/cases/${sure.body.id}`, dispatcher);
    expect(c.body.status).toBe('dispatched');
    expect(c.body.unitCode).toBe('futian-branch');
    const ev = c.body.events.find((e: any) => e.action === 'dispatched');
    expect(ev.actor).toBe('智能分派');
    expect(ev.note).toContain('直派');
    // The unit sees it at once.
    expect((await t.api.get(`/api/cases/${sure.body.id}`, officer)).status).toBe(200);

    await t.api.put('/api/admin/settings/router', { autoDispatchThreshold: 0.999 }, t.adminToken);
    const unsure = await t.api.post('/api/letters', { type: 'suggest', title: '一点想法', content: '希望你们的工作越来越好，有些事情还可以做得更细一些。' }, writer);
    const u = await t.api.get(`/api/cases/${unsure.body.id}`, dispatcher);
    expect(u.body.status).toBe('received');
    expect(u.body.suggestion).not.toBeNull();

    // A complaint about police conduct is never dispatched by a machine.
    await t.api.put('/api/admin/settings/router', { autoDispatchThreshold: 0.5 }, t.adminToken);
    const conduct = await t.api.post('/api/letters', { type: 'complaint', title: '民警态度恶劣', content: '福田派出所民警在我报案时态度恶劣，推诿不作为，执法不公。', address: '福田区' }, writer);
    expect((await t.api.get(`/api/cases/${conduct.body.id}`, dispatcher)).body.status).toBe('received');
    expect((await t.api.put('/api/admin/settings/router', { autoDispatchThreshold: 0.1 }, t.adminToken)).status).toBe(400);
  });

  it('finds similar letters, scoped to what the caller may see', async () => {
    const a = await t.api.post('/api/letters', { type: 'complaint', title: '丽康路违停', content: '南山区丽康路两侧长期违停，早晚高峰严重拥堵。', address: '南山区丽康路' }, writer);
    const b = await t.api.post('/api/letters', { type: 'complaint', title: '丽康路乱停车', content: '丽康路上每天都有车乱停，占了一条车道，太堵了。', address: '南山区丽康路' }, writer);
    await t.api.post('/api/letters', { type: 'help', title: '身份证补办', content: '我的身份证丢了，想问一下补办需要带什么材料。' }, writer);
    const s = await t.api.get(`/api/cases/${a.body.id}/similar`, dispatcher);
    expect(s.status).toBe(200);
    expect(s.body[0].id).toBe(b.body.id);
    expect(s.body.every((x: any) => x.id !== a.body.id)).toBe(true);
    expect((await t.api.get(`/api/cases/${a.body.id}/similar`, officer)).status).toBe(404);
  });

  it('ranks FAQ answers by how well they match', async () => {
    await t.api.post('/api/admin/faq', { question: '身份证丢了怎么补办？', answer: '携带户口簿到户籍所在地派出所或就近的办证点办理，也可在微信公众号预约。', category: 'household' }, t.adminToken);
    await t.api.post('/api/admin/faq', { question: '港澳通行证怎么续签？', answer: '可在出入境自助签注机上办理。', category: 'exit_entry' }, t.adminToken);
    const r = await t.api.get(`/api/faq?q=${encodeURIComponent('身份证丢失补办')}`);
    expect(r.body[0].question).toBe('身份证丢了怎么补办？');
    expect(r.body[0].score).toBeGreaterThan(r.body[1]?.score ?? 0);
  });
});

describe('before writing', () => {
  it('tells a writer that a similar letter is already being handled, without showing another writer’s words', async () => {
    const other = await citizen(t, '13400134009', '路人甲');
    const r = await t.api.post('/api/letters/check', { title: '丽康路违停', content: '丽康路两边一直有车违停，很堵。', address: '南山区丽康路' }, other);
    expect(r.status).toBe(200);
    expect(r.body.similar.length).toBeGreaterThan(0);
    const first = r.body.similar[0];
    expect(first.own).toBe(false);
    expect(first.title).toBeUndefined();
    expect(first.number).toBeUndefined();
    expect(JSON.stringify(r.body.similar)).not.toContain('早晚高峰');
    const mine = await t.api.post('/api/letters/check', { title: '丽康路违停', content: '丽康路两边一直有车违停，很堵。' }, writer);
    expect(mine.body.similar.some((s: any) => s.own && s.number?.startsWith('JB'))).toBe(true);
    expect((await t.api.post('/api/letters/check', { content: '丽康路' }, dispatcher)).status).toBe(403);
  });
});
