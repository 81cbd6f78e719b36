// Citizen ID numbers (公民身份号码, GB 11643-1999), the older 15-digit numbers (issued until 1999),
// and second-generation disability certificate numbers (残疾人证号: the 18-digit ID followed by a
// category digit and a grade digit, GB/T 26341-2010).

import { assertIsoDate, ageOn, isValidYmd, type IsoDate } from './dates.js';
import {
  DISABILITY_CATEGORIES,
  DISABILITY_GRADES,
  type DisabilityCategory,
  type DisabilityGrade,
  type Sex,
} from './enums.js';

/** Why an ID number was rejected. */
export type IdError =
  'empty' | 'length' | 'format' | 'placeholder' | 'region' | 'birthDate' | 'birthDateFuture' | 'checkDigit';

/** Why a disability certificate number was rejected: its ID part, or its last two digits. */
export type DisabilityCertificateError = IdError | 'category' | 'grade';

/** Outcome of parsing: the value, or an error code (with the right check digit when that failed). */
export type IdResult<T, E extends string = IdError> =
  { ok: true; value: T } | { ok: false; error: E; expectedCheckDigit?: string };

/** What an 18-digit ID number says about its holder. */
export interface ParsedIdNumber {
  /** The normalised 18-character number (upper-case X). */
  idNumber: string;
  /** Region of first registration (GB/T 2260, 6 digits); it does not move when the holder does. */
  regionCode: string;
  birthDate: IsoDate;
  /** Order code, digits 15–17; its last digit is odd for men and even for women. */
  sequence: string;
  sex: Sex;
  /** Full years of age on the `asOf` date. */
  age: number;
}

/** A parsed disability certificate number. */
export interface ParsedDisabilityCertificate {
  certificateNumber: string;
  id: ParsedIdNumber;
  category: DisabilityCategory;
  grade: DisabilityGrade;
}

/** Options of every parser: the date against which "in the future" and ages are judged. */
export interface IdParseOptions {
  asOf: IsoDate;
}

/** Weights of digits 1–17 in the check-digit sum (GB 11643-1999, ISO 7064 MOD 11-2). */
export const ID_CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

// First two digits of GB/T 2260 province-level codes; 83 appears on Taiwan residents' permits.
const PROVINCE_PREFIX = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])/;

// Nobody alive when the registry ran (2014–2020) was born before this; earlier years are typos.
const MIN_BIRTH_YEAR = 1860;

/** An ID number that normalising leaves as it is: 17 ASCII digits and a digit or X, nothing around them. */
const PLAIN_ID = /^\d{17}[\dX]$/;

/** Trims, turns full-width digits and X into ASCII and upper-cases x, as Excel imports need. */
export function normaliseIdNumber(raw: string): string {
  // Most are already plain (an import reads millions): nothing to trim, widen or upper-case.
  if (PLAIN_ID.test(raw)) return raw;
  return raw
    .trim()
    .replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

/** The check character (0–9 or X) for the first 17 digits of an ID number. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_CHECK_WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * True for numbers clerks type when the real one is unknown: one digit repeated, 999999 or
 * 000000 as region, an ascending or descending run, or a birth date of 00000000, 99999999 or
 * 19000101. Works on 15-, 18- and 20-character numbers.
 */
export function isPlaceholderIdNumber(raw: string): boolean {
  const id = normaliseIdNumber(raw);
  const body = id.length === 15 ? id : id.slice(0, 17);
  if (!/^\d+$/.test(body) || body.length < 15) return false;
  if (/^(\d)\1+$/.test(body)) return true;
  const region = body.slice(0, 6);
  if (region === '999999' || region === '000000') return true;
  if ('01234567890123456789'.includes(body) || '98765432109876543210'.includes(body)) return true;
  const date = id.length === 15 ? `19${body.slice(6, 12)}` : body.slice(6, 14);
  return date === '00000000' || date === '99999999' || date === '19000101';
}

function checkBirthDate(ymd: string, asOf: IsoDate): IdResult<IsoDate> {
  const year = Number(ymd.slice(0, 4));
  const month = Number(ymd.slice(4, 6));
  const day = Number(ymd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || !isValidYmd(year, month, day)) return fail('birthDate');
  const iso = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  if (iso > asOf) return fail('birthDateFuture');
  return { ok: true, value: iso };
}

function fail<E extends string>(
  error: E,
  expectedCheckDigit?: string,
): { ok: false; error: E; expectedCheckDigit?: string } {
  return expectedCheckDigit === undefined ? { ok: false, error } : { ok: false, error, expectedCheckDigit };
}

/** Validates and reads an 18-digit ID number (GB 11643-1999); lower-case x is accepted. */
export function parseIdNumber(raw: string, { asOf }: IdParseOptions): IdResult<ParsedIdNumber> {
  assertIsoDate(asOf, 'asOf');
  const id = normaliseIdNumber(raw);
  if (id === '') return fail('empty');
  if (id.length !== 18) return fail('length');
  if (!/^\d{17}[\dX]$/.test(id)) return fail('format');
  if (isPlaceholderIdNumber(id)) return fail('placeholder');
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_PREFIX.test(regionCode)) return fail('region');
  const birth = checkBirthDate(id.slice(6, 14), asOf);
  if (!birth.ok) return birth;
  const expected = idCheckDigit(id.slice(0, 17));
  if (id.charAt(17) !== expected) return fail('checkDigit', expected);
  const sequence = id.slice(14, 17);
  return {
    ok: true,
    value: {
      idNumber: id,
      regionCode,
      birthDate: birth.value,
      sequence,
      sex: Number(sequence.charAt(2)) % 2 === 1 ? '男' : '女',
      age: ageOn(birth.value, asOf),
    },
  };
}

