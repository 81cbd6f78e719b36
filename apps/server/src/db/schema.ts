import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely; they mirror migrations/*.sql. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export interface RegionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  kind: string | null;
  is_direct: ColumnType<boolean, boolean | undefined, boolean>;
  poor_designation: string | null;
  poor_since: number | null;
  exit_year: number | null;
  extremely_poor: ColumnType<boolean, boolean | undefined, boolean>;
  key_poor: ColumnType<boolean, boolean | undefined, boolean>;
  poor_note: string | null;
  version: Generated<number>;
}

export interface RegionStatsTable {
  code: string;
  prefectures: number;
  counties: number;
  townships: number;
  villages: number;
  poor_counties: number;
  poor_townships: number;
  poor_villages: number;
  computed_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: ColumnType<string | null, string | null | undefined, never>;
  actor_name: ColumnType<string, string | undefined, never>;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: Json;
  after: Json;
  request_id: ColumnType<string | null, string | null | undefined, never>;
  ip: ColumnType<string | null, string | null | undefined, never>;
  prev_hash: ColumnType<string | null, undefined, never>;
  hash: ColumnType<string, undefined, never>;
}

export interface JobsTable {
  id: Generated<string>;
  type: string;
  status: Generated<string>;
  payload: Json;
  state: Json;
  result: Json;
  error: string | null;
  progress_done: Generated<string>;
  progress_total: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  cancel_requested: Generated<boolean>;
  created_by: string | null;
  created_by_name: string;
  region_code: string;
  scope: string;
  worker_id: string | null;
  heartbeat_at: Date | null;
  run_after: Timestamp;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

type Numeric = ColumnType<string, string | number, string | number>;

export interface HouseholdsTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  group_name: string | null;
  household_no: string;
  head_name: string;
  phone: string | null;
  bank_name: string | null;
  bank_account: string | null;
  identification_standard: string;
  attribute: string;
  main_cause: string;
  other_causes: ColumnType<string[], string[] | undefined, string[]>;
  status: string;
  first_identified: string | null;
  exit_year: number | null;
  relocation_method: string | null;
  relocation_willing: boolean | null;
  size: number;
  income_year: number | null;
  per_capita_income: Numeric | null;
  house_grade: string | null;
  water_safe: boolean | null;
  water_difficult: boolean | null;
  living: Json;
  generated_flaws: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembersTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  name: string;
  sex: string;
  id_number: string;
  disability_cert: string | null;
  birth_date: ColumnType<string | null, string | null, string | null>;
  relation: string;
  ethnicity: string | null;
  political_status: string | null;
  education: string | null;
  school_status: string | null;
  health: string | null;
  labour_skill: string | null;
  months_worked: number | null;
  work_place: string | null;
  has_medical_insurance: boolean | null;
  has_critical_illness_insurance: boolean | null;
  has_resident_pension: boolean | null;
  receives_dibao: boolean | null;
}

export interface PersonIdsTable {
  id_number: string;
  county_code: string;
  member_id: string;
  household_id: string;
  village_code: string;
}

export interface HouseholdIncomesTable {
  county_code: string;
  household_id: string;
  year: number;
  village_code: string;
  wages: Numeric;
  business: Numeric;
  property: Numeric;
  transfer_family_planning: Numeric;
  transfer_dibao: Numeric;
  transfer_destitute: Numeric;
  transfer_pension: Numeric;
  transfer_eco: Numeric;
  transfer_other: Numeric;
  business_expenses: Numeric;
  net_income: Numeric;
  per_capita: Numeric | null;
}

export interface HouseholdHistoryTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  year: number;
  change: string;
  reason: string | null;
  snapshot: Json;
  recorded_at: Timestamp;
}

export interface IdentificationCasesTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  applicant_name: string;
  proposal: Json;
  stage: Generated<string>;
  notice_started_at: Date | null;
  household_key: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpotChecksTable {
  county_code: string;
  id: Generated<string>;
  level: string;
  region_code: string;
  village_code: string;
  ratio: Numeric;
  case_ids: string[];
  sampled_ids: string[];
  created_by: string;
  created_at: Timestamp;
}

export interface IdentificationStepsTable {
  county_code: string;
  id: Generated<string>;
  case_id: string;
  village_code: string;
  step: string;
  outcome: string;
  note: string | null;
  objection: string | null;
  spot_check_id: string | null;
  sampled: Generated<boolean>;
  finding: string | null;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

export interface RegistryYearsTable {
  year: number;
  opened_at: Timestamp;
  opened_by: string;
}

export interface DB {
  registry_years: RegistryYearsTable;
  identification_cases: IdentificationCasesTable;
  spot_checks: SpotChecksTable;
  identification_steps: IdentificationStepsTable;
  households: HouseholdsTable;
  members: MembersTable;
  person_ids: PersonIdsTable;
  household_incomes: HouseholdIncomesTable;
  household_history: HouseholdHistoryTable;
  regions: RegionsTable;
  region_stats: RegionStatsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  settings: SettingsTable;
}
