import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

// A streaming reader for the first worksheet of an .xlsx file. exceljs' streaming reader (4.4)
// decodes each decompressed chunk on its own, so a Chinese character split across two chunks
// comes out as U+FFFD — in a registry of Chinese names that corrupts real rows. This reader finds
// the parts through the zip's central directory (the file is on local disk), inflates them with
// zlib, decodes UTF-8 across chunk boundaries, and scans one <row> at a time, so memory holds the
// shared strings and one row, whatever the sheet's size.

interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;

async function centralDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new Error('not a zip file (no end of central directory)');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset === 0xffffffff && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const record = Buffer.alloc(56);
      await file.read(record, 0, 56, Number(tail.readBigUInt64LE(at - 12)));
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL; n += 1) {
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      let compressedSize = cd.readUInt32LE(p + 20);
      const uncompressedSize = cd.readUInt32LE(p + 24);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      // Zip64 sizes and offsets live in extra field 0x0001, in this order, when the 32-bit ones are full.
      for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
        const id = cd.readUInt16LE(e);
        const length = cd.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff) q += 8;
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + length;
      }
      entries.set(name.replace(/^\//, ''), { method: cd.readUInt16LE(p + 10), compressedSize, localHeaderOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** The text of one zip entry as a stream of correctly decoded strings. */
async function entryText(path: string, entry: ZipEntry): Promise<Readable> {
  const file = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await file.read(header, 0, 30, entry.localHeaderOffset);
  } finally {
    await file.close();
  }
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = createReadStream(path, { start, end: Math.max(start, start + entry.compressedSize - 1) });
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`unsupported zip compression method ${entry.method}`);
  const out = entry.method === 8 ? pipeline(raw, createInflateRaw(), () => undefined) : raw;
  out.setEncoding('utf8');
  return out;
}

// Limits against damaged or hostile files (a small zip can inflate to gigabytes): the parts read
// whole, one XML element, and all shared strings together. A real registry sheet is far below them.
const MAX_PART_CHARS = 16 * 1024 * 1024;
const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;
const MAX_SHARED_CHARS = 256 * 1024 * 1024;

async function wholeText(path: string, entry: ZipEntry | undefined): Promise<string> {
  if (!entry) return '';
  let text = '';
  for await (const chunk of await entryText(path, entry)) {
    text += String(chunk);
    if (text.length > MAX_PART_CHARS) throw new Error('a workbook part is too large');
  }
  return text;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then the _xHHHH_ escapes OOXML uses for control characters. */
function decodeXml(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? whole;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_w, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The visible text of an <si> or <is>: every <t>, leaving out phonetic runs (<rPh>). */
function runText(xml: string): string {
  const visible = xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  let text = '';
  for (const m of visible.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) text += m[1] ?? '';
  return decodeXml(text);
}

/** Every complete `<name …>…</name>` element of a streamed document, in order, pulled as needed. */
async function* elements(source: Readable, name: string): AsyncGenerator<string> {
  const opening = new RegExp(`<((?:\\w+:)?)${name}\\b[^>]*?(/?)>`, 'g');
  let buffer = '';
  for await (const chunk of source) {
    buffer += String(chunk);
    let consumed = 0;
    let pending = -1;
    for (;;) {
      opening.lastIndex = consumed;
      const m = opening.exec(buffer);
      if (!m) break;
      if (m[2] === '/') {
        consumed = opening.lastIndex;
        yield m[0];
        continue;
      }
      const close = `</${m[1] ?? ''}${name}>`;
      const end = buffer.indexOf(close, opening.lastIndex);
      if (end < 0) {
        pending = m.index;
        break;
      }
      consumed = end + close.length;
      yield buffer.slice(m.index, consumed);
    }
    // Keep an unfinished element, or else what may be the start of a tag cut by the chunk.
    const lastTag = buffer.lastIndexOf('<');
    buffer = pending >= 0 ? buffer.slice(pending) : lastTag >= consumed ? buffer.slice(lastTag) : '';
    if (buffer.length > MAX_ELEMENT_CHARS) throw new Error(`a <${name}> element is too large`);
  }
}

// Built-in number formats that show dates (including the 中文 locale's 27–36 and 50–58).
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(bare) || /年|月|日/.test(code);
}

/** For each cell style index, whether it formats numbers as dates. */
function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId'));
    custom.set(id, decodeXml(attribute(m[0], 'formatCode') ?? ''));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].map((m) => {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code === undefined ? DATE_FORMAT_IDS.has(id) : isDateFormat(code);
  });
}

