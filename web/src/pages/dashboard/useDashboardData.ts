// Loading the figures: each panel's query refetches when its parameters change, and all of them
// refetch when cases change (live events), at most once every five seconds.
import { useCallback, useEffect, useRef, useState } from 'react';
import { staffApi } from '../../api';
import { useLive } from '../../live';

export interface Query<T> { data: T | undefined; error: string | null; loading: boolean; at: number }

/** GET `path` (null: nothing to load). The previous answer stays on screen while the next one loads. */
export function useStaffQuery<T>(path: string | null, tick: number): Query<T> {
  const [state, setState] = useState<Query<T>>({ data: undefined, error: null, loading: !!path, at: 0 });
  useEffect(() => {
    if (!path) return;
    let stale = false;
    setState((s) => ({ ...s, loading: true }));
    staffApi.get<T>(path).then(
      (data) => { if (!stale) setState({ data, error: null, loading: false, at: Date.now() }); },
      (e: Error) => { if (!stale) setState((s) => ({ ...s, error: e.message, loading: false })); },
    );
    return () => { stale = true; };
  }, [path, tick]);
  return state;
}

const MIN_INTERVAL = 5000;

/** A counter that moves on each case change (throttled) and on demand. */
export function useRefreshTick() {
  const [tick, setTick] = useState(0);
  const last = useRef(Date.now());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    if (timer.current) { clearTimeout(timer.current); timer.current = undefined; }
    last.current = Date.now();
    setTick((n) => n + 1);
  }, []);
  useLive('staff', () => {
    if (timer.current) return; // a refresh is already planned; it will include this change
    timer.current = setTimeout(() => { timer.current = undefined; refresh(); }, Math.max(0, last.current + MIN_INTERVAL - Date.now()));
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return { tick, refresh };
}
