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

export interface DB {
  regions: RegionsTable;
  region_stats: RegionStatsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  settings: SettingsTable;
}
