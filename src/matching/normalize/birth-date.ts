import { FieldResult, dropped, invalid, present } from './field-result';

/**
 * Birth dates, strictly: `YYYY-MM-DD` (ISO 8601 calendar date) or its basic form `YYYYMMDD`.
 * A malformed or impossible date (2023-02-30) is an error: guessing which part is wrong would
 * make up a value. Placeholders that systems put in a required field, and dates after today,
 * are dropped with the reason kept.
 */

const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})$/;

/** Default and sentinel dates of common systems; no real birth date is worth the confusion. */
export const PLACEHOLDER_BIRTH_DATES: ReadonlySet<string> = new Set([
  '0001-01-01', // .NET DateTime.MinValue
  '1753-01-01', // SQL Server datetime minimum
  '1800-01-01',
  '1899-12-30', // OLE automation / Excel epoch
  '1899-12-31',
  '1900-01-01',
  '1901-01-01',
]);

/**
 * @param today the current date as `YYYY-MM-DD`, injected so the function stays pure.
 */
export function normalizeBirthDate(raw: string, today: string): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return present(null);
  const match = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (match === null) return invalid('birth_date must be a date written YYYY-MM-DD');
  const [, year = '', month = '', day = ''] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) {
    return invalid('birth_date is not a valid calendar date');
  }
  const iso = `${year}-${month}-${day}`;
  if (PLACEHOLDER_BIRTH_DATES.has(iso)) {
    return dropped('birth_date is a placeholder date, treated as missing');
  }
  // ISO dates of four-digit years order the same as strings.
  if (iso > today) return dropped('birth_date is in the future, treated as missing');
  return present(iso);
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAY_MS = 86_400_000;
/** The UTC day last asked for and the clock's span of it, in milliseconds since the epoch. */
let currentDay = { date: '', from: 0, until: 0 };

/**
 * Today's date in UTC as `YYYY-MM-DD`; the one impure helper, used as a default. Without an
 * argument the date is made once per day of the clock (a Date and its ISO text for every
 * record cost a bulk load about as much as normalizing a record's sex and state).
 */
export function utcToday(now?: Date): string {
  if (now !== undefined) return now.toISOString().slice(0, 10);
  const ms = Date.now();
  if (ms < currentDay.from || ms >= currentDay.until) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const from = Date.parse(date);
    currentDay = { date, from, until: from + DAY_MS };
  }
  return currentDay.date;
}
