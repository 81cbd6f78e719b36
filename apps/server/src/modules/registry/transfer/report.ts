import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withScope, type ActorContext } from '../../../db/scope.js';
import { escapeFormula } from './cells.js';
import { COLUMNS } from './columns.js';
import { loadImport } from './importService.js';
import { importTables } from './tables.js';

// The error report of an import: the original columns of each row with a problem, then 行号, 列,
// 错误原因 and Reason — one line per finding, in row order, streamed page by page. An ended import
// keeps the cells of its rows with findings (registry_import_report_rows); a running one has them
// in staging.

const PAGE = 1000;

interface IssueLine {
  id: string;
  row_no: number | null;
  column_key: string | null;
  severity: string;
  message_zh: string;
  message_en: string;
  cells: string[] | null;
}

const HEADER_OF = new Map<string, string>(COLUMNS.map((c) => [c.key, c.header]));

/** Checks that the import exists in the caller's region (403/404 otherwise), before any byte is sent. */
export async function assertImportVisible(db: Kysely<DB>, actor: ActorContext, id: string): Promise<string> {
  const imp = await withScope(db, actor, (tx) => loadImport(importTables(tx), actor.scope, id));
  return imp.file_name;
}

/** Writes the report workbook to `out`. */
export async function writeErrorReport(db: Kysely<DB>, actor: ActorContext, id: string, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('错误报告', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...COLUMNS.map((c) => ({ key: c.key, width: 'width' in c ? c.width : Math.max(10, c.header.length * 2 + 2) })),
    { key: 'rowNo', width: 8 },
    { key: 'column', width: 16 },
    { key: 'zh', width: 50 },
    { key: 'en', width: 60 },
  ];
  const header = sheet.addRow([...COLUMNS.map((c) => c.header), '行号', '列', '错误原因', 'Reason']);
  header.font = { bold: true };
  header.commit();
  let after = { row: -1, id: '0' };
  for (;;) {
    const lines = await withScope(db, actor, async (tx) => {
      const r = await sql<IssueLine>`
        select i.id::text as id, i.row_no, i.column_key, i.severity, i.message_zh, i.message_en,
               coalesce(k.cells, r.cells) as cells
        from registry_import_issues i
        left join registry_import_report_rows k on k.import_id = i.import_id and k.row_no = i.row_no
        left join registry_import_rows r on r.import_id = i.import_id and r.row_no = i.row_no
        where i.import_id = ${id}::bigint
          and (coalesce(i.row_no, 0), i.id) > (${after.row}::int, ${after.id}::bigint)
        order by coalesce(i.row_no, 0), i.id
        limit ${PAGE}`.execute(tx);
      return r.rows;
    });
    for (const l of lines) {
      const warning = l.severity === 'warning';
      sheet
        .addRow([
          ...COLUMNS.map((_c, i) => escapeFormula(l.cells?.[i] ?? '')),
          l.row_no,
          l.column_key ? (HEADER_OF.get(l.column_key) ?? l.column_key) : '',
          escapeFormula(warning ? `提示：${l.message_zh}` : l.message_zh),
          escapeFormula(warning ? `Warning: ${l.message_en}` : l.message_en),
        ])
        .commit();
    }
    const last = lines[lines.length - 1];
    if (!last || lines.length < PAGE) break;
    after = { row: last.row_no ?? 0, id: last.id };
  }
  sheet.commit();
  await workbook.commit();
}
