// The retention job (issue 7): once at start and then every interval (hourly), anonymises the finished
// cases past RETENTION_DAYS and deletes the citizens left without a case (commands/retention.ts).
// Several processes may run it at once: each batch takes its rows FOR UPDATE SKIP LOCKED, and a row
// done by one is no longer due for another — every case is anonymised, and gets its event, once.
import type { Deps } from '../commands/deps.js';
import { applyRetention, type RetentionReport } from '../commands/retention.js';
import { startPeriodic, type PeriodicJob } from './periodic.js';

export type RetentionJob = PeriodicJob<RetentionReport>;

/** `days` ≤ 0 turns retention off: the job then does nothing at all (not even a query). */
export function startRetentionJob(deps: Deps, opts: { intervalMs: number; days: number }, onError: (e: unknown) => void): RetentionJob {
  return startPeriodic(() => applyRetention(deps, { days: opts.days }), { intervalMs: opts.intervalMs, enabled: opts.days > 0 }, onError);
}
