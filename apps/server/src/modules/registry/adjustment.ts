import { sql } from 'kysely';
import {
  adjustmentKind,
  checkHousehold,
  chinaDate,
  hasErrors,
  isHouseholdStatus,
  normaliseIdNumber,
  statusAfter,
  type AdjustmentEvent,
  type HouseholdInput,
  type MemberInput,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertIdsFree, getHousehold, memberRow } from './service.js';
import { parseHouseholdKey } from './presenter.js';
import { onHouseholdChanged } from '../exit/reevaluate.js';

export interface AdjustmentInput {
  event: AdjustmentEvent;
  year: number;
  reason: string;
  version: number;
  /** The joining member (birth, marriage in, move in). */
  member?: MemberInput | undefined;
  /** The leaving member (death, marriage out, move out). */
  memberId?: string | undefined;
  /** When the head leaves: the member who becomes head. */
  newHeadMemberId?: string | undefined;
}

export interface HistoryEntry {
  year: number;
  change: string;
  reason: string | null;
  snapshot: unknown;
  recordedAt: string;
}

/** The years opened for adjustment, newest first. */
export async function openYears(tx: Tx): Promise<number[]> {
  const rows = await tx.selectFrom('registry_years').select('year').orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

/**
 * Records one change of the yearly adjustment on a household: a member joins or leaves, or the
 * household exits, relapses or closes. The year must be open; the record's version must be
 * current; the household must still pass the data checks. Each change keeps a history snapshot.
 */
export async function recordAdjustment(
  tx: Tx,
  scope: string,
  key: string,
  input: AdjustmentInput,
): Promise<{ version: number }> {
  if (!(await openYears(tx)).includes(input.year)) throw new AppError('YEAR_NOT_OPEN', { year: input.year });
  const before = await getHousehold(tx, scope, true, key);
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw new AppError('NOT_FOUND');
  const { countyCode, id } = parsed;
  const locked = await tx
    .selectFrom('households')
    .select(['version', 'status', 'village_code'])
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (locked.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: locked.version });
  if (!isHouseholdStatus(locked.status)) throw new AppError('VALIDATION', { field: 'status' });
  const kind = adjustmentKind(input.event);
  const changes: { status?: string; exit_year?: number | null } = {};

  if (kind === 'status') {
    const next = statusAfter(locked.status, input.event as 'exit' | 'relapse' | 'close');
    if (!next) throw new AppError('STEP_NOT_ALLOWED', { reason: 'status', status: locked.status, event: input.event });
    changes.status = next;
    if (input.event === 'exit') changes.exit_year = input.year;
  } else if (locked.status === '已销户') {
    throw new AppError('STEP_NOT_ALLOWED', { reason: 'closed' });
  } else if (kind === 'memberIn') {
    if (!input.member) throw new AppError('VALIDATION', { field: 'member' });
    const members: MemberInput[] = [...before.members.map(toInput), input.member];
    const household = {
      villageCode: locked.village_code,
      mainCause: before.mainCause as HouseholdInput['mainCause'],
      otherCauses: before.otherCauses as HouseholdInput['otherCauses'],
      attribute: before.attribute as HouseholdInput['attribute'],
      members,
    };
    const issues = checkHousehold(household, { asOf: chinaDate(new Date()) });
    if (hasErrors(issues)) throw new AppError('RECORD_INVALID', { issues });
    const idNumber = normaliseIdNumber(input.member.idNumber ?? '');
    await assertIdsFree(tx, [idNumber.slice(0, 18)], null);
    const row = await tx
      .insertInto('members')
      .values(memberRow(input.member, countyCode, id, locked.village_code))
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('person_ids')
      .values({
        id_number: idNumber.slice(0, 18),
        county_code: countyCode,
        member_id: String(row.id),
        household_id: id,
        village_code: locked.village_code,
      })
      .execute();
  } else {
    const leaving = before.members.find((m) => m.id === input.memberId);
    if (!leaving) throw new AppError('VALIDATION', { field: 'memberId' });
    if (before.members.length === 1) throw new AppError('STEP_NOT_ALLOWED', { reason: 'lastMember' });
    if (leaving.relation === '户主') {
      const heir = before.members.find((m) => m.id === input.newHeadMemberId && m.id !== leaving.id);
      if (!heir) throw new AppError('VALIDATION', { field: 'newHeadMemberId' });
      await tx
        .updateTable('members')
        .set({ relation: '户主' })
        .where('county_code', '=', countyCode)
        .where('id', '=', heir.id)
        .execute();
      await tx
        .updateTable('households')
        .set({ head_name: heir.name })
        .where('county_code', '=', countyCode)
        .where('id', '=', id)
        .execute();
    }
    await tx
      .deleteFrom('person_ids')
      .where('county_code', '=', countyCode)
      .where('member_id', '=', leaving.id)
      .execute();
    await tx.deleteFrom('members').where('county_code', '=', countyCode).where('id', '=', leaving.id).execute();
  }

  const size = await sql<{
    n: number;
  }>`select count(*)::int as n from members where county_code = ${countyCode} and household_id = ${id}::bigint`.execute(
    tx,
  );
  const updated = await tx
    .updateTable('households')
    .set({ ...changes, size: size.rows[0]?.n ?? 0, version: sql`version + 1`, updated_at: new Date() })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  const after = await getHousehold(tx, scope, true, key);
  const snapshot = {
    status: after.status,
    size: after.size,
    members: after.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber })),
  };
  await tx
    .insertInto('household_history')
    .values({
      county_code: countyCode,
      household_id: id,
      village_code: locked.village_code,
      year: input.year,
      change: input.event,
      reason: input.reason,
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
  await recordAudit(tx, {
    action: `household.${input.event}`,
    entity: 'household',
    entityId: key,
    regionCode: locked.village_code,
    before: { status: before.status, size: before.size },
    after: { status: after.status, size: after.size, reason: input.reason, year: input.year },
  });
  // Re-evaluates the household's exit result; a relapse flags its exit case (exit module).
  await onHouseholdChanged(tx, countyCode, id, input.event);
  return { version: updated.version };
}

function toInput(m: Awaited<ReturnType<typeof getHousehold>>['members'][number]): MemberInput {
  return {
    name: m.name,
    sex: m.sex as MemberInput['sex'],
    idNumber: m.disabilityCert ?? m.idNumber,
    birthDate: m.birthDate,
    relation: m.relation as MemberInput['relation'],
    education: m.education as MemberInput['education'],
    schoolStatus: m.schoolStatus as MemberInput['schoolStatus'],
    health: m.health as MemberInput['health'],
    labourSkill: m.labourSkill as MemberInput['labourSkill'],
    monthsWorked: m.monthsWorked,
    workPlace: m.workPlace,
  };
}

/** Every recorded state and change of a household, in the order they were recorded. */
export async function householdHistory(tx: Tx, scope: string, key: string): Promise<HistoryEntry[]> {
  await getHousehold(tx, scope, false, key);
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw new AppError('NOT_FOUND');
  const rows = await tx
    .selectFrom('household_history')
    .selectAll()
    .where('county_code', '=', parsed.countyCode)
    .where('household_id', '=', parsed.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    year: r.year,
    change: r.change,
    reason: r.reason,
    snapshot: r.snapshot,
    recordedAt: new Date(r.recorded_at).toISOString(),
  }));
}

