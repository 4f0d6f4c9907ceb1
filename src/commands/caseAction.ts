// The one way a case changes: inside a transaction, lock the case the actor can see (404 if not),
// check the policy (403) and the state machine (409), apply the change and write its event.
// A refused action therefore changes nothing.
import type { Queryable } from '../store/db.js';
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { mayAct } from '../policies/casePolicy.js';
import { canTake, STATUS_LABELS, ACTION_LABELS, type CaseAction } from '../domain/caseMachine.js';
import { addEvent, loadVisibleCase, type CaseRow } from '../store/cases.js';
import type { Catalog } from '../store/catalog.js';
import { conflict, forbidden, notFound } from '../http/errors.js';
import { notifyCaseChanged } from '../store/changes.js';

export interface ActionContext {
  tx: Queryable;
  c: CaseRow;
  now: Date;
  catalog: Catalog;
  actor: Actor;
  /** Writes an event of this case, by this actor, at this time. */
  event(action: string, note?: string | null, data?: Record<string, unknown> | null): Promise<void>;
}

/** Loads a case for an actor that may not see it → 404 with the same message as a missing one. */
export async function visibleCaseOr404(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<CaseRow> {
  const c = Number.isSafeInteger(id) && id > 0 ? await loadVisibleCase(db, actor, id, forUpdate) : null;
  if (!c) throw notFound('案件');
  return c;
}

export async function runCaseAction<T>(
  deps: Deps,
  actor: Actor,
  caseId: number,
  action: CaseAction,
  apply: (ctx: ActionContext) => Promise<T>,
  loadCase: (tx: Queryable) => Promise<CaseRow> = (tx) => visibleCaseOr404(tx, actor, caseId, true),
): Promise<T> {
  const catalog = await deps.catalog.get();
  return deps.store.transaction(async (tx) => {
    const c = await loadCase(tx);
    if (!mayAct(actor, c, action)) throw forbidden(`您无权对此案件执行“${ACTION_LABELS[action].zh}”`);
    if (!canTake({ status: c.status, extensionPending: !!c.extension_pending }, action)) {
      const why = c.extension_pending && ['report', 'requestExtension'].includes(action) ? '（延期申请待审批）' : '';
      throw conflict(`案件当前状态为“${STATUS_LABELS[c.status].zh}”${why}，不能执行“${ACTION_LABELS[action].zh}”`);
    }
    const now = deps.clock.now();
    const label = actorLabel(actor);
    const out = await apply({
      tx, c, now, catalog, actor,
      event: (a, note, data) => addEvent(tx, { caseId: c.id, at: now, actor, actorLabel: label, action: a, note, data }),
    });
    await notifyCaseChanged(tx, c.id, action);
    return out;
  });
}
