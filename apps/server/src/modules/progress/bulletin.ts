// The progress bulletin (简报) as a Word document, in the manner of 湖北省扶贫办简报 2015 No. 14
// (../shared/seed): masthead, issue number, one headline, a summary, then one section per
// prefecture-level unit (or per child region) with numbered points, and a table of the figures.
// Each bulletin keeps its figures, and the next one for the same region prints the changes.

import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatChange, topCauses, type BulletinView, type RegionProgress } from '@fupin/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { regionProgress } from './service.js';

/** The figures a bulletin keeps per region, and compares against in the next issue. */
export interface BulletinFigures {
  code: string;
  name: string;
  poorHouseholds: number;
  poorPeople: number;
  exitedHouseholds: number;
  exitedPeople: number;
  exitedThisYearHouseholds: number;
  exitedThisYearPeople: number;
  incidencePercent: number | null;
  plannedExitYear: number | null;
  plannedToDate: number;
  exitedToDate: number;
  behind: boolean;
}

const FONT = 'SimSun';

function snapshot(r: RegionProgress): BulletinFigures {
  return {
    code: r.code,
    name: r.name,
    poorHouseholds: r.poorHouseholds,
    poorPeople: r.poorPeople,
    exitedHouseholds: r.exitedHouseholds,
    exitedPeople: r.exitedPeople,
    exitedThisYearHouseholds: r.exitedThisYearHouseholds,
    exitedThisYearPeople: r.exitedThisYearPeople,
    incidencePercent: r.incidencePercent,
    plannedExitYear: r.plannedExitYear,
    plannedToDate: r.plannedToDate,
    exitedToDate: r.exitedToDate,
    behind: r.behind,
  };
}

function text(value: string, options: { bold?: boolean; size?: number; color?: string } = {}): TextRun {
  return new TextRun({ text: value, font: FONT, bold: options.bold, size: options.size ?? 28, color: options.color });
}

function para(runs: TextRun[], alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]): Paragraph {
  return new Paragraph({ children: runs, alignment, spacing: { after: 120 } });
}

