import {
  MASKED_HEALTH,
  maskIdNumber,
  maskPhone,
  type HouseholdSummary,
  type IncomeView,
  type MemberView,
} from '@fupin/domain';
import type { Selectable } from 'kysely';
import type { HouseholdIncomesTable, HouseholdsTable, MembersTable } from '../../db/schema.js';

/** The key of a household in URLs: county code and id, the table's primary key. */
export function householdKey(countyCode: string, id: string | number): string {
  return `${countyCode}-${id}`;
}

/** Splits a household key; undefined when malformed. */
export function parseHouseholdKey(key: string): { countyCode: string; id: string } | undefined {
  const m = /^(\d{6})-(\d{1,18})$/.exec(key);
  return m?.[1] && m[2] ? { countyCode: m[1], id: m[2] } : undefined;
}

type ListRow = Pick<
  Selectable<HouseholdsTable>,
  | 'county_code'
  | 'id'
  | 'village_code'
  | 'household_no'
  | 'head_name'
  | 'phone'
  | 'attribute'
  | 'main_cause'
  | 'status'
  | 'size'
  | 'per_capita_income'
  | 'income_year'
  | 'version'
> & { village_name: string; head_id_number: string | null };

/** A list row; ID number and phone masked unless `personal`. */
export function presentSummary(row: ListRow, personal: boolean): HouseholdSummary {
  return {
    key: householdKey(row.county_code, row.id),
    villageCode: row.village_code,
    villageName: row.village_name,
    householdNo: row.household_no,
    headName: row.head_name,
    headIdNumber: row.head_id_number === null ? null : personal ? row.head_id_number : maskIdNumber(row.head_id_number),
    phone: row.phone === null ? null : personal ? row.phone : maskPhone(row.phone),
    attribute: row.attribute,
    mainCause: row.main_cause,
    status: row.status,
    size: row.size,
    perCapitaIncome: row.per_capita_income === null ? null : Number(row.per_capita_income),
    incomeYear: row.income_year,
    version: row.version,
  };
}

/** A member; ID number, disability certificate and health masked unless `personal`. */
export function presentMember(m: Selectable<MembersTable>, personal: boolean): MemberView {
  return {
    id: String(m.id),
    name: m.name,
    sex: m.sex,
    idNumber: personal ? m.id_number : maskIdNumber(m.id_number),
    disabilityCert: m.disability_cert === null ? null : personal ? m.disability_cert : maskIdNumber(m.disability_cert),
    birthDate: m.birth_date,
    relation: m.relation,
    ethnicity: m.ethnicity,
    politicalStatus: m.political_status,
    education: m.education,
    schoolStatus: m.school_status,
    health: m.health === null ? null : personal ? m.health : MASKED_HEALTH,
    labourSkill: m.labour_skill,
    monthsWorked: m.months_worked,
    workPlace: m.work_place,
    hasBasicMedicalInsurance: m.has_medical_insurance,
    hasCriticalIllnessInsurance: m.has_critical_illness_insurance,
    hasResidentPension: m.has_resident_pension,
    receivesDibao: m.receives_dibao,
  };
}

/** A year's income. */
export function presentIncome(r: Selectable<HouseholdIncomesTable>): IncomeView {
  return {
    year: r.year,
    wages: Number(r.wages),
    business: Number(r.business),
    property: Number(r.property),
    transfers: {
      familyPlanning: Number(r.transfer_family_planning),
      dibao: Number(r.transfer_dibao),
      destituteSupport: Number(r.transfer_destitute),
      pension: Number(r.transfer_pension),
      ecoCompensation: Number(r.transfer_eco),
      other: Number(r.transfer_other),
    },
    businessExpenses: Number(r.business_expenses),
    netIncome: Number(r.net_income),
    perCapita: r.per_capita === null ? null : Number(r.per_capita),
  };
}
