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

/** Domain error codes as exit codes: input mistakes are usage errors, our own failures failures, the rest refusals. */
const EXIT_CODE_OF: Record<ErrorCode, number> = {
  INVALID_INPUT: EXIT.USAGE,
  UNAUTHENTICATED: EXIT.REFUSED,
  INVALID_CREDENTIALS: EXIT.REFUSED,
  FORBIDDEN: EXIT.REFUSED,
  UNLOCK_REQUIRED: EXIT.REFUSED,
  SECOND_FACTOR_REQUIRED: EXIT.REFUSED,
  TWO_FACTOR_ENROLMENT_REQUIRED: EXIT.REFUSED,
  CSRF_FAILED: EXIT.REFUSED,
  LINK_INVALID: EXIT.REFUSED,
  NOT_FOUND: EXIT.REFUSED,
  CONFLICT: EXIT.REFUSED,
  ACTIVATION_FAILED: EXIT.REFUSED,
  TERMS_NOT_ACCEPTED: EXIT.REFUSED,
  TERMS_ACCEPTANCE_REQUIRED: EXIT.REFUSED,
  TERMS_OUTDATED: EXIT.REFUSED,
  RATE_LIMITED: EXIT.REFUSED,
  DOMAIN_NOT_VERIFIED: EXIT.REFUSED,
  ISSUER_NOT_APPROVED: EXIT.REFUSED,
  PAYLOAD_TOO_LARGE: EXIT.USAGE,
  UNSUPPORTED_MEDIA: EXIT.USAGE,
  UPSTREAM_FAILED: EXIT.FAILED,
  UNAVAILABLE: EXIT.FAILED,
  INTEGRITY_FAILURE: EXIT.FAILED,
  INTERNAL: EXIT.FAILED,
};

export function exitCodeOf(code: ErrorCode): number {
  return EXIT_CODE_OF[code];
}
