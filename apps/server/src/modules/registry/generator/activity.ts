// Generates household assistance activity for a generated registry and its assistance
// organisation (generator/assistance.ts): plan items (一户一策), delivered measures, helpers' visits
// and work team attendance. Set-based SQL in the generator's bulk transaction; every choice is a
// hash of the seed and a key, so the same seed gives the same rows on every engine.
//
// Rates (by hash):
//   households not closed (已销户): ~96% have a plan, 1–3 items (30% / 45% / 25%) by the measures
//   that answer their main cause (packages/domain MEASURES_FOR_CAUSE); items are due from mid-2016
//   to the end of 2019; those due by 2017 are ~85% done, later ones ~60% done and ~2% cancelled;
//   a done item has one measure of its target amount, an item in progress one of 30–70% of it;
//   ~25% of planned households also got the 扶贫特惠保 insurance measure;
//   paired households: 1–4 visits by their helper in the year after registration;
//   work team members: the last 14 days of that year (fewer below scale 0.1), residents in the village ~85% of days,
//   non-residents on ~30% of days.

import { MEASURES_FOR_CAUSE, MEASURE_TYPES, type MeasureType } from '@fupin/domain';
import type { BulkSession } from '../../../db/connection.js';

/** Tables this generator fills (cadre and team foreign keys empty them when assistance is regenerated). */
export const ACTIVITY_TABLES = [
  'visit_photos',
  'household_visits',
  'household_measures',
  'household_plan_items',
  'work_team_days',
  'wall_cards',
] as const;

/** What a plan item of each type aims at and costs (yuan), and what its delivered measure says. */
const TYPE_INFO: Record<MeasureType, { target: string; measure: string; min: number; max: number }> = {
  industry: { target: '发展特色种养业（茶叶、魔芋、生猪等）', measure: '发放产业扶持资金', min: 2000, max: 5000 },
  tourism: { target: '发展农家乐、乡村旅游接待', measure: '乡村旅游奖补', min: 3000, max: 8000 },
  transport: { target: '通组公路、入户便道硬化', measure: '入户便道硬化', min: 1000, max: 3000 },
  water: { target: '解决安全饮水', measure: '接通自来水入户', min: 500, max: 2000 },
  power: { target: '生活用电改造', measure: '入户电网改造', min: 300, max: 1000 },
  housing: { target: '危房改造（C/D级）', measure: '拨付危房改造补助', min: 15000, max: 40000 },
  relocation: { target: '易地扶贫搬迁（集中安置）', measure: '搬迁安置补助', min: 40000, max: 70000 },
  health: { target: '新农合、大病保险全覆盖，慢病签约服务', measure: '医疗救助与大病保险报销', min: 500, max: 3000 },
  education: { target: '雨露计划、教育资助，不因贫失学', measure: '发放教育资助（雨露计划）', min: 1000, max: 3000 },
  socialSecurity: { target: '纳入低保、特困供养兜底', measure: '发放低保金', min: 2000, max: 4000 },
  employment: { target: '技能培训与转移就业', measure: '参加技能培训并推荐就业', min: 500, max: 1500 },
  culture: { target: '文化惠民、移风易俗', measure: '送文化下乡、订阅读物', min: 200, max: 500 },
  land: { target: '土地整治、高标准农田', measure: '土地整治补助', min: 2000, max: 5000 },
  microcredit: {
    target: '扶贫小额信贷（5万元以下、3年以内）',
    measure: '发放扶贫小额信贷（财政贴息）',
    min: 30000,
    max: 50000,
  },
  insurance: { target: '扶贫特惠保', measure: '参加扶贫特惠保', min: 100, max: 300 },
};

const VISIT_NOTES = [
  '入户走访，了解家庭收入和生产情况，宣讲扶贫政策。',
  '查看产业发展情况，帮助联系农资和销路。',
  '了解家庭成员健康状况，落实医疗救助和慢病签约。',
  '核实子女就学情况，落实教育资助。',
  '查看住房安全情况，督促危房改造进度。',
  '帮助填写小额信贷申请，讲解贴息政策。',
  '了解务工情况，推荐就业岗位。',
  '逢年过节慰问，征求对帮扶工作的意见。',
];

/** Days of attendance generated at full scale: the last two weeks of the year after registration. */
const ATTENDANCE_DAYS = 14;

/** Households with a plan per 100 (the rest are a deliberate gap for the progress figures). */
const PLAN_PER_100 = 96;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export interface ActivityResult {
  planItems: number;
  measures: number;
  visits: number;
  teamDays: number;
}

type Run = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Fills the activity tables for the registry and assistance just written in `session`, for the
 * registry year `year` (visits and attendance fall in the year after it) at the registry's scale.
 */
