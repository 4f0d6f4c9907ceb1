// Live updates: reads the server-sent event stream of /api/live with the session cookie (fetch,
// which also lets the stream be aborted cleanly) and calls back on each case change.
import { useEffect, useRef } from 'react';
import { fetchWithSession, session, type Audience } from './api';

export function useLive(who: Audience, onChange: (c: { id: number; number: string; status: string; kind: string }) => void) {
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    const ctrl = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      if (!session.present()) return;
      try {
        const r = await fetchWithSession('/api/live', { signal: ctrl.signal });
        if (!r.ok || !r.body) throw new Error(String(r.status));
        const reader = r.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (/^event: case$/m.test(block) && data) cb.current(JSON.parse(data));
          }
        }
      } catch {
        if (ctrl.signal.aborted) return;
      }
      // The stream ended (server restart, network): reconnect after a pause.
      if (!ctrl.signal.aborted) retry = setTimeout(connect, 3000);
    };
    void connect();
    return () => { ctrl.abort(); if (retry) clearTimeout(retry); };
  }, [who]);
}
