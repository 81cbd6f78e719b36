// Rows of the five registry tables in the text format of `COPY … FROM STDIN`: one place that
// lists each table's columns and writes a generated household into them, so the two agree.

import { formatYuan, yuanToFen } from '@fupin/domain';
import type { GeneratedHousehold } from './household.js';
import type { Batch } from './writer.js';

/** The registry tables the generator fills, parents first. */
export const REGISTRY_TABLES = [
  'households',
  'members',
  'person_ids',
  'household_incomes',
  'household_history',
] as const;
export type RegistryTable = (typeof REGISTRY_TABLES)[number];

/** Columns written per table, in field order. */
export const COLUMNS: Record<RegistryTable, readonly string[]> = {
  households: [
    'county_code id village_code group_name household_no head_name phone bank_name bank_account',
    'identification_standard attribute main_cause other_causes status first_identified exit_year',
    'relocation_method relocation_willing size income_year per_capita_income house_grade water_safe',
    'water_difficult living generated_flaws created_at updated_at',
  ]
    .join(' ')
    .split(' '),
  members: [
    'county_code id household_id village_code name sex id_number disability_cert birth_date relation',
    'ethnicity political_status education school_status health labour_skill months_worked work_place',
    'has_medical_insurance has_critical_illness_insurance has_resident_pension receives_dibao',
  ]
    .join(' ')
    .split(' '),
  person_ids: 'id_number county_code member_id household_id village_code'.split(' '),
  household_incomes: [
    'county_code household_id year village_code wages business property transfer_family_planning',
    'transfer_dibao transfer_destitute transfer_pension transfer_eco transfer_other business_expenses',
    'net_income per_capita',
  ]
    .join(' ')
    .split(' '),
  household_history: 'county_code id household_id village_code year change reason snapshot recorded_at'.split(' '),
};

/** The COPY statement for a table. */
export function copyStatement(table: RegistryTable): string {
  return `COPY ${table} (${COLUMNS[table].join(', ')}) FROM STDIN`;
}

type Field = string | number | boolean | null;

// COPY's text format: tab-separated, \N for NULL, and a backslash escapes itself, tab, newline
// and carriage return. Generated values rarely hold any of them (JSON is written raw), so the
// usual case is a single test and no copying.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format. */
function field(value: Field): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
}

function line(values: readonly Field[]): string {
  return `${values.map(field).join('\t')}\n`;
}

/** A PostgreSQL text[] literal with every element quoted. */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** Whole yuan are the common case; anything else goes through the domain's fen rounding. */
function money(yuan: number): string {
  return Number.isInteger(yuan) ? `${yuan}.00` : formatYuan(yuanToFen(yuan));
}

/** Lines per table, joined into chunks of CHUNK_LINES so COPY gets few large pieces. */
export class RowBuffers {
  private static readonly CHUNK_LINES = 2000;
  private pending = new Map<RegistryTable, string[]>(REGISTRY_TABLES.map((t) => [t, []]));
  private chunks = new Map<RegistryTable, string[]>(REGISTRY_TABLES.map((t) => [t, []]));
  /** Households written since the last take. */
  households = 0;

  add(table: RegistryTable, text: string): void {
    const pending = this.pending.get(table) ?? [];
    pending.push(text);
    if (pending.length >= RowBuffers.CHUNK_LINES) {
      this.chunks.get(table)?.push(pending.join(''));
      pending.length = 0;
    }
    this.pending.set(table, pending);
  }

  /** Everything so far, as a batch; the buffers start empty again. */
  take(): Batch {
    const chunks = new Map<RegistryTable, string[]>();
    for (const table of REGISTRY_TABLES) {
      const done = this.chunks.get(table) ?? [];
      const pending = this.pending.get(table) ?? [];
      if (pending.length > 0) done.push(pending.join(''));
      chunks.set(table, done);
    }
    const batch = { households: this.households, chunks };
    this.pending = new Map(REGISTRY_TABLES.map((t) => [t, []]));
    this.chunks = new Map(REGISTRY_TABLES.map((t) => [t, []]));
    this.households = 0;
    return batch;
  }
}

/** Ids given to a household and its first member (members follow consecutively). */
export interface RowIds {
  household: number;
  firstMember: number;
}

/** Writes a household's rows into the buffers: household, members, person IDs, income, history. */
export function writeHousehold(out: RowBuffers, h: GeneratedHousehold, ids: RowIds, year: number): void {
  out.households += 1;
  const { countyCode: county, villageCode: village } = h;
  const perCapita = h.summary.perCapitaFen === null ? null : formatYuan(h.summary.perCapitaFen);
  const head = h.members.find((m) => m.relation === '户主') ?? h.members[0];
  const created = `${h.identifiedOn} 10:00:00+08`;
  out.add(
    'households',
    line([
      county,
      ids.household,
      village,
      h.groupName,
      h.householdNo,
      head?.name ?? '',
      h.phone,
      h.bankName,
      h.bankAccount,
      h.identificationStandard,
      h.attribute,
      h.mainCause,
      textArray(h.otherCauses),
      h.status,
      h.firstIdentified,
      h.exitYear,
      h.relocationMethod,
      h.relocationWilling,
      h.members.length,
      year,
      perCapita,
      h.houseGrade,
      h.waterSafe,
      h.waterDifficult,
      JSON.stringify(h.living),
      textArray(h.flaws),
      created,
      created,
    ]),
  );
  h.members.forEach((m, i) => {
    const memberId = ids.firstMember + i;
    out.add(
      'members',
      line([
        county,
        memberId,
        ids.household,
        village,
        m.name,
        m.sex,
        m.idNumber,
        m.disabilityCert,
        m.birthDate,
        m.relation,
        m.ethnicity,
        m.politicalStatus,
        m.education,
        m.schoolStatus,
        m.health,
        m.labourSkill,
        m.monthsWorked,
        m.workPlace,
        m.hasBasicMedicalInsurance,
        m.hasCriticalIllnessInsurance,
        m.hasResidentPension,
        m.receivesDibao,
      ]),
    );
    if (m.registered) out.add('person_ids', line([m.idNumber, county, memberId, ids.household, village]));
  });
  const { income: inc, summary } = h;
  const t = inc.transfers;
  out.add(
    'household_incomes',
    line([
      county,
      ids.household,
      year,
      village,
      money(inc.wages),
      money(inc.business),
      money(inc.property),
      money(t.familyPlanning),
      money(t.dibao),
      money(t.destituteSupport),
      money(t.pension),
      money(t.ecoCompensation),
      money(t.other),
      money(inc.businessExpenses),
      formatYuan(summary.netFen),
      perCapita,
    ]),
  );
  // The same keys as the yearly carry-forward (registry/adjustment.ts carryCounty).
  const snapshot = {
    status: h.status,
    size: h.members.length,
    attribute: h.attribute,
    mainCause: h.mainCause,
    perCapitaIncome: perCapita === null ? null : Number(perCapita),
    incomeYear: year,
  };
  out.add(
    'household_history',
    line([
      county,
      ids.household,
      ids.household,
      village,
      year,
      'registered',
      '建档立卡',
      JSON.stringify(snapshot),
      `${year}-12-31 00:00:00+08`,
    ]),
  );
}
