// Parses a CSV in a worker thread (reader.ts csvRows), so that decoding and splitting the file's
// records run beside the import's checks instead of before them on the one JavaScript thread.
// Plain JavaScript: a worker does not inherit the TypeScript loader the server runs under.
//
// workerData: { path, encoding }. Posts { rows: string[][] } batches in file order, then
// { done: true } or { error: message } where the file stopped parsing. It posts a batch only
// while it holds credit: the reader grants one credit per batch it has taken ({ credit: n }), so
// memory stays bounded whatever the size of the file.
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { parse } from 'csv-parse';

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

function decoder() {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk, _enc, done) {
      done(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, textDecoder.decode());
    },
  });
}

async function post(rows) {
  while (credit <= 0) await new Promise((r) => (resume = r));
  credit -= 1;
  parentPort.postMessage({ rows });
}

const input = createReadStream(path, { highWaterMark: 1 << 18 });
const parser = pipeline(
  input,
  decoder(),
  parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }),
  () => undefined,
);
let rows = [];
try {
  for await (const record of parser) {
    rows.push(record);
    if (rows.length >= BATCH) {
      await post(rows);
      rows = [];
    }
  }
  if (rows.length) await post(rows);
  parentPort.postMessage({ done: true });
} catch (error) {
  if (rows.length) await post(rows);
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  input.destroy();
  parser.destroy();
}
// The reader terminates this worker when it has what it needs.