/** True when `raw` is a valid 18-digit ID number on the `asOf` date. */
export function isValidIdNumber(raw: string, options: IdParseOptions): boolean {
  return parseIdNumber(raw, options).ok;
}

/**
 * Converts a 15-digit ID (RRRRRR YYMMDD SSS, all born 19YY) to its 18-digit form: insert "19"
 * before the year and append the check digit (GB 11643-1989 numbers became GB 11643-1999 ones).
 */
export function upgradeTo18(raw: string): IdResult<string> {
  const id = normaliseIdNumber(raw);
  if (id === '') return fail('empty');
  if (id.length !== 15) return fail('length');
  if (!/^\d{15}$/.test(id)) return fail('format');
  if (isPlaceholderIdNumber(id)) return fail('placeholder');
  if (!PROVINCE_PREFIX.test(id)) return fail('region');
  const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
  // Old numbers all predate 2000, so no asOf is needed to rule out a future birth date.
  const birth = checkBirthDate(first17.slice(6, 14), '9999-12-31');
  if (!birth.ok) return birth;
  return { ok: true, value: first17 + idCheckDigit(first17) };
}

/** Validates and reads a 15-digit ID number; `idNumber` in the result is the 18-digit upgrade. */
export function parseLegacyIdNumber(raw: string, options: IdParseOptions): IdResult<ParsedIdNumber> {
  const upgraded = upgradeTo18(raw);
  return upgraded.ok ? parseIdNumber(upgraded.value, options) : upgraded;
}

/** Validates and reads a 20-character disability certificate number: ID + category 1–7 + grade 1–4. */
export function parseDisabilityCertificate(
  raw: string,
  options: IdParseOptions,
): IdResult<ParsedDisabilityCertificate, DisabilityCertificateError> {
  const number = normaliseIdNumber(raw);
  if (number === '') return fail('empty');
  if (number.length !== 20) return fail('length');
  if (!/^\d{17}[\dX]\d{2}$/.test(number)) return fail('format');
  const id = parseIdNumber(number.slice(0, 18), options);
  if (!id.ok) return id;
  const category = DISABILITY_CATEGORIES.find((c) => c.code === number.charAt(18));
  if (category === undefined) return fail('category');
  const grade = DISABILITY_GRADES.find((g) => g.code === number.charAt(19));
  if (grade === undefined) return fail('grade');
  return {
    ok: true,
    value: {
      certificateNumber: number,
      id: id.value,
      category: category.value,
      grade: grade.value,
    },
  };
}

/**
 * Builds a valid 18-digit ID number (for demo data and tests). `sequence` is 0–999; its last
 * digit is moved down by one when its parity does not match `sex` (odd = 男, even = 女).
 */
export function makeIdNumber(regionCode: string, birthDate: IsoDate, sequence: number, sex: Sex): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError('regionCode must be 6 digits');
  assertIsoDate(birthDate, 'birthDate');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError('sequence must be an integer from 0 to 999');
  }
  const wantOdd = sex === '男';
  const parityMatches = (sequence % 2 === 1) === wantOdd;
  const seq = parityMatches ? sequence : sequence === 0 ? 1 : sequence - 1;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** A member's identity number read by its length: 18-digit ID, 15-digit old ID or disability certificate. */
export type IdentityNumber =
  | { kind: 'id'; id: ParsedIdNumber }
  /** `id.idNumber` holds the 18-digit upgrade of the old number. */
  | { kind: 'legacyId'; id: ParsedIdNumber }
  | { kind: 'disabilityCertificate'; id: ParsedIdNumber; certificate: ParsedDisabilityCertificate };

/** Reads whatever a registry form's 证件号码 field holds: 18, 15 or 20 characters. */
export function parseIdentityNumber(
  raw: string,
  options: IdParseOptions,
): IdResult<IdentityNumber, DisabilityCertificateError> {
  const number = normaliseIdNumber(raw);
  switch (number.length) {
    case 0:
      return fail('empty');
    case 15: {
      const parsed = parseLegacyIdNumber(number, options);
      return parsed.ok ? { ok: true, value: { kind: 'legacyId', id: parsed.value } } : parsed;
    }
    case 18: {
      const parsed = parseIdNumber(number, options);
      return parsed.ok ? { ok: true, value: { kind: 'id', id: parsed.value } } : parsed;
    }
    case 20: {
      const parsed = parseDisabilityCertificate(number, options);
      return parsed.ok
        ? {
            ok: true,
            value: {
              kind: 'disabilityCertificate',
              id: parsed.value.id,
              certificate: parsed.value,
            },
          }
        : parsed;
    }
    default:
      return fail('length');
  }
}
