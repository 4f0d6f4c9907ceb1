// The instants a caller may name — the period of a figure, when an imported or channel letter was
// received or closed, an Open311 window — lie between 1900 and 2100. Outside that range JavaScript's
// dates and PostgreSQL's part ways: a year before 1 or after 9999 is written in a form the store
// rejects, and the month after 9999-12 is no date at all. Each used to be a 500 (found by
// test/fuzz.test.ts); now it is a 400 naming the field.
export const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
export const LATEST_INSTANT = Date.UTC(2101, 0, 1);

/** A valid date between 1900-01-01 and 2100-12-31 (UTC). */
export const isReasonableInstant = (d: Date): boolean => {
  const t = d.getTime();
  return !Number.isNaN(t) && t >= EARLIEST_INSTANT && t < LATEST_INSTANT;
};

/** A YYYY-MM month's year, within the same range. */
export const isReasonableYear = (year: number): boolean => Number.isInteger(year) && year >= 1900 && year <= 2100;

export const INSTANT_RANGE_MESSAGE = '须在1900年至2100年之间';
