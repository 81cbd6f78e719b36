/** The records of a CSV's text as csv-parse reads them (csvRecords.mjs). */
export class CsvRecords {
  /** csv-parse's error where the file stopped parsing; no records follow it. */
  failure: Error | undefined;
  /** Adds decoded text; returns the records now complete. */
  push(chunk: string): string[][];
  /** The records left at the end of the text. */
  end(): string[][];
}
