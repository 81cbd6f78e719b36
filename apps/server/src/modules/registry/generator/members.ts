// Member attributes for a composed family: ID number, name, schooling, health, labour, work and
// insurance, drawn so that every record passes the registry checks (checkHousehold): education
// XOR school status, under 16 → 无劳动力, never a healthy out-of-school 16–60-year-old recorded
// as 无劳动力, months worked and work place together.

import {
  isEducationLevel,
  isHealthStatus,
  isLabourSkill,
  isSchoolStatus,
  isWorkLocation,
  makeIdNumber,
  type EducationLevel,
  type Ethnicity,
  type HealthStatus,
  type IsoDate,
  type LabourSkill,
  type PoliticalStatus,
  type RelationToHead,
  type SchoolStatus,
  type Sex,
  type WorkLocation,
} from '@fupin/domain';
import { weighted, weightedText, type Rng, type WeightedTable } from './random.js';

/** A generated member: the fields of the national form (MemberInput-compatible) plus generator facts. */
export interface GeneratedMember {
  name: string;
  sex: Sex;
  idNumber: string;
  /** 残疾人证号: the ID followed by category (1–7) and grade (1–4). */
  disabilityCert: string | null;
  birthDate: IsoDate;
  relation: RelationToHead;
  ethnicity: Ethnicity;
  politicalStatus: PoliticalStatus;
  education: EducationLevel | null;
  schoolStatus: SchoolStatus | null;
  health: HealthStatus;
  labourSkill: LabourSkill;
  monthsWorked: number | null;
  workPlace: string | null;
  hasBasicMedicalInsurance: boolean;
  hasCriticalIllnessInsurance: boolean;
  hasResidentPension: boolean;
  receivesDibao: boolean;
  /** Full years of age on the registry date (not stored). */
  age: number;
  /** Whether the ID number gets a person_ids row: false for invalid IDs and second holders. */
  registered: boolean;
}

/**
 * Hands out ID numbers for one county: the order code counts up per birth date and sex (odd
 * for men, even for women), so two people of the province never share a number.
 */
export class IdAllocator {
  private static readonly FIRST_YEAR = 1850;
  private static readonly LAST_YEAR = 2100;
  // Counters by (day of a 372-day calendar since FIRST_YEAR) × 2 + sex: a flat typed array is
  // much faster than a map keyed by date strings, at ~370 KB per county.
  private readonly used = new Uint16Array((IdAllocator.LAST_YEAR - IdAllocator.FIRST_YEAR + 1) * 372 * 2);
  constructor(readonly countyCode: string) {}

