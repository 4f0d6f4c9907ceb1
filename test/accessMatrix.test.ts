// Who may call what: every route of the running app × every kind of caller (anonymous, a citizen,
// each staff role) × the caller's own record and someone else's, checked against RULES — a table
// written from the HTTP contract (../shared/brief/api-contract.md) and the policies
// (src/policies/*). The route list comes from the app itself, so an endpoint added without a rule
// here fails this test by name: deciding who may call it is part of adding it.
//
// Each request is well-formed (test/helpers/routeSamples.ts), so that a refusal can only be about
// the caller. The fixture cases are closed, so an allowed action meets the state machine (409)
// instead of changing the fixture for the next caller; "allowed" therefore means "neither 401 nor
// 403 (nor 404 on one's own record)", whatever the action then makes of the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, idNumber, ADMIN_PASSWORD, type TestSystem } from './helpers/system.js';
import { SAMPLES, PNG_1x1, fillPath, type Sample, type SampleFixture } from './helpers/routeSamples.js';
import { routeTable, type RouteRecord } from '../src/http/app.js';
import type { Role } from '../src/policies/actor.js';

type Who = 'anonymous' | 'citizen' | Role;
const WHO: Who[] = ['anonymous', 'citizen', 'admin', 'dispatcher', 'reviewer', 'officer', 'unit_leader', 'viewer'];
const STAFF: Role[] = ['admin', 'dispatcher', 'reviewer', 'officer', 'unit_leader', 'viewer'];
const CENTER: Role[] = ['admin', 'dispatcher', 'reviewer'];
const UNIT: Role[] = ['officer', 'unit_leader'];
const CASE_ROLES: Role[] = [...CENTER, ...UNIT];

/** 'ok': neither 401 nor 403 (nor 404 on one's own record); a number: exactly that status. */
type Outcome = 'ok' | 401 | 403 | 404;
/** What the caller's own record and someone else's answer. */
type Pair = [own: Outcome, foreign: Outcome];
type Record_ = 'case' | 'letter' | 'campaign' | 'attachment';
interface Rule { record?: Record_; expect: Partial<Record<Who, Outcome | Pair>>; why?: string }

// ------------------------------------------------------------------------------------------------
// Rule builders

const all = (o: Outcome | Pair): Rule['expect'] => Object.fromEntries(WHO.map((w) => [w, o]));
/** Anyone, signed in or not. */
const PUBLIC: Rule = { expect: all('ok') };
/** Staff with one of these roles; every other signed-in caller 403, an anonymous one 401. */
const only = (...roles: Role[]): Rule => ({ expect: { ...all(403), anonymous: 401, ...Object.fromEntries(roles.map((r) => [r, 'ok'])) } });
const ANY_STAFF = only(...STAFF);
const CITIZEN_ONLY: Rule = { expect: { ...all(403), anonymous: 401, citizen: 'ok' } };
const SIGNED_IN: Rule = { expect: { ...all('ok'), anonymous: 401 } };

/**
 * A case read (detail, writer's contact, similar letters): center roles see every case, unit roles
 * their unit's (another unit's case is a 404: its existence is not revealed); the viewer has no case
 * role (403).
 */
const CASE_READ: Rule = {
  record: 'case',
  expect: { anonymous: 401, citizen: 403, viewer: 403, ...Object.fromEntries(CENTER.map((r) => [r, ['ok', 'ok']])), ...Object.fromEntries(UNIT.map((r) => [r, ['ok', 404]])) },
};
/**
 * A case action (runCaseAction: a case one cannot see is a 404, then mayAct decides 403). Center
 * roles see every case; unit roles only their unit's; a viewer sees none (404); a citizen is no staff (403).
 */
function caseAction(allowed: Role[]): Rule {
  const e: Rule['expect'] = { anonymous: 401, citizen: 403, viewer: [404, 404] };
  for (const r of CENTER) e[r] = allowed.includes(r) ? ['ok', 'ok'] : [403, 403];
  for (const r of UNIT) e[r] = allowed.includes(r) ? ['ok', 404] : [403, 404];
  return { record: 'case', expect: e };
}
/** The writer's own letter: anyone else's is a 404 to a citizen; staff are no writers (403). */
const WRITER: Rule = { record: 'letter', expect: { ...all([403, 403]), anonymous: 401, citizen: ['ok', 404] } };

