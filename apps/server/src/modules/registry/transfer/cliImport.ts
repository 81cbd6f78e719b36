import path from 'node:path';
import type { ImportView } from '@fupin/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withScope, type ActorContext } from '../../../db/scope.js';
import { createImport } from './importService.js';
import { findingMessage } from './messages.js';
import { sniffFormat } from './reader.js';
import { describeFile } from './storage.js';
import type { ImportMode } from './tables.js';

/** Stores a local file as an import in the actor's region and queues its job (the `fupin import` command). */
export async function importLocalFile(
  db: Kysely<DB>,
  actor: ActorContext,
  file: string,
  mode: ImportMode,
): Promise<ImportView> {
  const received = await describeFile(file);
  const sniffed = sniffFormat(received.head, file);
  if (!sniffed.ok) throw new Error(findingMessage(`import.${sniffed.code}`)['zh-CN']);
  return withScope(db, actor, (tx) =>
    createImport(
      tx,
      actor,
      { file: received, fileName: path.basename(file), format: sniffed.format, mode, regionCode: actor.scope },
      'zh-CN',
    ),
  );
}
