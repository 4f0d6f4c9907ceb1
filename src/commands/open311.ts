// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): outside clients list the
// services (our categories), post service requests (letters of channel `open311`) with an API
// key an admin issued, and follow them by case number. These answers are public, so a request
// is shown only as the spec's fields of a letter that came in through Open311 — never a name, a
// phone, an address or an internal note — and only the status `open` or `closed`.
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { addEvent, type CaseRow } from '../store/cases.js';
import type { Catalog } from '../store/catalog.js';
import type { Category } from '../domain/organisation.js';
import { Params } from '../store/sql.js';
import { createCase } from './intake.js';
import { AppError } from '../http/errors.js';
import { INSTANT_RANGE_MESSAGE, isReasonableInstant } from '../domain/instants.js';
import { iso } from '../presenters/casePresenter.js';
import { isRealDate } from '../domain/calendar.js';
import { isMainlandMobile, normalizeMobile } from '../domain/identity.js';
import { STATUS_LABELS } from '../domain/caseMachine.js';
import { vault } from '../store/vault.js';

export const OPEN311_CHANNEL = 'open311';
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/** The spec's query limits: a span of 90 days, the first 1000 requests. */
export const MAX_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** The spec's limit of a description. */
export const MAX_DESCRIPTION = 4000;
const TITLE_MAX = 100;
const DAY_MS = 86_400_000;

/**
 * An error in the spec's form: the HTTP status carries the meaning (400 bad input, 403 missing or
 * wrong api_key, 404 no such resource), the body is `[{code, description}]` with that status as code.
 */
export const open311Error = (status: 400 | 403 | 404, description: string) => new AppError(status, String(status), description);

// ---------------------------------------------------------------------------------------------
// Documents

export interface GeoService {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface GeoAttribute {
  variable: boolean;
  code: string;
  datatype: 'singlevaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface GeoServiceDefinition { service_code: string; attributes: GeoAttribute[] }

export interface GeoRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime?: string;
  /** Always empty: a writer's address is personal data on a public API. */
  address: string;
}

export interface GeoCreated { service_request_id: string; token: string; service_notice: string }
export interface GeoToken { service_request_id: string; token: string }

export interface GeoDiscovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[];
}

// ---------------------------------------------------------------------------------------------
// API keys: shown once when issued, stored only as their SHA-256.

export interface ApiKey { id: number; name: string }

export const apiKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

export async function issueApiKey(deps: Deps, actor: StaffActor, input: { name?: string }) {
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  const name = input.name?.trim() || 'Open311';
  const now = deps.clock.now();
  const id = await deps.store.transaction(async (tx) => {
    const r = await tx.query<{ id: number }>(
      'INSERT INTO open311_api_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [name, apiKeyHash(apiKey), actor.userId, now]);
    // The key itself never enters the trail.
    await addEvent(tx, { caseId: null, at: now, actor, actorLabel: actorLabel(actor), action: 'open311_key_issued', data: { id: r.rows[0].id, name } });
    return r.rows[0].id;
  });
  return { id, name, apiKey };
}

export async function verifyApiKey(deps: Deps, key: string | null | undefined): Promise<ApiKey | null> {
  if (!key || key.length > 200) return null;
  const r = await deps.store.query<ApiKey>('SELECT id, name FROM open311_api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [apiKeyHash(key)]);
  return r.rows[0] ?? null;
}

/** The key of a POST: missing or wrong → 403, as the spec says. */
export async function requireApiKey(deps: Deps, key: unknown): Promise<ApiKey> {
  if (typeof key !== 'string' || !key.trim()) throw open311Error(403, 'api_key：缺少 API 密钥，无法提交诉求（Missing api_key）');
  const found = await verifyApiKey(deps, key.trim());
  if (!found) throw open311Error(403, 'api_key：API 密钥无效或已停用（Invalid api_key）');
  return found;
}

// ---------------------------------------------------------------------------------------------
// Services: one per category.

const APPEAL_TYPE = 'appeal_type';

function keywordsOf(c: Category): string {
  return c.examples.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean).join(', ');
}

/** The unit a category goes to; for a district route, what its units are called across districts (各区交警大队). */
function groupOf(catalog: Catalog, c: Category): string {
  if (!c.routeTo.includes('{district}')) return catalog.units.get(c.routeTo)?.name ?? c.routeTo;
  for (const d of catalog.districts) {
    const u = catalog.units.get(c.routeTo.replaceAll('{district}', d.code));
    if (u) return u.name.replace(d.name, '各区');
  }
  return '各区';
}

function defaultAppealType(catalog: Catalog): string {
  return catalog.appealTypes.has('help') ? 'help' : [...catalog.appealTypes.keys()][0];
}

export function serviceList(catalog: Catalog): GeoService[] {
  return [...catalog.categories.values()].map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.examples || c.name,
    // Every service has one optional attribute (the kind of appeal), described by its definition.
    metadata: true,
    type: 'realtime',
    keywords: keywordsOf(c),
    group: groupOf(catalog, c),
  }));
}

