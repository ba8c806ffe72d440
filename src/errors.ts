/**
 * The one error type the domain throws. `code` says what happened; `http/` maps it to a status
 * and `cli/` to an exit code. Messages are safe to show: they never contain personal data or
 * secrets, and `details` carries ids only.
 */
export const ERROR_CODES = {
  /** Input failed validation (missing field, wrong type, too long, unknown template field). */
  INVALID_INPUT: 'INVALID_INPUT',
  /** No credentials, or the credentials (session, API key) are not valid. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Wrong e-mail or password; deliberately does not say which. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** Authenticated, but this actor may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The action needs the organisation key unlocked in this session (password re-entered). */
  UNLOCK_REQUIRED: 'UNLOCK_REQUIRED',
  /** Password right, but this account needs a second factor (TOTP or recovery code) to log in. */
  SECOND_FACTOR_REQUIRED: 'SECOND_FACTOR_REQUIRED',
  /** Owners, admins and platform admins must have two-factor authentication on to do this. */
  TWO_FACTOR_ENROLMENT_REQUIRED: 'TWO_FACTOR_ENROLMENT_REQUIRED',
  /** A cookie-authenticated request that changes state came without a valid CSRF token. */
  CSRF_FAILED: 'CSRF_FAILED',
  /** An e-mailed link (sign-up, password reset, invitation) is unknown, used or expired. */
  LINK_INVALID: 'LINK_INVALID',
  /** The object does not exist, or is not visible to this actor (never says which). */
  NOT_FOUND: 'NOT_FOUND',
  /** The object exists but is not in a state that allows the action (e.g. revoking twice). */
  CONFLICT: 'CONFLICT',
  /** The activation secret does not open this document. Says nothing more, on purpose. */
  ACTIVATION_FAILED: 'ACTIVATION_FAILED',
  /** The terms were not accepted, or an outdated terms version was accepted. */
  TERMS_NOT_ACCEPTED: 'TERMS_NOT_ACCEPTED',
  /**
   * A new version of the issuer terms is in force and this user has not accepted it yet:
   * `details.version` (its id) and `details.label` say which; accept it with
   * POST /api/me/terms/accept, then try again.
   */
  TERMS_ACCEPTANCE_REQUIRED: 'TERMS_ACCEPTANCE_REQUIRED',
  /** The terms version accepted is not the one in force (`details.currentVersion`). */
  TERMS_OUTDATED: 'TERMS_OUTDATED',
  /** Too many attempts; `details.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /**
   * A platform admin tried to approve an issuer whose domain is not verified, without waiving
   * the domain proof explicitly (`approveWithoutDomainProof` and a written reason).
   */
  DOMAIN_NOT_VERIFIED: 'DOMAIN_NOT_VERIFIED',
  /** The organisation is not approved (yet) and cannot issue. */
  ISSUER_NOT_APPROVED: 'ISSUER_NOT_APPROVED',
  /** A payload is too large. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** An uploaded file is not of the expected type (e.g. not a PDF). */
  UNSUPPORTED_MEDIA: 'UNSUPPORTED_MEDIA',
  /**
   * An outside service we depend on (the SMTP relay, the Bitcoin header source behind
   * /api/bitcoin) failed; nothing was stored.
   */
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  /**
   * The platform cannot take this request now: its work queue is full, or the database or file
   * store cannot write (disk full, read-only, unreachable). Nothing was stored; try again after
   * `details.retryAfterSeconds`.
   */
  UNAVAILABLE: 'UNAVAILABLE',
  /** Stored ciphertext failed authentication: tampering or corruption. Never shown in detail. */
  INTEGRITY_FAILURE: 'INTEGRITY_FAILURE',
  /** Anything else: a bug. Details are logged by id, never shown. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { details?: ErrorDetails; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
