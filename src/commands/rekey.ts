// Re-sealing personal data: after a new key is put first in DATA_KEYS, every sealed value is opened
// (with whichever key sealed it) and sealed again with the new one, and the blind indexes are
// recomputed; values stored before sealing existed are sealed for the first time. Keyset batches,
// each its own short transaction, so the server keeps running meanwhile and a stopped run resumes.
import type { Store, Queryable } from '../store/db.js';
import { phoneIndex, recipientIndex, vault, type SealedKind } from '../store/vault.js';

interface SealedTable {
  table: 'citizens' | 'cases' | 'messages';
  columns: Record<string, SealedKind>;
  /** The blind index kept beside a sealed column. */
  index?: { column: string; of: string; fn: (plain: string) => string };
}

export const SEALED_COLUMNS: SealedTable[] = [
  { table: 'citizens', columns: { phone: 'phone', name: 'name', id_number: 'id_number' }, index: { column: 'phone_hash', of: 'phone', fn: phoneIndex } },
  { table: 'cases', columns: { citizen_name: 'name', citizen_phone: 'phone' }, index: { column: 'citizen_phone_hash', of: 'citizen_phone', fn: phoneIndex } },
  { table: 'messages', columns: { to_addr: 'phone' }, index: { column: 'to_hash', of: 'to_addr', fn: recipientIndex } },
];

export interface RekeyReport { keyId: string; rows: Record<string, number>; outbox: number; ms: number }

/**
 * `only: 'unsealed'` seals what was stored in plaintext and leaves sealed values alone (what the
 * server does at start for citizens); `only: 'stale'` (default) also re-seals values under an older key.
 */
export async function rekey(store: Store, opts: { only?: 'unsealed' | 'stale'; tables?: SealedTable['table'][]; batch?: number } = {}): Promise<RekeyReport> {
  const t0 = Date.now();
  const v = vault();
  const batch = opts.batch ?? 1000;
  // Plaintext never starts with the prefix; stale values carry another key's id.
  const pattern = opts.only === 'unsealed' ? 'enc1:%' : `enc1:${v.currentKeyId}:%`;
  const rows: Record<string, number> = {};
  for (const t of SEALED_COLUMNS) {
    if (opts.tables && !opts.tables.includes(t.table)) continue;
    const cols = Object.keys(t.columns);
    const stale = cols.map((c) => `(${c} IS NOT NULL AND ${c} <> '' AND ${c} NOT LIKE $2)`);
    if (t.index) stale.push(`(${t.index.column} IS NULL AND ${t.index.of} IS NOT NULL)`);
    let last = 0;
    rows[t.table] = 0;
    for (;;) {
      const n = await store.transaction(async (tx) => {
        const r = await tx.query<Record<string, string | null> & { id: number }>(
          `SELECT id, ${cols.join(', ')} FROM ${t.table} WHERE id > $1 AND (${stale.join(' OR ')}) ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
          [last, pattern]);
        if (!r.rows.length) return -1;
        last = Number(r.rows[r.rows.length - 1].id);
        await reseal(tx, t, r.rows);
        return r.rows.length;
      });
      if (n < 0) break;
      rows[t.table] += n;
    }
  }
  // Messages waiting in the outbox carry their recipient sealed in the payload.
  let outbox = 0;
  if (!opts.tables || opts.tables.includes('messages')) {
    const r = await store.query<{ id: number; to: string }>(
      `SELECT id, payload->>'to' AS to FROM outbox WHERE kind = 'message' AND delivered_at IS NULL AND payload->>'to' NOT LIKE $1`, [pattern]);
    for (const o of r.rows) {
      await store.query(`UPDATE outbox SET payload = jsonb_set(payload, '{to}', to_jsonb($2::text)) WHERE id = $1`,
        [o.id, v.seal('phone', v.open('phone', o.to))]);
      outbox++;
    }
  }
  return { keyId: v.currentKeyId, rows, outbox, ms: Date.now() - t0 };
}

async function reseal(tx: Queryable, t: SealedTable, rows: (Record<string, string | null> & { id: number })[]): Promise<void> {
  const v = vault();
  const cols = Object.keys(t.columns);
  const values: unknown[][] = [rows.map((r) => r.id)];
  const plains = rows.map((r) => Object.fromEntries(cols.map((c) => [c, v.open(t.columns[c], r[c])])));
  for (const c of cols) values.push(plains.map((p) => v.seal(t.columns[c], p[c])));
  const sets = cols.map((c, i) => `${c} = u.c${i}`);
  const arrays = cols.map((_, i) => `$${i + 2}::text[]`);
  const names = cols.map((_, i) => `c${i}`);
  if (t.index) {
    values.push(plains.map((p) => (p[t.index!.of] ? t.index!.fn(p[t.index!.of]!) : null)));
    sets.push(`${t.index.column} = u.h`);
    arrays.push(`$${cols.length + 2}::text[]`);
    names.push('h');
  }
  await tx.query(
    `UPDATE ${t.table} x SET ${sets.join(', ')}
       FROM unnest($1::bigint[], ${arrays.join(', ')}) AS u(id, ${names.join(', ')}) WHERE x.id = u.id`, values);
}
