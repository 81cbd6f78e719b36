import {
  checkHousehold,
  checkVillageCode,
  checkIncome,
  normaliseIdNumber,
  TRANSFER_KINDS,
  type DangerousHouseGrade,
  type EducationLevel,
  type Ethnicity,
  type FuelType,
  type HealthStatus,
  type HouseholdAttribute,
  type HouseholdStatus,
  type IdentificationStandard,
  type IsoDate,
  type LabourSkill,
  type MemberInput,
  type PoliticalStatus,
  type PovertyCause,
  type RelationToHead,
  type RelocationMethod,
  type RoadType,
  type SchoolStatus,
  type Sex,
  type TransferIncome,
  type YearlyIncomeInput,
} from '@fupin/domain';
import type { HouseholdWrite, RecordIssue } from '../../api/registry';
import { translate } from '../../i18n';

/** One member as the form holds it: everything optional while being typed. */
export interface MemberValues {
  relation?: RelationToHead;
  name?: string;
  sex?: Sex;
  idNumber?: string;
  birthDate?: string;
  ethnicity?: Ethnicity;
  politicalStatus?: PoliticalStatus;
  education?: EducationLevel;
  schoolStatus?: SchoolStatus;
  health?: HealthStatus;
  labourSkill?: LabourSkill;
  monthsWorked?: number | null;
  workPlace?: string;
  hasBasicMedicalInsurance?: boolean;
  hasCriticalIllnessInsurance?: boolean;
  hasResidentPension?: boolean;
  receivesDibao?: boolean;
}

export interface HouseholdValues {
  villageCode?: string;
  group?: string;
  householdNumber?: string;
  phone?: string;
  bankName?: string;
  bankAccount?: string;
  identificationStandard?: IdentificationStandard;
  attribute?: HouseholdAttribute;
  mainCause?: PovertyCause;
  otherCauses?: PovertyCause[];
  status?: HouseholdStatus;
  firstIdentified?: string;
  exitYear?: number | null;
  relocationMethod?: RelocationMethod;
  relocationWilling?: boolean;
}

export interface LivingValues {
  houseGrade?: DangerousHouseGrade;
  waterSafe?: boolean;
  waterDifficult?: boolean;
  houseArea?: number | null;
  farmlandMu?: number | null;
  roadType?: RoadType;
  distanceToRoadKm?: number | null;
  sanitaryToilet?: boolean;
  fuel?: FuelType;
}

type Amount = number | null | undefined;

export interface IncomeValues {
  year?: number | null;
  wages?: Amount;
  business?: Amount;
  property?: Amount;
  transfers?: Partial<Record<keyof TransferIncome, Amount>>;
  businessExpenses?: Amount;
}

/** The whole registration form. */
export interface HouseholdFormValues {
  household: HouseholdValues;
  members: MemberValues[];
  living: LivingValues;
  withIncome: boolean;
  income: IncomeValues;
}

/** A form field's name path, e.g. ['members', 1, 'idNumber']. */
export type FieldPath = (string | number)[];

/** The key a field's issues are filed under: its name path joined by dots. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}

/** Where the household-level findings about the member list (no head, none at all) are shown. */
export const MEMBERS_KEY = 'members';

const MEMBER_FIELD = /^members\[(\d+)\]\.(\w+)$/;

/** Prefix of the income checks' fields (`checkIncome` names them `wages`, `transfers.dibao` …). */
const INCOME_PREFIX = 'income.';

/**
 * Form path of a check's field: `members[1].idNumber` → members.1.idNumber, `phone` →
 * household.phone, `income.transfers.dibao` → income.transfers.dibao.
 */
export function issuePath(field: string): FieldPath {
  if (field.startsWith(INCOME_PREFIX)) return ['income', ...field.slice(INCOME_PREFIX.length).split('.')];
  const member = MEMBER_FIELD.exec(field);
  if (member?.[1] && member[2]) return ['members', Number(member[1]), member[2]];
  if (field === MEMBERS_KEY) return [MEMBERS_KEY];
  return ['household', field];
}

/** A blank member; the first one of a new household is the head. */
export function newMember(relation?: RelationToHead): MemberValues {
  return relation ? { relation } : {};
}

/** The village a new household defaults to: the user's own, when it is a 村委会 (DOMAIN §5). */
export function defaultVillage(regionCode: string): string | undefined {
  return regionCode.length === 12 && checkVillageCode(regionCode, true).length === 0 ? regionCode : undefined;
}

/** Values of an empty registration form for `villageCode` (the user's village, when they have one). */
export function emptyForm(villageCode: string | undefined, incomeYear: number): HouseholdFormValues {
  return {
    household: {
      villageCode,
      identificationStandard: '国家',
      attribute: '一般贫困户',
      status: '未脱贫',
      otherCauses: [],
    },
    members: [newMember('户主')],
    living: {},
    withIncome: true,
    income: { year: incomeYear, transfers: {} },
  };
}

