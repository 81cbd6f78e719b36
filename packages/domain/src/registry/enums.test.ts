import { describe, expect, it } from 'vitest';
import {
  DISABILITY_CATEGORIES,
  ETHNICITIES,
  HOUSEHOLD_ATTRIBUTES,
  POVERTY_CAUSES,
  RELATIONS_TO_HEAD,
  enumLabel,
  enumValues,
  isDangerousHouseGrade,
  isPovertyCause,
  isRelationToHead,
  isUnsafeHouseGrade,
} from './enums.js';

const ALL_LISTS = { POVERTY_CAUSES, ETHNICITIES, HOUSEHOLD_ATTRIBUTES, RELATIONS_TO_HEAD };

describe('registry enumerations', () => {
  it('has the 14 poverty causes of the national form', () => {
    expect(POVERTY_CAUSES).toHaveLength(14);
    expect(enumValues(POVERTY_CAUSES)).toContain('自身发展动力不足');
  });

  it('has the 56 ethnic groups plus 其他 and 外国血统', () => {
    expect(ETHNICITIES).toHaveLength(58);
    expect(ETHNICITIES.filter((e) => e.value.endsWith('族'))).toHaveLength(56);
  });

  it('has the 脱贫 variants of every attribute', () => {
    const values: string[] = enumValues(HOUSEHOLD_ATTRIBUTES);
    for (const poor of values.filter((v) => v.endsWith('贫困户'))) {
      expect(values).toContain(poor.replace('贫困户', '脱贫户'));
    }
  });

  it.each(Object.entries(ALL_LISTS))('%s has unique values and English labels', (_, list) => {
    expect(new Set(list.map((o) => o.value)).size).toBe(list.length);
    expect(list.every((o) => o.en.length > 0)).toBe(true);
  });

  it('numbers disability categories 1–7', () => {
    expect(DISABILITY_CATEGORIES.map((c) => c.code).join('')).toBe('1234567');
  });
});

describe('guards and labels', () => {
  it('accept members of the list only', () => {
    expect(isPovertyCause('因病')).toBe(true);
    expect(isPovertyCause('因懒')).toBe(false);
    expect(isPovertyCause(42)).toBe(false);
    expect(isRelationToHead('户主')).toBe(true);
    expect(isDangerousHouseGrade('E')).toBe(false);
  });

  it('give English labels, falling back to the value', () => {
    expect(enumLabel(POVERTY_CAUSES, '缺水')).toBe('Lack of water');
    expect(enumLabel(POVERTY_CAUSES, '未知')).toBe('未知');
  });

  it('call C and D houses unsafe', () => {
    expect((['A', 'B', 'C', 'D'] as const).map(isUnsafeHouseGrade)).toEqual([false, false, true, true]);
  });
});
