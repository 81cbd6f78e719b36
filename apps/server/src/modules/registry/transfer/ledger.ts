import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../../db/scope.js';
import type { HouseholdIncomesTable, HouseholdsTable, MembersTable } from '../../../db/schema.js';
import { blankRow, type RowTexts } from './columns.js';

// Registered households as sheet rows (one per member, the household's columns on each): what the
// ledger export writes, and what an import compares a file's household with to tell "unchanged".

export interface LedgerHousehold {
  household: Selectable<HouseholdsTable>;
  villageName: string;
  members: Selectable<MembersTable>[];
  /** The income of the year shown (the latest, or the year a file states). */
  income: Selectable<HouseholdIncomesTable> | undefined;
}

export interface HouseholdRef {
  countyCode: string;
  id: string;
}

/**
 * Loads households with members, village names and one year's income in three set-based queries.
 * `incomeYear` picks the year per household (default: the household's latest income year).
 */
export async function loadLedger(
  tx: Tx,
  refs: readonly HouseholdRef[],
  incomeYear: (h: Selectable<HouseholdsTable>) => number | null = (h) => h.income_year,
): Promise<LedgerHousehold[]> {
  if (refs.length === 0) return [];
  const counties = refs.map((r) => r.countyCode);
  const ids = refs.map((r) => r.id);
  const keys = sql`(select * from unnest(${counties}::text[], ${ids}::bigint[]))`;
  const households = await tx
    .selectFrom('households as h')
    .innerJoin('regions as v', 'v.code', 'h.village_code')
    .selectAll('h')
    .select('v.name as village_name')
    .where(sql<boolean>`(h.county_code, h.id) in ${keys}`)
    .execute();
  const members = await tx
    .selectFrom('members as m')
    .selectAll('m')
    .where(sql<boolean>`(m.county_code, m.household_id) in ${keys}`)
    .orderBy('m.county_code')
    .orderBy('m.household_id')
    .orderBy('m.id')
    .execute();
  const years = households.map((h) => incomeYear(h) ?? 0);
  const incomes = await tx
    .selectFrom('household_incomes as i')
    .selectAll('i')
    .where(
      sql<boolean>`(i.county_code, i.household_id, i.year) in (select * from unnest(${households.map((h) => h.county_code)}::text[], ${households.map((h) => String(h.id))}::bigint[], ${years}::int[]))`,
    )
    .execute();
  const key = (county: string, id: string | number): string => `${county}-${String(id)}`;
  const membersBy = new Map<string, Selectable<MembersTable>[]>();
  for (const m of members) {
    const k = key(m.county_code, m.household_id);
    membersBy.set(k, [...(membersBy.get(k) ?? []), m]);
  }
  const incomeBy = new Map(incomes.map((i) => [key(i.county_code, i.household_id), i]));
  const byKey = new Map(
    households.map((h) => {
      const { village_name, ...household } = h;
      const k = key(h.county_code, h.id);
      return [
        k,
        { household, villageName: village_name, members: membersBy.get(k) ?? [], income: incomeBy.get(k) },
      ] as const;
    }),
  );
  return refs.flatMap((r) => byKey.get(key(r.countyCode, r.id)) ?? []);
}

const yesNo = (b: boolean | null): string => (b === null ? '' : b ? '是' : '否');
const amount = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** The household as sheet rows, unmasked; one row per member in registration order. */
export function ledgerRows(l: LedgerHousehold): RowTexts[] {
  const h = l.household;
  const i = l.income;
  const shared: Partial<RowTexts> = {
    villageCode: h.village_code,
    group: h.group_name ?? '',
    householdNumber: h.household_no,
    headName: h.head_name,
    phone: h.phone ?? '',
    bankName: h.bank_name ?? '',
    bankAccount: h.bank_account ?? '',
    identificationStandard: h.identification_standard,
    attribute: h.attribute,
    mainCause: h.main_cause,
    otherCauses: h.other_causes.join('、'),
    firstIdentified: h.first_identified ?? '',
    incomeYear: i ? String(i.year) : '',
    wages: amount(i?.wages),
    business: amount(i?.business),
    property: amount(i?.property),
    familyPlanning: amount(i?.transfer_family_planning),
    dibao: amount(i?.transfer_dibao),
    destituteSupport: amount(i?.transfer_destitute),
    pension: amount(i?.transfer_pension),
    ecoCompensation: amount(i?.transfer_eco),
    otherTransfer: amount(i?.transfer_other),
    businessExpenses: amount(i?.business_expenses),
    houseGrade: h.house_grade ?? '',
    waterSafe: yesNo(h.water_safe),
  };
  return l.members.map((m) => ({
    ...blankRow(),
    ...shared,
    name: m.name,
    sex: m.sex,
    idNumber: m.disability_cert ?? m.id_number,
    birthDate: m.birth_date === null ? '' : String(m.birth_date).slice(0, 10),
    relation: m.relation,
    ethnicity: m.ethnicity ?? '',
    politicalStatus: m.political_status ?? '',
    education: m.education ?? '',
    schoolStatus: m.school_status ?? '',
    health: m.health ?? '',
    labourSkill: m.labour_skill ?? '',
    monthsWorked: m.months_worked === null ? '' : String(m.months_worked),
    workPlace: m.work_place ?? '',
    hasBasicMedicalInsurance: yesNo(m.has_medical_insurance),
    hasCriticalIllnessInsurance: yesNo(m.has_critical_illness_insurance),
    hasResidentPension: yesNo(m.has_resident_pension),
    receivesDibao: yesNo(m.receives_dibao),
  }));
}
