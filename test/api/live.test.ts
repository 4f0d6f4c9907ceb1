// Live updates: a unit's open stream hears of its own cases within moments, and of nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, type TestSystem } from '../helpers/system.js';

let t: TestSystem;
beforeAll(async () => { t = await startTestSystem(); });
afterAll(async () => { await t?.close(); });

function stream(token: string) {
  const events: any[] = [];
  const ctrl = new AbortController();
  const ready = (async () => {
    const r = await fetch(`${t.url}/api/live`, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    return r.body!.getReader();
  })();
  const pump = ready.then(async (reader) => {
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i); buf = buf.slice(i + 2);
        const ev = /^event: (\w+)/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (ev === 'case' && data) events.push(JSON.parse(data));
      }
    }
  });
  return { events, ready, close: () => { ctrl.abort(); return pump; } };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live updates', () => {
  it('reach the viewers who may see the case, and only them', async () => {
    const dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
    const futian = await staff(t, 'of', ['officer'], 'futian-branch');
    const luohu = await staff(t, 'ol', ['officer'], 'luohu-branch');
    const viewer = await staff(t, 'vw', ['viewer'], 'center');
    const writer = await citizen(t, '13200132001');
    const center = stream(dispatcher), f = stream(futian), l = stream(luohu), w = stream(writer), v = stream(viewer);
    await Promise.all([center.ready, f.ready, l.ready, w.ready, v.ready]);
    await wait(100);
    const sent = await t.api.post('/api/letters', { type: 'help', title: '噪音', content: '福田区某酒吧深夜噪音扰民严重。' }, writer);
    await t.api.post(`/api/cases/${sent.body.id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher);
    await wait(500);
    expect(center.events.map((e) => e.status)).toEqual(['received', 'dispatched']);
    expect(f.events.map((e) => e.id)).toEqual([sent.body.id]);
    expect(w.events.map((e) => e.number)).toEqual([sent.body.number, sent.body.number]);
    expect(l.events).toEqual([]);
    // A viewer's dashboard hears that figures changed, but not which case.
    expect(v.events).toEqual([{ kind: 'figures' }, { kind: 'figures' }]);
    await t.api.post('/api/admin/import', { cases: [{ externalId: 'imp-1', channel: '12345', receivedAt: '2026-01-05T09:00:00+08:00', content: '历史案件内容足够长。', category: 'fraud', unitCode: 'anti-fraud' }] }, t.adminToken);
    await wait(400);
    expect(center.events).toContainEqual({ kind: 'import', id: null, number: null, status: null });
    expect(f.events).toHaveLength(1);
    await Promise.all([center.close(), f.close(), l.close(), w.close(), v.close()]);
  });
});
