// Open311 GeoReport v2 through HTTP: every answer in JSON is validated against the published
// schemas (copied rules in test/fixtures/open311, see SOURCES.md), and the same answer in XML
// must be well-formed and say the same thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startTestSystem, staff, citizen, idNumber, type TestSystem, type Res } from '../helpers/system.js';

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/open311');
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')));

function expectValid(schema: string, data: unknown) {
  const validate = ajv.getSchema(schema)!;
  const ok = validate(data);
  expect(ok, `${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data).slice(0, 500)}`).toBe(true);
}

// The fields the spec defines for a request; nothing foreign.
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];

// XML back to JSON by the Spark convention: a wrapper holds one element per list item.
const LISTS: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };
const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: (name, jpath) => {
  const parts = String(jpath).split('.');
  return parts.length >= 2 && LISTS[parts[parts.length - 2]] === name;
} });
function spark(key: string, v: any): any {
  if (key in LISTS) return v === '' ? [] : (v[LISTS[key]] as any[]).map((x) => spark(LISTS[key], x));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, spark(k, x)]));
  if (['metadata', 'variable', 'required'].includes(key)) return v === 'true' ? true : v === 'false' ? false : v;
  if (key === 'order' && /^\d+$/.test(v)) return Number(v);
  return v;
}
function fromXml(xml: string): { root: string; data: any } {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const roots = Object.keys(doc);
  expect(roots).toHaveLength(1);
  const root = roots[0];
  let data = spark(root, doc[root]);
  if (root === 'errors') data = data.map((e: any) => ({ ...e, code: /^\d+$/.test(e.code) ? Number(e.code) : e.code }));
  return { root, data };
}

let t: TestSystem;
let apiKey: string;
let dispatcher: string, reviewer: string, futianTraffic: string;
/** Every Open311 answer of this file, for the personal-data check at the end. */
const answers: string[] = [];

function record(r: Res) {
  answers.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  return r;
}
async function get(p: string) {
  return record(await t.api.get(`/open311/v2/${p}`));
}
/** The same resource in both formats: the JSON validated, the XML well-formed and equal to it. */
async function both(p: string, schema: string, xmlRoot: string, query = '') {
  const j = await get(`${p}.json${query}`);
  const x = await get(`${p}.xml${query}`);
  expect(j.status).toBe(x.status);
  expect(j.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);
  expect(x.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
  expectValid(schema, j.body);
  const parsed = fromXml(x.body);
  expect(parsed.root).toBe(xmlRoot);
  expect(parsed.data).toEqual(j.body);
  return j;
}
async function post(format: 'json' | 'xml', fields: Record<string, string>, headers: Record<string, string> = {}) {
  return record(await t.api.req('POST', `/open311/v2/requests.${format}`, {
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  }));
}
async function caseOf(number: string) {
  const l = await t.api.get(`/api/cases?q=${number}`, dispatcher);
  expect(l.body.items).toHaveLength(1);
  return (await t.api.get(`/api/cases/${l.body.items[0].id}`, dispatcher)).body;
}
async function caseCount() {
  return (await t.api.get('/api/cases?page=1', dispatcher)).body.total as number;
}

const WRITER = { first_name: '小明', last_name: '王', phone: '13912345678', email: 'wxm@example.com' };
// Personal data of somebody else that a writer put into the text.
const OTHER = { phone: '+86 136-9876-5432', id: idNumber('44030419851212345'), email: 'owner@qq.com', plate: '粤B·D12345' };
const ADDRESS = '深圳市福田区深南大道1001号阳光小区3栋502';

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'o311disp', ['dispatcher'], 'center');
  reviewer = await staff(t, 'o311rev', ['reviewer'], 'center');
  futianTraffic = await staff(t, 'o311ft', ['officer'], 'futian-traffic', '福田交警');
});
afterAll(async () => { await t?.close(); });

