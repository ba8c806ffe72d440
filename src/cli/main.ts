#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { packageVersion } from '../../verifier/cli/package-version.js';
import { ConfigError } from '../config.js';
import { isAppError } from '../errors.js';
import { MasterKeyError } from '../storage/master-key-file.js';
import { adminCommand } from './admin.js';
import { backupCommand } from './backup.js';
import { auditCommand } from './audit.js';
import { ApiError, UnreachableError } from './api-client.js';
import type { Command, CommandIo } from './command.js';
import { UsageError } from './command.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { issueCommand } from './issue.js';
import { issuerCommand } from './issuer.js';
import { mailCommand } from './mail.js';
import { migrateCommand } from './migrate.js';
import { reportCommand } from './report.js';
import { otsCommand } from './ots.js';
import { outboxCommand } from './outbox.js';
import { proofCommand } from './proof.js';
import { restoreCommand } from './restore.js';
import { revokeCommand } from './revoke.js';
import { serveCommand } from './serve.js';
import { signingCommand } from './signing.js';
import { verifyCommand } from './verify.js';
import { workerCommand } from './worker.js';

const COMMANDS: readonly Command[] = [
  serveCommand,
  workerCommand,
  adminCommand,
  issuerCommand,
  issueCommand,
  verifyCommand,
  proofCommand,
  otsCommand,
  revokeCommand,
  outboxCommand,
  mailCommand,
  signingCommand,
  auditCommand,
  reportCommand,
  migrateCommand,
  backupCommand,
  restoreCommand,
];

/** This installation's version, from the package.json of `certa`. */
export function certaVersion(): string {
  return packageVersion(import.meta.url, 'certa') ?? 'unknown';
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `certa ${certaVersion()} — certified digital documents`,
    '',
    'Usage: certa <command> [options]     (certa <command> --help for details)',
    '       certa --version',
    '',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Commands that talk to a server (issue, revoke, proof; verify when the document names none)',
    'use --url, else CERTA_URL, else http://localhost:8080. Host commands (serve, worker, admin,',
    'issuer, outbox, mail, signing, audit, report, migrate) read the same environment as the server (DATA_DIR, DATABASE_URL).',
  ].join('\n');
}

/** Runs the CLI and returns the exit code; every failure becomes one sentence on stderr. */
export async function runCli(args: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    if (rest.length > 0) {
      io.err(`certa ${name} takes no arguments.\n`);
      return EXIT.USAGE;
    }
    io.out(`certa ${certaVersion()}`);
    return EXIT.OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (command === undefined)
      throw new UsageError(`Unknown command "${name}". Run certa --help for the list.`);
    return await command.run(rest, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof MasterKeyError
    ) {
      io.err(`${error.message}\n`);
      return EXIT.USAGE;
    }
    if (error instanceof UnreachableError) {
      io.err(`${error.message}\n`);
      return EXIT.UNREACHABLE;
    }
    if (error instanceof ApiError) {
      io.err(`${error.message}\n`);
      return error.status >= 500
        ? EXIT.FAILED
        : error.code === 'INVALID_INPUT'
          ? EXIT.USAGE
          : EXIT.REFUSED;
    }
    if (isAppError(error)) {
      io.err(`${error.message}\n`);
      return exitCodeOf(error.code);
    }
    io.err(`Unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.FAILED;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: CommandIo = {
    env: process.env,
    stdin: process.stdin,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(text),
  };
  // A full disk or a closed pipe on stdout must not end the process (issue 11 #2): the message
  // is lost, the server goes on. The logger has its own non-blocking destination.
  process.stdout.on('error', () => undefined);
  process.exitCode = await runCli(process.argv.slice(2), io);
}
