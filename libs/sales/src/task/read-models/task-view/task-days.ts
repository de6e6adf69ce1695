/** Task due dates are calendar dates; "today" is the UTC calendar date of the clock. */

/** The UTC calendar date (YYYY-MM-DD) of an instant. */
export const utcDate = (instant: Date): string => instant.toISOString().slice(0, 10);

/** The calendar date `days` after a YYYY-MM-DD date. */
export const addDays = (date: string, days: number): string =>
  utcDate(new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000));
