// Checks of what people record about assistance: plan items, delivered measures, visits and work
// team days. Pure functions of the input and the facts the caller looked up; the API refuses a
// write with any finding, and the web forms run the same checks as the user types.

import { isIsoDate, type IsoDate } from '../registry/dates.js';
import { addYears } from '../assistance/rules.js';
import { isMeasureType } from './measures.js';
import { planIssue, type PlanIssue } from './issues.js';
import { isPlanItemStatus, type PlanItemStatus } from './plans.js';
import type { MeasureType } from './measures.js';

/** Registration (建档立卡) began in 2014: nothing is recorded earlier (国开办发〔2014〕24号). */
export const EARLIEST_RECORD_DATE = '2014-01-01';
/** A sanity bound on one amount (fen): no single household item comes near 1,000,000 yuan. */
export const MAX_ITEM_FEN = 100_000_000;
/** How far ahead a plan item may be due, in years. */
export const MAX_PLAN_YEARS = 6;
export const MAX_TARGET_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 500;
export const MAX_VISIT_NOTE_LENGTH = 2000;

/** Photos of one visit: at most this many, each at most MAX_PHOTO_BYTES, images only. */
export const MAX_VISIT_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** A plan item as entered. */
export interface PlanItemInput {
  measureType: string;
  target: string;
  /** Target amount in fen, or null. */
  targetFen?: number | null | undefined;
  dueDate: string;
  status?: string | undefined;
}

function checkAmount(fen: number | null | undefined, field: string, prefix: 'plan' | 'measure'): PlanIssue[] {
  if (fen === null || fen === undefined) return [];
  if (!Number.isInteger(fen) || fen < 0) return [planIssue(`${prefix}.amount.invalid`, field)];
  if (fen > MAX_ITEM_FEN) return [planIssue(`${prefix}.amount.tooLarge`, field, { max: String(MAX_ITEM_FEN / 100) })];
  return [];
}

/**
 * Checks a plan item. A new item (or one whose due date changes) must be due today or later and
 * within MAX_PLAN_YEARS; `unchangedDueDate` lets an existing overdue item keep its date.
 */
export function checkPlanItem(input: PlanItemInput, today: IsoDate, unchangedDueDate?: IsoDate): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (!isMeasureType(input.measureType)) issues.push(planIssue('plan.measureType.invalid', 'measureType'));
  const target = input.target.trim();
  if (target === '') issues.push(planIssue('plan.target.required', 'target'));
  else if ([...target].length > MAX_TARGET_LENGTH)
    issues.push(planIssue('plan.target.tooLong', 'target', { max: String(MAX_TARGET_LENGTH) }));
  issues.push(...checkAmount(input.targetFen, 'targetAmount', 'plan'));
  if (!isIsoDate(input.dueDate)) issues.push(planIssue('plan.dueDate.invalid', 'dueDate'));
  else if (input.dueDate !== unchangedDueDate) {
    const latest = addYears(today, MAX_PLAN_YEARS);
    if (input.dueDate < today) issues.push(planIssue('plan.dueDate.past', 'dueDate'));
    else if (input.dueDate > latest) issues.push(planIssue('plan.dueDate.tooFar', 'dueDate', { max: latest }));
  }
  if (input.status !== undefined && !isPlanItemStatus(input.status))
    issues.push(planIssue('plan.status.invalid', 'status'));
  return issues;
}

/** A delivered measure as entered. */
export interface MeasureInput {
  measureType: string;
  content: string;
  date: string;
  amountFen?: number | null | undefined;
  quantity?: number | null | undefined;
  unit?: string | null | undefined;
  beneficiaryIds?: readonly string[] | undefined;
}

/** What the caller looked up for a measure check. */
export interface MeasureContext {
  today: IsoDate;
  /** Ids of the household's members. */
  memberIds: ReadonlySet<string>;
  /** The plan item the measure is recorded against, if any. */
  planItem?: { measureType: MeasureType | string; status: PlanItemStatus } | undefined;
}

function checkDate(
  value: string,
  today: IsoDate,
  field: string,
  codes: {
    invalid: 'measure.date.invalid' | 'visit.date.invalid';
    future: 'measure.date.future' | 'visit.date.future';
  },
  tooEarly: 'measure.date.tooEarly' | 'visit.date.tooEarly',
): PlanIssue[] {
  if (!isIsoDate(value)) return [planIssue(codes.invalid, field)];
  if (value > today) return [planIssue(codes.future, field)];
  if (value < EARLIEST_RECORD_DATE) return [planIssue(tooEarly, field, { min: EARLIEST_RECORD_DATE })];
  return [];
}

/**
 * Checks a delivered measure: a known type, a description, a date not in the future, an amount
 * (fen, ≥ 0) or a quantity with its unit, beneficiaries who are members of the household, and a
 * plan item of the same type that is not cancelled.
 */
