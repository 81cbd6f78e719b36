import { sql } from 'kysely';
import {
  PROPOSE_OFFICE,
  canTakeExitStep,
  exitNoticeEndsAt,
  exitTransition,
  isHouseholdStatus,
  isWithinScope,
  officeReaches,
  statusAfter,
  type ExitCaseView,
  type ExitLevel,
  type ExitSettings,
  type ExitStage,
  type ExitStep,
  type ExitStepRecord,
  type Role,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, forbidden, notFound, outOfScope } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertRegionInScope } from '../regions/service.js';
import { householdKey, parseHouseholdKey } from '../registry/presenter.js';
import { getSetting } from '../settings/service.js';
import { onHouseholdChanged } from './reevaluate.js';

export interface ExitActor {
  userId: string;
  name: string;
  role: Role;
  scope: string;
}

interface CaseRow {
  county_code: string;
  id: string;
  level: string;
  region_code: string;
  household_id: string | null;
  subject_name: string;
  year: number;
  stage: string;
  notice_started_at: Date | null;
  basis: unknown;
  relapsed_at: Date | null;
  created_at: Date | string;
  region_name?: string;
}

const notAllowed = (reason: string, extra: Record<string, unknown> = {}) =>
  new AppError('EXIT_NOT_ALLOWED', { reason, ...extra });

