// Reading and writing cases, their limits and their events. Unit scoping lives in the queries
// themselves (caseScope), so a unit's query cannot return another unit's case.
import type { Queryable } from './db.js';
import { Params } from './sql.js';
import type { Actor } from '../policies/actor.js';
import { isCenter, hasRole } from '../policies/actor.js';
import type { CaseStatus } from '../domain/caseMachine.js';
import type { LimitKind, Priority } from '../domain/timeLimits.js';

export interface CaseRow {
  id: number;
  number: string;
  channel: string;
  external_id: string | null;
  citizen_id: number | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  type: string;
  category: string | null;
  title: string;
  content: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  district: string | null;
  priority: Priority;
  confidential: boolean;
  status: CaseStatus;
  unit_code: string | null;
  co_unit_codes: string[];
  received_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  contacted_at: Date | null;
  reported_at: Date | null;
  reviewed_at: Date | null;
  closed_at: Date | null;
  merged_into: number | null;
  report_outcome: string | null;
  report_content: string | null;
  extension_pending: { days: number; reason: string; requestedBy: string; at: string } | null;
  returns: number;
  reopens: number;
  eval_reached: boolean | null;
  eval_resolved: boolean | null;
  eval_satisfaction: string | null;
  eval_at: Date | null;
  consent_to_publish: boolean;
  suggestion: Record<string, any> | null;
  updated_at: Date;
}

export interface LimitRow {
  case_id: number;
  kind: LimitKind;
  round: number;
  started_at: Date;
  due_at: Date;
  warn_at: Date;
  done_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
  missed: boolean;
}

export interface EventRow {
  id: number;
  case_id: number;
  at: Date;
  actor_kind: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  note: string | null;
  data: Record<string, any> | null;
}

/**
 * The WHERE condition that limits cases to what an actor may see. Center roles see all; unit
 * staff see their unit's cases as main or co-handling unit; everyone else sees none.
 */
export function caseScope(actor: Actor, p: Params, alias = 'c'): string {
  if (isCenter(actor)) return 'TRUE';
  if (hasRole(actor, 'officer', 'unit_leader') && actor.unitCode) {
    const u = p.add(actor.unitCode);
    return `(${alias}.unit_code = ${u} OR ${u} = ANY(${alias}.co_unit_codes))`;
  }
  return 'FALSE';
}

/** Loads a case the actor may see; null otherwise. `forUpdate` locks it for the rest of the transaction. */
export async function loadVisibleCase(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<CaseRow | null> {
  const p = new Params();
  const idp = p.add(id);
  const r = await db.query<CaseRow>(
    `SELECT c.* FROM cases c WHERE c.id = ${idp} AND ${caseScope(actor, p)}${forUpdate ? ' FOR UPDATE' : ''}`,
    p.values,
  );
  return r.rows[0] ?? null;
}

export async function loadLimits(db: Queryable, caseId: number): Promise<LimitRow[]> {
  return (await db.query<LimitRow>('SELECT * FROM case_limits WHERE case_id = $1', [caseId])).rows;
}

export async function loadEvents(db: Queryable, caseId: number): Promise<EventRow[]> {
  // Not the trail's hash columns (migrations/008_trail.sql): nobody above the verifier reads them.
  return (await db.query<EventRow>(
    'SELECT id, case_id, at, actor_kind, actor_id, actor_label, action, note, data FROM case_events WHERE case_id = $1 ORDER BY id', [caseId])).rows;
}

export interface NewEvent {
  caseId: number | null;
  at: Date;
  actor: Actor;
  action: string;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export async function addEvent(db: Queryable, e: NewEvent & { actorLabel: string }): Promise<void> {
  const a = e.actor;
  await db.exec(
    `INSERT INTO case_events (case_id, at, actor_kind, actor_id, actor_label, action, note, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.caseId, e.at, a.kind,
      a.kind === 'staff' ? a.userId : a.kind === 'citizen' ? a.citizenId : null,
      e.actorLabel, e.action, e.note ?? null, e.data ? JSON.stringify(e.data) : null,
    ],
    'add_event',
  );
}

/** Starts limits, or restarts them (round + 1), in one statement; a restart remembers a missed earlier round. */
export async function upsertLimits(db: Queryable, caseId: number, limits: { kind: LimitKind; startedAt: Date; dueAt: Date; warnAt: Date }[]): Promise<void> {
  if (!limits.length) return;
  const p = new Params();
  const c = p.add(caseId);
  const values = limits.map((l) => `(${c}, ${p.add(l.kind)}, 1, ${p.add(l.startedAt)}::timestamptz, ${p.add(l.dueAt)}::timestamptz, ${p.add(l.warnAt)}::timestamptz)`);
  await db.exec(
    `INSERT INTO case_limits (case_id, kind, round, started_at, due_at, warn_at) VALUES ${values.join(', ')}
     ON CONFLICT (case_id, kind) DO UPDATE SET round = case_limits.round + 1, started_at = EXCLUDED.started_at,
       due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at, done_at = NULL, warned_at = NULL, breached_at = NULL,
       missed = case_limits.missed OR case_limits.breached_at IS NOT NULL OR case_limits.done_at > case_limits.due_at`,
    p.values,
    `upsert_limits_${limits.length}`,
  );
}

/** Marks a running limit met; a limit already met keeps its first time. */
export async function completeLimit(db: Queryable, caseId: number, kind: LimitKind, at: Date): Promise<void> {
  await db.query('UPDATE case_limits SET done_at = $3 WHERE case_id = $1 AND kind = $2 AND done_at IS NULL', [caseId, kind, at]);
}
