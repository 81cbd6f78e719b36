import type { ColumnType, Generated } from 'kysely';
import type { ImportFormat, ImportMode, ImportStatus } from '@fupin/domain';
import type { Tx } from '../../../db/scope.js';

// Kysely types of the import tables (migrations/004_imports.sql). They live beside the code that
// owns them; `importTables(tx)` adds them to a transaction's type.

type Json = ColumnType<unknown, string | undefined | null, string | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type { ImportFormat, ImportMode, ImportStatus } from '@fupin/domain';
export type HouseholdOutcome = 'good' | 'bad' | 'unchanged' | 'written';

export interface RegistryImportsTable {
  id: Generated<string>;
  region_code: string;
  file_name: string;
  format: ImportFormat;
  size_bytes: ColumnType<string, string | number, string | number>;
  sha256: string;
  mode: ImportMode;
  status: ColumnType<ImportStatus, ImportStatus | undefined, ImportStatus>;
  job_id: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
  finished_at: Date | null;
  rows_total: number | null;
  rows_read: Generated<number>;
  households_ok: Generated<number>;
  households_bad: Generated<number>;
  households_unchanged: Generated<number>;
  households_written: Generated<number>;
  file_error: Json;
}

export interface RegistryImportChunksTable {
  import_id: string;
  seq: number;
  region_code: string;
  data: Uint8Array;
}

export interface RegistryImportRowsTable {
  import_id: string;
  row_no: number;
  region_code: string;
  group_key: string;
  id_number: string;
  cells: string[];
}

/** The cells of an ended import's rows that have findings (what the error report shows). */
export interface RegistryImportReportRowsTable {
  import_id: string;
  row_no: number;
  region_code: string;
  cells: string[];
}

/** Present while an import's (unlogged) staging rows exist: gone after a crash, and the job reads again. */
export interface RegistryImportStagingTable {
  import_id: string;
  region_code: string;
}

export interface RegistryImportHouseholdsTable {
  import_id: string;
  group_key: string;
  region_code: string;
  first_row: number;
  last_row: number;
  row_count: number;
  outcome: HouseholdOutcome;
  household_key: string | null;
  write: Json;
  county_code: string | null;
  village_code: string | null;
  household_no: string | null;
  household_id: string | null;
  registry_rows: Json;
}

export interface RegistryImportIssuesTable {
  import_id: string;
  id: Generated<string>;
  region_code: string;
  row_no: number | null;
  column_key: string | null;
  severity: 'error' | 'warning';
  code: string;
  message_zh: string;
  message_en: string;
}

export type ImportTables = {
  registry_imports: RegistryImportsTable;
  registry_import_chunks: RegistryImportChunksTable;
  registry_import_rows: RegistryImportRowsTable;
  registry_import_households: RegistryImportHouseholdsTable;
  registry_import_issues: RegistryImportIssuesTable;
  registry_import_report_rows: RegistryImportReportRowsTable;
  registry_import_staging: RegistryImportStagingTable;
};

/** The transaction, typed to also know the import tables (same connection, same transaction). */
export function importTables(tx: Tx) {
  return tx.withTables<ImportTables>();
}

export type ImportTx = ReturnType<typeof importTables>;
