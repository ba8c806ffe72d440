import { checkNewPassword, normaliseEmail } from '../accounts/credentials.js';
import type { AppContext } from '../context.js';
import {
  wrapOrganisationKeyForRecovery,
  wrapOrganisationKeyForUser,
} from '../crypto/organisation-keys.js';
import { derivePasswordKey, hashPassword } from '../crypto/password.js';
import { encodeKey, randomBytesOf, randomKey, randomPublicId } from '../crypto/random.js';
import { generateX25519KeyPair } from '../crypto/sealed-box.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  insertOrganisation,
  insertOrganisationKey,
} from '../db/repositories/organisation.repository.js';
import {
  findUserByEmail,
  insertMembership,
  insertUser,
  insertUserKeyWrap,
} from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { checkOrganisationName } from './issuer.js';

export interface RegisteredIssuer {
  organisationId: string;
  organisationName: string;
  status: 'pending_review';
  userId: string;
  /**
   * Shown once: opens the organisation key if every user's password is lost. Without it, pending
   * documents stay readable only through the recipients' own links.
   */
  recoveryKey: string;
}

/**
 * Signs up an organisation with its first user (owner). The organisation gets an X25519 key
 * pair whose private key is wrapped by the user's Argon2id password key and by a recovery key;
 * the private key itself is never stored. The organisation cannot issue until a platform admin
 * approves it.
 */
export async function registerIssuer(
  ctx: AppContext,
  input: { organisationName: string; email: string; password: string },
): Promise<RegisteredIssuer> {
  const organisationName = checkOrganisationName(input.organisationName);
  const email = normaliseEmail(input.email);
  checkNewPassword(input.password);
  const organisationId = randomPublicId();
  const userId = randomPublicId();
  const keyPair = generateX25519KeyPair();
  const recoveryKey = randomKey();
  const kdfSalt = randomBytesOf(16);
  const [passwordHash, passwordKey] = await Promise.all([
    hashPassword(input.password),
    derivePasswordKey(input.password, kdfSalt),
  ]);
  const createdAt = ctx.now().toISOString();

  await ctx.db.transaction().execute(async (trx) => {
    if ((await findUserByEmail(trx, email)) !== undefined) {
      throw new AppError(
        'CONFLICT',
        'An account with this e-mail address already exists; log in instead.',
      );
    }
    const organisationRowId = await insertOrganisation(trx, {
      publicId: organisationId,
      name: organisationName,
      status: 'pending_review',
      createdAt,
    });
    const keyId = await insertOrganisationKey(trx, {
      organisationId: organisationRowId,
      publicKey: keyPair.publicKey,
      recoveryWrap: wrapOrganisationKeyForRecovery(keyPair.privateKey, recoveryKey, organisationId),
      createdAt,
    });
    const userRowId = await insertUser(trx, {
      publicId: userId,
      email,
      passwordHash,
      isPlatformAdmin: 0,
      createdAt,
    });
    await insertMembership(trx, {
      userId: userRowId,
      organisationId: organisationRowId,
      role: 'owner',
      createdAt,
    });
    await insertUserKeyWrap(trx, {
      userId: userRowId,
      organisationKeyId: keyId,
      kdfSalt,
      wrap: wrapOrganisationKeyForUser(keyPair.privateKey, passwordKey, organisationId, userId),
      createdAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: createdAt,
      actorType: 'user',
      actorId: userId,
      action: 'organisation.registered',
      organisationId: organisationRowId,
      targetId: organisationId,
    });
  });
  keyPair.privateKey.fill(0);
  return {
    organisationId,
    organisationName,
    status: 'pending_review',
    userId,
    recoveryKey: encodeKey(recoveryKey),
  };
}
