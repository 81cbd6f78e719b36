import { describe, expect, it } from 'vitest';
import { ageOn, chinaDate, daysInMonth, isIsoDate, isLeapYear } from './dates.js';

describe('calendar', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 1999, 2000, 2004, 2015, 2016, 2100].map(isLeapYear)).toEqual([
      false,
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(daysInMonth(2016, 2)).toBe(29);
    expect(daysInMonth(2015, 2)).toBe(28);
    expect(daysInMonth(2015, 4)).toBe(30);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2016-02-29')).toBe(true);
    expect(isIsoDate('2015-02-29')).toBe(false);
    expect(isIsoDate('2015-13-01')).toBe(false);
    expect(isIsoDate('2015-1-01')).toBe(false);
    expect(isIsoDate('20150101')).toBe(false);
    expect(isIsoDate('2015-12-31')).toBe(true);
    expect(isIsoDate('2015-12-32')).toBe(false);
    expect(isIsoDate('2015-11-31')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('２０１５-01-01')).toBe(false); // full-width digits are not the format
    expect(isIsoDate('2015-0a-01')).toBe(false);
    expect(isIsoDate('2015/01/01')).toBe(false);
    expect(isIsoDate(' 2015-01-1')).toBe(false);
    expect(isIsoDate('2015-01-01 ')).toBe(false);
  });
});

describe('ageOn', () => {
  it('counts full years, turning older on the birthday', () => {
    expect(ageOn('1999-08-31', '2015-08-30')).toBe(15);
    expect(ageOn('1999-08-31', '2015-08-31')).toBe(16);
    expect(ageOn('2015-08-31', '2015-08-31')).toBe(0);
  });

  it('turns a 29 February baby older on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2015-02-28')).toBe(14);
    expect(ageOn('2000-02-29', '2015-03-01')).toBe(15);
    expect(ageOn('2000-02-29', '2016-02-29')).toBe(16);
  });

  it('refuses malformed dates', () => {
    expect(() => ageOn('2000-02-30', '2015-01-01')).toThrow(RangeError);
  });
});

describe('chinaDate', () => {
  it('uses UTC+8, so late evening UTC is already tomorrow in China', () => {
    expect(chinaDate(new Date('2015-08-31T15:59:59Z'))).toBe('2015-08-31');
    expect(chinaDate(new Date('2015-08-31T16:00:00Z'))).toBe('2015-09-01');
  });
});
