import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countCsvDataRows, fileRows, READ_AHEAD, RowCursor, type FileRow } from './reader.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function csv(bytes: Buffer | string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fupin-csv-'));
  dirs.push(dir);
  const file = path.join(dir, 'rows.csv');
  await writeFile(file, bytes);
  return file;
}

/** The data rows below the header as the parser sees them: rows with any non-blank cell. */
async function parsedDataRows(file: string, headerRow: number): Promise<number> {
  let n = 0;
  for await (const row of fileRows(file, 'csv')) {
    if (row.rowNo > headerRow && row.values.some((v) => String(v ?? '').trim() !== '')) n += 1;
  }
  return n;
}

describe('countCsvDataRows', () => {
  it('counts the records below the header from the bytes, as the parser counts non-blank rows', async () => {
    const text = [
      '扶贫对象信息表,,', // a title row above the header
      '姓名,证件号码,备注',
      '张三,420222197003010312,"住房: ""C级"""',
      ',,', // blank: separators only
      '李四,420222197003010313,"两行',
      '备注"', // a line break inside a quoted cell is not a record
      '"",  ,', // blank: empty quotes and spaces
      '王五,420222197003010314,', // the last record has no line break
    ].join('\r\n');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    for (const file of [await csv(text), await csv(withBom)]) {
      expect(await countCsvDataRows(file, 2)).toBe(3);
      expect(await parsedDataRows(file, 2)).toBe(3);
    }
  });

  it('reads GB18030 bytes (Excel 中文 CSV) without mistaking a character for a separator', async () => {
    // 姓名,户主 / 张三,之子 in GB18030.
    const bytes = Buffer.from([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xbb, 0xa7, 0xd6, 0xf7, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0xd6, 0xae, 0xd7, 0xd3,
      0x0a, 0x2c, 0x0a,
    ]);
    const file = await csv(bytes);
    expect(await countCsvDataRows(file, 1)).toBe(1);
    expect(await parsedDataRows(file, 1)).toBe(1);
  });

  it('counts nothing in a file that is only a header', async () => {
    expect(await countCsvDataRows(await csv('姓名,证件号码\n'), 1)).toBe(0);
    expect(await countCsvDataRows(await csv('姓名,证件号码'), 1)).toBe(0);
  });

  it('counts as the byte-by-byte rule does, whatever falls on the edge of a chunk', async () => {
    // The rule, one byte at a time: a quote toggles, a line break outside quotes ends a record, and
    // any byte but a separator (a line break inside quotes included) is content.
    function byByte(bytes: Buffer, headerRow: number): number {
      let record = 0;
      let rows = 0;
      let quoted = false;
      let content = false;
      for (const b of bytes) {
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a && !quoted) {
          record += 1;
          if (content && record > headerRow) rows += 1;
          content = false;
        } else if (b !== 0x2c && b !== 0x0d && b !== 0x20 && b !== 0x09) content = true;
      }
      return content && record + 1 > headerRow ? rows + 1 : rows;
    }
    // Small pieces, blank records and quoted line breaks, in a seeded order.
    const pieces = ['张三', ',', '"', '""', '\n', '\r\n', ' ', '\t', 'a', '"x\ny"', ',,', '"",'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let file = 0; file < 30; file += 1) {
      let text = '';
      for (let k = 0; k < 200; k += 1) text += pieces[next(pieces.length)];
      const bytes = Buffer.from(text);
      const path = await csv(bytes);
      const headerRow = next(3);
      for (const chunkBytes of [3, 7, 64, 1 << 20])
        expect(await countCsvDataRows(path, headerRow, chunkBytes)).toBe(byByte(bytes, headerRow));
    }
  });
});

