/** The calendar date (YYYY-MM-DD) of an ISO-8601 instant, as written (no time-zone conversion). */
export const calendarDate = (instant: string): string => instant.slice(0, 10);

/** The first year a business date may name: earlier ones are typing slips (0000-01-01), not sales history. */
export const EARLIEST_CALENDAR_YEAR = 1900;

/**
 * A YYYY-MM-DD date that exists in the Gregorian calendar (2027-02-29 does not), from the year
 * 1900 on; anything but a string (a `["2027-01-01"]`, say) is not one.
 */
export const isCalendarDate = (text: unknown): text is string => {
  if (typeof text !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= EARLIEST_CALENDAR_YEAR && daysInMonth !== undefined && day >= 1 && day <= daysInMonth;
};

const DAY_MS = 86_400_000;

/** The calendar date `days` after a YYYY-MM-DD date (before it when negative). */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The latest business day a date that says "it happened on" may name, for a command recorded at
 * the instant `at`: the day of `at` in UTC, plus one for callers whose day is already ahead of UTC
 * (UTC+1 to UTC+14: at 23:00 UTC it is tomorrow in Berlin and Sydney). Compare YYYY-MM-DD strings to it.
 */
export const latestBusinessDate = (at: string): string => addDays(calendarDate(at), 1);

/**
 * The earliest business day a date may name for something that happened at or after the instant
 * `at`: the day of `at` in UTC, minus one for callers whose day is still behind UTC (UTC−1 to
 * UTC−12: at 02:00 UTC it is yesterday in New York).
 */
export const earliestBusinessDate = (at: string): string => addDays(calendarDate(at), -1);
