// Fills in the hashed words (cases.terms) of letters stored before the similar-letter index
// existed, or written in bulk without them (demo data). Small batches in the background, so a
// large store stays available while it runs; several processes may run it at once (SKIP LOCKED).
import type { Store } from '../store/db.js';
import { fingerprint } from '../domain/text/fingerprint.js';

const BATCH = 500;

export async function backfillTerms(store: Store, shouldStop: () => boolean = () => false): Promise<number> {
  let done = 0;
  while (!shouldStop()) {
    const n = await store.transaction(async (tx) => {
      const r = await tx.query<{ id: number; title: string; content: string; address: string | null }>(
        `SELECT id, title, content, address FROM cases WHERE terms IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
      if (!r.rows.length) return 0;
      await tx.query(
        'UPDATE cases c SET terms = v.terms FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::text[])::int[] AS terms) v WHERE c.id = v.id',
        [r.rows.map((x) => x.id), r.rows.map((x) => `{${fingerprint(`${x.title} ${x.content} ${x.address ?? ''}`).join(',')}}`)]);
      return r.rows.length;
    });
    if (!n) break;
    done += n;
    await new Promise((res) => setImmediate(res)); // let requests in between batches
  }
  return done;
}
