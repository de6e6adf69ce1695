/** Task due dates are calendar dates; "today" is the UTC calendar date of the clock. */

/** The UTC calendar date (YYYY-MM-DD) of an instant. */
export const utcDate = (instant: Date): string => instant.toISOString().slice(0, 10);

