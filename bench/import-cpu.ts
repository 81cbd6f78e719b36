// The import's JavaScript per row, without a database: how long this thread takes to turn a CSV's
// rows into the registry writer's statements. A full import run (bench/import.ts) shares two cores
// with PostgreSQL and varies by ±20% from one hour to the next; these parts are timed alone, each
// several times over the same rows, so that a change to one of them can be measured.
//
//   npx tsx bench/import-cpu.ts --csv FILE [--rows 200000] [--rounds 5]
//
// FILE is a CSV in the import template (bench/import.ts --keep leaves one). The parts, in the order
// the import runs them: records → sheet rows (toSheetRow), households gathered (groupKeyOf),
// parsed and checked (parseHousehold), and the good ones built into the writer's batch statements
// (batchStatement: the rows of every table as binary array parameters). Printed: the median of
// the rounds per part, in milliseconds and in microseconds per row, and the heap allocated.
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parseArgs } from 'node:util';
import { chinaDate } from '@fupin/domain';
import { CsvRecords } from '../apps/server/src/modules/registry/transfer/csvRecords.mjs';
import { BATCH_ROWS, groupKeyOf } from '../apps/server/src/modules/registry/transfer/importJob.js';
import type { ImportRecord } from '../apps/server/src/modules/registry/transfer/importService.js';
import { parseHousehold, type SheetRow } from '../apps/server/src/modules/registry/transfer/parse.js';
import { readHeader, toSheetRow, type FileRow } from '../apps/server/src/modules/registry/transfer/reader.js';
import { batchStatement, type WritableHousehold } from '../apps/server/src/modules/registry/transfer/writer.js';

const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    rows: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
  },
});
if (!values.csv) throw new Error('--csv FILE: a CSV in the import template (bench/import.ts --keep leaves one)');
const wanted = Number(values.rows);
const rounds = Number(values.rounds);

async function readRecords(path: string, limit: number): Promise<FileRow[]> {
  const csv = new CsvRecords();
  const decoder = new TextDecoder('utf-8');
  const rows: FileRow[] = [];
  const input = createReadStream(path, { highWaterMark: 1 << 18 });
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (const values of csv.push(decoder.decode(chunk, { stream: true })))
      rows.push({ rowNo: rows.length + 1, values });
    if (rows.length > limit) break;
  }
  input.destroy();
  return rows.slice(0, limit + 1);
}

function time<T>(label: string, rows: number, work: () => T): T {
  const ms: number[] = [];
  const heap: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < rounds; i += 1) {
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    result = work();
    ms.push(performance.now() - start);
    heap.push(process.memoryUsage().heapUsed - before);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(22)} ${median.toFixed(0).padStart(7)} ms  ${((median * 1000) / rows).toFixed(2).padStart(7)} µs/row  (rounds: ${ms.map((m) => m.toFixed(0)).join(' ')})`,
  );
  return result as T;
}

async function main(): Promise<void> {
  const records = await readRecords(values.csv ?? '', wanted);
  async function* once(): AsyncGenerator<FileRow> {
    yield* records;
  }
  const found = await readHeader(once());
  if (!found.ok) throw new Error(`the file's header: ${found.code}`);
  const { header } = found;
  const data = records.filter((r) => r.rowNo > header.headerRow);
  console.log(`${data.length} rows of ${values.csv}, ${rounds} rounds each`);

  const sheet = time('toSheetRow', data.length, () =>
    data.map((r) => toSheetRow(r, header)).filter((r): r is SheetRow => r !== undefined),
  );
  const groups = time('groupKeyOf', sheet.length, () => {
    const out: SheetRow[][] = [];
    let lastKey: string | null = null;
    let blockSeq = 0;
    for (const row of sheet) {
      const next = groupKeyOf(row, lastKey, blockSeq);
      if (next.key !== lastKey) out.push([]);
      out.at(-1)?.push(row);
      ({ blockSeq } = next);
      lastKey = next.key;
    }
    return out;
  });
  const asOf = chinaDate(new Date());
  const parsed = time('parseHousehold', sheet.length, () => groups.map((rows) => parseHousehold(rows, asOf)));

  const imp = { id: '1', region_code: '42' } as unknown as ImportRecord;
  const good: WritableHousehold[] = [];
  parsed.forEach((p, i) => {
    const rows = groups[i] ?? [];
    if (!p.findings.some((f) => f.severity === 'error'))
      good.push({
        household: { groupKey: `g${i}`, rows, parsed: p, outcome: 'good', matchedKey: null },
        id: String(1000 + i),
        ids: [],
        idRows: [],
      });
  });
  const batches: WritableHousehold[][] = [];
  let rowsInBatch = 0;
  for (const h of good) {
    if (rowsInBatch === 0) batches.push([]);
    batches.at(-1)?.push(h);
    rowsInBatch += h.household.rows.length;
    if (rowsInBatch >= BATCH_ROWS) rowsInBatch = 0;
  }
  const goodRows = good.reduce((n, h) => n + h.household.rows.length, 0);
  time('batchStatement', goodRows, () => batches.map((b) => batchStatement(imp, b)));
}

await main();
