// Personal data over time (issue 7): retention anonymises exactly the finished cases past
// RETENTION_DAYS — figures unchanged, the trail still verifying, nothing of the writer left in the
// case row — and deletes the citizens left without a case; a citizen exports everything held about
// them (and nothing of anyone else); a citizen asks to be forgotten, refused while a letter is in
// progress, done when all are closed, their token dead afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';
import { PNG_1x1 } from '../helpers/routeSamples.js';
import { applyRetention } from '../../src/commands/retention.js';
import { verifyTrail } from '../../src/commands/verifyTrail.js';
import { isDue } from '../../src/domain/retention.js';
import { phoneIndex } from '../../src/store/vault.js';
import { loadConfig } from '../../src/config.js';
import { signed, SECRET } from '../helpers/channel.js';

let t: TestSystem;
let dispatcher: string, reviewer: string, officer: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'r-disp', ['dispatcher'], 'center', '调度员');
  reviewer = await staff(t, 'r-rev', ['reviewer'], 'center', '审核员');
  officer = await staff(t, 'r-off', ['officer'], 'futian-branch', '李建军');
}, 120_000);
afterAll(async () => { await t?.close(); });

async function ok(p: Promise<{ status: number; body: any }>, what: string) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function write(token: string, letter: Record<string, unknown>): Promise<{ id: number; number: string }> {
  const r = await ok(t.api.post('/api/letters', { type: 'complaint', category: 'public_order', ...letter }, token), 'write');
  return { id: r.body.id, number: r.body.number };
}

/** Dispatch to 福田, sign, contact, feedback, report, review and callback: closed. */
async function handleToClose(id: number, report = '已到现场处置完毕。') {
  const { api } = t;
  await ok(api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher), 'dispatch');
  await ok(api.post(`/api/cases/${id}/sign`, undefined, officer), 'sign');
  await ok(api.post(`/api/cases/${id}/contact`, { method: 'phone', outcome: 'reached', note: '已联系来信人' }, officer), 'contact');
  await ok(api.post(`/api/cases/${id}/feedback`, { content: '民警已到现场核查，正在协调处理。' }, officer), 'feedback');
  await ok(api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: report }, officer), 'report');
  await ok(api.post(`/api/cases/${id}/review`, { approve: true, note: '同意' }, reviewer), 'review');
  await ok(api.post(`/api/cases/${id}/callback`, { reached: true, resolved: true, satisfaction: 'satisfied', note: '已回访' }, reviewer), 'callback');
}

async function upload(token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG_1x1)]), 'p.png');
  const r = await t.api.req('POST', '/api/attachments', { token, raw: form });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}