export function serviceDefinition(catalog: Catalog, code: string): GeoServiceDefinition {
  if (!catalog.categories.has(code)) throw open311Error(404, `service_code：服务类别“${code}”不存在`);
  const fallback = defaultAppealType(catalog);
  return {
    service_code: code,
    attributes: [{
      variable: true,
      code: APPEAL_TYPE,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: `从列表中选择一项；不填为“${catalog.appealTypes.get(fallback) ?? fallback}”`,
      order: 1,
      description: '诉求类型（Type of appeal）',
      values: [...catalog.appealTypes].map(([key, name]) => ({ key, name })),
    }],
  };
}

export async function discovery(deps: Deps, endpointUrl: string): Promise<GeoDiscovery> {
  // The changeset moves when the service list may have: a new category, or this API's arrival.
  const r = await deps.store.query<{ at: Date | null }>(
    `SELECT greatest((SELECT max(at) FROM case_events WHERE case_id IS NULL AND action = 'category_created'),
                     (SELECT applied_at FROM schema_migrations WHERE name = '005_open311.sql')) AS at`);
  const changeset = iso(r.rows[0]?.at ?? new Date(0))!;
  return {
    changeset,
    contact: '市公安局接诉即办中心（局长信箱）。Contact the Director\'s Mailbox center of the city public security bureau.',
    key_service: 'API 密钥由平台管理员签发（POST /api/admin/open311-keys）。API keys are issued by the platform administrator.',
    endpoints: [{ specification: GEOREPORT_V2, url: endpointUrl, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

// ---------------------------------------------------------------------------------------------
// POST requests

/** The form fields of a POST, as the spec names them (attribute[code] fields come as they are). */
export type ServiceRequestForm = Record<string, string | string[] | number | undefined>;

function field(form: ServiceRequestForm, name: string): string {
  const v = form[name];
  if (Array.isArray(v)) throw open311Error(400, `${name}：只能提供一个值`);
  return v === undefined || v === null ? '' : String(v).trim();
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function coordinate(name: string, raw: string, limit: number): number {
  const n = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(n) || Math.abs(n) > limit) {
    throw open311Error(400, `${name}：须为 -${limit} 到 ${limit} 之间的十进制度数（WGS84）`);
  }
  return n;
}

const PHONE = /^\+?[0-9][0-9 ()-]{3,28}$/;
const CJK = /[\u3400-\u9fff]/;

/** 姓 + 名 without a space for Chinese names, "first last" otherwise. */
function fullName(first: string, last: string): string {
  if (!first || !last) return first || last;
  return CJK.test(first) || CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
}

function titleOf(description: string): string {
  const line = description.split('\n').map((s) => s.trim()).find(Boolean) ?? '';
  const chars = Array.from(line);
  return chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX - 1).join('')}…` : line;
}

export async function submitServiceRequest(deps: Deps, key: ApiKey, form: ServiceRequestForm, idempotencyKey: string | null) {
  const catalog = await deps.catalog.get();
  const code = field(form, 'service_code');
  if (!code) throw open311Error(400, 'service_code：必填');
  // The spec: a service_code that does not exist is 404, one that is missing 400.
  if (!catalog.categories.has(code)) throw open311Error(404, `service_code：服务类别“${code}”不存在`);

  const description = field(form, 'description').replace(/\r\n?/g, '\n');
  if (!description) throw open311Error(400, 'description：必填，请写明诉求内容');
  if (Array.from(description).length > MAX_DESCRIPTION) throw open311Error(400, `description：不能超过${MAX_DESCRIPTION}个字符`);

  const latRaw = field(form, 'lat');
  const longRaw = field(form, 'long');
  let location: { lat: number; lng: number } | null = null;
  if (latRaw || longRaw) {
    if (!latRaw || !longRaw) throw open311Error(400, `${latRaw ? 'long' : 'lat'}：lat 和 long 须同时提供`);
    location = { lat: coordinate('lat', latRaw, 90), lng: coordinate('long', longRaw, 180) };
  }
  const addressString = field(form, 'address_string');
  const addressId = field(form, 'address_id');
  if (!location && !addressString && !addressId) {
    throw open311Error(400, '位置：须提供 lat 和 long、address_string 或 address_id 之一（location parameter required）');
  }
  const address = addressString || (addressId ? `地址编号 ${addressId}` : null);

  const typeRaw = field(form, `attribute[${APPEAL_TYPE}]`);
  if (typeRaw && !catalog.appealTypes.has(typeRaw)) {
    throw open311Error(400, `attribute[${APPEAL_TYPE}]：可选 ${[...catalog.appealTypes.keys()].join('、')}`);
  }
  const type = typeRaw || defaultAppealType(catalog);

  let phone = field(form, 'phone');
  if (phone) {
    if (isMainlandMobile(phone)) phone = normalizeMobile(phone);
    else if (!PHONE.test(phone)) throw open311Error(400, 'phone：不是有效的电话号码');
  }
  const name = fullName(field(form, 'first_name'), field(form, 'last_name'));

  const created = await createCase(deps, { kind: 'system', label: `Open311：${key.name}` }, {
    channel: OPEN311_CHANNEL, type, category: code, title: titleOf(description), content: description,
    address, location, citizenName: name || null, citizenPhone: phone || null,
    // A repeat of the same key's Idempotency-Key finds the letter it created, and creates nothing.
    externalId: idempotencyKey ? `${key.id}:${idempotencyKey}` : null,
  });
  const c = created.row;
  // After the letter's own transaction; a repeat (same Idempotency-Key) fills a token that a failure here left out.
  await deps.store.query(
    `INSERT INTO open311_requests (case_id, api_key_id, token, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING`,
    [c.id, key.id, randomBytes(12).toString('base64url'), deps.clock.now()]);
  const t = await deps.store.query<{ token: string }>('SELECT token FROM open311_requests WHERE case_id = $1', [c.id]);
  const d = created.deadlines;
  const notice = [`来信已受理，编号${c.number}`];
  if (d.sign) notice.push(`${iso(d.sign)}前签收`);
  if (d.firstFeedback) notice.push(`${iso(d.firstFeedback)}前首次反馈`);
  const body: GeoCreated = { service_request_id: c.number, token: t.rows[0].token, service_notice: `${notice.join('，')}。` };
  return { replayed: created.replayed, body: [body] };
}

// ---------------------------------------------------------------------------------------------
// GET requests

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page?: number;
  page_size?: number;
}

const W3_DATETIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A w3 date-time with its zone (2010-01-01T00:00:00Z); a bare date is that day in China time. */
export function parseW3(name: string, raw: string, endOfDay: boolean): Date {
  // An unescaped "+08:00" in a query string arrives as " 08:00".
  const s = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = W3_DATETIME.exec(s);
  if (!m || !isRealDate(m[1])) throw open311Error(400, `${name}：须为 W3C 日期时间格式并带时区，例如 2026-01-01T00:00:00+08:00`);
  let d: Date;
  if (!m[2]) {
    const start = new Date(`${m[1]}T00:00:00+08:00`);
    d = endOfDay ? new Date(start.getTime() + DAY_MS - 1) : start;
  } else {
    d = new Date(s);
    if (Number.isNaN(d.getTime())) throw open311Error(400, `${name}：不是有效的日期时间`);
  }
  // 9999-12-30 plus the 90-day window is past year 9999, which the store rejects (a 500 before): see domain/instants.ts.
  if (!isReasonableInstant(d)) throw open311Error(400, `${name}：${INSTANT_RANGE_MESSAGE}`);
  return d;
}

function list(name: string, raw: string | undefined, max: number): string[] {
  const items = [...new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
  if (items.length > max) throw open311Error(400, `${name}：最多${max}项`);
  return items;
}

interface RequestRow extends CaseRow { close_due: Date | null; merged_number: string | null }

const SELECT_REQUESTS = `
  SELECT c.*, l.due_at AS close_due, m.number AS merged_number
    FROM cases c
    LEFT JOIN case_limits l ON l.case_id = c.id AND l.kind = 'close'
    LEFT JOIN cases m ON m.id = c.merged_into`;

export async function listRequests(deps: Deps, q: RequestQuery): Promise<GeoRequest[]> {
  const catalog = await deps.catalog.get();
  const p = new Params();
  // The channel as a literal, so that the partial index of 005_open311.sql serves the window and the order.
  const where = [`c.channel = '${OPEN311_CHANNEL}'`];
  let limit = MAX_REQUESTS;
  let offset = 0;
  const ids = list('service_request_id', q.service_request_id, MAX_REQUESTS);
  if (ids.length) {
    // The spec: a list of ids overrides every other argument.
    where.push(`c.number = ANY(${p.add(ids)}::text[])`);
  } else {
    const codes = list('service_code', q.service_code, 200);
    for (const code of codes) if (!catalog.categories.has(code)) throw open311Error(400, `service_code：服务类别“${code}”不存在`);
    if (codes.length) where.push(`c.category = ANY(${p.add(codes)}::text[])`);

    const statuses = list('status', q.status, 2);
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw open311Error(400, `status：取值须为 open 或 closed，而不是“${s}”`);
    if (statuses.length === 1) where.push(`c.status ${statuses[0] === 'closed' ? '' : 'NOT '}IN ('closed', 'merged')`);

    // The spec's window: the last 90 days unless given, never more than 90 days.
    const span = MAX_SPAN_DAYS * DAY_MS;
    let start = q.start_date?.trim() ? parseW3('start_date', q.start_date, false) : null;
    let end = q.end_date?.trim() ? parseW3('end_date', q.end_date, true) : null;
    if (start && end) {
      if (end < start) throw open311Error(400, 'end_date：不能早于 start_date');
      if (end.getTime() - start.getTime() > span) throw open311Error(400, `start_date、end_date：查询跨度不能超过${MAX_SPAN_DAYS}天`);
    } else if (start) {
      end = new Date(start.getTime() + span);
    } else if (end) {
      start = new Date(end.getTime() - span);
    } else {
      start = new Date(deps.clock.now().getTime() - span);
    }
    where.push(`c.received_at >= ${p.add(start)}`);
    if (end) where.push(`c.received_at <= ${p.add(end)}`);

    // Our extension: page through more than the first 1000 (page, page_size).
    const pageSize = q.page_size ?? MAX_REQUESTS;
    limit = pageSize;
    offset = ((q.page ?? 1) - 1) * pageSize;
  }
  const r = await deps.store.query<RequestRow>(
    `${SELECT_REQUESTS} WHERE ${where.join(' AND ')} ORDER BY c.received_at DESC, c.id DESC LIMIT ${limit} OFFSET ${offset}`, p.values);
  return presentRequests(deps, catalog, r.rows);
}

export async function requestByNumber(deps: Deps, number: string): Promise<GeoRequest[]> {
  const r = await deps.store.query<RequestRow>(`${SELECT_REQUESTS} WHERE c.number = $1 AND c.channel = $2`, [number, OPEN311_CHANNEL]);
  if (!r.rows[0]) throw open311Error(404, `service_request_id：诉求“${number}”不存在`);
  return presentRequests(deps, await deps.catalog.get(), r.rows);
}

export async function requestForToken(deps: Deps, token: string): Promise<GeoToken[]> {
  const r = await deps.store.query<{ number: string; token: string }>(
    'SELECT c.number, r.token FROM open311_requests r JOIN cases c ON c.id = r.case_id WHERE r.token = $1', [token]);
  if (!r.rows[0]) throw open311Error(404, `token：“${token}”不存在`);
  return [{ service_request_id: r.rows[0].number, token: r.rows[0].token }];
}

async function presentRequests(deps: Deps, catalog: Catalog, rows: RequestRow[]): Promise<GeoRequest[]> {
  if (!rows.length) return [];
  // The latest word to the writer: a feedback or the closing report, as on the writer's own timeline.
  const notes = await deps.store.query<{ case_id: number; content: string | null }>(
    `SELECT DISTINCT ON (case_id) case_id, data->>'content' AS content
       FROM case_events WHERE case_id = ANY($1::bigint[]) AND action IN ('feedback', 'reported')
      ORDER BY case_id, id DESC`, [rows.map((c) => c.id)]);
  const noteOf = new Map(notes.rows.map((n) => [Number(n.case_id), n.content ?? '']));
  return rows.map((c) => presentRequest(c, catalog, noteOf.get(c.id) ?? ''));
}

/** One letter as a GeoReport request: the spec's fields, no personal data, no internal notes. */
export function presentRequest(c: RequestRow, catalog: Catalog, latestNote: string): GeoRequest {
  const closed = c.status === 'closed' || c.status === 'merged';
  const known = [vault().open('name', c.citizen_name), vault().open('phone', c.citizen_phone)];
  // A confidential letter (police conduct) says nothing of its content in public.
  const statusNotes = c.status === 'merged' ? `已与编号${c.merged_number ?? ''}的来信合并办理`
    : c.confidential ? '' : redactPersonal(latestNote, known);
  const out: GeoRequest = {
    service_request_id: c.number,
    status: closed ? 'closed' : 'open',
    status_notes: clip(statusNotes, MAX_DESCRIPTION),
    service_name: (c.category && catalog.categories.get(c.category)?.name) || c.category || '',
    service_code: c.category ?? '',
    description: c.confidential ? '' : clip(redactPersonal(c.content, known), MAX_DESCRIPTION),
    agency_responsible: c.unit_code ? catalog.units.get(c.unit_code)?.name ?? c.unit_code : '',
    service_notice: STATUS_LABELS[c.status]?.zh ?? '',
    requested_datetime: iso(c.received_at)!,
    // The spec: for a closed request, when it was closed.
    updated_datetime: iso(c.status === 'closed' && c.closed_at ? c.closed_at : c.updated_at)!,
    // The close limit, while the request is open; the spec: "may not be returned".
    ...(c.close_due && !closed ? { expected_datetime: iso(c.close_due)! } : {}),
    address: '',
  };
  return out;
}

function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max).join('') : s;
}

// ---------------------------------------------------------------------------------------------
// Personal data in free text

const HIDDEN = '＊＊＊';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PERSONAL_PATTERNS: RegExp[] = [
  // ID numbers (GB 11643, 18 characters; the older 15 digits).
  /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g,
  // Mobile numbers, with or without +86 and separators.
  /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)/g,
  // Landlines with an area code (0755-12345678).
  /(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/g,
  // E-mail addresses.
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g,
  // Licence plates (粤B12345, 粤B·D12345): a vehicle names its keeper.
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][\s·.-]?[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])/gi,
];
const HONORIFIC = '(?:先生|女士|小姐|同志|师傅)';

/**
 * Hides what identifies a person in a text shown to the public: the writer's own name (also as
 * 王先生) and phone as given, and anything shaped like an ID number, a phone number, an e-mail
 * address or a licence plate.
 */
export function redactPersonal(text: string, known: (string | null | undefined)[] = []): string {
  let out = text;
  const words = new Set<string>();
  for (const k of known) {
    const v = k?.trim();
    if (!v) continue;
    words.add(v);
    // "john smith": each part of a spaced name that is more than an initial.
    for (const part of v.split(/\s+/)) if (Array.from(part).length >= 2) words.add(part);
    // "王先生" for 王小明 names the writer just as well.
    if (CJK.test(v)) out = out.replace(new RegExp(`${escapeRe(Array.from(v)[0])}${HONORIFIC}`, 'g'), HIDDEN);
  }
  for (const w of [...words].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRe(w), 'gi'), HIDDEN);
  for (const re of PERSONAL_PATTERNS) out = out.replace(re, HIDDEN);
  return out;
}
