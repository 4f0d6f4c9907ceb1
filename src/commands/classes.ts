// 以个案带动类案: hot issues (groups of letters about one problem), special actions (专项) that
// handle a group together, and early warnings (未诉先办). The algorithms are pure (domain/hotspots.ts,
// domain/alerts.ts); this file loads the letters, caches the costly grouping and stores campaigns.
import type { Deps } from './deps.js';
import type { StaffActor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { groupHotspots, matchHotspot, type Hotspot, type LetterForGrouping } from '../domain/hotspots.js';
import { detectAlerts } from '../domain/alerts.js';
import { segment } from '../domain/text/lexicon.js';
import { findPlaces } from '../domain/text/gazetteer.js';
import { addEvent } from '../store/cases.js';
import { notifyCaseChanged } from '../store/changes.js';
import type { Queryable } from '../store/db.js';
import { badRequest } from '../http/errors.js';
import { iso } from '../presenters/casePresenter.js';

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
  const r = await deps.store.query<{ district: string | null; category: string | null; received_at: Date }>(
    `SELECT district, category, received_at FROM cases WHERE received_at >= $1 AND received_at <= $2 AND status <> 'merged'`,
    [new Date(now.getTime() - (historyDays + days) * 86400_000), now]);
  const series = new Map<string, { key: { district: string | null; category: string | null; hotspotId?: string }; events: Date[] }>();
  for (const c of r.rows) {
    const k = `${c.district}|${c.category}`;
    if (!series.get(k)) series.set(k, { key: { district: c.district, category: c.category }, events: [] });
    series.get(k)!.events.push(c.received_at);
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
    for (const caseId of ids) {
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
    const camp = (await tx.query<{ title: string }>('SELECT title FROM campaigns WHERE id = $1', [campaignId])).rows[0];
    if (!camp) throw badRequest('id', `专项 ${campaignId} 不存在`);
    const now = deps.clock.now();
    const r = await tx.query<{ id: number; number: string; phone: string | null }>(
      `SELECT c.id, c.number, COALESCE(z.phone, c.citizen_phone) AS phone FROM campaign_cases cc
         JOIN cases c ON c.id = cc.case_id LEFT JOIN citizens z ON z.id = c.citizen_id WHERE cc.campaign_id = $1`, [campaignId]);
    for (const c of r.rows) {
      await addEvent(tx, { caseId: c.id, at: now, actor, actorLabel: actorLabel(actor), action: 'feedback', data: { content, campaignId } });
      if (c.phone) await deps.messages.send(tx, { to: c.phone, channel: 'sms', caseId: c.id, text: `【局长信箱】您的来信（编号${c.number}）已纳入专项“${camp.title}”，办理反馈：${content.slice(0, 200)}` }, now);
      await notifyCaseChanged(tx, c.id, 'feedback');
    }
    return { reached: r.rows.length };
  });
}

/** At intake: a new letter about the problem of an open campaign joins it. */
export async function joinOpenCampaign(tx: Queryable, caseId: number, letter: { text: string; district: string | null; category: string | null; address: string | null }, at: Date): Promise<number | null> {
  const open = await tx.query<{ id: number; profile: any }>("SELECT id, profile FROM campaigns WHERE status = 'open' AND profile IS NOT NULL");
  if (!open.rows.length) return null;
  const m = matchHotspot({ ...letter, place: placeOf(`${letter.address ?? ''} ${letter.text}`) }, open.rows.map((c) => ({ id: String(c.id), profile: c.profile })), tokenize);
  if (!m) return null;
  await tx.query('INSERT INTO campaign_cases (campaign_id, case_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [Number(m.hotspotId), caseId, at]);
  return Number(m.hotspotId);
}
