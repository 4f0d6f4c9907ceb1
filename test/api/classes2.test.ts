// 类案, continued: special actions listed, opened and closed; FAQ suggestions from recurring answered
// consultations; the daily early-warning job and its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, usingServer, type TestSystem } from '../helpers/system.js';
import { startAlertJob } from '../../src/jobs/alertJob.js';
import { startSystem } from '../../src/server.js';
import { loadConfig } from '../../src/config.js';

let t: TestSystem;
let dispatcher: string, reviewer: string, viewer: string, trafficOfficer: string, trafficLeader: string, futianOfficer: string, household: string;
const writers: string[] = [];
const WRITER_NAMES = ['王小明', '李秀兰', '张伟', '刘芳', '陈静', '杨洋', '赵磊', '黄丽'];

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
  reviewer = await staff(t, 'r1', ['reviewer'], 'center');
  viewer = await staff(t, 'v1', ['viewer'], 'center');
  trafficOfficer = await staff(t, 'o1', ['officer'], 'nanshan-traffic');
  trafficLeader = await staff(t, 'l1', ['unit_leader'], 'nanshan-traffic');
  futianOfficer = await staff(t, 'o2', ['officer'], 'futian-branch');
  household = await staff(t, 'h1', ['officer'], 'household');
  for (let i = 0; i < 8; i++) writers.push(await citizen(t, `1350014${String(1000 + i)}`, WRITER_NAMES[i], idNumber(`44030419900101${String(200 + i)}`)));
});
afterAll(async () => { await t?.close(); });

async function send(w: string, content: string, opts: { type?: string; category?: string; title?: string } = {}) {
  const r = await t.api.post('/api/letters', { type: opts.type ?? 'complaint', title: opts.title ?? content.slice(0, 12), content, ...(opts.category ? { category: opts.category } : {}) }, w);
  expect(r.status).toBe(201);
  return r.body.id as number;
}

const actions = async (id: number) => (await t.api.get(`/api/cases/${id}`, dispatcher)).body.events.map((e: any) => e.action) as string[];

