import { describe, expect, it } from 'vitest';
import {
  addYears,
  firstSecretaryPlannedEnd,
  isIsoDay,
  planRebalance,
  teamEndRefusal,
  teamHasEnoughUnits,
  unitFitsLink,
  villageStillPoor,
} from './rules.js';
import { DEFAULT_ASSISTANCE_SETTINGS, validAssistanceSettings } from './settings.js';

describe('assistance rules', () => {
  it('adds tenure years, keeping 29 February sensible', () => {
    expect(firstSecretaryPlannedEnd('2015-08-01', 3)).toBe('2018-08-01');
    expect(addYears('2016-02-29', 3)).toBe('2019-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
  });

  it('checks calendar dates', () => {
    expect(isIsoDay('2015-02-28')).toBe(true);
    expect(isIsoDay('2015-02-29')).toBe(false);
    expect(isIsoDay('2015-2-1')).toBe(false);
  });

  it('counts distinct units against the minimum', () => {
    expect(teamHasEnoughUnits(['1', '2', '3'], 3)).toBe(true);
    expect(teamHasEnoughUnits(['1', '2', '2'], 3)).toBe(false);
  });

  it('keeps a team in a poor village unless a successor takes over (不脱贫不脱钩)', () => {
    const poor = { designated: true, exitYear: null };
    expect(villageStillPoor(poor, '2016-05-01')).toBe(true);
    expect(teamEndRefusal(poor, '2016-05-01', false)).toBe('villageStillPoor');
    expect(teamEndRefusal(poor, '2016-05-01', true)).toBeNull();
    expect(villageStillPoor({ designated: true, exitYear: 2017 }, '2017-01-01')).toBe(false);
    expect(villageStillPoor({ designated: true, exitYear: 2017 }, '2016-12-31')).toBe(true);
    expect(teamEndRefusal({ designated: false, exitYear: null }, '2016-05-01', false)).toBeNull();
  });

  it('matches unit kinds to link kinds', () => {
    expect(unitFitsLink('bank', 'bank')).toBe(true);
    expect(unitFitsLink('bank', 'insurer')).toBe(false);
    expect(unitFitsLink('enterprise', 'enterprise')).toBe(true);
    expect(unitFitsLink('department', 'enterprise')).toBe(false);
  });

  it('rebalances to the least-loaded helper of the household region within the limit', () => {
    const plan = planRebalance(
      [
        { key: 'a', villageCode: '420526100201', pairedWith: [] },
        { key: 'b', villageCode: '420526100201', pairedWith: [] },
        { key: 'c', villageCode: '420527100201', pairedWith: [] },
        { key: 'd', villageCode: '420526100201', pairedWith: ['2'] },
      ],
      [
        { id: '2', regionCode: '420526', load: 3 },
        { id: '3', regionCode: '420526100', load: 3 },
      ],
      5,
    );
    expect(plan.assignments).toEqual([
      // A tie goes to the helper closer to the household (the township helper 3).
      { householdKey: 'a', helperId: '3' },
      { householdKey: 'b', helperId: '2' },
      // d is already paired with 2.
      { householdKey: 'd', helperId: '3' },
    ]);
    // c lies outside both helpers' regions.
    expect(plan.unassigned).toEqual(['c']);
  });

  it('validates settings', () => {
    expect(validAssistanceSettings(DEFAULT_ASSISTANCE_SETTINGS)).toBe(true);
    expect(validAssistanceSettings({ ...DEFAULT_ASSISTANCE_SETTINGS, teamMinUnits: 0 })).toBe(false);
  });
});
