import type { Permission, PoorDesignation, RegionKind, RegionLevel, RegionRef, Role } from '@fupin/domain';

/** A region named in a path or a search hit. */
export type { RegionRef };

/** Poverty designation of a region (贫困县 / 贫困乡镇 / 贫困村). */
export interface PoorInfo {
  designation: PoorDesignation;
  since: number;
  exitYear: number | null;
  extremelyPoor: boolean;
  keyPoor: boolean;
  /** Where the designation comes from (not in docs/API.md; zh-CN only). */
  note?: string | null;
}

/** Counts of the subtree below a region. */
export interface RegionCounts {
  prefecture: number;
  county: number;
  township: number;
  village: number;
  poorCounty: number;
  poorTownship: number;
  poorVillage: number;
}

/** A region as listed among its parent's children (no path). */
export interface RegionChild {
  code: string;
  name: string;
  level: RegionLevel;
  kind: RegionKind | null;
  parentCode: string | null;
  isDirect: boolean;
  poor: PoorInfo | null;
  childCount: number;
  counts: RegionCounts;
}

/** A region with its path from the root (for breadcrumbs). */
export interface Region extends RegionChild {
  path: RegionRef[];
}

/** A search hit: the region, its ancestors, and whether it is poor (the server sends a flag). */
export interface RegionSearchHit extends RegionRef {
  path: RegionRef[];
  poor: PoorInfo | boolean | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  /** Sent by /api/auth/*; the user list leaves it out. */
  regionPath?: RegionRef[];
  disabled: boolean;
  lastLoginAt?: string | null;
  permissions: Permission[];
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ItemList<T> {
  items: T[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

// The last two start from their own pages (import dialog, open-year card); all four are listed.
export const JOB_TYPES = [
  'audit.verify',
  'regions.recount',
  'registry.import',
  'registry.openYear',
  'progress.recount',
  'progress.bulletin',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: string;
  type: JobType;
  status: JobStatus;
  /** `total` is null until the job knows how much work there is. */
  progress: { done: number; total: number | null };
  payload: unknown;
  result: unknown;
  error: string | null;
  /** Display name of the user who started the job. */
  createdBy: string | null;
  regionCode: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
}

/** A job type the caller may start (`GET /api/jobs/types`, not in docs/API.md). */
export interface JobTypeInfo {
  type: string;
  label: { 'zh-CN': string; en: string };
}

export interface Health {
  ok: true;
  engine: 'pglite' | 'postgres';
  version: string;
}

export interface Ok {
  ok: true;
}
