// 一户一策: the plan items of a household, their progress, and their changes (audited).

import { sql } from 'kysely';
import {
  checkPlanItem,
  isOverdue,
  planProgress,
  type HouseholdPlanView,
  type MeasureType,
  type PlanItemStatus,
  type PlanItemView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound } from '../../http/errors.js';
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

/** A plan item as written by the API (amount in fen). */
export interface PlanItemWrite {
  measureType: string;
  target: string;
  targetFen?: number | null | undefined;
  dueDate: string;
  status?: PlanItemStatus | undefined;
  cadreId?: string | null | undefined;
}

interface ItemRow {
  id: string;
  measure_type: string;
  target: string;
  target_fen: string | null;
  due_on: string;
  status: string;
  cadre_id: string | null;
  cadre_name: string | null;
  version: number;
  updated_at: Date;
  delivered_fen: string;
  measures: number;
}

async function itemRows(tx: Tx, h: HouseholdRef, itemId?: string): Promise<ItemRow[]> {
  const rows = await sql<ItemRow>`
    select i.id::text as id, i.measure_type, i.target, i.target_fen::text as target_fen, i.due_on, i.status,
           i.cadre_id::text as cadre_id, c.name as cadre_name, i.version, i.updated_at,
           coalesce(m.fen, 0)::text as delivered_fen, coalesce(m.n, 0)::int as measures
      from household_plan_items i
      left join cadres c on c.id = i.cadre_id
      left join (select plan_item_id, sum(amount_fen) as fen, count(*) as n from household_measures
                  where county_code = ${h.countyCode} and household_id = ${h.id}::bigint and plan_item_id is not null
                  group by plan_item_id) m on m.plan_item_id = i.id
     where i.county_code = ${h.countyCode} and i.household_id = ${h.id}::bigint
       ${itemId === undefined ? sql`` : sql`and i.id = ${itemId}::bigint`}
     order by i.due_on, i.id`.execute(tx);
  return rows.rows;
}

