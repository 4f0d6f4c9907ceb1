// The reply check through HTTP (issue 8): POST /api/cases/:id/reply-check on drafts, the check
// stored on the feedback and the report actually sent, and the units' monthly reply score.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let dispatcher: string, reviewer: string, futian: string, luohu: string, viewer: string, writer: string, inspection: string;
let caseId: number;
const WRITER_ID = idNumber('44030419850312002');

const GOOD_FEEDBACK =
  '周女士您好！您反映的福田区香蜜湖附近工地夜间施工噪音扰民问题已收悉。经我局核查，情况属实，民警已于当晚到场责令工地停止夜间施工，' +
  '并将根据《中华人民共和国噪声污染防治法》的规定会同城管部门依法处理，下一步将持续巡查。如您还有疑问，可拨打福田分局电话0755-83211234咨询。感谢您的理解与支持！';
const BAD_REPLY = '不属于我单位职责，请自行联系。';

const events = async () => (await t.sys.store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events')).rows[0].n;
const check = (id: number, body: unknown, token: string | null) => t.api.post(`/api/cases/${id}/reply-check`, body, token);
const codes = (r: { body: { findings: { code: string }[] } }) => r.body.findings.map((f) => f.code);

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'rc-disp', ['dispatcher'], 'center');
  reviewer = await staff(t, 'rc-rev', ['reviewer'], 'center');
  futian = await staff(t, 'rc-ft', ['officer'], 'futian-branch', '福田民警');
  luohu = await staff(t, 'rc-lh', ['officer'], 'luohu-branch', '罗湖民警');
  inspection = await staff(t, 'rc-insp', ['officer'], 'inspection', '督察民警');
  viewer = await staff(t, 'rc-view', ['viewer'], 'center');
  writer = await citizen(t, '13711112001', '周敏', WRITER_ID);
  const sent = await t.api.post('/api/letters', {
    type: 'complaint', category: 'public_order', title: '香蜜湖工地夜间施工噪音',
    content: '福田区香蜜湖附近工地每晚施工到凌晨两点，噪音严重扰民，影响休息。', address: '福田区香蜜湖',
  }, writer);
  expect(sent.status).toBe(201);
  caseId = sent.body.id;
  expect((await t.api.post(`/api/cases/${caseId}/dispatch`, { unitCode: 'futian-branch' }, dispatcher)).status).toBe(200);
  expect((await t.api.post(`/api/cases/${caseId}/sign`, undefined, futian)).status).toBe(200);
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('POST /api/cases/:id/reply-check', () => {
  it('finds what is wrong with a bad reply, and scores a good one higher; nothing is written', async () => {
    const before = await events();
    const bad = await check(caseId, { content: BAD_REPLY }, futian);
    expect(bad.status).toBe(200);
    expect(Object.keys(bad.body).sort()).toEqual(['findings', 'score']);
    expect(codes(bad)).toEqual(expect.arrayContaining(['length.short', 'tone.blameShift', 'relevance.low', 'completeness.noFollowUp', 'tone.noCourtesy']));
    expect(codes(bad)).not.toContain('completeness.noResult'); // a signed case: checked as a feedback, which owes no result yet
    for (const f of bad.body.findings) {
      expect(Object.keys(f).sort()).toEqual(['code', 'message']);
      expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const good = await check(caseId, { content: GOOD_FEEDBACK, kind: 'feedback' }, futian);
    expect(good.status).toBe(200);
    expect(codes(good)).toEqual([]);
    expect(good.body.score).toBeGreaterThan(0.85);
    expect(good.body.score).toBeLessThanOrEqual(1);
    expect(good.body.score - bad.body.score).toBeGreaterThan(0.5);
    expect(await events()).toBe(before);
  });

  it('knows the writer: their own full ID number in a reply is a leak', async () => {
    const r = await check(caseId, { content: `${GOOD_FEEDBACK}您的身份证号${WRITER_ID}已登记。` }, futian);
    expect(r.status).toBe(200);
    expect(r.body.findings.find((f: any) => f.code === 'leak.personalData')?.message).toMatch(/来信人的完整身份证号/);
    expect(r.body.score).toBeLessThanOrEqual(0.5);
  });

  it('the case’s unit and center roles may check; another unit’s officer gets a 404, the viewer a 403, a citizen 403, nobody 401', async () => {
    expect((await check(caseId, { content: GOOD_FEEDBACK }, dispatcher)).status).toBe(200);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, reviewer)).status).toBe(200);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, t.adminToken)).status).toBe(200);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, luohu)).status).toBe(404);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, viewer)).status).toBe(403);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, writer)).status).toBe(403);
    expect((await check(caseId, { content: GOOD_FEEDBACK }, null)).status).toBe(401);
    expect((await check(999_999, { content: GOOD_FEEDBACK }, dispatcher)).status).toBe(404);
  });

  it('refuses a bad body with a 400 that names the field, and writes nothing', async () => {
    const before = await events();
    for (const body of [{}, { content: 42 }, { content: '' }, { content: '   ' }, { content: 'x'.repeat(5001) }, { content: '好', kind: 'draft' }, undefined]) {
      const r = await check(caseId, body, futian);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(/^(content|kind|body)：/);
    }
    expect(await events()).toBe(before);
  });

  it('does not let a unit the confidential letter is about test guesses about its writer', async () => {
    const sent = await t.api.post('/api/letters', {
      type: 'complaint', category: 'police_conduct', title: '民警执法态度恶劣', content: '福田派出所民警在处理纠纷时态度恶劣。', address: '福田区',
    }, writer);
    const id = sent.body.id;
    // The dispatcher adds the unit complained about by mistake, as co-unit.
    expect((await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'inspection', coUnitCodes: ['futian-branch'] }, dispatcher)).status).toBe(200);
    const probe = `${GOOD_FEEDBACK}身份证号${WRITER_ID}。`;
    const insp = await check(id, { content: probe }, inspection);
    expect(insp.body.findings.find((f: any) => f.code === 'leak.personalData').message).toMatch(/来信人的完整身份证号/);
    const about = await check(id, { content: probe }, futian);
    expect(about.status).toBe(200);
    expect(about.body.findings.find((f: any) => f.code === 'leak.personalData').message).toMatch(/他人的身份证号/);
  });
});

