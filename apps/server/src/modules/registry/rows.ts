import { formatYuan, normaliseIdNumber, summariseIncome, type MemberInput } from '@fupin/domain';
import type { HouseholdWrite } from './service.js';

// The rows a household write becomes: one place for the column mapping, used by the single-household
// services (service.ts, adjustment.ts) and by the set-based registration of many (create.ts).

function sexFromId(idNumber: string): '男' | '女' {
  return Number(idNumber.charAt(16)) % 2 === 1 ? '男' : '女';
}

/** The members row of one member as entered; a disability certificate is split from its ID number. */
export function memberRow(m: MemberInput, countyCode: string, householdId: string, villageCode: string) {
  const idNumber = normaliseIdNumber(m.idNumber ?? '');
  const isCert = idNumber.length === 20;
  return {
    county_code: countyCode,
    household_id: householdId,
    village_code: villageCode,
    name: m.name,
    // A blank sex is read from the ID number (its 17th digit); the checks ensured it is readable.
    sex: m.sex ?? sexFromId(idNumber),
    id_number: isCert ? idNumber.slice(0, 18) : idNumber,
    disability_cert: isCert ? idNumber : null,
    birth_date: m.birthDate ?? null,
    relation: m.relation ?? '其他',
    ethnicity: m.ethnicity ?? null,
    political_status: m.politicalStatus ?? null,
    education: m.education ?? null,
    school_status: m.schoolStatus ?? null,
    health: m.health ?? null,
    labour_skill: m.labourSkill ?? null,
    months_worked: m.monthsWorked ?? null,
    work_place: m.workPlace ?? null,
    has_medical_insurance: m.hasBasicMedicalInsurance ?? null,
    has_critical_illness_insurance: m.hasCriticalIllnessInsurance ?? null,
    has_resident_pension: m.hasResidentPension ?? null,
    receives_dibao: m.receivesDibao ?? null,
  };
}

/**
 * The households columns of a write (the household's facts and living conditions; not its keys),
 * the living conditions as an object.
 */
export function householdFacts(write: HouseholdWrite) {
  const h = write.household;
  const head = h.members.find((m) => m.relation === '户主');
  const living = write.living ?? {};
  const { houseGrade, waterSafe, waterDifficult, ...rest } = living;
  return {
    group_name: h.group ?? null,
    head_name: h.headName ?? head?.name ?? h.members[0]?.name ?? '',
    phone: h.phone ?? null,
    bank_name: h.bankName ?? null,
    bank_account: h.bankAccount ?? null,
    identification_standard: h.identificationStandard ?? '国家',
    attribute: h.attribute ?? '一般贫困户',
    main_cause: h.mainCause ?? '其他',
    other_causes: [...(h.otherCauses ?? [])],
    status: h.status ?? '未脱贫',
    first_identified: h.firstIdentified ?? null,
    exit_year: h.exitYear ?? null,
    relocation_method: h.relocationMethod ?? null,
    relocation_willing: h.relocationWilling ?? null,
    size: h.members.length,
    house_grade: houseGrade ?? null,
    water_safe: waterSafe ?? null,
    water_difficult: waterDifficult ?? null,
    living: rest,
  };
}

/** The households columns of a write, the living conditions as JSON text (an UPDATE's value). */
export function householdColumns(write: HouseholdWrite) {
  const facts = householdFacts(write);
  return { ...facts, living: JSON.stringify(facts.living) };
}

/** The household_incomes row of a write's yearly income, and the per-capita figure kept on the household. */
export function incomeRow(
  income: NonNullable<HouseholdWrite['income']>,
  countyCode: string,
  householdId: string,
  villageCode: string,
  size: number,
) {
  const { year, ...input } = income;
  const s = summariseIncome(input, size);
  const t = input.transfers;
  return {
    county_code: countyCode,
    household_id: householdId,
    year,
    village_code: villageCode,
    wages: input.wages,
    business: input.business,
    property: input.property,
    transfer_family_planning: t.familyPlanning,
    transfer_dibao: t.dibao,
    transfer_destitute: t.destituteSupport,
    transfer_pension: t.pension,
    transfer_eco: t.ecoCompensation,
    transfer_other: t.other,
    business_expenses: input.businessExpenses,
    net_income: formatYuan(s.netFen),
    per_capita: s.perCapitaFen === null ? null : formatYuan(s.perCapitaFen),
  };
}

/** The audit log keeps what changed; ID numbers are kept (the log is access-controlled), bank accounts are not. */
export function redactForAudit(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) => (k === 'bankAccount' && typeof v === 'string' ? `****${v.slice(-4)}` : v)),
  );
}
