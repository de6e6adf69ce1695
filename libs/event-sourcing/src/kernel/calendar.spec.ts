import { isCalendarDate } from './calendar';

describe('isCalendarDate', () => {
  it('accepts a day of the calendar', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('refuses a day the calendar does not have', () => {
    expect(isCalendarDate('2027-02-29')).toBe(false);
  });

  it('refuses a date before 1900, a typing slip rather than sales history', () => {
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });

  it('accepts the first day of 1900', () => {
    expect(isCalendarDate('1900-01-01')).toBe(true);
  });

  it('refuses an array holding a date, which a pattern test would read as its text', () => {
    expect(isCalendarDate(['2027-01-01'])).toBe(false);
  });
});
