import { describe, expect, it } from 'vitest';
import { isOverdue, planProgress, progressFromCounts, type PlanItemFacts } from './plans.js';
import { MEASURE_TYPES, isMeasureType, measureTypeLabel, suggestedMeasures } from './measures.js';
import { POVERTY_CAUSES } from '../registry/enums.js';

const item = (status: PlanItemFacts['status'], dueDate: string, targetFen: number | null = null, deliveredFen = 0) => ({
  status,
  dueDate,
  targetFen,
  deliveredFen,
});

describe('measure types', () => {
  it('are the 13 thematic plans of 宜昌 plus microcredit and insurance', () => {
    expect(MEASURE_TYPES.filter((m) => m.group === 'thematic')).toHaveLength(13);
    expect(MEASURE_TYPES.filter((m) => m.group === 'finance').map((m) => m.value)).toEqual([
      'microcredit',
      'insurance',
    ]);
    expect(new Set(MEASURE_TYPES.map((m) => m.value)).size).toBe(15);
    expect(measureTypeLabel('housing', 'zh-CN')).toBe('危房改造');
    expect(measureTypeLabel('housing', 'en')).toBe('Dangerous-house renovation');
    expect(isMeasureType('industry')).toBe(true);
    expect(isMeasureType('Industry')).toBe(false);
  });

  it('suggests measures for every poverty cause', () => {
    for (const cause of POVERTY_CAUSES) expect(suggestedMeasures(cause.value).length).toBeGreaterThan(0);
    expect(suggestedMeasures('因病')[0]).toBe('health');
    expect(suggestedMeasures('unknown')).toEqual(['industry']);
  });
});

describe('plan progress', () => {
  it('is overdue the day after the due date, only while open', () => {
    expect(isOverdue(item('planned', '2016-06-30'), '2016-06-30')).toBe(false);
    expect(isOverdue(item('planned', '2016-06-30'), '2016-07-01')).toBe(true);
    expect(isOverdue(item('inProgress', '2016-06-30'), '2016-07-01')).toBe(true);
    expect(isOverdue(item('done', '2016-06-30'), '2017-01-01')).toBe(false);
    expect(isOverdue(item('cancelled', '2016-06-30'), '2017-01-01')).toBe(false);
  });

  it('counts items by status, leaves cancelled ones out of the shares and money', () => {
    const p = planProgress(
      [
        item('done', '2016-03-01', 300000, 300000),
        item('done', '2016-05-01', null, 50000),
        item('inProgress', '2016-04-01', 500000, 200000),
        item('planned', '2016-12-31', 100000),
        item('cancelled', '2016-01-01', 900000, 0),
      ],
      '2016-06-15',
    );
    expect(p).toEqual({
      items: 4,
      planned: 1,
      inProgress: 1,
      done: 2,
      cancelled: 1,
      overdue: 1,
      doneShare: 0.5,
      overdueShare: 0.25,
      targetFen: 900000,
      deliveredFen: 550000,
    });
  });

  it('is all zeros without items, and counts give the same record', () => {
    expect(planProgress([], '2016-01-01')).toMatchObject({ items: 0, doneShare: 0, overdueShare: 0 });
    expect(
      progressFromCounts({
        planned: 1,
        inProgress: 1,
        done: 1,
        cancelled: 2,
        overdue: 1,
        targetFen: 5,
        deliveredFen: 3,
      }),
    ).toEqual({
      items: 3,
      planned: 1,
      inProgress: 1,
      done: 1,
      cancelled: 2,
      overdue: 1,
      doneShare: 0.3333,
      overdueShare: 0.3333,
      targetFen: 5,
      deliveredFen: 3,
    });
  });
});
