// Data-quality checks every 建档立卡 record must pass (DOMAIN §2, the rules registry tools apply
// when the registry is cleaned up). The registry-wide rule (no ID in two households) needs the
// database and lives on the server; everything decidable from one household is here.

import { ageOn, isIsoDate, type IsoDate } from './dates.js';
import type { Sex } from './enums.js';
import { isPlaceholderIdNumber, normaliseIdNumber, parseIdentityNumber } from './idNumber.js';
import type { HouseholdInput, MemberInput } from './inputs.js';
import { joinPath, makeIssue, type Issue } from './issues.js';

/** Options of the member checks: `asOf` dates ages; `path` prefixes field names. */
export interface MemberCheckOptions {
  asOf: IsoDate;
  path?: string;
}

/** Options of the household checks; `requireVillageCommittee` turns a 居委会 code into an error. */
export interface HouseholdCheckOptions {
  asOf: IsoDate;
  requireVillageCommittee?: boolean;
}

// Nobody under 16 counts as labour (劳动法 art. 15 forbids employing them); 16–60 is the working
// age within which a healthy member out of school recorded as 无劳动力 is flagged (DOMAIN §2).
const MIN_WORKING_AGE = 16;
const MAX_WORKING_AGE = 60;

/** What the checks learned about a member, for the household-level rules. */
interface MemberFacts {
  issues: Issue[];
  /** Number used to find duplicates (the 18-digit form when readable); unset for placeholders. */
  idKey?: string;
  sex?: Sex;
}

/** What the ID number says; only `key` when it is unreadable, nothing when missing or a placeholder. */
interface IdFacts {
  key?: string;
  sex?: Sex;
  birthDate?: IsoDate;
  age?: number;
}

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function checkIdNumber(m: MemberInput, asOf: IsoDate, at: (f: string) => string, issues: Issue[]): IdFacts {
  const raw = m.idNumber ?? '';
  const field = at('idNumber');
  if (isBlank(raw)) {
    issues.push(makeIssue('error', 'member.idNumber.required', field));
    return {};
  }
  if (isPlaceholderIdNumber(raw)) {
    issues.push(makeIssue('warning', 'member.idNumber.placeholder', field));
    return {};
  }
  const parsed = parseIdentityNumber(raw, { asOf });
  if (!parsed.ok) {
    const expected = parsed.expectedCheckDigit;
    const code = parsed.error === 'empty' ? 'required' : parsed.error;
    issues.push(
      makeIssue('error', `member.idNumber.${code}`, field, expected === undefined ? undefined : { expected }),
    );
    // Unreadable numbers still count for duplicates, so one mistyped number entered twice is caught.
    const normalised = normaliseIdNumber(raw);
    return { key: normalised.length === 20 ? normalised.slice(0, 18) : normalised };
  }
  const { kind, id } = parsed.value;
  if (kind === 'legacyId') {
    issues.push(makeIssue('error', 'member.idNumber.legacy', field, { expected: id.idNumber }));
  }
  if (kind === 'disabilityCertificate' && isSet(m.health) && m.health !== '残疾') {
    issues.push(makeIssue('warning', 'member.health.disabilityCertificate', at('health')));
  }
  return { key: id.idNumber, sex: id.sex, birthDate: id.birthDate, age: id.age };
}

function inspectMember(m: MemberInput, asOf: IsoDate, path: string): MemberFacts {
  const issues: Issue[] = [];
  const at = (field: string): string => joinPath(path, field);
  if (isBlank(m.name)) issues.push(makeIssue('error', 'member.name.required', at('name')));
  if (!isSet(m.relation)) {
    issues.push(makeIssue('error', 'member.relation.required', at('relation')));
  }

  const id = checkIdNumber(m, asOf, at, issues);
  let age = id.age;
  const birthDate = m.birthDate ?? '';
  if (!isBlank(birthDate)) {
    if (!isIsoDate(birthDate)) {
      issues.push(makeIssue('error', 'member.birthDate.format', at('birthDate')));
    } else if (id.birthDate !== undefined) {
      if (birthDate !== id.birthDate) {
        issues.push(
          makeIssue('error', 'member.birthDate.mismatch', at('birthDate'), {
            expected: id.birthDate,
          }),
        );
      }
    } else if (birthDate > asOf) {
      issues.push(makeIssue('error', 'member.birthDate.future', at('birthDate')));
    } else {
      age = ageOn(birthDate, asOf);
    }
  }

  if (isSet(m.sex) && id.sex !== undefined && m.sex !== id.sex) {
    const expectedEn = id.sex === '男' ? 'male' : 'female';
    issues.push(makeIssue('error', 'member.sex.mismatch', at('sex'), { expected: id.sex, expectedEn }));
  }
  const sex = id.sex ?? m.sex ?? undefined;
  if (sex === undefined) issues.push(makeIssue('error', 'member.sex.required', at('sex')));

  const inSchool = isSet(m.schoolStatus);
  if (isSet(m.education) && inSchool) {
    issues.push(makeIssue('error', 'member.education.withSchoolStatus', at('education')));
  }
  issues.push(...checkWork(m, at));

  if (age !== undefined && isSet(m.labourSkill)) {
    if (age < MIN_WORKING_AGE && m.labourSkill !== '无劳动力') {
      issues.push(makeIssue('error', 'member.labourSkill.underAge', at('labourSkill')));
    }
    const workingAge = age >= MIN_WORKING_AGE && age <= MAX_WORKING_AGE;
    if (m.health === '健康' && workingAge && !inSchool && m.labourSkill === '无劳动力') {
      issues.push(makeIssue('warning', 'member.labourSkill.ableBodied', at('labourSkill')));
    }
  }
  return { issues, idKey: id.key, sex };
}

