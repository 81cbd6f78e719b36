import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './connection.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the numbered SQL files in migrations/ that have not run yet, each in its own
 * transaction, as the schema owner. A landed migration whose file changed is refused:
 * migrations are append-only.
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  await database.runOwnerScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const done = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations`.execute(
    database.owner,
  );
  const known = new Map(done.rows.map((r) => [r.name, r.checksum]));
  const applied: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    const checksum = createHash('sha256').update(text).digest('hex');
    const previous = known.get(file);
    if (previous !== undefined) {
      if (previous !== checksum) throw new Error(`migration ${file} was edited after it was applied`);
      continue;
    }
    const escaped = checksum.replace(/'/g, "''");
    try {
      await database.runOwnerScript(
        `BEGIN;\n${text}\n;INSERT INTO schema_migrations (name, checksum) VALUES ('${file}', '${escaped}');\nCOMMIT;`,
      );
    } catch (error) {
      await database.runOwnerScript('ROLLBACK');
      throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    applied.push(file);
  }
  return { applied, alreadyApplied: known.size };
}
