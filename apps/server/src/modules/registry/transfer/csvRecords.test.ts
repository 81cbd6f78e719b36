import { Parser } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { CsvRecords } from './csvRecords.mjs';

interface ParserCore {
  parse(input: Buffer, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/**
 * What one csv-parse parser makes of the whole text, with the options the import's CSV worker
 * used before: the records up to where the text stops parsing, and the error there.
 */
function reference(text: string): { records: string[][]; error?: string } {
  const parser = new Parser({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  // The parser's synchronous core, which its stream calls (csv-parse keeps it on `api`).
  const { api } = parser as unknown as { api: ParserCore };
  const records: string[][] = [];
  const error = api.parse(
    Buffer.from(text),
    true,
    (record: string[]) => records.push(record),
    () => undefined,
  );
  return error ? { records, error: error.message } : { records };
}

/** The text fed in pieces of the given sizes (cycled), as the worker feeds decoded chunks. */
function split(text: string, sizes: number[]): { records: string[][]; error?: string } {
  const csv = new CsvRecords();
  const records: string[][] = [];
  let at = 0;
  for (let i = 0; at < text.length; i += 1) {
    const size = sizes[i % sizes.length] ?? text.length;
    records.push(...csv.push(text.slice(at, at + size)));
    at += size;
  }
  records.push(...csv.end());
  return csv.failure ? { records, error: csv.failure.message } : { records };
}

/** A small seeded generator (mulberry32), so that a failing case can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CsvRecords (the CSV worker’s records)', () => {
  it('reads any text as csv-parse does, records and errors, whatever the pieces it comes in', () => {
    const next = random(20261207);
    // Mixed line breaks (a CR in a file of CRLFs, say) too: csv-parse then counts lines its own way,
    // so there only the records and whether the text parses are compared; with one kind of line
    // break, the error's message (its line number) is the same as well.
    const alphabets = [
      {
        pieces: ['张三', 'a', ' ', ',', ',', '"', '""', '\n', '\r\n', '\r', '4202', '"x,y"', '\uFEFF'],
        message: false,
      },
      { pieces: ['张三', 'a', ',', ',', '"', '""', '\n', '\n', '4202', '"x\ny"'], message: true },
    ];
    let quoted = 0;
    let failed = 0;
    for (const { pieces, message } of alphabets) {
      for (let n = 0; n < 800; n += 1) {
        const length = Math.floor(next() * 40);
        let text = '';
        for (let i = 0; i < length; i += 1) text += pieces[Math.floor(next() * pieces.length)];
        const want = reference(text);
        if (text.includes('"')) quoted += 1;
        if (want.error) failed += 1;
        const error = (e: string | undefined) => (message ? e : e !== undefined);
        for (const sizes of [[text.length || 1], [1], [3, 7, 2], [5]]) {
          const got = split(text, sizes);
          expect({ text, sizes, records: got.records, error: error(got.error) }).toEqual({
            text,
            sizes,
            records: want.records,
            error: error(want.error),
          });
        }
      }
    }
    // The cases cover what matters: quoted text and files that do not parse.
    expect(quoted).toBeGreaterThan(1000);
    expect(failed).toBeGreaterThan(150);
  });

  it('splits plain lines itself and names the file’s line where a quote is left open', () => {
    const lines = ['姓名,证件号码'];
    for (let i = 1; i <= 20_000; i += 1) lines.push(`张${i},42022219700301${String(i).padStart(4, '0')}`);
    lines.push('王五,"没有结束的引号');
    lines.push('李四,1');
    const text = `${lines.join('\r\n')}\r\n`;
    const got = split(text, [1 << 16]);
    expect(got.records).toHaveLength(20_001);
    expect(got.records[20_000]).toEqual(['张20000', '4202221970030120000']);
    expect(got.error).toMatch(/^Quote Not Closed/);
    expect(got.error).toBe(reference(text).error);
  });

  it('hands a record longer than its windows to one csv-parse parser, with the same records', () => {
    const long = `"${'长'.repeat(3_000_000)}\n${'x'.repeat(10)}"`;
    const text = `a,b\n${long},c\nd,e\n`;
    const got = split(text, [1 << 18]);
    expect(got.error).toBeUndefined();
    expect(got.records).toEqual(reference(text).records);
    expect(got.records).toHaveLength(3);
  });
});
