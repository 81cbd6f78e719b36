// The Node side of a registry import with no database: how long reading a CSV takes when nothing
// waits on PostgreSQL. It runs the import's own code three times over the same file, each pass
// doing more:
//   1. rows     — the CSV parsed in its worker thread and each record turned into template cells;
//   2. rules    — the same, grouped into households and checked by the registry rules;
//   3. records  — the same, plus each household's registry rows and its history record as JSON text,
//                 which is what any design has to hand to the database.
// Compare pass 3 with the import's reading phase and with the raw COPY that bench/import.ts reports
// for the same file: what is left over is the cost of talking to the database.
//
//   npx tsx bench/import-floor.ts --csv /tmp/fupin-bench-import/registry-<tag>.csv
//   (the file a `npx tsx bench/import.ts --scale S --seed 42 --keep` run leaves behind)
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chinaDate } from '@fupin/domain';
import { householdRows } from '../apps/server/src/modules/registry/create.js';
import { groupKeyOf } from '../apps/server/src/modules/registry/transfer/importJob.js';
import { parseHousehold, type SheetRow } from '../apps/server/src/modules/registry/transfer/parse.js';
import { dataRows, fileRows, readHeader, toSheetRow } from '../apps/server/src/modules/registry/transfer/reader.js';

const { values } = parseArgs({ options: { csv: { type: 'string' } } });
if (!values.csv) throw new Error('usage: npx tsx bench/import-floor.ts --csv FILE');
const file = values.csv;

type Pass = 'rows' | 'rules' | 'records';

async function run(pass: Pass) {
  const header = await (async () => {
    const rows = fileRows(file, 'csv');
    try {
      const found = await readHeader(rows);
      if (!found.ok) throw new Error(`${file}: ${found.code}`);
      return found.header;
    } finally {
      await rows.return(undefined);
    }
  })();
  const asOf = chinaDate(new Date());
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  let households = 0;
  let jsonChars = 0;
  let findings = 0;
  let current: SheetRow[] = [];
  let lastKey: string | null = null;
  let blockSeq = 0;
  const finish = () => {
    if (current.length === 0) return;
    households += 1;
    if (pass !== 'rows') {
      const parsed = parseHousehold(current, asOf);
      findings += parsed.findings.length;
      if (pass === 'records') {
        const registry = householdRows(parsed.write, '', '', '');
        jsonChars += JSON.stringify(parsed.write).length + JSON.stringify(registry).length;
      }
    }
    current = [];
  };
  for await (const raw of dataRows(file, 'csv', header.headerRow)) {
    const row = toSheetRow(raw, header);
    if (!row) continue;
    rows += 1;
    const next = groupKeyOf(row, lastKey, blockSeq);
    if (next.key !== lastKey) finish();
    ({ blockSeq } = next);
    lastKey = next.key;
    current.push(row);
  }
  finish();
  const used = process.cpuUsage(cpu);
  return {
    pass,
    rows,
    households,
    findings,
    'JSON (million characters)': Number((jsonChars / 1e6).toFixed(1)),
    'wall (s)': Number(((performance.now() - started) / 1000).toFixed(1)),
    // Both threads: this one and the CSV worker.
    'CPU (s)': Number(((used.user + used.system) / 1e6).toFixed(1)),
  };
}

const results = [];
for (const pass of ['rows', 'rules', 'records'] as const) results.push(await run(pass));
console.table(results);
