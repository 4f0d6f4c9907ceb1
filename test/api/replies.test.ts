// Replies worth reading (issue 8), through HTTP on a real store: response templates (kept by the
// center, filled for a case, never sent with a blank left) and published typical cases (closed,
// consented, anonymised, checked, public, withdrawn).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let dispatcher: string, reviewer: string, officer: string, foreignOfficer: string, viewer: string;

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'r-disp', ['dispatcher'], 'center', '张调度');
  reviewer = await staff(t, 'r-rev', ['reviewer'], 'center', '李审核');
  officer = await staff(t, 'r-off', ['officer'], 'futian-branch', '赵民警');
  foreignOfficer = await staff(t, 'r-luohu', ['officer'], 'luohu-branch');
  viewer = await staff(t, 'r-view', ['viewer'], 'center');
}, 60_000);
afterAll(async () => { await t?.close(); });

// A letter full of personal data: the writer's and other people's names, several mobiles, ID
// numbers with X, plates, e-mails, a landline, an exact address.
const LETTER = {
  type: 'complaint', category: 'public_order', title: '张伟反映：邻居王小明夜间飙车扰民',
  content: '我叫张伟，身份证号44030419900101123X，手机13800138000，备用139 0013 9000。我家住福田区某某小区3栋2单元501室。'
    + '邻居王小明（电话+86 137-0013-7000，邮箱wxm.2026@mail.qq.com，身份证110105198001010029）每晚开着粤B·D12345在楼下飙车，'
    + '他朋友的京A12345也常停在建国路88号门口。我的邮箱zhangwei@example.com，座机0755-83331234。王女士和李先生也反映过。',
  address: '福田区某某小区3栋2单元501室',
};
/** Every piece of personal data in LETTER and REPORT. */
const WRITTEN_SECRETS = ['张伟', '王小明', '张先生', '王女士', '李先生', '13800138000', '139 0013 9000', '137-0013-7000', '13700137000', '44030419900101123X',
  '110105198001010029', '粤B·D12345', '京A12345', 'zhangwei@example.com', 'wxm.2026@mail.qq.com', '0755-83331234', '3栋', '2单元', '501室', '88号', '某某小区'];
const REPORT = '张先生您好：经民警核查，邻居王小明（13700137000）确有夜间驾驶粤B·D12345、京A12345轰油门的行为，'
  + '已对王小明批评教育并依法处罚。已在建国路88号、某某小区3栋增设巡逻点位。如有疑问请联系zhangwei@example.com以外的渠道或致电0755-83331234。';

