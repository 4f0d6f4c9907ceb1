// The whole loop of the contract, end to end through HTTP, as the seed's two letters ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, until, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let dispatcher: string, reviewer: string, longhua: string, traffic: string, housingOfficer: string, viewer: string;

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'disp', ['dispatcher'], 'center', '张调度');
  reviewer = await staff(t, 'rev', ['reviewer'], 'center', '李审核');
  longhua = await staff(t, 'lh1', ['officer'], 'longhua-branch', '龙华民警');
  traffic = await staff(t, 'tr1', ['officer'], 'futian-traffic', '福田交警');
  housingOfficer = await staff(t, 'hh1', ['officer'], 'futian-branch', '福田分局民警');
  viewer = await staff(t, 'view', ['viewer'], 'center');
});
afterAll(async () => { await t?.close(); });

describe('the missing-sister letter: 龙华 branch to a satisfied callback and a thank-you letter', () => {
  it('runs the whole loop', async () => {
    const { api } = t;
    const writer = await citizen(t, '13800138001', '陈秀英');
    const sent = await api.post('/api/letters', {
      type: 'help', category: 'missing_person', title: '寻找失散多年的妹妹',
      content: '我妹妹1998年在龙华区民治街道走失，至今杳无音讯，恳请公安机关帮助寻找。', address: '深圳市龙华区民治街道',
    }, writer, { 'Idempotency-Key': 'sister-1' });
    expect(sent.status).toBe(201);
    expect(sent.body.number).toMatch(/^JB\d{14}$/);
    expect(sent.body.status).toBe('received');
    const received = Date.parse(sent.body.deadlines.sign) - 10 * 60_000;
    expect(Date.parse(sent.body.deadlines.contact) - received).toBe(30 * 60_000);
    expect(Date.parse(sent.body.deadlines.firstFeedback) - received).toBe(4 * 24 * 3600_000);
    expect(sent.body.deadlines.sign).toMatch(/\+08:00$/);

    // The same key again: the same letter, nothing new.
    const again = await api.post('/api/letters', {
      type: 'help', category: 'missing_person', title: '寻找失散多年的妹妹',
      content: '我妹妹1998年在龙华区民治街道走失，至今杳无音讯，恳请公安机关帮助寻找。',
    }, writer, { 'Idempotency-Key': 'sister-1' });
    expect(again.body.number).toBe(sent.body.number);
    expect((await api.get('/api/letters/mine', writer)).body).toHaveLength(1);

    const id = sent.body.id;
    const detail = await api.get(`/api/cases/${id}`, dispatcher);
    expect(detail.body.district).toBe('longhua');
    expect(detail.body.suggestion).toMatchObject({ category: 'missing_person', unitCode: 'longhua-branch' });
    expect(detail.body.citizen.phone).toBe('138****8001');

    expect((await api.post(`/api/cases/${id}/dispatch`, { unitCode: 'longhua-branch' }, dispatcher)).status).toBe(200);
    expect((await api.post(`/api/cases/${id}/sign`, undefined, longhua)).body.status).toBe('signed');
    expect((await api.post(`/api/cases/${id}/contact`, { method: 'phone', outcome: 'reached', note: '已电话联系，了解妹妹走失细节' }, longhua)).status).toBe(201);
    expect((await api.post(`/api/cases/${id}/feedback`, { content: '已采集您的DNA样本并录入全国打拐DNA数据库比对。' }, longhua)).status).toBe(201);
    expect((await api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '经DNA比对，已找到您的妹妹，并安排认亲。' }, longhua)).body.status).toBe('reported');
    expect((await api.post(`/api/cases/${id}/review`, { approve: true, note: '办理规范' }, reviewer)).body.status).toBe('reviewed');
    const cb = await api.post(`/api/cases/${id}/callback`, { reached: true, resolved: true, satisfaction: 'satisfied', note: '来信人非常满意' }, reviewer);
    expect(cb.body.status).toBe('closed');

    const thanks = await api.post(`/api/letters/${sent.body.number}/thanks`, { content: '感谢龙华分局帮我找到了失散二十多年的妹妹！' }, writer);
    expect(thanks.status).toBe(201);

    const view = await api.get(`/api/letters/${sent.body.number}`, writer);
    expect(view.body.status).toBe('closed');
    const texts = view.body.timeline.map((e: any) => e.text).join('\n');
    expect(texts).toContain('龙华区分局');
    expect(texts).toContain('DNA');
    expect(texts).not.toContain('已电话联系，了解妹妹走失细节'); // internal note stays internal

    const sms = await api.get('/api/admin/messages?to=13800138001', t.adminToken);
    expect(sms.body.some((m: any) => m.text.includes(sent.body.number) && m.text.includes('受理'))).toBe(true);
    expect(sms.body.some((m: any) => m.text.includes('DNA'))).toBe(true);

    const full = await api.get(`/api/cases/${id}`, reviewer);
    expect(full.body.sla.sign.doneAt).not.toBeNull();
    expect(full.body.sla.sign.breached).toBe(false);
    expect(full.body.sla.contact.level).toBe('green');
    expect(full.body.events.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['received', 'dispatched', 'signed', 'contacted', 'feedback', 'reported', 'review_approved', 'callback', 'closed', 'thanks']));

    const o = await api.get('/api/stats/overview', viewer);
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({ received: 1, solved: 1, thanks: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
    expect(o.body.sla.sign).toBe(1);
    const pub = await api.get('/api/public/stats');
    expect(pub.body).toEqual({ received: 1, solved: 1, thanks: 1, satisfactionRate: 1 });
  });
});