/** Every figure a leader reads, as one comparable value. */
async function figures() {
  const { api } = t;
  const month = new Date(t.sys.deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const [overview, units, pub, futian, breakdown, old] = await Promise.all([
    api.get('/api/stats/overview?from=2000-01-01&to=2100-01-01', dispatcher),
    api.get(`/api/stats/units?month=${month}`, dispatcher),
    api.get('/api/public/stats'),
    api.get('/api/stats/overview?from=2000-01-01&to=2100-01-01&unit=futian-branch', dispatcher),
    api.get('/api/stats/breakdown?by=category&from=2000-01-01&to=2100-01-01', dispatcher),
    api.get('/api/stats/overview?from=2022-01-01&to=2023-01-01', dispatcher),
  ]);
  for (const r of [overview, units, pub, futian, breakdown, old]) expect(r.status).toBe(200);
  return { overview: overview.body, units: units.body, pub: pub.body, futian: futian.body, breakdown: breakdown.body, old: old.body };
}

async function caseRow(id: number) {
  return (await t.sys.store.query<Record<string, any>>('SELECT c.*, row_to_json(c)::text AS whole FROM cases c WHERE id = $1', [id])).rows[0];
}

async function events(id: number, action: string) {
  return (await t.sys.store.query<{ actor_kind: string; actor_label: string; data: any; note: string | null }>(
    'SELECT actor_kind, actor_label, data, note FROM case_events WHERE case_id = $1 AND action = $2 ORDER BY id', [id, action])).rows;
}

const citizenId = async (phone: string) =>
  (await t.sys.store.query<{ id: string }>('SELECT id FROM citizens WHERE phone_hash = $1', [phoneIndex(phone)])).rows[0]?.id ?? null;

describe('retention: finished cases past RETENTION_DAYS are anonymised, once', () => {
  const ZHAO = { phone: '13711120001', name: '赵丽', id: idNumber('44030419900101123') };
  const QIAN = { phone: '13711120002', name: '钱波', id: idNumber('44030419900101124') };
  const secrets = [ZHAO.name, ZHAO.phone, ZHAO.id, '赵女士', '王小明', '1201', '3栋', '13899990000'];

  it('anonymises exactly the due cases, keeps the figures and the trail, and a second run does nothing', async () => {
    const { api, sys } = t;
    const zhao = await citizen(t, ZHAO.phone, ZHAO.name, ZHAO.id);
    const qian = await citizen(t, QIAN.phone, QIAN.name, QIAN.id);

    // 赵丽's letter full of personal data, with a photo, closed with a reply that names her; then a thank-you letter.
    const photo = await upload(zhao);
    const noisy = await write(zhao, {
      title: '赵丽反映：邻居王小明夜间噪音扰民',
      content: `我叫赵丽，身份证号${ZHAO.id}，电话${ZHAO.phone}，住福田区香蜜湖花园3栋1201。邻居王小明（手机13899990000）每晚在楼下喧哗到凌晨。`,
      address: '福田区香蜜湖花园3栋1201',
      location: { lat: 22.543219, lng: 114.057868 },
      attachmentIds: [photo],
    });
    await handleToClose(noisy.id, '赵女士您好：民警已到王小明家中批评教育，告知治安管理处罚法相关规定，噪音问题已解决。');
    await ok(api.post(`/api/letters/${noisy.number}/thanks`, { content: '感谢民警帮我赵丽解决了噪音问题！' }, zhao), 'thanks');
    // 钱波's letter merged into his other letter, which is then closed.
    const qianSurvivor = await write(qian, { title: '东门酒吧噪音', content: '罗湖区东门路酒吧每晚噪音扰民，钱波请求处理。', address: '罗湖区东门路' });
    const qianMerged = await write(qian, { title: '东门噪音又来了', content: '罗湖区东门路酒吧噪音依旧，影响休息。', address: '罗湖区东门路' });
    await ok(api.post(`/api/cases/${qianMerged.id}/merge`, { intoId: qianSurvivor.id }, dispatcher), 'merge');
    await handleToClose(qianSurvivor.id);
    // A historical case closed in 2022: past three years already by the real date.
    await ok(api.post('/api/admin/import', { cases: [{
      externalId: 'retention-old-1', channel: '12345', receivedAt: '2022-03-01T09:00:00+08:00', closedAt: '2022-03-05T09:00:00+08:00',
      title: '旧案', content: '福田区某路口信号灯故障，联系人：周敏，电话13600001111。', address: '福田区深南大道', category: 'traffic_order', unitCode: 'futian-traffic', satisfaction: 'satisfied',
    }] }, t.adminToken), 'import');
    // The cutoff of the run falls here: what closed before is due, what closes after is not.
    await new Promise((r) => setTimeout(r, 30));
    const mid = sys.deps.clock.now();
    await new Promise((r) => setTimeout(r, 30));
    const recent = await write(zhao, { title: '路灯不亮', content: '福田区香蜜湖路段路灯已坏一周，夜间出行不便。', address: '福田区香蜜湖' });
    await handleToClose(recent.id);
    const open = await write(zhao, { title: '赵丽：小区门口违停', content: `赵丽反映香蜜湖花园门口长期违停，电话${ZHAO.phone}。`, address: '福田区香蜜湖花园' });
    await ok(api.post(`/api/cases/${open.id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher), 'dispatch open');
    const openBefore = await caseRow(open.id);

    const now = new Date(mid.getTime() + 1095 * DAY);
    const snapshot = (await sys.store.query<{ id: string; status: any; closed_at: Date | null; updated_at: Date; anonymised_at: Date | null }>(
      'SELECT id, status, closed_at, updated_at, anonymised_at FROM cases ORDER BY id')).rows;
    const due = snapshot.filter((c) => isDue({ status: c.status, closedAt: c.closed_at, updatedAt: c.updated_at, anonymisedAt: c.anonymised_at }, now, 1095)).map((c) => Number(c.id));
    const already = snapshot.filter((c) => c.anonymised_at).map((c) => Number(c.id));
    expect(due).toEqual(expect.arrayContaining([noisy.id, qianSurvivor.id, qianMerged.id]));
    expect(due).not.toContain(recent.id);
    expect(due).not.toContain(open.id);

    const before = await figures();
    const report = await applyRetention(sys.deps, { days: 1095, now });
    expect(report.anonymisedCases).toBe(due.length);
    const after = await figures();
    expect(after).toEqual(before);

    // Exactly the due cases (and any the startup run had already done), each with one event.
    const anonymised = (await sys.store.query<{ id: string }>('SELECT id FROM cases WHERE anonymised_at IS NOT NULL ORDER BY id')).rows.map((r) => Number(r.id));
    expect(anonymised).toEqual([...new Set([...due, ...already])].sort((a, b) => a - b));
    for (const id of due) {
      const ev = await events(id, 'anonymised');
      expect(ev, `case ${id}`).toHaveLength(1);
      expect(ev[0]).toMatchObject({ actor_kind: 'system', actor_label: '个人信息保护', data: { reason: 'retention' } });
    }
    expect((await events(noisy.id, 'anonymised'))[0].data.attachmentsDeleted).toBe(1);

    // Nothing of the writer left in the row; the texts anonymised, the place coarse, the figures' columns as they were.
    const row = await caseRow(noisy.id);
    expect(row).toMatchObject({ citizen_id: null, citizen_name: null, citizen_phone: null, status: 'closed', unit_code: 'futian-branch', eval_satisfaction: 'satisfied' });
    for (const s of secrets) expect(row.whole, `“${s}” in the anonymised case row`).not.toContain(s);
    expect(row.content).toContain('来信人');
    expect(row.address).toContain('福田区');
    expect([row.lat, row.lng]).toEqual([22.54, 114.06]);
    expect(row.anonymised_at).toBeTruthy();
    const old = (await sys.store.query<{ whole: string }>("SELECT row_to_json(c)::text AS whole FROM cases c WHERE external_id = 'retention-old-1'")).rows[0];
    expect(old.whole).not.toContain('13600001111');
    expect(old.whole).not.toContain('周敏');
    // Photos gone (the file and its URL), messages about the case gone, the thank-you letter kept without its writer.
    expect((await sys.store.query('SELECT 1 FROM attachments WHERE case_id = $1', [noisy.id])).rows).toHaveLength(0);
    expect((await api.get(`/api/attachments/${photo}`, dispatcher)).status).toBe(404);
    expect((await sys.store.query('SELECT 1 FROM messages WHERE case_id = $1', [noisy.id])).rows).toHaveLength(0);
    const thanks = (await sys.store.query<{ citizen_id: string | null; content: string }>('SELECT citizen_id, content FROM thanks WHERE case_id = $1', [noisy.id])).rows;
    expect(thanks).toHaveLength(1);
    expect(thanks[0].citizen_id).toBeNull();
    expect(thanks[0].content).not.toContain('赵丽');
    // The staff view still works, the writer shown as nobody.
    const seen = await api.get(`/api/cases/${noisy.id}`, dispatcher);
    expect(seen.status).toBe(200);
    expect(seen.body.citizen).toEqual({ name: '', phone: '' });
    expect(seen.body.events.some((e: any) => e.action === 'anonymised')).toBe(true);
    // The writer no longer finds it among their letters; their open and recent letters are untouched.
    const mine = (await api.get('/api/letters/mine', zhao)).body.map((l: any) => l.number);
    expect(mine).not.toContain(noisy.number);
    expect(mine).toEqual(expect.arrayContaining([recent.number, open.number]));
    const openAfter = await caseRow(open.id);
    expect(openAfter).toEqual(openBefore);
    expect((await caseRow(recent.id)).anonymised_at).toBeNull();
    expect((await caseRow(recent.id)).citizen_id).not.toBeNull();

    // 钱波 has no case left and was verified before the cutoff: deleted, his session with him.
    // 赵丽 still has cases: kept.
    expect(report.deletedCitizens).toBe(1);
    expect(await citizenId(QIAN.phone)).toBeNull();
    expect((await api.get('/api/letters/mine', qian)).status).toBe(401);
    expect(await citizenId(ZHAO.phone)).not.toBeNull();
    expect((await sys.store.query("SELECT 1 FROM case_events WHERE case_id IS NULL AND action = 'citizens_deleted'")).rows).toHaveLength(1);

    // The trail still verifies: nothing in it was changed, only events added.
    const trail = await verifyTrail(sys.store);
    expect(trail.ok).toBe(true);

    // A second run finds nothing; the figures stay.
    const again = await applyRetention(sys.deps, { days: 1095, now });
    expect(again).toMatchObject({ anonymisedCases: 0, deletedCitizens: 0 });
    expect(await events(noisy.id, 'anonymised')).toHaveLength(1);
    expect(await figures()).toEqual(before);
  }, 120_000);

  it('is off with RETENTION_DAYS=0', async () => {
    const r = await applyRetention(t.sys.deps, { days: 0, now: new Date(Date.now() + 100 * 365 * DAY) });
    expect(r).toMatchObject({ anonymisedCases: 0, deletedCitizens: 0, cutoff: null });
    expect((await t.sys.store.query("SELECT 1 FROM cases WHERE anonymised_at IS NULL AND status IN ('closed', 'merged')")).rows.length).toBeGreaterThan(0);
  });

  it('several processes at once: every due case anonymised once', async () => {
    const writer = await citizen(t, '13711120009', '孙红', idNumber('44030419900101129'));
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const l = await write(writer, { title: `噪音${i}`, content: `福田区香蜜湖夜间施工噪音扰民，第${i}次反映。`, address: '福田区香蜜湖' });
      await handleToClose(l.id);
      ids.push(l.id);
    }
    const now = new Date(t.sys.deps.clock.now().getTime() + 1096 * DAY);
    const runs = await Promise.all([1, 2, 3].map(() => applyRetention(t.sys.deps, { days: 1095, now, batch: 2 })));
    const total = runs.reduce((s, r) => s + r.anonymisedCases, 0);
    const done = (await t.sys.store.query<{ id: string; n: string }>(
      "SELECT case_id AS id, count(*) AS n FROM case_events WHERE case_id = ANY($1::bigint[]) AND action = 'anonymised' GROUP BY case_id", [ids])).rows;
    expect(done.map((d) => Number(d.n))).toEqual(ids.map(() => 1));
    expect(total).toBeGreaterThanOrEqual(ids.length);
    expect((await verifyTrail(t.sys.store)).ok).toBe(true);
  }, 120_000);
});

describe('GET /api/citizen/me/export', () => {
  it('gives a citizen everything held about them, and nothing of anyone else', async () => {
    const { api } = t;
    const me = { phone: '13711120011', name: '周敏', id: idNumber('44030419900101131') };
    const mine = await citizen(t, me.phone, me.name, me.id);
    const other = await citizen(t, '13711120012', '吴刚', idNumber('44030419900101132'));
    const photo = await upload(mine);
    const a = await write(mine, { title: '周敏：楼下烧烤油烟', content: '福田区福华路烧烤店油烟扰民，每晚营业到凌晨两点。', address: '福田区福华路', attachmentIds: [photo] });
    const b = await write(mine, { title: '周敏：电动车乱停', content: '福田区福华路人行道电动车乱停，影响通行。', address: '福田区福华路' });
    await ok(api.post(`/api/cases/${a.id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher), 'dispatch');
    await ok(api.post(`/api/cases/${a.id}/sign`, undefined, officer), 'sign');
    await ok(api.post(`/api/cases/${a.id}/feedback`, { content: '已联系市场监管部门联合检查烧烤店。' }, officer), 'feedback');
    await ok(api.post(`/api/cases/${a.id}/contact`, { method: 'phone', outcome: 'reached', note: '内部备注：来信人情绪激动' }, officer), 'contact');
    await ok(api.post(`/api/letters/${a.number}/thanks`, { content: '感谢民警及时处理！' }, mine), 'thanks');
    const theirs = await write(other, { title: '吴刚：KTV噪音', content: '罗湖区东门KTV噪音扰民严重，吴刚请求处理。', address: '罗湖区东门' });

    const r = await api.get('/api/citizen/me/export', mine);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const doc = r.body;
    expect(doc.profile).toMatchObject({ name: me.name, phone: me.phone, idNumber: me.id });
    expect(doc.letters.map((l: any) => l.number)).toEqual([a.number, b.number]);
    const la = doc.letters[0];
    expect(la).toMatchObject({ title: '周敏：楼下烧烤油烟', content: '福田区福华路烧烤店油烟扰民，每晚营业到凌晨两点。', address: '福田区福华路', status: 'signed' });
    expect(la.timeline.map((e: any) => e.text)).toContain('办理反馈：已联系市场监管部门联合检查烧烤店。');
    expect(la.attachments).toEqual([expect.objectContaining({ id: photo, contentType: 'image/png', url: `/api/attachments/${photo}` })]);
    // The same as the letter's page shows the writer.
    const page = (await api.get(`/api/letters/${a.number}`, mine)).body;
    expect(la.timeline).toEqual(page.timeline);
    expect(doc.thanks).toEqual([expect.objectContaining({ letterNumber: a.number, content: '感谢民警及时处理！' })]);
    // The messages: the one-time code and each receipt, feedback …
    const texts = doc.messages.map((m: any) => m.text).join('\n');
    expect(texts).toMatch(/验证码/);
    expect(texts).toContain(a.number);
    expect(texts).toContain(b.number);
    expect(doc.messages.every((m: any) => typeof m.sentAt === 'string' && m.channel)).toBe(true);
    // No internal note, nothing of the other writer.
    const whole = JSON.stringify(doc);
    for (const s of ['内部备注', '情绪激动', '吴刚', '13711120012', theirs.number, 'KTV']) expect(whole, s).not.toContain(s);
    // The other writer's export is theirs alone.
    const theirsDoc = (await api.get('/api/citizen/me/export', other)).body;
    expect(theirsDoc.profile.name).toBe('吴刚');
    expect(theirsDoc.letters.map((l: any) => l.number)).toEqual([theirs.number]);
    expect(JSON.stringify(theirsDoc)).not.toContain(me.phone);
    // Staff and strangers: no.
    expect((await api.get('/api/citizen/me/export', dispatcher)).status).toBe(403);
    expect((await api.get('/api/citizen/me/export')).status).toBe(401);
  }, 120_000);
});

describe('DELETE /api/citizen/me', () => {
  it('is refused while a letter is in progress (also one merged into a case in progress), and done when all are closed', async () => {
    const { api, sys } = t;
    const me = { phone: '13711120021', name: '郑敏', id: idNumber('44030419900101141') };
    let token = await citizen(t, me.phone, me.name, me.id);
    const someone = await citizen(t, '13711120022', '冯强', idNumber('44030419900101142'));
    const first = await write(token, { title: '郑敏：夜间施工', content: `福田区益田路工地夜间施工噪音扰民，郑敏电话${me.phone}。`, address: '福田区益田路88号' });
    const followed = await write(someone, { title: '益田路工地噪音', content: '福田区益田路工地夜间施工，影响休息。', address: '福田区益田路' });
    const second = await write(token, { title: '工地噪音', content: '福田区益田路工地夜间施工噪音依旧严重。', address: '福田区益田路' });
    await ok(api.post(`/api/cases/${second.id}/merge`, { intoId: followed.id }, dispatcher), 'merge');
    const citizenRow = await citizenId(me.phone);

    const refused = await api.req('DELETE', '/api/citizen/me', { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('letters_in_progress');
    expect(refused.body.error.message).toContain(first.number);
    expect(refused.body.error.message).toContain(second.number);
    expect(refused.body.error.message).toMatch(/办理完毕/);
    // Nothing changed: still there, still signed in, the letters as they were.
    expect(await citizenId(me.phone)).toBe(citizenRow);
    expect((await api.get('/api/letters/mine', token)).status).toBe(200);
    expect((await caseRow(first.id)).anonymised_at).toBeNull();

    // Their own letter closed; the one they follow is still in progress.
    await handleToClose(first.id);
    const still = await api.req('DELETE', '/api/citizen/me', { token });
    expect(still.status).toBe(409);
    expect(still.body.error.message).toContain(second.number);
    expect(still.body.error.message).not.toContain(first.number);

    await handleToClose(followed.id);
    const before = await figures();
    const done = await api.req('DELETE', '/api/citizen/me', { token });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ anonymisedCases: 2 });
    expect(await figures()).toEqual(before);
    // The token is dead, the citizen row and sessions gone, their cases anonymised for the reason 'request'.
    expect((await api.get('/api/letters/mine', token)).status).toBe(401);
    expect((await api.get('/api/citizen/me/export', token)).status).toBe(401);
    expect(await citizenId(me.phone)).toBeNull();
    expect((await sys.store.query('SELECT 1 FROM sessions WHERE citizen_id = $1', [citizenRow])).rows).toHaveLength(0);
    for (const id of [first.id, second.id]) {
      const row = await caseRow(id);
      expect(row.anonymised_at).toBeTruthy();
      expect(row).toMatchObject({ citizen_id: null, citizen_name: null, citizen_phone: null });
      for (const s of [me.name, me.phone, me.id, '88号']) expect(row.whole, s).not.toContain(s);
      expect((await events(id, 'anonymised')).map((e) => e.data.reason)).toEqual(['request']);
    }
    // The case they followed is someone else's: untouched.
    expect((await caseRow(followed.id)).anonymised_at).toBeNull();
    expect((await caseRow(followed.id)).citizen_id).not.toBeNull();
    // Messages to their phone and their one-time codes gone; a record of the deletion in the admin stream.
    expect((await api.get(`/api/admin/messages?to=${me.phone}`, t.adminToken)).body).toEqual([]);
    expect((await sys.store.query("SELECT data FROM case_events WHERE case_id IS NULL AND action = 'citizen_deleted'")).rows.map((r: any) => r.data))
      .toEqual([{ reason: 'request', anonymisedCases: 2 }]);
    expect((await verifyTrail(sys.store)).ok).toBe(true);

    // The same person may verify again: a new citizen, with no letters.
    token = await citizen(t, me.phone, me.name, me.id);
    expect((await api.get('/api/letters/mine', token)).body).toEqual([]);
    expect(await citizenId(me.phone)).not.toBe(citizenRow);
    // Nothing to keep them: gone at once.
    expect((await api.req('DELETE', '/api/citizen/me', { token })).body).toEqual({ anonymisedCases: 0 });
  }, 120_000);

  it('counts the letters that came through a channel with the same phone as theirs', async () => {
    expect((await t.api.put('/api/admin/channels/12345', { secret: SECRET }, t.adminToken)).status).toBe(204);
    const phone = '13711120041';
    const viaChannel = await t.api.req('POST', '/api/channels/12345/cases', signed({
      externalId: `DEL-${Date.now()}`, receivedAt: new Date().toISOString(), citizen: { name: '褚亮', phone },
      content: '福田区福华路路灯不亮已经一周，夜间行人很不安全，请尽快修复。', address: '福田区福华路' }));
    expect(viaChannel.status).toBe(201);
    const token = await citizen(t, phone, '褚亮', idNumber('44030419900101161'));
    const refused = await t.api.req('DELETE', '/api/citizen/me', { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(viaChannel.body.number);
  });

  it('staff and strangers may not', async () => {
    expect((await t.api.req('DELETE', '/api/citizen/me', { token: dispatcher })).status).toBe(403);
    expect((await t.api.req('DELETE', '/api/citizen/me')).status).toBe(401);
  });
});

describe('the job, on the test clock', () => {
  it('three years on, the retention job anonymises what finished since, and nothing in progress', async () => {
    const { api, sys } = t;
    const writer = await citizen(t, '13711120031', '陈晨', idNumber('44030419900101151'));
    const closed = await write(writer, { title: '陈晨：噪音', content: '福田区车公庙夜间噪音扰民，陈晨请求处理。', address: '福田区车公庙' });
    await handleToClose(closed.id);
    const inProgress = await write(writer, { title: '陈晨：违停', content: '福田区车公庙路口长期违停，陈晨请求处理。', address: '福田区车公庙' });
    expect((await api.post('/api/admin/clock', { advanceMinutes: 1096 * 24 * 60 }, t.adminToken)).status).toBe(200);
    // The job's own run: the configured period (RETENTION_DAYS, default 1095), the system's clock.
    const r = await applyRetention(sys.deps, { days: loadConfig({}).retentionDays });
    expect(r.anonymisedCases).toBeGreaterThanOrEqual(1);
    expect((await caseRow(closed.id)).anonymised_at).toBeTruthy();
    expect((await caseRow(inProgress.id)).anonymised_at).toBeNull();
    expect((await caseRow(inProgress.id)).citizen_id).not.toBeNull();
    expect((await verifyTrail(sys.store)).ok).toBe(true);
  }, 120_000);
});
