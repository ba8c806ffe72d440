/**
 * `certa-verify` (also `npx @certa/verifier`): verifies a Certa PDF, verification link or digest
 * from the command line, with nothing of the Certa server installed.
 */
import { runVerify, verifyUsage, VERIFY_EXIT, type VerifyIo } from './verify-command.js';
import { packageVersion } from './package-version.js';

const PROGRAM = 'certa-verify';

/** Runs `certa-verify` with `args` and returns the exit code. */
export async function main(args: string[], io: VerifyIo): Promise<number> {
  const version = packageVersion(import.meta.url, '@certa/verifier') ?? 'unknown';
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    io.out(`${PROGRAM} ${version}`);
    return VERIFY_EXIT.VALID;
  }
  if (args.length === 0) {
    io.out(`${PROGRAM} ${version} — the Certa verifier\n\nUsage: ${verifyUsage(PROGRAM)}`);
    return VERIFY_EXIT.USAGE;
  }
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    io.out(`${PROGRAM} ${version} — the Certa verifier\n\nUsage: ${verifyUsage(PROGRAM)}`);
    return VERIFY_EXIT.VALID;
  }
  try {
    return await runVerify(args, io, PROGRAM);
  } catch (error) {
    io.err(`Unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return VERIFY_EXIT.NOT_VALID;
  }
}
