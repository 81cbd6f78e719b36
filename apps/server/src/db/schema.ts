import type { ColumnType, Generated } from 'kysely';
import type { UnitKind, UnitLevel } from '@fupin/domain';

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

// Assistance (migrations/006_assistance.sql) ---------------------------------------------------
type DateCol = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface AssistanceUnitsTable {
  id: Generated<string>;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  region_code: string;
  phone: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CadresTable {
  id: Generated<string>;
  name: string;
  phone: string | null;
  unit_id: string;
  position: string | null;
  /** The region whose households the cadre may be paired with. */
  region_code: string;
  user_id: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeaderContactsTable {
  id: Generated<string>;
  cadre_id: string;
  region_code: string;
  role: Generated<string>;
  start_on: DateCol;
  end_on: NullableDate;
  created_at: Timestamp;
}

export interface WorkTeamsTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  name: string;
  leader_cadre_id: string | null;
  start_on: DateCol;
  planned_end_on: NullableDate;
  status: Generated<'active' | 'ended'>;
  ended_on: NullableDate;
  end_reason: string | null;
  successor_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkTeamUnitsTable {
  county_code: string;
  team_id: string;
  unit_id: string;
  village_code: string;
  is_lead: Generated<boolean>;
}

export interface WorkTeamMembersTable {
  county_code: string;
  id: Generated<string>;
  team_id: string;
  cadre_id: string;
  village_code: string;
  resident: Generated<boolean>;
  from_on: DateCol;
  to_on: NullableDate;
}

export interface FirstSecretariesTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  cadre_id: string;
  start_on: DateCol;
  planned_end_on: DateCol;
  ended_on: NullableDate;
  end_reason: string | null;
  created_at: Timestamp;
}

export interface PairingsTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  cadre_id: string;
  start_on: DateCol;
  ended_on: NullableDate;
  end_reason: string | null;
  created_at: Timestamp;
}

export interface VillageLinksTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  unit_id: string;
  link_kind: 'unit' | 'enterprise';
  start_on: DateCol;
  ended_on: NullableDate;
}

export interface HouseholdLinksTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  unit_id: string;
  link_kind: 'bank' | 'insurer';
  start_on: DateCol;
  ended_on: NullableDate;
}

/** Kept by triggers; read-only to the application. */
export interface AssistanceVillageCountsTable {
  village_code: string;
  county_code: string;
  poor_households: number;
  with_helper: number;
  with_bank: number;
  with_insurer: number;
}

export interface AssistanceImportsTable {
  id: Generated<string>;
  region_code: string;
  file_name: string;
  format: 'xlsx' | 'csv';
  size_bytes: ColumnType<string, string | number, string | number>;
  sha256: string;
  mode: 'all' | 'good';
  status: ColumnType<
    'queued' | 'checking' | 'applying' | 'completed' | 'rejected',
    'queued' | 'checking' | 'applying' | 'completed' | 'rejected' | undefined,
    'queued' | 'checking' | 'applying' | 'completed' | 'rejected'
  >;
  data: Uint8Array;
  job_id: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
  finished_at: Date | null;
  rows_total: Generated<number>;
  rows_ok: Generated<number>;
  rows_bad: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_written: Generated<number>;
  file_error: Json;
}

export interface AssistanceImportRowsTable {
  import_id: string;
  row_no: number;
  region_code: string;
  cells: string[];
  outcome: 'good' | 'bad' | 'unchanged' | 'written';
  county_code: string | null;
  household_id: string | null;
  village_code: string | null;
  cadre_id: string | null;
  start_on: NullableDate;
}

export interface AssistanceImportIssuesTable {
  import_id: string;
  id: Generated<string>;
  region_code: string;
  row_no: number | null;
  column_key: string | null;
  code: string;
  message_zh: string;
  message_en: string;
}

// Household plans (migrations/007_household_plans.sql) -----------------------------------------
type PlanDate = ColumnType<string, string, string>;
type BigintCol = ColumnType<string, string | number, string | number>;

