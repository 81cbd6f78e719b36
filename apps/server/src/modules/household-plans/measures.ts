// 帮扶措施: measures delivered to a household, checked against its members and its plan.

import {
  checkMeasure,
  planIssue,
  type MeasureType,
  type MeasureView,
  type PlanIssue,
  type PlanItemStatus,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { recordAudit } from '../audit/service.js';
import {
  checkCadre,
  fenToYuanOrNull,
  isIssue,
  refuse,
  resolveHousehold,
  type HouseholdRef,
  type PlanActor,
} from './common.js';

/** A measure as written by the API (amount in fen). */
export interface MeasureWrite {
  measureType: string;
  content: string;
  date: string;
  amountFen?: number | null | undefined;
  quantity?: number | null | undefined;
  unit?: string | null | undefined;
  planItemId?: string | null | undefined;
  beneficiaryIds?: string[] | undefined;
  cadreId?: string | null | undefined;
}

async function memberNames(tx: Tx, h: HouseholdRef): Promise<Map<string, string>> {
  const rows = await tx
    .selectFrom('members')
    .select(['id', 'name'])
    .where('county_code', '=', h.countyCode)
    .where('household_id', '=', h.id)
    .execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

async function measureViews(tx: Tx, h: HouseholdRef, measureId?: string): Promise<MeasureView[]> {
  let q = tx
    .selectFrom('household_measures as m')
    .leftJoin('cadres as c', 'c.id', 'm.cadre_id')
    .selectAll('m')
    .select('c.name as cadre_name')
    .where('m.county_code', '=', h.countyCode)
    .where('m.household_id', '=', h.id);
  if (measureId !== undefined) q = q.where('m.id', '=', measureId);
  const [rows, names] = await Promise.all([
    q.orderBy('m.measured_on', 'desc').orderBy('m.id', 'desc').execute(),
    memberNames(tx, h),
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    measureType: r.measure_type as MeasureType,
    content: r.content,
    date: r.measured_on,
    amount: fenToYuanOrNull(r.amount_fen),
    quantity: r.quantity === null ? null : Number(r.quantity),
    unit: r.unit,
    planItemId: r.plan_item_id === null ? null : String(r.plan_item_id),
    beneficiaries: r.beneficiary_ids.map((id) => ({ id: String(id), name: names.get(String(id)) ?? '' })),
    cadre: r.cadre_id === null ? null : { id: String(r.cadre_id), name: r.cadre_name ?? '' },
    recordedBy: r.recorded_by_name,
    recordedAt: new Date(r.created_at).toISOString(),
  }));
}

/** The measures delivered to a household, newest first. */
export async function listMeasures(tx: Tx, scope: string, key: string): Promise<MeasureView[]> {
  const h = await resolveHousehold(tx, scope, key);
  return measureViews(tx, h);
}

/**
 * Records a delivered measure. Refused (every finding listed) for a negative amount, a date in
 * the future, a beneficiary who is not a member, or a plan item of another household or type. A
 * planned item it is recorded against moves to 'inProgress'.
 */
export async function recordMeasure(
  tx: Tx,
  actor: PlanActor,
  key: string,
  input: MeasureWrite,
  today: string,
): Promise<MeasureView> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  const members = await memberNames(tx, h);
  const issues: PlanIssue[] = [];
  let planItem: { id: string; measure_type: string; status: string; version: number } | undefined;
  if (input.planItemId) {
    planItem = await tx
      .selectFrom('household_plan_items')
      .select(['id', 'measure_type', 'status', 'version'])
      .where('county_code', '=', h.countyCode)
      .where('household_id', '=', h.id)
      .where('id', '=', input.planItemId)
      .forUpdate()
      .executeTakeFirst();
    if (!planItem) issues.push(planIssue('measure.planItem.notFound', 'planItemId'));
  }
  issues.push(
    ...checkMeasure(input, {
      today,
      memberIds: new Set(members.keys()),
      planItem: planItem && { measureType: planItem.measure_type, status: planItem.status as PlanItemStatus },
    }),
  );
  if (input.cadreId) {
    const cadre = await checkCadre(tx, input.cadreId, h.villageCode, 'cadreId');
    if (isIssue(cadre)) issues.push(cadre);
  }
  refuse(issues);
  const row = await tx
    .insertInto('household_measures')
    .values({
      county_code: h.countyCode,
      household_id: h.id,
      village_code: h.villageCode,
      measure_type: input.measureType,
      content: input.content.trim(),
      measured_on: input.date,
      amount_fen: input.amountFen ?? null,
      quantity: input.quantity ?? null,
      unit: input.quantity === null || input.quantity === undefined ? null : (input.unit?.trim() ?? null),
      plan_item_id: planItem?.id ?? null,
      beneficiary_ids: input.beneficiaryIds ?? [],
      cadre_id: input.cadreId ?? null,
      recorded_by: actor.userId,
      recorded_by_name: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (planItem && planItem.status === 'planned') {
    await tx
      .updateTable('household_plan_items')
      .set({ status: 'inProgress', version: planItem.version + 1, updated_at: new Date() })
      .where('county_code', '=', h.countyCode)
      .where('id', '=', planItem.id)
      .execute();
  }
  await recordAudit(tx, {
    action: 'measure.record',
    entity: 'household',
    entityId: h.key,
    regionCode: h.villageCode,
    after: {
      measureId: String(row.id),
      measureType: input.measureType,
      date: input.date,
      amountFen: input.amountFen ?? null,
      quantity: input.quantity ?? null,
      unit: input.unit ?? null,
      planItemId: planItem ? String(planItem.id) : null,
      beneficiaryIds: input.beneficiaryIds ?? [],
      cadreId: input.cadreId ?? null,
    },
  });
  const [view] = await measureViews(tx, h, String(row.id));
  if (!view) throw new Error('recorded measure not found');
  return view;
}