function checkWork(m: MemberInput, at: (field: string) => string): Issue[] {
  const months = m.monthsWorked;
  if (isSet(months) && (!Number.isInteger(months) || months < 0 || months > 12)) {
    return [makeIssue('error', 'member.monthsWorked.range', at('monthsWorked'))];
  }
  const hasMonths = isSet(months) && months > 0;
  const hasPlace = !isBlank(m.workPlace);
  if (hasMonths && !hasPlace) {
    return [makeIssue('error', 'member.work.missingPlace', at('workPlace'))];
  }
  if (hasPlace && !hasMonths) {
    return [makeIssue('error', 'member.work.missingMonths', at('monthsWorked'))];
  }
  return [];
}

/** Checks one member on its own (live form validation); household-level rules are not applied. */
export function checkMember(member: MemberInput, { asOf, path = '' }: MemberCheckOptions): Issue[] {
  return inspectMember(member, asOf, path).issues;
}

/** Checks a household and all its members against the registry's data-quality rules (DOMAIN §2). */
export function checkHousehold(h: HouseholdInput, options: HouseholdCheckOptions): Issue[] {
  const issues = checkVillageCode(h.villageCode, options.requireVillageCommittee ?? false);
  if (!isBlank(h.phone) && !isMobilePhone(h.phone ?? '')) {
    issues.push(makeIssue('error', 'household.phone.format', 'phone'));
  }
  issues.push(...checkCauses(h));
  if (h.members.length === 0) {
    issues.push(makeIssue('error', 'household.members.empty', 'members'));
    return issues;
  }
  const facts = h.members.map((m, i) => inspectMember(m, options.asOf, `members[${i}]`));
  for (const f of facts) issues.push(...f.issues);
  issues.push(...checkRelations(h, facts), ...checkDuplicateIds(facts));
  return issues;
}

/** True for an 11-digit mainland mobile number starting with 1. */
export function isMobilePhone(phone: string): boolean {
  return /^1\d{10}$/.test(phone.trim());
}

/** Checks a 12-digit village code; poor households belong to a 村委会 (village part 200–399, DOMAIN §5). */
export function checkVillageCode(code: string, requireVillageCommittee = false): Issue[] {
  if (!/^\d{12}$/.test(code)) {
    return [makeIssue('error', 'household.villageCode.format', 'villageCode')];
  }
  const villagePart = Number(code.slice(9, 12));
  if (villagePart >= 200 && villagePart <= 399) return [];
  const severity = requireVillageCommittee ? 'error' : 'warning';
  return [makeIssue(severity, 'household.villageCode.notVillage', 'villageCode')];
}

function checkCauses(h: HouseholdInput): Issue[] {
  const issues: Issue[] = [];
  if (!isSet(h.mainCause)) {
    issues.push(makeIssue('error', 'household.mainCause.required', 'mainCause'));
  }
  const others = h.otherCauses ?? [];
  if (others.length > 2) {
    issues.push(makeIssue('error', 'household.otherCauses.tooMany', 'otherCauses'));
  }
  const distinct = new Set(others);
  if (distinct.size !== others.length || (isSet(h.mainCause) && distinct.has(h.mainCause))) {
    issues.push(makeIssue('error', 'household.otherCauses.duplicate', 'otherCauses'));
  }
  return issues;
}

function checkRelations(h: HouseholdInput, facts: readonly MemberFacts[]): Issue[] {
  const issues: Issue[] = [];
  const heads = indexesWhere(h.members, (m) => m.relation === '户主');
  const [head] = heads;
  if (head === undefined) issues.push(makeIssue('error', 'household.head.missing', 'members'));
  for (const i of heads.slice(1)) {
    issues.push(makeIssue('error', 'household.head.multiple', `members[${i}].relation`));
  }
  const spouses = indexesWhere(h.members, (m) => m.relation === '配偶');
  for (const i of spouses.slice(1)) {
    issues.push(makeIssue('error', 'household.spouse.multiple', `members[${i}].relation`));
  }
  const headSex = head === undefined ? undefined : facts[head]?.sex;
  for (const i of spouses) {
    if (headSex !== undefined && facts[i]?.sex === headSex) {
      issues.push(makeIssue('error', 'household.spouse.sameSex', `members[${i}].sex`));
    }
  }
  return issues;
}

function checkDuplicateIds(facts: readonly MemberFacts[]): Issue[] {
  const issues: Issue[] = [];
  const firstIndex = new Map<string, number>();
  facts.forEach((f, i) => {
    if (f.idKey === undefined) return;
    const first = firstIndex.get(f.idKey);
    if (first === undefined) firstIndex.set(f.idKey, i);
    else {
      const other = String(first + 1);
      issues.push(makeIssue('error', 'household.idNumber.duplicate', `members[${i}].idNumber`, { other }));
    }
  });
  return issues;
}

function indexesWhere<T>(items: readonly T[], test: (item: T) => boolean): number[] {
  const found: number[] = [];
  for (let i = 0; i < items.length; i += 1) if (test(items[i] as T)) found.push(i);
  return found;
}
