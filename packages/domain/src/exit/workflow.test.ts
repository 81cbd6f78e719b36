import { describe, expect, it } from 'vitest';
import { EXIT_FLOWS, canTakeExitStep, nextExitStep, officeReaches } from './workflow.js';
import { DEFAULT_EXIT_SETTINGS, validExitSettings } from './settings.js';
import { DEFAULT_EXIT_STANDARDS, standardsProblems } from './standards.js';

describe('exit procedures', () => {
  const now = new Date('2016-10-10T00:00:00Z');
  it('refuses steps out of order and after the end', () => {
    expect(canTakeExitStep('household', 'teamCheck', 'proposed', null, now, 5)).toBe('wrongStage');
    expect(canTakeExitStep('household', 'appraise', 'proposed', null, now, 5)).toBeNull();
    expect(canTakeExitStep('household', 'cityReview', 'proposed', null, now, 5)).toBe('notInFlow');
    expect(canTakeExitStep('household', 'announce', 'exited', null, now, 5)).toBe('finished');
  });
  it('announces only after the full notice period', () => {
    const started = new Date(now.getTime() - 5 * 24 * 3600 * 1000 + 1);
    expect(canTakeExitStep('household', 'announce', 'notice', started, now, 5)).toBe('noticeRunning');
    const over = new Date(now.getTime() - 5 * 24 * 3600 * 1000);
    expect(canTakeExitStep('household', 'announce', 'notice', over, now, 5)).toBeNull();
  });
  it('counties go through the city and the province, then a public notice before the announcement', () => {
    expect(EXIT_FLOWS.county.map((t) => t.step)).toEqual(['cityReview', 'provinceReview', 'startNotice', 'announce']);
    expect(nextExitStep('county', 'proposed')?.step).toBe('cityReview');
    expect(nextExitStep('county', 'cityReviewed')?.office).toBe('province');
    expect(nextExitStep('county', 'provinceReviewed')).toMatchObject({ step: 'startNotice', office: 'province' });
    expect(canTakeExitStep('county', 'announce', 'provinceReviewed', null, now, 5)).toBe('wrongStage');
    const started = new Date(now.getTime() - 7 * 24 * 3600 * 1000 + 1);
    expect(canTakeExitStep('county', 'announce', 'notice', started, now, 7)).toBe('noticeRunning');
    expect(canTakeExitStep('county', 'announce', 'notice', started, now, 5)).toBeNull();
    expect(officeReaches('city_officer', 'province')).toBe(false);
    expect(officeReaches('province_officer', 'province')).toBe(true);
    expect(officeReaches('helper', 'village')).toBe(false);
  });
  it('the defaults are a usable configuration; bad numbers are named', () => {
    expect(standardsProblems(DEFAULT_EXIT_STANDARDS)).toEqual([]);
    expect(
      standardsProblems({
        ...DEFAULT_EXIT_STANDARDS,
        village: { ...DEFAULT_EXIT_STANDARDS.village, maxIncidence: 2 },
        overrides: [{ regionCode: '42x', county: { minApproval: 0 } }],
      }),
    ).toEqual(['village.maxIncidence', 'overrides.0.regionCode', 'overrides.0.county.minApproval']);
  });
  it('every level is publicised for whole days from 1 to 60, 5 by default', () => {
    expect(DEFAULT_EXIT_SETTINGS.noticeDays).toEqual({ household: 5, village: 5, county: 5 });
    expect(validExitSettings(DEFAULT_EXIT_SETTINGS)).toBe(true);
    const days = (county: number) => ({ noticeDays: { household: 5, village: 5, county } });
    expect(validExitSettings(days(1))).toBe(true);
    expect(validExitSettings(days(60))).toBe(true);
    expect(validExitSettings(days(0))).toBe(false);
    expect(validExitSettings(days(61))).toBe(false);
    expect(validExitSettings(days(2.5))).toBe(false);
  });
});