describe('special actions: list, detail, close', () => {
  const PARKING = [
    '南山区丽康路两侧长期违停，早晚高峰堵得走不动，请交警管一管。',
    '丽康路上天天有车乱停，占了一条车道，上下班特别堵。',
    '反映南山丽康路违章停车问题，路边停满了车，行人都没法走。',
    '丽康路违停严重，消防通道都被堵住了，太危险了。',
  ];
  let parking: number[] = [];
  let campaignId = 0;
  let futianCampaign = 0;

  it('lists campaigns newest first, by unit for unit staff, and shows one with its letters but not their writers', async () => {
    parking = [];
    for (const [i, c] of PARKING.entries()) parking.push(await send(writers[i], c, { category: 'traffic_order' }));
    const noise = await send(writers[5], '福田区某小区楼下烧烤店每晚营业到凌晨，噪音扰民严重。', { category: 'public_order' });

    const a = await t.api.post('/api/campaigns', { title: '丽康路违停专项整治', caseIds: parking, unitCode: 'nanshan-traffic' }, dispatcher);
    expect(a.status).toBe(201);
    campaignId = a.body.id;
    const b = await t.api.post('/api/campaigns', { title: '福田夜间噪音专项', caseIds: [noise], unitCode: 'futian-branch' }, dispatcher);
    expect(b.status).toBe(201);
    futianCampaign = b.body.id;

    for (const token of [dispatcher, reviewer, viewer, t.adminToken]) {
      const r = await t.api.get('/api/campaigns', token);
      expect(r.status).toBe(200);
      expect(r.body.map((c: any) => c.id)).toEqual([futianCampaign, campaignId]);
    }
    const list = (await t.api.get('/api/campaigns', dispatcher)).body;
    expect(Object.keys(list[1]).sort()).toEqual(['closedAt', 'createdAt', 'id', 'lastFeedbackAt', 'size', 'status', 'title', 'unitCode']);
    expect(list[1]).toMatchObject({ id: campaignId, title: '丽康路违停专项整治', unitCode: 'nanshan-traffic', status: 'open', size: 4, lastFeedbackAt: null });
    expect(list[1].createdAt).toMatch(/\+08:00$/);

    // Unit staff: the campaigns their unit handles, and no other.
    expect((await t.api.get('/api/campaigns', trafficOfficer)).body.map((c: any) => c.id)).toEqual([campaignId]);
    expect((await t.api.get('/api/campaigns', trafficLeader)).body.map((c: any) => c.id)).toEqual([campaignId]);
    expect((await t.api.get('/api/campaigns', futianOfficer)).body.map((c: any) => c.id)).toEqual([futianCampaign]);
    expect((await t.api.get('/api/campaigns', writers[0])).status).toBe(403);
    expect((await t.api.get('/api/campaigns', null)).status).toBe(401);

    const one = await t.api.get(`/api/campaigns/${campaignId}`, dispatcher);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: campaignId, status: 'open', size: 4 });
    expect(one.body.cases.map((c: any) => c.id)).toEqual(parking);
    expect(Object.keys(one.body.cases[0]).sort()).toEqual(['id', 'joinedAt', 'number', 'status', 'title']);
    expect(one.body.cases[0]).toMatchObject({ number: expect.stringMatching(/^JB\d{14}$/), title: PARKING[0].slice(0, 12), status: 'received' });
    const text = JSON.stringify(one.body);
    expect(text).not.toContain('13500141000');
    expect(text).not.toContain(WRITER_NAMES[0]);
    expect((await t.api.get(`/api/campaigns/${campaignId}`, trafficOfficer)).status).toBe(200);
    expect((await t.api.get(`/api/campaigns/${campaignId}`, viewer)).status).toBe(200);
    // Another unit's campaign does not exist for you.
    const other = await t.api.get(`/api/campaigns/${campaignId}`, futianOfficer);
    expect(other.status).toBe(404);
    expect(other.body.error.message).toContain('不存在');
    expect((await t.api.get('/api/campaigns/999999', dispatcher)).status).toBe(404);
    expect((await t.api.get(`/api/campaigns/${campaignId}`, writers[0])).status).toBe(403);
    const bad = await t.api.get('/api/campaigns/abc', dispatcher);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^id：/);
    expect((await t.api.get('/api/campaigns/0', dispatcher)).status).toBe(400);
  });

  it('records the latest feedback, and closing ends intake and feedback', async () => {
    const fb = await t.api.post(`/api/campaigns/${campaignId}/feedback`, { content: '已在丽康路施划停车泊位并加装电子警察。' }, dispatcher);
    expect(fb.status).toBe(201);
    const after = (await t.api.get('/api/campaigns', dispatcher)).body.find((c: any) => c.id === campaignId);
    expect(after.lastFeedbackAt).toMatch(/\+08:00$/);

    // An open campaign takes in a new letter about its problem.
    const joined = await send(writers[6], '丽康路的违停问题还是没解决，晚上车都停到人行道上了。', { category: 'traffic_order' });
    expect(await actions(joined)).toContain('campaign_joined');
    expect((await t.api.get(`/api/campaigns/${campaignId}`, dispatcher)).body.size).toBe(5);

    // Who may not close, what does not exist, what is not an id: refused, nothing changed.
    for (const token of [viewer, reviewer, trafficOfficer, trafficLeader, t.adminToken]) {
      const r = await t.api.post(`/api/campaigns/${campaignId}/close`, undefined, token);
      expect(r.status).toBe(403);
      expect(r.body.error.message).toContain('dispatcher');
    }
    expect((await t.api.post(`/api/campaigns/${campaignId}/close`, undefined, writers[0])).status).toBe(403);
    expect((await t.api.post(`/api/campaigns/${campaignId}/close`, undefined, null)).status).toBe(401);
    const missing = await t.api.post('/api/campaigns/999999/close', undefined, dispatcher);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('专项 999999 不存在');
    const badId = await t.api.post('/api/campaigns/x1/close', undefined, dispatcher);
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/^id：/);
    expect((await t.api.get(`/api/campaigns/${campaignId}`, dispatcher)).body.status).toBe('open');
    expect(await actions(parking[0])).not.toContain('campaign_closed');

    const closed = await t.api.post(`/api/campaigns/${campaignId}/close`, undefined, dispatcher);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: campaignId, status: 'closed', size: 5 });
    expect(closed.body.closedAt).toMatch(/\+08:00$/);
    for (const id of [...parking, joined]) expect(await actions(id)).toContain('campaign_closed');
    // The other campaign's letter is untouched.
    expect((await t.api.get(`/api/campaigns/${futianCampaign}`, dispatcher)).body.status).toBe('open');

    const again = await t.api.post(`/api/campaigns/${campaignId}/close`, undefined, dispatcher);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已结束');

    const sent = (await t.api.get('/api/admin/messages', t.adminToken)).body.length;
    const late = await t.api.post(`/api/campaigns/${campaignId}/feedback`, { content: '专项已结束后的反馈。' }, dispatcher);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('专项“丽康路违停专项整治”已结束，不能再发送反馈');
    expect((await t.api.get('/api/admin/messages', t.adminToken)).body.length).toBe(sent);
    expect((await t.api.post('/api/campaigns/999999/feedback', { content: '不存在的专项。' }, dispatcher)).status).toBe(404);

    // A closed campaign takes in nothing.
    const later = await send(writers[7], '丽康路违停又严重了，两边停满了车，堵得走不动。', { category: 'traffic_order' });
    expect(await actions(later)).not.toContain('campaign_joined');
    expect((await t.api.get(`/api/campaigns/${campaignId}`, dispatcher)).body.size).toBe(5);
    expect((await t.api.get('/api/campaigns', trafficOfficer)).body[0]).toMatchObject({ id: campaignId, status: 'closed' });
  });
});

