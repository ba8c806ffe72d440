import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  wrapOrganisationKeyForRecovery,
  wrapOrganisationKeyForUser,
} from '../../../src/crypto/organisation-keys.js';
import { derivePasswordKey, hashPassword } from '../../../src/crypto/password.js';
import { randomBytesOf, randomKey, randomPublicId } from '../../../src/crypto/random.js';
import { generateX25519KeyPair } from '../../../src/crypto/sealed-box.js';
import {
  insertOrganisation,
  insertOrganisationKey,
} from '../../../src/db/repositories/organisation.repository.js';
import { insertMembership, insertUser } from '../../../src/db/repositories/user.repository.js';
import { logIn } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * Accounts made before users had key pairs hold the organisation key as a password wrap
 * (user_key_wraps). Their first log-in — the one moment the password is known — gives them a key
 * pair and turns the wrap into a seal, after which unlocking works as for every other member.
 */

const PASSWORD = 'an account from before key pairs';

for (const dialect of DIALECTS) {
  describe(`an account from before user key pairs (${dialect})`, () => {
    let platform: TestPlatform;
    const email = `legacy-${dialect}-${process.pid}@issuer.example`;
    let organisationId: string;
    let userRowId: number;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const { db } = platform.ctx;
      const at = platform.ctx.now().toISOString();
      const userId = randomPublicId();
      organisationId = randomPublicId();
      const pair = generateX25519KeyPair();
      const kdfSalt = randomBytesOf(16);
      const passwordKey = await derivePasswordKey(PASSWORD, kdfSalt);
      // The rows as the first release wrote them: no key pair, a password wrap of the org key.
      userRowId = await insertUser(db, {
        publicId: userId,
        email,
        passwordHash: await hashPassword(PASSWORD),
        isPlatformAdmin: 0,
        createdAt: at,
        emailConfirmedAt: at,
      });
      const organisationRowId = await insertOrganisation(db, {
        publicId: organisationId,
        name: 'Ancienne Université',
        status: 'approved',
        createdAt: at,
      });
      const keyId = await insertOrganisationKey(db, {
        organisationId: organisationRowId,
        publicKey: pair.publicKey,
        recoveryWrap: wrapOrganisationKeyForRecovery(pair.privateKey, randomKey(), organisationId),
        createdAt: at,
      });
      // An operator: no second factor needed, so the unlock below is about the key only.
      await insertMembership(db, {
        userId: userRowId,
        organisationId: organisationRowId,
        role: 'operator',
        createdAt: at,
      });
      await db
        .insertInto('userKeyWraps')
        .values({
          userId: userRowId,
          organisationKeyId: keyId,
          kdfSalt,
          wrap: wrapOrganisationKeyForUser(pair.privateKey, passwordKey, organisationId, userId),
          createdAt: at,
        })
        .execute();
    }, 60_000);

    afterAll(async () => {
      await platform.close();
    });

    it('gets a key pair and a seal at the first log-in, and unlocks with the same password', async () => {
      const before = await platform.ctx.db
        .selectFrom('users')
        .select('publicKey')
        .where('id', '=', userRowId)
        .executeTakeFirstOrThrow();
      expect(before.publicKey).toBeNull();

      const token = await logIn(platform, email, PASSWORD);

      const user = await platform.ctx.db
        .selectFrom('users')
        .select(['publicKey', 'privateKeyWrap'])
        .where('id', '=', userRowId)
        .executeTakeFirstOrThrow();
      expect(user.publicKey).not.toBeNull();
      expect(user.privateKeyWrap).not.toBeNull();
      const legacy = await platform.ctx.db
        .selectFrom('userKeyWraps')
        .select('id')
        .where('userId', '=', userRowId)
        .execute();
      expect(legacy).toHaveLength(0);
      const seals = await platform.ctx.db
        .selectFrom('memberKeySeals')
        .select('id')
        .where('userId', '=', userRowId)
        .execute();
      expect(seals).toHaveLength(1);

      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token,
        json: { organisationId, password: PASSWORD },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
      const wrong = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token,
        json: { organisationId, password: 'not the password at all' },
      });
      expect(wrong.status).toBe(401);

      // A second log-in changes nothing more.
      await logIn(platform, email, PASSWORD);
      const again = await platform.ctx.db
        .selectFrom('memberKeySeals')
        .select('id')
        .where('userId', '=', userRowId)
        .execute();
      expect(again).toHaveLength(1);
    });
  });
}
