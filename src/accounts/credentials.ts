import { AppError } from '../errors.js';

// Local part and domain: no white space, no control characters, none of the characters that need quoting.
const EMAIL_PATTERN =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /^[^\s\u0000-\u001f\u007f@<>()[\]\\,;:"]+@[^\s\u0000-\u001f\u007f@<>()[\]\\,;:"]+\.[^\s\u0000-\u001f\u007f@<>()[\]\\,;:"]+$/;

/** Lower-cases and checks an e-mail address; a clear INVALID_INPUT otherwise. */
export function normaliseEmail(email: string, field = 'email'): string {
  const normalised = email.trim().toLowerCase();
  if (!isValidEmail(normalised)) {
    throw new AppError('INVALID_INPUT', `${field} must be a valid e-mail address.`, {
      details: { field },
    });
  }
  return normalised;
}

/** Whether `email` would pass {@link normaliseEmail} (for lookups that must not throw). */
export function isValidEmail(email: string): boolean {
  const normalised = email.trim().toLowerCase();
  return normalised.length <= 254 && EMAIL_PATTERN.test(normalised);
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Password rules (OWASP ASVS: at least 12 characters, long passphrases allowed). */
export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      'INVALID_INPUT',
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`,
      {
        details: { field: 'password' },
      },
    );
  }
}