describe('FAQ suggestions from recurring answered consultations', () => {
  const RENEW = [
    { title: '身份证到期换领需要什么材料', content: '我的身份证下个月就到期了，请问换领新身份证需要带什么材料，去哪里办理？' },
    { title: '身份证过期了怎么换领', content: '身份证已经过期了，想问一下换领身份证要准备哪些材料，在哪里办？' },
    { title: '咨询身份证到期换证', content: '请问居民身份证有效期满换领，需要本人去派出所吗，要带什么材料？' },
    { title: '换领身份证要带什么', content: '身份证快到期了，换领新证需要哪些材料和照片，多久能拿到？' },
  ];
  const COMMON = '您好，身份证有效期满换领，请本人携带原身份证到户籍所在地或居住地派出所户政窗口办理，现场采集照片和指纹，20个工作日内可领取。';
  // Two units' answers are the same but for the writer's name; one adds nothing personal.
  const answers = (i: number) => i < 2 ? `${WRITER_NAMES[i]}您好，${COMMON.slice(3)}如有疑问请拨打13800138000。` : COMMON;

  async function answer(id: number, content: string) {
    expect((await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'household' }, dispatcher)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${id}/sign`, undefined, household)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${id}/report`, { outcome: 'explained', content }, household)).body.status).toBe('reported');
    expect((await t.api.post(`/api/cases/${id}/review`, { approve: true }, reviewer)).body.status).toBe('reviewed');
  }

  it('groups answered consultations asking the same, drafts an entry without personal data, and drops it once published', async () => {
    const renew: number[] = [];
    for (const [i, l] of RENEW.entries()) renew.push(await send(writers[i], l.content, { type: 'consult', category: 'household', title: l.title }));
    // Two about another question: not yet recurring.
    const settle: number[] = [];
    for (const i of [4, 5]) settle.push(await send(writers[i], '新生儿落户需要准备哪些材料，出生证明和父母户口本够吗？', { type: 'consult', category: 'household', title: '新生儿落户材料' }));
    // The same question as a complaint is no consultation.
    const complaint = await send(writers[6], '身份证到期换领排队太久，派出所窗口太少，要带什么材料也没人说清楚。', { type: 'complaint', category: 'household', title: '身份证换领排队久' });

    // Not answered yet: nothing to suggest.
    expect((await t.api.get('/api/faq/suggestions?days=30', t.adminToken)).body).toEqual([]);
    // Three answers and a report still waiting for review.
    for (const [i, id] of renew.slice(0, 3).entries()) await answer(id, answers(i));
    for (const id of settle) await answer(id, '新生儿落户请携带出生医学证明、父母双方户口簿和身份证到派出所办理。');
    expect((await t.api.post(`/api/cases/${renew[3]}/dispatch`, { unitCode: 'household' }, dispatcher)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${renew[3]}/sign`, undefined, household)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${renew[3]}/report`, { outcome: 'explained', content: COMMON }, household)).status).toBe(200);
    await answer(complaint, COMMON);

    const r = await t.api.get('/api/faq/suggestions?days=30', t.adminToken);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    const s = r.body[0];
    expect(Object.keys(s).sort()).toEqual(['answer', 'caseIds', 'category', 'question', 'size']);
    expect(s.caseIds).toEqual(renew.slice(0, 3));
    expect(s.size).toBe(3);
    expect(s.category).toBe('household');
    expect(RENEW.map((l) => l.title)).toContain(s.question);
    // The answer given most often (twice, each with its writer's name and a phone number), without them.
    expect(s.answer).toBe(`来信人您好，${COMMON.slice(3)}如有疑问请拨打[手机号]。`);
    expect(JSON.stringify(s)).not.toMatch(/13800138000|王小明|李秀兰/);

    // The fourth, once reviewed, joins the group.
    expect((await t.api.post(`/api/cases/${renew[3]}/review`, { approve: true }, reviewer)).status).toBe(200);
    const four = (await t.api.get('/api/faq/suggestions?days=30', dispatcher)).body;
    expect(four).toHaveLength(1);
    expect(four[0].caseIds).toEqual(renew);

    // Who may ask, and bad input.
    for (const token of [reviewer, viewer, household, trafficLeader]) expect((await t.api.get('/api/faq/suggestions', token)).status).toBe(403);
    expect((await t.api.get('/api/faq/suggestions', writers[0])).status).toBe(403);
    expect((await t.api.get('/api/faq/suggestions', null)).status).toBe(401);
    for (const [q, msg] of [['days=0', 'days：不能小于1'], ['days=366', 'days：不能大于365'], ['days=abc', 'days：类型应为整数']]) {
      const bad = await t.api.get(`/api/faq/suggestions?${q}`, t.adminToken);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(msg);
    }

    // Adopted through the FAQ admin endpoint, the question is covered and no longer suggested.
    const created = await t.api.post('/api/admin/faq', { question: four[0].question, answer: four[0].answer, category: four[0].category }, t.adminToken);
    expect(created.status).toBe(201);
    expect((await t.api.get('/api/faq/suggestions?days=30', t.adminToken)).body).toEqual([]);
  });
});

