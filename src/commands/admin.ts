// Administration of the bureau's configuration: units, categories, channels, calendar, FAQ,
// and the import of historical cases. Each change drops the catalog cache.
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { addEvent } from '../store/cases.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { validateCalendarYear, localDateString } from '../domain/calendar.js';
import { districtFromText } from '../domain/organisation.js';
import { completeLimit } from '../store/cases.js';
import { startLimits } from './limits.js';
import { notifyBulkChange } from '../store/changes.js';
import { fingerprint } from '../domain/text/fingerprint.js';
import { validateTimeLimitPolicy } from '../domain/timeLimits.js';
import { validateRatesConfig } from '../domain/rates.js';
import { INSTANT_RANGE_MESSAGE, isReasonableInstant } from '../domain/instants.js';
import { maskPhone } from '../domain/identity.js';
import { recipientIndex, vault } from '../store/vault.js';

async function audit(deps: Deps, actor: Actor, action: string, data: Record<string, unknown>) {
  await addEvent(deps.store, { caseId: null, at: deps.clock.now(), actor, actorLabel: actorLabel(actor), action, data });
}

const uniqueOr409 = (what: string) => (e: any) => {
  if (e?.code === '23505') throw conflict(`${what}已存在`, 'already_exists');
  throw e;
};

export async function createUnit(deps: Deps, actor: Actor, input: { code: string; name: string; kind: string; district?: string }) {
  const catalog = await deps.catalog.get();
  if (input.district && !catalog.districts.some((d) => d.code === input.district)) throw badRequest('district', `辖区“${input.district}”不存在`);
  await deps.store.query('INSERT INTO units (code, name, kind, district) VALUES ($1, $2, $3, $4)', [input.code, input.name, input.kind, input.district ?? null])
    .catch(uniqueOr409(`单位代码“${input.code}”`));
  deps.catalog.invalidate();
  await audit(deps, actor, 'unit_created', input);
  return { code: input.code };
}

export async function createCategory(deps: Deps, actor: Actor, input: { code: string; name: string; routeTo: string; confidential?: boolean; examples?: string }) {
  const catalog = await deps.catalog.get();
  const unitOk = input.routeTo.includes('{district}')
    ? catalog.districts.every((d) => catalog.units.has(input.routeTo.replaceAll('{district}', d.code)))
    : catalog.units.has(input.routeTo);
  if (!unitOk) throw badRequest('routeTo', `路由“${input.routeTo}”指向的单位不存在`);
  const order = catalog.categories.size;
  await deps.store.query('INSERT INTO categories (code, name, examples, route_to, confidential, sort_order) VALUES ($1, $2, $3, $4, $5, $6)',
    [input.code, input.name, input.examples ?? '', input.routeTo, input.confidential ?? false, order])
    .catch(uniqueOr409(`类别代码“${input.code}”`));
  deps.catalog.invalidate();
  await audit(deps, actor, 'category_created', input);
  return { code: input.code };
}

export async function setChannel(deps: Deps, actor: Actor, channel: string, input: { secret: string; webhookUrl?: string }) {
  const catalog = await deps.catalog.get();
  if (!catalog.channels.has(channel)) throw badRequest('channel', `渠道“${channel}”不存在`);
  if (input.webhookUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(input.webhookUrl)) throw badRequest('webhookUrl', '须为 http(s) 地址');
  await deps.store.query('UPDATE channels SET secret = $2, webhook_url = $3 WHERE code = $1', [channel, input.secret, input.webhookUrl ?? null]);
  deps.catalog.invalidate();
  // The secret itself never enters the trail.
  await audit(deps, actor, 'channel_configured', { channel, webhookUrl: input.webhookUrl ?? null });
}

export async function setCalendarYear(deps: Deps, actor: Actor, year: number, input: { holidays: unknown; workdays: unknown }) {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badRequest('year', '年份须在2000–2100之间');
  const v = validateCalendarYear(year, input);
  if ('error' in v) throw badRequest(v.field, v.error);
  await deps.store.query(
    `INSERT INTO calendar_years (year, holidays, workdays, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, updated_at = now()`,
    [year, JSON.stringify(v.holidays), JSON.stringify(v.workdays)]);
  deps.catalog.invalidate();
  await audit(deps, actor, 'calendar_set', { year, holidays: v.holidays.length, workdays: v.workdays.length });
}

