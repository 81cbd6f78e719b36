// Household plan items (一户一策) and how far a plan has come: items done, in progress, overdue.

import type { IsoDate } from '../registry/dates.js';

/** The life of a plan item: planned → inProgress → done; cancelled items leave the plan's totals. */
export const PLAN_ITEM_STATUSES = ['planned', 'inProgress', 'done', 'cancelled'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/** True for a plan item status. */
export function isPlanItemStatus(value: unknown): value is PlanItemStatus {
  return typeof value === 'string' && (PLAN_ITEM_STATUSES as readonly string[]).includes(value);
}

/** Labels of the statuses. */
export const PLAN_ITEM_STATUS_LABELS: Record<PlanItemStatus, { 'zh-CN': string; en: string }> = {
  planned: { 'zh-CN': '未开始', en: 'Planned' },
  inProgress: { 'zh-CN': '实施中', en: 'In progress' },
  done: { 'zh-CN': '已完成', en: 'Done' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

/** What progress needs of a plan item. */
export interface PlanItemFacts {
  status: PlanItemStatus;
  dueDate: IsoDate;
  /** Target amount in fen, when the item has one. */
  targetFen: number | null;
  /** Sum of the measures recorded against the item, in fen. */
  deliveredFen: number;
}

/** An open item (planned or in progress) whose due date has passed: the day after the due date it is overdue. */
export function isOverdue(item: Pick<PlanItemFacts, 'status' | 'dueDate'>, today: IsoDate): boolean {
  return (item.status === 'planned' || item.status === 'inProgress') && item.dueDate < today;
}

/** Counts of a plan (or of many plans added up). */
export interface PlanProgress {
  /** Items that count: every item except cancelled ones. */
  items: number;
  planned: number;
  inProgress: number;
  done: number;
  cancelled: number;
  /** Open items past their due date (also counted in planned or inProgress). */
  overdue: number;
  /** done ÷ items, 0 when there are no items; rounded to 4 decimals. */
  doneShare: number;
  /** overdue ÷ items, 0 when there are no items; rounded to 4 decimals. */
  overdueShare: number;
  /** Sum of the targets of counted items, in fen. */
  targetFen: number;
  /** Sum delivered against counted items, in fen. */
  deliveredFen: number;
}

/** An empty progress record. */
export function emptyProgress(): PlanProgress {
  return {
    items: 0,
    planned: 0,
    inProgress: 0,
    done: 0,
    cancelled: 0,
    overdue: 0,
    doneShare: 0,
    overdueShare: 0,
    targetFen: 0,
    deliveredFen: 0,
  };
}

/** A share rounded to 4 decimals (0 when the whole is 0). */
export function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0;
}

/** Progress of a household's plan on `today`: counts by status, overdue items, shares and money. */
export function planProgress(items: readonly PlanItemFacts[], today: IsoDate): PlanProgress {
  const p = emptyProgress();
  for (const item of items) {
    p[item.status] += 1;
    if (item.status === 'cancelled') continue;
    p.items += 1;
    if (isOverdue(item, today)) p.overdue += 1;
    p.targetFen += item.targetFen ?? 0;
    p.deliveredFen += item.deliveredFen;
  }
  p.doneShare = share(p.done, p.items);
  p.overdueShare = share(p.overdue, p.items);
  return p;
}

/** Counts as a region query returns them (overdue already decided on the database's side). */
export interface ProgressCounts {
  planned: number;
  inProgress: number;
  done: number;
  cancelled: number;
  overdue: number;
  targetFen: number;
  deliveredFen: number;
}

/** Builds a progress record from counts, computing totals and shares the same way as planProgress. */
export function progressFromCounts(c: ProgressCounts): PlanProgress {
  const items = c.planned + c.inProgress + c.done;
  return {
    ...c,
    items,
    doneShare: share(c.done, items),
    overdueShare: share(c.overdue, items),
  };
}