function percent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)}%`;
}

/** The numbered points of one region's section. */
function sectionPoints(r: RegionProgress, previous: BulletinFigures | undefined, year: number): string[] {
  const change = (now: number, before: number | undefined) =>
    formatChange(before === undefined ? null : now - before, 'zh-CN');
  const causes = topCauses(r.causes, 3)
    .map((c) => `${c.cause} ${c.households} 户`)
    .join('、');
  const plan =
    r.plannedExitYear === null
      ? '尚未录入脱贫计划。'
      : `计划 ${r.plannedExitYear} 年${r.level === 'village' ? '出列' : '全部脱贫'}${r.reliefYear === null ? '' : `（${r.reliefYear} 年解困）`}；截至 ${year} 年计划脱贫 ${r.plannedToDate} 户，实际脱贫 ${r.exitedToDate} 户${
          r.progressPercent === null ? '' : `，完成计划的 ${r.progressPercent.toFixed(1)}%`
        }。`;
  const status = r.overdue
    ? `已超过计划摘帽年份，仍有 ${r.poorHouseholds} 户未脱贫，列为滞后。`
    : r.behind
      ? `进度滞后于计划，差 ${r.shortfall} 户，需加快推进。`
      : '按计划推进。';
  return [
    `现有建档立卡贫困户 ${r.poorHouseholds} 户、贫困人口 ${r.poorPeople} 人（较上期：户 ${change(r.poorHouseholds, previous?.poorHouseholds)}，人 ${change(r.poorPeople, previous?.poorPeople)}），贫困发生率 ${percent(r.incidencePercent)}。`,
    `${year} 年已脱贫 ${r.exitedThisYearHouseholds} 户 ${r.exitedThisYearPeople} 人；累计脱贫 ${r.exitedHouseholds} 户 ${r.exitedPeople} 人（较上期：户 ${change(r.exitedHouseholds, previous?.exitedHouseholds)}）。`,
    `${plan}${status}`,
    causes ? `主要致贫原因：${causes}。` : '无在册贫困户。',
  ];
}

function cell(value: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [text(value, { bold, size: 20 })] })] });
}

/** Builds the .docx of one bulletin issue. */
export async function buildBulletinDocument(input: {
  masthead: string;
  issue: number;
  totalIssue: number;
  year: number;
  period: string;
  date: Date;
  region: RegionProgress;
  children: RegionProgress[];
  previous: Map<string, BulletinFigures>;
}): Promise<Buffer> {
  const { region, children, previous, year } = input;
  const behind = children.filter((c) => c.behind);
  const date = input.date.toISOString().slice(0, 10);
  const summary =
    `截至 ${input.period}，${region.name}现有建档立卡贫困户 ${region.poorHouseholds} 户、贫困人口 ${region.poorPeople} 人，` +
    `贫困发生率 ${percent(region.incidencePercent)}；${year} 年已脱贫 ${region.exitedThisYearHouseholds} 户 ${region.exitedThisYearPeople} 人，` +
    `累计脱贫 ${region.exitedHouseholds} 户 ${region.exitedPeople} 人。` +
    (behind.length === 0
      ? `${children.length} 个下级单位均按计划推进。`
      : `${behind.length} 个单位进度滞后于计划：${behind.map((b) => b.name).join('、')}。`);
  const sections = children.flatMap((c) => [
    para([text(`  ${c.name}：`, { bold: true })]),
    ...sectionPoints(c, previous.get(c.code), year).map((p, i) => para([text(`  ${i + 1}.${p}`)])),
  ]);
  const header = [
    '单位',
    '贫困户',
    '贫困人口',
    '较上期(户)',
    `${year}年脱贫(户)`,
    '累计脱贫(户)',
    '贫困发生率',
    '计划年份',
    '进度',
  ];
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...children.map(
        (c) =>
          new TableRow({
            children: [
              cell(c.name),
              cell(String(c.poorHouseholds)),
              cell(String(c.poorPeople)),
              cell(
                formatChange(
                  previous.has(c.code) ? c.poorHouseholds - (previous.get(c.code)?.poorHouseholds ?? 0) : null,
                  'zh-CN',
                ),
              ),
              cell(String(c.exitedThisYearHouseholds)),
              cell(String(c.exitedHouseholds)),
              cell(percent(c.incidencePercent)),
              cell(c.plannedExitYear === null ? '—' : String(c.plannedExitYear)),
              cell(c.behind ? '滞后' : '正常'),
            ],
          }),
      ),
    ],
  });
  const doc = new Document({
    creator: 'fupin 精准扶贫管理平台',
    title: `${input.masthead}（${year}）第${input.issue}期`,
    sections: [
      {
        children: [
          para([text(input.masthead, { bold: true, size: 44, color: 'C00000' })], AlignmentType.CENTER),
          para([text(`（${year}）第${input.issue}期`)], AlignmentType.CENTER),
          para([text(`（总第${input.totalIssue}期）`, { size: 24 })], AlignmentType.CENTER),
          para([text(date, { size: 24 })], AlignmentType.RIGHT),
          para([text(`${region.name}精准扶贫脱贫进展情况`, { bold: true, size: 32 })], AlignmentType.CENTER),
          para([text(`  ${summary}`)]),
          ...sections,
          para([text('附表：各单位脱贫进展', { bold: true })]),
          table,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * Generates and stores one bulletin for `regionCode` (its children are the sections), with
 * changes against the region's previous bulletin; audited. Returns the stored bulletin.
 */
export async function generateBulletin(
  tx: Tx,
  scope: string,
  input: { regionCode: string; year?: number; period: string; jobId: string | null; createdBy: string },
): Promise<BulletinView> {
  const view = await regionProgress(tx, scope, input.regionCode, input.year);
  const previousRow = await sql<{ figures: { children: BulletinFigures[] } }>`
    select figures from progress_bulletins where region_code = ${input.regionCode} order by id desc limit 1`.execute(
    tx,
  );
  const previous = new Map((previousRow.rows[0]?.figures.children ?? []).map((f) => [f.code, f]));
  const counts = await sql<{ in_year: number; total: number }>`
    select count(*) filter (where year = ${view.year})::int as in_year, count(*)::int as total
    from progress_bulletins where region_code = ${input.regionCode}`.execute(tx);
  const issue = (counts.rows[0]?.in_year ?? 0) + 1;
  const totalIssue = (counts.rows[0]?.total ?? 0) + 1;
  const masthead = `${view.path[0]?.name ?? view.region.name}扶贫办简报`;
  const title = `${masthead}（${view.year}）第${issue}期`;
  const document = await buildBulletinDocument({
    masthead,
    issue,
    totalIssue,
    year: view.year,
    period: input.period,
    date: new Date(),
    region: view.region,
    children: view.children,
    previous,
  });
  const figures = { region: snapshot(view.region), children: view.children.map(snapshot) };
  const row = await sql<{ id: string; created_at: Date }>`
    insert into progress_bulletins (region_code, year, period, title, figures, document, job_id, created_by_name)
    values (${input.regionCode}, ${view.year}, ${input.period}, ${title}, ${JSON.stringify(figures)}::jsonb, ${document},
      ${input.jobId}, ${input.createdBy})
    returning id::text as id, created_at`.execute(tx);
  const created = row.rows[0];
  if (!created) throw new AppError('INTERNAL');
  await recordAudit(tx, {
    action: 'bulletin.generate',
    entity: 'bulletin',
    entityId: created.id,
    regionCode: input.regionCode,
    after: { title, period: input.period, year: view.year, bytes: document.length },
  });
  return {
    id: created.id,
    regionCode: input.regionCode,
    year: view.year,
    period: input.period,
    title,
    createdBy: input.createdBy,
    createdAt: new Date(created.created_at).toISOString(),
  };
}

/** Bulletins visible in the actor's region, newest first. */
export async function listBulletins(tx: Tx, limit: number): Promise<BulletinView[]> {
  const r = await sql<{
    id: string;
    region_code: string;
    year: number;
    period: string;
    title: string;
    created_by_name: string;
    created_at: Date;
  }>`select id::text as id, region_code, year, period, title, created_by_name, created_at from progress_bulletins
    order by id desc limit ${limit}`.execute(tx);
  return r.rows.map((b) => ({
    id: b.id,
    regionCode: b.region_code,
    year: b.year,
    period: b.period,
    title: b.title,
    createdBy: b.created_by_name,
    createdAt: new Date(b.created_at).toISOString(),
  }));
}

/** The .docx of a bulletin in the actor's region; the download is audited (an export). */
export async function bulletinDocument(tx: Tx, id: string): Promise<{ title: string; document: Buffer }> {
  const r = await sql<{ title: string; document: Buffer | Uint8Array; region_code: string }>`
    select title, document, region_code from progress_bulletins where id = ${id}::bigint`.execute(tx);
  const row = r.rows[0];
  if (!row) throw notFound({ id });
  await recordAudit(tx, {
    action: 'bulletin.download',
    entity: 'bulletin',
    entityId: id,
    regionCode: row.region_code,
    after: { title: row.title },
  });
  return { title: row.title, document: Buffer.from(row.document) };
}
