import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { rawCell, type RawCell } from './cells.js';
import { COLUMNS, columnOfHeader, type ColumnKey } from './columns.js';
import type { FindingCode } from './messages.js';
import type { SheetRow } from './parse.js';
import type { ImportFormat } from './tables.js';
import { readXlsxRows } from './xlsxReader.js';

// Streams the rows of an uploaded spreadsheet: the first worksheet of an .xlsx (xlsxReader.ts) or
// the records of a CSV (csv-parse, in a worker thread), so memory stays bounded whatever the file's size.

/** A row as the file holds it: its spreadsheet row number and raw cell values from column A. */
export interface FileRow {
  rowNo: number;
  values: unknown[];
}

/** What the first bytes say the file is. */
export type Sniffed =
  { ok: true; format: ImportFormat } | { ok: false; code: 'file.empty' | 'file.notSpreadsheet' | 'file.legacyXls' };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Decides from the magic bytes, never from the name alone: a zip is an .xlsx (its contents are
 * checked when it is read); text is a CSV only when it is named .csv; anything else is refused.
 */
export function sniffFormat(head: Buffer, fileName: string): Sniffed {
  if (head.length === 0) return { ok: false, code: 'file.empty' };
  if (head.subarray(0, 4).equals(ZIP)) return { ok: true, format: 'xlsx' };
  if (head.subarray(0, 8).equals(OLE)) {
    return { ok: false, code: /\.xls$/i.test(fileName) ? 'file.legacyXls' : 'file.notSpreadsheet' };
  }
  if (/\.csv$/i.test(fileName) && looksLikeText(head)) return { ok: true, format: 'csv' };
  return { ok: false, code: 'file.notSpreadsheet' };
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // Control characters other than tab, CR, LF (and the ESC/SUB some exporters leave) mean binary.
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control += 1;
  return control <= head.length / 100;
}

/** The encoding of a CSV: UTF-8 when its start decodes as UTF-8, else GB18030 (Excel's 中文 CSV). */
export async function csvEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await file.close();
  }
}

/** What the CSV worker (csvWorker.mjs) posts. */
type CsvMessage = { rows: string[][] } | { done: true } | { error: string };

/** Batches the CSV worker may parse ahead of the rows taken (500 rows each). */
const CSV_AHEAD = 8;
/**
 * Batches taken before they are credited back, in one message. Messages to the worker showed in a
 * profile of this thread as 1.6 s of a 580,000-row import when each batch was credited alone, and
 * 0.7 s when four were credited at once.
 */
const CSV_CREDIT = CSV_AHEAD / 2;

/**
 * The records of a CSV, parsed by csv-parse in a worker thread (csvWorker.mjs) while this thread
 * checks the rows before them, in the worker's batches; the worker stays at most CSV_AHEAD
 * batches ahead. A batch is one step of the generator, where a step per row allocated two promises
 * and a result object for every row at each level of generators.
 */
