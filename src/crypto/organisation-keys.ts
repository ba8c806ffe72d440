import { openAead, sealAead } from './aead.js';
import { deriveKey } from './hkdf.js';

/**
 * Wraps of an organisation's X25519 private key: one per user (under the user's Argon2id
 * password key), one under the recovery key shown once at sign-up, and a short-lived one per
 * unlocked session (under a key derived from the session token, which the server does not store).
 */
function boundTo(label: string, organisationId: string, holderId: string): string {
  return `${label}|${organisationId}|${holderId}`;
}

/** Wraps the org private key for one user with their password-derived key. */
export function wrapOrganisationKeyForUser(
  privateKey: Buffer,
  passwordKey: Buffer,
  organisationId: string,
  userId: string,
): Buffer {
  return sealAead(
    passwordKey,
    privateKey,
    boundTo('certa/org-key/user/v1', organisationId, userId),
  );
}

/** Opens a user's wrap; throws DecryptionError for a wrong password. */
export function unwrapOrganisationKeyForUser(
  wrapped: Buffer,
  passwordKey: Buffer,
  organisationId: string,
  userId: string,
): Buffer {
  return openAead(passwordKey, wrapped, boundTo('certa/org-key/user/v1', organisationId, userId));
}

function recoveryWrapKey(recoveryKey: Buffer, organisationId: string): Buffer {
  return deriveKey(recoveryKey, organisationId, 'certa/org-key/recovery/v1');
}

/** Wraps the org private key with the recovery key (shown once, never stored). */
export function wrapOrganisationKeyForRecovery(
  privateKey: Buffer,
  recoveryKey: Buffer,
  organisationId: string,
): Buffer {
  return sealAead(
    recoveryWrapKey(recoveryKey, organisationId),
    privateKey,
    `certa/org-key/recovery/v1|${organisationId}`,
  );
}

/** Opens the recovery wrap. */
export function unwrapOrganisationKeyWithRecovery(
  wrapped: Buffer,
  recoveryKey: Buffer,
  organisationId: string,
): Buffer {
  return openAead(
    recoveryWrapKey(recoveryKey, organisationId),
    wrapped,
    `certa/org-key/recovery/v1|${organisationId}`,
  );
}

function sessionWrapKey(sessionToken: Buffer, sessionId: string): Buffer {
  return deriveKey(sessionToken, sessionId, 'certa/org-key/session/v1');
}

/** Wraps the org private key for one unlocked session; only the session's bearer can open it. */
export function wrapOrganisationKeyForSession(
  privateKey: Buffer,
  sessionToken: Buffer,
  sessionId: string,
  organisationId: string,
): Buffer {
  return sealAead(
    sessionWrapKey(sessionToken, sessionId),
    privateKey,
    boundTo('certa/org-key/session/v1', organisationId, sessionId),
  );
}

/** Opens a session's wrap of the org private key. */
export function unwrapOrganisationKeyForSession(
  wrapped: Buffer,
  sessionToken: Buffer,
  sessionId: string,
  organisationId: string,
): Buffer {
  return openAead(
    sessionWrapKey(sessionToken, sessionId),
    wrapped,
    boundTo('certa/org-key/session/v1', organisationId, sessionId),
  );
}
