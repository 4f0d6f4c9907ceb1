// 以个案带动类案: hot issues (groups of letters about one problem), special actions (专项) that
// handle a group together, and early warnings (未诉先办). The algorithms are pure (domain/hotspots.ts,
// domain/alerts.ts); this file loads the letters, caches the costly grouping and stores campaigns.
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { actorLabel, hasRole, isCenter } from '../policies/actor.js';
import { groupHotspots, matchHotspot, type Hotspot, type LetterForGrouping } from '../domain/hotspots.js';
import { detectAlerts } from '../domain/alerts.js';
import { segment } from '../domain/text/lexicon.js';
import { findPlaces } from '../domain/text/gazetteer.js';
import { addEvent } from '../store/cases.js';
import { notifyCaseChanged } from '../store/changes.js';
import type { Queryable } from '../store/db.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { iso } from '../presenters/casePresenter.js';
import { vault } from '../store/vault.js';

const MAX_LETTERS = 20_000;
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; value: Hotspot[] }>();

const placeOf = (text: string) => findPlaces(text)[0]?.name ?? null;
const tokenize = (text: string) => segment(text);

type LetterRow = { id: number; title: string; content: string; address: string | null; district: string | null; category: string | null; received_at: Date };
const LETTER_COLUMNS = 'id, title, content, address, district, category, received_at';

async function lettersSince(db: Queryable, since: Date): Promise<LetterForGrouping[]> {
  const r = await db.query<LetterRow>(
    `SELECT ${LETTER_COLUMNS} FROM cases WHERE received_at >= $1 AND status <> 'merged' ORDER BY received_at DESC LIMIT ${MAX_LETTERS}`, [since]);
  return toGrouping(r.rows);
}

async function lettersByIds(db: Queryable, ids: number[]): Promise<LetterForGrouping[]> {
  return toGrouping((await db.query<LetterRow>(`SELECT ${LETTER_COLUMNS} FROM cases WHERE id = ANY($1::bigint[])`, [ids])).rows);
}

function toGrouping(rows: LetterRow[]): LetterForGrouping[] {
  return rows.map((c) => {
    const text = `${c.title} ${c.content}`;
    return { id: c.id, text, district: c.district, category: c.category, at: c.received_at, place: placeOf(`${c.address ?? ''} ${text}`) };
  });
}

/** Hot issues of the last `days` days, largest and fastest-growing first; grouping is cached for a minute. */
export async function hotspots(deps: Deps, days: number): Promise<Hotspot[]> {
  const key = String(days);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const now = deps.clock.now();
  const letters = await lettersSince(deps.store, new Date(now.getTime() - days * 86400_000));
  const value = groupHotspots(letters, tokenize, { now, days });
  cache.set(key, { at: Date.now(), value });
  return value;
}

/** Words of two characters or more name a problem better than single characters (停 · 堵 · 走). */
function readableKeywords(h: Hotspot): string[] {
  const words = h.keywords.filter((k) => [...k].length >= 2);
  return [...words, ...h.keywords.filter((k) => !words.includes(k))];
}

export const presentHotspot = (h: Hotspot) => ({
  id: h.id,
  label: readableKeywords(h).filter((k) => [...k].length >= 2).slice(0, 3).join(' · ') || h.label,
  keywords: readableKeywords(h), category: h.category, district: h.district, size: h.size,
  caseIds: h.caseIds, trend: Math.round(h.trend * 100) / 100, firstAt: iso(h.firstAt), lastAt: iso(h.lastAt),
});

