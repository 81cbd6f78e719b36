import ExcelJS from 'exceljs';
import type { Tx } from '../../db/scope.js';
import { recordAudit } from '../audit/service.js';
import { regionProgress } from './service.js';

/** Columns of the progress table: the same fields, in the same order, as the web table. */
const COLUMNS: { header: string; key: string; width: number }[] = [
  { header: '区划代码', key: 'code', width: 14 },
  { header: '名称', key: 'name', width: 16 },
  { header: '计划脱贫年份', key: 'plannedExitYear', width: 12 },
  { header: '贫困户(户)', key: 'poorHouseholds', width: 12 },
  { header: '贫困人口(人)', key: 'poorPeople', width: 12 },
  { header: '本年脱贫(户)', key: 'exitedThisYearHouseholds', width: 12 },
  { header: '累计脱贫(户)', key: 'exitedHouseholds', width: 12 },
  { header: '累计脱贫(人)', key: 'exitedPeople', width: 12 },
  { header: '返贫(户)', key: 'relapsedHouseholds', width: 10 },
  { header: '农村人口(人)', key: 'ruralPopulation', width: 12 },
  { header: '贫困发生率(%)', key: 'incidencePercent', width: 12 },
  { header: '计划累计脱贫(户)', key: 'plannedToDate', width: 14 },
  { header: '实际累计脱贫(户)', key: 'exitedToDate', width: 14 },
  { header: '完成计划(%)', key: 'progressPercent', width: 12 },
  { header: '滞后', key: 'behind', width: 8 },
];

/** The battle map's table of a region's children as an .xlsx workbook, audited as an export. */
export async function progressTableWorkbook(
  tx: Tx,
  scope: string,
  code: string,
  year: number | undefined,
): Promise<{ name: string; buffer: Buffer }> {
  const view = await regionProgress(tx, scope, code, year);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${view.region.name} ${view.year}`);
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  for (const r of [...view.children, view.region]) {
    sheet.addRow({
      ...r,
      name: r === view.region ? `${r.name}（合计）` : r.name,
      behind: r.behind ? '是' : '否',
    });
  }
  await recordAudit(tx, {
    action: 'progress.export',
    entity: 'region',
    entityId: code,
    regionCode: code,
    after: { year: view.year, rows: view.children.length + 1 },
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { name: `脱贫进度_${view.region.name}_${view.year}.xlsx`, buffer };
}
