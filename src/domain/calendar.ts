// Local-date arithmetic for China Standard Time (+08:00, no DST) and the
// official holiday calendar with moved working days (调休).

export const CHINA_OFFSET_MINUTES = 480;
const OFFSET_MS = CHINA_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' local dates. `workdays` are weekend days that are worked (调休). */
export interface HolidayCalendar {
  holidays: Set<string>;
  workdays: Set<string>;
}

export function emptyCalendar(): HolidayCalendar {
  return { holidays: new Set(), workdays: new Set() };
}

export function calendarFrom(years: { holidays: string[]; workdays: string[] }[]): HolidayCalendar {
  const cal = emptyCalendar();
  for (const y of years) {
    for (const d of y.holidays) cal.holidays.add(d);
    for (const d of y.workdays) cal.workdays.add(d);
  }
  return cal;
}

export function localDateString(at: Date): string {
  // Shifting the instant lets the UTC getters read the +08:00 wall clock.
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function parseDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`invalid local date: ${date}`);
  return ms;
}

function addDays(date: string, n: number): string {
  return new Date(parseDate(date) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: HolidayCalendar): boolean {
  // A moved working day beats everything: it is usually a Saturday/Sunday.
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(parseDate(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The last millisecond of a local day, as an instant. */
function endOfLocalDay(date: string): Date {
  return new Date(parseDate(date) + DAY_MS - 1 - OFFSET_MS);
}

export function addWorkingDays(from: Date, days: number, cal: HolidayCalendar): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`working days must be a non-negative integer, got ${days}`);
  }
  let date = localDateString(from);
  // The receiving day never counts, even if the letter arrives at 00:01.
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkingDay(date, cal)) counted++;
  }
  return endOfLocalDay(date);
}

export function formatLocalIso(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().replace('Z', '+08:00');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real Gregorian date written exactly as 'YYYY-MM-DD'. */
export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC silently rolls 02-30 into March; a round trip catches that.
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function validateCalendarYear(
  year: number,
  input: { holidays: unknown; workdays: unknown },
): { holidays: string[]; workdays: string[] } | { error: string; field: string } {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) {
    return { error: `年份“${String(year)}”无效`, field: 'year' };
  }
  const out: Record<'holidays' | 'workdays', string[]> = { holidays: [], workdays: [] };
  const names = { holidays: '放假日期', workdays: '调休上班日期' } as const;
  for (const key of ['holidays', 'workdays'] as const) {
    const list = input[key];
    if (!Array.isArray(list)) return { error: `${names[key]}必须是日期数组`, field: key };
    for (let i = 0; i < list.length; i++) {
      const field = `${key}[${i}]`;
      const v: unknown = list[i];
      if (typeof v !== 'string') {
        return { error: `${names[key]}第${i + 1}项必须是“YYYY-MM-DD”格式的字符串`, field };
      }
      if (!isRealDate(v)) return { error: `“${v}”不是有效日期`, field };
      if (!v.startsWith(`${year}-`)) return { error: `“${v}”不属于${year}年`, field };
      out[key].push(v);
    }
  }
  const holidays = [...new Set(out.holidays)].sort();
  const workdays = [...new Set(out.workdays)].sort();
  const hs = new Set(holidays);
  // out.workdays still has the input's order, so its index names the field.
  for (let i = 0; i < out.workdays.length; i++) {
    const d = out.workdays[i];
    if (hs.has(d)) {
      return { error: `“${d}”不能同时是放假日期和调休上班日期`, field: `workdays[${i}]` };
    }
  }
  return { holidays, workdays };
}
