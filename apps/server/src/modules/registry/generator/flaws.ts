// Deliberate data-quality flaws: a small labelled share of generated households breaks exactly
// one registry rule, so that the checks, cross-checks and clean-up screens have real work. The
// label is the code of the finding the flaw causes and goes into households.generated_flaws.
//
// The duplicate ID is registry-wide: the flawed household holds a copy of a member of an earlier
// household of the same county (one person registered twice). checkHousehold sees one household
// and reports nothing for it. The second holder gets no person_ids row: that table's primary key
// (the ID number) admits one holder, and the first keeps it.

import { idCheckDigit, type IssueCode } from '@fupin/domain';
import type { GeneratedMember } from './members.js';
import type { Rng } from './random.js';

/** Label of the registry-wide duplicate (no single-household finding exists for it). */
export const DUPLICATE_FLAW = 'registry.idNumber.duplicate';

/** The flaws, each labelled by the finding it causes. */
export const FLAW_KINDS = [
  'member.idNumber.checkDigit',
  'member.birthDate.mismatch',
  'household.head.multiple',
  'member.education.withSchoolStatus',
  'member.labourSkill.underAge',
  'member.idNumber.placeholder',
  DUPLICATE_FLAW,
] as const satisfies readonly (IssueCode | typeof DUPLICATE_FLAW)[];

/** A flaw label. */
export type FlawKind = (typeof FLAW_KINDS)[number];

/** Default share of flawed households (≈0.5%). */
export const DEFAULT_FLAW_SHARE = 0.005;

/** A clerk's placeholder for an unknown ID number. */
export const PLACEHOLDER_ID = '999999999999999999';

const CHECK_CHARS = '10X98765432';

function shiftDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** A member other than the head when there is one, else the head. */
function someMember(rng: Rng, members: readonly GeneratedMember[]): GeneratedMember | undefined {
  const others = members.filter((m) => m.relation !== '户主');
  return others.length > 0 ? rng.pick(others) : members[0];
}

/** Gives a member a wrong check digit (always possible, so the fallback of every other flaw). */
function breakCheckDigit(rng: Rng, members: readonly GeneratedMember[]): void {
  const m = someMember(rng, members);
  if (m === undefined) return;
  const first17 = m.idNumber.slice(0, 17);
  const right = CHECK_CHARS.indexOf(idCheckDigit(first17));
  m.idNumber = first17 + CHECK_CHARS.charAt((right + rng.int(1, 10)) % 11);
  m.disabilityCert = null;
  m.registered = false;
}

/** Applies one flaw; false when the household cannot carry it (e.g. no child for underAge). */
function tryFlaw(rng: Rng, kind: FlawKind, members: GeneratedMember[], earlier: GeneratedMember | undefined): boolean {
  switch (kind) {
    case 'member.idNumber.checkDigit':
      breakCheckDigit(rng, members);
      return true;
    case 'member.birthDate.mismatch': {
      const m = someMember(rng, members);
      if (m !== undefined) m.birthDate = shiftDays(m.birthDate, -rng.int(1, 40));
      return m !== undefined;
    }
    case 'household.head.multiple': {
      const adults = members.filter((m) => m.relation !== '户主' && m.age >= 16);
      if (adults.length === 0) return false;
      rng.pick(adults).relation = '户主';
      return true;
    }
    case 'member.education.withSchoolStatus': {
      const student = members.find((m) => m.schoolStatus !== null && m.age >= 7);
      const adult = members.find((m) => m.education !== null);
      if (student !== undefined) student.education = student.age >= 13 ? '初中' : '小学';
      else if (adult !== undefined) adult.schoolStatus = '高职';
      return student !== undefined || adult !== undefined;
    }
    case 'member.labourSkill.underAge': {
      const child = members.find((m) => m.age >= 10 && m.age < 16);
      if (child !== undefined) child.labourSkill = '普通劳动力';
      return child !== undefined;
    }
    case 'member.idNumber.placeholder': {
      const m = someMember(rng, members);
      if (m === undefined) return false;
      m.idNumber = PLACEHOLDER_ID;
      m.disabilityCert = null;
      m.registered = false;
      return true;
    }
    case DUPLICATE_FLAW: {
      // The copy replaces a member who is neither head nor spouse, so the size stays.
      const slot = members.findLastIndex((m) => m.relation !== '户主' && m.relation !== '配偶');
      if (earlier === undefined || slot < 0) return false;
      members[slot] = { ...earlier, relation: '其他', registered: false };
      return true;
    }
  }
}

/**
 * Breaks one rule in `members` (changed in place) and returns the flaw applied: `kind` when the
 * household allows it, else a wrong check digit, which every household allows.
 */
export function applyFlaw(
  rng: Rng,
  kind: FlawKind,
  members: GeneratedMember[],
  earlier: GeneratedMember | undefined,
): FlawKind {
  if (tryFlaw(rng, kind, members, earlier)) return kind;
  breakCheckDigit(rng, members);
  return 'member.idNumber.checkDigit';
}
