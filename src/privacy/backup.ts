import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.js';

const run = promisify(execFile);

/** What `certa backup` writes first in the archive. */
export interface BackupManifest {
  format: 'certa-backup/1';
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** What is NOT in it, said in the archive itself. */
  excludes: string[];
}

export const BACKUP_EXCLUDES = [
  'the master key (keep it apart: without it the archive opens nothing the platform encrypted)',
  'the outbox (e-mails holding activation secrets)',
  'the erasure log (kept outside backups, replayed by certa restore)',
];

/** A private staging directory (0700), removed by the returned function. */
function staging(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a directory tree (files 0600, folders 0700); a missing source copies nothing. */
function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false): number {
  if (!fs.existsSync(from)) return 0;
  let files = 0;
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) files += copyTree(source, target, skip);
    else if (entry.isFile()) {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, 0o600);
      files += 1;
    }
  }
  return files;
}

/** Leftovers of interrupted writes and probes never go into an archive. */
const partial = (name: string) => name.endsWith('.tmp');

/**
 * Writes a backup archive (tar + gzip, 0600) of the database and the file store (and the signing
 * keys, wrapped by the master key): SQLite through its online backup API (a consistent copy while
 * the platform runs), PostgreSQL through pg_dump (custom format). Everything the platform
 * encrypted stays encrypted in it — pending records under keys only the recipient's link or an
 * issuer's password opens; the master key, the outbox and the erasure log are never in it.
 */
export async function writeBackup(
  config: Config,
  file: string,
  now: Date = new Date(),
): Promise<{ files: number; bytes: number }> {
  const stage = staging('certa-backup-');
  try {
    const root = path.join(stage.dir, 'certa-backup');
    fs.mkdirSync(root, { mode: 0o700 });
    const manifest: BackupManifest = {
      format: 'certa-backup/1',
      createdAt: now.toISOString(),
      dialect: config.database.dialect,
      excludes: BACKUP_EXCLUDES,
    };
    fs.writeFileSync(path.join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    if (config.database.dialect === 'sqlite') {
      const source = new SqliteDatabase(config.database.file, {
        readonly: true,
        fileMustExist: true,
      });
      try {
        await source.backup(path.join(root, 'certa.sqlite'));
      } finally {
        source.close();
      }
      fs.chmodSync(path.join(root, 'certa.sqlite'), 0o600);
    } else {
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${path.join(root, 'database.pgdump')}`,
        config.database.url,
      ]);
      fs.chmodSync(path.join(root, 'database.pgdump'), 0o600);
    }
    let files = copyTree(config.storageDir, path.join(root, 'files'), partial);
    files += copyTree(config.signing.directory, path.join(root, 'signing'), partial);
    const target = path.resolve(file);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.tmp`;
    // tar honours the umask for the archive itself: create it 0600 first, then let tar fill it.
    fs.writeFileSync(temporary, '', { mode: 0o600 });
    await run('tar', ['-czf', temporary, '-C', stage.dir, 'certa-backup']);
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, target);
    return { files, bytes: fs.statSync(target).size };
  } finally {
    stage.remove();
  }
}

/** Thrown when the file is not an archive `certa backup` wrote. */
export class BackupFormatError extends Error {}

/**
 * Puts an archive back: the database (SQLite file replaced, or pg_restore --clean into the
 * configured database) and the file store and signing keys (replaced). The platform must be
 * stopped. Replaying the erasure log is the caller's next step (restore.ts).
 */
export async function restoreBackup(
  config: Config,
  file: string,
): Promise<{ manifest: BackupManifest; files: number }> {
  const stage = staging('certa-restore-');
  try {
    try {
      await run('tar', ['-xzf', path.resolve(file), '-C', stage.dir, '--no-same-owner']);
    } catch {
      throw new BackupFormatError('not a gzip tar archive');
    }
    const root = path.join(stage.dir, 'certa-backup');
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(
        fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'),
      ) as BackupManifest;
    } catch {
      throw new BackupFormatError('no manifest.json');
    }
    if (manifest.format !== 'certa-backup/1') throw new BackupFormatError('unknown format');
    if (manifest.dialect !== config.database.dialect)
      throw new BackupFormatError(
        `the archive holds a ${manifest.dialect} database and DATABASE_URL names ${config.database.dialect}`,
      );
    if (config.database.dialect === 'sqlite') {
      const database = config.database.file;
      fs.mkdirSync(path.dirname(database), { recursive: true, mode: 0o700 });
      for (const each of [`${database}-wal`, `${database}-shm`]) fs.rmSync(each, { force: true });
      fs.copyFileSync(path.join(root, 'certa.sqlite'), `${database}.restore.tmp`);
      fs.chmodSync(`${database}.restore.tmp`, 0o600);
      fs.renameSync(`${database}.restore.tmp`, database);
    } else {
      await run('pg_restore', [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        `--dbname=${config.database.url}`,
        path.join(root, 'database.pgdump'),
      ]);
    }
    fs.rmSync(config.storageDir, { recursive: true, force: true });
    let files = copyTree(path.join(root, 'files'), config.storageDir);
    fs.mkdirSync(config.storageDir, { recursive: true, mode: 0o700 });
    if (fs.existsSync(path.join(root, 'signing'))) {
      fs.rmSync(config.signing.directory, { recursive: true, force: true });
      files += copyTree(path.join(root, 'signing'), config.signing.directory);
    }
    return { manifest, files };
  } finally {
    stage.remove();
  }
}
