// The records of a CSV's text as csv-parse reads them (relax_quotes, relax_column_count, empty
// lines kept), with a short cut for the common record: one that holds no quote is its line split
// on commas, which is what csv-parse makes of it. A record with a quote, and the first record
// (whose line break csv-parse takes as the file's record delimiter), are read by csv-parse
// itself, a few kilobytes at a time, so quoting follows csv-parse exactly. csv-parse alone took
// about 7 s of the CSV worker's CPU for a 95 MiB file (291,525 rows); see bench/RESULTS.md.
// Plain JavaScript, as the worker that uses it (csvWorker.mjs) is.
import { Buffer } from 'node:buffer';
import { Parser } from 'csv-parse';

const OPTIONS = { relax_quotes: true, relax_column_count: true, skip_empty_lines: false };
/** For a window: each record with its raw text, and the line (of the window) it ends on. */
const WINDOWED = { ...OPTIONS, raw: true, info: true };
/** Characters csv-parse reads at a time; grown while a record does not fit. */
const WINDOW = 8192;
/**
 * A record longer than this (an unclosed quote, most likely, which runs to the end of the file)
 * hands the rest of the file to one csv-parse parser: windows would read it again for each chunk.
 */
const LONGEST = 1 << 20;

/** Runs a csv-parse parser's core over `text` (undefined: the end): the records it gives, and its error. */
function run(api, text, final) {
  const records = [];
  const error = api.parse(
    text === undefined ? undefined : Buffer.from(text),
    final,
    (record) => records.push(record),
    () => undefined,
  );
  return { records, error };
}

export class CsvRecords {
  /** Text not yet made into records, from `pos`. */
  text = '';
  pos = 0;
  /** The record delimiter: undefined until the first record is read (and for a file of one record). */
  delimiter = undefined;
  /** Where the next quote at or after `pos` is: -1 none in `text`, -2 not looked for. */
  nextQuote = -2;
  /** Lines consumed (as csv-parse counts them), so that a csv-parse error names the file's line, not its window's. */
  lines = 0;
  /** Whether any text came yet (a byte-order mark can only be at its start). */
  started = false;
  /** The csv-parse parser that reads the rest of the file, once a record was too long for windows. */
  rest = undefined;
  /** csv-parse's error where the file stopped parsing (with the line it names in the file); no records follow it. */
  failure = undefined;

  /** Adds decoded text; returns the records now complete. */
  push(chunk) {
    if (this.failure) return [];
    if (this.rest) return this.restParse(chunk, false);
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not content
    }
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + text : text;
    this.pos = 0;
    this.nextQuote = -2;
    return this.take(false);
  }

  /** The records left at the end of the text. */
  end() {
    if (this.failure) return [];
    return this.rest ? this.restParse(undefined, true) : this.take(true);
  }

  take(final) {
    const records = [];
    try {
      while (this.pos < this.text.length && this.next(records, final));
    } catch (error) {
      this.failure = this.located(error);
    }
    return records;
  }

  /** Reads the record(s) at `pos` into `records`; false when more text is needed first. */
  next(records, final) {
    const { text, pos: start, delimiter } = this;
    if (delimiter === undefined) return this.parsed(records, final);
    if (this.nextQuote === -2 || (this.nextQuote !== -1 && this.nextQuote < start))
      this.nextQuote = text.indexOf('"', start);
    const end = text.indexOf(delimiter, start);
    if (end === -1 && !final) return false;
    const stop = end === -1 ? text.length : end;
    if (this.nextQuote !== -1 && this.nextQuote < stop) return this.parsed(records, final);
    records.push(text.slice(start, stop).split(','));
    this.pos = end === -1 ? text.length : end + delimiter.length;
    this.lines += 1;
    return true;
  }

  /**
   * Reads records at `pos` with csv-parse, from a window of the text: every record the window
   * holds but the last, which the window may cut short (at the end of the file, that one too).
   */
  parsed(records, final) {
    const { text, pos: start } = this;
    const options = this.delimiter === undefined ? WINDOWED : { ...WINDOWED, record_delimiter: this.delimiter };
    for (let size = WINDOW; ; size *= 4) {
      if (size > LONGEST) {
        records.push(...this.handOver(final));
        return false;
      }
      const stop = Math.min(text.length, start + size);
      const whole = stop === text.length;
      const { records: got, error } = run(new Parser(options).api, text.slice(start, stop), true);
      // Before an error, every record is whole; without one, the last may be cut short by the window.
      const taken = error || (whole && final) ? got.length : got.length - 1;
      if (taken <= 0) {
        // An error cut off by the window (an open quote, say): read more. At the end of the file it is the file's.
        if (error && whole && final) throw error;
        if (whole) return false;
        continue;
      }
      let at = start;
      for (let i = 0; i < taken; i += 1) {
        const { record, raw } = got[i];
        // csv-parse's raw text of a record leaves out the LF of a CRLF that ends it.
        let end = at + raw.length;
        if (raw.endsWith('\r') && text.charCodeAt(end) === 10 && this.delimiter !== '\r') end += 1;
        if (this.delimiter === undefined) this.delimiter = this.delimiterOf(text.slice(at, end));
        records.push(record);
        at = end;
      }
      // Lines as csv-parse counts them, so that an error's line number is the one it would give.
      this.lines += got[taken - 1].info.lines;
      this.pos = at;
      return true;
    }
  }

  /** Reads the rest of the file with one csv-parse parser, from `pos`. */
  handOver(final) {
    const delimiter = this.delimiter === undefined ? {} : { record_delimiter: this.delimiter };
    this.rest = new Parser({ ...OPTIONS, ...delimiter }).api;
    const text = this.text.slice(this.pos);
    this.text = '';
    this.pos = 0;
    return this.restParse(text, final);
  }

  restParse(text, final) {
    const { records, error } = run(this.rest, text, final);
    if (error !== undefined) this.failure = this.located(error);
    return records;
  }

  /** The line break a record's text ends with: the file's record delimiter, as csv-parse finds it. */
  delimiterOf(record) {
    if (record.endsWith('\r\n')) return '\r\n';
    if (record.endsWith('\n')) return '\n';
    if (record.endsWith('\r')) return '\r';
    return undefined;
  }

  located(error) {
    if (!(error instanceof Error)) return new Error(String(error));
    const base = this.lines;
    error.message = error.message.replace(/at line (\d+)/, (_m, n) => `at line ${Number(n) + base}`);
    return error;
  }
}
