import fs from 'node:fs/promises';
import { DetachedTimestampFile, describeNotAProof, formatOtsInfo } from '../../verifier/index.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';

/** Reads an `.ots` file: unreadable is a usage mistake, unparseable a failure (with the reason). */
export async function readOtsFile(
  file: string,
): Promise<{ proof: DetachedTimestampFile } | { problem: string }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new UsageError(`Cannot read "${file}".`);
  }
  try {
    return { proof: DetachedTimestampFile.deserialize(bytes) };
  } catch (error) {
    return { problem: `"${file}" ${describeNotAProof(bytes, error)}` };
  }
}

export const otsCommand: Command = {
  name: 'ots',
  summary: 'Look inside an OpenTimestamps proof (.ots)',
  usage: `certa ots info <file.ots>

Prints the proof's operations and attestations exactly like the reference client's \`ots info\`:
the file's digest, the Merkle path (append/prepend, sha256), the calendars' pending attestations
and, once anchored, the Bitcoin block header attestation. Works offline. To check a proof against
Bitcoin, use certa verify <file.pdf> --ots <file.pdf.ots>. Exit code 0; 1 when the file is not a
valid proof; 2 for usage mistakes.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {}, true);
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const [action, file, ...extra] = positionals;
    if (action !== 'info' || file === undefined || extra.length > 0) {
      throw new UsageError('Use certa ots info <file.ots>.');
    }
    const read = await readOtsFile(file);
    if ('problem' in read) {
      io.err(`${read.problem}.\n`);
      return EXIT.FAILED;
    }
    io.out(formatOtsInfo(read.proof).replace(/\n$/, ''));
    return EXIT.OK;
  },
};
