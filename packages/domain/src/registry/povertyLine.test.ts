import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POVERTY_LINES,
  isAbovePovertyLine,
  povertyLineEntry,
  povertyLineFor,
  povertyLineTableProblems,
  type PovertyLineTable,
} from './povertyLine.js';

describe('poverty line', () => {
  it('has the published defaults', () => {
    expect(povertyLineFor(2011)).toBe(2536);
    expect(povertyLineFor(2014)).toBe(2800);
    expect(povertyLineFor(2015)).toBe(2855);
    expect(povertyLineFor(2016)).toBe(2952);
    expect(povertyLineFor(2019)).toBe(3218);
    expect(povertyLineFor(2020)).toBe(4000);
  });

  it('marks figures that are assumptions', () => {
    expect(povertyLineEntry(2017)?.assumed).toBe(true);
    expect(povertyLineEntry(2018)?.assumed).toBe(true);
    expect(povertyLineEntry(2015)?.assumed).toBe(false);
  });

  it('never guesses a year that is not configured', () => {
    expect(povertyLineFor(2010)).toBeUndefined();
    expect(povertyLineFor(2021)).toBeUndefined();
    expect(isAbovePovertyLine(500000, 2021)).toBeUndefined();
  });

  it('reads a configured table instead of the default', () => {
    const hubei: PovertyLineTable = [{ year: 2015, yuan: 3100, assumed: false }];
    expect(povertyLineFor(2015, hubei)).toBe(3100);
    expect(povertyLineFor(2016, hubei)).toBeUndefined();
  });

  it('is passed only by income strictly above the line', () => {
    expect(isAbovePovertyLine(285500, 2015)).toBe(false);
    expect(isAbovePovertyLine(285501, 2015)).toBe(true);
  });

  it('finds problems in an edited table', () => {
    expect(povertyLineTableProblems(DEFAULT_POVERTY_LINES)).toEqual([]);
    expect(
      povertyLineTableProblems([
        { year: 2015, yuan: 2855, assumed: false },
        { year: 2015, yuan: 0, assumed: false },
      ]),
    ).toEqual(['year 2015 appears more than once', 'year 2015: line must be > 0']);
  });
});
