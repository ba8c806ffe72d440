import type { Command } from './command.js';
import { parseOptions } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Bring the database schema up to date',
  usage: `certa migrate

Runs every pending migration on the database that DATABASE_URL names (serve does this too, at start).`,
  async run(args, io) {
    const { values } = parseOptions(args, {});
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    await withLocalPlatform(io.env, () => Promise.resolve());
    io.out('The database is up to date.');
    return EXIT.OK;
  },
};
