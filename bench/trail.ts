// `npx tsx bench/trail.ts [EVENTS_FOR_VERIFY]`: what the audit trail costs (migrations/008_trail.sql).
// 1,000 events inserted one per transaction (as actions write them) and in one batch (as the
// watcher does), into case_events (chaining trigger) and into a table shaped as case_events was
// before 008 (identity id, same indexes and foreign key, no trigger); then the sealer's and the
// verifier's speed.
// In-memory PGlite by default; DATABASE_URL=… for a PostgreSQL server (use an empty database).
import { openStore, migrate, type Store } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { verifyTrail } from '../src/commands/verifyTrail.js';
import { startTrailSealer } from '../src/jobs/trailSealer.js';

const N = 1000;
const VERIFY_EVENTS = Number(process.argv[2] ?? 200_000);

async function makeCases(store: Store, n: number): Promise<number[]> {
  const r = await store.query<{ id: number }>(
    `INSERT INTO cases (number, channel, type, title, content, status, received_at, updated_at)
     SELECT 'TB' || md5(random()::text || g), (SELECT code FROM channels LIMIT 1), 'help', '基准', '基准内容', 'received', now(), now()
       FROM generate_series(1, $1::int) g RETURNING id`, [n]);
  return r.rows.map((x) => Number(x.id));
}

async function oneByOne(store: Store, caseIds: number[], table = 'case_events'): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await store.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (case_id, at, actor_kind, actor_id, actor_label, action, note, data) VALUES ($1, $2, 'staff', 7, '张调度', 'dispatched', '请尽快处理', $3)`,
        [caseIds[i % caseIds.length], new Date(), JSON.stringify({ unitCode: 'futian-branch', unitName: '福田分局' })]);
    });
  }
  return performance.now() - t0;
}

async function batch(store: Store, caseIds: number[], table = 'case_events'): Promise<number> {
  const ids = Array.from({ length: N }, (_, i) => caseIds[i % caseIds.length]);
  const t0 = performance.now();
  await store.transaction(async (tx) => {
    await tx.query(`INSERT INTO ${table} (case_id, at, actor_kind, actor_label, action, note, data)
      SELECT u.case_id, $2, 'system', '时限监控', 'sla_breached', '【督办】超时', '{"limit":"sign"}'::jsonb FROM unnest($1::bigint[]) AS u(case_id)`, [ids, new Date()]);
  });
  return performance.now() - t0;
}

/** The table as it was before 008: the same columns, an identity id, the same indexes and foreign key, no trigger. */
async function plainTable(store: Store) {
  await store.query('DROP TABLE IF EXISTS case_events_plain');
  await store.query(`CREATE TABLE case_events_plain (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, case_id bigint REFERENCES cases(id), at timestamptz NOT NULL,
    actor_kind text NOT NULL, actor_id bigint, actor_label text NOT NULL, action text NOT NULL, note text, data jsonb)`);
  await store.query('CREATE INDEX ON case_events_plain (case_id, id)');
}

const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, poolSize: 4 });
try {
  await migrate(store);
  await seedOrganisation(store);
  console.log(`store: ${store.kind}`);
  const one = await makeCases(store, 1);
  const many = await makeCases(store, N);
  // Warm up both paths.
  await oneByOne(store, many.slice(0, 50));
  await plainTable(store);
  await oneByOne(store, many.slice(0, 50), 'case_events_plain');
  const rows: [string, number, number][] = [];
  for (const [label, ids] of [['1,000 events, one case', one], ['1,000 events, 1,000 cases', many]] as const) {
    const off1 = await oneByOne(store, [...ids], 'case_events_plain');
    const on1 = await oneByOne(store, [...ids]);
    rows.push([`${label}, one per transaction`, off1, on1]);
    const off2 = await batch(store, [...ids], 'case_events_plain');
    const on2 = await batch(store, [...ids]);
    rows.push([`${label}, one INSERT … unnest`, off2, on2]);
  }
  for (const [label, off, on] of rows) {
    console.log(`${label.padEnd(48)} without trigger ${off.toFixed(0).padStart(6)} ms · with ${on.toFixed(0).padStart(6)} ms · +${((on - off) / N * 1000).toFixed(0)} µs/event`);
  }

  // Sealing and verifying: bring the trail to VERIFY_EVENTS events over VERIFY_EVENTS / 10 cases.
  const have = (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events')).rows[0].n;
  const cases = await makeCases(store, Math.max(1, Math.round(VERIFY_EVENTS / 10)));
  const t1 = performance.now();
  for (let done = have; done < VERIFY_EVENTS;) {
    const k = Math.min(10_000, VERIFY_EVENTS - done);
    await store.query(`INSERT INTO case_events (case_id, at, actor_kind, actor_label, action, note, data)
      SELECT ($1::bigint[])[1 + (g % array_length($1::bigint[], 1))], now(), 'system', '基准', 'feedback', '已反馈 ' || g, jsonb_build_object('g', g)
        FROM generate_series($2::int, $3::int) g`, [cases, done, done + k - 1]);
    done += k;
  }
  const filled = performance.now() - t1;
  const total = (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events')).rows[0].n;
  console.log(`filled to ${total.toLocaleString()} events in ${(filled / 1000).toFixed(1)} s (${Math.round((total - have) / (filled / 1000)).toLocaleString()} events/s through the trigger, batches of 10,000)`);
  const sealer = startTrailSealer({ store }, { intervalMs: 3_600_000, batch: 5000 }, (e) => { throw e; });
  const t2 = performance.now();
  const sealed = await sealer.sealOnce();
  const sealMs = performance.now() - t2;
  await sealer.stop();
  console.log(`sealed ${sealed.toLocaleString()} events in ${(sealMs / 1000).toFixed(1)} s · ${Math.round(sealed / (sealMs / 1000)).toLocaleString()} events/s`);
  const r = await verifyTrail(store);
  console.log(`verified ${r.checked.toLocaleString()} events (${r.sealed.toLocaleString()} sealed) in ${(r.ms / 1000).toFixed(1)} s · ${Math.round(r.checked / (r.ms / 1000)).toLocaleString()} events/s · ok=${r.ok}`);
  await store.query('DROP TABLE IF EXISTS case_events_plain');
} finally {
  await store.close();
}
