import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import {
  COVERAGE_LABELS,
  levelOfCode,
  type CoverageRow,
  type CoverageView,
  type GapPage,
  type HouseholdCoverage,
  type HouseholdCoverageFigures,
  type HouseholdGap,
  type VillageCoverage,
  type VillageCoverageFigures,
  type VillageGap,
} from '@fupin/domain';
import type { DB } from '../../db/schema.js';
import { withScope, type ActorContext, type Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { escapeFormula } from '../registry/transfer/cells.js';
import { householdKey } from '../registry/presenter.js';
import { assertInScope } from './common.js';

// Coverage (四个全覆盖 / 七联): how many poor villages have a work team, a first secretary, a unit
// and an enterprise; how many poor households have a helper, a bank and an insurer; and every gap.
// Figures add up the per-county and per-village counters kept by triggers (006_assistance.sql),
// never the 2 million households; the household gap list walks the poor households' partial index.

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };

function emptyVillages(): VillageCoverageFigures {
  return { poorVillages: 0, workTeam: 0, firstSecretary: 0, unit: 0, enterprise: 0 };
}
function emptyHouseholds(): HouseholdCoverageFigures {
  return { poorHouseholds: 0, helper: 0, bank: 0, insurer: 0 };
}

interface CountRow {
  code: string;
  poor_villages: number;
  with_team: number;
  with_secretary: number;
  with_unit: number;
  with_enterprise: number;
  poor_households: number;
  with_helper: number;
  with_bank: number;
  with_insurer: number;
}

/** The kept counters under a region: county rows for the province and a prefecture (~100 rows), village rows below. */
async function countRows(tx: Tx, regionCode: string): Promise<CountRow[]> {
  const upper = `${regionCode}:`;
  if (regionCode.length < 6) {
    const r = await sql<CountRow>`
      select county_code as code, poor_villages, with_team, with_secretary, with_unit, with_enterprise,
             poor_households, with_helper, with_bank, with_insurer
        from assistance_county_counts where county_code >= ${regionCode} and county_code < ${upper}`.execute(tx);
    return r.rows;
  }
  const r = await sql<CountRow>`
    select village_code as code, poor_village::int as poor_villages, (poor_village and has_team)::int as with_team,
           (poor_village and has_secretary)::int as with_secretary, (poor_village and has_unit)::int as with_unit,
           (poor_village and has_enterprise)::int as with_enterprise,
           poor_households, with_helper, with_bank, with_insurer
      from assistance_village_counts where village_code >= ${regionCode} and village_code < ${upper}`.execute(tx);
  return r.rows;
}

function add(row: CoverageRow, c: CountRow): void {
  row.villages.poorVillages += c.poor_villages;
  row.villages.workTeam += c.with_team;
  row.villages.firstSecretary += c.with_secretary;
  row.villages.unit += c.with_unit;
  row.villages.enterprise += c.with_enterprise;
  row.households.poorHouseholds += c.poor_households;
  row.households.helper += c.with_helper;
  row.households.bank += c.with_bank;
  row.households.insurer += c.with_insurer;
}

/** Coverage figures of a region in the scope, with the same figures per child region. */
export async function coverage(tx: Tx, scope: string, regionCode: string): Promise<CoverageView> {
  assertInScope(scope, regionCode);
  if (!levelOfCode(regionCode)) throw new AppError('VALIDATION', { field: 'regionCode' });
  const [counts, regions] = await Promise.all([
    countRows(tx, regionCode),
    tx
      .selectFrom('regions')
      .select(['code', 'name'])
      .where((eb) => eb.or([eb('code', '=', regionCode), eb('parent_code', '=', regionCode)]))
      .orderBy('code')
      .execute(),
  ]);
  const total: CoverageRow = {
    regionCode,
    regionName: regionCode,
    villages: emptyVillages(),
    households: emptyHouseholds(),
  };
  const children = new Map<string, CoverageRow>();
  for (const r of regions) {
    if (r.code === regionCode) total.regionName = r.name;
    else
      children.set(r.code, {
        regionCode: r.code,
        regionName: r.name,
        villages: emptyVillages(),
        households: emptyHouseholds(),
      });
  }
  // The province's children are 13 prefectures (4 digits) and 4 units directly under it (6 digits).
  const childLength = CHILD_LENGTH[regionCode.length];
  const longer = [...children.keys()].filter((k) => k.length !== childLength);
  for (const c of counts) {
    add(total, c);
    if (childLength === undefined) continue;
    const child =
      children.get(c.code.slice(0, childLength)) ?? children.get(longer.find((k) => c.code.startsWith(k)) ?? '');
    if (child) add(child, c);
  }
  return { ...total, children: [...children.values()] };
}

