import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withScope, type ActorContext } from '../../../db/scope.js';
import { escapeFormula } from './cells.js';
import { COLUMNS } from './columns.js';
import { loadImport } from './importService.js';
import { fileRows, readHeader, toSheetRow, type FileRow, type HeaderMap } from './reader.js';
import { materialise, removeWorkingCopy } from './storage.js';
import { importTables } from './tables.js';

// The error report of an import: the original columns of each row with a problem, then 行号, 列,
// 错误原因 and Reason — one line per finding, in row order, streamed page by page. An ended import
// keeps the cells of its rows with findings (registry_import_report_rows); a running one has them
// in staging. On PostgreSQL the import keeps cells only for the rows it can tell are bad while it
// reads (writer.ts): a row refused later (an ID number repeated further on in the file, or
// registered meanwhile) has none, and its cells are read here from the stored file.

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

/**
 * The cells of the stored file's rows, forwards only (the report asks in row order): opened at the
 * first row whose cells the import did not keep.
 */
class StoredFileCells {
  private constructor(
    private readonly rows: AsyncGenerator<FileRow>,
    private readonly header: HeaderMap,
    private readonly done: () => Promise<void>,
  ) {}

  private last: { rowNo: number; cells: string[] } | undefined;

  static async open(db: Kysely<DB>, actor: ActorContext, id: string): Promise<StoredFileCells | undefined> {
    const { path, imp, ended } = await withScope(db, actor, async (tx) => {
      const imp = await loadImport(importTables(tx), actor.scope, id);
      const path = await materialise(importTables(tx), id, imp.sha256, Number(imp.size_bytes), imp.format);
      const job = await sql<{ status: string }>`select status from jobs where id = ${imp.job_id}::bigint`.execute(tx);
      // A job still to run reads the same working copy; an ended one's is removed again afterwards.
      const ended = !['queued', 'running'].includes(job.rows[0]?.status ?? '');
      return { path, imp, ended };
    });
    const done = async () => {
      if (ended) await removeWorkingCopy(id, imp.sha256, imp.format);
    };
    const rows = fileRows(path, imp.format);
    const found = await readHeader(rows).catch(() => undefined);
    if (!found?.ok) {
      await rows.return(undefined);
      await done();
      return undefined;
    }
    return new StoredFileCells(rows, found.header, done);
  }

  /** The template cells of data row `rowNo`, or null when the file has no such row. */
  async at(rowNo: number): Promise<string[] | null> {
    while (!this.last || this.last.rowNo < rowNo) {
      // A file that fails part-way was reported so when it was read: its later rows have no cells.
      const next = await this.rows.next().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) return null;
      const row = toSheetRow(next.value, this.header);
      if (row) this.last = { rowNo: row.rowNo, cells: COLUMNS.map((c) => row.cells[c.key].text) };
    }
    return this.last.rowNo === rowNo ? this.last.cells : null;
  }

  async close(): Promise<void> {
    await this.rows.return(undefined);
    await this.done();
  }
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
  let stored: StoredFileCells | null | undefined;
  try {
    await writeLines();
  } finally {
    await stored?.close();
  }
  sheet.commit();
  await workbook.commit();

  async function writeLines(): Promise<void> {
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
        if (l.row_no !== null && !l.cells?.length) {
          stored ??= (await StoredFileCells.open(db, actor, id)) ?? null;
          l.cells = (await stored?.at(l.row_no)) ?? null;
        }
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
  }
}