/** Early warnings: each district × category, and each hot issue, against its own seasonal history. */
export async function alerts(deps: Deps, days: number) {
  const now = deps.clock.now();
  const historyDays = 90;
  // Counted in SQL per hour of history and per minute of the window (a city's 90 days are millions
  // of letters); each bucket becomes `n` references to one Date, which is all detectAlerts needs.
  const winStart = new Date(now.getTime() - days * 86400_000);
  const r = await deps.store.query<{ district: string | null; category: string | null; at: Date; n: number }>(
    `SELECT district, category, greatest(date_trunc(CASE WHEN received_at < $2 THEN 'hour' ELSE 'minute' END, received_at),
                                         CASE WHEN received_at < $2 THEN $1 ELSE $2 END) AS at, count(*) AS n
       FROM cases WHERE received_at >= $1 AND received_at <= $3 AND status <> 'merged' GROUP BY 1, 2, 3`,
    [new Date(winStart.getTime() - historyDays * 86400_000), winStart, now]);
  const series = new Map<string, { key: { district: string | null; category: string | null; hotspotId?: string }; events: Date[] }>();
  for (const c of r.rows) {
    const k = `${c.district}|${c.category}`;
    if (!series.get(k)) series.set(k, { key: { district: c.district, category: c.category }, events: [] });
    const events = series.get(k)!.events;
    for (let i = 0; i < c.n; i++) events.push(c.at);
  }
  const groups = await hotspots(deps, Math.max(days, 7));
  if (groups.length) {
    const at = new Map<number, Date>();
    for (const c of await deps.store.query<{ id: number; received_at: Date }>('SELECT id, received_at FROM cases WHERE id = ANY($1::bigint[])', [groups.flatMap((g) => g.caseIds)]).then((x) => x.rows)) at.set(c.id, c.received_at);
    for (const g of groups) series.set(`hs:${g.id}`, { key: { district: g.district, category: g.category, hotspotId: g.id }, events: g.caseIds.map((id) => at.get(id)!).filter(Boolean) });
  }
  return detectAlerts([...series.values()], { now, days, historyDays }).map((a) => ({
    ...a, since: iso(a.since), ratio: Math.round(a.ratio * 100) / 100, baseline: Math.round(a.baseline * 100) / 100,
  }));
}

