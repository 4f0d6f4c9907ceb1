// Calendar days of the dashboard are days in China Standard Time, whatever the browser's zone;
// dayjs values here only carry a calendar date.
import dayjs, { type Dayjs } from 'dayjs';
import type { BreakdownRow, Granularity } from './types';

const cstDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayCST(): Dayjs {
  return dayjs(cstDay.format(new Date()));
}

export type Range = [Dayjs, Dayjs];

export function lastDays(n: number): Range {
  const today = todayCST();
  return [today.subtract(n - 1, 'day'), today];
}

/** The API takes a half-open range of +08:00 days: the end day is included by asking up to the next one. */
export function rangeQuery([start, end]: Range): string {
  return `from=${start.format('YYYY-MM-DD')}&to=${end.add(1, 'day').format('YYYY-MM-DD')}`;
}

const monday = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day');

/** The API leaves out days (weeks) without cases; a trend line needs them as zeros. */
export function fillTimeline(rows: BreakdownRow[], gran: Granularity, [start, end]: Range): BreakdownRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: BreakdownRow[] = [];
  const step = gran === 'day' ? 1 : 7;
  for (let d = gran === 'day' ? start : monday(start); !d.isAfter(end, 'day'); d = d.add(step, 'day')) {
    const key = d.format('YYYY-MM-DD');
    out.push(byKey.get(key) ?? { key, name: key, received: 0, solved: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
  }
  return out;
}
