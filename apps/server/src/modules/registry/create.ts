import { sql, type RawBuilder } from 'kysely';
import { isPlaceholderIdNumber, normaliseIdNumber, type Issue } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { reevaluateHouseholds } from '../exit/reevaluate.js';
import { assertRegionInScope } from '../regions/service.js';
import { householdKey } from './presenter.js';
import { householdFacts, incomeRow, memberRow, redactForAudit } from './rows.js';
import { validate, type HouseholdWrite } from './service.js';

// Registering households set-based: every check of createHousehold runs for the whole batch with
// one query per kind (villages, ID numbers, household numbers), then each table gets one INSERT
// … SELECT from a JSON record set. The single-household service is this with a batch of one, so
// a household registered on the form and one registered by an import pass the same code.

/** A household of the batch that was registered. */
export interface CreatedHousehold {
  index: number;
  key: string;
  warnings: Issue[];
}

/** A household of the batch that was refused, with the error a single registration would throw. */
export interface RefusedHousehold {
  index: number;
  error: AppError;
}

/** How a caller that already checked its households registers them. */
export interface CreateOptions {
  /**
   * The writes passed checkHousehold moments ago in this job (an import's staging step), so the
   * registry rules are not run a second time; every database check still is.
   */
  prevalidated?: boolean;
  /**
   * The audit entry's `after` for the household at `index`: an import records where the
   * household came from (the full record is in the household's history snapshot).
   */
  auditAfter?: (index: number) => Record<string, unknown>;
}

/** Rows per INSERT statement: bounded so that one statement's JSON stays a few megabytes. */
const ROWS_PER_STATEMENT = 4000;

/** An ID number the registry can hold (18 characters, not a placeholder), or ''. */
export function registrableId(idNumber: string | null | undefined): string {
  const id = (idNumber ?? '').slice(0, 18);
  return /^\d{17}[\dX]$/.test(id) && !isPlaceholderIdNumber(id) ? id : '';
}

/**
 * An ID number that person_ids holds (the rest — placeholders, blanks, whole disability
 * certificate numbers — are not registry-unique). A region code that starts with a repeated
 * digit (北京 11, 吉林 22, 浙江 33, 广东 44) is an ID number like any other.
 */
function uniqueId(idNumber: string): string | null {
  return idNumber !== '' && registrableId(idNumber) === idNumber ? idNumber : null;
}

