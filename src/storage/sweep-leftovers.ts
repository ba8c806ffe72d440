import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { findReferencedBlobNames } from '../db/repositories/blob-reference.repository.js';

/** Files younger than this may still be written, or their row not yet committed: left alone. */
export const SWEEP_MIN_AGE_MS = 60 * 60_000;

export interface SweepResult {
  /** Blobs no committed row points to, removed. */
  readonly orphanBlobs: number;
  /** Partial files of an interrupted write (`*.tmp` in the file store and the outbox), removed. */
  readonly partialFiles: number;
  /** Outbox e-mails older than the outbox retention (each may hold a secret link), removed. */
  readonly expiredMails: number;
}

async function filesIn(directory: string): Promise<Array<{ file: string; name: string }>> {
  const found: Array<{ file: string; name: string }> = [];
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await filesIn(file)));
    else if (entry.isFile()) found.push({ file, name: entry.name });
  }
  return found;
}

async function isOld(file: string, before: number): Promise<boolean> {
  try {
    return (await fs.stat(file)).mtimeMs < before;
  } catch {
    return false;
  }
}

/**
 * Removes what a crash leaves behind (issue 11 #9), safely:
 * - a blob of the file store that no committed row points to (a PDF stored by an activation
 *   killed before its transaction committed), once it is older than `minAgeMs` — a younger one
 *   may belong to an activation still running, whose row is not committed yet;
 * - a partial file (`*.tmp`: a blob or an `.eml` being written when the process died, perhaps
 *   holding an activation link) in the file store or the outbox, older than `minAgeMs`.
 * - an outbox e-mail (`*.eml`) older than `outboxRetentionMs`: the outbox is a spool, not an
 *   archive of activation links (DESIGN §3).
 * A blob a committed row points to is never removed, whatever its age. Names are checked against
 * the database after the listing, so a row committed meanwhile keeps its blob.
 */
export async function sweepLeftovers(
  db: Db,
  directories: { readonly storage: string; readonly outbox: string | null },
  options: {
    readonly now?: number;
    readonly minAgeMs?: number;
    readonly outboxRetentionMs?: number;
  } = {},
): Promise<SweepResult> {
  const now = options.now ?? Date.now();
  const before = now - (options.minAgeMs ?? SWEEP_MIN_AGE_MS);
  let partialFiles = 0;
  let expiredMails = 0;
  if (directories.outbox !== null && options.outboxRetentionMs !== undefined) {
    const mailsBefore = now - options.outboxRetentionMs;
    for (const entry of await filesIn(directories.outbox)) {
      if (!entry.name.endsWith('.eml') || !(await isOld(entry.file, mailsBefore))) continue;
      await fs.rm(entry.file, { force: true });
      expiredMails += 1;
    }
  }
  const candidates: Array<{ file: string; name: string }> = [];
  const files = [
    ...(await filesIn(directories.storage)),
    ...(directories.outbox === null ? [] : await filesIn(directories.outbox)),
  ];
  for (const entry of files) {
    if (!(await isOld(entry.file, before))) continue;
    if (entry.name.endsWith('.tmp')) {
      await fs.rm(entry.file, { force: true });
      partialFiles += 1;
    } else if (entry.file.startsWith(directories.storage + path.sep)) {
      candidates.push(entry);
    }
  }
  const referenced = await findReferencedBlobNames(
    db,
    candidates.map((entry) => entry.name),
  );
  let orphanBlobs = 0;
  for (const entry of candidates) {
    if (referenced.has(entry.name)) continue;
    await fs.rm(entry.file, { force: true });
    orphanBlobs += 1;
  }
  return { orphanBlobs, partialFiles, expiredMails };
}
