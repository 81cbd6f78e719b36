import {
  checkHousehold,
  normaliseIdNumber,
  parseIdentityNumber,
  type EnumOption,
  type HouseholdInput,
  type IsoDate,
  type Locale,
  type MemberInput,
} from '@fupin/domain';
import type { HouseholdWrite, LivingInput } from '../service.js';
import {
  parseBool,
  parseDate,
  parseEnum,
  parseEnumList,
  parseInteger,
  parseMoney,
  parseYearMonth,
  type CellResult,
  type RawCell,
} from './cells.js';
import { COLUMNS, columnOfField, type Column, type ColumnKey } from './columns.js';
import { findingMessage, type FindingCode } from './messages.js';

// One household's rows → the registration form (HouseholdWrite) and every finding, each placed at
// the row and column the user has to correct. The registry's own checks (checkHousehold) run on
// the result, so an imported household passes exactly the rules a form does.

/** One data row of the sheet: its number as the spreadsheet shows it, and its cells by column. */
export interface SheetRow {
  rowNo: number;
  cells: Record<ColumnKey, RawCell>;
}

/** A problem (or a warning) at a row and column; row null for the file as a whole. */
export interface Finding {
  row: number | null;
  column: ColumnKey | null;
  severity: 'error' | 'warning';
  code: FindingCode;
  message: Record<Locale, string>;
}

/** A finding built from its code and parameters. */
export function finding(
  row: number | null,
  column: ColumnKey | null,
  code: FindingCode,
  params: Record<string, string> = {},
  severity: 'error' | 'warning' = 'error',
): Finding {
  return { row, column, severity, code, message: findingMessage(code, params) };
}

export interface ParsedHousehold {
  write: HouseholdWrite;
  findings: Finding[];
}

type HouseholdColumn = Extract<Column, { level: 'household' }>;
type MemberColumn = Extract<Column, { level: 'member' }>;

const MONEY_KEYS = [
  'wages',
  'business',
  'property',
  'familyPlanning',
  'dibao',
  'destituteSupport',
  'pension',
  'ecoCompensation',
  'otherTransfer',
  'businessExpenses',
] as const satisfies readonly ColumnKey[];

const COLUMN_BY_KEY = new Map<ColumnKey, Column>(COLUMNS.map((c) => [c.key, c]));

function def(key: ColumnKey): Column {
  const c = COLUMN_BY_KEY.get(key);
  if (!c) throw new Error(`unknown column ${key}`);
  return c;
}

/** Reads the cells of one household, collecting findings as it goes. */
class HouseholdReader {
  readonly findings: Finding[] = [];
  private readonly cellErrors = new Set<string>();

  constructor(private readonly rows: readonly SheetRow[]) {}

  get firstRow(): number {
    return this.rows[0]?.rowNo ?? 0;
  }

  error(row: number, column: ColumnKey, code: FindingCode, params?: Record<string, string>): void {
    this.cellErrors.add(`${row}:${column}`);
    this.findings.push(finding(row, column, code, params));
  }

  hasCellError(row: number | null, column: ColumnKey | null): boolean {
    return row !== null && column !== null && this.cellErrors.has(`${row}:${column}`);
  }

  /** A household column's value: the first row that fills it; other rows must agree. */
  householdCell(key: HouseholdColumn['key']): { cell: RawCell; row: number } | undefined {
    let source: { cell: RawCell; row: number } | undefined;
    for (const r of this.rows) {
      const cell = r.cells[key];
      if (cell.text === '') continue;
      if (!source) source = { cell, row: r.rowNo };
      else if (cell.text !== source.cell.text) {
        this.error(r.rowNo, key, 'import.household.inconsistent', {
          column: def(key).header,
          first: String(source.row),
          expected: source.cell.text,
        });
      }
    }
    return source;
  }

  /** Parses a cell with `parser`; blank → null, unreadable → null plus a finding. */
  read<T>(row: number, key: ColumnKey, cell: RawCell | undefined, parser: (c: RawCell) => CellResult<T>): T | null {
    if (!cell || cell.text === '') return null;
    const c = def(key);
    if ((key === 'idNumber' || key === 'bankAccount') && cell.numeric && cell.text.length >= 16) {
      this.error(row, key, 'import.cell.numericId');
      return null;
    }
    if ('maxLength' in c && cell.text.length > c.maxLength) {
      this.error(row, key, 'import.cell.tooLong', { max: String(c.maxLength) });
      return null;
    }
    if (parser === (text as unknown)) return cell.text as T; // no result to build for plain text
    const parsed = parser(cell);
    if (parsed.ok) return parsed.value;
    this.error(row, key, parsed.code, parsed.params);
    return null;
  }

