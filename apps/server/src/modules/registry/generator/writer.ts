// Writes generated rows batch by batch with COPY, in order, while the next batch is generated:
// at most one batch is in flight, so memory stays bounded and the database works while
// JavaScript builds the next rows (on PostgreSQL the two run on different cores).

import type { BulkSession } from '../../../db/connection.js';
import { copyStatement, REGISTRY_TABLES, type RegistryTable } from './rows.js';

/** Rows of some whole households, as COPY text chunks per table. */
export interface Batch {
  households: number;
  chunks: ReadonlyMap<RegistryTable, readonly string[]>;
}

/**
 * The foreign-key checks of members and incomes run a query that is planned once per session.
 * Planned while households is nearly empty, it scans the whole table for every row (seconds
 * per county at scale 1). ANALYZE invalidates the plan, so it is planned again as an index
 * lookup; it is repeated each time households doubles, on the key columns only (cheap).
 */
async function refreshKeyStatistics(session: BulkSession): Promise<void> {
  await session.exec('ANALYZE households (county_code, id)');
}

export class BatchWriter {
  private previous: Promise<void> = Promise.resolve();
  private written = 0;
  private analyzedAt = 0;

  constructor(
    private readonly session: BulkSession,
    private readonly onWritten: (households: number) => void,
  ) {}

  /** Starts copying `batch` once the batch before it is in; its errors surface on the next call or `finish`. */
  async write(batch: Batch): Promise<void> {
    await this.previous;
    this.previous = this.copy(batch);
    // Marked as handled here; the rejection is still delivered to whoever awaits it next.
    void this.previous.catch(() => undefined);
  }

  /** Waits for the last batch and rethrows its error. */
  async finish(): Promise<void> {
    await this.previous;
  }

  /** Waits for any batch in flight, ignoring its outcome (before a rollback). */
  async settle(): Promise<void> {
    await this.previous.catch(() => undefined);
  }

  private async copy(batch: Batch): Promise<void> {
    for (const table of REGISTRY_TABLES) {
      const chunks = batch.chunks.get(table) ?? [];
      if (chunks.length > 0) await this.session.copy(copyStatement(table), chunks);
      if (table === 'households') {
        this.written += batch.households;
        if (this.written >= 2 * this.analyzedAt) {
          await refreshKeyStatistics(this.session);
          this.analyzedAt = this.written;
        }
      }
    }
    this.onWritten(this.written);
  }
}