// ------------------------------------------------------------------------------------------------
// RULES: one entry per route of the app. A route missing here fails the test.

const RULES: Record<string, Rule> = {
  'GET /healthz': PUBLIC,
  'GET /openapi.json': PUBLIC,

  // Accounts
  'POST /api/auth/login': { ...PUBLIC, why: 'public; the right credentials log in whoever sends them' },
  'POST /api/auth/logout': { ...PUBLIC, why: 'public: revokes whatever token is sent (run last)' },
  'GET /api/auth/me': SIGNED_IN,
  'POST /api/auth/password': { ...only(...STAFF), why: 'staff only; a wrong old password is a 400, not a 401' },
  'POST /api/auth/totp/setup': { ...ANY_STAFF, why: 'each staff member their own second factor; citizens have none' },
  'POST /api/auth/totp/enable': ANY_STAFF,
  'POST /api/auth/totp/disable': ANY_STAFF,
  'POST /api/citizen/otp': PUBLIC,
  'POST /api/citizen/verify': { expect: all(401), why: 'public; a wrong code is a 401 for every caller, whatever token they carry' },

  // Administration (contract: admin; FAQ: admin, dispatcher; units and calendar are readable by all staff)
  'POST /api/admin/clock': { ...only('admin'), why: 'config.public only so that it is a 404 without CLOCK_CONTROL; with it, admin only' },
  'POST /api/admin/users': only('admin'),
  'GET /api/admin/users': only('admin'),
  'POST /api/admin/units': only('admin'),
  'GET /api/admin/units': ANY_STAFF,
  'POST /api/admin/categories': only('admin'),
  'PUT /api/admin/channels/:channel': only('admin'),
  'GET /api/admin/outbox': only('admin'),
  'POST /api/admin/outbox/:id/retry': only('admin'),
  'PUT /api/admin/calendar/:year': only('admin'),
  'GET /api/admin/calendar/:year': ANY_STAFF,
  'POST /api/admin/faq': only('admin', 'dispatcher'),
  'GET /api/admin/messages': only('admin'),
  'POST /api/admin/import': only('admin'),
  'GET /api/admin/settings/:name': only('admin'),
  'PUT /api/admin/settings/:name': only('admin'),
  'POST /api/admin/open311-keys': only('admin'),
  'GET /api/admin/trail/verify': only('admin'),

  // Citizens
  'POST /api/attachments': { ...SIGNED_IN, why: 'contract: citizen or staff' },
  'GET /api/attachments/:id': {
    record: 'attachment',
    why: 'its uploader, and whoever may see its case (caseScope); the viewer sees no case',
    expect: { anonymous: 401, citizen: ['ok', 404], viewer: [404, 404], ...Object.fromEntries(CENTER.map((r) => [r, ['ok', 'ok']])), ...Object.fromEntries(UNIT.map((r) => [r, ['ok', 404]])) },
  },
  'POST /api/letters': CITIZEN_ONLY,
  'POST /api/letters/check': CITIZEN_ONLY,
  'GET /api/letters/mine': CITIZEN_ONLY,
  'GET /api/letters/:number': WRITER,
  'POST /api/letters/:number/rating': WRITER,
  'POST /api/letters/:number/thanks': WRITER,
  // Personal data (issue 7): the citizen acts on themselves only — no record in the path, nobody else's
  // to point at. The fixture citizen has a letter in progress, so their deletion is a 409 and they stay.
  'GET /api/citizen/me/export': { ...CITIZEN_ONLY, why: 'the asking citizen’s own data only (test/api/citizenData.test.ts: nothing of another writer)' },
  'DELETE /api/citizen/me': { ...CITIZEN_ONLY, why: 'the asking citizen themselves; refused (409) while a letter of theirs is in progress' },
  'GET /api/faq': PUBLIC,
  'GET /api/public/stats': PUBLIC,
  'GET /api/public/organisation': PUBLIC,

  // Case handling
  'GET /api/cases': only(...CASE_ROLES),
  'GET /api/cases/export.xlsx': only(...CASE_ROLES),
  'GET /api/cases/:id': CASE_READ,
  'GET /api/cases/:id/contact-info': { ...CASE_READ, why: 'the handling unit and center roles (a confidential letter: test/api/access.test.ts)' },
  'GET /api/cases/:id/similar': CASE_READ,
  'POST /api/cases/:id/reply-check': { ...CASE_READ, why: 'the reply check on a draft reads the case like its detail (issue 8); nothing is written' },
  'POST /api/cases/:id/dispatch': caseAction(['dispatcher']),
  'POST /api/cases/:id/extension/decision': caseAction(['dispatcher']),
  'POST /api/cases/:id/merge': caseAction(['dispatcher']),
  'POST /api/cases/:id/review': caseAction(['reviewer']),
  'POST /api/cases/:id/callback': caseAction(['reviewer']),
  'POST /api/cases/:id/sign': caseAction(UNIT),
  'POST /api/cases/:id/return': caseAction(UNIT),
  'POST /api/cases/:id/extension': caseAction(UNIT),
  'POST /api/cases/:id/report': caseAction(UNIT),
  'POST /api/cases/:id/contact': caseAction(UNIT),
  'POST /api/cases/:id/feedback': caseAction(UNIT),
  'GET /api/live': { ...SIGNED_IN, why: 'every signed-in caller; the stream is filtered by what each may see (live.ts)' },
  'GET /api/notices': only(...CASE_ROLES),
  'POST /api/triage/suggest': { ...only(...CASE_ROLES), why: 'contract says "(staff)"; the code leaves out the viewer (read-only statistics), which holds no case' },
  'GET /api/triage/status': ANY_STAFF,

  // Analysis
  'GET /api/stats/overview': { ...ANY_STAFF, why: 'unit staff get their own unit’s figures whatever they ask' },
  'GET /api/stats/breakdown': ANY_STAFF,
  'GET /api/stats/export.xlsx': ANY_STAFF,
  'GET /api/stats/units': only(...CENTER, 'viewer'),
  'GET /api/hotspots': only(...CENTER, 'viewer'),
  'GET /api/alerts': only(...CENTER, 'viewer'),
  'GET /api/alerts/history': only(...CENTER, 'viewer'),
  'GET /api/faq/suggestions': only('admin', 'dispatcher'),

  // Replies (issue 8): templates are kept by whoever keeps the FAQ; the officer reads those that fit
  // a case like the case itself; typical cases are published and withdrawn by a dispatcher, read by all.
  'GET /api/admin/reply-templates': only('admin', 'dispatcher'),
  'POST /api/admin/reply-templates': only('admin', 'dispatcher'),
  'PUT /api/admin/reply-templates/:id': only('admin', 'dispatcher'),
  'DELETE /api/admin/reply-templates/:id': only('admin', 'dispatcher'),
  'GET /api/cases/:id/reply-templates': CASE_READ,
  'GET /api/cases/:id/publication': { ...caseAction(['dispatcher']), why: 'the publishing dispatcher’s preview: like the action itself' },
  'POST /api/cases/:id/publish': { ...caseAction(['dispatcher']), why: 'the fixture cases have no consent: an allowed caller meets a 409' },
  'GET /api/typical-cases': PUBLIC,
  'DELETE /api/typical-cases/:id': only('dispatcher'),
  'GET /api/campaigns': { ...ANY_STAFF, why: 'unit staff see the campaigns their unit handles' },
  'GET /api/campaigns/:id': {
    record: 'campaign',
    why: 'center and viewer all; a unit only its own (another unit’s is a 404)',
    expect: { anonymous: 401, citizen: 403, viewer: ['ok', 'ok'], ...Object.fromEntries(CENTER.map((r) => [r, ['ok', 'ok']])), ...Object.fromEntries(UNIT.map((r) => [r, ['ok', 404]])) },
  },
  'POST /api/campaigns': only('dispatcher'),
  'POST /api/campaigns/:id/feedback': { ...only('dispatcher'), record: 'campaign' },
  'POST /api/campaigns/:id/close': { ...only('dispatcher'), record: 'campaign' },

  // Integration channels: public, but only with the channel's HMAC signature — a bearer token is no signature.
  'POST /api/channels/:channel/cases': { expect: all(401), why: 'unsigned: 401 for everyone' },

  // Open311 GeoReport v2: public by the specification; POST needs an API key (the sample carries one).
  'GET /open311/v2/discovery.:format': PUBLIC,
  'GET /open311/v2/services.:format': PUBLIC,
  'GET /open311/v2/services/:code.:format': PUBLIC,
  'GET /open311/v2/requests.:format': PUBLIC,
  'POST /open311/v2/requests.:format': PUBLIC,
  'GET /open311/v2/requests/:id.:format': PUBLIC,
  'GET /open311/v2/tokens/:token.:format': PUBLIC,
  // The catch-all under the prefix: Open311's own 404 for every caller.
  'GET /open311/v2/*': { expect: all(404) },
  'POST /open311/v2/*': { expect: all(404) },
  'PUT /open311/v2/*': { expect: all(404) },
  'PATCH /open311/v2/*': { expect: all(404) },
  'DELETE /open311/v2/*': { expect: all(404) },
};