describe('the daily early-warning job', () => {
  async function importBurst(prefix: string, district: string, category: string, unitCode: string, address: string, now: Date) {
    const cases: { at: Date }[] = [];
    // A quiet history: one letter every fourth day …
    for (let d = 88; d > 2; d -= 4) cases.push({ at: new Date(now.getTime() - d * 86400_000) });
    // … then eight in the last day.
    for (let i = 0; i < 8; i++) cases.push({ at: new Date(now.getTime() - (i + 1) * 2 * 3600_000) });
    const body = cases.map((c, i) => ({
      externalId: `${prefix}-${i}`, channel: '12345', receivedAt: c.at.toISOString(), content: `${address}有人冒充客服诈骗第${i}次`,
      address, category, unitCode,
    }));
    const r = await t.api.post('/api/admin/import', { cases: body }, t.adminToken);
    expect(r.body.imported).toBe(body.length);
  }
  const clockNow = async () => new Date((await t.api.post('/api/admin/clock', { advanceMinutes: 0 }, t.adminToken)).body.now);

  it('raises each warning once a day, even with several jobs at once, tells the center, and keeps the history', async () => {
    await importBurst('fa', 'futian', 'fraud', 'anti-fraud', '深圳市福田区华强北街道', await clockNow());
    const errors: unknown[] = [];
    const job = startAlertJob(t.sys.deps, { intervalMs: 86_400_000 }, (e) => errors.push(e));
    let raisedToday = 0;
    try {
      // The run at start is under way: this call shares it, the next one runs again and finds nothing new.
      const first = await job.runOnce();
      expect(first).toBeGreaterThan(0);
      expect(await job.runOnce()).toBe(0);
      const stored = await t.sys.store.query<{ key: string }>('SELECT key FROM alerts');
      expect(stored.rows).toHaveLength(first);
      expect(stored.rows.map((r) => r.key)).toContain('futian/fraud');
      const notices = await t.sys.store.query<{ n: number }>("SELECT count(*)::int AS n FROM notices WHERE kind = 'alert' AND to_unit = 'center'");
      expect(notices.rows[0].n).toBe(first);

      // The center's bell shows it; a unit's does not.
      const bell = (await t.api.get('/api/notices', dispatcher)).body.find((n: any) => n.alert?.district === 'futian' && n.alert?.category === 'fraud');
      expect(bell).toMatchObject({ kind: 'alert', caseId: null, number: null, alert: { current: 8 } });
      expect(bell.text).toContain('福田区');
      expect(bell.text).toContain('电信网络诈骗');
      expect((await t.api.get('/api/notices', trafficOfficer)).body.some((n: any) => n.kind === 'alert')).toBe(false);

      // The next day, a new rise elsewhere: two jobs at once — in two systems on one PostgreSQL server
      // when there is one — raise it once between them.
      await t.api.post('/api/admin/clock', { advanceMinutes: 24 * 60 }, t.adminToken);
      await importBurst('ba', 'baoan', 'fraud', 'anti-fraud', '深圳市宝安区西乡街道', await clockNow());
      const other = usingServer()
        ? await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: t.databaseUrl, adminPassword: 'x', clockControl: true }, { watcher: false })
        : null;
      try {
        const [a, b] = [startAlertJob(t.sys.deps, { intervalMs: 86_400_000 }, (e) => errors.push(e)), startAlertJob(other?.deps ?? t.sys.deps, { intervalMs: 86_400_000 }, (e) => errors.push(e))];
        const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
        await Promise.all([a.stop(), b.stop()]);
        raisedToday = na + nb;
      } finally {
        await other?.close();
      }
      const today = await t.sys.store.query<{ key: string; n: number }>(
        "SELECT key, count(*)::int AS n FROM alerts WHERE day = (SELECT max(day) FROM alerts) GROUP BY key");
      expect(raisedToday).toBe(today.rows.length);
      expect(today.rows.map((r) => r.key)).toContain('baoan/fraud');
      expect(today.rows.every((r) => r.n === 1)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await job.stop();
    }

    // The history: stored warnings, newest first, for the center and viewers.
    const h = await t.api.get('/api/alerts/history?days=7', viewer);
    expect(h.status).toBe(200);
    const keys = h.body.map((x: any) => x.key);
    expect(keys.indexOf('baoan/fraud')).toBeLessThan(keys.indexOf('futian/fraud'));
    const fa = h.body.find((x: any) => x.key === 'futian/fraud');
    expect(fa).toMatchObject({ district: 'futian', category: 'fraud', hotspotId: null, current: 8 });
    expect(fa.ratio).toBeGreaterThan(2);
    expect(fa.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(fa.raisedAt).toMatch(/\+08:00$/);
    expect(fa.evidence.history.length).toBeGreaterThan(5);
    for (const token of [dispatcher, reviewer, t.adminToken]) expect((await t.api.get('/api/alerts/history', token)).status).toBe(200);
    expect((await t.api.get('/api/alerts/history', trafficOfficer)).status).toBe(403);
    expect((await t.api.get('/api/alerts/history', writers[0])).status).toBe(403);
    const bad = await t.api.get('/api/alerts/history?days=0', dispatcher);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('days：不能小于1');
    // The live list keeps its contract.
    const live = await t.api.get('/api/alerts?days=1', dispatcher);
    expect(live.status).toBe(200);
    expect(live.body.find((x: any) => x.district === 'baoan' && x.category === 'fraud' && !x.hotspotId)).toMatchObject({ current: 8 });
  });
});