// Gaps -------------------------------------------------------------------------------------------

export interface GapFilter {
  regionCode: string;
  /** Only gaps of this kind (all kinds when absent). */
  missing?: VillageCoverage | HouseholdCoverage | undefined;
  /** Keyset cursor: the last village code (villages) or `village:county-id` (households). */
  after?: string | undefined;
  limit: number;
}

/** Names of the counties and townships a gap list of `regionCode` can name. */
async function areaNames(tx: Tx, regionCode: string): Promise<Map<string, string>> {
  const prefix = regionCode.slice(0, Math.min(regionCode.length, 6));
  const rows = await tx
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('level', 'in', ['county', 'township'])
    .where('code', '>=', prefix)
    .where('code', '<', `${prefix}:`)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Poor villages of a region lacking a work team, a first secretary, a unit or an enterprise (kept flags). */
export async function villageGaps(tx: Tx, scope: string, filter: GapFilter): Promise<GapPage<VillageGap>> {
  assertInScope(scope, filter.regionCode);
  const only: Record<VillageCoverage, ReturnType<typeof sql>> = {
    workTeam: sql`not c.has_team`,
    firstSecretary: sql`not c.has_secretary`,
    unit: sql`not c.has_unit`,
    enterprise: sql`not c.has_enterprise`,
  };
  const missing = filter.missing && filter.missing in only ? (filter.missing as VillageCoverage) : undefined;
  const narrow = missing ? sql`and ${only[missing]}` : sql``;
  const rows = await sql<{
    code: string;
    name: string;
    team: boolean;
    secretary: boolean;
    unit: boolean;
    enterprise: boolean;
  }>`
    select c.village_code as code, r.name, c.has_team as team, c.has_secretary as secretary, c.has_unit as unit, c.has_enterprise as enterprise
      from assistance_village_counts c join regions r on r.code = c.village_code
     where c.poor_village and not (c.has_team and c.has_secretary and c.has_unit and c.has_enterprise)
       and c.village_code >= ${filter.regionCode} and c.village_code < ${`${filter.regionCode}:`}
       and c.village_code > ${filter.after ?? ''} ${narrow}
     order by c.village_code
     limit ${filter.limit + 1}`.execute(tx);
  const page = rows.rows.slice(0, filter.limit);
  const names = await areaNames(tx, filter.regionCode);
  const items = page.map((r) => ({
    villageCode: r.code,
    villageName: r.name,
    townshipName: names.get(r.code.slice(0, 9)) ?? '',
    countyName: names.get(r.code.slice(0, 6)) ?? '',
    missing: (
      [
        ['workTeam', r.team],
        ['firstSecretary', r.secretary],
        ['unit', r.unit],
        ['enterprise', r.enterprise],
      ] as const
    )
      .filter(([, has]) => !has)
      .map(([k]) => k),
  }));
  const last = page[page.length - 1];
  return { items, next: rows.rows.length > filter.limit && last ? last.code : null };
}

const HELPER = sql`exists (select 1 from pairings p where p.county_code = h.county_code and p.household_id = h.id and p.ended_on is null)`;
const householdLink = (kind: 'bank' | 'insurer') =>
  sql`exists (select 1 from household_links l where l.county_code = h.county_code and l.household_id = h.id and l.link_kind = ${kind} and l.ended_on is null)`;
const HOUSEHOLD_TESTS: Record<HouseholdCoverage, ReturnType<typeof sql>> = {
  helper: HELPER,
  bank: householdLink('bank'),
  insurer: householdLink('insurer'),
};

/** Poor households (未脱贫, 返贫) of a region lacking a helper, a bank or an insurer, in (village, id) order. */
export async function householdGaps(tx: Tx, scope: string, filter: GapFilter): Promise<GapPage<HouseholdGap>> {
  assertInScope(scope, filter.regionCode);
  const kinds = (
    filter.missing && filter.missing in HOUSEHOLD_TESTS ? [filter.missing] : Object.keys(HOUSEHOLD_TESTS)
  ) as HouseholdCoverage[];
  const any = sql.join(
    kinds.map((k) => sql`not ${HOUSEHOLD_TESTS[k]}`),
    sql` or `,
  );
  const [afterVillage = '', afterKey = ''] = (filter.after ?? '').split(':');
  const afterId = afterKey.split('-')[1] ?? '0';
  const rows = await sql<{
    county_code: string;
    id: string;
    village_code: string;
    head_name: string;
    household_no: string;
    name: string;
    helper: boolean;
    bank: boolean;
    insurer: boolean;
  }>`
    select h.county_code, h.id, h.village_code, h.head_name, h.household_no, r.name,
           ${HELPER} as helper, ${householdLink('bank')} as bank, ${householdLink('insurer')} as insurer
      from households h
      join regions r on r.code = h.village_code
     where h.status in ('未脱贫', '返贫')
       and h.village_code >= ${filter.regionCode} and h.village_code < ${`${filter.regionCode}:`}
       and (h.village_code, h.id) > (${afterVillage}, ${afterId}::bigint)
       and (${any})
     order by h.village_code, h.id
     limit ${filter.limit + 1}`.execute(tx);
  const page = rows.rows.slice(0, filter.limit);
  const names = await areaNames(tx, filter.regionCode);
  const items = page.map((r) => ({
    householdKey: householdKey(r.county_code, r.id),
    headName: r.head_name,
    householdNo: r.household_no,
    villageCode: r.village_code,
    villageName: r.name,
    townshipName: names.get(r.village_code.slice(0, 9)) ?? '',
    countyName: names.get(r.village_code.slice(0, 6)) ?? '',
    missing: (
      [
        ['helper', r.helper],
        ['bank', r.bank],
        ['insurer', r.insurer],
      ] as const
    )
      .filter(([, has]) => !has)
      .map(([k]) => k),
  }));
  const last = page[page.length - 1];
  return {
    items,
    next:
      rows.rows.length > filter.limit && last
        ? `${last.village_code}:${householdKey(last.county_code, last.id)}`
        : null,
  };
}

// Export -----------------------------------------------------------------------------------------

const EXPORT_PAGE = 2000;

/** Writes every gap of a region as an .xlsx (two sheets), then audits the export and finishes the file. */
export async function writeGapWorkbook(
  db: Kysely<DB>,
  actor: ActorContext,
  regionCode: string,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const label = (k: VillageCoverage | HouseholdCoverage) => COVERAGE_LABELS[k]['zh-CN'];
  const villages = workbook.addWorksheet('贫困村缺口', { views: [{ state: 'frozen', ySplit: 1 }] });
  villages.columns = [{ width: 16 }, { width: 16 }, { width: 18 }, { width: 16 }, { width: 40 }];
  const vh = villages.addRow(['县(市区)', '乡镇', '村', '村代码', '缺少']);
  vh.font = { bold: true };
  vh.commit();
  let villageCount = 0;
  for (let after: string | undefined; ;) {
    const page = await withScope(db, actor, (tx) =>
      villageGaps(tx, actor.scope, { regionCode, after, limit: EXPORT_PAGE }),
    );
    for (const g of page.items) {
      villages
        .addRow([
          escapeFormula(g.countyName),
          escapeFormula(g.townshipName),
          escapeFormula(g.villageName),
          g.villageCode,
          g.missing.map(label).join('、'),
        ])
        .commit();
    }
    villageCount += page.items.length;
    if (!page.next) break;
    after = page.next;
  }
  villages.commit();
  const households = workbook.addWorksheet('贫困户缺口', { views: [{ state: 'frozen', ySplit: 1 }] });
  households.columns = [
    { width: 16 },
    { width: 16 },
    { width: 18 },
    { width: 16 },
    { width: 12 },
    { width: 22 },
    { width: 36 },
  ];
  const hh = households.addRow(['县(市区)', '乡镇', '村', '户编号', '户主', '户标识', '缺少']);
  hh.font = { bold: true };
  hh.commit();
  let householdCount = 0;
  for (let after: string | undefined; ;) {
    const page = await withScope(db, actor, (tx) =>
      householdGaps(tx, actor.scope, { regionCode, after, limit: EXPORT_PAGE }),
    );
    for (const g of page.items) {
      households
        .addRow([
          escapeFormula(g.countyName),
          escapeFormula(g.townshipName),
          escapeFormula(g.villageName),
          escapeFormula(g.householdNo),
          escapeFormula(g.headName),
          g.householdKey,
          g.missing.map(label).join('、'),
        ])
        .commit();
    }
    householdCount += page.items.length;
    if (!page.next) break;
    after = page.next;
  }
  households.commit();
  await withScope(db, actor, (tx) =>
    recordAudit(tx, {
      action: 'coverage.export',
      entity: 'coverage',
      entityId: regionCode,
      regionCode,
      after: { villages: villageCount, households: householdCount },
    }),
  );
  await workbook.commit();
}
