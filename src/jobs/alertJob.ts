// The daily early-warning job (未诉先办): computes the warnings of the last day, stores each new one
// and tells the center. Several processes may run it at once: each warning is one row per key and
// China day (INSERT … ON CONFLICT DO NOTHING), and its notice is written in the transaction that
// inserted the row — so a warning is raised, and announced, once a day whoever gets there first.
import type { Deps } from '../commands/deps.js';
import { alerts, hotspots, presentHotspot } from '../commands/classes.js';
import { alertKey } from '../domain/alerts.js';
import { localDateString } from '../domain/calendar.js';
import { insertNotice } from '../store/notices.js';
import { startPeriodic, type PeriodicJob } from './periodic.js';

/** The window each run judges: the last day against the history before it. */
const WINDOW_DAYS = 1;

type LiveAlert = Awaited<ReturnType<typeof alerts>>[number];

function noticeText(a: LiveAlert, names: { district: string | null; category: string | null; hotspot: string | null }): string {
  const subject = a.hotspotId
    ? `热点“${names.hotspot ?? a.hotspotId}”`
    : `${names.district ?? '未知辖区'}${names.category ?? '未分类'}类`;
  return `【预警】${subject}近${WINDOW_DAYS}天来信${a.current}件，约为平常的${a.ratio}倍，请提前处置`;
}

/** One run: returns how many warnings were new today (stored and announced by this run). */
export async function raiseAlerts(deps: Deps): Promise<number> {
  await deps.clock.refresh(deps.store);
  const now = deps.clock.now();
  const found = await alerts(deps, WINDOW_DAYS);
  if (!found.length) return 0;
  const day = localDateString(now);
  const catalog = await deps.catalog.get();
  const labels = found.some((a) => a.hotspotId)
    ? new Map((await hotspots(deps, 7)).map((h) => [h.id, presentHotspot(h).label]))
    : new Map<string, string>();
  let raised = 0;
  // One short transaction per warning: two processes inserting the same keys in different orders
  // could otherwise wait on each other.
  for (const a of found) {
    const key = alertKey(a);
    const inserted = await deps.store.transaction(async (tx) => {
      const r = await tx.query<{ id: number }>(
        `INSERT INTO alerts (key, day, district, category, hotspot_id, ratio, count, baseline, since, evidence, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key, day) DO NOTHING RETURNING id`,
        [key, day, a.district, a.category, a.hotspotId ?? null, a.ratio, a.current, a.baseline, a.since, JSON.stringify(a.evidence), now]);
      const id = r.rows[0]?.id;
      if (id === undefined) return false;
      const text = noticeText(a, {
        district: a.district ? catalog.districts.find((d) => d.code === a.district)?.name ?? a.district : null,
        category: a.category ? catalog.categories.get(a.category)?.name ?? a.category : null,
        hotspot: a.hotspotId ? labels.get(a.hotspotId) ?? null : null,
      });
      await insertNotice(tx, { caseId: null, kind: 'alert', limitKind: 'alert', toUnit: 'center', toRole: 'dispatcher', text, at: now, alertId: Number(id) });
      return true;
    });
    if (inserted) raised++;
  }
  return raised;
}

export type AlertJob = PeriodicJob<number>;

/** Runs once at start and then every `intervalMs` (the caller passes a day); errors go to onError. */
export function startAlertJob(deps: Deps, opts: { intervalMs: number }, onError: (e: unknown) => void): AlertJob {
  return startPeriodic(() => raiseAlerts(deps), opts, onError);
}
