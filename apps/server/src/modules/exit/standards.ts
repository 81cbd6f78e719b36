import { DEFAULT_EXIT_STANDARDS, standardsProblems, type ExitStandards } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';

/** The standards in force with their version ('default' until an administrator first saves them). */
export interface StandardsView {
  version: string;
  savedBy: string | null;
  savedAt: string | null;
  note: string | null;
  standards: ExitStandards;
}

/** One saved version, newest first in lists. */
export interface StandardsVersion {
  version: string;
  savedBy: string;
  savedAt: string;
  note: string | null;
}

/** The standards in force: the newest saved version, else the defaults. */
export async function currentStandards(tx: Tx): Promise<StandardsView> {
  const row = await tx.selectFrom('exit_standards').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 'default', savedBy: null, savedAt: null, note: null, standards: DEFAULT_EXIT_STANDARDS };
  return {
    version: String(row.id),
    savedBy: row.created_by,
    savedAt: new Date(row.created_at).toISOString(),
    note: row.note,
    standards: row.config as ExitStandards,
  };
}

/** Every saved version, newest first. */
export async function standardsVersions(tx: Tx, limit: number): Promise<StandardsVersion[]> {
  const rows = await tx
    .selectFrom('exit_standards')
    .select(['id', 'created_by', 'created_at', 'note'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: String(r.id),
    savedBy: r.created_by,
    savedAt: new Date(r.created_at).toISOString(),
    note: r.note,
  }));
}

/** Saves a new version after checking every number; refused whole (422 with the fields) when any is out of range. */
export async function saveStandards(
  tx: Tx,
  actorName: string,
  standards: ExitStandards,
  note: string | null,
): Promise<StandardsView> {
  const problems = standardsProblems(standards);
  if (problems.length > 0) throw new AppError('STANDARDS_INVALID', { fields: problems });
  const before = await currentStandards(tx);
  const sorted: ExitStandards = {
    ...standards,
    povertyLines: [...standards.povertyLines].sort((a, b) => a.year - b.year),
    provinceIncome: [...standards.provinceIncome].sort((a, b) => a.year - b.year),
    overrides: [...standards.overrides].sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
  };
  const row = await tx
    .insertInto('exit_standards')
    .values({ config: JSON.stringify(sorted), note, created_by: actorName })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'exit.standards.update',
    entity: 'exit_standards',
    entityId: String(row.id),
    regionCode: null,
    before: { version: before.version, standards: before.standards },
    after: { version: String(row.id), standards: sorted, note },
  });
  return {
    version: String(row.id),
    savedBy: row.created_by,
    savedAt: new Date(row.created_at).toISOString(),
    note: row.note,
    standards: sorted,
  };
}
