import { hashPassword } from '../crypto/password.js';
import { randomPublicId } from '../crypto/random.js';
import type { Executor } from '../db/database.js';
import { insertUser } from '../db/repositories/user.repository.js';
import { checkPasswordPolicy } from './password-policy.js';
import { newUserKeyMaterial } from './user-keys.js';
import type { UserKeyMaterial } from './user-keys.js';

/** A new account's secrets, computed (Argon2id, twice) before the transaction that stores it. */
export interface PreparedUser {
  publicId: string;
  email: string;
  passwordHash: string;
  keys: UserKeyMaterial;
}

/**
 * Checks the password against the policy (length, common passwords, not the e-mail) and derives
 * what the account stores: the login hash and the user's key pair wrapped by the password key.
 */
export async function prepareUser(email: string, password: string): Promise<PreparedUser> {
  checkPasswordPolicy(password, { email });
  const publicId = randomPublicId();
  const [passwordHash, material] = await Promise.all([
    hashPassword(password),
    newUserKeyMaterial(password, publicId),
  ]);
  material.privateKey.fill(0);
  return {
    publicId,
    email,
    passwordHash,
    keys: {
      publicKey: material.publicKey,
      privateKeyWrap: material.privateKeyWrap,
      keyKdfSalt: material.keyKdfSalt,
    },
  };
}

/** Stores a prepared account; returns its row id. The caller checks the e-mail is free. */
export async function insertPreparedUser(
  db: Executor,
  prepared: PreparedUser,
  options: { isPlatformAdmin: boolean; emailConfirmedAt: string | null; createdAt: string },
): Promise<number> {
  return insertUser(db, {
    publicId: prepared.publicId,
    email: prepared.email,
    passwordHash: prepared.passwordHash,
    isPlatformAdmin: options.isPlatformAdmin ? 1 : 0,
    createdAt: options.createdAt,
    emailConfirmedAt: options.emailConfirmedAt,
    ...prepared.keys,
  });
}
