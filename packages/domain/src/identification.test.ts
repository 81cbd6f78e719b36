import { describe, expect, it } from 'vitest';
import { canTakeStep, DEFAULT_IDENTIFICATION_SETTINGS as S, roleReaches, spotCheckSize } from './identification.js';

const day = 24 * 3600 * 1000;

describe('identification workflow rules', () => {
  it('allows only the next step from each stage', () => {
    const now = new Date('2015-06-10T00:00:00Z');
    expect(canTakeStep('appraise', 'applied', null, now, S)).toBeNull();
    expect(canTakeStep('villageCheck', 'applied', null, now, S)).toBe('wrongStage');
    expect(canTakeStep('startSecondNotice', 'villageChecked', null, now, S)).toBe('wrongStage');
    expect(canTakeStep('announce', 'secondNotice', null, now, S)).toBe('wrongStage');
    expect(canTakeStep('appraise', 'registered', null, now, S)).toBe('finished');
  });

  it('keeps a notice up for the full 5 days before the review', () => {
    const start = new Date('2015-06-01T08:00:00Z');
    expect(canTakeStep('townshipReview', 'firstNotice', start, new Date(start.getTime() + 5 * day - 1), S)).toBe(
      'noticeRunning',
    );
    expect(canTakeStep('townshipReview', 'firstNotice', start, new Date(start.getTime() + 5 * day), S)).toBeNull();
    expect(canTakeStep('countyReview', 'secondNotice', start, new Date(start.getTime() + 4 * day), S)).toBe(
      'noticeRunning',
    );
    expect(canTakeStep('countyReview', 'secondNotice', null, new Date(), S)).toBe('noticeRunning');
    expect(
      canTakeStep('townshipReview', 'firstNotice', start, new Date(start.getTime() + 3 * day), { ...S, noticeDays: 3 }),
    ).toBeNull();
  });

  it('sizes spot checks at the ratio, rounding up, at least one', () => {
    expect(spotCheckSize(0, 0.2)).toBe(0);
    expect(spotCheckSize(1, 0.2)).toBe(1);
    expect(spotCheckSize(10, 0.2)).toBe(2);
    expect(spotCheckSize(11, 0.2)).toBe(3);
    expect(spotCheckSize(30, 0.1)).toBe(3);
    expect(spotCheckSize(31, 0.1)).toBe(4);
  });

  it('lets each role work at its own level and below', () => {
    expect(roleReaches('village_team', 'village')).toBe(true);
    expect(roleReaches('village_team', 'township')).toBe(false);
    expect(roleReaches('township_officer', 'township')).toBe(true);
    expect(roleReaches('township_officer', 'county')).toBe(false);
    expect(roleReaches('county_officer', 'township')).toBe(true);
    expect(roleReaches('helper', 'village')).toBe(false);
    expect(roleReaches('leader', 'village')).toBe(false);
  });
});
