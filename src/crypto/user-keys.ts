import { openAead, sealAead } from './aead.js';
import { openSealedBox, sealToPublicKey } from './sealed-box.js';

/**
 * Each issuer user has an X25519 key pair. Its private key is wrapped by the user's Argon2id
 * password key; organisation private keys are sealed to its public key. So a member who has
 * unlocked the organisation can hand its key to a new member (seal to their public key) without
 * knowing their password, and a password change re-wraps one key, not every organisation's.
 */
const USER_KEY_LABEL = 'certa/user-key/v1';
const MEMBER_SEAL_LABEL = 'certa/org-key/member/v1';

/** Wraps the user's private key with their password-derived key, bound to the user's id. */
export function wrapUserPrivateKey(
  privateKey: Buffer,
  passwordKey: Buffer,
  userPublicId: string,
): Buffer {
  return sealAead(passwordKey, privateKey, `${USER_KEY_LABEL}|${userPublicId}`);
}

/** Opens the user's private key; throws DecryptionError for a wrong password. */
export function unwrapUserPrivateKey(
  wrapped: Buffer,
  passwordKey: Buffer,
  userPublicId: string,
): Buffer {
  return openAead(passwordKey, wrapped, `${USER_KEY_LABEL}|${userPublicId}`);
}

function memberSealBinding(organisationId: string, keyId: number, userPublicId: string): string {
  return `${MEMBER_SEAL_LABEL}|${organisationId}|${keyId}|${userPublicId}`;
}

/** Seals one organisation private key to one member's public key (bound to org, key and member). */
export function sealOrganisationKeyToMember(
  organisationPrivateKey: Buffer,
  memberPublicKey: Buffer,
  binding: { organisationId: string; keyId: number; userPublicId: string },
): Buffer {
  return sealToPublicKey(
    memberPublicKey,
    organisationPrivateKey,
    memberSealBinding(binding.organisationId, binding.keyId, binding.userPublicId),
  );
}

/** Opens a member's seal with their private key; throws DecryptionError on any mismatch. */
export function openMemberSeal(
  sealed: Buffer,
  memberPrivateKey: Buffer,
  binding: { organisationId: string; keyId: number; userPublicId: string },
): Buffer {
  return openSealedBox(
    memberPrivateKey,
    sealed,
    memberSealBinding(binding.organisationId, binding.keyId, binding.userPublicId),
  );
}
