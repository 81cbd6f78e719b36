// Calendar dates as 'YYYY-MM-DD' strings. Registry dates (births, identification, exits) are
// civil dates without a time zone; strings compare correctly and never shift by a time zone.

/** A civil date written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** True in Gregorian leap years (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year, month and day form a real calendar date. */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** The number written by the ASCII digits of `text` from `start` to `end`; -1 when any is not one. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

const HYPHEN = 45;

/**
 * True when `value` is a real calendar date written 'YYYY-MM-DD'. Read character by character: an
 * import checks a few dates for each of millions of members, and a regular expression's match
 * allocated its parts each time.
 */
export function isIsoDate(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && isValidYmd(year, month, day);
}

/** Throws when a caller passes a malformed reference date: that is a programming error. */
export function assertIsoDate(value: string, name = 'date'): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a YYYY-MM-DD date, got "${value}"`);
}

/**
 * Full years of age on `asOf`. Someone born on 29 February has a birthday on 1 March in common
 * years (the day after 28 February), the usual reading of 周岁 in Chinese practice.
 */
export function ageOn(birthDate: IsoDate, asOf: IsoDate): number {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(asOf, 'asOf');
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Today's civil date in China (UTC+8, no daylight saving) for an instant, as 'YYYY-MM-DD'. */
export function chinaDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
