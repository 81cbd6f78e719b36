import { isIsoDate, isValidYmd, type EnumOption } from '@fupin/domain';
import type { FindingCode } from './messages.js';

// Reading and writing single cells. Values arrive as Excel typed them (text, number, date,
// boolean) or as CSV text; every one becomes trimmed text first, so both formats go through the
// same rules.

/** A cell as read: its text, and whether the file stored it as a number. */
export interface RawCell {
  readonly text: string;
  readonly numeric: boolean;
}

const EMPTY: RawCell = { text: '', numeric: false };

/** Text Excel must not read as a formula when it opens a file (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes text that Excel would read as a formula with an apostrophe. */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes escapeFormula, so that an exported ledger imports back as it was. */
function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function numberText(n: number): string {
  // Spreadsheet arithmetic leaves binary noise (0.1 + 0.2); six decimals is far below a fen.
  return Number.isInteger(n) ? n.toFixed(0) : String(Number(n.toFixed(6)));
}

/**
 * True when a character code is neither whitespace that String.prototype.trim removes (ASCII
 * controls and space, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 * U+FEFF) nor an apostrophe (the start of an escaped formula): printable ASCII, or from U+3400
 * (CJK) up to U+FEFF.
 */
function plainEdge(code: number): boolean {
  return (code > 0x20 && code < 0x7f && code !== 0x27) || (code >= 0x3400 && code < 0xfeff);
}

/** Turns what the xlsx reader or csv-parse yields for a cell into trimmed text. */
export function rawCell(value: unknown): RawCell {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'string') {
    // Most cells of a file need neither trimming nor unescaping (an import reads millions).
    if (plainEdge(value.charCodeAt(0)) && plainEdge(value.charCodeAt(value.length - 1)))
      return { text: value, numeric: false };
    return { text: unescapeFormula(value.trim()).trim(), numeric: false };
  }
  if (typeof value === 'number') return { text: Number.isFinite(value) ? numberText(value) : '', numeric: true };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : isoOf(value), numeric: false };
  return { text: String(value as string).trim(), numeric: false };
}

/** A parsed cell, or why it could not be read. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; code: FindingCode; params?: Record<string, string> };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });

/** Printable ASCII but the comma: text that NFKC leaves alone and that holds no space or comma. */
const PLAIN_ASCII = /^[\x21-\x2b\x2d-\x7e]*$/;

function ascii(text: string): string {
  // An import reads millions of cells: most are plain already.
  if (PLAIN_ASCII.test(text)) return text;
  return text.normalize('NFKC').replace(/[\s,]/g, '');
}

/**
 * Each option list's results by their values' NFKC form, built once per list. A result is shared
 * by every cell that reads as it (an import reads millions of cells): frozen, never changed.
 */
const optionIndexes = new WeakMap<readonly EnumOption[], Map<string, CellResult<string>>>();

function optionIndex(options: readonly EnumOption[]): Map<string, CellResult<string>> {
  let index = optionIndexes.get(options);
  if (!index) {
    index = new Map();
    for (const o of options) {
      const key = o.value.normalize('NFKC');
      if (!index.has(key)) index.set(key, Object.freeze(ok(o.value))); // the first option of a form wins, as before
    }
    optionIndexes.set(options, index);
  }
  return index;
}

/** A stored enumeration value; full-width brackets and spaces are forgiven. */
export function parseEnum<T extends string>(text: string, options: readonly EnumOption[]): CellResult<T> {
  const index = optionIndex(options);
  const hit = index.get(text) ?? index.get(text.normalize('NFKC').replace(/\s/g, ''));
  if (hit !== undefined) return hit as CellResult<T>;
  const allowed = options.map((o) => o.value);
  const shown = allowed.length > 14 ? `${allowed.slice(0, 14).join('、')}…` : allowed.join('、');
  return { ok: false, code: 'import.cell.enum', params: { value: text, allowed: shown } };
}

/** Several enumeration values separated by 、 , ; / or spaces. */
export function parseEnumList<T extends string>(text: string, options: readonly EnumOption[]): CellResult<T[]> {
  const values: T[] = [];
  for (const part of text.split(/[、,，;；/\s]+/).filter((p) => p !== '')) {
    const parsed = parseEnum<T>(part, options);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  return ok(values);
}

/** A whole number within [min, max]. */
export function parseInteger(text: string, min: number, max: number): CellResult<number> {
  const t = ascii(text).replace(/\.0+$/, '');
  if (!/^-?\d+$/.test(t)) return { ok: false, code: 'import.cell.integer', params: { value: text } };
  const n = Number(t);
  if (n < min || n > max)
    return { ok: false, code: 'import.cell.range', params: { value: t, min: String(min), max: String(max) } };
  return ok(n);
}

/** An amount in yuan: not negative, at most two decimals (fen); thousands separators allowed. */
export function parseMoney(text: string): CellResult<number> {
  const t = ascii(text).replace(/元$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { ok: false, code: 'import.cell.number', params: { value: text } };
  const n = Number(t);
  if (n < 0 || n > 1e9) return { ok: false, code: 'income.amount.invalid' };
  if (/\.\d{3,}$/.test(t)) return { ok: false, code: 'income.amount.precision' };
  return ok(n);
}

const TRUE_WORDS = new Set(['是', '有', 'Y', 'YES', 'TRUE', '1', '√', '✓']);
const FALSE_WORDS = new Set(['否', '无', 'N', 'NO', 'FALSE', '0', '×', '✗']);
const TRUE: CellResult<boolean> = Object.freeze(ok(true));
const FALSE: CellResult<boolean> = Object.freeze(ok(false));

/** 是/否 (and the usual variants). */
export function parseBool(text: string): CellResult<boolean> {
  if (TRUE_WORDS.has(text)) return TRUE;
  if (FALSE_WORDS.has(text)) return FALSE;
  const t = ascii(text).toUpperCase();
  if (TRUE_WORDS.has(t)) return TRUE;
  if (FALSE_WORDS.has(t)) return FALSE;
  return { ok: false, code: 'import.cell.bool', params: { value: text } };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Days since 1899-12-30: the date Excel means by a plain number in a date column. */
function excelSerialDate(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial > 80000) return undefined;
  return isoOf(new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000));
}

/** A date written 1970-03-05, 1970/3/5, 1970.3.5, 19700305 or 1970年3月5日 (or an Excel serial). */
export function parseDate(cell: RawCell): CellResult<string> {
  if (cell.numeric) {
    const iso = excelSerialDate(Number(cell.text));
    if (iso) return ok(iso);
  }
  const t = ascii(cell.text);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const iso = `${m[1]}-${pad2(Number(m[2]))}-${pad2(Number(m[3]))}`;
    if (isIsoDate(iso)) return ok(iso);
  }
  return { ok: false, code: 'member.birthDate.format' };
}

/** A year and month written 2015-03, 2015/3, 2015.3, 201503, 2015年3月, or a full date. */
export function parseYearMonth(cell: RawCell): CellResult<string> {
  const t = ascii(cell.text);
  const m =
    /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t) ??
    /^(\d{4})(\d{2})$/.exec(t) ??
    /^(\d{4})[-/.年](\d{1,2})[-/.月]\d{1,2}日?$/.exec(t);
  if (m && isValidYmd(Number(m[1]), Number(m[2]), 1)) return ok(`${m[1]}-${pad2(Number(m[2]))}`);
  return { ok: false, code: 'import.cell.yearMonth', params: { value: cell.text } };
}
