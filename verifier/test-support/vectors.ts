import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared OpenTimestamps test vectors (`../shared/testvectors/ots/` from the project root),
 * read in place: they are LGPL data of the OpenTimestamps project and are not copied here.
 */
export const VECTORS_DIR = fileURLToPath(
  new URL('../../../shared/testvectors/ots/', import.meta.url),
);

/** Names of the vectors (each has `<name>` and `<name>.ots`). */
export const VECTOR_NAMES = ['osdsp.txt', 'incomplete.txt', 'unknown-notary.txt'] as const;

/** The bytes of a vector file, e.g. `readVector('osdsp.txt.ots')`. */
export function readVector(file: string): Buffer {
  return readFileSync(`${VECTORS_DIR}${file}`);
}
