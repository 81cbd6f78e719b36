import { describe, expect, it } from 'vitest';
import { checkMeasure, checkPlanItem, checkTeamDay, checkVisit, sniffPhotoType, MAX_VISIT_PHOTOS } from './checks.js';

const today = '2016-06-15';
const codes = (issues: { code: string; field: string }[]) => issues.map((i) => `${i.field}:${i.code}`);

describe('plan item checks', () => {
  const good = { measureType: 'industry', target: '发展茶叶 3 亩', targetFen: 300000, dueDate: '2016-12-31' };

  it('accepts a sound item', () => {
    expect(checkPlanItem(good, today)).toEqual([]);
  });

  it('refuses an unknown type, an empty target, a negative or fractional amount', () => {
    expect(codes(checkPlanItem({ ...good, measureType: 'magic', target: '  ', targetFen: -1 }, today))).toEqual([
      'measureType:plan.measureType.invalid',
      'target:plan.target.required',
      'targetAmount:plan.amount.invalid',
    ]);
    expect(codes(checkPlanItem({ ...good, targetFen: 1.5 }, today))).toEqual(['targetAmount:plan.amount.invalid']);
    expect(codes(checkPlanItem({ ...good, targetFen: 100_000_001 }, today))).toEqual([
      'targetAmount:plan.amount.tooLarge',
    ]);
  });

  it('needs a due date from today to six years ahead, unless the date is unchanged', () => {
    expect(checkPlanItem({ ...good, dueDate: today }, today)).toEqual([]);
    expect(codes(checkPlanItem({ ...good, dueDate: '2016-06-14' }, today))).toEqual(['dueDate:plan.dueDate.past']);
    expect(checkPlanItem({ ...good, dueDate: '2016-06-14' }, today, '2016-06-14')).toEqual([]);
    expect(checkPlanItem({ ...good, dueDate: '2022-06-15' }, today)).toEqual([]);
    const far = checkPlanItem({ ...good, dueDate: '2022-06-16' }, today);
    expect(codes(far)).toEqual(['dueDate:plan.dueDate.tooFar']);
    expect(far[0]?.message['zh-CN']).toBe('完成时限不能晚于 2022-06-15');
    expect(codes(checkPlanItem({ ...good, dueDate: '2016-02-30' }, today))).toEqual(['dueDate:plan.dueDate.invalid']);
    expect(codes(checkPlanItem({ ...good, status: 'finished' }, today))).toEqual(['status:plan.status.invalid']);
  });
});

describe('measure checks', () => {
  const members = new Set(['11', '12']);
  const good = { measureType: 'education', content: '雨露计划助学补助', date: '2016-03-01', amountFen: 300000 };

  it('accepts an amount or a quantity with its unit', () => {
    expect(checkMeasure(good, { today, memberIds: members })).toEqual([]);
    expect(
      checkMeasure(
        { measureType: 'industry', content: '发放仔猪', date: today, quantity: 2, unit: '头' },
        { today, memberIds: members },
      ),
    ).toEqual([]);
    expect(checkMeasure({ ...good, amountFen: 0 }, { today, memberIds: members })).toEqual([]);
  });

  it('refuses negative amounts, future dates, dates before registration and missing values', () => {
    expect(codes(checkMeasure({ ...good, amountFen: -100 }, { today, memberIds: members }))).toEqual([
      'amount:measure.amount.invalid',
    ]);
    expect(codes(checkMeasure({ ...good, date: '2016-06-16' }, { today, memberIds: members }))).toEqual([
      'date:measure.date.future',
    ]);
    expect(codes(checkMeasure({ ...good, date: '2013-12-31' }, { today, memberIds: members }))).toEqual([
      'date:measure.date.tooEarly',
    ]);
    expect(codes(checkMeasure({ ...good, amountFen: null }, { today, memberIds: members }))).toEqual([
      'amount:measure.value.missing',
    ]);
    expect(codes(checkMeasure({ ...good, quantity: 0, unit: '' }, { today, memberIds: members }))).toEqual([
      'quantity:measure.quantity.invalid',
      'unit:measure.unit.required',
    ]);
  });

  it('accepts only members of the household as beneficiaries, once each', () => {
    const issues = checkMeasure({ ...good, beneficiaryIds: ['11', '99', '11'] }, { today, memberIds: members });
    expect(codes(issues)).toEqual([
      'beneficiaryIds[1]:measure.beneficiary.notMember',
      'beneficiaryIds[2]:measure.beneficiary.duplicate',
    ]);
    expect(issues[0]?.message.en).toBe('Beneficiaries must be members of this household (99)');
  });

  it('matches the plan item it is recorded against', () => {
    expect(
      codes(
        checkMeasure(good, { today, memberIds: members, planItem: { measureType: 'industry', status: 'planned' } }),
      ),
    ).toEqual(['planItemId:measure.planItem.typeMismatch']);
    expect(
      codes(
        checkMeasure(good, { today, memberIds: members, planItem: { measureType: 'education', status: 'cancelled' } }),
      ),
    ).toEqual(['planItemId:measure.planItem.cancelled']);
    expect(
      checkMeasure(good, { today, memberIds: members, planItem: { measureType: 'education', status: 'done' } }),
    ).toEqual([]);
  });
});

describe('visit checks', () => {
  it('needs a date up to today, a note, and both coordinates or none', () => {
    expect(checkVisit({ visitedOn: today, note: '了解茶园管护情况' }, today)).toEqual([]);
    expect(checkVisit({ visitedOn: today, note: 'x', latitude: 30.29, longitude: 108.93 }, today)).toEqual([]);
    expect(codes(checkVisit({ visitedOn: '2016-06-16', note: ' ' }, today))).toEqual([
      'visitedOn:visit.date.future',
      'note:visit.note.required',
    ]);
    expect(codes(checkVisit({ visitedOn: today, note: 'x', latitude: 30.2 }, today))).toEqual([
      'longitude:visit.location.partial',
    ]);
    expect(codes(checkVisit({ visitedOn: today, note: 'x', latitude: 91, longitude: 0 }, today))).toEqual([
      'latitude:visit.location.range',
    ]);
    expect(codes(checkVisit({ visitedOn: today, note: 'x' }, today, MAX_VISIT_PHOTOS + 1))).toEqual([
      'photos:visit.photos.tooMany',
    ]);
  });
});

describe('work team days', () => {
  const stay = { start: '2016-01-01', end: '2016-12-31' };
  it('must fall within the member’s stay and not after today', () => {
    expect(checkTeamDay('2016-01-01', today, stay)).toEqual([]);
    expect(codes(checkTeamDay('2015-12-31', today, stay))).toEqual(['date:teamDay.date.outsideTenure']);
    expect(codes(checkTeamDay('2016-06-16', today, stay))).toEqual(['date:teamDay.date.future']);
    expect(codes(checkTeamDay('2016-06-01', today, undefined))).toEqual(['date:teamDay.cadre.notMember']);
    expect(checkTeamDay('2016-06-15', today, { start: '2016-01-01', end: null })).toEqual([]);
  });
});

describe('photo sniffing', () => {
  it('recognises JPEG, PNG and WebP by their first bytes, nothing else', () => {
    expect(sniffPhotoType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffPhotoType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffPhotoType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffPhotoType(new TextEncoder().encode('%PDF-1.4'))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode('<svg xmlns='))).toBeNull();
    expect(sniffPhotoType(new Uint8Array())).toBeNull();
  });
});