describe('the 丽康路 parking letter: late, returned, co-handled, extended, sent back, reopened', () => {
  it('holds every step to its limit and rule', async () => {
    const { api } = t;
    const writer = await citizen(t, '13900139002', '刘先生');
    const sent = await api.post('/api/letters', {
      type: 'complaint', category: 'traffic_order', title: '丽康路长期违停',
      content: '南山区丽康路两侧长期违停，早晚高峰严重拥堵，希望交警加强管理。', address: '深圳市南山区丽康路',
    }, writer);
    expect(sent.status).toBe(201);
    const id = sent.body.id;

    // Nobody signs for 15 minutes: the sign limit is breached once, by the watcher.
    await api.post('/api/admin/clock', { advanceMinutes: 15 }, t.adminToken);
    const late = await until(() => api.get(`/api/cases/${id}`, dispatcher), (r) => r.body.sla.sign.breached && r.body.events.some((e: any) => e.action === 'sla_breached'));
    expect(late.body.sla.sign.level).toBe('red');
    expect(late.body.events.filter((e: any) => e.action === 'sla_breached' && e.data.limit === 'sign')).toHaveLength(1);

    // Dispatched to the wrong district's traffic brigade, which returns it.
    await api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-traffic' }, dispatcher);
    await api.post(`/api/cases/${id}/sign`, undefined, traffic);
    const ret = await api.post(`/api/cases/${id}/return`, { reason: '属地不符：丽康路位于南山区' }, traffic);
    expect(ret.body.status).toBe('received');
    expect((await api.get(`/api/cases/${id}`, traffic)).status).toBe(404); // no longer theirs

    const nanshan = await staff(t, 'ns1', ['officer'], 'nanshan-traffic', '南山交警');
    const d2 = await api.post(`/api/cases/${id}/dispatch`, { unitCode: 'nanshan-traffic', coUnitCodes: ['futian-branch'], note: '请会同处理' }, dispatcher);
    expect(d2.status).toBe(200);
    await api.post(`/api/cases/${id}/sign`, undefined, nanshan);
    // The co-handling unit sees the case and may feed back, but may not report.
    expect((await api.get(`/api/cases/${id}`, housingOfficer)).status).toBe(200);
    expect((await api.post(`/api/cases/${id}/feedback`, { content: '已协调街道办在丽康路施划停车位。' }, housingOfficer)).status).toBe(201);
    expect((await api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '协办单位不能办结' }, housingOfficer)).status).toBe(403);

    const before = (await api.get(`/api/cases/${id}`, dispatcher)).body.sla.close.due;
    expect((await api.post(`/api/cases/${id}/extension`, { days: 5, reason: '需协调住建、街道多部门' }, nanshan)).status).toBe(201);
    expect((await api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '待审批时不能办结' }, nanshan)).status).toBe(409);
    expect((await api.post(`/api/cases/${id}/extension/decision`, { approve: true }, nanshan)).status).toBe(403);
    expect((await api.post(`/api/cases/${id}/extension/decision`, { approve: true }, dispatcher)).status).toBe(200);
    const after = (await api.get(`/api/cases/${id}`, dispatcher)).body.sla.close.due;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before) + 5 * 24 * 3600_000);

    await api.post(`/api/cases/${id}/contact`, { method: 'phone', outcome: 'reached', note: '已联系' }, nanshan);
    await api.post(`/api/cases/${id}/report`, { outcome: 'partially_resolved', content: '已增派警力巡查。' }, nanshan);
    const back = await api.post(`/api/cases/${id}/review`, { approve: false, note: '报告未说明长效措施' }, reviewer);
    expect(back.body.status).toBe('signed');
    await api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '已施划停车泊位并设置电子警察抓拍，违停明显减少。' }, nanshan);
    expect((await api.post(`/api/cases/${id}/review`, { approve: true }, reviewer)).body.status).toBe('reviewed');
    const cb = await api.post(`/api/cases/${id}/callback`, { reached: true, resolved: false, satisfaction: 'unsatisfied', note: '晚间仍有违停' }, reviewer);
    expect(cb.body.status).toBe('signed');

    const final = await api.get(`/api/cases/${id}`, dispatcher);
    expect(final.body.status).toBe('signed');
    expect(final.body.unitCode).toBe('nanshan-traffic');
    expect(final.body.coUnitCodes).toEqual(['futian-branch']);
    expect(final.body.sla.close.doneAt).toBeNull();
    expect(final.body.events.filter((e: any) => e.action === 'reopened')).toHaveLength(2);

    const o = await api.get('/api/stats/overview', dispatcher);
    expect(o.body.sla.sign).toBeLessThan(1); // the late signature is counted
    expect(o.body.returnRate).toBeGreaterThan(0);
    expect(o.body.redoRate).toBeGreaterThan(0);
    const month = final.body.receivedAt.slice(0, 7);
    const units = await api.get(`/api/stats/units?month=${month}`, viewer);
    const ns = units.body.find((u: any) => u.unitCode === 'nanshan-traffic');
    expect(ns).toMatchObject({ received: 1, satisfactionRate: 0, resolutionRate: 0, responseRate: 1 });
    expect(units.body.find((u: any) => u.unitCode === 'longhua-branch').rank).toBe(1);
  });
});
