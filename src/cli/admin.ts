import { createPlatformAdmin } from '../accounts/create-platform-admin.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, readAll, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';
import { readHiddenLine } from './prompt.js';

async function readPassword(io: CommandIo, fromStdin: boolean): Promise<string> {
  if (fromStdin || !(io.stdin as NodeJS.ReadStream).isTTY)
    return (await readAll(io.stdin)).replace(/\r?\n$/, '');
  const first = await readHiddenLine(io, 'Password (at least 12 characters): ');
  const second = await readHiddenLine(io, 'Repeat the password: ');
  if (first !== second) throw new UsageError('The two passwords differ.');
  return first;
}

export const adminCommand: Command = {
  name: 'admin',
  summary: 'Manage platform admins (admin create)',
  usage: `certa admin create --email <address> [--password-stdin]

Creates a platform admin in the local database (the one DATABASE_URL names). The password is
asked for twice on a terminal, or read from standard input with --password-stdin (or when input
is not a terminal): e.g.  printf '%s' "$PASSWORD" | certa admin create --email a@example.org`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {
      email: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    });
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (action !== 'create')
      throw new UsageError(`Unknown admin action "${action}"; the only one is "create".`);
    if (values.email === undefined) throw new UsageError('admin create needs --email <address>.');
    const email = values.email;
    const password = await readPassword(io, values['password-stdin'] === true);
    const created = await withLocalPlatform(io.env, async (ctx) => ({
      ...(await createPlatformAdmin(ctx, { email, password })),
      loginUrl: `${ctx.publicUrl}/login`,
    }));
    io.out(
      `Platform admin created (user id ${created.userId}). Log in to the console at ${created.loginUrl} (it asks you to turn on two-factor authentication first), or with POST /api/sessions.`,
    );
    return EXIT.OK;
  },
};
