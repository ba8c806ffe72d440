import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

/**
 * The rules for a new password (OWASP ASVS 4.0.3 level 2, V2.1):
 *
 * - at least 12 characters (2.1.1) and at most 128 (2.1.2), counted as Unicode code points after
 *   NFC normalisation, so "é" typed as one or as two code points counts the same and an emoji
 *   counts as one character, not two UTF-16 units;
 * - any characters at all, spaces and emoji included, no composition rules (2.1.4, 2.1.9), no
 *   trimming or truncation (2.1.3);
 * - not one of the common passwords shipped with `@zxcvbn-ts/language-common` (MIT; 49,233
 *   passwords from leaked-password frequency lists, well past the top 10,000 that 2.1.7 asks for),
 *   compared case-insensitively, and not the user's own e-mail address or its local part.
 *
 * Messages are one sentence, name the rule, and never repeat the password.
 */
export const PASSWORD_MIN_CHARACTERS = 12;
export const PASSWORD_MAX_CHARACTERS = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'like_email';

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `password must be at least ${PASSWORD_MIN_CHARACTERS} characters long.`,
  too_long: `password must be at most ${PASSWORD_MAX_CHARACTERS} characters long.`,
  common: 'password is on the list of commonly used passwords; please choose another.',
  like_email: 'password must not be your e-mail address.',
};

let commonPasswords: ReadonlySet<string> | null = null;

/** Built on first use (≈ 30 ms for 49,233 entries), so processes that never set a password do not pay for it. */
function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => fold(entry)));
  return commonPasswords;
}

/** NFC, then lower case: the form both the list and the candidate are compared in. */
function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Number of characters as the policy counts them: code points after NFC. */
export function passwordLength(password: string): number {
  // The string iterator walks code points, so surrogate pairs count once.
  return Array.from(password.normalize('NFC')).length;
}

/** Whether `password` is on the bundled list of common passwords (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return commonPasswordSet().has(fold(password));
}

/** Number of passwords on the bundled list (for the documentation and tests). */
export function commonPasswordCount(): number {
  return commonPasswordSet().size;
}

/**
 * The first rule `password` breaks, or `null` when it is acceptable. `email` (the account's
 * address, if known) lets the policy refuse the address itself or its local part.
 */
export function passwordProblem(
  password: string,
  context: { email?: string | null } = {},
): PasswordProblem | null {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_CHARACTERS) return 'too_short';
  if (length > PASSWORD_MAX_CHARACTERS) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  if (context.email) {
    const folded = fold(password);
    const email = fold(context.email.trim());
    const localPart = email.slice(0, email.lastIndexOf('@'));
    if (folded === email || (localPart.length > 0 && folded === localPart)) return 'like_email';
  }
  return null;
}

/**
 * Throws `AppError('INVALID_INPUT')` with a one-sentence reason when `password` may not be set as
 * a new password. Drop-in replacement for `checkNewPassword` in credentials.ts; call it wherever a
 * password is chosen (sign-up, change, reset), never at login.
 */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string | null } = {},
): void {
  const problem = passwordProblem(password, context);
  if (problem !== null) {
    throw new AppError('INVALID_INPUT', MESSAGES[problem], {
      details: { field: 'password', rule: problem },
    });
  }
}
