// Generates the assistance organisation for a generated registry (DOMAIN §4, §7): helping units,
// cadres, leader contacts, work teams with their units and members, first secretaries, helper
// pairings and the 七联 village and household links. Everything is set-based SQL in the
// generator's bulk transaction; every choice is a hash of the seed and a region code or household
// id, so the same seed gives the same data whatever the engine.
//
// Bulletin facts reproduced: 襄阳 33 leaders ↔ 33 key poor townships and 346 units ↔ 346 key
// poor villages; 宜昌 60 city work teams (≥3 units each) weighted to 兴山, 秭归, 长阳, 五峰 (the rest
// of 宜昌's poor villages have county teams); 天门 one team for each of its 119 poor villages;
// 荆门 teams planned for 5 years, elsewhere 3; 崇阳 one cadre per household (1 : 1); 随州 every
// poor village linked with an enterprise.
//
// Deliberate gaps (documented so that coverage has something to find), by hash:
//   poor villages: ~5% without a work team (none in 天门; 宜昌 outside the 60 city teams ~10%),
//   a further ~6% of teams' villages without a first secretary, ~3% without a unit (none among
//   襄阳's key villages), ~8% without an enterprise (none in 随州);
//   poor households: ~1.5% without a helper, ~4% without a bank, ~8% without an insurer;
//   poor townships: ~3% without a leader contact (none among 襄阳's 33).

import type { BulkSession } from '../../../db/connection.js';

/** Tables this generator fills, emptied first (CASCADE: later generators' tables refer to them). */
export const ASSISTANCE_TABLES = [
  'pairings',
  'household_links',
  'village_links',
  'first_secretaries',
  'work_team_members',
  'work_team_units',
  'work_teams',
  'leader_contacts',
  'cadres',
  'assistance_units',
] as const;

const PROVINCE_DEPARTMENTS = [
  '省财政厅 省教育厅 省民政厅 省人社厅 省交通运输厅 省水利厅 省农业厅 省林业厅 省卫计委 省住建厅',
  '省国土资源厅 省商务厅 省文化厅 省旅游委 省扶贫办 省发改委 省经信委 省科技厅 省环保厅 省统计局',
  '省审计厅 省地税局 省国税局 省工商局 省质监局 省安监局 省食药监局 省体育局 省新闻出版广电局 省粮食局',
].join(' ');

/** 40 departments of a city or county government, party committee and mass organisations. */
const LOCAL_DEPARTMENTS = [
  '财政局 教育局 民政局 人社局 交通运输局 水利局 农业局 林业局 卫计局 住建局',
  '国土资源局 商务局 文体局 旅游局 扶贫办 发改局 经信局 科技局 环保局 统计局',
  '审计局 地税局 国税局 工商局 质监局 安监局 食药监局 公安局 司法局 供销社',
  '畜牧局 档案局 组织部 宣传部 统战部 政法委 总工会 团委 妇联 残联',
].join(' ');

const ENTERPRISES = ['农业发展有限公司', '生态农业专业合作社', '特色产业开发有限公司'];
const BANKS = ['农村商业银行', '农业银行支行', '邮政储蓄银行支行'];
const INSURERS = ['人保财险支公司', '中国人寿支公司'];
const SURNAMES = '王李张刘陈胡杨黄周吴徐余朱汪程高熊何郭罗彭肖曾田万邓谢涂冯叶杜蔡袁夏方向谭邹柯卢姜石龚宋郑唐梅严孙';
const GIVEN =
  '德明华国建忠祥福荣文志金正光春清友良军强伟平林勇红新海涛斌波辉刚东峰云超杰磊鹏宇俊凯芳琴霞丽敏静燕艳娟萍梅英玲丹慧';
const POSITIONS = ['科员', '科员', '副主任科员', '主任科员', '副科长', '科长', '副局长'];

const sqlArray = (words: readonly string[]) => `ARRAY[${words.map((w) => `'${w}'`).join(', ')}]::text[]`;
const chars = (text: string) => sqlArray([...text]);

export interface AssistanceResult {
  units: number;
  cadres: number;
  teams: number;
  pairings: number;
}

/**
 * Fills the assistance tables for the registry just written in `session` (same transaction).
 * Counters are recounted once at the end rather than by the triggers on every statement.
 */
