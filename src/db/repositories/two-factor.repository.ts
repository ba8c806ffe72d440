import type { Executor } from '../database.js';

/** Starts (or restarts) TOTP enrolment: a new sealed secret, not yet switched on. */
export async function setPendingTotpSecret(
  db: Executor,
  userId: number,
  values: { totpSecretSealed: Buffer; totpAlgorithm: string },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...values, totpLastStep: null, totpEnabledAt: null })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records `step` as the last accepted TOTP time step, only if it is later than the stored one.
 * Returns false when another request already used this step or a later one (a replay).
 */
export async function claimTotpStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Switches TOTP on (enrolment confirmed); false when it was already on or no secret is pending. */
export async function enableTotp(db: Executor, userId: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totpEnabledAt: at })
    .where('id', '=', userId)
    .where('totpEnabledAt', 'is', null)
    .where('totpSecretSealed', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Switches TOTP off and forgets the secret. */
export async function disableTotp(db: Executor, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ totpSecretSealed: null, totpAlgorithm: null, totpLastStep: null, totpEnabledAt: null })
    .where('id', '=', userId)
    .execute();
}

export function listUnusedRecoveryCodes(db: Executor, userId: number) {
  return db
    .selectFrom('recoveryCodes')
    .select(['id', 'codeHash'])
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .orderBy('id')
    .execute();
}

/** Marks one recovery code used; false when it was used already (a concurrent request won). */
export async function consumeRecoveryCode(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: at })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces the user's recovery codes with a new set (the old ones stop working). */
export async function replaceRecoveryCodes(
  db: Executor,
  userId: number,
  hashes: readonly string[],
  at: string,
): Promise<void> {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  if (hashes.length === 0) return;
  await db
    .insertInto('recoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: at })))
    .execute();
}

export async function deleteRecoveryCodes(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
}
