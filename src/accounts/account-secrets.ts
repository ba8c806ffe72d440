import { deriveKey } from '../crypto/hkdf.js';

/**
 * Keys the accounts code derives from the platform master key (HKDF-SHA-256, one `info` label per
 * purpose, so no key serves two uses). None is ever stored; all change if the master key does.
 */
const SALT = 'certa/accounts';

/** AES-256-GCM key for TOTP secrets (sealed with the user's public id as associated data). */
export function totpSealingKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, SALT, 'certa/totp-secret/v1');
}

/** HMAC-SHA-256 key for recovery codes. */
export function recoveryCodeKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, SALT, 'certa/recovery-codes/v1');
}

/** HMAC-SHA-256 key for the CSRF token of a cookie session. */
export function csrfKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, SALT, 'certa/csrf/v1');
}

/** HMAC-SHA-256 key for the log-in throttle keys (e-mail addresses and client addresses). */
export function throttleKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, SALT, 'certa/login-throttle/v1');
}

/** Associated data binding a sealed TOTP secret to its user. */
export function totpBinding(userPublicId: string): string {
  return `certa/totp-secret/v1|${userPublicId}`;
}
