import { loadConfig } from '../config.js';
import { writeBackup } from '../privacy/backup.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a backup archive of the database and files (never the master key)',
  usage: `certa backup <file>

Writes <file> (a gzip tar, mode 0600): the database — SQLite through its online backup API, so
the platform may keep running; PostgreSQL through pg_dump — the file store and the signing keys.
What the platform encrypted stays encrypted: pending recipients' records open only with their
link or an issuer's password, activated ones only with the master key.
NOT in it: the master key (keep it apart, e.g. in a password manager or a sealed envelope — an
archive and its key together are the data in clear), the outbox (e-mails holding links) and the
erasure log ($DATA_DIR/erasures.log, which certa restore replays; copy it off the machine on its
own, it holds ids and dates only). See README "Backups".
A host command: it reads the same environment as certa serve (DATA_DIR, DATABASE_URL).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {}, true);
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError('backup takes one argument: the archive file to write.');
    const config = loadConfig(io.env);
    let written: { files: number; bytes: number };
    try {
      written = await writeBackup(config, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      io.err(
        `The backup could not be written (${code}): check the target directory and the database.`,
      );
      return EXIT.FAILED;
    }
    io.out(
      `Backup written to ${file}: the ${config.database.dialect} database and ${written.files} files, ${Math.ceil(written.bytes / 1024)} KiB. The master key is not in it: keep it apart.`,
    );
    return EXIT.OK;
  },
};
