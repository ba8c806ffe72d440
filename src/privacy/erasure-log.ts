import fs from 'node:fs';
import path from 'node:path';
import type { ErasureCause } from '../db/tables/privacy.table.js';

/** One line of the erasure log: a public id and a time, nothing personal. */
export interface ErasureLogEntry {
  readonly documentId: string;
  readonly erasedAt: string;
  readonly cause: ErasureCause;
}

const CAUSES: ReadonlySet<string> = new Set(['holder', 'issuer', 'retention']);

/**
 * Appends erasures to the log file (JSON lines, 0600, O_APPEND and fsync'd): the record kept
 * OUTSIDE the database and its backups, so that `certa restore` of an archive taken before an
 * erasure erases the document again (DESIGN §3). Written after the erasure commits; an entry for
 * an erasure that then failed would only erase again what was asked to be erased.
 */
export function appendErasureLog(file: string, entries: readonly ErasureLogEntry[]): void {
  if (entries.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const descriptor = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(
      descriptor,
      entries
        .map((entry) =>
          JSON.stringify({
            documentId: entry.documentId,
            erasedAt: entry.erasedAt,
            cause: entry.cause,
          }),
        )
        .join('\n') + '\n',
    );
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Every entry of the log (none when it does not exist); a torn last line is skipped. */
export function readErasureLog(file: string): ErasureLogEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: ErasureLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<ErasureLogEntry>;
      if (
        typeof value.documentId === 'string' &&
        typeof value.erasedAt === 'string' &&
        typeof value.cause === 'string' &&
        CAUSES.has(value.cause)
      )
        entries.push({
          documentId: value.documentId,
          erasedAt: value.erasedAt,
          cause: value.cause,
        });
    } catch {
      // A line cut by a crash mid-write: its erasure is also in the database's own log.
    }
  }
  return entries;
}
