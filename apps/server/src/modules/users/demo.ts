import { sql, type Kysely } from 'kysely';
import type { Role } from '@fupin/domain';
import type { DB } from '../../db/schema.js';
import { withScope, systemActor } from '../../db/scope.js';
import { createUser } from './service.js';

/** A demo account printed at start. */
export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  regionName: string;
}

/** The shared password of the demo accounts (meets the password rule); never used outside the demo. */
export const DEMO_PASSWORD = 'fupin2015demo';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** A fixed region code, or a query for one (first poor village of 利川 etc.). */
  region: string | (() => ReturnType<typeof sql<{ code: string }>>);
}

const ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', region: '42' },
  { username: 'hubei', displayName: '省扶贫办', role: 'province_officer', region: '42' },
  { username: 'enshi', displayName: '恩施州扶贫办', role: 'city_officer', region: '4228' },
  { username: 'lichuan', displayName: '利川市扶贫办', role: 'county_officer', region: '422802' },
  { username: 'zhuxi', displayName: '竹溪县扶贫办', role: 'county_officer', region: '420324' },
  {
    username: 'township',
    displayName: '乡镇扶贫干部',
    role: 'township_officer',
    region: () =>
      sql<{
        code: string;
      }>`select code from regions where parent_code = '422802' and kind <> 'subdistrict' order by code limit 1`,
  },
  {
    username: 'village',
    displayName: '驻村工作队',
    role: 'village_team',
    region: () =>
      sql<{
        code: string;
      }>`select code from regions where code like '422802%' and level = 'village' and poor_designation is not null order by code limit 1`,
  },
  { username: 'finance', displayName: '省财政扶贫专员', role: 'finance_officer', region: '42' },
  { username: 'evaluator', displayName: '第三方评估组', role: 'evaluator', region: '42' },
  { username: 'leader', displayName: '省领导（只读）', role: 'leader', region: '42' },
];

/** Creates the demo accounts when there are no users yet; returns the logins to print. */
export async function seedDemoUsers(db: Kysely<DB>): Promise<DemoLogin[]> {
  return withScope(db, systemActor('seed-demo-users', 'seed'), async (tx) => {
    const count = await sql<{ n: number }>`select count(*)::int as n from users`.execute(tx);
    const logins: DemoLogin[] = [];
    const created = (count.rows[0]?.n ?? 0) === 0;
    for (const account of ACCOUNTS) {
      const code =
        typeof account.region === 'string' ? account.region : (await account.region().execute(tx)).rows[0]?.code;
      if (!code) continue;
      if (created) {
        await createUser(tx, '*', {
          username: account.username,
          displayName: account.displayName,
          password: DEMO_PASSWORD,
          role: account.role,
          regionCode: code,
        });
      }
      const existing = await tx
        .selectFrom('users')
        .innerJoin('regions', 'regions.code', 'users.region_code')
        .select('regions.name')
        .where('users.username', '=', account.username)
        .executeTakeFirst();
      if (!existing) continue;
      const name = existing.name;
      logins.push({ username: account.username, password: DEMO_PASSWORD, role: account.role, regionName: name });
    }
    return logins;
  });
}
