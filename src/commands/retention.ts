// Retention of personal data (issue 7): finished cases older than RETENTION_DAYS are anonymised, and
// citizens with no case left and not seen for as long are deleted (the rule: domain/retention.ts).
// A citizen's own request for deletion (commands/citizenData.ts) anonymises their cases through
// anonymiseLockedCases below — one code path for both.
//
// Exactly once across processes: each batch takes its cases FOR UPDATE SKIP LOCKED under the
// condition `anonymised_at IS NULL`, which PostgreSQL re-checks on the row it locks; the change, its
// trail event and the deletions are one transaction. Two processes never take the same case, and a
// case anonymised by one is no longer due for the other.
//
// What stays: the case row with its status, unit, category, district, type, dates and evaluation
// (what the figures are made of — none of the columns the figure triggers of migration 007 watch is
// touched, so no figure moves), the anonymised texts, and the case's trail (case_events is
// append-only and hash-chained: it is the legally required record of what was done).
import type { Deps } from './deps.js';
import type { Queryable, Store } from '../store/db.js';
import { notifyCasesChanged } from '../store/changes.js';
import { addEvent } from '../store/cases.js';
import type { SystemActor } from '../policies/actor.js';
import { phoneIndex, recipientIndex, vault } from '../store/vault.js';
import { fingerprint } from '../domain/text/fingerprint.js';
import { anonymise } from '../domain/text/redact.js';
import {
  anonymiseCaseTexts, coarseCoordinate, personLikeLabel, retentionCutoff, type AnonymiseReason,
} from '../domain/retention.js';

/** Cases (or citizens) per transaction. */
export const RETENTION_BATCH = 500;

/** Who writes the `anonymised` events: the system, as the time-limit watcher writes its own. */
export const RETENTION_ACTOR_LABEL = '个人信息保护';
const SYSTEM: SystemActor = { kind: 'system', label: RETENTION_ACTOR_LABEL };

/**
 * domain/retention.ts retentionStart in SQL — written exactly as the partial index of migration 012
 * (cases_retention_idx) holds it, so that the due cases are read from that index.
 */
const RETENTION_START = `(CASE WHEN status = 'merged' THEN updated_at ELSE COALESCE(closed_at, updated_at) END)`;

/** The columns anonymiseLockedCases reads of each case. */
export const ANONYMISE_COLUMNS = 'id, citizen_id, citizen_name, title, content, address, report_content, lat, lng';
export interface CaseToAnonymise {
  id: number | string;
  citizen_id: number | string | null;
  citizen_name: string | null;
  title: string;
  content: string;
  address: string | null;
  report_content: string | null;
  lat: number | null;
  lng: number | null;
}

const NOTES: Record<AnonymiseReason, string> = {
  retention: '办结已超过个人信息保存期限，来信人的个人信息已删除，正文已匿名化',
  request: '应来信人申请，来信人的个人信息已删除，正文已匿名化',
};

/**
 * Anonymises cases the caller holds locked (FOR UPDATE, in this transaction) and not yet anonymised:
 * the writer's name, phone and citizen link emptied; title, content, address and report anonymised
 * with the writers' names (this letter's, and those merged into it) and the handling staff's; the
 * place coarsened; the similar-letter words recomputed from the anonymised text; the attachments,
 * the messages of the case and the thank-you letters' link to their writer removed; anonymised_at
 * set; one `anonymised` event per case. Returns how many cases were anonymised.
 */