const QUOTE_OR_BACKSLASH = /[\\"]/;

/** A text as an element of an array literal: quoted, its quotes and backslashes escaped. */
function quotedElement(text: string): string {
  return QUOTE_OR_BACKSLASH.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
}

/** A text[] value as a PostgreSQL array literal (every element quoted). */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : quotedElement(String(v)))).join(',')}}`;
}

/** One cell as its column's array parameter carries it (an array column's value travels as a literal and is cast). */
function cellParam(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.endsWith('[]')) return Array.isArray(value) ? arrayLiteral(value) : null;
  return value;
}

/**
 * One column of `rows` as the literal of its array parameter, written here rather than by the
 * driver (which escapes every element with two passes over it): an import's batches
 * spend a large part of their time on this. A value that is not text, a number or a truth value
 * is left to the driver (the whole column then travels as an array).
 */
function columnLiteral(rows: readonly Record<string, unknown>[], name: string, type: string): unknown {
  // Joined once rather than concatenated: the driver measures the parameter, which flattens a
  // concatenated string into a copy first.
  const list = type.endsWith('[]');
  const elements: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const value = rows[i]?.[name];
    if (value === null || value === undefined) elements[i] = 'NULL';
    else if (list) elements[i] = Array.isArray(value) ? quotedElement(arrayLiteral(value)) : 'NULL';
    else if (typeof value === 'string') elements[i] = quotedElement(value);
    else if (typeof value === 'number' && Number.isFinite(value)) elements[i] = String(value);
    else if (typeof value === 'boolean') elements[i] = value ? 't' : 'f';
    else if (typeof value === 'bigint') elements[i] = value.toString();
    else return rows.map((r) => cellParam(r[name], type));
  }
  if (elements.length === 0) return '{}';
  // The braces go on the end elements: wrapped around the joined text, they would make a
  // concatenation again (a quarter slower to measure and send, in a microbenchmark).
  elements[0] = `{${elements[0]}`;
  elements[elements.length - 1] = `${elements[elements.length - 1]}}`;
  return elements.join(',');
}

/**
 * Values as one jsonb array parameter in PostgreSQL's binary format (a version byte, then the JSON
 * text as UTF-8), each value stringified and written into the buffer in turn. Sent as text, one
 * large JSON.stringify of a batch of household snapshots is a string of many pieces, which the
 * driver must join before it can measure it: that took longer than the stringify, and it was
 * most of the driver's time in an import (see bench/RESULTS.md). PostgreSQL only: PGlite takes
 * its parameters as text.
 */
export function jsonArrayParam(values: readonly unknown[]): Buffer {
  const texts = values.map((v) => JSON.stringify(v ?? null) ?? 'null');
  // A UTF-16 code unit takes at most three bytes in UTF-8; one for the version, two brackets, the commas.
  let size = 3 + texts.length;
  for (const text of texts) size += text.length * 3;
  const start = reserveParam(size);
  const buffer = slab;
  buffer[start] = 1; // jsonb's binary format version
  buffer[start + 1] = 0x5b; // [
  let at = start + 2;
  for (let i = 0; i < texts.length; i += 1) {
    if (i > 0) buffer[at++] = 0x2c; // ,
    at += buffer.write(texts[i] ?? '', at, 'utf8');
  }
  buffer[at++] = 0x5d; // ]
  return claimParam(start, at);
}

/**
 * Binary parameters are written into slabs of this size, each parameter after the one before,
 * rather than into a buffer of its own: an import's batch statement has some eighty parameters of
 * up to a few hundred kilobytes, and allocating each one cost more than writing it (about 200 µs
 * for 60 kB, a system call and page faults each time, measured by bench/import-cpu.ts). A slab is
 * freed once no parameter written into it is referenced any longer.
 */
const SLAB_BYTES = 4 << 20;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/**
 * Room for `size` bytes in the current slab, or in a new one: where it starts. The parameter is
 * written into `slab` from there and ended by claimParam before anything else reserves room.
 */
function reserveParam(size: number): number {
  if (slabUsed + size > slab.length) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, size));
    slabUsed = 0;
  }
  return slabUsed;
}

/** The parameter written into the slab from `start` to `end`; the slab's next parameter starts after it. */
function claimParam(start: number, end: number): Buffer {
  slabUsed = (end + 7) & ~7;
  return slab.subarray(start, end);
}

/**
 * The element types a binary array parameter carries in their own binary form, by OID
 * (pg_type.dat). A column of any other type (numeric, date, an array) travels as text elements,
 * each cast by the statement.
 */
const BINARY_ELEMENTS: Readonly<Record<string, number>> = { text: 25, integer: 23, bigint: 20, boolean: 16 };

/** The element type of a column's binary array parameter: its own, or text to be cast. */
function binaryElementType(type: string): string {
  return type in BINARY_ELEMENTS ? type : 'text';
}

/** A value of a column that travels as text: as the type's input function reads it. */
function elementText(value: unknown, type: string): string {
  if (type.endsWith('[]')) {
    if (Array.isArray(value)) return arrayLiteral(value);
  } else if (typeof value === 'string') return value;
  else if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  else if (typeof value === 'bigint') return value.toString();
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  throw new TypeError(`a ${type} column cannot take ${typeof value} ${String(value)}`);
}

/**
 * Values (a column's cells) as a one-dimensional array parameter in PostgreSQL's binary format
 * (array_recv): ndim, a has-nulls flag, the element type's OID, the length and lower bound, then
 * each element as its byte length (-1 for null) and its bytes. Nothing is quoted or escaped on
 * either side: as a text literal, every element was quoted here, measured and copied by the
 * driver, and parsed back by array_in (see bench/RESULTS.md). PostgreSQL only: PGlite takes its
 * parameters as text.
 */
export function binaryArrayParam(cells: readonly unknown[], type: string): Buffer {
  const element = binaryElementType(type);
  const oid = BINARY_ELEMENTS[element] ?? 25;
  const values: unknown[] = new Array<unknown>(cells.length);
  let size = 20 + cells.length * 4;
  for (let i = 0; i < cells.length; i += 1) {
    let value = cells[i];
    if (value === null || value === undefined) value = null;
    else if (element === 'text') {
      value = elementText(value, type);
      size += (value as string).length * 3; // a UTF-16 code unit is at most three bytes of UTF-8
    } else size += 8;
    values[i] = value;
  }
  const start = reserveParam(size);
  const buffer = slab;
  buffer.writeInt32BE(values.length > 0 ? 1 : 0, start); // an empty array has no dimension
  buffer.writeInt32BE(0, start + 4); // has nulls: set at the end
  buffer.writeInt32BE(oid, start + 8);
  let at = start + 12;
  if (values.length > 0) {
    buffer.writeInt32BE(values.length, start + 12);
    buffer.writeInt32BE(1, start + 16); // lower bound
    at = start + 20;
  }
  let nulls = false;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null) {
      buffer.writeInt32BE(-1, at);
      at += 4;
      nulls = true;
    } else if (element === 'text') {
      const text = value as string;
      const end =
        text.length > SHORT_TEXT ? at + 4 + buffer.write(text, at + 4, 'utf8') : writeUtf8(buffer, text, at + 4);
      buffer.writeInt32BE(end - at - 4, at);
      at = end;
    } else if (element === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value > 2147483647 || value < -2147483648)
        throw new TypeError(`an integer column cannot take ${String(value)}`);
      buffer.writeInt32BE(4, at);
      buffer.writeInt32BE(value, at + 4);
      at += 8;
    } else if (element === 'bigint') {
      buffer.writeInt32BE(8, at);
      const n = typeof value === 'string' && SAFE_DIGITS.test(value) ? Number(value) : value;
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) {
        buffer.writeUInt32BE(Math.floor(n / 0x100000000), at + 4);
        buffer.writeUInt32BE(n % 0x100000000, at + 8);
      } else buffer.writeBigInt64BE(BigInt(n as string | number | bigint), at + 4);
      at += 12;
    } else {
      if (typeof value !== 'boolean') throw new TypeError(`a boolean column cannot take ${String(value)}`);
      buffer.writeInt32BE(1, at);
      buffer[at + 4] = value ? 1 : 0;
      at += 5;
    }
  }
  if (nulls) buffer[start + 7] = 1;
  return claimParam(start, at);
}

/** Digits that a double holds exactly (a bigint id as the driver returns it, as text). */
const SAFE_DIGITS = /^\d{1,15}$/;

/** Texts up to this length are encoded here: a call into Buffer.write costs more than a short loop. */
const SHORT_TEXT = 48;

/** Writes `text` as UTF-8 at `at` (room for three bytes a code unit is there); returns the end. */
function writeUtf8(buffer: Buffer, text: string, at: number): number {
  let to = at;
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80) buffer[to++] = c;
    else if (c < 0x800) {
      buffer[to++] = 0xc0 | (c >> 6);
      buffer[to++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i += 1;
          buffer[to++] = 0xf0 | (c >> 18);
          buffer[to++] = 0x80 | ((c >> 12) & 0x3f);
          buffer[to++] = 0x80 | ((c >> 6) & 0x3f);
          buffer[to++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate, as Buffer.write writes it
      buffer[to++] = 0xe0 | (c >> 12);
      buffer[to++] = 0x80 | ((c >> 6) & 0x3f);
      buffer[to++] = 0x80 | (c & 0x3f);
    }
  }
  return to;
}

/**
 * `rows` as a SELECT whose columns are named as the table's (the source of an INSERT): one array
 * per column, unnested into rows, so PostgreSQL parses each cell once by its type (a JSON record
 * set of the whole batch builds a document first: about twice the time). A jsonb column travels
 * as one JSON array, joined by position: passed as text inside an array literal, a large document
 * would be escaped, unescaped and parsed again. Column names and types come from the constants
 * below, never from input.
 */
export function rowsSelect(
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
  options: { binary?: boolean } = {},
): { list: RawBuilder<unknown>; select: RawBuilder<unknown> } {
  const names = Object.keys(columns);
  const typeOf = (n: string): string => columns[n] ?? 'text';
  const plain = names.filter((n) => typeOf(n) !== 'jsonb');
  const json = names.filter((n) => typeOf(n) === 'jsonb');
  // The type of a column's array elements as sent; a column of another type is cast row by row.
  const sentAs = (t: string): string => (options.binary ? binaryElementType(t) : t.endsWith('[]') ? 'text' : t);
  const selected = sql.join(
    names.map((n) => {
      const t = typeOf(n);
      if (t === 'jsonb') return sql`${sql.raw(`nullif(j${json.indexOf(n)}.value, 'null'::jsonb)`)} as ${sql.id(n)}`;
      const c = `x.c${plain.indexOf(n)}`;
      return sql`${sql.raw(sentAs(t) === t ? c : `${c}::${t}`)} as ${sql.id(n)}`;
    }),
  );
  const aliases = sql.raw([...plain.map((_, j) => `c${j}`), 'n'].join(', '));
  const arrays = sql.join(
    plain.map((n) => {
      const t = typeOf(n);
      const param = options.binary
        ? binaryArrayParam(
            rows.map((r) => r[n]),
            t,
          )
        : columnLiteral(rows, n, t);
      return sql`${param}::${sql.raw(sentAs(t))}[]`;
    }),
  );
  const jsonParam = (values: unknown[]): unknown => (options.binary ? jsonArrayParam(values) : JSON.stringify(values));
  const joins = sql.join(
    json.map(
      (n, j) =>
        sql`join jsonb_array_elements(${jsonParam(rows.map((r) => r[n] ?? null))}::jsonb) with ordinality
          as ${sql.raw(`j${j}(value, n)`)} on ${sql.raw(`j${j}.n = x.n`)}`,
    ),
    sql` `,
  );
  return {
    list: sql.join(names.map((n) => sql.id(n))),
    select: sql`select ${selected} from unnest(${arrays}) with ordinality as x(${aliases}) ${joins}`,
  };
}

async function insertRows(
  tx: Tx,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const { list, select } = rowsSelect(columns, rows.slice(i, i + ROWS_PER_STATEMENT));
    await sql`insert into ${sql.table(table)} (${list}) ${select}`.execute(tx);
  }
}

export const HOUSEHOLD_COLUMNS = {
  county_code: 'text',
  id: 'bigint',
  village_code: 'text',
  household_no: 'text',
  group_name: 'text',
  head_name: 'text',
  phone: 'text',
  bank_name: 'text',
  bank_account: 'text',
  identification_standard: 'text',
  attribute: 'text',
  main_cause: 'text',
  other_causes: 'text[]',
  status: 'text',
  first_identified: 'text',
  exit_year: 'integer',
  relocation_method: 'text',
  relocation_willing: 'boolean',
  size: 'integer',
  income_year: 'integer',
  per_capita_income: 'numeric',
  house_grade: 'text',
  water_safe: 'boolean',
  water_difficult: 'boolean',
  living: 'jsonb',
} as const;

export const MEMBER_COLUMNS = {
  county_code: 'text',
  id: 'bigint',
  household_id: 'bigint',
  village_code: 'text',
  name: 'text',
  sex: 'text',
  id_number: 'text',
  disability_cert: 'text',
  birth_date: 'date',
  relation: 'text',
  ethnicity: 'text',
  political_status: 'text',
  education: 'text',
  school_status: 'text',
  health: 'text',
  labour_skill: 'text',
  months_worked: 'integer',
  work_place: 'text',
  has_medical_insurance: 'boolean',
  has_critical_illness_insurance: 'boolean',
  has_resident_pension: 'boolean',
  receives_dibao: 'boolean',
} as const;

export const PERSON_ID_COLUMNS = {
  id_number: 'text',
  county_code: 'text',
  member_id: 'bigint',
  household_id: 'bigint',
  village_code: 'text',
} as const;

export const INCOME_COLUMNS = {
  county_code: 'text',
  household_id: 'bigint',
  year: 'integer',
  village_code: 'text',
  wages: 'numeric',
  business: 'numeric',
  property: 'numeric',
  transfer_family_planning: 'numeric',
  transfer_dibao: 'numeric',
  transfer_destitute: 'numeric',
  transfer_pension: 'numeric',
  transfer_eco: 'numeric',
  transfer_other: 'numeric',
  business_expenses: 'numeric',
  net_income: 'numeric',
  per_capita: 'numeric',
} as const;

export const HISTORY_COLUMNS = {
  county_code: 'text',
  household_id: 'bigint',
  village_code: 'text',
  year: 'integer',
  change: 'text',
  snapshot: 'jsonb',
} as const;

export const AUDIT_COLUMNS = {
  action: 'text',
  entity: 'text',
  entity_id: 'text',
  region_code: 'text',
  after: 'jsonb',
} as const;

/** The registry rows of one household, keyed by column: the one mapping of a write to its tables. */
export interface HouseholdRows {
  household: Record<string, unknown>;
  /** Each member's row, and whether its ID number goes into person_ids (the province-unique ones). */
  members: (ReturnType<typeof memberRow> & { person_id: boolean })[];
  income: ReturnType<typeof incomeRow> | null;
}

/**
 * The rows a household write becomes in households, members and household_incomes (the household
 * number and the member ids are the caller's). The form's registration and an import's staging
 * both build them here.
 */
export function householdRows(
  write: HouseholdWrite,
  countyCode: string,
  villageCode: string,
  householdId: string,
): HouseholdRows {
  const size = write.household.members.length;
  const income = write.income ? incomeRow(write.income, countyCode, householdId, villageCode, size) : null;
  // The rows are built here: completed in place rather than copied (an import builds millions).
  return {
    household: Object.assign(householdFacts(write), {
      county_code: countyCode,
      id: householdId,
      village_code: villageCode,
      income_year: income?.year ?? null,
      per_capita_income: income?.per_capita ?? null,
    }),
    members: write.household.members.map((input) => {
      const row = memberRow(input, countyCode, householdId, villageCode);
      return Object.assign(row, { person_id: uniqueId(row.id_number) !== null });
    }),
    income,
  };
}

/** `n` values of the sequence, in order. */
async function nextIds(tx: Tx, sequence: 'households_id_seq' | 'members_id_seq', n: number): Promise<string[]> {
  if (n === 0) return [];
  const rows = await sql<{ id: string }>`select nextval(${sequence}::regclass)::text as id
    from generate_series(1, ${n}::int)`.execute(tx);
  return rows.rows.map((r) => r.id);
}

interface Candidate {
  index: number;
  write: HouseholdWrite;
  warnings: Issue[];
  villageCode: string;
  countyCode: string;
  ids: string[];
  householdNo?: string;
}

/** Drops the households whose village is not a village of the region tree. */
async function checkVillages(tx: Tx, candidates: Candidate[], refuse: (c: Candidate, e: AppError) => void) {
  const codes = [...new Set(candidates.map((c) => c.villageCode))];
  const found = await tx.selectFrom('regions').select(['code', 'level']).where('code', 'in', codes).execute();
  const villages = new Set(found.filter((r) => r.level === 'village').map((r) => r.code));
  return candidates.filter((c) => {
    if (villages.has(c.villageCode)) return true;
    refuse(c, new AppError('VALIDATION', { field: 'villageCode' }));
    return false;
  });
}

/** Drops the households with an ID number registered anywhere in the province or earlier in the batch. */
async function checkIdNumbers(tx: Tx, candidates: Candidate[], refuse: (c: Candidate, e: AppError) => void) {
  const all = [...new Set(candidates.flatMap((c) => c.ids))];
  const taken = new Set<string>();
  if (all.length) {
    const owners = await sql<{ id_number: string }>`select p.id_number
      from fupin_id_owners(${all}::text[]) as p`.execute(tx);
    for (const r of owners.rows) taken.add(r.id_number);
  }
  const inBatch = new Set<string>();
  return candidates.filter((c) => {
    const conflicts = c.ids.filter((id) => taken.has(id) || (uniqueId(id) !== null && inBatch.has(id)));
    if (conflicts.length) {
      refuse(c, new AppError('ID_CONFLICT', { idNumbers: [...new Set(conflicts)] }));
      return false;
    }
    for (const id of c.ids) if (uniqueId(id)) inBatch.add(id);
    return true;
  });
}

async function takenNumbers(tx: Tx, wanted: { county: string; no: string }[]): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const rows = await sql<{ county_code: string; household_no: string }>`
    select h.county_code, h.household_no
    from unnest(${wanted.map((w) => w.county)}::text[], ${wanted.map((w) => w.no)}::text[]) as n(county, no)
    join households h on h.county_code = n.county and h.household_no = n.no`.execute(tx);
  return new Set(rows.rows.map((r) => `${r.county_code}|${r.household_no}`));
}

/**
 * Gives every household its number: a number the form or file gave must be free in its county; a
 * household without one gets the village code and the next free sequence number of its village.
 */
async function assignNumbers(tx: Tx, candidates: Candidate[], refuse: (c: Candidate, e: AppError) => void) {
  const given = candidates.filter((c) => c.write.household.householdNumber);
  const taken = await takenNumbers(
    tx,
    given.map((c) => ({ county: c.countyCode, no: c.write.household.householdNumber ?? '' })),
  );
  const used = new Set<string>();
  const kept = candidates.filter((c) => {
    const no = c.write.household.householdNumber;
    if (!no) return true;
    const key = `${c.countyCode}|${no}`;
    if (taken.has(key) || used.has(key)) {
      refuse(c, new AppError('VALIDATION', { field: 'householdNumber', reason: 'taken' }));
      return false;
    }
    used.add(key);
    c.householdNo = no;
    return true;
  });
  const unnumbered = kept.filter((c) => !c.householdNo);
  if (unnumbered.length === 0) return kept;
  const villages = [...new Set(unnumbered.map((c) => c.villageCode))];
  // After the highest number of the village, as the import numbers (migration 011), so a deleted
  // household's number is not given again.
  const high = await sql<{ village_code: string; high: number }>`
    select village_code, high from fupin_village_number_high(${villages}::text[])`.execute(tx);
  const next = new Map(high.rows.map((r) => [r.village_code, Number(r.high) + 1]));
  let pending = unnumbered;
  // A proposed number can be taken (a household numbered by hand in that pattern): try the next one.
  while (pending.length) {
    for (const c of pending) {
      let n = next.get(c.villageCode) ?? 1;
      while (used.has(`${c.countyCode}|${c.villageCode}${String(n).padStart(4, '0')}`)) n += 1;
      c.householdNo = `${c.villageCode}${String(n).padStart(4, '0')}`;
      next.set(c.villageCode, n + 1);
      used.add(`${c.countyCode}|${c.householdNo}`);
    }
    const clash = await takenNumbers(
      tx,
      pending.map((c) => ({ county: c.countyCode, no: c.householdNo ?? '' })),
    );
    pending = pending.filter((c) => clash.has(`${c.countyCode}|${c.householdNo ?? ''}`));
  }
  return kept;
}

/**
 * Registers a batch of households in the caller's transaction with every check createHousehold
 * makes (scope, the registry rules, the village, province-wide ID numbers, the household number).
 * Refused households are returned with their error and nothing of theirs is written; the others
 * are written with one statement per table and one audit entry each, and re-evaluated for exit
 * set-based (a few statements per county and evaluated year, none per household).
 */
export async function createHouseholds(
  tx: Tx,
  scope: string,
  writes: readonly HouseholdWrite[],
  options: CreateOptions = {},
): Promise<{ created: CreatedHousehold[]; refused: RefusedHousehold[] }> {
  const refused: RefusedHousehold[] = [];
  const refuse = (c: Candidate, error: AppError) => refused.push({ index: c.index, error });
  let candidates: Candidate[] = [];
  writes.forEach((write, index) => {
    const villageCode = write.household.villageCode;
    try {
      assertRegionInScope(scope, villageCode);
      const warnings = options.prevalidated ? [] : validate(write);
      const ids = write.household.members.map((m) => normaliseIdNumber(m.idNumber ?? '').slice(0, 18));
      candidates.push({ index, write, warnings, villageCode, countyCode: villageCode.slice(0, 6), ids });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ index, error });
    }
  });
  if (candidates.length) candidates = await checkVillages(tx, candidates, refuse);
  if (candidates.length) candidates = await checkIdNumbers(tx, candidates, refuse);
  if (candidates.length) candidates = await assignNumbers(tx, candidates, refuse);
  refused.sort((a, b) => a.index - b.index);
  if (candidates.length === 0) return { created: [], refused };

  const householdIds = await nextIds(tx, 'households_id_seq', candidates.length);
  const memberIds = await nextIds(
    tx,
    'members_id_seq',
    candidates.reduce((n, c) => n + c.write.household.members.length, 0),
  );
  const households: Record<string, unknown>[] = [];
  const members: Record<string, unknown>[] = [];
  const personIds: Record<string, unknown>[] = [];
  const incomes: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const audit: Record<string, unknown>[] = [];
  const created: CreatedHousehold[] = [];
  const year = new Date().getFullYear();
  let m = 0;
  candidates.forEach((c, i) => {
    const id = householdIds[i] ?? '';
    const { countyCode, villageCode } = c;
    const rows = householdRows(c.write, countyCode, villageCode, id);
    households.push({ ...rows.household, household_no: c.householdNo });
    for (const { person_id: personId, ...row } of rows.members) {
      const memberId = memberIds[m++] ?? '';
      members.push({ ...row, id: memberId });
      if (personId) {
        personIds.push({
          id_number: row.id_number,
          county_code: countyCode,
          member_id: memberId,
          household_id: id,
          village_code: villageCode,
        });
      }
    }
    if (rows.income) incomes.push(rows.income);
    history.push({
      county_code: countyCode,
      household_id: id,
      village_code: villageCode,
      year,
      change: 'registered',
      snapshot: c.write,
    });
    const key = householdKey(countyCode, id);
    audit.push({
      action: 'household.create',
      entity: 'household',
      entity_id: key,
      region_code: villageCode,
      after: options.auditAfter ? options.auditAfter(c.index) : redactForAudit(c.write),
    });
    created.push({ index: c.index, key, warnings: c.warnings });
  });
  await insertRows(tx, 'households', HOUSEHOLD_COLUMNS, households);
  await insertRows(tx, 'members', MEMBER_COLUMNS, members);
  await insertRows(tx, 'person_ids', PERSON_ID_COLUMNS, personIds);
  await insertRows(tx, 'household_incomes', INCOME_COLUMNS, incomes);
  await insertRows(tx, 'household_history', HISTORY_COLUMNS, history);
  await insertRows(tx, 'audit_log', AUDIT_COLUMNS, audit);
  // The new households get results for the years their county has been evaluated (exit module).
  const byCounty = new Map<string, string[]>();
  candidates.forEach((c, i) => {
    const ids = byCounty.get(c.countyCode) ?? [];
    ids.push(householdIds[i] ?? '');
    byCounty.set(c.countyCode, ids);
  });
  await reevaluateNewHouseholds(tx, byCounty);
  return { created, refused };
}

/**
 * Gives newly registered households results for the years their county has been evaluated (exit
 * module): set-based per county, and one query when no county of the batch was evaluated.
 */
export async function reevaluateNewHouseholds(tx: Tx, byCounty: ReadonlyMap<string, readonly string[]>): Promise<void> {
  if (byCounty.size === 0) return;
  // One query finds the counties with results at all (a fresh registry has none).
  const evaluated = await sql<{
    county: string;
  }>`select c.county from unnest(${[...byCounty.keys()]}::text[]) as c(county)
    where exists (select 1 from village_exit_results r where r.county_code = c.county)
       or exists (select 1 from household_exit_results x where x.county_code = c.county)`.execute(tx);
  for (const { county } of evaluated.rows) await reevaluateHouseholds(tx, county, byCounty.get(county) ?? []);
}
