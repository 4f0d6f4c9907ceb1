// 接: a letter becomes a case — a number, its time limits, its first event and the writer's
// acknowledgement, all in one transaction. Repeats (same idempotency key, same external id)
// return the case that exists and create nothing.
import type { Deps } from './deps.js';
import type { Queryable } from '../store/db.js';
import type { CitizenActor, Actor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import type { Catalog } from '../store/catalog.js';
import { addEvent, type CaseRow } from '../store/cases.js';
import { startLimits } from './limits.js';
import { districtFromText, routeUnit } from '../domain/organisation.js';
import { localDateString, formatLocalIso } from '../domain/calendar.js';
import type { Priority } from '../domain/timeLimits.js';
import { badRequest } from '../http/errors.js';
import { phoneIndex, vault } from '../store/vault.js';
import { notifyCaseChanged } from '../store/changes.js';
import { joinOpenCampaign } from './classes.js';
import { fingerprint } from '../domain/text/fingerprint.js';

export interface NewCase {
  channel: string;
  type: string;
  category?: string | null;
  title: string;
  content: string;
  address?: string | null;
  location?: { lat: number; lng: number } | null;
  priority?: Priority;
  citizenId?: number | null;
  citizenName?: string | null;
  citizenPhone?: string | null;
  externalId?: string | null;
  idempotencyKey?: string | null;
  attachmentIds?: string[];
  /** What an integration channel said about the letter (its own reception time, …), kept in the first event. */
  channelData?: Record<string, unknown>;
}

export interface Created { row: CaseRow; deadlines: Record<string, Date>; replayed: boolean }

/** The suggestion that travels with a case until the router (direct dispatch) exists: the category's route. */
export function suggestRoute(catalog: Catalog, category: string | null | undefined, district: string | null) {
  const cat = category ? catalog.categories.get(category) : undefined;
  if (!cat) return null;
  return { category: cat.code, district, unitCode: routeUnit(cat.routeTo, district) };
}

function validate(catalog: Catalog, n: NewCase) {
  if (!catalog.channels.has(n.channel)) throw badRequest('channel', `渠道“${n.channel}”不存在`);
  if (!catalog.appealTypes.has(n.type)) throw badRequest('type', `诉求类型“${n.type}”不存在，可选：${[...catalog.appealTypes.keys()].join('、')}`);
  if (n.category != null && !catalog.categories.has(n.category)) throw badRequest('category', `类别“${n.category}”不存在`);
}

async function findExisting(tx: Queryable, n: NewCase): Promise<CaseRow | null> {
  if (n.externalId) {
    const r = await tx.query<CaseRow>('SELECT * FROM cases WHERE channel = $1 AND external_id = $2', [n.channel, n.externalId]);
    return r.rows[0] ?? null;
  }
  if (n.idempotencyKey && n.citizenId) {
    const r = await tx.query<CaseRow>('SELECT * FROM cases WHERE citizen_id = $1 AND idempotency_key = $2', [n.citizenId, n.idempotencyKey]);
    return r.rows[0] ?? null;
  }
  return null;
}

async function deadlinesOf(tx: Queryable, id: number): Promise<Record<string, Date>> {
  const r = await tx.query<{ kind: string; due_at: Date }>('SELECT kind, due_at FROM case_limits WHERE case_id = $1', [id]);
  return Object.fromEntries(r.rows.map((x) => [x.kind, x.due_at]));
}

export async function createCase(deps: Deps, actor: Actor, n: NewCase): Promise<Created> {
  const catalog = await deps.catalog.get();
  validate(catalog, n);
  const threshold = catalog.router.autoDispatchThreshold;
  const run = () => deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const routed = deps.router?.suggest(catalog, threshold, { title: n.title, content: n.content, address: n.address, location: n.location });
    const district = routed?.district ?? districtFromText(`${n.address ?? ''} ${n.title} ${n.content}`, catalog.districts);
    const confidential = n.channel === '12389' || !!(n.category && catalog.categories.get(n.category)?.confidential);
    const priority: Priority = n.priority ?? 'normal';
    // The common path is one INSERT; a repeat (same key or external id) inserts nothing and reads the original.
    const conflictTarget = n.externalId ? 'ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING'
      : n.idempotencyKey && n.citizenId ? 'ON CONFLICT (citizen_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING' : '';
    const inserted = await tx.query<CaseRow>(
      `INSERT INTO cases (number, channel, external_id, idempotency_key, citizen_id, citizen_name, citizen_phone, citizen_phone_hash, type, category,
                          title, content, address, lat, lng, district, priority, confidential, status, received_at, updated_at, suggestion, terms)
       VALUES ($1 || lpad(nextval('case_number_seq')::text, 6, '0'), $2, $3, $4, $5, $6, $7, $21, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               'received', $18, $18, $19, $20)
       ${conflictTarget} RETURNING *`,
      [`JB${localDateString(now).replaceAll('-', '')}`, n.channel, n.externalId ?? null, n.idempotencyKey ?? null, n.citizenId ?? null,
        vault().seal('name', n.citizenName), vault().seal('phone', n.citizenPhone), n.type, n.category ?? null, n.title, n.content, n.address ?? null,
        n.location?.lat ?? null, n.location?.lng ?? null, district, priority, confidential, now, routed ? JSON.stringify(routed) : null,
        fingerprint(`${n.title} ${n.content} ${n.address ?? ''}`), n.citizenPhone ? phoneIndex(n.citizenPhone) : null],
    );
    const row = inserted.rows[0];
    if (!row) {
      const existing = (await findExisting(tx, n))!;
      return { row: existing, deadlines: await deadlinesOf(tx, existing.id), replayed: true };
    }
    const number = row.number;

    if (n.attachmentIds?.length) {
      const ids = [...new Set(n.attachmentIds)];
      const r = await tx.query(
        `UPDATE attachments SET case_id = $1 WHERE id = ANY($2::uuid[]) AND case_id IS NULL AND uploader_kind = $3 AND uploader_id = $4`,
        [row.id, ids, actor.kind, actor.kind === 'citizen' ? actor.citizenId : actor.kind === 'staff' ? actor.userId : 0]);
      // Rolls the whole letter back: a photo that is not the writer's own, or is already used, is an input error.
      if (r.rowCount !== ids.length) throw badRequest('attachmentIds', '有附件不存在、不属于您或已被使用');
    }

    const deadlines = await startLimits(tx, catalog, row, ['sign', 'contact', 'firstFeedback', 'close'], now);
    await addEvent(tx, {
      caseId: row.id, at: now, actor, actorLabel: actorLabel(actor), action: 'received',
      data: { channel: n.channel, ...n.channelData, suggestion: suggestRoute(catalog, n.category, district) },
    });
    const phone = n.citizenPhone ?? (actor.kind === 'citizen' ? (actor as CitizenActor).phone : null);
    if (phone) {
      await deps.messages.send(tx, { to: phone, channel: 'sms', caseId: row.id,
        text: `【局长信箱】您的来信已受理，编号${number}。我们将于${shortLocal(deadlines.sign)}前签收，${shortLocal(deadlines.contact)}前与您联系，${shortLocal(deadlines.firstFeedback)}前首次反馈。` }, now);
    }
    // 直派: a confident suggestion goes straight to its unit (only where the writer's own category, if any, agrees).
    if (routed?.direct && (!n.category || n.category === routed.category!.code)) {
      const unitName = catalog.units.get(routed.unitCode!)?.name ?? routed.unitCode;
      await tx.query(`UPDATE cases SET status = 'dispatched', unit_code = $2, category = $3, dispatched_at = $4 WHERE id = $1`,
        [row.id, routed.unitCode, routed.category!.code, now], 'intake_direct');
      await addEvent(tx, {
        caseId: row.id, at: now, actor: { kind: 'system', label: '智能分派' }, actorLabel: '智能分派', action: 'dispatched',
        note: `直派：置信度 ${routed.category!.confidence}，依据：${routed.explanation.map((e) => e.term).join('、')}`,
        data: { unitCode: routed.unitCode, unitName, category: routed.category!.code, auto: true, confidence: routed.category!.confidence, explanation: routed.explanation },
      });
      row.status = 'dispatched';
      row.unit_code = routed.unitCode;
    }
    const campaign = await joinOpenCampaign(tx, row.id, { text: `${n.title} ${n.content}`, district, category: n.category ?? null, address: n.address ?? null }, now);
    if (campaign) {
      await addEvent(tx, { caseId: row.id, at: now, actor: { kind: 'system', label: '类案匹配' }, actorLabel: '类案匹配', action: 'campaign_joined', data: { campaignId: campaign } });
    }
    await notifyCaseChanged(tx, row.id, 'received');
    return { row, deadlines, replayed: false };
  });
  return run();
}

/** '11月27日 21:48' in China time, for short messages. */
function shortLocal(d: Date): string {
  const [, m, day, hh, mm] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(formatLocalIso(d))!;
  return `${Number(m)}月${Number(day)}日 ${hh}:${mm}`;
}
