import { describe, it, expect } from 'vitest';
import {
  CHINA_OFFSET_MINUTES,
  addWorkingDays,
  calendarFrom,
  emptyCalendar,
  formatLocalIso,
  isWorkingDay,
  localDateString,
  validateCalendarYear,
} from '../../src/domain/calendar.js';

// China's published 2026 schedule (国务院办公厅通知): holidays and 调休 working days.
const Y2026 = {
  holidays: [
    '2026-01-01', '2026-01-02', '2026-01-03',
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
    '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    '2026-04-04', '2026-04-05', '2026-04-06',
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    '2026-06-19', '2026-06-20', '2026-06-21',
    '2026-09-25', '2026-09-26', '2026-09-27',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
const cal = calendarFrom([Y2026]);
const local = (s: string) => new Date(`${s}+08:00`);

describe('local dates in +08:00', () => {
  it('uses the fixed China offset', () => {
    expect(CHINA_OFFSET_MINUTES).toBe(480);
  });

  it('switches date at local midnight, i.e. 16:00 UTC', () => {
    expect(localDateString(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(localDateString(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
  });

  it('formats with the +08:00 offset and milliseconds', () => {
    expect(formatLocalIso(new Date('2026-11-27T13:38:00Z'))).toBe('2026-11-27T21:38:00.000+08:00');
    expect(formatLocalIso(new Date('2026-12-31T16:30:00.123Z'))).toBe('2027-01-01T00:30:00.123+08:00');
  });
});

describe('isWorkingDay', () => {
  it('follows Mon–Fri with an empty calendar', () => {
    const e = emptyCalendar();
    expect(isWorkingDay('2026-11-27', e)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', e)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', e)).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-01', e)).toBe(true); // Thursday, no holiday known
  });

  it('applies the National Day week and its moved working days', () => {
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday worked
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-07', cal)).toBe(false);
    expect(isWorkingDay('2026-10-08', cal)).toBe(true);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday worked
    expect(isWorkingDay('2026-10-11', cal)).toBe(false);
  });

  it('lets a moved working day win over a holiday entry', () => {
    const c = { holidays: new Set(['2026-03-02']), workdays: new Set(['2026-03-02']) };
    expect(isWorkingDay('2026-03-02', c)).toBe(true);
  });

  it('merges several years', () => {
    const c = calendarFrom([{ holidays: ['2025-10-01'], workdays: ['2025-09-28'] }, Y2026]);
    expect(c.holidays.has('2025-10-01')).toBe(true);
    expect(c.holidays.has('2026-10-01')).toBe(true);
    expect(c.workdays.has('2025-09-28')).toBe(true);
    expect(c.workdays.size).toBe(7);
  });
});

describe('addWorkingDays', () => {
  it('a letter on the eve of National Day: 15 working days skip the whole week', () => {
    const at = local('2026-09-30T21:38:00');
    // Oct 8, 9, 10(Sat, worked), 12–16, 19–23, 26, 27 → 15th is Oct 27.
    expect(formatLocalIso(addWorkingDays(at, 15, cal))).toBe('2026-10-27T23:59:59.999+08:00');
    expect(formatLocalIso(addWorkingDays(at, 1, cal))).toBe('2026-10-08T23:59:59.999+08:00');
    expect(formatLocalIso(addWorkingDays(at, 3, cal))).toBe('2026-10-10T23:59:59.999+08:00');
  });

  it('counts a Sunday that is worked', () => {
    expect(formatLocalIso(addWorkingDays(local('2026-09-18T09:00:00'), 1, cal))).toBe('2026-09-20T23:59:59.999+08:00');
  });

  it('uses the local day, not the UTC day, as the start', () => {
    // 00:30 on Oct 9 local is still Oct 8 in UTC; the next working day is Sat Oct 10.
    const at = local('2026-10-09T00:30:00');
    expect(at.toISOString()).toBe('2026-10-08T16:30:00.000Z');
    expect(formatLocalIso(addWorkingDays(at, 1, cal))).toBe('2026-10-10T23:59:59.999+08:00');
  });

  it('spans Spring Festival and its two worked Saturdays', () => {
    expect(formatLocalIso(addWorkingDays(local('2026-02-13T10:00:00'), 1, cal))).toBe('2026-02-14T23:59:59.999+08:00');
    expect(formatLocalIso(addWorkingDays(local('2026-02-14T10:00:00'), 1, cal))).toBe('2026-02-24T23:59:59.999+08:00');
  });

  it('crosses a year boundary with merged calendars', () => {
    const c = calendarFrom([{ holidays: [], workdays: [] }, Y2026]);
    // Jan 1–3 off, Sunday Jan 4 worked.
    expect(formatLocalIso(addWorkingDays(local('2025-12-31T18:00:00'), 1, c))).toBe('2026-01-04T23:59:59.999+08:00');
  });

  it('days = 0 is the end of the starting local day, even on a holiday', () => {
    expect(formatLocalIso(addWorkingDays(local('2026-10-03T10:00:00'), 0, cal))).toBe('2026-10-03T23:59:59.999+08:00');
    expect(addWorkingDays(local('2026-10-03T10:00:00'), 0, cal).toISOString()).toBe('2026-10-03T15:59:59.999Z');
  });

  it('rejects negative and non-integer counts', () => {
    const at = local('2026-10-03T10:00:00');
    expect(() => addWorkingDays(at, -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(at, 1.5, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(at, Number.NaN, cal)).toThrow(RangeError);
  });
});

describe('validateCalendarYear', () => {
  it('dedupes and sorts valid input', () => {
    expect(
      validateCalendarYear(2026, {
        holidays: ['2026-10-02', '2026-10-01', '2026-10-02'],
        workdays: ['2026-10-10', '2026-09-20'],
      }),
    ).toEqual({ holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-20', '2026-10-10'] });
  });

  it('rejects an impossible date, naming its index', () => {
    expect(validateCalendarYear(2026, { holidays: ['2026-02-15', '2026-02-16', '2026-02-30'], workdays: [] })).toEqual({
      error: '“2026-02-30”不是有效日期',
      field: 'holidays[2]',
    });
  });

  it('rejects wrong formats, years, types and containers', () => {
    expect(validateCalendarYear(2026, { holidays: ['2026-1-1'], workdays: [] })).toEqual({
      error: '“2026-1-1”不是有效日期',
      field: 'holidays[0]',
    });
    expect(validateCalendarYear(2026, { holidays: [], workdays: ['2025-10-11'] })).toEqual({
      error: '“2025-10-11”不属于2026年',
      field: 'workdays[0]',
    });
    const nonString = validateCalendarYear(2026, { holidays: ['2026-10-01', 20261002], workdays: [] });
    expect(nonString).toMatchObject({ field: 'holidays[1]' });
    expect((nonString as { error: string }).error).toContain('字符串');
    expect(validateCalendarYear(2026, { holidays: '2026-10-01', workdays: [] })).toMatchObject({ field: 'holidays' });
    expect(validateCalendarYear(2026, { holidays: [], workdays: null })).toMatchObject({ field: 'workdays' });
    expect(validateCalendarYear(2026.5, { holidays: [], workdays: [] })).toMatchObject({ field: 'year' });
  });

  it('rejects a date in both lists', () => {
    expect(validateCalendarYear(2026, { holidays: ['2026-10-01'], workdays: ['2026-09-20', '2026-10-01'] })).toEqual({
      error: '“2026-10-01”不能同时是放假日期和调休上班日期',
      field: 'workdays[1]',
    });
  });

  it('accepts Feb 29 only in a leap year', () => {
    expect(validateCalendarYear(2028, { holidays: ['2028-02-29'], workdays: [] })).toEqual({
      holidays: ['2028-02-29'],
      workdays: [],
    });
    expect(validateCalendarYear(2026, { holidays: ['2026-02-29'], workdays: [] })).toMatchObject({ field: 'holidays[0]' });
  });
});