describe('the check of what is actually sent', () => {
  it('is stored on the feedback and the report, sending is never refused, and the unit’s monthly reply score follows', async () => {
    // A poor feedback is still sent: the check is advice.
    const fb = await t.api.post(`/api/cases/${caseId}/feedback`, { content: BAD_REPLY }, futian);
    expect(fb.status).toBe(201);
    const good = await t.api.post(`/api/cases/${caseId}/feedback`, { content: GOOD_FEEDBACK }, futian);
    expect(good.status).toBe(201);
    const report = await t.api.post(`/api/cases/${caseId}/report`, {
      outcome: 'resolved',
      content: '周女士您好！经我局核查，您反映的福田区香蜜湖工地夜间施工噪音问题属实。民警已责令施工单位停止夜间施工，并依据《中华人民共和国噪声污染防治法》的规定会同城管部门对其作出处罚，目前该工地已停止夜间施工。如有疑问，可拨打0755-83211234。感谢您的理解与支持！',
    }, futian);
    expect(report.status).toBe(200);

    const detail = await t.api.get(`/api/cases/${caseId}`, reviewer);
    const feedbacks = detail.body.events.filter((e: any) => e.action === 'feedback');
    expect(feedbacks).toHaveLength(2);
    const [poor, fine] = feedbacks.map((e: any) => e.data.replyCheck);
    expect(poor).toMatchObject({ unitCode: 'futian-branch' });
    expect(poor.codes).toEqual(expect.arrayContaining(['tone.blameShift', 'length.short']));
    expect(fine.codes).toEqual([]);
    expect(fine.score).toBeGreaterThan(poor.score);
    const reported = detail.body.events.find((e: any) => e.action === 'reported').data.replyCheck;
    expect(reported).toMatchObject({ unitCode: 'futian-branch', codes: [] });
    expect(reported.score).toBeGreaterThan(0.85);
    // The writer's view carries the reply, not the check.
    const own = await t.api.get(`/api/letters/${detail.body.number}`, writer);
    expect(JSON.stringify(own.body)).not.toMatch(/replyCheck|blameShift/);

    // The reviewer checks the report again: the same judgement.
    const again = await check(caseId, { content: detail.body.events.find((e: any) => e.action === 'reported').data.content }, reviewer);
    expect(again.body.score).toBe(reported.score);

    const at = new Date(feedbacks[0].at);
    const month = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const units = await t.api.get(`/api/stats/units?month=${month}`, viewer);
    expect(units.status).toBe(200);
    const ft = units.body.find((u: any) => u.unitCode === 'futian-branch');
    const expected = Math.round(((poor.score + fine.score + reported.score) / 3) * 10000) / 10000;
    expect(ft.replyScore).toBeCloseTo(expected, 4);
    // Every field of the contract is still there; a unit that sent nothing has no reply score.
    for (const row of units.body) {
      expect(row).toEqual(expect.objectContaining({ unitCode: expect.any(String), received: expect.any(Number), rank: row.rank }));
      for (const k of ['responseRate', 'resolutionRate', 'satisfactionRate', 'score', 'replyScore']) expect(row).toHaveProperty(k);
    }
    expect(units.body.find((u: any) => u.unitCode === 'luohu-branch').replyScore).toBeNull();
    // Another month: none.
    const other = await t.api.get('/api/stats/units?month=2020-01', viewer);
    expect(other.body.every((u: any) => u.replyScore === null)).toBe(true);
  });

  it('judges a late feedback late: after the first-feedback limit', async () => {
    const sent = await t.api.post('/api/letters', {
      type: 'complaint', category: 'public_order', title: '车公庙烧烤摊夜间扰民', content: '福田区车公庙地铁站旁烧烤摊每晚经营到凌晨，油烟和噪音扰民。', address: '福田区车公庙',
    }, writer);
    const id = sent.body.id;
    await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher);
    await t.api.post(`/api/cases/${id}/sign`, undefined, futian);
    const text = '周女士您好！您反映的福田区车公庙地铁站旁烧烤摊夜间扰民问题已收悉，民警已到场核查并责令摊主停止夜间经营，我们将持续巡查。如有疑问可拨打0755-83211234。感谢您的支持！';
    expect(codes(await check(id, { content: text, kind: 'feedback' }, futian))).not.toContain('timeliness.late');
    await t.api.post('/api/admin/clock', { advanceMinutes: 5 * 24 * 60 }, t.adminToken);
    const late = await check(id, { content: text, kind: 'feedback' }, futian);
    expect(late.body.findings.find((f: any) => f.code === 'timeliness.late')?.message).toMatch(/首次反馈时限/);
  });
});
