import { runVerify, verifyUsage } from '../../verifier/cli/verify-command.js';
import type { Command } from './command.js';

/**
 * `certa verify`: the standalone verifier's command (verifier/verify/verify-command.ts), so that
 * `certa verify` and `npx @certa/verifier` check a document the same way and exit alike.
 */
export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'Verify a document (PDF, verification link, id or SHA-256) against its platform and Bitcoin',
  usage: verifyUsage('certa verify'),
  async run(args, io) {
    return runVerify(args, io, 'certa verify');
  },
};
