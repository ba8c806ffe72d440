import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  checkPasswordPolicy,
  commonPasswordCount,
  isCommonPassword,
  PASSWORD_MAX_CHARACTERS,
  PASSWORD_MIN_CHARACTERS,
  passwordLength,
  passwordProblem,
} from './password-policy.js';

function errorOf(action: () => void): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('password policy (ASVS V2.1)', () => {
  it('counts Unicode code points after NFC, not UTF-16 units', () => {
    expect(passwordLength('e\u0301')).toBe(1); // decomposed é
    expect(passwordLength('😀')).toBe(1);
    // 11 emoji are 22 UTF-16 units but 11 characters: too short.
    expect(passwordProblem('😀'.repeat(11))).toBe('too_short');
    expect(passwordProblem('😀'.repeat(12))).toBeNull();
    // 11 decomposed letters are 22 code points before NFC, 11 after.
    expect(passwordProblem('e\u0301'.repeat(11))).toBe('too_short');
  });

  it('takes exactly 12 to 128 characters', () => {
    expect(PASSWORD_MIN_CHARACTERS).toBe(12);
    expect(PASSWORD_MAX_CHARACTERS).toBe(128);
    expect(passwordProblem('vX7#kq2!Lm9')).toBe('too_short');
    expect(passwordProblem('vX7#kq2!Lm9z')).toBeNull();
    expect(passwordProblem('wq'.repeat(64))).toBeNull();
    expect(passwordProblem(`${'wq'.repeat(64)}z`)).toBe('too_long');
  });

  it('has no composition rules: lower-case words and spaces are fine', () => {
    expect(passwordProblem('purple tractor mango ridge')).toBeNull();
    expect(passwordProblem('ünïcödé pässwörd ✓')).toBeNull();
  });

  it('ships a list of well over 10,000 common passwords and matches case-insensitively', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PassWord')).toBe(true);
    // Long enough for the length rule, but common.
    for (const common of ['qwerty123456', '1q2w3e4r5t6y', 'QAZWSXEDCRFV', 'leavemealone']) {
      expect(passwordProblem(common)).toBe('common');
    }
    expect(isCommonPassword('a fairly unusual passphrase 7431')).toBe(false);
  });

  it('refuses the account e-mail address and its local part', () => {
    const email = 'ada.lovelace.1815@example.org';
    expect(passwordProblem('Ada.Lovelace.1815@example.org', { email })).toBe('like_email');
    expect(passwordProblem('ada.lovelace.1815', { email })).toBe('like_email');
    expect(passwordProblem('ada.lovelace.1815 engine', { email })).toBeNull();
  });

  it('throws INVALID_INPUT with one clear sentence that never repeats the password', () => {
    const cases: Array<[string, RegExp]> = [
      ['Zq9-tiny', /at least 12 characters/],
      ['x'.repeat(129), /at most 128 characters/],
      ['qwerty123456', /commonly used passwords/],
    ];
    for (const [password, message] of cases) {
      const error = errorOf(() => checkPasswordPolicy(password));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(password);
      expect(error.message.trim().split(/[.;]\s/).length).toBeLessThanOrEqual(2);
      expect(error.details.field).toBe('password');
      expect(JSON.stringify(error.details)).not.toContain(password);
    }
    expect(() => checkPasswordPolicy('a good long passphrase')).not.toThrow();
  });
});
