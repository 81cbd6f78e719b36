import {
  isDangerousHouseGrade,
  isEducationLevel,
  isEthnicity,
  isFuelType,
  isHealthStatus,
  isHouseholdAttribute,
  isHouseholdStatus,
  isIdentificationStandard,
  isLabourSkill,
  isPoliticalStatus,
  isPovertyCause,
  isRelationToHead,
  isRelocationMethod,
  isRoadType,
  isSchoolStatus,
  isSex,
  TRANSFER_KINDS,
} from '@fupin/domain';
import type { HouseholdDetail, MemberView } from '../../api/registry';
import type { HouseholdFormValues, IncomeValues, MemberValues } from './householdForm';

// A stored household back into the registration form, keeping only values the enumerations know.

function optional<T>(value: string | null, guard: (value: unknown) => value is T): T | undefined {
  return guard(value) ? value : undefined;
}

function flag(value: boolean | null | undefined): boolean | undefined {
  return value ?? undefined;
}

function fromMember(m: MemberView): MemberValues {
  return {
    relation: optional(m.relation, isRelationToHead),
    name: m.name,
    sex: optional(m.sex, isSex),
    idNumber: m.disabilityCert ?? m.idNumber,
    birthDate: m.birthDate ?? undefined,
    ethnicity: optional(m.ethnicity, isEthnicity),
    politicalStatus: optional(m.politicalStatus, isPoliticalStatus),
    education: optional(m.education, isEducationLevel),
    schoolStatus: optional(m.schoolStatus, isSchoolStatus),
    health: optional(m.health, isHealthStatus),
    labourSkill: optional(m.labourSkill, isLabourSkill),
    monthsWorked: m.monthsWorked,
    workPlace: m.workPlace ?? undefined,
    hasBasicMedicalInsurance: flag(m.hasBasicMedicalInsurance),
    hasCriticalIllnessInsurance: flag(m.hasCriticalIllnessInsurance),
    hasResidentPension: flag(m.hasResidentPension),
    receivesDibao: flag(m.receivesDibao),
  };
}

/** The form pre-filled from a stored household; the latest year's income is offered for editing. */
export function fromDetail(h: HouseholdDetail, incomeYear: number): HouseholdFormValues {
  const l = h.living;
  const latest = h.incomes[0];
  const transfers: IncomeValues['transfers'] = {};
  if (latest) for (const kind of TRANSFER_KINDS) transfers[kind] = latest.transfers[kind];
  return {
    household: {
      villageCode: h.villageCode,
      group: h.group ?? undefined,
      householdNumber: h.householdNo,
      phone: h.phone ?? undefined,
      bankName: h.bankName ?? undefined,
      bankAccount: h.bankAccount ?? undefined,
      identificationStandard: optional(h.identificationStandard, isIdentificationStandard),
      attribute: optional(h.attribute, isHouseholdAttribute),
      mainCause: optional(h.mainCause, isPovertyCause),
      otherCauses: h.otherCauses.filter(isPovertyCause),
      status: optional(h.status, isHouseholdStatus),
      firstIdentified: h.firstIdentified ?? undefined,
      exitYear: h.exitYear,
      relocationMethod: optional(h.relocationMethod, isRelocationMethod),
      relocationWilling: flag(h.relocationWilling),
    },
    members: h.members.map(fromMember),
    living: {
      houseGrade: optional(l.houseGrade ?? null, isDangerousHouseGrade),
      waterSafe: flag(l.waterSafe),
      waterDifficult: flag(l.waterDifficult),
      houseArea: l.houseArea ?? null,
      farmlandMu: l.farmlandMu ?? null,
      roadType: optional(l.roadType ?? null, isRoadType),
      distanceToRoadKm: l.distanceToRoadKm ?? null,
      sanitaryToilet: flag(l.sanitaryToilet),
      fuel: optional(l.fuel ?? null, isFuelType),
    },
    withIncome: latest !== undefined,
    income: latest
      ? {
          year: latest.year,
          wages: latest.wages,
          business: latest.business,
          property: latest.property,
          transfers,
          businessExpenses: latest.businessExpenses,
        }
      : { year: incomeYear, transfers: {} },
  };
}
