// A job that runs once at start and then every interval, never twice at once: the early warnings and
// retention. `runOnce` runs now or, when a run is under way, waits for that run and returns its result;
// `stop` ends the schedule and waits for a run in progress. Errors of scheduled runs go to onError.
export interface PeriodicJob<T> {
  stop(): Promise<void>;
  runOnce(): Promise<T>;
}

/** `enabled: false`: the schedule runs nothing at all (runOnce still runs on demand). */
export function startPeriodic<T>(run: () => Promise<T>, opts: { intervalMs: number; enabled?: boolean }, onError: (e: unknown) => void): PeriodicJob<T> {
  let running: Promise<T> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const runOnce = (): Promise<T> => {
    if (!running) running = run().finally(() => { running = null; });
    return running;
  };
  const tick = () => (opts.enabled === false ? Promise.resolve() : runOnce().then(() => undefined, onError));
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
