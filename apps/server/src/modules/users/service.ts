import { sql, type Selectable } from 'kysely';
import {
  ALL_PERMISSIONS,
  can,
  isRole,
  isStrongPassword,
  roleFitsLevel,
  ROLES,
  type Permission,
  type RegionLevel,
  type Role,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import type { UsersTable } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { hashPassword } from '../auth/passwords.js';
import { assertRegionInScope, regionPath, type RegionRef } from '../regions/service.js';

/** A user as the API shows it (never the password hash or lockout counters). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  disabled: boolean;
  lastLoginAt: string | null;
  permissions: Permission[];
}

type UserRow = Selectable<UsersTable> & { region_name: string };

/** The permissions a role grants, as a list for the client's menus. */
export function permissionsOf(role: Role): Permission[] {
  return ALL_PERMISSIONS.filter((p) => can(role, p));
}

function present(row: UserRow): UserView {
  const role = isRole(row.role) ? row.role : 'leader';
  return {
    id: String(row.id),
    username: row.username,
    displayName: row.display_name,
    role,
    regionCode: row.region_code,
    regionName: row.region_name,
    disabled: row.disabled,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    permissions: permissionsOf(role),
  };
}

/** The audited view of a user: what changed, without secrets. */
function auditable(u: UserView): Record<string, unknown> {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionCode: u.regionCode,
    disabled: u.disabled,
  };
}

function selectUsers(tx: Tx) {
  return tx
    .selectFrom('users')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .selectAll('users')
    .select('regions.name as region_name');
}

/** One user with the breadcrumb path of their home region. */
export async function getUser(tx: Tx, scope: string, id: string): Promise<UserView & { regionPath: RegionRef[] }> {
  const row = await selectUsers(tx).where('users.id', '=', id).executeTakeFirst();
  if (!row) {
    const home = await sql<{ region: string | null }>`select fupin_user_region(${id}::bigint) as region`.execute(tx);
    const region = home.rows[0]?.region;
    if (region) assertRegionInScope(scope, region);
    throw notFound();
  }
  assertRegionInScope(scope, row.region_code);
  return { ...present(row), regionPath: await regionPath(tx, row.region_code) };
}

export interface UserListQuery {
  q?: string | undefined;
  regionCode?: string | undefined;
  limit: number;
  offset: number;
}

/** Users whose home region lies inside `regionCode` (default: the scope), filtered by name. */
export async function listUsers(
  tx: Tx,
  scope: string,
  query: UserListQuery,
): Promise<{ items: UserView[]; total: number }> {
  const under = query.regionCode ?? scope;
  assertRegionInScope(scope, under);
  let q = selectUsers(tx)
    .select(sql<string>`count(*) over ()`.as('total'))
    .where('users.region_code', '>=', under)
    .where('users.region_code', '<', `${under}:`);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('users.username', 'like', pattern), eb('users.display_name', 'like', pattern)]));
  }
  const rows = await q.orderBy('users.id').limit(query.limit).offset(query.offset).execute();
  return { items: rows.map(present), total: Number(rows[0]?.total ?? 0) };
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: string;
  regionCode: string;
}

async function regionLevel(tx: Tx, code: string): Promise<RegionLevel> {
  const region = await tx.selectFrom('regions').select('level').where('code', '=', code).executeTakeFirst();
  if (!region) throw new AppError('VALIDATION', { field: 'regionCode', reason: 'unknown region' });
  return region.level as RegionLevel;
}

function checkRole(role: string, level: RegionLevel): Role {
  if (!isRole(role)) throw new AppError('VALIDATION', { field: 'role', allowed: ROLES });
  if (!roleFitsLevel(role, level))
    throw new AppError('VALIDATION', { field: 'role', reason: `role ${role} does not fit a ${level}` });
  return role;
}

/** Creates a user inside the actor's scope, audited. */
export async function createUser(tx: Tx, scope: string, input: CreateUserInput): Promise<UserView> {
  assertRegionInScope(scope, input.regionCode);
  const role = checkRole(input.role, await regionLevel(tx, input.regionCode));
  if (!isStrongPassword(input.password)) throw new AppError('WEAK_PASSWORD');
  if (!/^[A-Za-z0-9_.-]{3,40}$/.test(input.username)) throw new AppError('VALIDATION', { field: 'username' });
  const taken = await sql<{
    taken: boolean;
  }>`select exists(select 1 from users where username = ${input.username}) as taken`.execute(tx);
  // RLS hides users outside the scope, so a clash with one of them surfaces as a unique violation below.
  if (taken.rows[0]?.taken) throw new AppError('USERNAME_TAKEN');
  const passwordHash = await hashPassword(input.password);
  let id: string;
  try {
    const row = await tx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        role,
        region_code: input.regionCode,
        locked_until: null,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = String(row.id);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('USERNAME_TAKEN');
    throw error;
  }
  const user = await getUser(tx, scope, id);
  await recordAudit(tx, {
    action: 'user.create',
    entity: 'user',
    entityId: id,
    regionCode: user.regionCode,
    after: auditable(user),
  });
  return user;
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  role?: string | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/** Changes a user inside the actor's scope; disabling also ends their sessions. Audited. */
export async function updateUser(tx: Tx, scope: string, id: string, input: UpdateUserInput): Promise<UserView> {
  const before = await getUser(tx, scope, id);
  const changes: Partial<{
    display_name: string;
    role: Role;
    disabled: boolean;
    password_hash: string;
    failed_logins: number;
    locked_until: null;
  }> = {};
  if (input.displayName !== undefined) changes.display_name = input.displayName;
  if (input.role !== undefined) changes.role = checkRole(input.role, await regionLevel(tx, before.regionCode));
  if (input.disabled !== undefined) changes.disabled = input.disabled;
  if (input.password !== undefined) {
    if (!isStrongPassword(input.password)) throw new AppError('WEAK_PASSWORD');
    changes.password_hash = await hashPassword(input.password);
    changes.failed_logins = 0;
    changes.locked_until = null;
  }
  if (Object.keys(changes).length === 0) return before;
  await tx
    .updateTable('users')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
  if (input.disabled === true || input.password !== undefined) {
    await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
  }
  const after = await getUser(tx, scope, id);
  await recordAudit(tx, {
    action: input.password !== undefined ? 'user.update_password' : 'user.update',
    entity: 'user',
    entityId: id,
    regionCode: after.regionCode,
    before: auditable(before),
    after: auditable(after),
  });
  return after;
}