export async function createCampaign(deps: Deps, actor: StaffActor, input: { title: string; caseIds: number[]; unitCode: string; hotspotId?: string }) {
  const catalog = await deps.catalog.get();
  if (!catalog.units.has(input.unitCode)) throw badRequest('unitCode', `单位“${input.unitCode}”不存在`);
  const ids = [...new Set(input.caseIds)];
  return deps.store.transaction(async (tx) => {
    const found = await tx.query<{ id: number }>("SELECT id FROM cases WHERE id = ANY($1::bigint[]) AND status <> 'merged'", [ids]);
    if (found.rows.length !== ids.length) throw badRequest('caseIds', '有案件不存在或已并案');
    // The group's profile lets new letters about the same problem join the campaign.
    const letters = await lettersByIds(tx, ids);
    // The largest group among the chosen letters, at the usual threshold, is what later letters must resemble.
    const group = groupHotspots(letters, tokenize, { minSize: 1, days: 100_000, now: deps.clock.now() }).sort((a, b) => b.size - a.size)[0];
    const now = deps.clock.now();
    const c = await tx.query<{ id: number }>(
      'INSERT INTO campaigns (title, unit_code, hotspot_id, profile, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [input.title, input.unitCode, input.hotspotId ?? null, group ? JSON.stringify(group.profile) : null, actor.userId, now]);
    const id = c.rows[0].id;
    // In id order: each case's event takes its row lock (the audit trail), so two transactions over
    // the same cases take them in one order.
    for (const caseId of [...ids].sort((a, b) => a - b)) {
      await tx.query('INSERT INTO campaign_cases (campaign_id, case_id, joined_at) VALUES ($1, $2, $3)', [id, caseId, now]);
      await addEvent(tx, { caseId, at: now, actor, actorLabel: actorLabel(actor), action: 'campaign_joined', data: { campaignId: id, title: input.title } });
      await notifyCaseChanged(tx, caseId, 'campaign');
    }
    return { id, title: input.title, unitCode: input.unitCode, caseIds: ids };
  });
}

/** Feedback of a special action: one message to every linked writer, one event on every linked case. */
export async function campaignFeedback(deps: Deps, actor: StaffActor, campaignId: number, content: string) {
  return deps.store.transaction(async (tx) => {
    // Locked, so that a feedback and a close of the same campaign happen one after the other.
    const camp = (await tx.query<{ title: string; status: string }>('SELECT title, status FROM campaigns WHERE id = $1 FOR UPDATE', [campaignId])).rows[0];
    if (!camp) throw notFound(`专项 ${campaignId} `);
    if (camp.status !== 'open') throw conflict(`专项“${camp.title}”已结束，不能再发送反馈`, 'campaign_closed');
    const now = deps.clock.now();
    const r = await tx.query<{ id: number; number: string; phone: string | null }>(
      `SELECT c.id, c.number, COALESCE(z.phone, c.citizen_phone) AS phone FROM campaign_cases cc
         JOIN cases c ON c.id = cc.case_id LEFT JOIN citizens z ON z.id = c.citizen_id WHERE cc.campaign_id = $1 ORDER BY c.id`, [campaignId]);
    for (const c of r.rows) {
      await addEvent(tx, { caseId: c.id, at: now, actor, actorLabel: actorLabel(actor), action: 'feedback', data: { content, campaignId } });
      if (c.phone) await deps.messages.send(tx, { to: vault().open('phone', c.phone), channel: 'sms', caseId: c.id, text: `【局长信箱】您的来信（编号${c.number}）已纳入专项“${camp.title}”，办理反馈：${content.slice(0, 200)}` }, now);
      await notifyCaseChanged(tx, c.id, 'feedback');
    }
    await tx.query('UPDATE campaigns SET last_feedback_at = $2 WHERE id = $1', [campaignId, now]);
    return { reached: r.rows.length };
  });
}

type CampaignRow = { id: number; title: string; unit_code: string; status: string; hotspot_id: string | null; created_at: Date; closed_at: Date | null; last_feedback_at: Date | null; size: string | number };
const CAMPAIGN_COLUMNS = `k.id, k.title, k.unit_code, k.status, k.hotspot_id, k.created_at, k.closed_at, k.last_feedback_at,
  (SELECT count(*) FROM campaign_cases cc WHERE cc.campaign_id = k.id) AS size`;

const presentCampaign = (k: CampaignRow) => ({
  id: Number(k.id), title: k.title, unitCode: k.unit_code, status: k.status, createdAt: iso(k.created_at),
  size: Number(k.size), lastFeedbackAt: iso(k.last_feedback_at), closedAt: iso(k.closed_at),
});

/** The center (and viewers) see every campaign; unit staff those their unit handles. Null: all. */
function campaignUnitScope(actor: StaffActor): string | null {
  const everyCampaign = actor.roles.some((r) => r === 'admin' || r === 'dispatcher' || r === 'reviewer' || r === 'viewer');
  return everyCampaign ? null : actor.unitCode ?? '';
}

/** Special actions, newest first. */
export async function listCampaigns(deps: Deps, actor: StaffActor) {
  const unit = campaignUnitScope(actor);
  const r = await deps.store.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns k WHERE ($1::text IS NULL OR k.unit_code = $1) ORDER BY k.created_at DESC, k.id DESC LIMIT 1000`, [unit]);
  return r.rows.map(presentCampaign);
}

/** One campaign with its letters (number, title, status — never who wrote them); a campaign out of scope is a 404. */
export async function getCampaign(deps: Deps, actor: StaffActor, id: number) {
  const unit = campaignUnitScope(actor);
  const k = (await deps.store.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns k WHERE k.id = $1 AND ($2::text IS NULL OR k.unit_code = $2)`, [id, unit])).rows[0];
  if (!k) throw notFound(`专项 ${id} `);
  const cases = await deps.store.query<{ id: number; number: string; title: string; status: string; confidential: boolean; joined_at: Date }>(
    `SELECT c.id, c.number, c.title, c.status, c.confidential, cc.joined_at FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id
      WHERE cc.campaign_id = $1 ORDER BY cc.joined_at, c.id`, [id]);
  // A confidential letter (complaints about police conduct) keeps its words from the units.
  const center = isCenter(actor) || hasRole(actor, 'viewer');
  return {
    ...presentCampaign(k), hotspotId: k.hotspot_id,
    cases: cases.rows.map((c) => ({ id: Number(c.id), number: c.number, title: c.confidential && !center ? null : c.title, status: c.status, joinedAt: iso(c.joined_at) })),
  };
}