async function step(id: number, action: string, body: unknown, token: string) {
  const r = await t.api.post(`/api/cases/${id}/${action}`, body, token);
  if (r.status >= 300) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** A letter of the writer, dispatched to 福田 and reported; rated (with or without consent) and closed as asked. */
async function letterToEnd(writer: string, opts: { consent: boolean; close: boolean; letter?: typeof LETTER; report?: string }) {
  const sent = await t.api.post('/api/letters', opts.letter ?? LETTER, writer);
  expect(sent.status).toBe(201);
  const id = sent.body.id as number;
  await step(id, 'dispatch', { unitCode: 'futian-branch' }, dispatcher);
  await step(id, 'sign', undefined, officer);
  await step(id, 'contact', { method: 'phone', outcome: 'reached', note: '已联系' }, officer);
  await step(id, 'report', { outcome: 'resolved', content: opts.report ?? REPORT }, officer);
  await step(id, 'review', { approve: true }, reviewer);
  const rated = await t.api.post(`/api/letters/${sent.body.number}/rating`, { resolved: true, satisfaction: 'satisfied', consentToPublish: opts.consent }, writer);
  expect(rated.status).toBe(200);
  if (opts.close) await step(id, 'callback', { reached: true, resolved: true, satisfaction: 'satisfied' }, reviewer);
  return { id, number: sent.body.number as string };
}

describe('response templates', () => {
  it('are kept by admin and dispatchers only, with defaults seeded', async () => {
    const list = await t.api.get('/api/admin/reply-templates', t.adminToken);
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(10);
    expect(list.body.some((x: any) => x.category === 'public_order' && x.kind === 'report')).toBe(true);
    expect(list.body.some((x: any) => x.category === null && x.kind === 'feedback')).toBe(true);
    expect((await t.api.get('/api/admin/reply-templates?kind=feedback', dispatcher)).body.every((x: any) => x.kind === 'feedback')).toBe(true);
    for (const token of [officer, reviewer, viewer]) expect((await t.api.get('/api/admin/reply-templates', token)).status).toBe(403);
    expect((await t.api.get('/api/admin/reply-templates', null)).status).toBe(401);
    const body = { category: 'public_order', kind: 'report', outcome: 'resolved', title: '测试模板', body: '{称呼}：您好！{办理情况}' };
    expect((await t.api.post('/api/admin/reply-templates', body, officer)).status).toBe(403);
    expect((await t.api.post('/api/admin/reply-templates', body, reviewer)).status).toBe(403);
  });

  it('create, update, deactivate and delete, with their checks', async () => {
    const created = await t.api.post('/api/admin/reply-templates', {
      category: 'public_order', kind: 'report', outcome: 'resolved', title: '噪音·测试', body: '{称呼}：您好！您于{来信日期}反映的问题（编号{编号}）{单位}已办结：{办理情况}。{不存在的占位}',
    }, dispatcher);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ category: 'public_order', kind: 'report', outcome: 'resolved', active: true, placeholdersUnknown: ['不存在的占位'] });
    const id = created.body.id;
    expect((await t.api.post('/api/admin/reply-templates', { kind: 'feedback', outcome: 'resolved', title: '错', body: '内容内容' }, dispatcher)).status).toBe(400);
    expect((await t.api.post('/api/admin/reply-templates', { category: 'no_such', kind: 'feedback', title: '错', body: '内容内容' }, dispatcher)).status).toBe(400);
    expect((await t.api.post('/api/admin/reply-templates', { kind: 'other', title: '错', body: '内容内容' }, dispatcher)).status).toBe(400);

    const updated = await t.api.put(`/api/admin/reply-templates/${id}`, { category: 'public_order', kind: 'report', outcome: 'resolved', title: '噪音·测试（改）', body: '{称呼}：{办理情况}', active: false }, t.adminToken);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: '噪音·测试（改）', active: false });
    expect((await t.api.put('/api/admin/reply-templates/999999', { kind: 'feedback', title: '无', body: '内容内容' }, t.adminToken)).status).toBe(404);

    const del = await t.api.req('DELETE', `/api/admin/reply-templates/${id}`, { token: dispatcher });
    expect(del.status).toBe(204);
    expect((await t.api.req('DELETE', `/api/admin/reply-templates/${id}`, { token: dispatcher })).status).toBe(404);
    expect((await t.api.req('DELETE', `/api/admin/reply-templates/${id}`, { token: officer })).status).toBe(403);
    const trail = await t.sys.store.query<{ action: string }>("SELECT action FROM case_events WHERE case_id IS NULL AND action LIKE 'reply_template_%' ORDER BY id");
    expect(trail.rows.map((r) => r.action)).toEqual(['reply_template_created', 'reply_template_updated', 'reply_template_deleted']);
  });

  it('are offered to the case’s officer filled for the case, category first; a foreign officer gets a 404', async () => {
    const writer = await citizen(t, '13600136001', '张伟', idNumber('44030419900101123'));
    const sent = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '夜间噪音', content: '福田区香蜜湖附近夜间施工噪音严重扰民。' }, writer);
    const id = sent.body.id;
    await step(id, 'dispatch', { unitCode: 'futian-branch' }, dispatcher);
    await step(id, 'sign', undefined, officer);
    const inactive = await t.api.post('/api/admin/reply-templates', { category: 'public_order', kind: 'feedback', title: '停用的', body: '{称呼}停用', active: false }, dispatcher);
    expect(inactive.status).toBe(201);

    const fb = await t.api.get(`/api/cases/${id}/reply-templates?kind=feedback`, officer);
    expect(fb.status).toBe(200);
    expect(fb.body.length).toBeGreaterThanOrEqual(2);
    expect(fb.body.every((x: any) => x.kind === 'feedback' && (x.category === null || x.category === 'public_order'))).toBe(true);
    expect(fb.body[0].category).toBe('public_order');
    expect(fb.body.at(-1).category).toBeNull();
    expect(fb.body.some((x: any) => x.title === '停用的')).toBe(false);
    const generic = fb.body.find((x: any) => x.category === null);
    const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date());
    const [y, m, d] = ['year', 'month', 'day'].map((k) => date.find((p) => p.type === k)!.value);
    expect(generic.filled).toBe(`张先生：您好！您于${y}年${m}月${d}日反映的问题（编号${sent.body.number}）已由福田区分局受理。目前办理情况：【请填写：办理情况】。我们将继续跟进，有新的进展会及时告知您。感谢您对公安工作的理解和支持！`);
    expect(generic.blanks).toEqual(['【请填写：办理情况】']);

    const rep = await t.api.get(`/api/cases/${id}/reply-templates?kind=report&outcome=resolved`, officer);
    expect(rep.body[0]).toMatchObject({ category: 'public_order', outcome: 'resolved' });
    expect(rep.body[0].filled).toContain('福田区分局');
    expect(rep.body.map((x: any) => x.category === null ? 'any' : x.category)).toEqual([...rep.body.filter((x: any) => x.category).map(() => 'public_order'), ...rep.body.filter((x: any) => !x.category).map(() => 'any')]);
    expect(rep.body.find((x: any) => x.category === null).outcome).toBe('resolved');

    expect((await t.api.get(`/api/cases/${id}/reply-templates?kind=feedback`, foreignOfficer)).status).toBe(404);
    expect((await t.api.get(`/api/cases/${id}/reply-templates?kind=feedback`, viewer)).status).toBe(403);
    expect((await t.api.get(`/api/cases/${id}/reply-templates?kind=feedback`, writer)).status).toBe(403);
    expect((await t.api.get(`/api/cases/${id}/reply-templates?kind=feedback`, dispatcher)).status).toBe(200);
    expect((await t.api.get(`/api/cases/${id}/reply-templates`, officer)).status).toBe(400);

    // Sent as filled, the blank is refused, and nothing is written; filled in, it goes.
    const events = async () => (await t.api.get(`/api/cases/${id}`, dispatcher)).body.events.length;
    const before = await events();
    const refused = await t.api.post(`/api/cases/${id}/feedback`, { content: generic.filled }, officer);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('【请填写：办理情况】');
    expect((await t.api.post(`/api/cases/${id}/feedback`, { content: `编号{编号}已受理` }, officer)).status).toBe(400);
    expect(await events()).toBe(before);
    const ok = await t.api.post(`/api/cases/${id}/feedback`, { content: generic.filled.replace('【请填写：办理情况】', '民警已到工地现场核查，责令夜间停工') }, officer);
    expect(ok.status).toBe(201);
    const rBlank = await t.api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: rep.body[0].filled }, officer);
    expect(rBlank.status).toBe(400);
    expect(rBlank.body.error.message).toMatch(/请填写/);
  });

  it('never give a confidential letter’s writer away to a unit that may not see them', async () => {
    const writer = await citizen(t, '13600136009', '李秀英', idNumber('44030419900101124'));
    const sent = await t.api.post('/api/letters', { type: 'complaint', category: 'police_conduct', title: '民警态度差', content: '福田区某派出所民警办事态度恶劣，推诿扯皮。' }, writer);
    // Dispatched by mistake to the unit complained about: its officer may read the case, not who wrote.
    await step(sent.body.id, 'dispatch', { unitCode: 'futian-branch', category: 'police_conduct' }, dispatcher);
    const r = await t.api.get(`/api/cases/${sent.body.id}/reply-templates?kind=report`, officer);
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    for (const x of r.body) expect(x.filled).not.toMatch(/李|女士/);
    expect(r.body[0].filled.startsWith('来信人')).toBe(true);
    const center = await t.api.get(`/api/cases/${sent.body.id}/reply-templates?kind=report`, dispatcher);
    expect(center.body[0].filled.startsWith('李女士')).toBe(true);
  });
});

