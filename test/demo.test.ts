// The demo data (DEMO_DATA=1): loaded once, consistent with the rules the commands keep, and
// usable — its accounts log in and its figures make sense.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, migrate, type Store } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { CatalogCache } from '../src/store/catalog.js';
import { Clock } from '../src/clock.js';
import { RecordingProvider } from '../src/notify/messages.js';
import type { Deps } from '../src/commands/deps.js';
import { loadDemoData, DEMO_PASSWORD, DEMO_UNITS } from '../src/store/demo.js';
import { login } from '../src/commands/accounts.js';
import { overview } from '../src/commands/stats.js';
import { isValidChineseId } from '../src/domain/identity.js';
import { localDateString } from '../src/domain/calendar.js';
import { phoneIndex, vault } from '../src/store/vault.js';

let store: Store;
let deps: Deps;

const count = async (sql: string, params: unknown[] = []) => Number((await store.query<{ n: number }>(sql, params)).rows[0].n);
const TABLES = ['users', 'citizens', 'cases', 'case_limits', 'case_events', 'notices', 'thanks', 'faq'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(`SELECT count(*) AS n FROM ${t}`)])));

let first: Record<string, number>;
/** Just before the load: every limit due or warned by then must already carry the watcher's mark. */
let loadedAt: Date;

beforeAll(async () => {
  store = await openStore({});
  await migrate(store);
  await seedOrganisation(store);
  const clock = new Clock();
  await clock.refresh(store);
  deps = { store, clock, catalog: new CatalogCache(store), messages: new RecordingProvider() };
  loadedAt = clock.now();
  await loadDemoData(deps);
  first = await counts();
});

afterAll(async () => {
  await store?.close();
});

