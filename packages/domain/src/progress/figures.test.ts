import { describe, expect, it } from 'vitest';
import { exitYearColour, formatChange, incidencePercent, judgeProgress, spreadEvenly, topCauses } from './figures.js';

describe('progress figures', () => {
  it('judges a region behind plan by shortfall up to the year or by an overdue exit year', () => {
    const years = [
      { year: 0, plannedHouseholds: 0, exitedHouseholds: 0 },
      { year: 2015, plannedHouseholds: 1, exitedHouseholds: 0 },
      { year: 2016, plannedHouseholds: 3, exitedHouseholds: 1 },
      { year: 2017, plannedHouseholds: 2, exitedHouseholds: 0 },
    ];
    expect(judgeProgress(2016, 2017, years, 5)).toEqual({
      plannedToDate: 4,
      exitedToDate: 1,
      shortfall: 3,
      progressPercent: 25,
      overdue: false,
      behind: true,
    });
    expect(judgeProgress(2014, 2017, years, 5)).toMatchObject({
      plannedToDate: 0,
      progressPercent: null,
      behind: false,
    });
    // The planned year itself is not overdue; the year after is, while poor households remain.
    expect(judgeProgress(2017, 2017, [], 1).overdue).toBe(false);
    expect(judgeProgress(2018, 2017, [], 1).overdue).toBe(true);
    expect(judgeProgress(2018, 2017, [], 0).behind).toBe(false);
  });

  it('computes incidence in percent with two decimals, null without a population', () => {
    expect(incidencePercent(2, 100)).toBe(2);
    expect(incidencePercent(1, 3)).toBe(33.33);
    expect(incidencePercent(5, 0)).toBeNull();
  });

  it('spreads a total evenly over years, the remainder to the earliest', () => {
    expect(spreadEvenly(10, 2016, 2018)).toEqual([
      { year: 2016, count: 4 },
      { year: 2017, count: 3 },
      { year: 2018, count: 3 },
    ]);
    expect(spreadEvenly(0, 2016, 2018)).toEqual([]);
    expect(spreadEvenly(5, 2019, 2018)).toEqual([]);
  });

  it('colours planned exit years red, purple, blue, green and lists top causes', () => {
    expect([2016, 2017, 2018, 2019].map(exitYearColour)).toEqual(['#d4380d', '#722ed1', '#1677ff', '#389e0d']);
    expect(exitYearColour(null)).toBe('#bfbfbf');
    expect(topCauses([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 2)).toEqual([
      { cause: '因学', households: 5 },
      { cause: '因病', households: 3 },
    ]);
    expect(formatChange(-1200, 'zh-CN')).toBe('−1,200');
    expect(formatChange(0, 'zh-CN')).toBe('持平');
    expect(formatChange(null, 'en')).toBe('first issue');
  });
});
