import type { RegionLevel } from './regions.js';

/** Roles a user can hold (DOMAIN §6). Each user also has a home region that bounds everything. */
export const ROLES = [
  'admin',
  'province_officer',
  'city_officer',
  'county_officer',
  'township_officer',
  'village_team',
  'helper',
  'finance_officer',
  'evaluator',
  'leader',
] as const;
export type Role = (typeof ROLES)[number];

/** Things a role may do; the server's policy and the web menu both read this table. */
export type Permission =
  | 'regions.read'
  | 'regions.designate'
  | 'users.read'
  | 'users.manage'
  | 'audit.read'
  | 'audit.verify'
  | 'jobs.read'
  | 'jobs.run'
  | 'registry.read'
  | 'registry.write'
  | 'registry.review'
  | 'registry.personal'
  | 'registry.export'
  | 'registry.import'
  | 'progress.read'
  | 'plans.write'
  | 'bulletin.generate'
  | 'assistance.read'
  | 'assistance.write'
  | 'assistance.pair'
  | 'assistance.import'
  | 'assistance.visit'
  | 'exit.read'
  | 'exit.write'
  | 'exit.review'
  | 'standards.manage';

/** Every permission, in menu order. */
export const ALL_PERMISSIONS: readonly Permission[] = [
  'regions.read',
  'regions.designate',
  'users.read',
  'users.manage',
  'audit.read',
  'audit.verify',
  'jobs.read',
  'jobs.run',
  'registry.read',
  'registry.write',
  'registry.review',
  'registry.personal',
  'registry.export',
  'registry.import',
  'progress.read',
  'plans.write',
  'bulletin.generate',
  'assistance.read',
  'assistance.write',
  'assistance.pair',
  'assistance.import',
  'assistance.visit',
  'exit.read',
  'exit.write',
  'exit.review',
  'standards.manage',
];

// Progress figures (map, dashboards, bulletins) hold no personal data: every role reads them in its region.
const READ_BASE: Permission[] = ['regions.read', 'progress.read'];
const OFFICER: Permission[] = [
  'regions.read',
  'audit.read',
  'jobs.read',
  'jobs.run',
  'registry.read',
  'registry.write',
  'registry.review',
  'registry.personal',
  'registry.export',
  'registry.import',
  'progress.read',
  'plans.write',
  'bulletin.generate',
  'assistance.read',
  'assistance.write',
  'assistance.pair',
  'assistance.import',
  // Household plans, measures, visits, wall cards and work team attendance (household-plans).
  'assistance.visit',
  'exit.read',
  'exit.write',
  'exit.review',
];

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL_PERMISSIONS,
  province_officer: [...OFFICER, 'users.read'],
  city_officer: [...OFFICER, 'users.read'],
  county_officer: [...OFFICER, 'users.read'],
  township_officer: OFFICER,
  // Village work teams register households and see their village's personal data (DOMAIN §6).
  // Work teams pair their village's households with helpers (assistance.pair); units, teams and
  // first secretaries are appointed by officers (assistance.write).
  village_team: [
    ...READ_BASE,
    'registry.read',
    'registry.write',
    'registry.personal',
    'jobs.read',
    'assistance.read',
    'assistance.pair',
    // Work teams keep households' plans, measures and visits, and their own attendance.
    'assistance.visit',
    // Work teams propose household exits and take the village steps of the procedure.
    'exit.read',
    'exit.write',
  ],
  // Helpers keep their households' plans and record measures and visits (一户一策, 走访).
  helper: [...READ_BASE, 'registry.read', 'registry.personal', 'assistance.read', 'assistance.visit'],
  finance_officer: [...READ_BASE, 'jobs.read', 'registry.read'],
  // Evaluators sample households; personal data stays masked for them and for leaders.
  evaluator: [...READ_BASE, 'registry.read', 'registry.export', 'assistance.read', 'exit.read'],
  leader: [...READ_BASE, 'audit.read', 'jobs.read', 'registry.read', 'assistance.read', 'exit.read'],
};

/** Whether a role grants a permission. */
export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

/** Display names of the roles. */
export const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  province_officer: { 'zh-CN': '省级扶贫干部', en: 'Province officer' },
  city_officer: { 'zh-CN': '市州扶贫干部', en: 'City officer' },
  county_officer: { 'zh-CN': '县级扶贫干部', en: 'County officer' },
  township_officer: { 'zh-CN': '乡镇扶贫干部', en: 'Township officer' },
  village_team: { 'zh-CN': '驻村工作队', en: 'Village work team' },
  helper: { 'zh-CN': '帮扶责任人', en: 'Helper' },
  finance_officer: { 'zh-CN': '财务人员', en: 'Finance officer' },
  evaluator: { 'zh-CN': '第三方评估', en: 'Evaluator' },
  leader: { 'zh-CN': '领导（只读）', en: 'Leader (read-only)' },
};

/** Region levels a role's home region may be at; absent means any level. */
export const ROLE_REGION_LEVELS: Partial<Record<Role, readonly RegionLevel[]>> = {
  province_officer: ['province'],
  city_officer: ['prefecture', 'county'],
  county_officer: ['county'],
  township_officer: ['township'],
  village_team: ['village', 'township'],
};

/** Whether a user of `role` may have a home region at `level`. */
export function roleFitsLevel(role: Role, level: RegionLevel): boolean {
  const levels = ROLE_REGION_LEVELS[role];
  return levels === undefined || levels.includes(level);
}

/** Type guard for role strings read from storage or requests. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