  next(birthDate: IsoDate, sex: Sex): string {
    const year = Number(birthDate.slice(0, 4));
    if (year < IdAllocator.FIRST_YEAR || year > IdAllocator.LAST_YEAR)
      throw new RangeError(`birth year ${year} out of range`);
    const day =
      (year - IdAllocator.FIRST_YEAR) * 372 +
      (Number(birthDate.slice(5, 7)) - 1) * 31 +
      Number(birthDate.slice(8, 10)) -
      1;
    const slot = day * 2 + (sex === '男' ? 1 : 0);
    const k = this.used[slot] ?? 0;
    // Men 001, 003 … 999; women 002, 004 … 998: 500 and 499 people per day and sex.
    if (k >= (sex === '男' ? 500 : 499)) {
      throw new RangeError(`more than 500 people born on ${birthDate} in county ${this.countyCode}`);
    }
    this.used[slot] = k + 1;
    return makeIdNumber(this.countyCode, birthDate, sex === '男' ? 2 * k + 1 : 2 * k + 2, sex);
  }
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** A birth date for an age on 31 December of `year`: any day of the year `year − age`. */
export function birthDateFor(rng: Rng, age: number, year: number): IsoDate {
  const birthYear = year - age;
  const leap = (birthYear % 4 === 0 && birthYear % 100 !== 0) || birthYear % 400 === 0;
  const dayOfYear = rng.int(0, leap ? 365 : 364);
  let month = 11;
  const shifted = (m: number): number => (DAYS_BEFORE_MONTH[m] ?? 0) + (leap && m >= 2 ? 1 : 0);
  while (month > 0 && shifted(month) > dayOfYear) month--;
  const day = dayOfYear - shifted(month) + 1;
  return `${birthYear}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Table<T> = WeightedTable<T>;

// Highest education of adults out of school, by birth cohort (older rural cohorts had little).
const EDUCATION_BY_COHORT: readonly (readonly [number, Table<EducationLevel>])[] = [
  [1950, weightedText('文盲或半文盲 45, 小学 40, 初中 13, 高中 2', isEducationLevel)],
  [1965, weightedText('文盲或半文盲 22, 小学 46, 初中 26, 高中 6', isEducationLevel)],
  [1980, weightedText('文盲或半文盲 7, 小学 35, 初中 46, 高中 10, 大专 2', isEducationLevel)],
  [9999, weightedText('文盲或半文盲 3, 小学 14, 初中 55, 高中 20, 大专 6, 本科及以上 2', isEducationLevel)],
];

// Health by age band (upper bound included); the household's main cause adds illness later.
const HEALTH_BY_AGE: readonly (readonly [number, Table<HealthStatus>])[] = [
  [15, weightedText('健康 97, 长期慢性病 1, 患有大病 0.5, 残疾 1.5', isHealthStatus)],
  [44, weightedText('健康 88, 长期慢性病 6, 患有大病 2, 残疾 4', isHealthStatus)],
  [59, weightedText('健康 72, 长期慢性病 17, 患有大病 5, 残疾 6', isHealthStatus)],
  [999, weightedText('健康 50, 长期慢性病 33, 患有大病 8, 残疾 9', isHealthStatus)],
];

// Labour skill of working-age members out of school; a healthy one is never 无劳动力.
const LABOUR_WORKING_AGE: Record<HealthStatus, Table<LabourSkill>> = {
  健康: weightedText('普通劳动力 78, 技能劳动力 15, 弱劳动力或半劳动力 7', isLabourSkill),
  长期慢性病: weightedText('弱劳动力或半劳动力 60, 普通劳动力 25, 丧失劳动力 15', isLabourSkill),
  患有大病: weightedText('丧失劳动力 55, 弱劳动力或半劳动力 35, 无劳动力 10', isLabourSkill),
  残疾: weightedText('丧失劳动力 45, 弱劳动力或半劳动力 35, 无劳动力 15, 普通劳动力 5', isLabourSkill),
};
const LABOUR_61_70_HEALTHY = weightedText('弱劳动力或半劳动力 55, 普通劳动力 30, 无劳动力 15', isLabourSkill);
const LABOUR_61_70_ILL = weightedText('弱劳动力或半劳动力 40, 丧失劳动力 40, 无劳动力 20', isLabourSkill);
const LABOUR_OVER_70 = weightedText('无劳动力 55, 丧失劳动力 30, 弱劳动力或半劳动力 15', isLabourSkill);

const WORK_PLACES = weightedText('乡镇内 20, 乡镇外县内 20, 县外省内 25, 省外 35', isWorkLocation);
const HIGH_SCHOOL = weightedText('高中 55, 中职 25', isSchoolStatus);
const COLLEGE = weightedText('高职 35, 大专 25, 本科 40', isSchoolStatus);
// Category digits 1–7 (视力, 听力, 言语, 肢体, 智力, 精神, 多重) and grades 1–4, by frequency.
const DISABILITY_CATEGORY = weighted([
  ['1', 12],
  ['2', 10],
  ['3', 3],
  ['4', 45],
  ['5', 12],
  ['6', 12],
  ['7', 6],
]);
const DISABILITY_GRADE = weighted([
  ['1', 10],
  ['2', 25],
  ['3', 30],
  ['4', 35],
]);

function tableFor<T>(bands: readonly (readonly [number, Table<T>])[], value: number): Table<T> {
  const band = bands.find(([upTo]) => value <= upTo) ?? bands[bands.length - 1];
  if (band === undefined) throw new RangeError('empty band table');
  return band[1];
}

/** School status for an age, or null when the member is out of school (nine-year schooling is complete). */
export function drawSchoolStatus(rng: Rng, age: number): SchoolStatus | null {
  if (age <= 2) return '学龄前';
  if (age <= 5) return rng.chance(0.7) ? '学前教育' : '学龄前';
  if (age <= 11) return '小学';
  if (age <= 14) return '初中';
  if (age <= 17) return rng.chance(0.8) ? rng.draw(HIGH_SCHOOL) : null;
  if (age <= 21) return rng.chance(0.3) ? rng.draw(COLLEGE) : null;
  return null;
}

/** Highest education of a member out of school, by cohort; older women a step lower more often. */
export function drawEducation(rng: Rng, birthYear: number, sex: Sex, age: number): EducationLevel {
  let level = rng.draw(tableFor(EDUCATION_BY_COHORT, birthYear));
  if (sex === '女' && birthYear < 1965 && rng.chance(0.4)) {
    level = level === '初中' ? '小学' : level === '小学' ? '文盲或半文盲' : level;
  }
  // Young people out of school have finished at least primary school.
  if (age < 25 && level === '文盲或半文盲') level = '初中';
  return level;
}

/** Base health for an age. */
export function drawHealth(rng: Rng, age: number): HealthStatus {
  return rng.draw(tableFor(HEALTH_BY_AGE, age));
}

/** Labour skill consistent with age, schooling and health. */
export function drawLabour(rng: Rng, age: number, inSchool: boolean, health: HealthStatus): LabourSkill {
  if (age < 16 || inSchool) return '无劳动力';
  if (age <= 60) return rng.draw(LABOUR_WORKING_AGE[health]);
  if (age <= 70) return rng.draw(health === '健康' ? LABOUR_61_70_HEALTHY : LABOUR_61_70_ILL);
  return rng.draw(LABOUR_OVER_70);
}

/** Months worked away from the farm and where, both or neither. */
export function drawWork(
  rng: Rng,
  age: number,
  labour: LabourSkill,
): { months: number | null; place: WorkLocation | null } {
  const able = labour === '普通劳动力' || labour === '技能劳动力';
  if (age < 16 || age > 64 || !(able ? rng.chance(0.65) : labour === '弱劳动力或半劳动力' && rng.chance(0.25))) {
    return { months: null, place: null };
  }
  const place = rng.draw(WORK_PLACES);
  return { months: place === '省外' ? rng.int(6, 12) : rng.int(2, 12), place };
}

/** A disability certificate number for an ID: the ID, a category digit 1–7 and a grade digit 1–4. */
export function drawDisabilityCert(rng: Rng, idNumber: string): string {
  return idNumber + rng.draw(DISABILITY_CATEGORY) + rng.draw(DISABILITY_GRADE);
}

/** Political status: a few party members among older men, league members among the young. */
export function drawPoliticalStatus(rng: Rng, age: number, sex: Sex): PoliticalStatus {
  if (age >= 14 && age <= 28 && rng.chance(0.15)) return '共青团员';
  if (age >= 25 && rng.chance(sex === '男' ? 0.05 : 0.012)) return '中共党员';
  return '群众';
}