/** A case as the API lists it; its notice ends after the exit setting's days for its level. */
function presentCase(row: CaseRow, regionName: string, settings: ExitSettings): ExitCaseView {
  const noticeDays = settings.noticeDays[row.level as ExitLevel];
  return {
    key: householdKey(row.county_code, row.id),
    level: row.level as ExitLevel,
    regionCode: row.region_code,
    regionName,
    householdKey: row.household_id ? householdKey(row.county_code, row.household_id) : null,
    subjectName: row.subject_name,
    year: row.year,
    stage: row.stage as ExitStage,
    noticeStartedAt: row.notice_started_at ? row.notice_started_at.toISOString() : null,
    noticeEndsAt: row.notice_started_at ? exitNoticeEndsAt(row.notice_started_at, noticeDays).toISOString() : null,
    relapsedAt: row.relapsed_at ? row.relapsed_at.toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

async function regionName(tx: Tx, code: string): Promise<string> {
  const r = await tx.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? code;
}

export interface ProposeInput {
  level: ExitLevel;
  year: number;
  /** Household cases: the household's key. */
  householdKey?: string | undefined;
  /** Village and county cases: the region's code. */
  regionCode?: string | undefined;
  note?: string | undefined;
}

interface Subject {
  countyCode: string;
  regionCode: string;
  householdId: string | null;
  name: string;
  basis: Record<string, unknown>;
}

async function householdSubject(tx: Tx, actor: ExitActor, key: string, year: number): Promise<Subject> {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  const h = await tx
    .selectFrom('households')
    .select(['village_code', 'head_name', 'status'])
    .where('county_code', '=', parsed.countyCode)
    .where('id', '=', parsed.id)
    .executeTakeFirst();
  if (!h) {
    const found = await sql<{ village: string | null }>`
      select fupin_household_village(${parsed.countyCode}, ${parsed.id}::bigint) as village`.execute(tx);
    const village = found.rows[0]?.village;
    if (village && !isWithinScope(actor.scope, village)) throw outOfScope();
    throw notFound();
  }
  assertRegionInScope(actor.scope, h.village_code);
  if (!isHouseholdStatus(h.status) || statusAfter(h.status, 'exit') === null) throw notAllowed('notPoor');
  const result = await tx
    .selectFrom('household_exit_results')
    .select(['eligible', 'reasons', 'per_capita', 'line'])
    .where('county_code', '=', parsed.countyCode)
    .where('household_id', '=', parsed.id)
    .where('year', '=', year)
    .executeTakeFirst();
  if (!result) throw new AppError('NOT_EVALUATED', { year });
  if (!result.eligible) throw notAllowed('notEligible', { reasons: result.reasons });
  return {
    countyCode: parsed.countyCode,
    regionCode: h.village_code,
    householdId: parsed.id,
    name: h.head_name,
    basis: { eligible: true, perCapita: result.per_capita, line: result.line, status: h.status },
  };
}

async function regionSubject(tx: Tx, actor: ExitActor, level: 'village' | 'county', code: string, year: number) {
  assertRegionInScope(actor.scope, code);
  const region = await tx
    .selectFrom('regions')
    .select(['name', 'level', 'poor_designation'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!region || region.level !== level) throw new AppError('VALIDATION', { field: 'regionCode' });
  if (region.poor_designation === null) throw notAllowed('notPoor');
  const exited = await tx.selectFrom('region_exits').select('year').where('region_code', '=', code).executeTakeFirst();
  if (exited) throw notAllowed('alreadyExited', { year: exited.year });
  const result = await regionResult(tx, level, code, year);
  if (!result) throw new AppError('NOT_EVALUATED', { year });
  if (result.stale) throw notAllowed('stale');
  if (!result.eligible) throw notAllowed('notEligible', { reasons: result.reasons });
  return {
    countyCode: code.slice(0, 6),
    regionCode: code,
    householdId: null,
    name: region.name,
    basis: { eligible: true, poorPeople: result.poor_people, ruralPopulation: result.rural_population },
  };
}

async function regionResult(tx: Tx, level: 'village' | 'county', code: string, year: number) {
  return level === 'village'
    ? tx
        .selectFrom('village_exit_results')
        .select(['eligible', 'stale', 'reasons', 'poor_people', 'rural_population'])
        .where('county_code', '=', code.slice(0, 6))
        .where('village_code', '=', code)
        .where('year', '=', year)
        .executeTakeFirst()
    : tx
        .selectFrom('county_exit_results')
        .select(['eligible', 'stale', 'reasons', 'poor_people', 'rural_population'])
        .where('county_code', '=', code)
        .where('year', '=', year)
        .executeTakeFirst();
}

/**
 * Proposes an exit: only for a poor household, village or county whose result for the year meets
 * the standard (and, for villages and counties, is not stale), and only one open case at a time.
 */
export async function proposeExit(tx: Tx, actor: ExitActor, input: ProposeInput, now: Date): Promise<ExitCaseView> {
  if (!officeReaches(actor.role, PROPOSE_OFFICE[input.level])) throw forbidden();
  let subject: Subject;
  if (input.level === 'household') {
    if (!input.householdKey) throw new AppError('VALIDATION', { field: 'householdKey' });
    subject = await householdSubject(tx, actor, input.householdKey, input.year);
  } else {
    if (!input.regionCode) throw new AppError('VALIDATION', { field: 'regionCode' });
    subject = await regionSubject(tx, actor, input.level, input.regionCode, input.year);
  }
  const open = await tx
    .selectFrom('exit_cases')
    .select('id')
    .where('level', '=', input.level)
    .where('stage', 'not in', ['exited', 'rejected'])
    .where((eb) =>
      subject.householdId
        ? eb.and([eb('county_code', '=', subject.countyCode), eb('household_id', '=', subject.householdId)])
        : eb('region_code', '=', subject.regionCode),
    )
    .executeTakeFirst();
  if (open) throw notAllowed('openCase', { caseKey: householdKey(subject.countyCode, open.id) });
  const row = await tx
    .insertInto('exit_cases')
    .values({
      county_code: subject.countyCode,
      level: input.level,
      region_code: subject.regionCode,
      household_id: subject.householdId,
      subject_name: subject.name,
      year: input.year,
      basis: JSON.stringify(subject.basis),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertStep(tx, row as CaseRow, actor, 'propose', 'pass', { note: input.note }, now);
  const view = presentCase(row as CaseRow, await regionName(tx, subject.regionCode), await getSetting(tx, 'exit'));
  await recordAudit(tx, {
    action: `exit.${input.level}.propose`,
    entity: 'exit_case',
    entityId: view.key,
    regionCode: subject.regionCode,
    after: { level: input.level, year: input.year, subject: subject.name, householdKey: view.householdKey },
  });
  return view;
}

async function insertStep(
  tx: Tx,
  row: CaseRow,
  actor: ExitActor,
  step: ExitStep | 'propose',
  outcome: 'pass' | 'fail',
  input: { note?: string | undefined; objection?: string | undefined; details?: Record<string, unknown> | undefined },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('exit_steps')
    .values({
      county_code: row.county_code,
      case_id: row.id,
      region_code: row.region_code,
      step,
      outcome,
      note: input.note ?? null,
      objection: input.objection ?? null,
      details: input.details ? JSON.stringify(input.details) : null,
      actor_id: actor.userId,
      actor_name: actor.name,
      at: now,
    })
    .execute();
}

async function loadCase(tx: Tx, scope: string, key: string, forUpdate: boolean): Promise<CaseRow> {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  let q = tx
    .selectFrom('exit_cases')
    .selectAll()
    .where('county_code', '=', parsed.countyCode)
    .where('id', '=', parsed.id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) {
    const found = await sql<{ region: string | null }>`
      select fupin_exit_case_region(${parsed.countyCode}, ${parsed.id}::bigint) as region`.execute(tx);
    const region = found.rows[0]?.region;
    if (region && !isWithinScope(scope, region)) throw outOfScope();
    throw notFound();
  }
  if (!isWithinScope(scope, row.region_code)) throw outOfScope();
  return row as CaseRow;
}

/** A case with its steps, oldest first, and the result it rested on. */
export async function getExitCase(
  tx: Tx,
  scope: string,
  key: string,
): Promise<ExitCaseView & { steps: ExitStepRecord[]; basis: unknown }> {
  const row = await loadCase(tx, scope, key, false);
  const steps = await tx
    .selectFrom('exit_steps')
    .selectAll()
    .where('county_code', '=', row.county_code)
    .where('case_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    ...presentCase(row, await regionName(tx, row.region_code), await getSetting(tx, 'exit')),
    basis: row.basis,
    steps: steps.map((s) => ({
      step: s.step as ExitStep | 'propose',
      outcome: s.outcome as 'pass' | 'fail',
      note: s.note,
      objection: s.objection,
      details: (s.details ?? null) as Record<string, unknown> | null,
      actorName: s.actor_name,
      at: new Date(s.at).toISOString(),
    })),
  };
}

/** Cases under a region, optionally of one level and stage. */
export async function listExitCases(
  tx: Tx,
  scope: string,
  filter: { regionCode: string; level?: ExitLevel | undefined; stage?: ExitStage | undefined; limit: number },
): Promise<ExitCaseView[]> {
  assertRegionInScope(scope, filter.regionCode);
  let q = tx
    .selectFrom('exit_cases as c')
    .innerJoin('regions as r', 'r.code', 'c.region_code')
    .selectAll('c')
    .select('r.name as region_name')
    .where('c.region_code', '>=', filter.regionCode)
    .where('c.region_code', '<', `${filter.regionCode}:`);
  if (filter.level) q = q.where('c.level', '=', filter.level);
  if (filter.stage) q = q.where('c.stage', '=', filter.stage);
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit).execute();
  const settings = await getSetting(tx, 'exit');
  return rows.map((r) => presentCase(r as CaseRow, r.region_name, settings));
}

export interface ExitStepInput {
  step: ExitStep;
  outcome: 'pass' | 'fail';
  note?: string | undefined;
  objection?: string | undefined;
  /** Work-team check: 不愁吃, 不愁穿 confirmed on the visit. */
  foodSecure?: boolean | undefined;
  clothingSecure?: boolean | undefined;
  /** Household agreement: who signed and on which day. */
  signedBy?: string | undefined;
  signedOn?: string | undefined;
}

/** The step's own requirements when it passes; null when met. */
async function stepRequirement(tx: Tx, row: CaseRow, input: ExitStepInput): Promise<string | null> {
  if (input.outcome === 'fail') return input.note?.trim() ? null : 'noteRequired';
  if (input.step === 'teamCheck' && !(input.foodSecure === true && input.clothingSecure === true))
    return 'confirmationMissing';
  if (
    input.step === 'agree' &&
    !(input.signedBy?.trim() && input.signedOn && /^\d{4}-\d{2}-\d{2}$/.test(input.signedOn))
  )
    return 'signatureMissing';
  // The decisive steps look at the result again: a change since the proposal re-evaluated it.
  const decisive =
    (row.level === 'household' && input.step === 'announce') ||
    (row.level === 'village' && input.step === 'countyReview') ||
    (row.level === 'county' && input.step === 'provinceReview');
  if (!decisive) return null;
  if (row.level === 'household') {
    const r = await tx
      .selectFrom('household_exit_results')
      .select('eligible')
      .where('county_code', '=', row.county_code)
      .where('household_id', '=', row.household_id ?? '0')
      .where('year', '=', row.year)
      .executeTakeFirst();
    return r?.eligible ? null : 'notEligible';
  }
  const r = await regionResult(tx, row.level === 'village' ? 'village' : 'county', row.region_code, row.year);
  if (!r) return 'notEligible';
  if (r.stale) return 'stale';
  return r.eligible ? null : 'notEligible';
}

/** The announcement's effect: the household's status changes, or the village or county is marked exited. */
async function applyExit(tx: Tx, row: CaseRow, key: string, now: Date): Promise<void> {
  if (row.level !== 'household') {
    await tx
      .insertInto('region_exits')
      .values({
        region_code: row.region_code,
        county_code: row.county_code,
        level: row.level,
        year: row.year,
        case_id: row.id,
        exited_at: now,
      })
      .execute();
    return;
  }
  const id = row.household_id ?? '0';
  const h = await tx
    .selectFrom('households')
    .select(['status', 'size', 'version'])
    .where('county_code', '=', row.county_code)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const next = isHouseholdStatus(h.status) ? statusAfter(h.status, 'exit') : null;
  if (!next) throw new AppError('STEP_NOT_ALLOWED', { reason: 'notPoor' });
  await tx
    .updateTable('households')
    .set({ status: next, exit_year: row.year, version: sql`version + 1`, updated_at: now })
    .where('county_code', '=', row.county_code)
    .where('id', '=', id)
    .execute();
  await tx
    .insertInto('household_history')
    .values({
      county_code: row.county_code,
      household_id: id,
      village_code: row.region_code,
      year: row.year,
      change: 'exit',
      reason: `退出公告 ${key}`,
      snapshot: JSON.stringify({ status: next, size: h.size, exitYear: row.year, exitCase: key }),
    })
    .execute();
  await recordAudit(tx, {
    action: 'household.exit',
    entity: 'household',
    entityId: householdKey(row.county_code, id),
    regionCode: row.region_code,
    before: { status: h.status },
    after: { status: next, exitYear: row.year, exitCase: key },
  });
  await onHouseholdChanged(tx, row.county_code, id, 'exit');
}

/**
 * Records the next step of an exit case. Refused when out of order, before the notice has run its
 * period, by a role below the step's level, or without the step's own confirmations; the
 * announcement changes the household's status (or marks the village or county exited) in the
 * same transaction.
 */
export async function takeExitStep(
  tx: Tx,
  actor: ExitActor,
  key: string,
  input: ExitStepInput,
  now: Date,
): Promise<ExitCaseView> {
  const row = await loadCase(tx, actor.scope, key, true);
  const level = row.level as ExitLevel;
  const transition = exitTransition(level, input.step);
  if (transition && !officeReaches(actor.role, transition.office)) throw forbidden();
  const settings = await getSetting(tx, 'exit');
  const refusal = canTakeExitStep(
    level,
    input.step,
    row.stage as ExitStage,
    row.notice_started_at,
    now,
    settings.noticeDays[level],
  );
  if (refusal) throw new AppError('STEP_NOT_ALLOWED', { reason: refusal, stage: row.stage });
  if (!transition) throw new AppError('STEP_NOT_ALLOWED', { reason: 'notInFlow' });
  const requirement = await stepRequirement(tx, row, input);
  if (requirement) throw new AppError('STEP_NOT_ALLOWED', { reason: requirement, stage: row.stage });
  const stage: ExitStage = input.outcome === 'fail' ? 'rejected' : transition.to;
  const details =
    input.step === 'teamCheck'
      ? { foodSecure: input.foodSecure === true, clothingSecure: input.clothingSecure === true }
      : input.step === 'agree'
        ? { signedBy: input.signedBy?.trim() ?? null, signedOn: input.signedOn ?? null }
        : undefined;
  await insertStep(tx, row, actor, input.step, input.outcome, { ...input, details }, now);
  if (stage === 'exited') await applyExit(tx, row, key, now);
  const startsNotice = input.outcome === 'pass' && input.step === 'startNotice';
  const updated = await tx
    .updateTable('exit_cases')
    .set({
      stage,
      notice_started_at: startsNotice ? now : row.notice_started_at,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('county_code', '=', row.county_code)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: `exit.${level}.${input.step}`,
    entity: 'exit_case',
    entityId: key,
    regionCode: row.region_code,
    before: { stage: row.stage },
    after: { stage, outcome: input.outcome, note: input.note ?? null, objection: input.objection ?? null, details },
  });
  return presentCase(updated as CaseRow, await regionName(tx, row.region_code), settings);
}
