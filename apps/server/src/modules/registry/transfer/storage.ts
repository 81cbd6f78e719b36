import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportFormat, ImportTx } from './tables.js';

// The uploaded file is kept in the database in 1 MiB pieces (so every server process and the CLI
// can run the import), and the job works on a local copy that it streams from.

const CHUNK_BYTES = 1024 * 1024;
const WORK_DIR = path.join(os.tmpdir(), 'fupin-imports');

// Working copies of imports that were cancelled or abandoned are removed after a day.
const STALE_MS = 24 * 3600 * 1000;

async function sweepWorkDir(): Promise<void> {
  await mkdir(WORK_DIR, { recursive: true });
  for (const name of await readdir(WORK_DIR)) {
    const file = path.join(WORK_DIR, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(file, { force: true });
  }
}

/** A received file on local disk, with what the upload needs to know about it. */
export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  /** The first bytes, for sniffing the format. */
  head: Buffer;
}

/** Streams an upload to a temporary file, hashing it on the way; the caller removes the file. */
export async function receiveToTemp(source: Readable): Promise<ReceivedFile> {
  await sweepWorkDir();
  const file = path.join(WORK_DIR, `upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const headParts: Buffer[] = [];
  let headBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headBytes < 4096) {
        headParts.push(chunk.subarray(0, 4096 - headBytes));
        headBytes += Math.min(chunk.length, 4096 - headBytes);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, tap, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { path: file, size, sha256: hash.digest('hex'), head: Buffer.concat(headParts) };
}

/** Describes a local file as receiveToTemp would (for the CLI). */
export async function describeFile(file: string): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { path: file, size: (await stat(file)).size, sha256: hash.digest('hex'), head: head.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

/** Copies a local file into the import's chunks, one piece in memory at a time. */
export async function storeChunks(tx: ImportTx, importId: string, regionCode: string, file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    for (let seq = 0; ; seq += 1) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, seq * CHUNK_BYTES);
      if (bytesRead === 0) break;
      await tx
        .insertInto('registry_import_chunks')
        .values({ import_id: importId, seq, region_code: regionCode, data: buffer.subarray(0, bytesRead) })
        .execute();
      if (bytesRead < CHUNK_BYTES) break;
    }
  } finally {
    await handle.close();
  }
}

/** The job's local copy of an import's file. */
export function workingCopyPath(importId: string, sha256: string, format: ImportFormat): string {
  return path.join(WORK_DIR, `import-${importId}-${sha256.slice(0, 16)}.${format}`);
}

/**
 * Writes the working copy at `target` through `fill` on a file beside it, renamed into place only
 * when whole: a reader never sees a partial copy, and a failed one is removed.
 */
async function writeWhole(target: string, fill: (partial: string) => Promise<void>): Promise<void> {
  await mkdir(WORK_DIR, { recursive: true });
  const partial = `${target}.${randomUUID()}.part`;
  try {
    await fill(partial);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Leaves a copy of a file just stored as the import's working copy, so that a job on this machine
 * streams from it rather than reading the stored pieces back (about a twentieth of a large import);
 * a job elsewhere, or after the copy is gone, writes it from the pieces (`materialise`).
 */
export async function keepWorkingCopy(
  importId: string,
  sha256: string,
  format: ImportFormat,
  file: string,
): Promise<void> {
  await writeWhole(workingCopyPath(importId, sha256, format), (partial) => copyFile(file, partial));
}

/** Makes sure the working copy exists and is whole, writing it from the stored chunks if not. */
export async function materialise(
  tx: ImportTx,
  importId: string,
  sha256: string,
  size: number,
  format: ImportFormat,
): Promise<string> {
  const target = workingCopyPath(importId, sha256, format);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.size === size) return target;
  await writeWhole(target, async (partial) => {
    const out = await open(partial, 'w');
    try {
      for (let seq = 0; ; seq += 1) {
        const chunk = await tx
          .selectFrom('registry_import_chunks')
          .select('data')
          .where('import_id', '=', importId)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!chunk) break;
        await out.write(chunk.data);
      }
    } finally {
      await out.close();
    }
  });
  return target;
}

/** Removes the working copy once the import is over. */
export async function removeWorkingCopy(importId: string, sha256: string, format: ImportFormat): Promise<void> {
  await rm(workingCopyPath(importId, sha256, format), { force: true });
}
