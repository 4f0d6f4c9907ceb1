// The time-limit watcher: each tick, limits whose warning time has come get a reminder (催办)
// to their unit, and limits past due get an escalation (督办) to the center and the unit
// leader — each exactly once, also with several processes on one PostgreSQL: the claim is one
// UPDATE … WHERE warned_at IS NULL over rows taken with SKIP LOCKED, so a row is claimed by one
// transaction only, and its event and notice are written in that same transaction. The claim also
// takes the case row (skipping a case an action holds this instant, until the next tick): a case's
// events are written under its row lock (the audit trail's per-case chain, migrations/008_trail.sql),
// and taking it here, with the limit, keeps the lock order of runCaseAction (case, then limits).
import type { Deps } from '../commands/deps.js';
import type { Queryable } from '../store/db.js';
import { notifyCasesChanged } from '../store/changes.js';
import { insertNotices, type NewNotice } from '../store/notices.js';

const BATCH = 500;
const LIMIT_ZH: Record<string, string> = { sign: '签收', contact: '联系来信人', firstFeedback: '首次反馈', close: '办结', callback: '回访' };

interface Claimed { case_id: number; kind: string; due_at: Date; unit_code: string | null; number: string }

async function claim(tx: Queryable, column: 'warned_at' | 'breached_at', timeColumn: 'warn_at' | 'due_at', now: Date): Promise<Claimed[]> {
  const r = await tx.query<Claimed>(
    `WITH due AS (
       SELECT l.case_id, l.kind FROM case_limits l JOIN cases c ON c.id = l.case_id
        WHERE l.done_at IS NULL AND l.${column} IS NULL AND l.${timeColumn} <= $1
        ORDER BY l.${timeColumn} LIMIT ${BATCH} FOR UPDATE OF l SKIP LOCKED FOR NO KEY UPDATE OF c SKIP LOCKED)
     UPDATE case_limits l SET ${column} = $1${column === 'breached_at' ? ', warned_at = COALESCE(l.warned_at, $1)' : ''}
       FROM due, cases c
      WHERE l.case_id = due.case_id AND l.kind = due.kind AND c.id = l.case_id
     RETURNING l.case_id, l.kind, l.due_at, c.unit_code, c.number`, [now]);
  return r.rows;
}

/** Events, notices and change notifications for a batch of limits: a few statements, not a few per limit. */
async function record(tx: Queryable, rows: Claimed[], now: Date, kind: 'reminder' | 'escalation') {
  if (!rows.length) return;
  const action = kind === 'reminder' ? 'sla_warning' : 'sla_breached';
  const texts = rows.map((x) => {
    const what = LIMIT_ZH[x.kind] ?? x.kind;
    return kind === 'reminder' ? `【催办】案件${x.number}的“${what}”时限即将到期` : `【督办】案件${x.number}的“${what}”已超时`;
  });
  await tx.query(
    `INSERT INTO case_events (case_id, at, actor_kind, actor_label, action, note, data)
     SELECT u.case_id, $2, 'system', '时限监控', $3, u.note, u.data::jsonb FROM unnest($1::bigint[], $4::text[], $5::text[]) AS u(case_id, note, data)`,
    [rows.map((x) => x.case_id), now, action, texts, rows.map((x) => JSON.stringify({ limit: x.kind, due: x.due_at }))]);
  // A case still waiting for dispatch belongs to the center; otherwise to its unit. A case already
  // with the center gets no second (supervision) notice for the same escalation.
  const notices: NewNotice[] = rows.map((x, i) => ({ caseId: x.case_id, kind, limitKind: x.kind, toUnit: x.unit_code ?? 'center', toRole: kind === 'escalation' ? 'unit_leader' : null, text: texts[i], at: now }));
  if (kind === 'escalation') {
    rows.forEach((x, i) => { if (x.unit_code) notices.push({ caseId: x.case_id, kind: 'supervision', limitKind: x.kind, toUnit: 'center', toRole: 'dispatcher', text: texts[i], at: now }); });
  }
  await insertNotices(tx, notices);
  await notifyCasesChanged(tx, [...new Set(rows.map((x) => x.case_id))], action);
}

/** One pass; returns how many limits turned red and yellow. Loops until no batch is full. */
export async function watchOnce(deps: Deps): Promise<{ breached: number; warned: number }> {
  await deps.clock.refresh(deps.store);
  const now = deps.clock.now();
  let breached = 0;
  let warned = 0;
  for (;;) {
    const n = await deps.store.transaction(async (tx) => {
      const b = await claim(tx, 'breached_at', 'due_at', now);
      await record(tx, b, now, 'escalation');
      const w = await claim(tx, 'warned_at', 'warn_at', now);
      await record(tx, w, now, 'reminder');
      breached += b.length;
      warned += w.length;
      return Math.max(b.length, w.length);
    });
    if (n < BATCH) return { breached, warned };
  }
}

export interface Watcher { wake(): void; stop(): Promise<void> }

export function startWatcher(deps: Deps, intervalMs: number, onError: (e: unknown) => void): Watcher {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let again = false;
  const tick = async () => {
    if (running) { again = true; return; }
    running = watchOnce(deps).catch(onError);
    await running;
    running = null;
    if (again && !stopped) { again = false; void tick(); }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => { await tick(); schedule(); }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    wake: () => { if (!stopped) void tick(); },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
