// The one clock of the system. Every time limit, warning and statistic reads it, so that the
// test clock (CLOCK_CONTROL=1) can move time for all of them — in every process, since the
// offset lives in the store.
import type { Queryable } from './store/db.js';

const KEY = 'clock_offset_ms';

export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Re-reads the offset another process may have moved. */
  async refresh(db: Queryable): Promise<void> {
    const r = await db.query<{ value: number }>('SELECT value FROM settings WHERE key = $1', [KEY]);
    this.offsetMs = r.rows[0] ? Number(r.rows[0].value) : 0;
  }

  async advance(db: Queryable, minutes: number): Promise<Date> {
    const r = await db.query<{ value: number }>(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::bigint), now())
       ON CONFLICT (key) DO UPDATE SET value = to_jsonb((settings.value)::text::bigint + $2::bigint), updated_at = now()
       RETURNING value`,
      [KEY, Math.round(minutes * 60_000)],
    );
    this.offsetMs = Number(r.rows[0].value);
    return this.now();
  }
}