describe('typical cases', () => {
  let consented: { id: number; number: string };
  let published: { id: number; text: string };

  it('publishes only a closed case whose writer consented, once, and only by a dispatcher', async () => {
    const writer = await citizen(t, '13600136002', '张伟', idNumber('44030419900101123'));
    const noConsent = await letterToEnd(writer, { consent: false, close: true });
    const notClosed = await letterToEnd(writer, { consent: true, close: false });
    consented = await letterToEnd(writer, { consent: true, close: true });
    const count = async () => Number((await t.sys.store.query<{ n: number }>('SELECT count(*) AS n FROM typical_cases')).rows[0].n);

    const r1 = await t.api.post(`/api/cases/${noConsent.id}/publish`, { title: '夜间飙车扰民的处置' }, dispatcher);
    expect(r1.status).toBe(409);
    expect(r1.body.error.message).toContain('同意');
    const r2 = await t.api.post(`/api/cases/${notClosed.id}/publish`, { title: '夜间飙车扰民的处置' }, dispatcher);
    expect(r2.status).toBe(409);
    expect(r2.body.error.message).toContain('归档');
    for (const token of [officer, reviewer, t.adminToken]) expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, token)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, foreignOfficer)).status).toBe(404);
    expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, viewer)).status).toBe(404);
    expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, writer)).status).toBe(403);
    expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, null)).status).toBe(401);
    expect(await count()).toBe(0);

    const preview = await t.api.get(`/api/cases/${consented.id}/publication`, dispatcher);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ closed: true, consent: true, published: null, canPublish: true, findings: [] });
    expect((await t.api.get(`/api/cases/${noConsent.id}/publication`, dispatcher)).body).toMatchObject({ canPublish: false, obstacles: [{ code: 'no_consent' }] });
    expect((await t.api.get(`/api/cases/${consented.id}/publication`, officer)).status).toBe(403);

    const ok = await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置' }, dispatcher);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ id: expect.any(Number), text: expect.any(String) });
    expect(ok.body.text).toBe(preview.body.text);
    published = ok.body;
    expect(published.text).toContain('【来信】');
    expect(published.text).toContain('福田区');
    expect(published.text).toContain('办理单位：福田区分局');
    expect(published.text).toContain('批评教育');
    const again = await t.api.post(`/api/cases/${consented.id}/publish`, { title: '再发一次' }, dispatcher);
    expect(again.status).toBe(409);
    expect(await count()).toBe(1);
    const events = (await t.api.get(`/api/cases/${consented.id}`, dispatcher)).body.events;
    expect(events.at(-1)).toMatchObject({ action: 'typical_case_published', data: { typicalCaseId: published.id, title: '夜间飙车扰民的处置' } });
  });

  it('leaves no personal data in the published text nor in the public list, which needs no sign-in', async () => {
    for (const s of [...WRITTEN_SECRETS, '13600136002', '香蜜湖']) expect(published.text, `“${s}” published`).not.toContain(s);
    const list = await t.api.get('/api/typical-cases', null);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect(list.body).toEqual([{ id: published.id, title: '夜间飙车扰民的处置', category: 'public_order', categoryName: '治安管理', text: published.text, publishedAt: expect.stringMatching(/\+08:00$/) }]);
    const raw = JSON.stringify(list.body);
    for (const s of [...WRITTEN_SECRETS, consented.number]) expect(raw, `“${s}” in GET /api/typical-cases`).not.toContain(s);
    expect((await t.api.get('/api/typical-cases?page=2&pageSize=1', null)).body).toEqual([]);
    expect((await t.api.get('/api/typical-cases?category=household', null)).body).toEqual([]);
  });

  it('refuses with 422, writing nothing, when the second pass finds personal data in what would be published', async () => {
    const writer = await citizen(t, '13600136003', '陈秀英', idNumber('11010519800101002'));
    const c = await letterToEnd(writer, { consent: true, close: true });
    const before = (await t.api.get(`/api/cases/${c.id}`, dispatcher)).body.events.length;
    const leaky = await t.api.post(`/api/cases/${c.id}/publish`, { title: '噪音扰民', text: '来信人反映噪音。请联系 1 3 8 0 0 1 3 8 0 0 0。' }, dispatcher);
    expect(leaky.status).toBe(422);
    expect(leaky.body.error.code).toBe('personal_data_found');
    expect(leaky.body.error.message).toContain('数字');
    expect(leaky.body.error.message).not.toContain('13800138000');
    const named = await t.api.post(`/api/cases/${c.id}/publish`, { title: '陈秀英反映的噪音', text: '来信人反映噪音，已处理。' }, dispatcher);
    expect(named.status).toBe(422);
    expect(named.body.error.message).toContain('姓名');
    const address = await t.api.post(`/api/cases/${c.id}/publish`, { title: '噪音扰民', text: '来信人住某某小区 3 栋 501 室，已处理。' }, dispatcher);
    expect(address.status).toBe(422);
    expect((await t.sys.store.query('SELECT 1 FROM typical_cases WHERE case_id = $1', [c.id])).rows).toEqual([]);
    expect((await t.api.get(`/api/cases/${c.id}`, dispatcher)).body.events.length).toBe(before);
    // The dispatcher's clean edit goes out as written.
    const edited = await t.api.post(`/api/cases/${c.id}/publish`, { title: '噪音扰民', text: '来信人反映夜间噪音扰民，辖区派出所已处置。' }, dispatcher);
    expect(edited.status).toBe(201);
    expect(edited.body.text).toBe('来信人反映夜间噪音扰民，辖区派出所已处置。');
    const list = await t.api.get('/api/typical-cases', null);
    expect(list.body.map((x: any) => x.id)).toEqual([edited.body.id, published.id]);
  });

  it('is withdrawn by a dispatcher only, and may then be published again', async () => {
    expect((await t.api.req('DELETE', `/api/typical-cases/${published.id}`, { token: officer })).status).toBe(403);
    expect((await t.api.req('DELETE', `/api/typical-cases/${published.id}`, { token: t.adminToken })).status).toBe(403);
    expect((await t.api.req('DELETE', `/api/typical-cases/${published.id}`, {})).status).toBe(401);
    expect((await t.api.req('DELETE', `/api/typical-cases/${published.id}`, { token: dispatcher })).status).toBe(204);
    expect((await t.api.req('DELETE', `/api/typical-cases/${published.id}`, { token: dispatcher })).status).toBe(404);
    const list = await t.api.get('/api/typical-cases', null);
    expect(list.body.some((x: any) => x.id === published.id)).toBe(false);
    const events = (await t.api.get(`/api/cases/${consented.id}`, dispatcher)).body.events;
    expect(events.at(-1)).toMatchObject({ action: 'typical_case_withdrawn', data: { typicalCaseId: published.id } });
    const again = await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置（修订）' }, dispatcher);
    expect(again.status).toBe(201);
    expect((await t.api.get(`/api/cases/${consented.id}/publication`, dispatcher)).body.published).toMatchObject({ id: again.body.id });
  });

  it('comes down when the writer rates again and takes the consent back', async () => {
    const live = (await t.api.get(`/api/cases/${consented.id}/publication`, dispatcher)).body.published;
    expect(live).toBeTruthy();
    const writer = await citizen(t, '13600136002', '张伟', idNumber('44030419900101123'));
    const r = await t.api.post(`/api/letters/${consented.number}/rating`, { resolved: true, satisfaction: 'satisfied', consentToPublish: false }, writer);
    expect(r.status).toBe(200);
    expect((await t.api.get('/api/typical-cases', null)).body.some((x: any) => x.id === live.id)).toBe(false);
    const events = (await t.api.get(`/api/cases/${consented.id}`, dispatcher)).body.events;
    expect(events.at(-1)).toMatchObject({ action: 'typical_case_withdrawn', data: { typicalCaseId: live.id, reason: 'consent_withdrawn' } });
    expect((await t.api.post(`/api/cases/${consented.id}/publish`, { title: '夜间飙车扰民的处置（再次）' }, dispatcher)).status).toBe(409);
  });

  it('keeps the audit trail intact', async () => {
    const v = await t.api.get('/api/admin/trail/verify', t.adminToken);
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
  });
});

describe('FAQ from answered letters', () => {
  it('still answers', async () => {
    const r = await t.api.get('/api/faq/suggestions?days=90', dispatcher);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
  });
});
