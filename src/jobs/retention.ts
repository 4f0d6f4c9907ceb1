// The retention job (issue 7): once at start and then every interval (hourly), anonymises the finished
// cases past RETENTION_DAYS and deletes the citizens left without a case (commands/retention.ts).
// Several processes may run it at once: each batch takes its rows FOR UPDATE SKIP LOCKED, and a row
// done by one is no longer due for another — every case is anonymised, and gets its event, once.
import type { Deps } from '../commands/deps.js';
import { applyRetention, type RetentionReport } from '../commands/retention.js';

export interface RetentionJob {
  stop(): Promise<void>;
  /** Runs now, or — when a run is already under way — waits for that run and returns its report. */
  runOnce(): Promise<RetentionReport>;
}

/** `days` ≤ 0 turns retention off: the job then does nothing at all (not even a query). */
export function startRetentionJob(deps: Deps, opts: { intervalMs: number; days: number }, onError: (e: unknown) => void): RetentionJob {
  let running: Promise<RetentionReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const runOnce = (): Promise<RetentionReport> => {
    if (!running) {
      running = applyRetention(deps, { days: opts.days }).finally(() => { running = null; });
    }
    return running;
  };
  const tick = () => (opts.days > 0 ? runOnce().then(() => undefined, onError) : Promise.resolve());
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => { void tick().then(schedule); }, opts.intervalMs);
    timer.unref();
  };
  void tick().then(schedule);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
