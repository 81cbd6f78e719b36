// What every spreadsheet import shows of itself (registry households, assistance pairings): the
// server's presenters build these views, the web app reads them.

/** How an import treats bad rows: 全部成功才导入 (`all`: write nothing) or 只导入正确的行 (`good`: skip them). */
export type ImportMode = 'all' | 'good';
export type ImportFormat = 'xlsx' | 'csv';
/** Where an import's record stands. */
export type ImportStatus = 'queued' | 'checking' | 'applying' | 'completed' | 'rejected';

/** The part of an import's view every import shows; a job that failed or was cancelled names the status. */
export interface ImportRecordView<Format extends string, Mode extends string, Status extends string> {
  id: string;
  fileName: string;
  format: Format;
  mode: Mode;
  status: Status | 'failed' | 'cancelled';
  regionCode: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  jobId: string | null;
  progress: { done: number; total: number | null };
}