export function checkMeasure(input: MeasureInput, ctx: MeasureContext): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (!isMeasureType(input.measureType)) issues.push(planIssue('measure.measureType.invalid', 'measureType'));
  const content = input.content.trim();
  if (content === '') issues.push(planIssue('measure.content.required', 'content'));
  else if ([...content].length > MAX_CONTENT_LENGTH)
    issues.push(planIssue('measure.content.tooLong', 'content', { max: String(MAX_CONTENT_LENGTH) }));
  issues.push(
    ...checkDate(
      input.date,
      ctx.today,
      'date',
      { invalid: 'measure.date.invalid', future: 'measure.date.future' },
      'measure.date.tooEarly',
    ),
  );
  issues.push(...checkAmount(input.amountFen, 'amount', 'measure'));
  const hasQuantity = input.quantity !== null && input.quantity !== undefined;
  if (hasQuantity && !(Number.isFinite(input.quantity) && (input.quantity ?? 0) > 0))
    issues.push(planIssue('measure.quantity.invalid', 'quantity'));
  if (hasQuantity && !input.unit?.trim()) issues.push(planIssue('measure.unit.required', 'unit'));
  if (!hasQuantity && (input.amountFen === null || input.amountFen === undefined))
    issues.push(planIssue('measure.value.missing', 'amount'));
  const seen = new Set<string>();
  (input.beneficiaryIds ?? []).forEach((id, index) => {
    if (!ctx.memberIds.has(id))
      issues.push(planIssue('measure.beneficiary.notMember', `beneficiaryIds[${index}]`, { id }));
    else if (seen.has(id)) issues.push(planIssue('measure.beneficiary.duplicate', `beneficiaryIds[${index}]`));
    seen.add(id);
  });
  if (ctx.planItem) {
    if (ctx.planItem.status === 'cancelled') issues.push(planIssue('measure.planItem.cancelled', 'planItemId'));
    else if (isMeasureType(input.measureType) && ctx.planItem.measureType !== input.measureType)
      issues.push(planIssue('measure.planItem.typeMismatch', 'planItemId'));
  }
  return issues;
}

/** A visit as entered. */
export interface VisitInput {
  visitedOn: string;
  note: string;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}

/** Checks a visit: its date, its note, and an optional location given as both coordinates. */
export function checkVisit(input: VisitInput, today: IsoDate, photoCount = 0): PlanIssue[] {
  const issues = checkDate(
    input.visitedOn,
    today,
    'visitedOn',
    { invalid: 'visit.date.invalid', future: 'visit.date.future' },
    'visit.date.tooEarly',
  );
  const note = input.note.trim();
  if (note === '') issues.push(planIssue('visit.note.required', 'note'));
  else if ([...note].length > MAX_VISIT_NOTE_LENGTH)
    issues.push(planIssue('visit.note.tooLong', 'note', { max: String(MAX_VISIT_NOTE_LENGTH) }));
  const hasLat = input.latitude !== null && input.latitude !== undefined;
  const hasLng = input.longitude !== null && input.longitude !== undefined;
  if (hasLat !== hasLng) issues.push(planIssue('visit.location.partial', hasLat ? 'longitude' : 'latitude'));
  else if (hasLat && hasLng) {
    const lat = input.latitude ?? NaN;
    const lng = input.longitude ?? NaN;
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180)) issues.push(planIssue('visit.location.range', 'latitude'));
  }
  if (photoCount > MAX_VISIT_PHOTOS)
    issues.push(planIssue('visit.photos.tooMany', 'photos', { max: String(MAX_VISIT_PHOTOS) }));
  return issues;
}

/** A work team member's stay with the team. */
export interface TeamMembership {
  start: IsoDate;
  /** null while the member is still with the team. */
  end: IsoDate | null;
}

/** Checks one attendance day of a member: a real date, not after today, within the member's stay. */
export function checkTeamDay(
  date: string,
  today: IsoDate,
  membership: TeamMembership | undefined,
  field = 'date',
): PlanIssue[] {
  if (!membership) return [planIssue('teamDay.cadre.notMember', field)];
  if (!isIsoDate(date)) return [planIssue('teamDay.date.invalid', field)];
  if (date > today) return [planIssue('teamDay.date.future', field)];
  if (date < membership.start || (membership.end !== null && date > membership.end))
    return [planIssue('teamDay.date.outsideTenure', field, { start: membership.start, end: membership.end ?? today })];
  return [];
}

/** The image type of a photo from its first bytes (JPEG, PNG, WebP), or null when it is not one. */
export function sniffPhotoType(head: Uint8Array): PhotoType | null {
  const at = (i: number): number => head[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, text: string): boolean => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}
