// 类案: hot issues group letters about one problem; a special action answers every writer and
// takes in new letters about the same problem; early warnings flag a district × category rising.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
let dispatcher: string, viewer: string, officer: string;
const writers: string[] = [];

const PARKING = [
  '南山区丽康路两侧长期违停，早晚高峰堵得走不动，请交警管一管。',
  '丽康路上天天有车乱停，占了一条车道，上下班特别堵。',
  '反映南山丽康路违章停车问题，路边停满了车，行人都没法走。',
  '丽康路违停严重，消防通道都被堵住了，太危险了。',
  '每天晚上丽康路两边停满私家车，违停没人管，希望加强执法。',
  '南山区丽康路乱停车现象严重，已经持续好几个月了。',
];
const OTHER = [
  '我的身份证丢了，想问一下补办需要带什么材料。',
  '福田区华强北一家商铺卖假货，请查处。',
  '宝安区西乡街道某小区群租房住了二十多人，存在安全隐患。',
  '龙岗区布吉有人冒充客服骗我转账五千元。',
  '罗湖区东门步行街电动车横冲直撞，很危险。',
  '想咨询港澳通行证续签需要多久。',
];

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
  viewer = await staff(t, 'v1', ['viewer'], 'center');
  officer = await staff(t, 'o1', ['officer'], 'nanshan-traffic');
  for (let i = 0; i < 8; i++) writers.push(await citizen(t, `1350013${String(1000 + i)}`, '测试人', idNumber(`44030419900101${String(100 + i)}`)));
});
afterAll(async () => { await t?.close(); });

async function send(w: string, content: string, category?: string) {
  const r = await t.api.post('/api/letters', { type: 'complaint', title: content.slice(0, 12), content, ...(category ? { category } : {}) }, w);
  expect(r.status).toBe(201);
  return r.body.id as number;
}

describe('hot issues and special actions', () => {
  it('groups letters about the same problem, and a campaign answers every writer and takes in new ones', async () => {
    const parking: number[] = [];
    for (const [i, c] of PARKING.entries()) parking.push(await send(writers[i % writers.length], c, 'traffic_order'));
    for (const [i, c] of OTHER.entries()) await send(writers[(i + 3) % writers.length], c);

    expect((await t.api.get('/api/hotspots?days=30', officer)).status).toBe(403);
    const hs = await t.api.get('/api/hotspots?days=30', viewer);
    expect(hs.status).toBe(200);
    const group = hs.body.find((h: any) => h.caseIds.includes(parking[0]));
    expect(group).toBeDefined();
    expect(group.caseIds.filter((id: number) => parking.includes(id)).length).toBeGreaterThanOrEqual(5);
    expect(group.caseIds.every((id: number) => parking.includes(id))).toBe(true);
    expect(group.label).toContain('丽康路');

    const camp = await t.api.post('/api/campaigns', { title: '丽康路违停专项整治', caseIds: group.caseIds, unitCode: 'nanshan-traffic', hotspotId: group.id }, dispatcher);
    expect(camp.status).toBe(201);
    expect((await t.api.post('/api/campaigns', { title: '越权', caseIds: group.caseIds, unitCode: 'nanshan-traffic' }, viewer)).status).toBe(403);
    expect((await t.api.post('/api/campaigns', { title: '坏单位', caseIds: group.caseIds, unitCode: 'nowhere' }, dispatcher)).status).toBe(400);

    const late = await send(writers[7], '丽康路的违停问题还是没解决，晚上车都停到人行道上了。', 'traffic_order');
    const lateCase = await t.api.get(`/api/cases/${late}`, dispatcher);
    expect(lateCase.body.events.map((e: any) => e.action)).toContain('campaign_joined');
    const unrelated = await send(writers[6], '我想咨询一下驾驶证到期换证需要什么材料和体检。', 'vehicle_license');
    expect((await t.api.get(`/api/cases/${unrelated}`, dispatcher)).body.events.map((e: any) => e.action)).not.toContain('campaign_joined');

    const fb = await t.api.post(`/api/campaigns/${camp.body.id}/feedback`, { content: '已在丽康路施划停车泊位并加装电子警察。' }, dispatcher);
    expect(fb.status).toBe(201);
    expect(fb.body.reached).toBe(group.caseIds.length + 1);
  });
});

describe('early warning', () => {
  it('flags a district × category well above its own history, with the evidence', async () => {
    const now = new Date((await t.api.post('/api/admin/clock', { advanceMinutes: 0 }, t.adminToken)).body.now);
    const cases = [];
    // Ninety quiet days: one noise complaint in 龙华 every third day …
    for (let d = 90; d > 7; d -= 3) cases.push({ at: new Date(now.getTime() - d * 86400_000) });
    // … then twenty in the last five days.
    for (let i = 0; i < 20; i++) cases.push({ at: new Date(now.getTime() - (i % 5) * 86400_000 - 3600_000 * (1 + (i % 7))) });
    const body = cases.map((c, i) => ({
      externalId: `n-${i}`, channel: '12345', receivedAt: c.at.toISOString(), content: `龙华区民治某小区夜间噪音扰民第${i}次`,
      address: '深圳市龙华区民治街道', category: 'public_order', unitCode: 'longhua-branch',
    }));
    expect((await t.api.post('/api/admin/import', { cases: body }, t.adminToken)).body.imported).toBe(body.length);
    const r = await t.api.get('/api/alerts?days=7', dispatcher);
    expect(r.status).toBe(200);
    const a = r.body.find((x: any) => x.district === 'longhua' && x.category === 'public_order' && !x.hotspotId);
    expect(a).toBeDefined();
    expect(a.current).toBeGreaterThanOrEqual(20);
    expect(a.ratio).toBeGreaterThan(3);
    expect(a.evidence.history.length).toBeGreaterThan(5);
    // The 丽康路 letters of the test above are a rise from nothing in 南山 and rightly flagged; the keys that
    // had a letter or two and no rise raise nothing.
    expect(r.body.filter((x: any) => !x.hotspotId).map((x: any) => `${x.district}/${x.category}`).sort()).toEqual(['longhua/public_order', 'nanshan/traffic_order']);
  });
});