// Blank fields are left out rather than sent as null: the API's validator coerces a null in a
// "text or null" field to '' (and to 0 or false for numbers and flags), which would store a blank
// household number instead of letting the server assign one.
function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
}

function given<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

function amount(value: Amount): number {
  return value ?? 0;
}

function toMember(m: MemberValues): MemberInput {
  return {
    name: m.name?.trim() ?? '',
    sex: given(m.sex),
    idNumber: text(m.idNumber),
    birthDate: text(m.birthDate),
    relation: given(m.relation),
    ethnicity: given(m.ethnicity),
    politicalStatus: given(m.politicalStatus),
    education: given(m.education),
    schoolStatus: given(m.schoolStatus),
    health: given(m.health),
    labourSkill: given(m.labourSkill),
    monthsWorked: given(m.monthsWorked),
    workPlace: text(m.workPlace),
    // An unticked box on the form means "no", not "unknown".
    hasBasicMedicalInsurance: m.hasBasicMedicalInsurance ?? false,
    hasCriticalIllnessInsurance: m.hasCriticalIllnessInsurance ?? false,
    hasResidentPension: m.hasResidentPension ?? false,
    receivesDibao: m.receivesDibao ?? false,
  };
}

/** The year's income as the domain reads it; blank amounts are 0. */
export function toIncomeInput(income: IncomeValues): YearlyIncomeInput {
  const transfers = income.transfers ?? {};
  return {
    wages: amount(income.wages),
    business: amount(income.business),
    property: amount(income.property),
    transfers: {
      familyPlanning: amount(transfers.familyPlanning),
      dibao: amount(transfers.dibao),
      destituteSupport: amount(transfers.destituteSupport),
      pension: amount(transfers.pension),
      ecoCompensation: amount(transfers.ecoCompensation),
      other: amount(transfers.other),
    },
    businessExpenses: amount(income.businessExpenses),
  };
}

/** True when any amount of the year was typed in (0 counts); an untouched section records nothing. */
export function hasIncome(income: IncomeValues): boolean {
  const transfers = income.transfers ?? {};
  const amounts = [income.wages, income.business, income.property, income.businessExpenses];
  return [...amounts, ...TRANSFER_KINDS.map((kind) => transfers[kind])].some((v) => v !== null && v !== undefined);
}

/** What the API receives for the form's values. */
export function toWrite(values: HouseholdFormValues): HouseholdWrite {
  const h = values.household;
  const l = values.living;
  const year = values.income.year;
  return {
    household: {
      villageCode: h.villageCode ?? '',
      group: text(h.group),
      householdNumber: text(h.householdNumber),
      phone: text(h.phone),
      bankName: text(h.bankName),
      bankAccount: text(h.bankAccount),
      identificationStandard: given(h.identificationStandard),
      attribute: given(h.attribute),
      mainCause: given(h.mainCause),
      otherCauses: h.otherCauses ?? [],
      status: given(h.status),
      firstIdentified: text(h.firstIdentified),
      exitYear: given(h.exitYear),
      relocationMethod: given(h.relocationMethod),
      relocationWilling: given(h.relocationWilling),
      members: values.members.map(toMember),
    },
    living: {
      houseGrade: given(l.houseGrade),
      waterSafe: given(l.waterSafe),
      waterDifficult: given(l.waterDifficult),
      houseArea: given(l.houseArea),
      farmlandMu: given(l.farmlandMu),
      roadType: given(l.roadType),
      distanceToRoadKm: given(l.distanceToRoadKm),
      sanitaryToilet: given(l.sanitaryToilet),
      fuel: given(l.fuel),
    },
    income:
      values.withIncome && hasIncome(values.income) && year !== null && year !== undefined
        ? { year, ...toIncomeInput(values.income) }
        : undefined,
  };
}

/** The registry's checks on the form as it stands: the domain rules the server applies on save. */
export function checkForm(values: HouseholdFormValues, asOf: IsoDate): RecordIssue[] {
  const write = toWrite(values);
  const issues: RecordIssue[] = checkHousehold(write.household, { asOf, requireVillageCommittee: true });
  if (values.withIncome && hasIncome(values.income)) {
    if (values.income.year === null || values.income.year === undefined) {
      issues.push({
        severity: 'error',
        code: 'income.year.required',
        field: `${INCOME_PREFIX}year`,
        message: {
          'zh-CN': translate('zh-CN', 'registry.form.yearRequired'),
          en: translate('en', 'registry.form.yearRequired'),
        },
      });
    }
    for (const issue of checkIncome(toIncomeInput(values.income))) {
      issues.push({ ...issue, field: `${INCOME_PREFIX}${issue.field}` });
    }
  }
  return issues;
}

/** The 18-digit number used to match an entered ID against a server conflict list. */
export function idKey(raw: string | undefined): string {
  return normaliseIdNumber(raw ?? '').slice(0, 18);
}
