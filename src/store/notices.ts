// Notices (催办, 督办, 预警) to a unit or the center: one insert for every job that raises them,
// written inside the caller's transaction so a notice exists exactly when its cause does.
import type { Queryable } from './db.js';

export interface NewNotice {
  /** The case it is about; null for a notice about many cases (an early warning). */
  caseId: number | null;
  /** reminder | escalation | supervision | alert */
  kind: string;
  /** The time limit it is about (sign, contact …), or what else raised it ('alert'). */
  limitKind: string;
  toUnit: string;
  toRole: string | null;
  text: string;
  at: Date;
  /** The stored early warning (alerts.id) of an 'alert' notice. */
  alertId?: number | null;
}

export async function insertNotice(tx: Queryable, n: NewNotice): Promise<void> {
  await tx.query(
    'INSERT INTO notices (case_id, kind, limit_kind, to_unit, to_role, text, created_at, alert_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [n.caseId, n.kind, n.limitKind, n.toUnit, n.toRole, n.text, n.at, n.alertId ?? null]);
}

/** Many notices in one statement (the watcher raises hundreds at once). */
export async function insertNotices(tx: Queryable, ns: NewNotice[]): Promise<void> {
  if (!ns.length) return;
  await tx.query(
    `INSERT INTO notices (case_id, kind, limit_kind, to_unit, to_role, text, created_at, alert_id)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::bigint[])`,
    [ns.map((n) => n.caseId), ns.map((n) => n.kind), ns.map((n) => n.limitKind), ns.map((n) => n.toUnit), ns.map((n) => n.toRole),
      ns.map((n) => n.text), ns.map((n) => n.at), ns.map((n) => n.alertId ?? null)]);
}
