import type { ErrorCode } from '../errors.js';

/** Exit codes of every `certa` command. */
export const EXIT = {
  /** Done; for `verify`, the document is valid. */
  OK: 0,
  /** `verify`: the document is not valid (changed, unknown, revoked, expired). Other commands: failed. */
  FAILED: 1,
  /** Wrong usage or configuration; the message says what to change. */
  USAGE: 2,
  /** The server could not be reached. */
  UNREACHABLE: 3,
  /** The server or the domain refused the request (4xx); the message says why. */
  REFUSED: 4,
} as const;

/** Domain error codes as exit codes: input mistakes are usage errors, the rest refusals. */
export function exitCodeOf(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return EXIT.USAGE;
    case 'INTERNAL':
    case 'INTEGRITY_FAILURE':
    case 'UPSTREAM_FAILED':
      return EXIT.FAILED;
    default:
      return EXIT.REFUSED;
  }
}