describe('demo data', () => {
  it('loads accounts, about four months of cases and their trail', async () => {
    expect(first.users).toBe(3 + 2 * DEMO_UNITS.length);
    expect(first.cases).toBeGreaterThanOrEqual(550);
    expect(first.case_limits).toBeGreaterThan(4 * 500);
    expect(first.case_events).toBeGreaterThan(first.cases * 5);
    expect(first.thanks).toBeGreaterThan(5);
    expect(first.faq).toBeGreaterThanOrEqual(5);
    const span = (await store.query<{ first: Date; last: Date }>('SELECT min(received_at) AS first, max(received_at) AS last FROM cases')).rows[0];
    const now = deps.clock.now().getTime();
    expect(now - span.first.getTime()).toBeGreaterThan(100 * 86_400_000);
    expect(now - span.last.getTime()).toBeLessThan(3_600_000);
    expect(span.last.getTime()).toBeLessThanOrEqual(now);
    // Spread over channels, categories and districts.
    expect(await count('SELECT count(DISTINCT channel) AS n FROM cases')).toBeGreaterThanOrEqual(6);
    expect(await count('SELECT count(DISTINCT category) AS n FROM cases')).toBe(10);
    expect(await count('SELECT count(DISTINCT district) AS n FROM cases')).toBeGreaterThanOrEqual(8);
    // The two letters of the newspaper story.
    expect(await count("SELECT count(*) AS n FROM cases WHERE title LIKE '%丽康路%' AND status = 'closed'")).toBeGreaterThanOrEqual(1);
    expect(await count("SELECT count(*) AS n FROM cases WHERE title LIKE '%姐姐%' AND status = 'closed'")).toBeGreaterThanOrEqual(1);
  });

  it('does nothing the second time', async () => {
    await loadDemoData(deps);
    expect(await counts()).toEqual(first);
  });

  it('gives accounts that log in with the demo password', async () => {
    const r = await login(store, { username: 'dispatcher', password: DEMO_PASSWORD }, '127.0.0.1', 1);
    expect(r.user).toMatchObject({ username: 'dispatcher', roles: ['dispatcher'], unitCode: 'center', displayName: '张调度' });
    const officer = await login(store, { username: 'officer-longhua-branch', password: DEMO_PASSWORD }, '127.0.0.1', 1);
    expect(officer.user).toMatchObject({ roles: ['officer'], unitCode: 'longhua-branch' });
    // Units with an officer have cases to work on.
    expect(await count("SELECT count(*) AS n FROM cases WHERE unit_code = 'longhua-branch'")).toBeGreaterThan(10);
  });

  it('has demo writers with valid ID numbers, sealed at rest like every writer', async () => {
    const r = await store.query<{ id_number: string; phone: string; phone_hash: string }>('SELECT id_number, phone, phone_hash FROM citizens');
    expect(r.rows.length).toBeGreaterThan(100);
    for (const c of r.rows) {
      expect(c.phone).toMatch(/^enc1:/);
      expect(c.id_number).toMatch(/^enc1:/);
      const phone = vault().open('phone', c.phone);
      expect(phone).toMatch(/^1380000\d{4}$/);
      expect(c.phone_hash).toBe(phoneIndex(phone));
      expect(isValidChineseId(vault().open('id_number', c.id_number)), c.id_number).toBe(true);
    }
  });

  it('numbers cases by their local day of receipt', async () => {
    const r = await store.query<{ number: string; received_at: Date }>('SELECT number, received_at FROM cases');
    for (const c of r.rows) {
      expect(c.number).toMatch(/^JB\d{8}\d{6}$/);
      expect(c.number.slice(2, 10)).toBe(localDateString(c.received_at).replaceAll('-', ''));
    }
  });

  it('has cases at every stage, most old ones closed', async () => {
    const r = await store.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM cases GROUP BY status');
    const by = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    expect(by.closed).toBeGreaterThan(first.cases * 0.7);
    for (const s of ['received', 'signed', 'reviewed', 'merged']) expect(by[s], s).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM cases WHERE status <> 'closed' AND status <> 'merged' AND received_at < now() - interval '60 days'"))
      .toBeLessThan(first.cases * 0.05);
  });

  it('keeps statuses, times and limits consistent', async () => {
    const bad = async (why: string, where: string) => expect(await count(`SELECT count(*) AS n FROM cases c WHERE ${where}`), why).toBe(0);
    await bad('closed without an evaluation', "c.status = 'closed' AND (c.eval_reached IS NULL OR c.closed_at IS NULL)");
    await bad('closed without a done close limit', "c.status = 'closed' AND NOT EXISTS (SELECT 1 FROM case_limits l WHERE l.case_id = c.id AND l.kind = 'close' AND l.done_at IS NOT NULL)");
    await bad('closed without a done callback', "c.status = 'closed' AND NOT EXISTS (SELECT 1 FROM case_limits l WHERE l.case_id = c.id AND l.kind = 'callback' AND l.done_at IS NOT NULL)");
    await bad('closed without its event', "c.status = 'closed' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'closed')");
    await bad('waiting for dispatch but with a unit', "c.status = 'received' AND c.unit_code IS NOT NULL");
    await bad('handled without a unit', "c.status IN ('dispatched', 'signed', 'reported', 'reviewed', 'closed') AND (c.unit_code IS NULL OR c.dispatched_at IS NULL)");
    await bad('signed without a time', "c.status IN ('signed', 'reported', 'reviewed', 'closed') AND c.signed_at IS NULL");
    await bad('reported without a report', "c.status IN ('reported', 'reviewed', 'closed') AND (c.reported_at IS NULL OR c.report_outcome IS NULL)");
    await bad('reviewed without a running callback', "c.status = 'reviewed' AND NOT EXISTS (SELECT 1 FROM case_limits l WHERE l.case_id = c.id AND l.kind = 'callback' AND l.done_at IS NULL)");
    await bad('merged without a target', "c.status = 'merged' AND c.merged_into IS NULL");
    await bad('missing a limit', "c.status <> 'merged' AND (SELECT count(*) FROM case_limits l WHERE l.case_id = c.id AND l.kind IN ('sign', 'contact', 'firstFeedback', 'close')) <> 4");
    await bad('first event is not received', "(SELECT action FROM case_events e WHERE e.case_id = c.id ORDER BY id LIMIT 1) <> 'received'");
    await bad('updated before received', 'c.updated_at < c.received_at');

    const limits = async (why: string, where: string) => expect(await count(`SELECT count(*) AS n FROM case_limits l WHERE ${where}`), why).toBe(0);
    await limits('warning outside the limit', 'NOT (l.started_at <= l.warn_at AND l.warn_at <= l.due_at)');
    await limits('done before started or in the future', 'l.done_at < l.started_at OR l.done_at > now()');
    await limits('breached but never warned', 'l.breached_at IS NOT NULL AND l.warned_at IS NULL');
    // What the watcher would claim at once: nothing, the demo is already up to date.
    expect(await count(`SELECT count(*) AS n FROM case_limits l WHERE l.done_at IS NULL
       AND ((l.warned_at IS NULL AND l.warn_at < $1) OR (l.breached_at IS NULL AND l.due_at < $1))`, [loadedAt]), 'watcher work left over').toBe(0);

    // The trail reads in order, and nothing happens in the future.
    expect(await count(`SELECT count(*) AS n FROM (SELECT at < lag(at) OVER (PARTITION BY case_id ORDER BY id) AS back FROM case_events) x WHERE back`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM case_events WHERE at > now()')).toBe(0);

    // Mostly on time, some late.
    const done = await count('SELECT count(*) AS n FROM case_limits WHERE done_at IS NOT NULL');
    const late = await count('SELECT count(*) AS n FROM case_limits WHERE done_at > due_at');
    expect(late / done).toBeGreaterThan(0.03);
    expect(late / done).toBeLessThan(0.15);
  });

  it('gives evaluations mostly satisfied, a few not', async () => {
    const r = (await store.query<{ good: number; unsatisfied: number; all: number }>(
      `SELECT count(*) FILTER (WHERE eval_satisfaction IN ('satisfied', 'basically_satisfied')) AS good,
              count(*) FILTER (WHERE eval_satisfaction = 'unsatisfied') AS unsatisfied, count(*) AS "all"
         FROM cases WHERE status = 'closed'`)).rows[0];
    expect(r.good / r.all).toBeGreaterThan(0.75);
    expect(r.good / r.all).toBeLessThan(0.95);
    expect(r.unsatisfied).toBeGreaterThan(0);
  });

  it('gives figures between 0 and 1', async () => {
    const o = await overview(deps, {});
    expect(o.received).toBeGreaterThan(500);
    for (const k of ['responseRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'redoRate'] as const) {
      expect(o[k], k).not.toBeNull();
      expect(o[k]!, k).toBeGreaterThanOrEqual(0);
      expect(o[k]!, k).toBeLessThanOrEqual(1);
    }
    for (const [k, v] of Object.entries(o.sla)) {
      expect(v, k).not.toBeNull();
      expect(v!, k).toBeGreaterThan(0.5);
      expect(v!, k).toBeLessThanOrEqual(1);
    }
    expect(o.thanks).toBe(first.thanks);
  });
});