  household<T>(key: HouseholdColumn['key'], parser: (c: RawCell) => CellResult<T>): T | null {
    const source = this.householdCell(key);
    return source ? this.read(source.row, key, source.cell, parser) : null;
  }

  householdRow(key: ColumnKey): number {
    const hit = this.rows.find((r) => r.cells[key].text !== '');
    return hit?.rowNo ?? this.firstRow;
  }
}

// The cell parsers, each built once: a household's dozens of cells would otherwise make a closure each.
const text = (c: RawCell): CellResult<string> => ({ ok: true, value: c.text });
const boolCell = (c: RawCell): CellResult<boolean> => parseBool(c.text);
const monthsCell = (c: RawCell): CellResult<number> => parseInteger(c.text, 0, 12);
const incomeYearCell = (c: RawCell): CellResult<number> => parseInteger(c.text, 2010, 2100);
const moneyCell = (c: RawCell): CellResult<number> => parseMoney(c.text);
const enumParsers = new WeakMap<readonly EnumOption[], (c: RawCell) => CellResult<string>>();
function enumOf<T extends string>(options: readonly EnumOption[]): (c: RawCell) => CellResult<T> {
  let parser = enumParsers.get(options);
  if (!parser) {
    parser = (c: RawCell) => parseEnum<string>(c.text, options);
    enumParsers.set(options, parser);
  }
  return parser as (c: RawCell) => CellResult<T>;
}

function enumColumn<T extends string>(reader: HouseholdReader, row: SheetRow, key: MemberColumn['key']): T | null {
  const c = def(key);
  return 'options' in c ? reader.read(row.rowNo, key, row.cells[key], enumOf<T>(c.options)) : null;
}

function optionsOf(key: ColumnKey): readonly EnumOption[] {
  const c = def(key);
  return 'options' in c ? c.options : [];
}

function readMember(reader: HouseholdReader, row: SheetRow, asOf: IsoDate): MemberInput {
  const n = row.rowNo;
  const bool = (key: MemberColumn['key']) => reader.read(n, key, row.cells[key], boolCell);
  const idNumber = reader.read(n, 'idNumber', row.cells.idNumber, text);
  let sex = enumColumn<NonNullable<MemberInput['sex']>>(reader, row, 'sex');
  let birthDate = reader.read(n, 'birthDate', row.cells.birthDate, parseDate);
  // Sex and birth date are written in the ID number: a blank cell takes them from there.
  if (idNumber && (sex === null || birthDate === null) && !reader.hasCellError(n, 'sex')) {
    const parsed = parseIdentityNumber(idNumber, { asOf });
    if (parsed.ok) {
      if (sex === null && row.cells.sex.text === '') sex = parsed.value.id.sex;
      if (birthDate === null && row.cells.birthDate.text === '') birthDate = parsed.value.id.birthDate;
    }
  }
  return {
    name: reader.read(n, 'name', row.cells.name, text) ?? '',
    sex,
    idNumber: idNumber === null ? null : normaliseIdNumber(idNumber),
    birthDate,
    relation: enumColumn<NonNullable<MemberInput['relation']>>(reader, row, 'relation'),
    ethnicity: enumColumn<NonNullable<MemberInput['ethnicity']>>(reader, row, 'ethnicity'),
    politicalStatus: enumColumn<NonNullable<MemberInput['politicalStatus']>>(reader, row, 'politicalStatus'),
    education: enumColumn<NonNullable<MemberInput['education']>>(reader, row, 'education'),
    schoolStatus: enumColumn<NonNullable<MemberInput['schoolStatus']>>(reader, row, 'schoolStatus'),
    health: enumColumn<NonNullable<MemberInput['health']>>(reader, row, 'health'),
    labourSkill: enumColumn<NonNullable<MemberInput['labourSkill']>>(reader, row, 'labourSkill'),
    monthsWorked: reader.read(n, 'monthsWorked', row.cells.monthsWorked, monthsCell),
    workPlace: reader.read(n, 'workPlace', row.cells.workPlace, text),
    hasBasicMedicalInsurance: bool('hasBasicMedicalInsurance'),
    hasCriticalIllnessInsurance: bool('hasCriticalIllnessInsurance'),
    hasResidentPension: bool('hasResidentPension'),
    receivesDibao: bool('receivesDibao'),
  };
}

