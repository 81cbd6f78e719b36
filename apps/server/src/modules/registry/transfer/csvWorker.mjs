// Parses a CSV in a worker thread (reader.ts csvRows), so that decoding and splitting the file's
// records (csvRecords.mjs: as csv-parse reads them) run beside the import's checks instead of
// before them on the one JavaScript thread.
// Plain JavaScript: a worker does not inherit the TypeScript loader the server runs under.
//
// workerData: { path, encoding }. Posts { rows: string[][] } batches in file order, then
// { done: true } or { error: message } where the file stopped parsing. It posts a batch only
// while it holds credit: the reader grants one credit per batch it has taken ({ credit: n }), so
// memory stays bounded whatever the size of the file.
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { CsvRecords } from './csvRecords.mjs';

const BATCH = 500;
const { path, encoding } = workerData;
let credit = 0;
let resume;

parentPort.on('message', (message) => {
  credit += message.credit ?? 0;
  if (credit > 0 && resume) {
    const r = resume;
    resume = undefined;
    r();
  }
});

async function post(rows) {
  while (credit <= 0) await new Promise((r) => (resume = r));
  credit -= 1;
  parentPort.postMessage({ rows });
}

/** Posts `records` in batches, keeping the last part-batch in `rows`. */
async function add(records) {
  for (const record of records) {
    rows.push(record);
    if (rows.length >= BATCH) {
      await post(rows);
      rows = [];
    }
  }
}

const input = createReadStream(path, { highWaterMark: 1 << 18 });
const decoder = new TextDecoder(encoding);
const csv = new CsvRecords();
let rows = [];
try {
  for await (const chunk of input) {
    await add(csv.push(decoder.decode(chunk, { stream: true })));
    if (csv.failure) break;
  }
  if (!csv.failure) await add([...csv.push(decoder.decode()), ...csv.end()]);
  if (rows.length) await post(rows);
  parentPort.postMessage(csv.failure ? { error: csv.failure.message } : { done: true });
} catch (error) {
  if (rows.length) await post(rows);
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  input.destroy();
}
// The reader terminates this worker when it has what it needs.