export async function anonymiseLockedCases(tx: Queryable, rows: CaseToAnonymise[], reason: AnonymiseReason, now: Date): Promise<number> {
  if (!rows.length) return 0;
  const v = vault();
  const ids = rows.map((r) => Number(r.id));
  // One statement after another: a transaction is one connection.
  // The writers of the letters merged into these cases (cases_merged_into_idx), their citizen's name first.
  const writers = await tx.query<{ target: string; name: string | null }>(
    `SELECT x.merged_into AS target, COALESCE(z.name, x.citizen_name) AS name
       FROM cases x LEFT JOIN citizens z ON z.id = x.citizen_id
      WHERE x.merged_into = ANY($1::bigint[])`, [ids]);
  const staff = await tx.query<{ case_id: string; label: string }>(
    "SELECT DISTINCT case_id, actor_label AS label FROM case_events WHERE case_id = ANY($1::bigint[]) AND actor_kind = 'staff'", [ids]);
  const thanks = await tx.query<{ id: string; case_id: string; content: string }>('SELECT id, case_id, content FROM thanks WHERE case_id = ANY($1::bigint[])', [ids]);
  const own = rows.some((r) => r.citizen_id !== null)
    ? (await tx.query<{ id: string; name: string }>('SELECT id, name FROM citizens WHERE id = ANY($1::bigint[])',
      [[...new Set(rows.filter((r) => r.citizen_id !== null).map((r) => Number(r.citizen_id)))]])).rows
    : [];
  const citizenName = new Map(own.map((z) => [Number(z.id), z.name]));
  const names = new Map<number, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  const add = (id: number, sealed: string | null | undefined) => {
    const n = v.open('name', sealed ?? null);
    if (n) names.get(id)?.add(n);
  };
  for (const r of rows) {
    add(Number(r.id), r.citizen_name);
    if (r.citizen_id !== null) add(Number(r.id), citizenName.get(Number(r.citizen_id)));
  }
  for (const w of writers.rows) add(Number(w.target), w.name);
  const others = new Map<number, string[]>();
  for (const s of staff.rows) if (personLikeLabel(s.label)) others.set(Number(s.case_id), [...(others.get(Number(s.case_id)) ?? []), s.label]);

  const out = rows.map((r) => {
    const id = Number(r.id);
    const t = anonymiseCaseTexts(
      { title: r.title, content: r.content, address: r.address, reportContent: r.report_content },
      { names: [...names.get(id)!], otherNames: others.get(id) ?? [] });
    return { id, ...t, lat: coarseCoordinate(r.lat), lng: coarseCoordinate(r.lng), terms: `{${fingerprint(`${t.title} ${t.content} ${t.address ?? ''}`).join(',')}}` };
  });
  // Only columns the figure triggers (migration 007) do not watch: no figure moves.
  const updated = await tx.query<{ id: string }>(
    `UPDATE cases x SET citizen_id = NULL, citizen_name = NULL, citizen_phone = NULL,
            title = u.title, content = u.content, address = u.address, report_content = u.report,
            lat = u.lat, lng = u.lng, terms = u.terms::int[], suggestion = x.suggestion - 'explanation' - 'districtEvidence', anonymised_at = $9
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::text[])
              AS u(id, title, content, address, report, lat, lng, terms)
      WHERE x.id = u.id AND x.anonymised_at IS NULL
      RETURNING x.id`,
    [out.map((o) => o.id), out.map((o) => o.title), out.map((o) => o.content), out.map((o) => o.address), out.map((o) => o.reportContent),
      out.map((o) => o.lat), out.map((o) => o.lng), out.map((o) => o.terms), now]);
  const done = updated.rows.map((r) => Number(r.id));
  if (!done.length) return 0;
  const doneSet = new Set(done);

  // Thank-you letters stay (they are counted in the figures), without their writer and anonymised.
  const thanksOf = thanks.rows.filter((x) => doneSet.has(Number(x.case_id)));
  if (thanksOf.length) {
    await tx.query(
      `UPDATE thanks t SET citizen_id = NULL, content = u.content FROM unnest($1::bigint[], $2::text[]) AS u(id, content) WHERE t.id = u.id`,
      [thanksOf.map((x) => Number(x.id)), thanksOf.map((x) => anonymise(x.content, { names: [...names.get(Number(x.case_id))!], otherNames: others.get(Number(x.case_id)) ?? [] }))]);
  }
  const gone = await tx.query<{ case_id: string; n: string }>(
    'WITH d AS (DELETE FROM attachments WHERE case_id = ANY($1::bigint[]) RETURNING case_id) SELECT case_id, count(*) AS n FROM d GROUP BY case_id', [done]);
  const photos = new Map(gone.rows.map((g) => [Number(g.case_id), Number(g.n)]));
  // The record of the messages sent about these cases (sealed recipient, texts that may name the writer).
  await tx.exec('DELETE FROM messages WHERE case_id = ANY($1::bigint[])', [done]);
  // One event per case, written by the system; the case rows are locked by this transaction already.
  await tx.exec(
    `INSERT INTO case_events (case_id, at, actor_kind, actor_label, action, note, data)
     SELECT u.id, $2, 'system', $3, 'anonymised', $4, u.data::jsonb FROM unnest($1::bigint[], $5::text[]) AS u(id, data)`,
    [done, now, RETENTION_ACTOR_LABEL, NOTES[reason], done.map((id) => JSON.stringify({ reason, attachmentsDeleted: photos.get(id) ?? 0 }))]);
  await notifyCasesChanged(tx, done, 'anonymised');
  return done.length;
}