/** Opens a year for adjustment (once); the carry-forward runs as the registry.openYear job. */
export async function openYear(tx: Tx, year: number, openedBy: string): Promise<void> {
  const exists = await tx.selectFrom('registry_years').select('year').where('year', '=', year).executeTakeFirst();
  if (exists) throw new AppError('CONFLICT', { year });
  await tx.insertInto('registry_years').values({ year, opened_by: openedBy }).execute();
  await recordAudit(tx, {
    action: 'registry.open_year',
    entity: 'registry_year',
    entityId: String(year),
    regionCode: null,
    after: { year },
  });
}

/**
 * Carries one county's households into `year`: a 'carried' snapshot of each household's state,
 * set-based and idempotent (a household already carried into the year is skipped).
 */
export async function carryCounty(tx: Tx, countyCode: string, year: number): Promise<number> {
  const result = await sql`
    insert into household_history (county_code, household_id, village_code, year, change, reason, snapshot)
    select h.county_code, h.id, h.village_code, ${year}, 'carried', null,
           jsonb_build_object('status', h.status, 'size', h.size, 'attribute', h.attribute,
                              'mainCause', h.main_cause, 'perCapitaIncome', h.per_capita_income, 'incomeYear', h.income_year)
    from households h
    where h.county_code = ${countyCode} and h.status <> '已销户'
    on conflict (county_code, household_id, year) where change = 'carried' do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