async function* csvBatches(path: string): AsyncGenerator<FileRow[]> {
  const encoding = await csvEncoding(path);
  const worker = new Worker(new URL('./csvWorker.mjs', import.meta.url), { workerData: { path, encoding } });
  const queue: CsvMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: CsvMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the CSV reader stopped (exit code ${code})`);
    notify();
  });
  worker.postMessage({ credit: CSV_AHEAD });
  let rowNo = 0;
  let taken = 0;
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (!message) throw failure;
      if ('error' in message) throw new Error(message.error);
      if ('done' in message) return;
      taken += 1;
      if (taken === CSV_CREDIT) {
        worker.postMessage({ credit: taken });
        taken = 0;
      }
      const batch = new Array<FileRow>(message.rows.length);
      for (let i = 0; i < batch.length; i += 1) {
        rowNo += 1;
        batch[i] = { rowNo, values: message.rows[i] ?? [] };
      }
      yield batch;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** True when bytes `from` to `to` of a chunk hold anything but separators (a line break inside quotes is content). */
function anyContent(chunk: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const b = chunk[i];
    if (b !== COMMA && b !== CR && b !== SPACE && b !== TAB) return true;
  }
  return false;
}

/**
 * How many records after `headerRow` of a CSV hold anything but separators and empty quotes: the
 * data rows, counted from the bytes without parsing the cells (quotes are followed, so a line
 * break inside a quoted cell does not start a record). Exact for a CSV the template produced;
 * for progress only, since the reading step counts the rows it takes. The bytes of a line break,
 * a quote and a comma never occur inside a UTF-8 or GB18030 character. The next line break and
 * quote are found by `indexOf` (memchr) and a record is looked at only until its first content
 * byte: a byte-by-byte loop took about 10 s of a provincial import before its first row was read.
 */
export async function countCsvDataRows(path: string, headerRow: number, chunkBytes = 1 << 20): Promise<number> {
  let record = 0;
  let rows = 0;
  let quoted = false;
  let content = false;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    const end = chunk.length;
    let i = 0;
    // A UTF-8 byte-order mark is not content.
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    first = false;
    // The next quote and line break at or after i (end: none in this chunk), found again once passed.
    let quote = -1;
    let lf = -1;
    while (i < end) {
      if (quote < i) {
        quote = chunk.indexOf(QUOTE, i);
        if (quote < 0) quote = end;
      }
      if (quoted) {
        content ||= anyContent(chunk, i, quote);
        if (quote === end) break;
        quoted = false;
        i = quote + 1;
        continue;
      }
      if (lf < i) {
        lf = chunk.indexOf(LF, i);
        if (lf < 0) lf = end;
      }
      const stop = Math.min(quote, lf);
      content ||= anyContent(chunk, i, stop);
      if (stop === end) break;
      i = stop + 1;
      if (stop === quote) quoted = true;
      else {
        record += 1;
        if (content && record > headerRow) rows += 1;
        content = false;
      }
    }
  }
  if (content && record + 1 > headerRow) rows += 1;
  return rows;
}

async function* oneByOne(rows: AsyncGenerator<FileRow>): AsyncGenerator<FileRow[]> {
  for await (const row of rows) yield [row];
}

async function* flat(batches: AsyncGenerator<FileRow[]>): AsyncGenerator<FileRow> {
  for await (const batch of batches) yield* batch;
}

/** Every row of the file, in order, in batches (an .xlsx row by row). */
export function fileBatches(path: string, format: ImportFormat): AsyncGenerator<FileRow[]> {
  return format === 'xlsx' ? oneByOne(readXlsxRows(path)) : csvBatches(path);
}

/** Every row of the file, in order. */
export function fileRows(path: string, format: ImportFormat): AsyncGenerator<FileRow> {
  return format === 'xlsx' ? readXlsxRows(path) : flat(csvBatches(path));
}

/** The rows below the header row, in batches. */
export async function* dataBatches(path: string, format: ImportFormat, headerRow: number): AsyncGenerator<FileRow[]> {
  for await (const batch of fileBatches(path, format)) {
    const below = (batch[0]?.rowNo ?? 0) > headerRow ? batch : batch.filter((row) => row.rowNo > headerRow);
    if (below.length > 0) yield below;
  }
}

/** The rows below the header row. */
export function dataRows(path: string, format: ImportFormat, headerRow: number): AsyncGenerator<FileRow> {
  return flat(dataBatches(path, format, headerRow));
}

/** Why a whole file is refused. */
export interface FileProblem {
  ok: false;
  code: FindingCode;
  params: Record<string, string>;
}

/** Where the header row is and which template column each file column holds (null: ignored). */
export interface HeaderMap {
  headerRow: number;
  columns: (ColumnKey | null)[];
}

const HEADER_SEARCH_ROWS = 10;

/** Finds and checks the header row among the first rows; wrong or missing headers fail the file. */
export async function readHeader(rows: AsyncIterator<FileRow>): Promise<{ ok: true; header: HeaderMap } | FileProblem> {
  for (let i = 0; i < HEADER_SEARCH_ROWS; i += 1) {
    const next = await rows.next();
    if (next.done) break;
    const texts = next.value.values.map((v) => rawCell(v).text);
    const keys = texts.map((t) => (t === '' ? null : columnOfHeader(t)));
    if (keys.filter((k) => k).length < 3) continue;
    const seen = new Set<ColumnKey>();
    for (const [j, k] of keys.entries()) {
      if (!k) continue;
      if (seen.has(k)) return { ok: false, code: 'import.file.duplicateHeader', params: { column: texts[j] ?? k } };
      seen.add(k);
    }
    const missing = COLUMNS.filter((c) => !seen.has(c.key)).map((c) => c.header);
    const unknown = texts.filter((t, j) => t !== '' && keys[j] === undefined);
    if (missing.length || unknown.length) {
      return {
        ok: false,
        code: 'import.file.headers',
        params: { missing: missing.join('、') || '无', unknown: unknown.join('、') || '无' },
      };
    }
    return { ok: true, header: { headerRow: next.value.rowNo, columns: keys.map((k) => k ?? null) } };
  }
  return { ok: false, code: 'import.file.noHeader', params: {} };
}

const BLANK: RawCell = { text: '', numeric: false };
/** Every template column blank: a row's cells start as a copy of it (one object shape for all rows). */
const BLANK_ROW = Object.fromEntries(COLUMNS.map((c) => [c.key, BLANK])) as Readonly<Record<ColumnKey, RawCell>>;

/** A data row by template column; undefined when every cell is blank. */
export function toSheetRow(row: FileRow, header: HeaderMap): SheetRow | undefined {
  const cells: Record<ColumnKey, RawCell> = { ...BLANK_ROW };
  let filled = false;
  const { columns } = header;
  for (let i = 0; i < columns.length; i += 1) {
    const key = columns[i];
    if (!key) continue;
    const value = row.values[i];
    if (value === undefined || value === '') continue;
    const cell = rawCell(value);
    if (cell.text !== '') filled = true;
    cells[key] = cell;
  }
  return filled ? { rowNo: row.rowNo, cells } : undefined;
}

/**
 * Rows a cursor parses ahead of the step reading it (and the rest of the batch that reaches it);
 * the CSV worker parses a few batches more in its own thread. Rows held here outlive the young
 * generation's collections and are copied to the old one: reading a 580,000-row file through a
 * cursor took 5.5 s with 8,192 rows ahead, 3.8 s with 2,048.
 */
export const READ_AHEAD = 2048;

/**
 * A position in the data rows of a file that can be peeked at and advanced. It survives between
 * job steps (see acquireCursor), so a file is parsed once however many steps read it. It parses
 * up to READ_AHEAD rows ahead whenever the process would otherwise wait (for the database, as a
 * step stages its chunk), so reading the file overlaps with writing the rows before. A file that
 * fails part-way gives its good rows first and the error where it happened.
 */
export class RowCursor {
  position = 0;
  private buffer: FileRow[] = [];
  private start = 0;
  private ended = false;
  private closed = false;
  private failure: { error: unknown } | undefined;
  private pumping: Promise<void> | undefined;
  lastUsed = Date.now();

  constructor(private readonly batches: AsyncGenerator<FileRow[]>) {}

  private get buffered(): number {
    return this.buffer.length - this.start;
  }

  private pump(): Promise<void> {
    this.pumping ??= (async () => {
      try {
        while (!this.ended && !this.closed && this.buffered < READ_AHEAD) {
          const next = await this.batches.next();
          if (next.done) this.ended = true;
          else for (const row of next.value) this.buffer.push(row);
        }
      } catch (error) {
        this.failure = { error };
        this.ended = true;
      } finally {
        this.pumping = undefined;
      }
    })();
    return this.pumping;
  }

  async peek(): Promise<FileRow | undefined> {
    while (this.buffered === 0 && !this.ended) await this.pump();
    if (this.buffered === 0) {
      if (this.failure) throw this.failure.error;
      return undefined;
    }
    return this.buffer[this.start];
  }

  /** Consumes the row last peeked at. */
  take(): void {
    if (this.buffered === 0) return;
    this.start += 1;
    this.position += 1;
    if (this.start >= READ_AHEAD) {
      this.buffer = this.buffer.slice(this.start);
      this.start = 0;
    }
    if (!this.ended && !this.pumping && this.buffered < READ_AHEAD) void this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pumping;
    await this.batches.return(undefined);
  }
}

const cursors = new Map<string, RowCursor>();
const IDLE_MS = 10 * 60 * 1000;

/**
 * The data rows of a file from `position` on: the cursor left by the previous step when this
 * process still has it there, else the file re-read and skipped forward (after a restart).
 */
export async function acquireCursor(
  key: string,
  position: number,
  open: () => Promise<AsyncGenerator<FileRow[]>>,
): Promise<RowCursor> {
  for (const [k, c] of cursors) {
    if (Date.now() - c.lastUsed > IDLE_MS) {
      cursors.delete(k);
      await c.close();
    }
  }
  const cached = cursors.get(key);
  if (cached && cached.position === position) {
    cached.lastUsed = Date.now();
    return cached;
  }
  if (cached) await cached.close();
  const cursor = new RowCursor(await open());
  while (cursor.position < position && (await cursor.peek())) cursor.take();
  cursors.set(key, cursor);
  return cursor;
}

/** Closes and forgets a cursor (the job is over). */
export async function releaseCursor(key: string): Promise<void> {
  const cursor = cursors.get(key);
  cursors.delete(key);
  await cursor?.close();
}
