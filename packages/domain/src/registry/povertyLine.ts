// The national rural poverty line (农村贫困标准): 2300 yuan per person per year at 2010 prices,
// set by the 2011 central conference on poverty alleviation (《中国农村扶贫开发纲要（2011—2020年）》)
// and restated each year at current prices by the National Bureau of Statistics (国家统计局).
// It is configuration: deployments edit it per year (DOMAIN §3), this table is only the default.

import { yuanToFen } from './income.js';

/** The line for one year, in yuan per person per year at that year's prices. */
export interface PovertyLineEntry {
  year: number;
  yuan: number;
  /** True when the figure is not taken from a published NBS statement (see `note`). */
  assumed: boolean;
  note?: string;
}

/** A poverty-line configuration: one entry per year. */
export type PovertyLineTable = readonly PovertyLineEntry[];

/** Default lines, 2011–2020 (NBS rural poverty monitoring; 2300 yuan at 2010 prices). */
export const DEFAULT_POVERTY_LINES: PovertyLineTable = [
  { year: 2011, yuan: 2536, assumed: false },
  { year: 2012, yuan: 2625, assumed: false },
  { year: 2013, yuan: 2736, assumed: false },
  { year: 2014, yuan: 2800, assumed: false },
  { year: 2015, yuan: 2855, assumed: false },
  { year: 2016, yuan: 2952, assumed: false },
  {
    year: 2017,
    yuan: 2952,
    assumed: true,
    note: 'Assumption: 2016 figure carried over; confirm against the NBS 2017 statement.',
  },
  {
    year: 2018,
    yuan: 2995,
    assumed: true,
    note: 'Assumption: the widely quoted ≈2995 yuan ("about 3000"); confirm against NBS.',
  },
  { year: 2019, yuan: 3218, assumed: false },
  {
    year: 2020,
    yuan: 4000,
    assumed: true,
    note: 'Approximate: quoted as "about 4000 yuan" in 2020 announcements.',
  },
];

/** The table entry for a year, or undefined when the year is not configured. */
export function povertyLineEntry(
  year: number,
  table: PovertyLineTable = DEFAULT_POVERTY_LINES,
): PovertyLineEntry | undefined {
  return table.find((e) => e.year === year);
}

/** The line in yuan for a year, or undefined when the year is not configured (never guessed). */
export function povertyLineFor(year: number, table: PovertyLineTable = DEFAULT_POVERTY_LINES): number | undefined {
  return povertyLineEntry(year, table)?.yuan;
}

/**
 * Whether per-capita net income (fen) is above the year's line — strictly, as the household exit
 * standard says 稳定超过 (2016 opinion on the poverty exit mechanism, 厅字〔2016〕16号).
 * Undefined when the year has no configured line.
 */
export function isAbovePovertyLine(
  perCapitaFen: number,
  year: number,
  table: PovertyLineTable = DEFAULT_POVERTY_LINES,
): boolean | undefined {
  const line = povertyLineFor(year, table);
  return line === undefined ? undefined : perCapitaFen > yuanToFen(line);
}

/** Years configured twice or lines that are not positive; an empty list means the table is usable. */
export function povertyLineTableProblems(table: PovertyLineTable): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const e of table) {
    if (seen.has(e.year)) problems.push(`year ${e.year} appears more than once`);
    seen.add(e.year);
    if (!Number.isFinite(e.yuan) || e.yuan <= 0) problems.push(`year ${e.year}: line must be > 0`);
  }
  return problems;
}