export async function generateActivity(
  session: BulkSession,
  seed: number,
  year: number,
  scale = 1,
): Promise<ActivityResult> {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const run: Run = (text, params) => session.exec(text, params);
  const next = year + 1;
  // Teams do not shrink with the scale (every poor village keeps its team), so the attendance
  // window does: 14 days from scale 0.1 up, at least 2 (small test registries stay fast).
  const attendanceDays = Math.max(2, Math.min(ATTENDANCE_DAYS, Math.ceil(ATTENDANCE_DAYS * scale * 10)));
  await run(`TRUNCATE ${ACTIVITY_TABLES.join(', ')}`);
  await run(`CREATE OR REPLACE FUNCTION pg_temp.ah(key text) RETURNS int LANGUAGE sql IMMUTABLE AS
    $$ SELECT ('x' || substr(md5('${seed}:activity:' || key), 1, 7))::bit(28)::int $$`);
  await run(
    `CREATE TEMP TABLE gen_type_info (type text PRIMARY KEY, target text, measure text, min_fen bigint, span_fen bigint) ON COMMIT DROP`,
  );
  await run(
    `INSERT INTO gen_type_info VALUES ${MEASURE_TYPES.map(({ value }) => {
      const info = TYPE_INFO[value];
      return `(${literal(value)}, ${literal(info.target)}, ${literal(info.measure)}, ${info.min * 100}, ${(info.max - info.min) * 100})`;
    }).join(', ')}`,
  );
  await run(`CREATE TEMP TABLE gen_cause_types (cause text PRIMARY KEY, types text[]) ON COMMIT DROP`);
  await run(
    `INSERT INTO gen_cause_types VALUES ${Object.entries(MEASURES_FOR_CAUSE)
      .map(([cause, types]) => `(${literal(cause)}, ARRAY[${types.map(literal).join(', ')}]::text[])`)
      .join(', ')}`,
  );

  // Households with a plan, their helper (the first active pairing) and one hash for the rest.
  await run(`CREATE TEMP TABLE gen_planned ON COMMIT DROP AS
    SELECT h.county_code, h.id, h.village_code, coalesce(c.types, ARRAY['industry']) AS types, p.cadre_id,
           pg_temp.ah(h.county_code || '-' || h.id) AS hh
      FROM households h
      LEFT JOIN gen_cause_types c ON c.cause = h.main_cause
      LEFT JOIN (SELECT county_code, household_id, min(cadre_id) AS cadre_id FROM pairings
                  WHERE ended_on IS NULL GROUP BY county_code, household_id) p
        ON p.county_code = h.county_code AND p.household_id = h.id
     WHERE h.status <> '已销户' AND pg_temp.ah(h.county_code || '-' || h.id || 'p') % 100 < ${PLAN_PER_100}`);
  await run(`ANALYZE gen_planned`);

  return withoutSecondaryIndexes(
    run,
    ['household_plan_items', 'household_measures', 'household_visits', 'work_team_days'],
    async () => {
      await run(`CREATE TEMP TABLE gen_items ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY g.county_code, g.id, k) AS id, g.county_code, g.id AS household_id,
             g.village_code, g.cadre_id, g.types[1 + k % cardinality(g.types)] AS type, k, cardinality(g.types) AS ntypes,
             pg_temp.ah(g.county_code || '-' || g.id || ':' || k) AS hi
        FROM gen_planned g CROSS JOIN generate_series(0, 2) k
       WHERE k < 1 + (g.hh % 100 >= 30)::int + (g.hh % 100 >= 75)::int`);
      // A cause with fewer answers than items repeats a type: the repeat continues the first (续).
      await run(`INSERT INTO household_plan_items (county_code, id, household_id, village_code, measure_type, target,
                 target_fen, due_on, status, cadre_id, created_by, created_at, updated_at)
      SELECT i.county_code, i.id, i.household_id, i.village_code, i.type,
             t.target || CASE WHEN i.k >= i.ntypes THEN '（续）' ELSE '' END,
             round((t.min_fen + (i.hi % 1000) * t.span_fen / 1000) / 10000.0) * 10000,
             d.due_on,
             CASE WHEN d.due_on <= date '${next + 1}-12-31' THEN
                    CASE WHEN i.hi / 1000 % 100 < 85 THEN 'done' WHEN i.hi / 1000 % 100 < 95 THEN 'inProgress' ELSE 'planned' END
                  ELSE
                    CASE WHEN i.hi / 1000 % 100 < 60 THEN 'done' WHEN i.hi / 1000 % 100 < 90 THEN 'inProgress'
                         WHEN i.hi / 1000 % 100 < 98 THEN 'planned' ELSE 'cancelled' END
             END,
             i.cadre_id, '驻村工作队', timestamptz '${year}-12-20 09:00+08', timestamptz '${year}-12-20 09:00+08'
        FROM gen_items i
        JOIN gen_type_info t ON t.type = i.type
        CROSS JOIN LATERAL (SELECT date '${next}-06-30' + (i.hi / 100000 % 1280) AS due_on) d`);
      const [items] = await run(`SELECT count(*)::int AS n FROM household_plan_items`);
      await run(
        `SELECT setval('household_plan_items_id_seq', greatest((SELECT max(id) FROM household_plan_items), 1))`,
      );

      // One head per household (a flawed record may list two).
      await run(`CREATE TEMP TABLE gen_heads ON COMMIT DROP AS
      SELECT county_code, household_id, min(id) AS id FROM members WHERE relation = '户主' GROUP BY county_code, household_id`);
      // Measures: one per done item (its target), one per item in progress (30–70% of it), and the
      // 扶贫特惠保 for a quarter of the planned households. The head benefits from health, education
      // and employment measures.
      await run(`INSERT INTO household_measures (county_code, id, household_id, village_code, measure_type, content,
                 measured_on, amount_fen, plan_item_id, beneficiary_ids, cadre_id, recorded_by_name, created_at)
      SELECT x.county_code, row_number() OVER (ORDER BY x.county_code, x.household_id, x.ord), x.household_id, x.village_code,
             x.type, x.content, x.measured_on, x.amount_fen, x.plan_item_id,
             CASE WHEN x.type IN ('health', 'education', 'employment') AND m.id IS NOT NULL THEN ARRAY[m.id] ELSE '{}'::bigint[] END,
             x.cadre_id, '驻村工作队', x.measured_on + time '10:00'
        FROM (SELECT i.county_code, i.household_id, i.village_code, i.measure_type AS type, t.measure AS content,
                     greatest(date '${year}-06-01', least(i.due_on, date '${next}-12-31') - (pg_temp.ah('m' || i.id) % 150)) AS measured_on,
                     CASE WHEN i.status = 'done' THEN i.target_fen
                          ELSE round(i.target_fen * (30 + pg_temp.ah('a' || i.id) % 41) / 10000.0) * 100 END AS amount_fen,
                     i.id AS plan_item_id, i.cadre_id, i.id AS ord
                FROM household_plan_items i JOIN gen_type_info t ON t.type = i.measure_type
               WHERE i.status IN ('done', 'inProgress')
              UNION ALL
              SELECT g.county_code, g.id, g.village_code, 'insurance', '参加扶贫特惠保（保费财政补贴）',
                     date '${next}-03-01' + (g.hh / 100 % 60), 10000, NULL, g.cadre_id, 9223372036854775807
                FROM gen_planned g WHERE g.hh / 10 % 100 < 25) x
        LEFT JOIN gen_heads m ON m.county_code = x.county_code AND m.household_id = x.household_id`);
      const [measures] = await run(`SELECT count(*)::int AS n FROM household_measures`);
      await run(`SELECT setval('household_measures_id_seq', greatest((SELECT max(id) FROM household_measures), 1))`);

      // Visits by each paired household's helper, 1–4 in the year after registration.
      await run(`INSERT INTO household_visits (county_code, id, household_id, village_code, visited_on, cadre_id, note,
                 recorded_by_name, created_at)
      SELECT g.county_code, row_number() OVER (ORDER BY g.county_code, g.id, v), g.id, g.village_code,
             date '${next}-01-01' + (pg_temp.ah('v' || g.county_code || g.id || ':' || v) % 365),
             g.cadre_id, (${`ARRAY[${VISIT_NOTES.map(literal).join(', ')}]`})[1 + pg_temp.ah('n' || g.id || ':' || v) % ${VISIT_NOTES.length}],
             c.name, date '${next}-01-01' + (pg_temp.ah('v' || g.county_code || g.id || ':' || v) % 365) + time '16:00'
        FROM gen_planned g
        JOIN cadres c ON c.id = g.cadre_id
        CROSS JOIN generate_series(0, 3) v
       WHERE v <= g.hh / 1000 % 4`);
      const [visits] = await run(`SELECT count(*)::int AS n FROM household_visits`);
      await run(`SELECT setval('household_visits_id_seq', greatest((SELECT max(id) FROM household_visits), 1))`);

      // Attendance of every team member over the last 14 days of the year after registration.
      await run(`INSERT INTO work_team_days (county_code, team_id, cadre_id, day, village_code, in_village, recorded_by_name, recorded_at)
      SELECT DISTINCT ON (m.county_code, m.team_id, m.cadre_id, d.day)
               m.county_code, m.team_id, m.cadre_id, d.day, m.village_code,
               NOT m.resident OR d.hd % 100 < 85, '驻村工作队', d.day + time '18:00'
          FROM work_team_members m
          CROSS JOIN LATERAL (SELECT g::date AS day, pg_temp.ah('d' || m.id || g::date) AS hd
                                FROM generate_series(date '${next}-12-31' - ${attendanceDays - 1}, date '${next}-12-31', interval '1 day') g) d
         WHERE m.from_on <= d.day AND (m.to_on IS NULL OR m.to_on >= d.day) AND (m.resident OR d.hd % 100 < 30)
         ORDER BY m.county_code, m.team_id, m.cadre_id, d.day`);
      const [days] = await run(`SELECT count(*)::int AS n FROM work_team_days`);
      await run(`ANALYZE ${ACTIVITY_TABLES.join(', ')}`);
      return {
        planItems: Number(items?.n ?? 0),
        measures: Number(measures?.n ?? 0),
        visits: Number(visits?.n ?? 0),
        teamDays: Number(days?.n ?? 0),
      };
    },
  );
}

/**
 * Runs a bulk load with the tables' secondary indexes and foreign keys dropped, then rebuilds them
 * from their own catalog definitions: one build is several times faster than row-by-row upkeep.
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
