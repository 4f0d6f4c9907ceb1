// Starting a case's time limits from the policy and the holiday calendar of the catalog.
import type { Queryable } from '../store/db.js';
import type { Catalog } from '../store/catalog.js';
import { computeDue, resolveLimits, warnAtTime, type LimitKind, type Priority } from '../domain/timeLimits.js';
import { upsertLimits } from '../store/cases.js';

export interface LimitSubject { id: number; category: string | null; channel: string; priority: Priority }

export function dueFor(catalog: Catalog, c: Omit<LimitSubject, 'id'>, kind: LimitKind, start: Date): { due: Date; warn: Date } {
  const policy = catalog.timeLimits;
  const limits = resolveLimits(policy, c);
  const due = computeDue(start, limits[kind], c.priority, policy, catalog.calendar);
  return { due, warn: warnAtTime(start, due, policy) };
}

export async function startLimits(tx: Queryable, catalog: Catalog, c: LimitSubject, kinds: LimitKind[], start: Date): Promise<Record<string, Date>> {
  const out: Record<string, Date> = {};
  const rows = kinds.map((kind) => {
    const { due, warn } = dueFor(catalog, c, kind, start);
    out[kind] = due;
    return { kind, startedAt: start, dueAt: due, warnAt: warn };
  });
  await upsertLimits(tx, c.id, rows);
  return out;
}