export interface HouseholdPlanItemsTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  measure_type: string;
  target: string;
  target_fen: BigintCol | null;
  due_on: PlanDate;
  status: Generated<string>;
  cadre_id: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HouseholdMeasuresTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  measure_type: string;
  content: string;
  measured_on: PlanDate;
  amount_fen: BigintCol | null;
  quantity: Numeric | null;
  unit: string | null;
  plan_item_id: string | null;
  beneficiary_ids: ColumnType<string[], string[] | undefined, string[]>;
  cadre_id: string | null;
  recorded_by: string | null;
  recorded_by_name: string;
  created_at: Timestamp;
}

export interface HouseholdVisitsTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  visited_on: PlanDate;
  cadre_id: string;
  note: string;
  latitude: Numeric | null;
  longitude: Numeric | null;
  recorded_by: string | null;
  recorded_by_name: string;
  created_at: Timestamp;
}

export interface VisitPhotosTable {
  county_code: string;
  id: Generated<string>;
  visit_id: string;
  village_code: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  data: Uint8Array;
  created_at: Timestamp;
}

export interface WorkTeamDaysTable {
  county_code: string;
  team_id: string;
  cadre_id: string;
  day: PlanDate;
  village_code: string;
  in_village: boolean;
  note: string | null;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface WallCardsTable {
  county_code: string;
  household_id: string;
  version: number;
  village_code: string;
  digest: string;
  content: Json;
  issued_at: Timestamp;
  issued_by_name: string;
}

export interface SigningKeysTable {
  purpose: string;
  secret: Uint8Array;
  created_at: Timestamp;
}

// Exit (migration 008).
export interface ExitStandardsTable {
  id: Generated<string>;
  config: Json;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface VillageYearFactsTable {
  county_code: string;
  village_code: string;
  year: number;
  collective_income: Numeric | null;
  disposable_income: Numeric | null;
  rural_population: number | null;
  six_standards: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CountyAssessmentsTable {
  county_code: string;
  year: number;
  sampled_exited: number;
  wrongly_exited: number;
  sampled_population: number;
  missed: number;
  surveyed: number;
  satisfied: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ExitEvaluationsTable {
  id: Generated<string>;
  year: number;
  region_code: string;
  standards_id: string | null;
  standards: Json;
  status: Generated<string>;
  counties_total: Generated<number>;
  counties_done: Generated<number>;
  job_id: string | null;
  created_by: string;
  started_at: Timestamp;
  finished_at: Date | null;
}

export interface HouseholdExitResultsTable {
  county_code: string;
  household_id: string;
  year: number;
  village_code: string;
  evaluation_id: string | null;
  eligible: boolean;
  reasons: Json;
  failed: string[];
  per_capita: Numeric | null;
  line: Numeric | null;
  size: number;
  poor: boolean;
  evaluated_at: Timestamp;
}

export interface VillageExitResultsTable {
  county_code: string;
  village_code: string;
  year: number;
  evaluation_id: string | null;
  eligible: boolean;
  poor_people: number;
  rural_population: number;
  reasons: Json;
  failed: string[];
  stale: Generated<boolean>;
  evaluated_at: Timestamp;
}

export interface CountyExitResultsTable {
  county_code: string;
  year: number;
  evaluation_id: string | null;
  eligible: boolean;
  poor_people: number;
  rural_population: number;
  reasons: Json;
  failed: string[];
  stale: Generated<boolean>;
  evaluated_at: Timestamp;
}

export interface ExitCasesTable {
  county_code: string;
  id: Generated<string>;
  level: string;
  region_code: string;
  household_id: string | null;
  subject_name: string;
  year: number;
  stage: Generated<string>;
  notice_started_at: Date | null;
  basis: Json;
  relapsed_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExitStepsTable {
  county_code: string;
  id: Generated<string>;
  case_id: string;
  region_code: string;
  step: string;
  outcome: string;
  note: string | null;
  objection: string | null;
  details: Json;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

export interface RegionExitsTable {
  region_code: string;
  county_code: string;
  level: string;
  year: number;
  case_id: string;
  exited_at: Timestamp;
}

/** Progress (migration 009): kept aggregates per region and exit year, and their pending deltas. */
export interface RegionYearCountsTable {
  code: string;
  year: number;
  households: ColumnType<number, number | undefined, number>;
  people: ColumnType<number, number | undefined, number>;
  poor_households: ColumnType<number, number | undefined, number>;
  poor_people: ColumnType<number, number | undefined, number>;
  exited_households: ColumnType<number, number | undefined, number>;
  exited_people: ColumnType<number, number | undefined, number>;
  relapsed_households: ColumnType<number, number | undefined, number>;
  closed_households: ColumnType<number, number | undefined, number>;
  cause_1: ColumnType<number, number | undefined, number>;
  cause_2: ColumnType<number, number | undefined, number>;
  cause_3: ColumnType<number, number | undefined, number>;
  cause_4: ColumnType<number, number | undefined, number>;
  cause_5: ColumnType<number, number | undefined, number>;
  cause_6: ColumnType<number, number | undefined, number>;
  cause_7: ColumnType<number, number | undefined, number>;
  cause_8: ColumnType<number, number | undefined, number>;
  cause_9: ColumnType<number, number | undefined, number>;
  cause_10: ColumnType<number, number | undefined, number>;
  cause_11: ColumnType<number, number | undefined, number>;
  cause_12: ColumnType<number, number | undefined, number>;
  cause_13: ColumnType<number, number | undefined, number>;
  cause_14: ColumnType<number, number | undefined, number>;
  planned_households: ColumnType<number, number | undefined, number>;
  planned_people: ColumnType<number, number | undefined, number>;
}

export interface RegionCountDeltasTable extends RegionYearCountsTable {
  id: Generated<string>;
}

export interface RegionPopulationsTable {
  code: string;
  rural_population: number;
}

export interface RegionPlansTable {
  code: string;
  exit_year: number;
  relief_year: number | null;
  batch: number | null;
  note: string | null;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface RegionPlanYearsTable {
  code: string;
  year: number;
  households: number;
  people: number;
}

export interface ProgressBulletinsTable {
  id: Generated<string>;
  region_code: string;
  year: number;
  period: string;
  title: string;
  figures: Json;
  document: Buffer;
  job_id: string | null;
  created_by_name: string;
  created_at: Timestamp;
}

export interface DB {
  region_year_counts: RegionYearCountsTable;
  region_count_deltas: RegionCountDeltasTable;
  region_populations: RegionPopulationsTable;
  region_plans: RegionPlansTable;
  region_plan_years: RegionPlanYearsTable;
  progress_bulletins: ProgressBulletinsTable;
  exit_standards: ExitStandardsTable;
  village_year_facts: VillageYearFactsTable;
  county_assessments: CountyAssessmentsTable;
  exit_evaluations: ExitEvaluationsTable;
  household_exit_results: HouseholdExitResultsTable;
  village_exit_results: VillageExitResultsTable;
  county_exit_results: CountyExitResultsTable;
  exit_cases: ExitCasesTable;
  exit_steps: ExitStepsTable;
  region_exits: RegionExitsTable;
  household_plan_items: HouseholdPlanItemsTable;
  household_measures: HouseholdMeasuresTable;
  household_visits: HouseholdVisitsTable;
  visit_photos: VisitPhotosTable;
  work_team_days: WorkTeamDaysTable;
  wall_cards: WallCardsTable;
  signing_keys: SigningKeysTable;
  assistance_units: AssistanceUnitsTable;
  cadres: CadresTable;
  leader_contacts: LeaderContactsTable;
  work_teams: WorkTeamsTable;
  work_team_units: WorkTeamUnitsTable;
  work_team_members: WorkTeamMembersTable;
  first_secretaries: FirstSecretariesTable;
  pairings: PairingsTable;
  village_links: VillageLinksTable;
  household_links: HouseholdLinksTable;
  assistance_village_counts: AssistanceVillageCountsTable;
  assistance_imports: AssistanceImportsTable;
  assistance_import_rows: AssistanceImportRowsTable;
  assistance_import_issues: AssistanceImportIssuesTable;
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