/**
 * Deletes citizens the caller holds locked, once no case points at them: the link of their thank-you
 * letters, their unused uploads, their one-time codes and the messages sent to their phone, then the
 * row itself (their sessions go with it: ON DELETE CASCADE).
 */
export async function deleteLockedCitizens(tx: Queryable, rows: { id: number | string; phone: string }[]): Promise<number> {
  if (!rows.length) return 0;
  const ids = rows.map((r) => Number(r.id));
  const phones = rows.map((r) => vault().open('phone', r.phone)).filter((p): p is string => !!p);
  await tx.exec('UPDATE thanks SET citizen_id = NULL WHERE citizen_id = ANY($1::bigint[])', [ids]);
  await tx.exec("DELETE FROM attachments WHERE case_id IS NULL AND uploader_kind = 'citizen' AND uploader_id = ANY($1::bigint[])", [ids]);
  if (phones.length) {
    await tx.exec('DELETE FROM messages WHERE to_hash = ANY($1::text[])', [phones.map(recipientIndex)]);
    await tx.exec('DELETE FROM otp_codes WHERE phone_hash = ANY($1::text[])', [phones.map(phoneIndex)]);
  }
  const r = await tx.query('DELETE FROM citizens WHERE id = ANY($1::bigint[])', [ids]);
  return r.rowCount ?? ids.length;
}

export interface RetentionReport { anonymisedCases: number; deletedCitizens: number; cutoff: string | null; ms: number }

/**
 * One run of the rule: every due case anonymised, then every due citizen deleted, in batches of
 * RETENTION_BATCH per transaction until none is left. `days` ≤ 0: retention is off, nothing happens.
 * `now` defaults to the system's clock (the test clock when CLOCK_CONTROL=1).
 */
export async function applyRetention(deps: Pick<Deps, 'store' | 'clock'>, opts: { days: number; now?: Date; batch?: number }): Promise<RetentionReport> {
  const t0 = Date.now();
  let now = opts.now;
  if (!now) { await deps.clock.refresh(deps.store); now = deps.clock.now(); }
  const cutoff = retentionCutoff(now, opts.days);
  const report: RetentionReport = { anonymisedCases: 0, deletedCitizens: 0, cutoff: cutoff?.toISOString() ?? null, ms: 0 };
  if (!cutoff) return report;
  const batch = opts.batch ?? RETENTION_BATCH;
  report.anonymisedCases = await inBatches(deps.store, async (tx) => {
    const due = await tx.query<CaseToAnonymise>(
      `SELECT ${ANONYMISE_COLUMNS} FROM cases
        WHERE anonymised_at IS NULL AND status IN ('closed', 'merged') AND ${RETENTION_START} < $1
        ORDER BY ${RETENTION_START} LIMIT ${batch} FOR UPDATE SKIP LOCKED`, [cutoff]);
    return { taken: due.rows.length, done: await anonymiseLockedCases(tx, due.rows, 'retention', now!) };
  }, batch);
  report.deletedCitizens = await inBatches(deps.store, async (tx) => {
    const due = await tx.query<{ id: string; phone: string }>(
      `SELECT id, phone FROM citizens z
        WHERE updated_at < $1 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.citizen_id = z.id)
        ORDER BY updated_at LIMIT ${batch} FOR UPDATE SKIP LOCKED`, [cutoff]);
    const done = await deleteLockedCitizens(tx, due.rows);
    // Citizens have no trail of their own: the admin stream records how many went (no personal data).
    if (done) {
      await addEvent(tx, { caseId: null, at: now!, actor: SYSTEM, actorLabel: RETENTION_ACTOR_LABEL, action: 'citizens_deleted', data: { reason: 'retention', count: done } });
    }
    return { taken: due.rows.length, done };
  }, batch);
  report.ms = Date.now() - t0;
  return report;
}

/** Runs one transaction after another until a batch comes back short (nothing more is due, or the rest is another process's). */
async function inBatches(store: Store, one: (tx: Queryable) => Promise<{ taken: number; done: number }>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await store.transaction(one);
    total += r.done;
    // A short batch: nothing more is due. A full batch of which nothing changed cannot happen (each
    // taken row is due and locked), but must not turn into an endless loop either.
    if (r.taken < batch || r.done === 0) return total;
  }
}