/** 结束专项: no more letters join it and no more feedback goes out; each linked case records the end. */
export async function closeCampaign(deps: Deps, actor: StaffActor, id: number) {
  return deps.store.transaction(async (tx) => {
    const camp = (await tx.query<{ title: string; status: string }>('SELECT title, status FROM campaigns WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!camp) throw notFound(`专项 ${id} `);
    if (camp.status !== 'open') throw conflict(`专项“${camp.title}”已结束`, 'campaign_closed');
    const now = deps.clock.now();
    await tx.query("UPDATE campaigns SET status = 'closed', closed_at = $2, closed_by = $3 WHERE id = $1", [id, now, actor.userId]);
    const linked = await tx.query<{ case_id: number }>('SELECT case_id FROM campaign_cases WHERE campaign_id = $1 ORDER BY case_id', [id]);
    for (const { case_id } of linked.rows) {
      await addEvent(tx, { caseId: case_id, at: now, actor, actorLabel: actorLabel(actor), action: 'campaign_closed', data: { campaignId: id, title: camp.title } });
      await notifyCaseChanged(tx, case_id, 'campaign');
    }
    const k = (await tx.query<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns k WHERE k.id = $1`, [id])).rows[0];
    return presentCampaign(k);
  });
}

/** At intake: a new letter about the problem of an open campaign joins it. */
export async function joinOpenCampaign(tx: Queryable, caseId: number, letter: { text: string; district: string | null; category: string | null; address: string | null }, at: Date): Promise<number | null> {
  const open = await tx.query<{ id: number; profile: any }>("SELECT id, profile FROM campaigns WHERE status = 'open' AND profile IS NOT NULL");
  if (!open.rows.length) return null;
  const m = matchHotspot({ ...letter, place: placeOf(`${letter.address ?? ''} ${letter.text}`) }, open.rows.map((c) => ({ id: String(c.id), profile: c.profile })), tokenize);
  if (!m) return null;
  // A campaign being closed at this moment takes in nothing: the share lock waits for the close and then sees it.
  const still = await tx.query("SELECT 1 FROM campaigns WHERE id = $1 AND status = 'open' FOR SHARE", [Number(m.hotspotId)]);
  if (!still.rows.length) return null;
  await tx.query('INSERT INTO campaign_cases (campaign_id, case_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [Number(m.hotspotId), caseId, at]);
  return Number(m.hotspotId);
}

type StoredAlertRow = {
  id: number; key: string; day: string | Date; district: string | null; category: string | null; hotspot_id: string | null;
  ratio: number; count: number; baseline: number; since: Date | null; evidence: unknown; raised_at: Date;
};

/** Early warnings the daily job raised (jobs/alertJob.ts) in the last `days` days, newest first. */
export async function alertHistory(deps: Deps, days: number) {
  const since = new Date(deps.clock.now().getTime() - days * 86400_000);
  const r = await deps.store.query<StoredAlertRow>(
    `SELECT id, key, day::text AS day, district, category, hotspot_id, ratio, count, baseline, since, evidence, raised_at
       FROM alerts WHERE raised_at >= $1 ORDER BY raised_at DESC, id DESC LIMIT 2000`, [since]);
  return r.rows.map((a) => ({
    id: Number(a.id), key: a.key, day: String(a.day).slice(0, 10), district: a.district, category: a.category, hotspotId: a.hotspot_id,
    current: Number(a.count), baseline: Number(a.baseline), ratio: Number(a.ratio), since: iso(a.since), raisedAt: iso(a.raised_at), evidence: a.evidence,
  }));
}
