import { describe, expect, it } from 'vitest';
import { adjustmentKind, statusAfter } from './adjustment.js';

describe('yearly adjustment rules', () => {
  it('moves statuses only along allowed paths', () => {
    expect(statusAfter('未脱贫', 'exit')).toBe('已脱贫(享受政策)');
    expect(statusAfter('返贫', 'exit')).toBe('已脱贫(享受政策)');
    expect(statusAfter('已脱贫(享受政策)', 'exit')).toBeNull();
    expect(statusAfter('已脱贫(享受政策)', 'relapse')).toBe('返贫');
    expect(statusAfter('已脱贫(不再享受政策)', 'relapse')).toBe('返贫');
    expect(statusAfter('未脱贫', 'relapse')).toBeNull();
    expect(statusAfter('未脱贫', 'close')).toBe('已销户');
    expect(statusAfter('已销户', 'exit')).toBeNull();
    expect(statusAfter('已销户', 'close')).toBeNull();
  });

  it('classifies events', () => {
    expect(adjustmentKind('birth')).toBe('memberIn');
    expect(adjustmentKind('death')).toBe('memberOut');
    expect(adjustmentKind('relapse')).toBe('status');
  });
});
