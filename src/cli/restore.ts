import { loadConfig } from '../config.js';
import { erasureLogFileOf, openPlatform } from '../platform.js';
import { BackupFormatError, restoreBackup } from '../privacy/backup.js';
import { readErasureLog } from '../privacy/erasure-log.js';
import { replayErasures } from '../privacy/replay-erasures.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup archive, then replay the erasure log',
  usage: `certa restore <file> [--erasure-log <log>]

Stop the platform first. Puts back the database (SQLite file replaced; PostgreSQL restored with
pg_restore --clean into the database DATABASE_URL names), the file store and the signing keys
from an archive of certa backup, then REPLAYS THE ERASURE LOG: every document erased since the
archive was taken is erased again (crypto-shredding, same date and cause), so that restoring an
old backup never brings back data a person had erased. The log is $DATA_DIR/erasures.log (never
in a backup); after losing the machine, give the copy you keep elsewhere with --erasure-log.
The master key must be the one of the archive (MASTER_KEY or $DATA_DIR/master.key).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { 'erasure-log': { type: 'string' } }, true);
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError('restore takes one argument: the archive file certa backup wrote.');
    const config = loadConfig(io.env);
    const logFile =
      typeof values['erasure-log'] === 'string' ? values['erasure-log'] : erasureLogFileOf(config);
    // Read before anything is replaced: the log is what must survive the restore.
    const erasures = readErasureLog(logFile);
    let restored: Awaited<ReturnType<typeof restoreBackup>>;
    try {
      restored = await restoreBackup(config, file);
    } catch (error) {
      if (error instanceof BackupFormatError) {
        io.err(`${file} is not a Certa backup this installation can restore: ${error.message}.`);
        return EXIT.USAGE;
      }
      throw error;
    }
    const platform = await openPlatform(config);
    let replayed: string[];
    try {
      replayed = await replayErasures(platform.ctx, erasures);
    } finally {
      await platform.close();
    }
    io.out(
      `Restored the backup of ${restored.manifest.createdAt} (${restored.manifest.dialect}, ${restored.files} files). Erasure log: ${erasures.length} entr${erasures.length === 1 ? 'y' : 'ies'}, ${replayed.length} document${replayed.length === 1 ? '' : 's'} erased again.`,
    );
    return EXIT.OK;
  },
};
