// Time limits through the running system: the holiday calendar, yellow at 80%, red at breach,
// reminders (催办) and escalations (督办) raised once each by the watcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, until, usingServer, type TestSystem } from '../helpers/system.js';
import { startSystem, type System } from '../../src/server.js';
import { loadConfig } from '../../src/config.js';

let t: TestSystem;
let dispatcher: string, officer: string, writer: string;

beforeAll(async () => {
  t = await startTestSystem();
  dispatcher = await staff(t, 'd1', ['dispatcher'], 'center');
  officer = await staff(t, 'o1', ['officer'], 'futian-branch');
  writer = await citizen(t, '13300133001');
});
afterAll(async () => { await t?.close(); });

async function send(title = '求助') {
  const r = await t.api.post('/api/letters', { type: 'help', category: 'public_order', title, content: '福田区某小区深夜噪音扰民，请求处理。', address: '福田区' }, writer);
  expect(r.status).toBe(201);
  return r.body;
}

describe('the close limit follows the holiday calendar', () => {
  it('moves a working-day limit past the holidays an admin loads', async () => {
    const now = new Date((await t.api.post('/api/admin/clock', { advanceMinutes: 0 }, t.adminToken)).body.now);
    const year = now.getUTCFullYear();
    const plain = await send('无假期');
    // Make the next 10 weekdays holidays: the close limit of a new letter moves 2 weeks later.
    const holidays: string[] = [];
    for (let d = 1; holidays.length < 10; d++) {
      const day = new Date(now.getTime() + 8 * 3600_000 + d * 86400_000);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) holidays.push(day.toISOString().slice(0, 10));
    }
    const byYear = new Map<number, string[]>();
    for (const h of holidays) byYear.set(Number(h.slice(0, 4)), [...(byYear.get(Number(h.slice(0, 4))) ?? []), h]);
    for (const [y, days] of byYear) {
      expect((await t.api.put(`/api/admin/calendar/${y}`, { holidays: days, workdays: [] }, t.adminToken)).status).toBe(204);
    }
    expect(byYear.has(year) || byYear.has(year + 1)).toBe(true);
    const later = await send('有假期');
    const dueOf = async (id: number) => Date.parse((await t.api.get(`/api/cases/${id}`, dispatcher)).body.sla.close.due);
    const diffDays = (await dueOf(later.id) - await dueOf(plain.id)) / 86400_000;
    expect(diffDays).toBeGreaterThanOrEqual(13.9);
    expect(diffDays).toBeLessThanOrEqual(14.1);
    // Clean up so that later tests see the plain calendar.
    for (const y of byYear.keys()) await t.api.put(`/api/admin/calendar/${y}`, { holidays: [], workdays: [] }, t.adminToken);
  });
});

describe('levels, reminders and escalations', () => {
  it('turns yellow at 80%, red at breach, and tells each party once', async () => {
    const l = await send();
    await t.api.post(`/api/cases/${l.id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher);
    expect((await t.api.get(`/api/cases/${l.id}`, officer)).body.sla.sign.level).toBe('green');
    await t.api.post('/api/admin/clock', { advanceMinutes: 8.5 }, t.adminToken);
    const yellow = await until(() => t.api.get(`/api/cases/${l.id}`, officer), (r) => r.body.events.some((e: any) => e.action === 'sla_warning'));
    expect(yellow.body.sla.sign.level).toBe('yellow');
    expect(yellow.body.level).toBe('yellow');
    const notices = (await t.api.get('/api/notices', officer)).body.filter((n: any) => n.caseId === l.id);
    expect(notices.map((n: any) => n.kind)).toEqual(['reminder']);

    await t.api.post('/api/admin/clock', { advanceMinutes: 2 }, t.adminToken);
    const red = await until(() => t.api.get(`/api/cases/${l.id}`, officer), (r) => r.body.events.some((e: any) => e.action === 'sla_breached'));
    expect(red.body.sla.sign).toMatchObject({ level: 'red', breached: true, doneAt: null });
    const overdue = await t.api.get('/api/cases?overdue=1', dispatcher);
    expect(overdue.body.items.map((c: any) => c.id)).toContain(l.id);

    // Several more ticks: nothing is raised twice.
    await new Promise((r) => setTimeout(r, 700));
    const after = await t.api.get(`/api/cases/${l.id}`, officer);
    const signEvents = after.body.events.filter((e: any) => e.data?.limit === 'sign');
    expect(signEvents.map((e: any) => e.action)).toEqual(['sla_warning', 'sla_breached']);

    // Signing late meets the limit but keeps it red (breached).
    await t.api.post(`/api/cases/${l.id}/sign`, undefined, officer);
    const signed = await t.api.get(`/api/cases/${l.id}`, officer);
    expect(signed.body.sla.sign.breached).toBe(true);
    expect(signed.body.sla.sign.doneAt).not.toBeNull();
  });
});

describe.runIf(usingServer())('several processes on one PostgreSQL', () => {
  it('raise every breach exactly once', async () => {
    const url = t.databaseUrl!;
    const others: System[] = [];
    for (let i = 0; i < 2; i++) {
      others.push(await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: url, adminPassword: 'x', clockControl: true, watcherIntervalMs: 50 }));
    }
    try {
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) ids.push((await send(`并发${i}`)).id);
      await t.api.post('/api/admin/clock', { advanceMinutes: 60 * 24 * 30 }, t.adminToken);
      for (const o of others) o.deps.wakeWatcher?.();
      await until(async () => (await t.sys.store.query<{ n: number }>(
        "SELECT count(*) AS n FROM case_limits WHERE case_id = ANY($1::bigint[]) AND breached_at IS NULL AND done_at IS NULL", [ids])).rows[0].n, (n) => n === 0, 15000);
      await new Promise((r) => setTimeout(r, 500));
      const r = await t.sys.store.query<{ case_id: number; limit: string; n: number }>(
        `SELECT case_id, data->>'limit' AS limit, count(*) AS n FROM case_events
          WHERE case_id = ANY($1::bigint[]) AND action = 'sla_breached' GROUP BY 1, 2`, [ids]);
      expect(r.rows.length).toBe(ids.length * 4);
      expect(r.rows.every((x) => x.n === 1)).toBe(true);
      const n = await t.sys.store.query<{ n: number }>("SELECT count(*) AS n FROM notices WHERE case_id = ANY($1::bigint[]) AND kind = 'escalation'", [ids]);
      expect(n.rows[0].n).toBe(ids.length * 4);
    } finally {
      for (const o of others) await o.close();
    }
  });
});
