import { sql, type Selectable } from 'kysely';
import {
  checkHousehold,
  maskBankAccount,
  chinaDate,
  hasErrors,
  isWithinScope,
  normaliseIdNumber,
  type HouseholdDetail,
  type HouseholdInput,
  type HouseholdLiving,
  type HouseholdSummary,
  type Issue,
  type YearlyIncomeInput,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import type { HouseholdsTable, MembersTable } from '../../db/schema.js';
import { AppError, notFound, outOfScope } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { assertRegionInScope, regionPath } from '../regions/service.js';
import { parseHouseholdKey, presentIncome, presentMember, presentSummary } from './presenter.js';
import { createHouseholds } from './create.js';
import { onHouseholdChanged } from '../exit/reevaluate.js';
import { householdColumns, incomeRow, memberRow, redactForAudit } from './rows.js';

export { memberRow };

export interface HouseholdFilter {
  regionCode?: string | undefined;
  status?: string | undefined;
  attribute?: string | undefined;
  mainCause?: string | undefined;
  incomeMin?: number | undefined;
  incomeMax?: number | undefined;
  /** A member's name (exact) or ID number (exact, 18 digits). */
  q?: string | undefined;
  limit: number;
  /** Keyset cursor from the previous page. */
  after?: string | undefined;
}

export interface HouseholdPage {
  items: HouseholdSummary[];
  next: string | null;
}

function encodeCursor(villageCode: string, id: string): string {
  return Buffer.from(`${villageCode}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { villageCode: string; id: string } {
  const [villageCode, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!villageCode || !id || !/^\d{12}$/.test(villageCode) || !/^\d+$/.test(id))
    throw new AppError('VALIDATION', { field: 'after' });
  return { villageCode, id };
}

/**
 * Households under a region, filtered, in (village, id) order with keyset pagination: each page
 * is an index range scan from the cursor, however deep the page.
 */
export async function listHouseholds(
  tx: Tx,
  scope: string,
  personal: boolean,
  filter: HouseholdFilter,
): Promise<HouseholdPage> {
  const under = filter.regionCode ?? scope;
  assertRegionInScope(scope, under);
  let q = tx
    .selectFrom('households as h')
    .innerJoin('regions as v', 'v.code', 'h.village_code')
    .select([
      'h.county_code',
      'h.id',
      'h.village_code',
      'h.household_no',
      'h.head_name',
      'h.phone',
      'h.attribute',
      'h.main_cause',
      'h.status',
      'h.size',
      'h.per_capita_income',
      'h.income_year',
      'h.version',
      'v.name as village_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('members as m')
        .select('m.id_number')
        .whereRef('m.county_code', '=', 'h.county_code')
        .whereRef('m.household_id', '=', 'h.id')
        .where('m.relation', '=', '户主')
        .limit(1)
        .as('head_id_number'),
    )
    .where('h.village_code', '>=', under)
    .where('h.village_code', '<', `${under}:`)
    // The same range on the joined village lets its scope policy use the primary key, not a scan.
    .where('v.code', '>=', under)
    .where('v.code', '<', `${under}:`);
  // No extra county_code = … predicate: the village range implies it, and PostgreSQL, not knowing
  // the two are correlated, would then under-estimate the rows and sort a whole county (77 ms)
  // instead of reading the (village_code, id) index in order and stopping at the page (0.1 ms).
  if (filter.status) q = q.where('h.status', '=', filter.status);
  if (filter.attribute) q = q.where('h.attribute', '=', filter.attribute);
  if (filter.mainCause) q = q.where('h.main_cause', '=', filter.mainCause);
  if (filter.incomeMin !== undefined) q = q.where('h.per_capita_income', '>=', String(filter.incomeMin));
  if (filter.incomeMax !== undefined) q = q.where('h.per_capita_income', '<=', String(filter.incomeMax));
  if (filter.q) {
    const term = filter.q.trim();
    const byId = /^\d{17}[\dXx]$/.test(term);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('members as m')
          .select('m.id')
          .whereRef('m.county_code', '=', 'h.county_code')
          .whereRef('m.household_id', '=', 'h.id')
          .where(byId ? 'm.id_number' : 'm.name', '=', byId ? normaliseIdNumber(term) : term),
      ),
    );
  }
  if (filter.after) {
    const c = decodeCursor(filter.after);
    q = q.where((eb) =>
      eb.or([
        eb('h.village_code', '>', c.villageCode),
        eb.and([eb('h.village_code', '=', c.villageCode), eb('h.id', '>', c.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('h.village_code')
    .orderBy('h.id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentSummary(r, personal)),
    next: rows.length > filter.limit && last ? encodeCursor(last.village_code, String(last.id)) : null,
  };
}

/** Living conditions recorded on the form (生产生活条件). */
export type LivingInput = HouseholdLiving;

/** What a registration form sends: the household, its members, and optionally a year's income. */
export interface HouseholdWrite {
  household: HouseholdInput & { headName?: string };
  living?: LivingInput | undefined;
  income?: (YearlyIncomeInput & { year: number }) | undefined;
}

function resolveKey(scope: string, key: string): { countyCode: string; id: string } {
  const parsed = parseHouseholdKey(key);
  if (!parsed) throw notFound();
  if (!isWithinScope(scope, parsed.countyCode) && !isWithinScope(parsed.countyCode, scope)) throw outOfScope();
  return parsed;
}

async function loadHousehold(
  tx: Tx,
  scope: string,
  key: string,
  forUpdate: boolean,
): Promise<Selectable<HouseholdsTable>> {
  const { countyCode, id } = resolveKey(scope, key);
  let q = tx.selectFrom('households').selectAll().where('county_code', '=', countyCode).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) {
    // Row-level security hides households outside the scope: tell those apart from missing ones.
    const exists = await sql<{
      village: string | null;
    }>`select fupin_household_village(${countyCode}, ${id}::bigint) as village`.execute(tx);
    const village = exists.rows[0]?.village;
    if (village && !isWithinScope(scope, village)) throw outOfScope();
    throw notFound();
  }
  if (!isWithinScope(scope, row.village_code)) throw outOfScope();
  return row;
}

/** One household with members, incomes and the region path; personal data masked unless `personal`. */
export async function getHousehold(tx: Tx, scope: string, personal: boolean, key: string): Promise<HouseholdDetail> {
  const h = await loadHousehold(tx, scope, key, false);
  const [members, incomes, path] = await Promise.all([
    tx
      .selectFrom('members')
      .selectAll()
      .where('county_code', '=', h.county_code)
      .where('household_id', '=', h.id)
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('household_incomes')
      .selectAll()
      .where('county_code', '=', h.county_code)
      .where('household_id', '=', h.id)
      .orderBy('year', 'desc')
      .execute(),
    regionPath(tx, h.village_code),
  ]);
  const village = path[path.length - 1];
  const head = members.find((m) => m.relation === '户主');
  const summary = presentSummary(
    { ...h, village_name: village?.name ?? h.village_code, head_id_number: head?.id_number ?? null },
    personal,
  );
  const living = (h.living ?? {}) as LivingInput;
  return {
    ...summary,
    countyCode: h.county_code,
    group: h.group_name,
    bankName: h.bank_name,
    bankAccount: h.bank_account === null ? null : personal ? h.bank_account : maskBankAccount(h.bank_account),
    identificationStandard: h.identification_standard,
    otherCauses: h.other_causes,
    firstIdentified: h.first_identified,
    exitYear: h.exit_year,
    relocationMethod: h.relocation_method,
    relocationWilling: h.relocation_willing,
    living: {
      ...living,
      houseGrade: (h.house_grade as LivingInput['houseGrade']) ?? null,
      waterSafe: h.water_safe,
      waterDifficult: h.water_difficult,
    },
    members: members.map((m) => presentMember(m, personal)),
    incomes: incomes.map(presentIncome),
    path,
  };
}

/** Runs the data-quality checks; errors refuse the write (422 with every issue), warnings pass. */
export function validate(write: HouseholdWrite): Issue[] {
  const issues = checkHousehold(write.household, { asOf: chinaDate(new Date()), requireVillageCommittee: true });
  if (hasErrors(issues)) throw new AppError('RECORD_INVALID', { issues });
  return issues;
}

/** Refuses ID numbers registered in another household anywhere in the province. */
export async function assertIdsFree(
  tx: Tx,
  idNumbers: string[],
  ownHousehold: { countyCode: string; id: string } | null,
): Promise<void> {
  if (idNumbers.length === 0) return;
  const taken = await sql<{ id_number: string; county_code: string; household_id: string }>`
    select p.id_number, p.county_code, p.household_id::text as household_id
    from unnest(${idNumbers}::text[]) as i(id)
    cross join lateral fupin_id_owner(i.id) as p
    where p.id_number is not null`.execute(tx);
  const conflicts = taken.rows.filter(
    (r) => !ownHousehold || r.county_code !== ownHousehold.countyCode || r.household_id !== ownHousehold.id,
  );
  if (conflicts.length) {
    throw new AppError('ID_CONFLICT', { idNumbers: conflicts.map((c) => c.id_number) });
  }
}

function memberRows(write: HouseholdWrite, countyCode: string, householdId: string, villageCode: string) {
  return write.household.members.map((m) => memberRow(m, countyCode, householdId, villageCode));
}

async function writeMembers(
  tx: Tx,
  write: HouseholdWrite,
  countyCode: string,
  householdId: string,
  villageCode: string,
): Promise<Selectable<MembersTable>[]> {
  const inserted = await tx
    .insertInto('members')
    .values(memberRows(write, countyCode, householdId, villageCode))
    .returningAll()
    .execute();
  const real = inserted.filter((m) => /^\d{17}[\dX]$/.test(m.id_number) && !/^(\d)\1+/.test(m.id_number.slice(0, 6)));
  if (real.length) {
    await tx
      .insertInto('person_ids')
      .values(
        real.map((m) => ({
          id_number: m.id_number,
          county_code: countyCode,
          member_id: String(m.id),
          household_id: householdId,
          village_code: villageCode,
        })),
      )
      .execute();
  }
  return inserted;
}

async function writeIncome(
  tx: Tx,
  write: HouseholdWrite,
  countyCode: string,
  householdId: string,
  villageCode: string,
  size: number,
): Promise<{ year: number; perCapita: string | null } | null> {
  if (!write.income) return null;
  const row = incomeRow(write.income, countyCode, householdId, villageCode, size);
  await tx
    .insertInto('household_incomes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['county_code', 'household_id', 'year']).doUpdateSet((eb) => ({
        wages: eb.ref('excluded.wages'),
        business: eb.ref('excluded.business'),
        property: eb.ref('excluded.property'),
        transfer_family_planning: eb.ref('excluded.transfer_family_planning'),
        transfer_dibao: eb.ref('excluded.transfer_dibao'),
        transfer_destitute: eb.ref('excluded.transfer_destitute'),
        transfer_pension: eb.ref('excluded.transfer_pension'),
        transfer_eco: eb.ref('excluded.transfer_eco'),
        transfer_other: eb.ref('excluded.transfer_other'),
        business_expenses: eb.ref('excluded.business_expenses'),
        net_income: eb.ref('excluded.net_income'),
        per_capita: eb.ref('excluded.per_capita'),
      })),
    )
    .execute();
  return { year: row.year, perCapita: row.per_capita };
}

async function recordHistory(
  tx: Tx,
  h: { county_code: string; id: string; village_code: string },
  change: string,
  reason: string | null,
  snapshot: unknown,
): Promise<void> {
  await tx
    .insertInto('household_history')
    .values({
      county_code: h.county_code,
      household_id: h.id,
      village_code: h.village_code,
      year: new Date().getFullYear(),
      change,
      reason,
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
}

/** Registers a household with its members (all checks enforced), audited, in the caller's transaction. */
export async function createHousehold(
  tx: Tx,
  scope: string,
  write: HouseholdWrite,
): Promise<{ key: string; warnings: Issue[] }> {
  // createHouseholds also re-evaluates the new household for exit, as it does an import's.
  const { created, refused } = await createHouseholds(tx, scope, [write]);
  const [done] = created;
  if (done) return { key: done.key, warnings: done.warnings };
  throw refused[0]?.error ?? new AppError('VALIDATION');
}

/**
 * Replaces a household's facts and members when `version` is still current; a stale version
 * (someone saved in between) is refused with VERSION_CONFLICT and nothing is written.
 */
export async function updateHousehold(
  tx: Tx,
  scope: string,
  key: string,
  version: number,
  write: HouseholdWrite,
): Promise<{ key: string; version: number; warnings: Issue[] }> {
  const current = await loadHousehold(tx, scope, key, true);
  if (current.version !== version) throw new AppError('VERSION_CONFLICT', { current: current.version });
  if (write.household.villageCode !== current.village_code)
    throw new AppError('VALIDATION', { field: 'villageCode', reason: 'moves use the yearly adjustment' });
  const warnings = validate(write);
  const id = String(current.id);
  const ids = write.household.members.map((m) => normaliseIdNumber(m.idNumber ?? '').slice(0, 18));
  await assertIdsFree(tx, ids, { countyCode: current.county_code, id });
  const before = await getHousehold(tx, scope, true, key);
  await tx
    .deleteFrom('person_ids')
    .where('county_code', '=', current.county_code)
    .where('household_id', '=', id)
    .execute();
  await tx
    .deleteFrom('members')
    .where('county_code', '=', current.county_code)
    .where('household_id', '=', id)
    .execute();
  await writeMembers(tx, write, current.county_code, id, current.village_code);
  const income = await writeIncome(
    tx,
    write,
    current.county_code,
    id,
    current.village_code,
    write.household.members.length,
  );
  const updated = await tx
    .updateTable('households')
    .set({
      ...householdColumns(write),
      household_no: write.household.householdNumber ?? current.household_no,
      ...(income ? { income_year: income.year, per_capita_income: income.perCapita } : {}),
      version: sql`version + 1`,
      updated_at: new Date(),
    })
    .where('county_code', '=', current.county_code)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!updated) throw new AppError('VERSION_CONFLICT');
  await recordHistory(tx, current, 'updated', null, write);
  await recordAudit(tx, {
    action: 'household.update',
    entity: 'household',
    entityId: key,
    regionCode: current.village_code,
    before: redactForAudit(before),
    after: redactForAudit(write),
  });
  await onHouseholdChanged(tx, current.county_code, id);
  return { key, version: updated.version, warnings };
}

export interface DuplicateId {
  idNumber: string;
  households: { key: string; villageCode: string; villageName: string; name: string }[];
}

/** ID numbers that appear in more than one household (or twice in one) inside the scope. */
export async function duplicateIds(tx: Tx, scope: string, regionCode: string, limit: number): Promise<DuplicateId[]> {
  assertRegionInScope(scope, regionCode);
  const upper = `${regionCode}:`;
  const rows = await sql<{
    id_number: string;
    entries: { key: string; villageCode: string; villageName: string; name: string }[];
  }>`
    select m.id_number,
           json_agg(json_build_object('key', m.county_code || '-' || m.household_id, 'villageCode', m.village_code,
             'villageName', v.name, 'name', m.name) order by m.county_code, m.household_id) as entries
    from members m join regions v on v.code = m.village_code
    where m.village_code >= ${regionCode} and m.village_code < ${upper}
      and m.id_number in (
        select id_number from members
        where village_code >= ${regionCode} and village_code < ${upper}
        group by id_number having count(*) > 1)
    group by m.id_number
    order by m.id_number
    limit ${limit}`.execute(tx);
  return rows.rows.map((r) => ({ idNumber: r.id_number, households: r.entries }));
}