export async function createFaq(deps: Deps, actor: Actor, input: { question: string; answer: string; category?: string }) {
  const catalog = await deps.catalog.get();
  if (input.category && !catalog.categories.has(input.category)) throw badRequest('category', `类别“${input.category}”不存在`);
  const r = await deps.store.query<{ id: number }>(
    'INSERT INTO faq (question, answer, category, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [input.question, input.answer, input.category ?? null, actor.kind === 'staff' ? actor.userId : null, deps.clock.now()]);
  return { id: r.rows[0].id };
}

/** The record of messages sent, newest first: to one recipient (found by its blind index), or to all with the recipients masked. */
export async function listMessages(deps: Deps, to?: string) {
  const r = await deps.store.query<{ to_addr: string; channel: string; text: string; created_at: Date }>(
    `SELECT to_addr, channel, text, created_at FROM messages ${to ? 'WHERE to_hash = $1' : ''} ORDER BY id DESC LIMIT 500`, to ? [recipientIndex(to)] : []);
  const v = vault();
  return r.rows.map((m) => {
    const addr = v.open('phone', m.to_addr);
    return { ...m, to_addr: to ? addr : maskPhone(addr) };
  });
}

export interface ImportedCase {
  externalId: string; channel: string; receivedAt: string; title?: string; content: string; address?: string;
  category: string; unitCode: string; closedAt?: string; satisfaction?: string;
}

/** Historical cases from an earlier system: idempotent on (channel, externalId); they count in the figures. */
export async function importCases(deps: Deps, actor: Actor, cases: ImportedCase[]) {
  const catalog = await deps.catalog.get();
  // Check everything first, so that one bad row rejects the batch before anything is written.
  cases.forEach((c, i) => {
    const at = (f: string) => `cases[${i}].${f}`;
    if (!catalog.channels.has(c.channel)) throw badRequest(at('channel'), `渠道“${c.channel}”不存在`);
    if (!catalog.categories.has(c.category)) throw badRequest(at('category'), `类别“${c.category}”不存在`);
    if (!catalog.units.has(c.unitCode)) throw badRequest(at('unitCode'), `单位“${c.unitCode}”不存在`);
    if (Number.isNaN(Date.parse(c.receivedAt))) throw badRequest(at('receivedAt'), '不是有效的时间');
    if (c.closedAt && (Number.isNaN(Date.parse(c.closedAt)) || Date.parse(c.closedAt) < Date.parse(c.receivedAt))) throw badRequest(at('closedAt'), '不是有效的时间，或早于受理时间');
    // A year such as -271821 or +275760 parses but the store rejects it (a 500 before): see domain/instants.ts.
    if (!isReasonableInstant(new Date(c.receivedAt))) throw badRequest(at('receivedAt'), INSTANT_RANGE_MESSAGE);
    if (c.closedAt && !isReasonableInstant(new Date(c.closedAt))) throw badRequest(at('closedAt'), INSTANT_RANGE_MESSAGE);
  });
  return deps.store.transaction(async (tx) => {
    let imported = 0;
    for (const c of cases) {
      const received = new Date(c.receivedAt);
      const closed = c.closedAt ? new Date(c.closedAt) : null;
      const seq = (await tx.query<{ n: number }>("SELECT nextval('case_number_seq') AS n")).rows[0].n;
      const number = `JB${localDateString(received).replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
      const r = await tx.query<{ id: number }>(
        `INSERT INTO cases (number, channel, external_id, type, category, title, content, address, district, status, unit_code,
                            received_at, dispatched_at, signed_at, reported_at, reviewed_at, closed_at, eval_reached, eval_resolved,
                            eval_satisfaction, eval_at, confidential, imported, updated_at, terms)
         VALUES ($1, $2, $3, 'help', $4, $5, $6, $7, $8, $9, $10, $11, $11, $11, $12, $12, $12, $13, $14, $15, $12, $16, true, $17, $18)
         ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id`,
        [number, c.channel, c.externalId, c.category, c.title ?? c.content.slice(0, 30), c.content, c.address ?? null,
          districtFromText(`${c.address ?? ''} ${c.content}`, catalog.districts), closed ? 'closed' : 'signed', c.unitCode,
          received, closed, c.satisfaction ? true : null, c.satisfaction ? c.satisfaction !== 'unsatisfied' : null, c.satisfaction ?? null,
          !!catalog.categories.get(c.category)?.confidential || c.channel === '12389', deps.clock.now(),
          fingerprint(`${c.title ?? ''} ${c.content} ${c.address ?? ''}`)]);
      if (!r.rows[0]) continue;
      imported++;
      const id = r.rows[0].id;
      if (!closed) {
        await startLimits(tx, catalog, { id, category: c.category, channel: c.channel, priority: 'normal' }, ['firstFeedback', 'close'], received);
      } else {
        await startLimits(tx, catalog, { id, category: c.category, channel: c.channel, priority: 'normal' }, ['close'], received);
        await completeLimit(tx, id, 'close', closed);
      }
      await addEvent(tx, { caseId: id, at: deps.clock.now(), actor, actorLabel: actorLabel(actor), action: 'imported', data: { externalId: c.externalId, channel: c.channel } });
    }
    if (imported) await notifyBulkChange(tx, 'import');
    // History teaches the router: retrain in the background once this import has committed.
    if (imported && deps.router) setImmediate(() => void deps.router!.retrain(deps.store).catch(() => {}));
    return { imported, skipped: cases.length - imported };
  });
}

function validateRouterSettings(input: unknown): Record<string, number> | { error: string; field: string } {
  const v = input as Record<string, unknown>;
  if (!v || typeof v !== 'object') return { error: '须为对象', field: 'router' };
  const t = v.autoDispatchThreshold;
  // Above 1 means "never dispatch directly": every letter waits in triage.
  if (typeof t !== 'number' || !(t >= 0.5 && t <= 2)) return { error: '直派置信度阈值须在 0.5 到 2 之间（大于1表示关闭直派）', field: 'autoDispatchThreshold' };
  const h = v.historyLimit ?? 20_000;
  if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h > 1_000_000) return { error: '须为 0 到 1000000 的整数', field: 'historyLimit' };
  return { autoDispatchThreshold: t, historyLimit: h };
}

const SETTINGS = {
  'time-limits': { key: 'time_limits', validate: validateTimeLimitPolicy },
  rates: { key: 'rates', validate: validateRatesConfig },
  router: { key: 'router', validate: validateRouterSettings },
} as const;
export type SettingName = keyof typeof SETTINGS;

/** The time-limit policy and the rate formulas are configuration: read and replaced whole, validated first. */
export async function getSetting(deps: Deps, name: SettingName) {
  const c = await deps.catalog.get();
  return name === 'router' ? c.router : name === 'rates' ? c.rates : c.timeLimits;
}

export async function putSetting(deps: Deps, actor: Actor, name: SettingName, input: unknown) {
  const s = SETTINGS[name];
  const v = s.validate(input) as object;
  if ('error' in v && typeof v.error === 'string') throw badRequest(String((v as { field?: unknown }).field || name), v.error);
  await deps.store.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [s.key, JSON.stringify(v)]);
  deps.catalog.invalidate();
  await audit(deps, actor, 'setting_changed', { name, value: v });
}

export type OutboxState = 'pending' | 'dead' | 'delivered';

/** What waits in the outbox, what has died there (the dead-letter list), or what left lately. */
export async function listOutbox(deps: Deps, state: OutboxState) {
  const where = { pending: 'delivered_at IS NULL AND dead_at IS NULL', dead: 'dead_at IS NOT NULL AND delivered_at IS NULL', delivered: 'delivered_at IS NOT NULL' }[state];
  const r = await deps.store.query<{ id: number; kind: string; target: string; case_id: number | null; number: string | null; payload: any; created_at: Date; attempts: number; next_attempt_at: Date; last_error: string | null; last_status: number | null; delivered_at: Date | null; dead_at: Date | null }>(
    `SELECT o.id, o.kind, o.target, o.case_id, c.number, o.payload, o.created_at, o.attempts, o.next_attempt_at, o.last_error, o.last_status, o.delivered_at, o.dead_at
       FROM outbox o LEFT JOIN cases c ON c.id = o.case_id WHERE ${where} ORDER BY o.id DESC LIMIT 500`);
  return r.rows.map((o) => ({
    id: Number(o.id), kind: o.kind, target: o.target, caseId: o.case_id === null ? null : Number(o.case_id), caseNumber: o.number,
    // A message's text and address are the citizen's: the list shows what it is, not what it says.
    change: o.kind === 'webhook' ? o.payload.change : null, status: o.kind === 'webhook' ? o.payload.status : null,
    createdAt: o.created_at.toISOString(), attempts: o.attempts, nextAttemptAt: o.next_attempt_at.toISOString(),
    lastError: o.last_error, lastStatus: o.last_status, deliveredAt: o.delivered_at?.toISOString() ?? null, deadAt: o.dead_at?.toISOString() ?? null,
  }));
}

/** The admin's retry button: a dead entry is queued again, with a fresh count of attempts. */
export async function retryOutbox(deps: Deps, actor: Actor, id: number) {
  const r = await deps.store.query(
    'UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $2, lease_until = NULL WHERE id = $1 AND dead_at IS NOT NULL AND delivered_at IS NULL',
    [id, deps.clock.now()]);
  if (!r.rowCount) {
    const exists = (await deps.store.query('SELECT 1 FROM outbox WHERE id = $1', [id])).rows.length;
    if (!exists) throw notFound(`投递记录 ${id}`);
    throw conflict(`投递记录 ${id} 不在死信列表中，无需重试`);
  }
  await deps.store.query(`SELECT pg_notify('outbox', '')`);
  await audit(deps, actor, 'outbox_retried', { outboxId: id });
  return { id, status: 'pending' };
}
