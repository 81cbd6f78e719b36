// Yearly adjustment (动态调整, 国开办发〔2014〕24号 "建档立卡信息年度动态调整"): each year the registry
// records who joined and left each household and which households exited, relapsed or closed.

import type { HouseholdStatus } from './enums.js';

/** Changes recorded during the yearly adjustment. */
export const ADJUSTMENT_EVENTS = [
  { value: 'birth', zh: '新生', en: 'Birth', kind: 'memberIn' },
  { value: 'marriageIn', zh: '婚入', en: 'Married in', kind: 'memberIn' },
  { value: 'moveIn', zh: '迁入', en: 'Moved in', kind: 'memberIn' },
  { value: 'death', zh: '死亡', en: 'Death', kind: 'memberOut' },
  { value: 'marriageOut', zh: '婚出', en: 'Married out', kind: 'memberOut' },
  { value: 'moveOut', zh: '迁出', en: 'Moved out', kind: 'memberOut' },
  { value: 'exit', zh: '脱贫', en: 'Exit', kind: 'status' },
  { value: 'relapse', zh: '返贫', en: 'Relapse', kind: 'status' },
  { value: 'close', zh: '销户', en: 'Closed', kind: 'status' },
] as const;
export type AdjustmentEvent = (typeof ADJUSTMENT_EVENTS)[number]['value'];
export type AdjustmentKind = (typeof ADJUSTMENT_EVENTS)[number]['kind'];

/** Whether a member joins, leaves, or the household's status changes. */
export function adjustmentKind(event: AdjustmentEvent): AdjustmentKind {
  const found = ADJUSTMENT_EVENTS.find((e) => e.value === event);
  if (!found) throw new RangeError(`unknown adjustment event ${event}`);
  return found.kind;
}

const EXITED: readonly HouseholdStatus[] = ['已脱贫(享受政策)', '已脱贫(不再享受政策)'];

/**
 * The status after a status event, or null when the event does not apply to the current status:
 * only a poor (or relapsed) household exits, only an exited one relapses, a closed one takes no
 * further events.
 */
export function statusAfter(current: HouseholdStatus, event: 'exit' | 'relapse' | 'close'): HouseholdStatus | null {
  if (current === '已销户') return null;
  switch (event) {
    case 'exit':
      return current === '未脱贫' || current === '返贫' ? '已脱贫(享受政策)' : null;
    case 'relapse':
      return EXITED.includes(current) ? '返贫' : null;
    case 'close':
      return '已销户';
  }
}
