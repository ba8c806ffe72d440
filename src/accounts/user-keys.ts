import type { AppContext } from '../context.js';
import { DecryptionError } from '../crypto/aead.js';
import { unwrapOrganisationKeyForUser } from '../crypto/organisation-keys.js';
import { derivePasswordKey } from '../crypto/password.js';
import { randomBytesOf } from '../crypto/random.js';
import { generateX25519KeyPair } from '../crypto/sealed-box.js';
import {
  openMemberSeal,
  sealOrganisationKeyToMember,
  unwrapUserPrivateKey,
  wrapUserPrivateKey,
} from '../crypto/user-keys.js';
import type { Executor } from '../db/database.js';
import {
  deleteLegacyKeyWrap,
  insertMemberKeySeals,
  listLegacyKeyWraps,
  listMemberKeySeals,
  setUserKeyPair,
} from '../db/repositories/member-key.repository.js';
import { AppError } from '../errors.js';

/** A user's key pair as stored: the private key only wrapped by the password key. */
export interface UserKeyMaterial {
  publicKey: Buffer;
  privateKeyWrap: Buffer;
  keyKdfSalt: Buffer;
}

/** A fresh user key pair, its private key wrapped by `password`. The caller zeroes privateKey. */
export async function newUserKeyMaterial(
  password: string,
  userPublicId: string,
): Promise<UserKeyMaterial & { privateKey: Buffer }> {
  const pair = generateX25519KeyPair();
  const keyKdfSalt = randomBytesOf(16);
  const passwordKey = await derivePasswordKey(password, keyKdfSalt);
  const privateKeyWrap = wrapUserPrivateKey(pair.privateKey, passwordKey, userPublicId);
  passwordKey.fill(0);
  return { publicKey: pair.publicKey, privateKey: pair.privateKey, privateKeyWrap, keyKdfSalt };
}

/** Re-wraps an open user private key under a new password (password change). */
export async function rewrapUserPrivateKey(
  privateKey: Buffer,
  password: string,
  userPublicId: string,
): Promise<Omit<UserKeyMaterial, 'publicKey'>> {
  const keyKdfSalt = randomBytesOf(16);
  const passwordKey = await derivePasswordKey(password, keyKdfSalt);
  const privateKeyWrap = wrapUserPrivateKey(privateKey, passwordKey, userPublicId);
  passwordKey.fill(0);
  return { privateKeyWrap, keyKdfSalt };
}

function wrongPassword(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The password is not correct.');
}

/** Opens the user's private key with their password; INVALID_CREDENTIALS when it does not open. */
export async function openUserPrivateKey(
  user: { publicId: string; privateKeyWrap: Buffer | null; keyKdfSalt: Buffer | null },
  password: string,
): Promise<Buffer> {
  if (user.privateKeyWrap === null || user.keyKdfSalt === null)
    throw new AppError('FORBIDDEN', 'This account has no key pair yet; log in once to create it.');
  const passwordKey = await derivePasswordKey(password, user.keyKdfSalt);
  try {
    return unwrapUserPrivateKey(user.privateKeyWrap, passwordKey, user.publicId);
  } catch (error) {
    if (error instanceof DecryptionError) throw wrongPassword();
    throw error;
  } finally {
    passwordKey.fill(0);
  }
}

/**
 * Gives an account made before user key pairs existed its key pair, and turns its legacy
 * password wraps of organisation keys into seals. Runs at log-in, the one moment the password
 * is known; a no-op for accounts that already have a key pair and no legacy wraps.
 */
export async function upgradeUserKeys(
  ctx: AppContext,
  user: {
    id: number;
    publicId: string;
    publicKey: Buffer | null;
  },
  password: string,
): Promise<void> {
  const legacy = await listLegacyKeyWraps(ctx.db, user.id);
  if (user.publicKey !== null && legacy.length === 0) return;
  const now = ctx.now().toISOString();
  let publicKey = user.publicKey;
  let fresh: (UserKeyMaterial & { privateKey: Buffer }) | null = null;
  if (publicKey === null) {
    fresh = await newUserKeyMaterial(password, user.publicId);
    publicKey = fresh.publicKey;
  }
  const seals: Parameters<typeof insertMemberKeySeals>[1][number][] = [];
  for (const wrap of legacy) {
    const passwordKey = await derivePasswordKey(password, wrap.kdfSalt);
    const organisationKey = unwrapOrganisationKeyForUser(
      wrap.wrap,
      passwordKey,
      wrap.organisationPublicId,
      user.publicId,
    );
    seals.push({
      userId: user.id,
      organisationKeyId: wrap.organisationKeyId,
      sealed: sealOrganisationKeyToMember(organisationKey, publicKey, {
        organisationId: wrap.organisationPublicId,
        keyId: wrap.organisationKeyId,
        userPublicId: user.publicId,
      }),
      sealedByUserId: user.id,
      createdAt: now,
    });
    organisationKey.fill(0);
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (fresh !== null) {
      await setUserKeyPair(trx, user.id, {
        publicKey: fresh.publicKey,
        privateKeyWrap: fresh.privateKeyWrap,
        keyKdfSalt: fresh.keyKdfSalt,
      });
    }
    await insertMemberKeySeals(trx, seals);
    for (const wrap of legacy) await deleteLegacyKeyWrap(trx, wrap.id);
  });
  fresh?.privateKey.fill(0);
}

/** Seals each of an organisation's open private keys (by key id) to one member. */
export async function sealOrganisationKeysTo(
  db: Executor,
  input: {
    organisationPublicId: string;
    keys: ReadonlyMap<number, Buffer>;
    member: { id: number; publicId: string; publicKey: Buffer };
    sealedByUserId: number | null;
    at: string;
  },
): Promise<void> {
  await insertMemberKeySeals(
    db,
    [...input.keys].map(([keyId, privateKey]) => ({
      userId: input.member.id,
      organisationKeyId: keyId,
      sealed: sealOrganisationKeyToMember(privateKey, input.member.publicKey, {
        organisationId: input.organisationPublicId,
        keyId,
        userPublicId: input.member.publicId,
      }),
      sealedByUserId: input.sealedByUserId,
      createdAt: input.at,
    })),
  );
}

/** Opens every seal the member holds for one organisation: private keys by key id. */
export async function openOrganisationKeys(
  db: Executor,
  member: { id: number; publicId: string },
  memberPrivateKey: Buffer,
  organisation: { id: number; publicId: string },
): Promise<Map<number, Buffer>> {
  const seals = await listMemberKeySeals(db, member.id, organisation.id);
  const keys = new Map<number, Buffer>();
  for (const seal of seals) {
    keys.set(
      seal.organisationKeyId,
      openMemberSeal(seal.sealed, memberPrivateKey, {
        organisationId: organisation.publicId,
        keyId: seal.organisationKeyId,
        userPublicId: member.publicId,
      }),
    );
  }
  return keys;
}