function readIncome(reader: HouseholdReader): HouseholdWrite['income'] {
  const year = reader.household('incomeYear', incomeYearCell);
  const amounts = Object.fromEntries(MONEY_KEYS.map((k) => [k, reader.household(k, moneyCell)])) as Record<
    (typeof MONEY_KEYS)[number],
    number | null
  >;
  const filled = MONEY_KEYS.find((k) => amounts[k] !== null);
  if (year === null) {
    if (filled && !reader.hasCellError(reader.householdRow('incomeYear'), 'incomeYear')) {
      reader.error(reader.householdRow(filled), 'incomeYear', 'import.income.yearMissing');
    }
    return undefined;
  }
  const a = (k: (typeof MONEY_KEYS)[number]): number => amounts[k] ?? 0;
  return {
    year,
    wages: a('wages'),
    business: a('business'),
    property: a('property'),
    transfers: {
      familyPlanning: a('familyPlanning'),
      dibao: a('dibao'),
      destituteSupport: a('destituteSupport'),
      pension: a('pension'),
      ecoCompensation: a('ecoCompensation'),
      other: a('otherTransfer'),
    },
    businessExpenses: a('businessExpenses'),
  };
}

function readLiving(reader: HouseholdReader): LivingInput | undefined {
  const houseGrade = reader.household(
    'houseGrade',
    enumOf<NonNullable<LivingInput['houseGrade']>>(optionsOf('houseGrade')),
  );
  const waterSafe = reader.household('waterSafe', boolCell);
  if (houseGrade === null && waterSafe === null) return undefined;
  return { houseGrade, waterSafe };
}

/** Where a registry-check issue belongs: 'members[2].idNumber' → the third row, 证件号码. */
function placeIssue(
  reader: HouseholdReader,
  rows: readonly SheetRow[],
  field: string,
): { row: number; column: ColumnKey | null } {
  const m = /^members\[(\d+)\]\.(\w+)$/.exec(field);
  if (m) {
    const row = rows[Number(m[1])]?.rowNo ?? reader.firstRow;
    return { row, column: columnOfField(m[2] ?? '')?.key ?? null };
  }
  if (field === 'members') return { row: reader.firstRow, column: 'relation' };
  const column = columnOfField(field)?.key ?? null;
  return { row: column ? reader.householdRow(column) : reader.firstRow, column };
}

/** Reads one household's rows into a registration form and checks it as the registry would. */
export function parseHousehold(rows: readonly SheetRow[], asOf: IsoDate): ParsedHousehold {
  const reader = new HouseholdReader(rows);
  const villageCode = reader.household('villageCode', text) ?? '';
  const headName = reader.household('headName', text);
  const household: HouseholdInput & { headName?: string } = {
    villageCode,
    group: reader.household('group', text),
    householdNumber: reader.household('householdNumber', text),
    phone: reader.household('phone', text),
    bankName: reader.household('bankName', text),
    bankAccount: reader.household('bankAccount', text),
    identificationStandard:
      reader.household(
        'identificationStandard',
        enumOf<NonNullable<HouseholdInput['identificationStandard']>>(optionsOf('identificationStandard')),
      ) ?? '国家',
    attribute:
      reader.household('attribute', enumOf<NonNullable<HouseholdInput['attribute']>>(optionsOf('attribute'))) ??
      '一般贫困户',
    mainCause: reader.household('mainCause', enumOf<NonNullable<HouseholdInput['mainCause']>>(optionsOf('mainCause'))),
    otherCauses:
      reader.household('otherCauses', (c) =>
        parseEnumList<NonNullable<HouseholdInput['mainCause']>>(c.text, optionsOf('otherCauses')),
      ) ?? [],
    firstIdentified: reader.household('firstIdentified', parseYearMonth),
    members: rows.map((r) => readMember(reader, r, asOf)),
  };
  const head = household.members.find((m) => m.relation === '户主');
  if (headName !== null && head && head.name !== headName) {
    reader.error(reader.householdRow('headName'), 'headName', 'import.household.headName', {
      headName,
      name: head.name,
    });
  }
  household.headName = headName ?? head?.name ?? household.members[0]?.name ?? '';
  const write: HouseholdWrite = { household, living: readLiving(reader), income: readIncome(reader) };

  for (const issue of checkHousehold(household, { asOf, requireVillageCommittee: true })) {
    const at = placeIssue(reader, rows, issue.field);
    // A cell that could not be read already has its finding; "required" on top of it is noise.
    if (reader.hasCellError(at.row, at.column)) continue;
    reader.findings.push({
      row: at.row,
      column: at.column,
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
    });
  }
  return { write, findings: reader.findings };
}

/** Equal content, whatever the member order: the test for "already imported, unchanged". */
export function canonicalHousehold(write: HouseholdWrite, ignoreHouseholdNumber: boolean): string {
  const { members, ...rest } = write.household;
  const sorted = [...members].sort((a, b) => (a.idNumber ?? '').localeCompare(b.idNumber ?? ''));
  const household = { ...rest, householdNumber: ignoreHouseholdNumber ? null : (rest.householdNumber ?? null) };
  return stableJson({ household, members: sorted, living: write.living ?? null, income: write.income ?? null });
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== null && x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