function presentItem(r: ItemRow, today: string): PlanItemView {
  const status = r.status as PlanItemStatus;
  return {
    id: r.id,
    measureType: r.measure_type as MeasureType,
    target: r.target,
    targetAmount: fenToYuanOrNull(r.target_fen),
    dueDate: r.due_on,
    status,
    overdue: isOverdue({ status, dueDate: r.due_on }, today),
    cadre: r.cadre_id === null ? null : { id: r.cadre_id, name: r.cadre_name ?? '' },
    deliveredAmount: Number(r.delivered_fen) / 100,
    measures: r.measures,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** A household's plan: its items (by due date) and their progress on `today`. */
export async function getPlan(tx: Tx, scope: string, key: string, today: string): Promise<HouseholdPlanView> {
  const h = await resolveHousehold(tx, scope, key);
  const rows = await itemRows(tx, h);
  return {
    householdKey: h.key,
    today,
    items: rows.map((r) => presentItem(r, today)),
    progress: planProgress(
      rows.map((r) => ({
        status: r.status as PlanItemStatus,
        dueDate: r.due_on,
        targetFen: r.target_fen === null ? null : Number(r.target_fen),
        deliveredFen: Number(r.delivered_fen),
      })),
      today,
    ),
  };
}

async function checkItemCadre(tx: Tx, cadreId: string | null | undefined, h: HouseholdRef): Promise<void> {
  if (cadreId === null || cadreId === undefined) return;
  const cadre = await checkCadre(tx, cadreId, h.villageCode, 'cadreId');
  if (isIssue(cadre)) refuse([cadre]);
}

function audited(input: PlanItemWrite) {
  return {
    measureType: input.measureType,
    target: input.target.trim(),
    targetFen: input.targetFen ?? null,
    dueDate: input.dueDate,
    status: input.status ?? 'planned',
    cadreId: input.cadreId ?? null,
  };
}

/** Adds an item to a household's plan; due today or later. */
export async function createPlanItem(
  tx: Tx,
  actor: PlanActor,
  key: string,
  input: PlanItemWrite,
  today: string,
): Promise<PlanItemView> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  refuse(checkPlanItem(input, today));
  await checkItemCadre(tx, input.cadreId, h);
  const row = await tx
    .insertInto('household_plan_items')
    .values({
      county_code: h.countyCode,
      household_id: h.id,
      village_code: h.villageCode,
      measure_type: input.measureType,
      target: input.target.trim(),
      target_fen: input.targetFen ?? null,
      due_on: input.dueDate,
      status: input.status ?? 'planned',
      cadre_id: input.cadreId ?? null,
      created_by: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'plan.item.create',
    entity: 'household',
    entityId: h.key,
    regionCode: h.villageCode,
    after: { itemId: String(row.id), ...audited(input) },
  });
  const [created] = await itemRows(tx, h, String(row.id));
  if (!created) throw notFound();
  return presentItem(created, today);
}

async function lockItem(tx: Tx, h: HouseholdRef, itemId: string) {
  const row = await tx
    .selectFrom('household_plan_items')
    .selectAll()
    .where('county_code', '=', h.countyCode)
    .where('household_id', '=', h.id)
    .where('id', '=', itemId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Changes a plan item; `version` must be the one read (optimistic concurrency). */
export async function updatePlanItem(
  tx: Tx,
  actor: PlanActor,
  key: string,
  itemId: string,
  version: number,
  input: PlanItemWrite,
  today: string,
): Promise<PlanItemView> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  const current = await lockItem(tx, h, itemId);
  if (current.version !== version) throw new AppError('VERSION_CONFLICT', { current: current.version });
  refuse(checkPlanItem(input, today, current.due_on));
  if ((input.cadreId ?? null) !== (current.cadre_id === null ? null : String(current.cadre_id)))
    await checkItemCadre(tx, input.cadreId, h);
  await tx
    .updateTable('household_plan_items')
    .set({
      measure_type: input.measureType,
      target: input.target.trim(),
      target_fen: input.targetFen ?? null,
      due_on: input.dueDate,
      status: input.status ?? current.status,
      cadre_id: input.cadreId ?? null,
      version: current.version + 1,
      updated_at: new Date(),
    })
    .where('county_code', '=', h.countyCode)
    .where('id', '=', itemId)
    .execute();
  await recordAudit(tx, {
    action: 'plan.item.update',
    entity: 'household',
    entityId: h.key,
    regionCode: h.villageCode,
    before: {
      itemId,
      measureType: current.measure_type,
      target: current.target,
      targetFen: current.target_fen === null ? null : Number(current.target_fen),
      dueDate: current.due_on,
      status: current.status,
      cadreId: current.cadre_id === null ? null : String(current.cadre_id),
    },
    after: { itemId, ...audited({ ...input, status: input.status ?? (current.status as PlanItemStatus) }) },
  });
  const [updated] = await itemRows(tx, h, itemId);
  if (!updated) throw notFound();
  return presentItem(updated, today);
}

/** Deletes a plan item that no measure refers to (one with measures can only be cancelled). */
export async function deletePlanItem(tx: Tx, actor: PlanActor, key: string, itemId: string): Promise<void> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  const current = await lockItem(tx, h, itemId);
  const used = await tx
    .selectFrom('household_measures')
    .select('id')
    .where('county_code', '=', h.countyCode)
    .where('plan_item_id', '=', itemId)
    .limit(1)
    .executeTakeFirst();
  if (used) throw new AppError('PLAN_ITEM_IN_USE');
  await tx
    .deleteFrom('household_plan_items')
    .where('county_code', '=', h.countyCode)
    .where('id', '=', itemId)
    .execute();
  await recordAudit(tx, {
    action: 'plan.item.delete',
    entity: 'household',
    entityId: h.key,
    regionCode: h.villageCode,
    before: { itemId, measureType: current.measure_type, target: current.target, status: current.status },
  });
}