/** Named by the contract but not (yet) served by the app: reported, not failed. */
const CONTRACT_ONLY: Record<string, Rule> = {
  'POST /api/cases/:id/publish': caseAction(['dispatcher']),
  'GET /api/typical-cases': PUBLIC,
  'POST /api/cases/:id/reply-check': caseAction([...CENTER, ...UNIT]),
};

// ------------------------------------------------------------------------------------------------
// The system and its records

let t: TestSystem;
const tokens = {} as Record<Who, string | null>;
let fx: SampleFixture;
let serial = 0;

async function closeCase(id: number, officer: string, reviewer: string, dispatcher: string, unitCode: string) {
  const steps: [string, unknown, string][] = [
    ['dispatch', { unitCode }, dispatcher], ['sign', undefined, officer],
    ['contact', { method: 'phone', outcome: 'reached', note: '已联系' }, officer],
    ['report', { outcome: 'resolved', content: '已处理完毕。' }, officer],
    ['review', { approve: true }, reviewer], ['callback', { reached: true, resolved: true, satisfaction: 'satisfied' }, reviewer],
  ];
  for (const [action, body, token] of steps) {
    const r = await t.api.post(`/api/cases/${id}/${action}`, body, token);
    if (r.status >= 300) throw new Error(`${action} of case ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

async function upload(token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG_1x1)]), 'p.png');
  const r = await t.api.req('POST', '/api/attachments', { token, raw: form });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}

beforeAll(async () => {
  t = await startTestSystem();
  tokens.anonymous = null;
  tokens.admin = t.adminToken;
  tokens.dispatcher = await staff(t, 'm-disp', ['dispatcher'], 'center');
  tokens.reviewer = await staff(t, 'm-rev', ['reviewer'], 'center');
  tokens.viewer = await staff(t, 'm-view', ['viewer'], 'center');
  tokens.officer = await staff(t, 'm-off', ['officer'], 'futian-branch');
  tokens.unit_leader = await staff(t, 'm-lead', ['unit_leader'], 'futian-branch');
  const luohu = await staff(t, 'm-luohu', ['officer'], 'luohu-branch');
  tokens.citizen = await citizen(t, '13711110001', '赵丽', idNumber('11010519800101002'));
  const bob = await citizen(t, '13711110002', '钱波', idNumber('11010519800101003'));

  // The citizen's letter goes to the officer's unit (福田); the other writer's to another unit (罗湖). Both end closed.
  const ownAtt = await upload(tokens.citizen);
  const foreignAtt = await upload(bob);
  const own = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '香蜜湖噪音', content: '福田区香蜜湖附近夜间施工噪音严重扰民。', address: '福田区香蜜湖', attachmentIds: [ownAtt] }, tokens.citizen);
  const foreign = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '东门噪音', content: '罗湖区东门步行街夜间噪音严重扰民。', address: '罗湖区东门', attachmentIds: [foreignAtt] }, bob);
  expect([own.status, foreign.status]).toEqual([201, 201]);
  await closeCase(own.body.id, tokens.officer!, tokens.reviewer!, tokens.dispatcher!, 'futian-branch');
  await closeCase(foreign.body.id, luohu, tokens.reviewer!, tokens.dispatcher!, 'luohu-branch');
  // A letter in progress keeps the citizen from deleting themselves (DELETE /api/citizen/me → 409), so the fixture survives the matrix.
  const pending = await t.api.post('/api/letters', { type: 'consult', category: 'household', title: '户口迁移', content: '请问户口从外地迁入福田区需要哪些材料？' }, tokens.citizen);
  expect(pending.status).toBe(201);
  const ownCamp = await t.api.post('/api/campaigns', { title: '福田噪音专项', caseIds: [own.body.id], unitCode: 'futian-branch' }, tokens.dispatcher);
  const foreignCamp = await t.api.post('/api/campaigns', { title: '罗湖噪音专项', caseIds: [foreign.body.id], unitCode: 'luohu-branch' }, tokens.dispatcher);
  expect([ownCamp.status, foreignCamp.status]).toEqual([201, 201]);

  const apiKey = (await t.api.post('/api/admin/open311-keys', { name: 'matrix fixture' }, t.adminToken)).body.apiKey;
  const o311 = await t.api.req('POST', '/open311/v2/requests.json', {
    raw: new URLSearchParams({ api_key: apiKey, service_code: 'public_order', lat: '22.54', long: '114.05', description: '福田区香蜜湖夜间施工噪音扰民。' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(o311.status).toBeLessThan(300);
  const open311Number = o311.body[0].service_request_id ?? '';
  const open311Token = o311.body[0].token ?? (await t.sys.store.query<{ token: string }>('SELECT token FROM open311_requests LIMIT 1')).rows[0]?.token ?? 'none';

  fx = {
    ownCaseId: own.body.id, foreignCaseId: foreign.body.id, ownNumber: own.body.number, foreignNumber: foreign.body.number,
    ownCampaignId: ownCamp.body.id, foreignCampaignId: foreignCamp.body.id, ownAttachmentId: ownAtt, foreignAttachmentId: foreignAtt,
    open311Number, open311Token, apiKey, adminPassword: ADMIN_PASSWORD, unique: () => `${Date.now() % 100000}${++serial}`,
  };
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('a writer whose letter was merged into another writer’s', () => {
  it('follows the surviving case, but reads only their own words, and may not rate or thank it', async () => {
    const other = await citizen(t, '13711110003', '孙红', idNumber('11010519800101004'));
    const survivor = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '孙红反映：东门酒吧噪音', content: '我住东门路88号3栋1201，楼下酒吧每晚噪音到凌晨三点。', address: '罗湖区东门路88号3栋1201' }, other);
    const mine = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '东门夜间噪音', content: '罗湖区东门一带夜间噪音扰民，影响休息。', address: '罗湖区东门' }, tokens.citizen);
    expect((await t.api.post(`/api/cases/${mine.body.id}/merge`, { intoId: survivor.body.id }, tokens.dispatcher)).status).toBe(200);
    const seen = await t.api.get(`/api/letters/${survivor.body.number}`, tokens.citizen);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('received');
    const text = JSON.stringify(seen.body);
    for (const secret of ['孙红', '88号', '1201', '酒吧']) expect(text, `the follower reads “${secret}” of the other writer’s letter`).not.toContain(secret);
    expect(seen.body.content).toBe('罗湖区东门一带夜间噪音扰民，影响休息。');
    expect((await t.api.get(`/api/letters/${survivor.body.number}`, other)).body.content).toContain('1201');
    expect((await t.api.post(`/api/letters/${survivor.body.number}/rating`, { resolved: true, satisfaction: 'satisfied' }, tokens.citizen)).status).toBe(403);
    expect((await t.api.post(`/api/letters/${survivor.body.number}/thanks`, { content: '谢谢！' }, tokens.citizen)).status).toBe(403);
  });
});

/** The same fixture seen from the other side: own and foreign swapped. */
const swapped = (f: SampleFixture): SampleFixture => ({
  ...f, ownCaseId: f.foreignCaseId, foreignCaseId: f.ownCaseId, ownNumber: f.foreignNumber, foreignNumber: f.ownNumber,
  ownCampaignId: f.foreignCampaignId, foreignCampaignId: f.ownCampaignId, ownAttachmentId: f.foreignAttachmentId, foreignAttachmentId: f.ownAttachmentId,
});

async function call(route: RouteRecord, s: Sample, token: string | null): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (s.body) { headers['content-type'] = 'application/json'; body = JSON.stringify(s.body); }
  if (s.form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(s.form).toString(); }
  if (s.multipart) {
    const form = new FormData();
    form.append(s.multipart.field, new Blob([new Uint8Array(s.multipart.bytes)]), s.multipart.fileName);
    body = form;
  }
  const qs = s.query ? `?${new URLSearchParams(s.query)}` : '';
  const ac = new AbortController();
  const r = await fetch(`${t.url}${fillPath(route.url, s.params)}${qs}`, { method: route.method, headers, body, signal: ac.signal });
  // An event stream never ends: its status is the answer.
  if ((r.headers.get('content-type') ?? '').startsWith('text/event-stream')) { ac.abort(); return { status: r.status, text: '' }; }
  return { status: r.status, text: await r.text() };
}

const key = (r: RouteRecord) => `${r.method} ${r.url}`;
const matrixRoutes = () => routeTable(t.sys.app).filter((r) => r.method !== 'HEAD' && r.url !== '/*' && !r.url.startsWith('/docs'));

describe('access matrix: every route × every role × own and foreign record', () => {
  it('every route of the app has an access rule', () => {
    const missing = matrixRoutes().map(key).filter((k) => !RULES[k]);
    // The message names each one: "new endpoint without an access rule: GET /api/…".
    expect(missing.map((k) => `new endpoint without an access rule: ${k}`)).toEqual([]);
    const gone = Object.keys(RULES).filter((k) => !matrixRoutes().some((r) => key(r) === k));
    expect(gone.map((k) => `access rule for a route the app no longer has: ${k}`)).toEqual([]);
    const unserved = Object.keys(CONTRACT_ONLY).filter((k) => !RULES[k]);
    if (unserved.length) console.warn(`[access matrix] named by the contract but not served: ${unserved.join(', ')}`);
  });

  it('each caller gets what the rules say', async () => {
    const routes = matrixRoutes().filter((r) => RULES[key(r)]);
    // Logging out revokes the token it is sent with: those go last.
    routes.sort((a, b) => Number(key(a) === 'POST /api/auth/logout') - Number(key(b) === 'POST /api/auth/logout'));
    const wrong: string[] = [];
    let checked = 0;
    let cells = 0;
    const allowedStatuses = new Map<number, number>();
    for (const route of routes) {
      const rule = RULES[key(route)];
      const sample = SAMPLES[key(route)] ?? (() => ({}));
      for (const who of WHO) {
        const expected = rule.expect[who];
        if (expected === undefined) { wrong.push(`${key(route)} as ${who}: no expectation in RULES`); continue; }
        cells++;
        const pair: Pair = Array.isArray(expected) ? expected : [expected, expected];
        const sides: ['own' | 'foreign', SampleFixture, Outcome][] = rule.record ? [['own', fx, pair[0]], ['foreign', swapped(fx), pair[1]]] : [['own', fx, pair[0]]];
        for (const [side, f, outcome] of sides) {
          const res = await call(route, sample(f), tokens[who]);
          checked++;
          const deny = res.status === 401 || res.status === 403 || (rule.record && side === 'own' && res.status === 404);
          const ok = res.status < 500 && (outcome === 'ok' ? !deny : res.status === outcome);
          if (outcome === 'ok') allowedStatuses.set(res.status, (allowedStatuses.get(res.status) ?? 0) + 1);
          if (!ok) wrong.push(`${key(route)} as ${who}${rule.record ? ` (${side} ${rule.record})` : ''}: expected ${outcome === 'ok' ? 'allowed' : outcome}, got ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
    }
    console.log(`[access matrix] ${routes.length} routes × ${WHO.length} callers = ${cells} cells, ${checked} requests (own and foreign record where the route has one); allowed callers got ${[...allowedStatuses].sort((x, y) => x[0] - y[0]).map(([k, n]) => `${k}×${n}`).join(' ')}`);
    expect(wrong).toEqual([]);
  }, 240_000);
});