describe('discovery, services and service definitions', () => {
  it('publishes the discovery document in both formats', async () => {
    const d = await both('discovery', 'discovery.json', 'discovery');
    const ep = d.body.endpoints[0];
    expect(ep.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(ep.url).toBe(`${t.url}/open311/v2`);
    expect(ep.formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
    expect(d.body.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T.*\+08:00$/);
  });

  it('lists one service per category', async () => {
    const s = await both('services', 'services.json', 'services');
    const org = await t.api.get('/api/public/organisation');
    expect(s.body.map((x: any) => x.service_code)).toEqual(org.body.categories.map((c: any) => c.code));
    expect(s.body.find((x: any) => x.service_code === 'traffic_order')).toMatchObject({ service_name: '交通秩序', type: 'realtime', group: '各区交警大队' });
    // A service that the jurisdiction_id names is the same (one jurisdiction, the argument is ignored).
    expect((await get('services.json?jurisdiction_id=sz.gov.cn')).body).toEqual(s.body);
  });

  it('defines each service; an unknown one is 404 in the spec error format', async () => {
    const services = (await get('services.json')).body;
    for (const s of services) {
      const def = await both(`services/${s.service_code}`, 'service-definition.json', 'service_definition');
      expect(def.body.service_code).toBe(s.service_code);
      expect(s.metadata).toBe(def.body.attributes.length > 0);
    }
    const attr = (await get('services/public_order.json')).body.attributes[0];
    expect(attr).toMatchObject({ code: 'appeal_type', datatype: 'singlevaluelist', required: false, order: 1 });
    expect(attr.values.map((v: any) => v.key)).toContain('complaint');

    const missing = await both('services/no_such_service', 'errors.json', 'errors');
    expect(missing.status).toBe(404);
    expect(missing.body[0].code).toBe(404);
    const noFormat = await get('services/public_order.html');
    expect(noFormat.status).toBe(404);
    expectValid('errors.json', noFormat.body);
    const nowhere = await get('no/such/resource.xml');
    expect(nowhere.status).toBe(404);
    expect(fromXml(nowhere.body).root).toBe('errors');
  });
});

describe('API keys', () => {
  it('are issued by an admin only, and stored only as a hash', async () => {
    expect((await t.api.post('/api/admin/open311-keys', {})).status).toBe(401);
    expect((await t.api.post('/api/admin/open311-keys', {}, dispatcher)).status).toBe(403);
    const bare = await t.api.req('POST', '/api/admin/open311-keys', { token: t.adminToken });
    expect(bare.status).toBe(201);
    const r = await t.api.post('/api/admin/open311-keys', { name: '城市服务App' }, t.adminToken);
    expect(r.status).toBe(201);
    expect(typeof r.body.apiKey).toBe('string');
    expect(r.body.apiKey.length).toBeGreaterThanOrEqual(32);
    expect(r.body.apiKey).not.toBe(bare.body.apiKey);
    apiKey = r.body.apiKey;

    const rows = await t.sys.store.query<{ key_hash: string }>('SELECT * FROM open311_api_keys');
    const dump = JSON.stringify(rows.rows);
    expect(dump).not.toContain(apiKey);
    expect(rows.rows.map((x) => x.key_hash)).toContain(createHash('sha256').update(apiKey).digest('hex'));
    const trail = await t.sys.store.query('SELECT data FROM case_events WHERE action = $1', ['open311_key_issued']);
    expect(trail.rows).toHaveLength(2);
    expect(JSON.stringify(trail.rows)).not.toContain(apiKey);
  });
});

describe('POST requests', () => {
  const good = () => ({
    api_key: apiKey, jurisdiction_id: 'sz.gov.cn', service_code: 'traffic_order', lat: '22.5431', long: '114.0579', address_string: ADDRESS,
    ...WRITER, description: `深南大道公交站旁长期违停\n每天早高峰都有车辆占用公交车道，联系电话13912345678，希望交警处理。车牌${OTHER.plate}，车主电话${OTHER.phone}，身份证${OTHER.id}，邮箱${OTHER.email}`,
    device_id: 'dev-1', account_id: 'acc-1', media_url: 'https://example.com/p.jpg', 'attribute[appeal_type]': 'complaint',
  });

  it('refuses a missing or wrong api_key with 403, in either format, and writes nothing', async () => {
    const before = await caseCount();
    const { api_key: _k, ...noKey } = good();
    const missing = await post('json', noKey);
    expect(missing.status).toBe(403);
    expectValid('errors.json', missing.body);
    expect(missing.body[0].code).toBe(403);
    const wrong = await post('xml', { ...good(), api_key: 'o311_not-a-key' });
    expect(wrong.status).toBe(403);
    expect(fromXml(wrong.body)).toMatchObject({ root: 'errors', data: [{ code: 403 }] });
    // The key is checked before the form: a keyless caller learns nothing about its input.
    expect((await post('json', { service_code: 'nope' })).status).toBe(403);
    expect(await caseCount()).toBe(before);
  });

  it('creates a letter of channel open311 from a form-encoded body', async () => {
    const r = await post('json', good());
    expect(r.status).toBe(200);
    expectValid('request-created.json', r.body);
    const number = r.body[0].service_request_id;
    expect(number).toMatch(/^JB\d{14}$/);
    expect(typeof r.body[0].token).toBe('string');

    const c = await caseOf(number);
    expect(c).toMatchObject({
      channel: 'open311', category: 'traffic_order', type: 'complaint', status: 'received',
      title: '深南大道公交站旁长期违停', address: ADDRESS, location: { lat: 22.5431, lng: 114.0579 },
      citizen: { name: '王**', phone: '139****5678' },
    });
    expect(c.content).toContain('每天早高峰都有车辆占用公交车道');
    expect(c.content).toContain(OTHER.id); // staff see the letter as written; only the public answers hide it
    const pub = (await get(`requests/${number}.json`)).body[0];
    expect(pub.description).toMatch(/^深南大道公交站旁长期违停\n每天早高峰都有车辆占用公交车道，联系电话＊＊＊，希望交警处理。车牌＊＊＊，车主电话＊＊＊，身份证＊＊＊，邮箱＊＊＊$/);
    expect(c.sla.sign.due).toMatch(/\+08:00$/);

    // Encoded by hand: '+' for spaces, percent-encoded UTF-8, the attribute in the spec's bracket form, lat/long only.
    const raw = `api_key=${encodeURIComponent(apiKey)}&service_code=public_order&lat=22.53&long=113.93&attribute%5Bappeal_type%5D=help`
      + `&description=${encodeURIComponent('南山区科技园 夜间噪音扰民').replace(/%20/g, '+')}+every+night`;
    const x = record(await t.api.req('POST', '/open311/v2/requests.xml', { raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(x.status).toBe(200);
    const created = fromXml(x.body);
    expect(created.root).toBe('service_requests');
    expectValid('request-created.json', created.data);
    const c2 = await caseOf(created.data[0].service_request_id);
    expect(c2).toMatchObject({ channel: 'open311', category: 'public_order', type: 'help', title: '南山区科技园 夜间噪音扰民 every night', address: null });
  });

  it('creates nothing new for a repeated Idempotency-Key of the same client', async () => {
    const before = await caseCount();
    const a = await post('json', { ...good(), description: '同一请求重复提交测试' }, { 'Idempotency-Key': 'fms-42' });
    const b = await post('json', { ...good(), description: '同一请求重复提交测试' }, { 'Idempotency-Key': 'fms-42' });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body).toEqual(a.body);
    expect(await caseCount()).toBe(before + 1);
  });

  it('answers bad input in the spec format and writes nothing', async () => {
    const before = await caseCount();
    const { service_code: _s, ...noCode } = good();
    const { description: _d, ...noDescription } = good();
    const { lat: _la, long: _lo, address_string: _a, ...noLocation } = good();
    const cases: [Record<string, string>, number, string][] = [
      [noCode, 400, 'service_code'],
      [{ ...good(), service_code: 'no_such_service' }, 404, 'service_code'], // the spec: a service_code not found is 404
      [noDescription, 400, 'description'],
      [{ ...good(), description: '   ' }, 400, 'description'],
      [{ ...good(), description: '长'.repeat(4001) }, 400, 'description'],
      [{ ...good(), lat: 'north' }, 400, 'lat'],
      [{ ...good(), lat: '91' }, 400, 'lat'],
      [{ ...good(), long: '-180.5' }, 400, 'long'],
      [{ ...noLocation, lat: '22.5' }, 400, 'long'],
      [noLocation, 400, '位置'],
      [{ ...good(), first_name: '名'.repeat(51) }, 400, 'first_name'],
      [{ ...good(), address_string: '址'.repeat(301) }, 400, 'address_string'],
      [{ ...good(), phone: 'call me maybe' }, 400, 'phone'],
      [{ ...good(), 'attribute[appeal_type]': 'bribe' }, 400, 'appeal_type'],
    ];
    for (const [fields, status, word] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const r = await post(format, fields);
        expect(r.status, `${word} ${format}`).toBe(status);
        const errors = format === 'xml' ? fromXml(r.body).data : r.body;
        expectValid('errors.json', errors);
        expect(errors[0].code).toBe(status);
        expect(errors[0].description).toContain(word);
      }
    }
    const notForm = record(await t.api.req('POST', '/open311/v2/requests.json', { raw: '<x/>', headers: { 'content-type': 'application/xml' } }));
    expect([403, 415]).toContain(notForm.status);
    expectValid('errors.json', notForm.body);
    expect(await caseCount()).toBe(before);
  });
});

describe('GET requests', () => {
  let numbers: Record<string, string>;
  let mailboxNumber: string;

  beforeAll(async () => {
    const make = async (code: string, description: string) =>
      (await post('json', { api_key: apiKey, service_code: code, address_string: '深圳市南山区', description, ...WRITER })).body[0].service_request_id as string;
    numbers = {
      fraud: await make('fraud', '接到冒充客服的诈骗电话，要求转账'),
      household: await make('household', '咨询居住证办理需要哪些材料'),
      order: await make('public_order', '南山区某小区夜间KTV噪音扰民'),
    };
    const writer = await citizen(t, '13700137000', '李四');
    mailboxNumber = (await t.api.post('/api/letters', {
      type: 'help', category: 'fraud', title: '局长信箱来信', content: '这是一封从局长信箱写来的信，不属于Open311。',
    }, writer)).body.number;
  });

  it('lists open311 requests, newest first, valid in both formats', async () => {
    const all = await both('requests', 'requests.json', 'service_requests');
    const ids = all.body.map((r: any) => r.service_request_id);
    for (const n of Object.values(numbers)) expect(ids).toContain(n);
    expect(ids).not.toContain(mailboxNumber); // only letters that came in through Open311
    expect(ids.indexOf(numbers.order)).toBeLessThan(ids.indexOf(numbers.fraud));
    for (const r of all.body) {
      expect(REQUEST_FIELDS).toEqual(expect.arrayContaining(Object.keys(r)));
      expect(r.status).toBe('open');
      expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/);
      expect(r.updated_datetime).toMatch(/\+08:00$/);
      expect(r.address).toBe('');
      expect(r).not.toHaveProperty('lat');
      expect(r).not.toHaveProperty('media_url');
    }
  });

  it('filters by ids, service_code, status and dates, and pages (extension)', async () => {
    const ids = (await get(`requests.json?service_request_id=${numbers.fraud},${numbers.household}`)).body;
    expect(ids.map((r: any) => r.service_request_id).sort()).toEqual([numbers.fraud, numbers.household].sort());
    // A list of ids overrides every other argument.
    expect((await get(`requests.json?service_request_id=${numbers.fraud}&service_code=household&status=closed`)).body).toHaveLength(1);
    expect((await get(`requests.json?service_request_id=${mailboxNumber}`)).body).toEqual([]);

    const byCode = await both('requests', 'requests.json', 'service_requests', '?service_code=household,fraud');
    expect(byCode.body.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byCode.body.map((r: any) => r.service_code))).toEqual(new Set(['household', 'fraud']));
    expect((await get('requests.json?service_code=no_such')).status).toBe(400);

    expect((await get('requests.json?status=open')).body.length).toBeGreaterThanOrEqual(3);
    expect((await get('requests.json?status=closed')).body).toEqual([]);
    expect((await get('requests.json?status=open,closed')).body.length).toBeGreaterThanOrEqual(3);
    const badStatus = await get('requests.xml?status=pending');
    expect(badStatus.status).toBe(400);
    expect(fromXml(badStatus.body).data[0].code).toBe(400);

    const now = Date.parse((await get(`requests/${numbers.order}.json`)).body[0].requested_datetime);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const around = (await get(`requests.json?start_date=${iso(now - 3600_000)}&end_date=${iso(now + 3600_000)}`)).body;
    expect(around.map((r: any) => r.service_request_id)).toContain(numbers.order);
    expect((await get(`requests.json?start_date=${iso(now + 3600_000)}`)).body).toEqual([]);
    expect((await get(`requests.json?end_date=${iso(now - 3600_000)}`)).body).toEqual([]);
    expect((await get('requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-03-01T00:00:00%2B08:00')).body).toEqual([]);
    expect((await get('requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-06-01T00:00:00Z')).status).toBe(400); // > 90 days
    expect((await get('requests.json?start_date=yesterday')).status).toBe(400);
    expect((await get('requests.json?start_date=2001-02-30')).status).toBe(400);

    const page1 = (await get('requests.json?page_size=2')).body;
    const page2 = (await get('requests.json?page_size=2&page=2')).body;
    expect(page1).toHaveLength(2);
    expect(page2.length).toBeGreaterThanOrEqual(1);
    expect(page2.map((r: any) => r.service_request_id)).not.toContain(page1[0].service_request_id);
    expect((await get('requests.json?page_size=1001')).status).toBe(400);
  });

  it('gets one request by its number, and 404 for an unknown one or a letter from another channel', async () => {
    const one = await both(`requests/${numbers.household}`, 'requests.json', 'service_requests');
    expect(one.body).toHaveLength(1);
    expect(one.body[0]).toMatchObject({ service_request_id: numbers.household, status: 'open', service_code: 'household', service_name: '户政业务' });
    for (const id of ['JB19990101000000', mailboxNumber]) {
      const r = await both(`requests/${id}`, 'errors.json', 'errors');
      expect(r.status).toBe(404);
    }
  });

  it('resolves a token to its request', async () => {
    const created = await post('json', { api_key: apiKey, service_code: 'other', address_string: '深圳', description: 'token 测试' });
    const { token, service_request_id } = created.body[0];
    const r = await both(`tokens/${token}`, 'token.json', 'service_requests');
    expect(r.body).toEqual([{ service_request_id, token }]);
    expect((await both('tokens/not-a-token', 'errors.json', 'errors')).status).toBe(404);
  });
});

describe('status follows the case', () => {
  it('is open while handled, closed once the case is closed or merged, with the public word as status_notes', async () => {
    const { api } = t;
    const sent = await post('json', {
      api_key: apiKey, service_code: 'traffic_order', lat: '22.54', long: '114.06', address_string: ADDRESS, ...WRITER,
      description: '福田区彩田路夜间飙车炸街\n严重影响休息',
    });
    const number = sent.body[0].service_request_id;
    const id = (await caseOf(number)).id;

    expect((await api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-traffic' }, dispatcher)).status).toBe(200);
    let r = (await get(`requests/${number}.json`)).body[0];
    expect(r).toMatchObject({ status: 'open', agency_responsible: '福田区交警大队', status_notes: '' });

    await api.post(`/api/cases/${id}/sign`, undefined, futianTraffic);
    await api.post(`/api/cases/${id}/contact`, { method: 'phone', outcome: 'reached', note: '内部备注：来信人住阳光小区3栋502，情绪激动' }, futianTraffic);
    await api.post(`/api/cases/${id}/feedback`, { content: '王先生您好，已安排夜间巡逻，如有情况可拨打13912345678回访。' }, futianTraffic);
    r = (await get(`requests/${number}.json`)).body[0];
    expect(r.status).toBe('open');
    expect(r.status_notes).toContain('已安排夜间巡逻');
    expect(r.status_notes).not.toContain('王先生');
    expect(r.status_notes).not.toContain('13912345678');

    await api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '已在彩田路设置噪声抓拍，查处改装车辆5辆。' }, futianTraffic);
    await api.post(`/api/cases/${id}/review`, { approve: true }, reviewer);
    expect((await get(`requests/${number}.json`)).body[0].status).toBe('open');
    const cb = await api.post(`/api/cases/${id}/callback`, { reached: true, resolved: true, satisfaction: 'satisfied', note: '满意' }, reviewer);
    expect(cb.body.status).toBe('closed');

    const closed = await both(`requests/${number}`, 'requests.json', 'service_requests');
    const staffView = await api.get(`/api/cases/${id}`, dispatcher);
    expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: '已在彩田路设置噪声抓拍，查处改装车辆5辆。', agency_responsible: '福田区交警大队' });
    const closedAt = staffView.body.events.find((e: any) => e.action === 'closed').at;
    expect(Date.parse(closed.body[0].updated_datetime)).toBe(Date.parse(closedAt));
    expect((await get('requests.json?status=closed')).body.map((x: any) => x.service_request_id)).toEqual([number]);
    expect((await get('requests.json?status=open')).body.map((x: any) => x.service_request_id)).not.toContain(number);

    // A merged letter is closed too: its writer follows the surviving case.
    const a = (await post('json', { api_key: apiKey, service_code: 'public_order', address_string: '南山区', description: '桃园路夜市噪音' })).body[0].service_request_id;
    const b = (await post('json', { api_key: apiKey, service_code: 'public_order', address_string: '南山区', description: '桃园路夜市噪音很大' })).body[0].service_request_id;
    const [ca, cb2] = [await caseOf(a), await caseOf(b)];
    expect((await api.post(`/api/cases/${cb2.id}/merge`, { intoId: ca.id }, dispatcher)).status).toBe(200);
    const merged = (await get(`requests/${b}.json`)).body[0];
    expect(merged).toMatchObject({ status: 'closed' });
    expect(merged.status_notes).toContain(a);
    expect((await get(`requests/${a}.json`)).body[0].status).toBe('open');
  });
});

describe('personal data', () => {
  it('never appears in an Open311 answer', async () => {
    // Once more in XML, so that the lists in both formats are part of what is checked.
    await get('requests.xml');
    await get('requests.json');
    expect(answers.length).toBeGreaterThan(50);
    const all = answers.join('\n');
    for (const secret of ['王小明', '13912345678', '139****5678', 'wxm@example.com', ADDRESS, '阳光小区', '内部备注', '情绪激动', '李四', '13700137000', 'dev-1', 'acc-1', apiKey,
      OTHER.id, OTHER.email, OTHER.plate, 'D12345', '9876', '13698765432', '王先生']) {
      expect(all, secret).not.toContain(secret);
    }
  });
});
