import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import {
  canTakeStep,
  isWithinScope,
  maskBankAccount,
  maskIdNumber,
  maskPhone,
  MASKED_HEALTH,
  normaliseIdNumber,
  noticeEndsAt,
  roleReaches,
  spotCheckSize,
  STEP_LEVEL,
  STEP_TRANSITIONS,
  type IdentificationCaseView,
  type IdentificationStage,
  type IdentificationStepRecord,
  type IdentificationStep,
  type Role,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, forbidden, notFound, outOfScope } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertRegionInScope } from '../regions/service.js';
import { assertIdsFree, createHousehold, validate, type HouseholdWrite } from '../registry/service.js';
import { householdKey, parseHouseholdKey } from '../registry/presenter.js';
import { getSetting } from '../settings/service.js';

export interface Actor {
  userId: string;
  name: string;
  role: Role;
  scope: string;
}

export type CaseView = IdentificationCaseView;

export type StepView = IdentificationStepRecord;

interface CaseRow {
  county_code: string;
  id: string;
  village_code: string;
  applicant_name: string;
  proposal: unknown;
  stage: string;
  notice_started_at: Date | null;
  household_key: string | null;
  version: number;
  created_at: Date;
}

function presentCase(row: CaseRow, noticeDays: number): CaseView {
  const proposal = row.proposal as HouseholdWrite;
  return {
    key: householdKey(row.county_code, row.id),
    villageCode: row.village_code,
    applicantName: row.applicant_name,
    stage: row.stage as IdentificationStage,
    noticeStartedAt: row.notice_started_at ? row.notice_started_at.toISOString() : null,
    noticeEndsAt: row.notice_started_at
      ? noticeEndsAt(row.notice_started_at, {
          noticeDays,
          townshipSpotCheckRatio: 0,
          countySpotCheckRatio: 0,
        }).toISOString()
      : null,
    householdKey: row.household_key,
    size: proposal.household.members.length,
    mainCause: proposal.household.mainCause ?? null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Opens an identification case with the proposed household; it must pass the data checks already. */
export async function applyForIdentification(tx: Tx, actor: Actor, write: HouseholdWrite): Promise<CaseView> {
  const villageCode = write.household.villageCode;
  assertRegionInScope(actor.scope, villageCode);
  validate(write);
  const ids = write.household.members.map((m) => normaliseIdNumber(m.idNumber ?? '').slice(0, 18));
  await assertIdsFree(tx, ids, null);
  // Nor may the same person be in another case that is still open in this region.
  const open = await sql<{ id_number: string }>`
    select distinct m->>'idNumber' as id_number
    from identification_cases c
    cross join jsonb_array_elements(c.proposal->'household'->'members') as m
    where c.stage not in ('registered', 'rejected')
      and c.village_code >= ${actor.scope} and c.village_code < ${`${actor.scope}:`}
      and upper(left(m->>'idNumber', 18)) = any(${ids}::text[])`.execute(tx);
  if (open.rows.length)
    throw new AppError('ID_CONFLICT', { idNumbers: open.rows.map((r) => r.id_number), openCase: true });
  const head = write.household.members.find((m) => m.relation === '户主') ?? write.household.members[0];
  const row = await tx
    .insertInto('identification_cases')
    .values({
      county_code: villageCode.slice(0, 6),
      village_code: villageCode,
      applicant_name: head?.name ?? '',
      proposal: JSON.stringify(write),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const settings = await getSetting(tx, 'identification');
  const view = presentCase(row as CaseRow, settings.noticeDays);
  await recordAudit(tx, {
    action: 'identification.apply',
    entity: 'identification',
    entityId: view.key,
    regionCode: villageCode,
    after: { applicant: view.applicantName, size: view.size },
  });
  return view;
}

async function loadCase(tx: Tx, scope: string, key: string, forUpdate: boolean): Promise<CaseRow> {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  if (!isWithinScope(scope, parsed.countyCode) && !isWithinScope(parsed.countyCode, scope)) throw outOfScope();
  let q = tx
    .selectFrom('identification_cases')
    .selectAll()
    .where('county_code', '=', parsed.countyCode)
    .where('id', '=', parsed.id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  if (!isWithinScope(scope, row.village_code)) throw outOfScope();
  return row as CaseRow;
}

/** The proposed household as a role without personal-data rights may see it. */
function maskProposal(write: HouseholdWrite): HouseholdWrite {
  const h = write.household;
  return {
    ...write,
    household: {
      ...h,
      phone: h.phone ? maskPhone(h.phone) : h.phone,
      bankAccount: h.bankAccount ? maskBankAccount(h.bankAccount) : h.bankAccount,
      members: h.members.map((m) => ({
        ...m,
        idNumber: m.idNumber ? maskIdNumber(normaliseIdNumber(m.idNumber)) : m.idNumber,
        health: m.health ? (MASKED_HEALTH as typeof m.health) : m.health,
      })),
    },
  };
}

/** A case with its recorded steps, oldest first; the proposal masked unless `personal`. */
export async function getCase(
  tx: Tx,
  scope: string,
  key: string,
  personal: boolean,
): Promise<CaseView & { steps: StepView[]; proposal: unknown }> {
  const row = await loadCase(tx, scope, key, false);
  const settings = await getSetting(tx, 'identification');
  const steps = await tx
    .selectFrom('identification_steps')
    .selectAll()
    .where('county_code', '=', row.county_code)
    .where('case_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    ...presentCase(row, settings.noticeDays),
    proposal: personal ? row.proposal : maskProposal(row.proposal as HouseholdWrite),
    steps: steps.map((s) => ({
      step: s.step as IdentificationStep,
      outcome: s.outcome as 'pass' | 'fail',
      note: s.note,
      objection: s.objection,
      sampled: s.sampled,
      finding: s.finding,
      actorName: s.actor_name,
      at: new Date(s.at).toISOString(),
    })),
  };
}

/** Cases under a region, optionally at one stage. */
export async function listCases(
  tx: Tx,
  scope: string,
  regionCode: string,
  stage: IdentificationStage | undefined,
  limit: number,
): Promise<CaseView[]> {
  assertRegionInScope(scope, regionCode);
  let q = tx
    .selectFrom('identification_cases')
    .selectAll()
    .where('village_code', '>=', regionCode)
    .where('village_code', '<', `${regionCode}:`);
  if (stage) q = q.where('stage', '=', stage);
  const rows = await q.orderBy('village_code').orderBy('id').limit(limit).execute();
  const settings = await getSetting(tx, 'identification');
  return rows.map((r) => presentCase(r as CaseRow, settings.noticeDays));
}

export interface StepInput {
  step: IdentificationStep;
  outcome: 'pass' | 'fail';
  note?: string | undefined;
  objection?: string | undefined;
  /** The finding of a spot-check visit; required when the case was sampled. */
  finding?: string | undefined;
}

/**
 * Records one step of a case. Refused when it is not the case's next step, when the notice has
 * not run its full period, when the reviewer's level is too low, or when a review step lacks its
 * spot check. Announcing registers the household in the same transaction.
 */
export async function takeStep(tx: Tx, actor: Actor, key: string, input: StepInput, now: Date): Promise<CaseView> {
  const row = await loadCase(tx, actor.scope, key, true);
  if (!roleReaches(actor.role, STEP_LEVEL[input.step])) throw forbidden();
  const settings = await getSetting(tx, 'identification');
  const refusal = canTakeStep(input.step, row.stage as IdentificationStage, row.notice_started_at, now, settings);
  if (refusal) throw new AppError('STEP_NOT_ALLOWED', { reason: refusal, stage: row.stage });
  let spotCheck: { id: string; sampled: boolean } | undefined;
  if (input.step === 'townshipReview' || input.step === 'countyReview') {
    const level = input.step === 'townshipReview' ? 'township' : 'county';
    const found = await sql<{ id: string; sampled: boolean }>`
      select id::text as id, ${row.id}::bigint = any(sampled_ids) as sampled from spot_checks
      where county_code = ${row.county_code} and level = ${level} and ${row.id}::bigint = any(case_ids)
      order by id desc limit 1`.execute(tx);
    spotCheck = found.rows[0];
    if (!spotCheck) throw new AppError('STEP_NOT_ALLOWED', { reason: 'noSpotCheck' });
    if (spotCheck.sampled && !input.finding?.trim())
      throw new AppError('STEP_NOT_ALLOWED', { reason: 'findingRequired' });
  }
  let stage: IdentificationStage = input.outcome === 'fail' ? 'rejected' : STEP_TRANSITIONS[input.step].to;
  let registered: string | null = null;
  if (stage === 'announced') {
    const created = await createHousehold(tx, actor.scope, row.proposal as HouseholdWrite);
    registered = created.key;
    stage = 'registered';
  }
  await tx
    .insertInto('identification_steps')
    .values({
      county_code: row.county_code,
      case_id: row.id,
      village_code: row.village_code,
      step: input.step,
      outcome: input.outcome,
      note: input.note ?? null,
      objection: input.objection ?? null,
      spot_check_id: spotCheck?.id ?? null,
      sampled: spotCheck?.sampled ?? false,
      finding: input.finding ?? null,
      actor_id: actor.userId,
      actor_name: actor.name,
      at: now,
    })
    .execute();
  const startsNotice =
    input.outcome === 'pass' && (input.step === 'startFirstNotice' || input.step === 'startSecondNotice');
  const updated = await tx
    .updateTable('identification_cases')
    .set({
      stage,
      household_key: registered ?? row.household_key,
      notice_started_at: startsNotice ? now : row.notice_started_at,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('county_code', '=', row.county_code)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: `identification.${input.step}`,
    entity: 'identification',
    entityId: key,
    regionCode: row.village_code,
    before: { stage: row.stage },
    after: { stage, outcome: input.outcome, objection: input.objection ?? null, household: registered },
  });
  return presentCase(updated as CaseRow, settings.noticeDays);
}

export interface SpotCheckView {
  id: string;
  level: 'township' | 'county';
  regionCode: string;
  cases: number;
  sampled: string[];
  ratio: number;
}

/**
 * Draws the random spot check of a review: all cases of the township (or county) whose notice has
 * run its period, of which at least the configured share (20% / 10%) is sampled for a visit.
 */
export async function drawSpotCheck(
  tx: Tx,
  actor: Actor,
  level: 'township' | 'county',
  regionCode: string,
  now: Date,
): Promise<SpotCheckView> {
  assertRegionInScope(actor.scope, regionCode);
  if (!roleReaches(actor.role, level)) throw forbidden();
  if (regionCode.length !== (level === 'township' ? 9 : 6)) throw new AppError('VALIDATION', { field: 'regionCode' });
  const settings = await getSetting(tx, 'identification');
  const stage = level === 'township' ? 'firstNotice' : 'secondNotice';
  const cases = await tx
    .selectFrom('identification_cases')
    .select(['id', 'notice_started_at'])
    .where('village_code', '>=', regionCode)
    .where('village_code', '<', `${regionCode}:`)
    .where('stage', '=', stage)
    .orderBy('id')
    .execute();
  const ready = cases
    .filter((c) => c.notice_started_at && noticeEndsAt(c.notice_started_at, settings) <= now)
    .map((c) => String(c.id));
  if (ready.length === 0) throw new AppError('STEP_NOT_ALLOWED', { reason: 'nothingToCheck' });
  const ratio = level === 'township' ? settings.townshipSpotCheckRatio : settings.countySpotCheckRatio;
  const size = spotCheckSize(ready.length, ratio);
  const pool = [...ready];
  const sampled: string[] = [];
  while (sampled.length < size) sampled.push(...pool.splice(randomInt(pool.length), 1));
  const row = await tx
    .insertInto('spot_checks')
    .values({
      county_code: regionCode.slice(0, 6),
      level,
      region_code: regionCode,
      village_code: regionCode,
      ratio: String(ratio),
      case_ids: ready,
      sampled_ids: sampled,
      created_by: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const view: SpotCheckView = {
    id: String(row.id),
    level,
    regionCode,
    cases: ready.length,
    sampled: sampled.map((id) => householdKey(regionCode.slice(0, 6), id)),
    ratio,
  };
  await recordAudit(tx, {
    action: 'identification.spot_check',
    entity: 'spot_check',
    entityId: view.id,
    regionCode,
    after: view,
  });
  return view;
}

export interface NoticeEntry {
  villageName: string;
  headName: string;
  idNumber: string;
  size: number;
  attribute: string | null;
  mainCause: string | null;
  noticeStartedAt: string | null;
  noticeEndsAt: string | null;
}

/** A public notice: households at a notice stage, with ID numbers masked and no phone, bank or health. */
export async function publicNotice(
  tx: Tx,
  scope: string,
  regionCode: string,
  stage: 'firstNotice' | 'secondNotice',
): Promise<NoticeEntry[]> {
  assertRegionInScope(scope, regionCode);
  const settings = await getSetting(tx, 'identification');
  const rows = await tx
    .selectFrom('identification_cases as c')
    .innerJoin('regions as v', 'v.code', 'c.village_code')
    .select(['c.proposal', 'c.applicant_name', 'c.notice_started_at', 'v.name as village_name'])
    .where('c.village_code', '>=', regionCode)
    .where('c.village_code', '<', `${regionCode}:`)
    .where('c.stage', '=', stage)
    .orderBy('c.village_code')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => {
    const proposal = r.proposal as HouseholdWrite;
    const head = proposal.household.members.find((m) => m.relation === '户主') ?? proposal.household.members[0];
    return {
      villageName: r.village_name,
      headName: r.applicant_name,
      idNumber: maskIdNumber(normaliseIdNumber(head?.idNumber ?? '')),
      size: proposal.household.members.length,
      attribute: proposal.household.attribute ?? null,
      mainCause: proposal.household.mainCause ?? null,
      noticeStartedAt: r.notice_started_at ? r.notice_started_at.toISOString() : null,
      noticeEndsAt: r.notice_started_at ? noticeEndsAt(r.notice_started_at, settings).toISOString() : null,
    };
  });
}