describe('fileRows (CSV, parsed in a worker thread)', () => {
  it('gives every record in order across the worker batches, Chinese text and quoted line breaks intact', async () => {
    const lines = ['姓名,备注'];
    for (let i = 1; i <= 1234; i += 1) lines.push(i % 100 === 0 ? `张${i},"两行\n备注${i}"` : `张${i},备注${i}`);
    const seen: FileRow[] = [];
    for await (const row of fileRows(await csv(lines.join('\n')), 'csv')) seen.push(row);
    expect(seen).toHaveLength(1235);
    expect(seen.map((r) => r.rowNo)).toEqual(Array.from({ length: 1235 }, (_v, i) => i + 1));
    expect(seen[0]?.values).toEqual(['姓名', '备注']);
    expect(seen[100]?.values).toEqual(['张100', '两行\n备注100']);
    expect(seen[1234]?.values).toEqual(['张1234', '备注1234']);
  });

  it('gives the records before a parse error, then the error', async () => {
    const lines = ['姓名,备注'];
    for (let i = 1; i <= 1200; i += 1) lines.push(`张${i},备注${i}`);
    lines.push('王五,"没有结束的引号');
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const row of fileRows(await csv(lines.join('\n')), 'csv')) seen.push(row.rowNo);
      })(),
    ).rejects.toThrow(/quote/i);
    expect(seen).toEqual(Array.from({ length: 1201 }, (_v, i) => i + 1));
  });

  it('stops the worker when the reader stops early', async () => {
    const lines = ['姓名,备注'];
    for (let i = 1; i <= 50_000; i += 1) lines.push(`张${i},备注${i}`);
    const rows = fileRows(await csv(lines.join('\n')), 'csv');
    expect((await rows.next()).value?.values).toEqual(['姓名', '备注']);
    await rows.return(undefined);
    expect((await rows.next()).done).toBe(true);
  });
});

describe('RowCursor', () => {
  let pulled = 0;
  async function* rows(n: number, failAt?: number): AsyncGenerator<FileRow[]> {
    for (let i = 1; i <= n; i += 1) {
      pulled = i;
      if (i === failAt) throw new Error(`unreadable at ${i}`);
      await Promise.resolve();
      yield [{ rowNo: i, values: [String(i)] }];
    }
  }

  /** Takes every row the cursor gives, noting its number in `seen`, until the end or a failure. */
  async function takeAll(cursor: RowCursor, seen: number[]): Promise<void> {
    for (let row = await cursor.peek(); row; row = await cursor.peek()) {
      seen.push(row.rowNo);
      cursor.take();
    }
  }

  it('parses ahead while the reader waits, and gives every row once, in order', async () => {
    const cursor = new RowCursor(rows(20_000));
    await cursor.peek();
    await new Promise((r) => setTimeout(r, 20));
    // One row asked for; while the caller waited, a read-ahead's worth was parsed (and no more).
    expect(pulled).toBe(READ_AHEAD);
    const seen: number[] = [];
    for (let row = await cursor.peek(); row; row = await cursor.peek()) {
      expect(await cursor.peek()).toBe(row); // peeking again does not advance
      seen.push(row.rowNo);
      cursor.take();
      // A step waiting for the database: the cursor reads on meanwhile.
      if (seen.length % 5000 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toEqual(Array.from({ length: 20_000 }, (_v, i) => i + 1));
    expect(cursor.position).toBe(20_000);
    await cursor.close();
  });

  it('takes the batches a file is read in apart, row by row, across their ends', async () => {
    async function* batches(): AsyncGenerator<FileRow[]> {
      for (let start = 1; start <= 100; start += 7) {
        await Promise.resolve();
        yield Array.from({ length: Math.min(7, 101 - start) }, (_v, i) => ({ rowNo: start + i, values: [] }));
        if (start + 7 > 50) throw new Error('unreadable after row 56');
      }
    }
    const cursor = new RowCursor(batches());
    const seen: number[] = [];
    await expect(takeAll(cursor, seen)).rejects.toThrow('unreadable after row 56');
    // Every row of the batches before the failure, once each, in order.
    expect(seen).toEqual(Array.from({ length: 56 }, (_v, i) => i + 1));
    expect(cursor.position).toBe(56);
    await cursor.close();
  });

  it('gives the rows before a failure, then the failure where it happened', async () => {
    const cursor = new RowCursor(rows(100, 42));
    const seen: number[] = [];
    await expect(takeAll(cursor, seen)).rejects.toThrow('unreadable at 42');
    expect(seen).toEqual(Array.from({ length: 41 }, (_v, i) => i + 1));
    await cursor.close();
  });
});