export async function generateAssistance(session: BulkSession, seed: number): Promise<AssistanceResult> {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const run: Run = (text, params) => session.exec(text, params);
  // The coverage counters are recounted once at the end rather than by the triggers on every statement.
  const triggers = await run(
    `SELECT t.tgname AS name, c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relname = ANY ($1::text[]) AND t.tgname LIKE '%assistance%' AND NOT t.tgisinternal`,
    [ASSISTANCE_TABLES],
  );
  for (const t of triggers) await run(`ALTER TABLE ${String(t.table)} DISABLE TRIGGER ${String(t.name)}`);
  await run(`TRUNCATE ${ASSISTANCE_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  // h(key): a stable 28-bit hash of the seed and a key (md5 is the same on every engine).
  await run(`CREATE OR REPLACE FUNCTION pg_temp.h(key text) RETURNS int LANGUAGE sql IMMUTABLE AS
    $$ SELECT ('x' || substr(md5('${seed}:' || key), 1, 7))::bit(28)::int $$`);
  await run(`CREATE OR REPLACE FUNCTION pg_temp.person(key text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT (${chars(SURNAMES)})[1 + pg_temp.h(key || 's') % ${[...SURNAMES].length}]
        || (${chars(GIVEN)})[1 + pg_temp.h(key || 'g') % ${[...GIVEN].length}]
        || CASE WHEN pg_temp.h(key || 'l') % 3 = 0 THEN '' ELSE (${chars(GIVEN)})[1 + pg_temp.h(key || 'k') % ${[...GIVEN].length}] END $$`);

  await writeUnits(run);
  await writeVillageLinks(run);
  const cadres = await writeTeamsAndSecretaries(run);
  await writeLeaders(run);
  const pairings = await withoutSecondaryIndexes(run, ['cadres', 'pairings', 'household_links'], async () => {
    const written = await writeHelpers(run);
    await writeHouseholdLinks(run);
    return written;
  });

  await run(`SELECT setval('cadres_id_seq', greatest((SELECT max(id) FROM cadres), 1))`);
  await run(`SELECT setval('work_teams_id_seq', greatest((SELECT max(id) FROM work_teams), 1))`);
  for (const t of triggers) await run(`ALTER TABLE ${String(t.table)} ENABLE TRIGGER ${String(t.name)}`);
  await run(`SELECT fupin_assistance_recount_all('')`);
  await run(`ANALYZE ${ASSISTANCE_TABLES.join(', ')}, assistance_village_counts`);
  const [counts] =
    await run(`SELECT (SELECT count(*) FROM assistance_units)::int AS units, (SELECT count(*) FROM cadres)::int AS cadres,
    (SELECT count(*) FROM work_teams)::int AS teams`);
  return {
    units: Number(counts?.units ?? 0),
    cadres: cadres + pairings.helpers,
    teams: Number(counts?.teams ?? 0),
    pairings: pairings.pairings,
  };
}

type Run = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Runs a bulk load with the tables' secondary indexes and foreign keys dropped, then puts them
 * back from their own definitions (read from the catalog, so nothing here can drift from the
 * migrations): building an index once and validating a key in one pass is several times faster
 * than maintaining them row by row for millions of rows.
 */
async function withoutSecondaryIndexes<T>(run: Run, tables: readonly string[], work: () => Promise<T>): Promise<T> {
  const indexes = await run(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = ANY ($1::text[]) AND t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary`,
    [tables],
  );
  const keys = await run(
    `SELECT c.conname AS name, t.relname AS "table", pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relname = ANY ($1::text[]) AND t.relnamespace = 'public'::regnamespace`,
    [tables],
  );
  for (const k of keys) await run(`ALTER TABLE ${String(k.table)} DROP CONSTRAINT ${String(k.name)}`);
  for (const i of indexes) await run(`DROP INDEX ${String(i.name)}`);
  const result = await work();
  for (const i of indexes) await run(String(i.def));
  for (const k of keys) await run(`ALTER TABLE ${String(k.table)} ADD CONSTRAINT ${String(k.name)} ${String(k.def)}`);
  return result;
}

/** Province departments; 40 departments of every prefecture-level unit and county; county enterprises, banks and insurers. */
async function writeUnits(run: Run): Promise<void> {
  const departments = sqlArray(LOCAL_DEPARTMENTS.split(' '));
  await run(`INSERT INTO assistance_units (name, kind, level, region_code)
    SELECT '湖北' || d, 'department', 'province', '42' FROM unnest(${sqlArray(PROVINCE_DEPARTMENTS.split(' '))}) d`);
  // Prefectures and the 4 units directly under the province act as cities.
  await run(`INSERT INTO assistance_units (name, kind, level, region_code)
    SELECT r.name || d, 'department', 'city', r.code
      FROM regions r CROSS JOIN unnest(${departments}) d
     WHERE r.level = 'prefecture' OR (r.level = 'county' AND r.parent_code = '42')`);
  await run(`INSERT INTO assistance_units (name, kind, level, region_code)
    SELECT r.name || d, 'department', 'county', r.code
      FROM regions r CROSS JOIN unnest(${departments}) d
     WHERE r.level = 'county' AND r.parent_code <> '42'`);
  for (const [kind, names] of [
    ['enterprise', ENTERPRISES],
    ['bank', BANKS],
    ['insurer', INSURERS],
  ] as const) {
    await run(`INSERT INTO assistance_units (name, kind, level, region_code)
      SELECT r.name || d, '${kind}', 'county', r.code
        FROM regions r CROSS JOIN unnest(${sqlArray(names)}) d WHERE r.level = 'county'`);
  }
  // Units numbered within their region and kind, for picking by hash.
  await run(`CREATE TEMP TABLE gen_units ON COMMIT DROP AS
    SELECT id, kind, region_code, (row_number() OVER (PARTITION BY region_code, kind ORDER BY id) - 1)::int AS n
      FROM assistance_units`);
  await run(`CREATE INDEX ON gen_units (region_code, kind, n)`);
  await run(`ANALYZE gen_units`);
}

/** Units and enterprises linked with poor villages (七联), and 襄阳's 346 units ↔ 346 key poor villages. */
async function writeVillageLinks(run: Run): Promise<void> {
  await run(`CREATE TEMP TABLE gen_villages ON COMMIT DROP AS
    SELECT r.code, r.name, left(r.code, 6) AS county, left(r.code, 9) AS township, r.key_poor, r.extremely_poor,
           CASE WHEN p.parent_code = '42' THEN p.code ELSE p.parent_code END AS unit_code
      FROM regions r JOIN regions p ON p.code = left(r.code, 6)
     WHERE r.level = 'village' AND r.poor_designation IS NOT NULL`);
  await run(`ANALYZE gen_villages`);
  // 襄阳's key poor villages each get a unit of their own: city departments, then county ones.
  await run(`INSERT INTO village_links (county_code, village_code, unit_id, link_kind, start_on)
    SELECT v.county, v.code, u.id, 'unit', date '2015-03-01'
      FROM (SELECT code, county, row_number() OVER (ORDER BY code) AS k FROM gen_villages WHERE key_poor AND unit_code = '4206') v
      JOIN (SELECT id, row_number() OVER (ORDER BY region_code, id) AS k FROM assistance_units
             WHERE kind = 'department' AND region_code LIKE '4206%') u ON u.k = v.k`);
  await run(`INSERT INTO village_links (county_code, village_code, unit_id, link_kind, start_on)
    SELECT v.county, v.code, u.id, 'unit', date '2015-03-01' + pg_temp.h(v.code || 'ud') % 150
      FROM gen_villages v JOIN gen_units u ON u.region_code = v.county AND u.kind = 'department' AND u.n = pg_temp.h(v.code || 'un') % 40
     WHERE NOT (v.key_poor AND v.unit_code = '4206') AND pg_temp.h(v.code || 'u') % 100 >= 3`);
  // 定点帮扶: a provincial department helps about one poor village in five besides.
  await run(`INSERT INTO village_links (county_code, village_code, unit_id, link_kind, start_on)
    SELECT v.county, v.code, u.id, 'unit', date '2015-05-01'
      FROM gen_villages v JOIN gen_units u ON u.region_code = '42' AND u.n = pg_temp.h(v.code || 'pn') % 30
     WHERE pg_temp.h(v.code || 'p') % 100 < 20`);
  await run(`INSERT INTO village_links (county_code, village_code, unit_id, link_kind, start_on)
    SELECT v.county, v.code, u.id, 'enterprise', date '2015-06-01' + pg_temp.h(v.code || 'ed') % 150
      FROM gen_villages v JOIN gen_units u ON u.region_code = v.county AND u.kind = 'enterprise' AND u.n = pg_temp.h(v.code || 'en') % 3
     WHERE v.unit_code = '4213' OR pg_temp.h(v.code || 'e') % 100 >= 8`);
}

/**
 * Work teams with 3–4 units and three members (leader and one more resident, one not), and the
 * first secretaries, who lead their village's team. Returns the cadres written.
 */
async function writeTeamsAndSecretaries(run: Run): Promise<number> {
  // 宜昌's 60 city teams go to the extremely poor villages first, then lean to the four counties.
  await run(`CREATE TEMP TABLE gen_teams ON COMMIT DROP AS
    WITH yichang AS (
      SELECT code, row_number() OVER (ORDER BY extremely_poor DESC,
               (CASE WHEN county IN ('420526', '420527', '420528', '420529') THEN 100 ELSE 0 END) + pg_temp.h(code || 'y') % 100 DESC, code) AS k
        FROM gen_villages WHERE unit_code = '4205')
    SELECT row_number() OVER (ORDER BY v.code)::bigint AS id, v.code, v.name, v.county, v.unit_code,
           (y.k IS NOT NULL AND y.k <= 60) AS city_team,
           date '2015-03-01' + pg_temp.h(v.code || 'ts') % 180 AS start_on,
           CASE WHEN v.unit_code = '4208' THEN 5 ELSE 3 END AS years,
           3 + (pg_temp.h(v.code || 'tu') % 4 = 0)::int AS units
      FROM gen_villages v LEFT JOIN yichang y ON y.code = v.code
     WHERE v.unit_code = '429006' OR (y.k IS NOT NULL AND y.k <= 60)
        OR pg_temp.h(v.code || 't') % 100 >= (CASE WHEN v.unit_code = '4205' THEN 10 ELSE 5 END)`);
  await run(`ANALYZE gen_teams`);
  // Three cadres per team, numbered team by team: the leader (first secretary), two members.
  await run(`CREATE TEMP TABLE gen_team_cadres ON COMMIT DROP AS
    SELECT (t.id - 1) * 3 + m AS id, t.id AS team_id, t.code, t.county, t.city_team, t.unit_code, m
      FROM gen_teams t CROSS JOIN generate_series(1, 3) m`);
  await run(`ANALYZE gen_team_cadres`);
  await run(`INSERT INTO work_teams (county_code, id, village_code, name, start_on, planned_end_on, leader_cadre_id)
    SELECT county, id, code, name || '驻村工作队', start_on, (start_on + make_interval(years => years))::date, NULL FROM gen_teams`);
  // Member units: distinct departments k·7 apart (mod 40) of the county, or of 宜昌 city for its 60 teams.
  await run(`INSERT INTO work_team_units (county_code, team_id, unit_id, village_code, is_lead)
    SELECT t.county, t.id, u.id, t.code, k = 0
      FROM gen_teams t CROSS JOIN generate_series(0, 3) k
      JOIN gen_units u ON u.region_code = CASE WHEN t.city_team THEN '4205' ELSE t.county END AND u.kind = 'department'
                      AND u.n = (pg_temp.h(t.code || 'wu') + k * 7) % 40
     WHERE k < t.units`);
  await run(`INSERT INTO cadres (id, name, phone, unit_id, position, region_code)
    SELECT c.id, pg_temp.person('tc' || c.id), '13' || lpad(c.id::text, 9, '0'), u.unit_id,
           CASE c.m WHEN 1 THEN '驻村工作队长' ELSE '驻村工作队员' END, c.code
      FROM gen_team_cadres c JOIN work_team_units u ON u.county_code = c.county AND u.team_id = c.team_id AND u.is_lead`);
  await run(`UPDATE work_teams t SET leader_cadre_id = (t.id - 1) * 3 + 1`);
  await run(`INSERT INTO work_team_members (county_code, team_id, cadre_id, village_code, resident, from_on)
    SELECT c.county, c.team_id, c.id, c.code, c.m < 3, t.start_on FROM gen_team_cadres c JOIN gen_teams t ON t.id = c.team_id`);
  await run(`INSERT INTO first_secretaries (county_code, village_code, cadre_id, start_on, planned_end_on)
    SELECT county, code, (id - 1) * 3 + 1, start_on, (start_on + interval '3 years')::date
      FROM gen_teams WHERE pg_temp.h(code || 'f') % 100 >= 6`);
  const [row] = await run(`SELECT count(*)::int AS n FROM gen_team_cadres`);
  return Number(row?.n ?? 0);
}

/** Leader contacts: 襄阳's 33 city leaders ↔ its 33 key poor townships; a county leader for other poor townships. */
async function writeLeaders(run: Run): Promise<void> {
  await run(`CREATE TEMP TABLE gen_leaders ON COMMIT DROP AS
    SELECT (SELECT coalesce(max(id), 0) FROM cadres) + row_number() OVER (ORDER BY r.code) AS id, r.code,
           left(r.code, 6) AS county, (r.key_poor AND r.code LIKE '4206%') AS city
      FROM regions r
     WHERE r.level = 'township' AND r.poor_designation IS NOT NULL
       AND ((r.key_poor AND r.code LIKE '4206%') OR pg_temp.h(r.code || 'l') % 100 >= 3)`);
  await run(`ANALYZE gen_leaders`);
  await run(`INSERT INTO cadres (id, name, phone, unit_id, position, region_code)
    SELECT l.id, pg_temp.person('lc' || l.id), '13' || lpad(l.id::text, 9, '0'), u.id,
           CASE WHEN l.city THEN '市级领导' ELSE '县级领导' END, l.code
      FROM gen_leaders l
      JOIN gen_units u ON u.kind = 'department' AND u.region_code = CASE WHEN l.city THEN '4206' ELSE l.county END
                      AND u.n = pg_temp.h(l.code || 'lu') % 40`);
  await run(`INSERT INTO leader_contacts (cadre_id, region_code, role, start_on)
    SELECT id, code, CASE WHEN city THEN '市级领导联系点' ELSE '联系领导' END, date '2015-04-01' FROM gen_leaders`);
}

/**
 * Helpers: the poor households of each village in id order, four to a cadre of a county
 * department (崇阳: one each), the cadre allowed in the village's township.
 */
async function writeHelpers(run: Run): Promise<{ helpers: number; pairings: number }> {
  // One pass over the poor households, hashed once for the pairing and both links.
  await run(`CREATE TEMP TABLE gen_poor ON COMMIT DROP AS
    SELECT h.county_code, h.id, h.village_code, pg_temp.h(h.county_code || h.id || 'hp') AS hp,
           pg_temp.h(h.county_code || h.id || 'b') AS hb, pg_temp.h(h.county_code || h.id || 'i') AS hi
      FROM households h WHERE h.status IN ('未脱贫', '返贫')`);
  await run(`CREATE TEMP TABLE gen_paired ON COMMIT DROP AS
    SELECT county_code, id, village_code, hp,
           (row_number() OVER (PARTITION BY village_code ORDER BY id) - 1) / (CASE WHEN county_code = '421223' THEN 1 ELSE 4 END) AS slot
      FROM gen_poor WHERE hp % 1000 >= 15`);
  await run(`ANALYZE gen_paired`);
  await run(`CREATE TEMP TABLE gen_helpers ON COMMIT DROP AS
    SELECT (SELECT coalesce(max(id), 0) FROM cadres) + row_number() OVER (ORDER BY village_code, slot) AS id, village_code, slot
      FROM (SELECT DISTINCT village_code, slot FROM gen_paired) s`);
  await run(`ANALYZE gen_helpers`);
  await run(`INSERT INTO cadres (id, name, phone, unit_id, position, region_code)
    SELECT c.id, pg_temp.person('hc' || c.id), '13' || lpad(c.id::text, 9, '0'), u.id,
           (${sqlArray(POSITIONS)})[1 + pg_temp.h('hp' || c.id) % ${POSITIONS.length}], left(c.village_code, 9)
      FROM gen_helpers c
      JOIN gen_units u ON u.region_code = left(c.village_code, 6) AND u.kind = 'department' AND u.n = pg_temp.h('hu' || c.id) % 40`);
  await run(`INSERT INTO pairings (county_code, household_id, village_code, cadre_id, start_on)
    SELECT p.county_code, p.id, p.village_code, c.id, date '2015-06-01' + (p.hp / 1000) % 200
      FROM gen_paired p JOIN gen_helpers c ON c.village_code = p.village_code AND c.slot = p.slot`);
  const [row] = await run(
    `SELECT (SELECT count(*) FROM gen_helpers)::int AS helpers, (SELECT count(*) FROM gen_paired)::int AS pairings`,
  );
  return { helpers: Number(row?.helpers ?? 0), pairings: Number(row?.pairings ?? 0) };
}

/** A bank and an insurer of the county for most poor households (七联). */
async function writeHouseholdLinks(run: Run): Promise<void> {
  await run(`INSERT INTO household_links (county_code, household_id, village_code, unit_id, link_kind, start_on)
    SELECT x.county_code, x.id, x.village_code, u.id, x.kind, date '2015-07-01'
      FROM (SELECT p.county_code, p.id, p.village_code, 'bank' AS kind, (p.hb / 100) % 3 AS n FROM gen_poor p WHERE p.hb % 100 >= 4
            UNION ALL
            SELECT p.county_code, p.id, p.village_code, 'insurer', (p.hi / 100) % 2 FROM gen_poor p WHERE p.hi % 100 >= 8) x
      JOIN gen_units u ON u.region_code = x.county_code AND u.kind = x.kind AND u.n = x.n`);
}
