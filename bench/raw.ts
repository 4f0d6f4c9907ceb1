// Ceiling (b): the same rows written straight into the store, one INSERT per row, by as many
// concurrent writers as the HTTP run has connections — no HTTP, no auth, no limits, no events.

export type Query = (sql: string, params: unknown[]) => Promise<unknown>;

export interface RawResult { rows: number; seconds: number; perSecond: number; p50: number; p99: number; mean: number }

// The columns createCase writes (src/commands/intake.ts), with the letter of the HTTP run.
const INSERT = `INSERT INTO cases (number, channel, external_id, idempotency_key, citizen_id, citizen_name, citizen_phone, type, category,
                    title, content, address, lat, lng, district, priority, confidential, status, received_at, updated_at)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'received', $18, $18)`;

export async function rawInserts(query: Query, letter: { title: string; content: string; address: string }, citizenIds: number[], concurrency: number, seconds: number): Promise<RawResult> {
  const latencies: number[] = [];
  let n = 0;
  const tag = Date.now().toString(36);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const t = performance.now();
      await query(INSERT, [`RAW${tag}${String(i).padStart(8, '0')}`, 'mailbox_web', null, `${tag}-${i}`, citizenIds[i % citizenIds.length], null, null,
        'help', 'public_order', letter.title, letter.content, letter.address, null, null, 'longhua', 'normal', false, new Date()]);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { rows: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99), mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1) };
}
