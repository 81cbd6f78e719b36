// What the registry API answers: the server's presenters build these, the web app reads them.
// One definition here keeps both sides in step.

import type { ImportFormat, ImportMode, ImportRecordView, ImportStatus } from '../imports.js';
import type { RegionRef } from '../regions.js';
import type { DangerousHouseGrade } from './enums.js';
import type { TransferIncome } from './income.js';

/** A household as listed (`GET /api/households`); ID number and phone masked without `registry.personal`. */
export interface HouseholdSummary {
  /** `<county code>-<id>`, the household's address in URLs. */
  key: string;
  villageCode: string;
  villageName: string;
  householdNo: string;
  headName: string;
  headIdNumber: string | null;
  phone: string | null;
  attribute: string;
  mainCause: string;
  status: string;
  size: number;
  /** Per-capita net income of `incomeYear`, in yuan. */
  perCapitaIncome: number | null;
  incomeYear: number | null;
  version: number;
}

/** 生产生活条件 as entered and stored. */
export interface HouseholdLiving {
  houseGrade?: DangerousHouseGrade | null;
  waterSafe?: boolean | null;
  waterDifficult?: boolean | null;
  houseArea?: number | null;
  farmlandMu?: number | null;
  roadType?: string | null;
  distanceToRoadKm?: number | null;
  sanitaryToilet?: boolean | null;
  fuel?: string | null;
}

/** A member as presented (health `***` and the ID masked without personal-data rights). */
export interface MemberView {
  id: string;
  name: string;
  sex: string;
  idNumber: string;
  disabilityCert: string | null;
  birthDate: string | null;
  relation: string;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  schoolStatus: string | null;
  health: string | null;
  labourSkill: string | null;
  monthsWorked: number | null;
  workPlace: string | null;
  hasBasicMedicalInsurance: boolean | null;
  hasCriticalIllnessInsurance: boolean | null;
  hasResidentPension: boolean | null;
  receivesDibao: boolean | null;
}

/** One year's income as stored, in yuan. */
export interface IncomeView {
  year: number;
  wages: number;
  business: number;
  property: number;
  transfers: TransferIncome;
  businessExpenses: number;
  netIncome: number;
  perCapita: number | null;
}

/** `GET /api/households/:key`. */
export interface HouseholdDetail extends HouseholdSummary {
  countyCode: string;
  group: string | null;
  bankName: string | null;
  bankAccount: string | null;
  identificationStandard: string;
  otherCauses: string[];
  firstIdentified: string | null;
  exitYear: number | null;
  relocationMethod: string | null;
  relocationWilling: boolean | null;
  living: HouseholdLiving;
  members: MemberView[];
  incomes: IncomeView[];
  path: RegionRef[];
}

/** A registry spreadsheet import as `/api/households/imports/:id` shows it. */
export interface ImportView extends ImportRecordView<ImportFormat, ImportMode, ImportStatus> {
  counts: {
    rows: number | null;
    rowsRead: number;
    households: { ok: number; bad: number; unchanged: number; written: number };
    errors: number;
    warnings: number;
  };
  /** Why the whole file was refused (not a spreadsheet, wrong columns …), in the caller's language. */
  fileError: { code: string; message: string } | null;
}
