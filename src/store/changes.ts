// Case changes as PostgreSQL notifications: sent inside the changing transaction, so listeners
// hear of a change exactly when it commits, in every process on the database.
import type { Queryable } from './db.js';
import { statusSyncCte, SYNCED_CHANGES } from './outbox.js';

export const CASE_CHANNEL = 'case_changed';

export interface CaseChange { id: number | null; number: string | null; status: string | null; unit: string | null; co: string[]; citizen: number | null; kind: string }

/** Every change of a case: listeners (live pages) hear of it, and its channel's webhook gets it through the outbox. */
export async function notifyCaseChanged(tx: Queryable, caseId: number, kind = 'case'): Promise<void> {
  await notifyCasesChanged(tx, [caseId], kind);
}

/** Many cases changed at once (an import): listeners refresh their figures and lists. */
export async function notifyBulkChange(tx: Queryable, kind: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CASE_CHANNEL, JSON.stringify({ id: null, number: null, status: null, unit: null, co: [], citizen: null, kind })]);
}

/** Changes of many cases at once (the watcher's batches): one statement, one notification per case. */
export async function notifyCasesChanged(tx: Queryable, caseIds: number[], kind: string): Promise<void> {
  if (!caseIds.length) return;
  // One statement: the channels' status messages (outbox), the workers' wake-up and the live update —
  // or only the live update for an internal step. Two fixed statements rather than one with a flag, so
  // that PostgreSQL can keep one generic plan of each instead of planning the CTE again every time.
  const notice = `pg_notify($3, json_build_object('id', id, 'number', number, 'status', status, 'unit', unit_code,
              'co', co_unit_codes, 'citizen', citizen_id, 'kind', $2::text)::text)`;
  // One case (every action but the watcher's batches) by equality: an array's unknown length kept the
  // planner from ever settling on a generic plan.
  const one = caseIds.length === 1;
  const ids = one ? 'c.id = $1::bigint' : 'c.id = ANY($1::bigint[])';
  const first = one ? caseIds[0] : caseIds;
  const variant = one ? 'one' : 'many';
  if (SYNCED_CHANGES.has(kind)) {
    await tx.exec(`WITH ${statusSyncCte(ids)} SELECT ${notice}, (SELECT count(*) FROM woken) FROM cases c WHERE ${ids}`,
      [first, kind, CASE_CHANNEL], `notify_synced_${variant}`);
  } else {
    await tx.exec(`SELECT ${notice} FROM cases c WHERE ${ids}`, [first, kind, CASE_CHANNEL], `notify_${variant}`);
  }
}