function columnIndex(ref: string | undefined, fallback: number): number {
  const letters = ref ? /^[A-Z]+/i.exec(ref)?.[0] : undefined;
  if (!letters) return fallback;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A row of the first worksheet: its number and its cell values (strings, numbers, booleans, dates). */
export interface XlsxRow {
  rowNo: number;
  values: unknown[];
}

/** The rows of the first worksheet of an .xlsx file, streamed. */
export async function* readXlsxRows(path: string): AsyncGenerator<XlsxRow> {
  const entries = await centralDirectory(path);
  const workbook = await wholeText(path, entries.get('xl/workbook.xml'));
  const rels = await wholeText(path, entries.get('xl/_rels/workbook.xml.rels'));
  const firstSheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const relId = firstSheet ? (attribute(firstSheet, 'r:id') ?? attribute(firstSheet, 'id')) : undefined;
  const rel = [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].find((m) => attribute(m[0], 'Id') === relId)?.[0];
  const target = rel ? (attribute(rel, 'Target') ?? '') : 'worksheets/sheet1.xml';
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = entries.get(sheetPath);
  if (!sheet) throw new Error('the workbook has no worksheet');
  const date1904 = /date1904="(1|true)"/.test(workbook);
  const dates = dateStyles(await wholeText(path, entries.get('xl/styles.xml')));
  const shared: string[] = [];
  const strings = entries.get('xl/sharedStrings.xml');
  let sharedChars = 0;
  if (strings) {
    for await (const xml of elements(await entryText(path, strings), 'si')) {
      const text = runText(xml);
      sharedChars += text.length;
      if (sharedChars > MAX_SHARED_CHARS) throw new Error('the shared strings are too large');
      shared.push(text);
    }
  }

  const source = await entryText(path, sheet);
  let lastRow = 0;
  try {
    for await (const xml of elements(source, 'row')) {
      const row = parseRow(xml, lastRow + 1, shared, dates, date1904);
      lastRow = row.rowNo;
      yield row;
    }
  } finally {
    source.destroy();
  }
}

function parseRow(xml: string, nextRowNo: number, shared: string[], dates: boolean[], date1904: boolean): XlsxRow {
  const tag = /^<[^>]*>/.exec(xml)?.[0] ?? '';
  const rowNo = Number(attribute(tag, 'r') ?? nextRowNo);
  const values: unknown[] = [];
  let column = -1;
  for (const m of xml.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
    const attrs = m[1] ?? '';
    column = columnIndex(attribute(attrs, 'r'), column + 1);
    const body = m[2] ?? '';
    const type = attribute(attrs, 't') ?? 'n';
    const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
    if (type === 'inlineStr') values[column] = runText(body);
    else if (v === undefined) continue;
    else if (type === 's') values[column] = shared[Number(v)] ?? '';
    else if (type === 'b') values[column] = v === '1' || v === 'true';
    else if (type === 'str' || type === 'e' || type === 'd') values[column] = decodeXml(v);
    else {
      const n = Number(v);
      const epoch = date1904 ? EXCEL_EPOCH + 1462 * 86_400_000 : EXCEL_EPOCH;
      const isDate = dates[Number(attribute(attrs, 's') ?? 0)] === true && Number.isFinite(n);
      values[column] = isDate ? new Date(epoch + Math.round(n * 86_400) * 1000) : n;
    }
  }
  return { rowNo, values };
}
