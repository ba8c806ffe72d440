import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpBinding, totpSealingKey } from '../../../src/accounts/account-secrets.js';
import { newTotpSecret, totpCode, totpTimeStep } from '../../../src/accounts/totp.js';
import { sealOrganisationKeysTo } from '../../../src/accounts/user-keys.js';
import { sealAead } from '../../../src/crypto/aead.js';
import { sha256Hex } from '../../../src/crypto/digest.js';
import { wrapOrganisationKeyForRecovery } from '../../../src/crypto/organisation-keys.js';
import { encodeKey, randomKey } from '../../../src/crypto/random.js';
import { generateX25519KeyPair } from '../../../src/crypto/sealed-box.js';
import {
  findOrganisationByPublicId,
  insertOrganisationKey,
} from '../../../src/db/repositories/organisation.repository.js';
import { findUserByEmail } from '../../../src/db/repositories/user.repository.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import {
  GOOD_PASSWORD,
  OTHER_PASSWORD,
  keysOpenedWith,
  lastMailTo,
  linkIn,
  logIn,
  mailsTo,
  newAddress,
  newOrganisation,
  signUp,
} from './account-helpers.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface ResetResult {
  recovered: string[];
  keyAccessLost: string[];
}

const THIRD_PASSWORD = 'lanterns over the harbour';

for (const dialect of DIALECTS) {
  describe(`password change and reset (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
    });
    afterEach(() => platform.clock.reset());
    afterAll(async () => {
      await platform?.close();
      await sink?.close();
    });

    /** A signed-up, logged-in owner of a new organisation. */
    async function owner(label: string) {
      const email = newAddress(label);
      await signUp(platform, sink, email);
      const token = await logIn(platform, email, GOOD_PASSWORD);
      const organisation = await newOrganisation(platform, token, `Organisation ${label}`);
      return { email, token, ...organisation };
    }

    async function me(token: string): Promise<number> {
      return (await call(platform.baseUrl, 'GET', '/api/me', { token })).status;
    }

    /** Asks for a reset link over HTTP and returns the token from the e-mail. */
    async function resetToken(email: string): Promise<string> {
      const response = await call(platform.baseUrl, 'POST', '/api/password-resets', {
        json: { email },
      });
      expect(response.status).toBe(202);
      return linkIn(lastMailTo(sink, email), '/password-reset').token;
    }

    async function complete(json: Record<string, unknown>) {
      return call<ResetResult & ErrorBody>(
        platform.baseUrl,
        'POST',
        '/api/password-resets/complete',
        {
          json,
        },
      );
    }

    it('a password change ends every session and re-wraps the key: the new password opens the organisation key, the old one no longer does', async () => {
      const account = await owner('change');
      const secondSession = await logIn(platform, account.email, GOOD_PASSWORD);
      expect(
        await keysOpenedWith(platform, account.email, GOOD_PASSWORD, account.organisationId),
      ).toBe(1);

      const wrong = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/me/password', {
        token: account.token,
        json: { currentPassword: 'not my password at all', newPassword: OTHER_PASSWORD },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');

      const common = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/me/password', {
        token: account.token,
        json: { currentPassword: GOOD_PASSWORD, newPassword: 'passwordpassword' },
      });
      expect(common.status).toBe(400);
      expect(common.body.error.details).toMatchObject({ rule: 'common' });
      expect(await me(account.token)).toBe(200);

      const changed = await call(platform.baseUrl, 'POST', '/api/me/password', {
        token: account.token,
        json: { currentPassword: GOOD_PASSWORD, newPassword: OTHER_PASSWORD },
      });
      expect(changed.status).toBe(204);
      expect(changed.headers.get('set-cookie')).toMatch(/certa_session=;.*Max-Age=0/i);

      // Every session ended, this one included.
      expect(await me(account.token)).toBe(401);
      expect(await me(secondSession)).toBe(401);

      const oldLogIn = await call(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email: account.email, password: GOOD_PASSWORD },
      });
      expect(oldLogIn.status).toBe(401);
      await logIn(platform, account.email, OTHER_PASSWORD);
      expect(
        await keysOpenedWith(platform, account.email, OTHER_PASSWORD, account.organisationId),
      ).toBe(1);
      await expect(
        keysOpenedWith(platform, account.email, GOOD_PASSWORD, account.organisationId),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

      const user = await findUserByEmail(platform.ctx.db, account.email);
      expect(user?.passwordChangedAt).not.toBeNull();
      expect(lastMailTo(sink, account.email).subject).toBe('Your Certa password was changed');
      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'detail'])
        .where('action', '=', 'account.password_changed')
        .where('targetId', '=', user?.publicId ?? '')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('a password change needs a logged-in user', async () => {
      const anonymous = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/me/password', {
        json: { currentPassword: GOOD_PASSWORD, newPassword: OTHER_PASSWORD },
      });
      expect(anonymous.status).toBe(401);
    });

    it('answers a reset request for a known and an unknown address identically; only the known one gets a link', async () => {
      const known = newAddress('reset-known');
      await signUp(platform, sink, known);
      const unknown = newAddress('reset-unknown');
      const before = mailsTo(sink, known).length;
      const forKnown = await call(platform.baseUrl, 'POST', '/api/password-resets', {
        json: { email: known },
      });
      const forUnknown = await call(platform.baseUrl, 'POST', '/api/password-resets', {
        json: { email: unknown },
      });
      expect(forKnown.status).toBe(202);
      expect(forUnknown.status).toBe(202);
      expect(forUnknown.raw.equals(forKnown.raw)).toBe(true);
      expect([...forUnknown.headers.keys()].sort()).toEqual([...forKnown.headers.keys()].sort());
      expect(mailsTo(sink, known).slice(before)).toHaveLength(1);
      expect(lastMailTo(sink, known).subject).toBe('Reset your Certa password');
      // The unknown address gets a notice (so both cases do the same work), with no link to use.
      const notices = mailsTo(sink, unknown);
      expect(notices).toHaveLength(1);
      expect(notices[0]?.subject).toBe('Password reset requested for your address on Certa');
      expect(notices[0]?.text).toContain('/signup');
      expect(notices[0]?.text).not.toContain('/password-reset#');
    });

    it('sends at most 3 reset e-mails to one address per hour, with the same answer', async () => {
      const email = newAddress('reset-capped');
      await signUp(platform, sink, email);
      const before = mailsTo(sink, email).length;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await call(platform.baseUrl, 'POST', '/api/password-resets', {
          json: { email },
        });
        expect(response.status).toBe(202);
      }
      expect(mailsTo(sink, email).length - before).toBe(3);
    });

    it('a reset with the recovery key keeps the organisation key reachable with the new password', async () => {
      const account = await owner('recover');
      const token = await resetToken(account.email);
      const done = await complete({
        token,
        password: OTHER_PASSWORD,
        recoveryKeys: [
          { organisationId: account.organisationId, recoveryKey: account.recoveryKey },
        ],
      });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ recovered: [account.organisationId], keyAccessLost: [] });
      expect(await me(account.token)).toBe(401);
      await logIn(platform, account.email, OTHER_PASSWORD);
      expect(
        await keysOpenedWith(platform, account.email, OTHER_PASSWORD, account.organisationId),
      ).toBe(1);

      const user = await findUserByEmail(platform.ctx.db, account.email);
      const actions = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', user?.publicId ?? '')
        .execute();
      expect(actions.map((row) => row.action)).toEqual(
        expect.arrayContaining(['account.password_reset', 'member.keys_recovered']),
      );
    });

    it('after a key rotation, each recovery key opens its own key: a reset takes them all', async () => {
      const account = await owner('rotated');
      // A second organisation key with its own recovery key, as a rotation makes it.
      const organisation = await findOrganisationByPublicId(
        platform.ctx.db,
        account.organisationId,
      );
      const user = await findUserByEmail(platform.ctx.db, account.email);
      if (organisation === undefined || user?.publicKey == null) throw new Error('setup');
      const pair = generateX25519KeyPair();
      const secondRecoveryKey = randomKey();
      const keyId = await insertOrganisationKey(platform.ctx.db, {
        organisationId: organisation.id,
        publicKey: pair.publicKey,
        recoveryWrap: wrapOrganisationKeyForRecovery(
          pair.privateKey,
          secondRecoveryKey,
          organisation.publicId,
        ),
        createdAt: new Date().toISOString(),
      });
      await sealOrganisationKeysTo(platform.ctx.db, {
        organisationPublicId: organisation.publicId,
        keys: new Map([[keyId, pair.privateKey]]),
        member: { id: user.id, publicId: user.publicId, publicKey: user.publicKey },
        sealedByUserId: user.id,
        at: new Date().toISOString(),
      });
      expect(
        await keysOpenedWith(platform, account.email, GOOD_PASSWORD, account.organisationId),
      ).toBe(2);

      const token = await resetToken(account.email);
      const done = await complete({
        token,
        password: OTHER_PASSWORD,
        recoveryKeys: [
          { organisationId: account.organisationId, recoveryKey: account.recoveryKey },
          { organisationId: account.organisationId, recoveryKey: encodeKey(secondRecoveryKey) },
        ],
      });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ recovered: [account.organisationId], keyAccessLost: [] });
      expect(
        await keysOpenedWith(platform, account.email, OTHER_PASSWORD, account.organisationId),
      ).toBe(2);
    });

    it('a reset without the recovery key loses key access, but log-in works', async () => {
      const account = await owner('lose');
      const token = await resetToken(account.email);
      const done = await complete({ token, password: OTHER_PASSWORD });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ recovered: [], keyAccessLost: [account.organisationId] });
      expect(await me(account.token)).toBe(401);
      const session = await logIn(platform, account.email, OTHER_PASSWORD);
      expect(await me(session)).toBe(200);
      expect(
        await keysOpenedWith(platform, account.email, OTHER_PASSWORD, account.organisationId),
      ).toBe(0);
      const oldLogIn = await call(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email: account.email, password: GOOD_PASSWORD },
      });
      expect(oldLogIn.status).toBe(401);
    });

    it('a reset link works once, and not after an hour', async () => {
      const account = await owner('reuse');
      const token = await resetToken(account.email);
      expect((await complete({ token, password: OTHER_PASSWORD })).status).toBe(200);
      const again = await complete({ token, password: THIRD_PASSWORD });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe('LINK_INVALID');

      const late = await resetToken(account.email);
      platform.clock.advance(60 * 60_000 + 1000);
      const expired = await complete({ token: late, password: THIRD_PASSWORD });
      expect(expired.status).toBe(410);
      platform.clock.reset();
      await logIn(platform, account.email, OTHER_PASSWORD);
    });

    it('a wrong recovery key or a common password changes nothing, names the problem, and leaves the link usable', async () => {
      const account = await owner('wrong-key');
      const token = await resetToken(account.email);

      const wrongKey = await complete({
        token,
        password: OTHER_PASSWORD,
        recoveryKeys: [
          { organisationId: account.organisationId, recoveryKey: encodeKey(randomKey()) },
        ],
      });
      expect(wrongKey.status).toBe(400);
      expect(wrongKey.body.error.message).toContain(account.organisationId);
      expect(wrongKey.body.error.details).toMatchObject({
        field: 'recoveryKeys',
        organisationId: account.organisationId,
      });

      const notMember = await owner('other-org');
      const foreign = await complete({
        token,
        password: OTHER_PASSWORD,
        recoveryKeys: [
          { organisationId: notMember.organisationId, recoveryKey: notMember.recoveryKey },
        ],
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details).toMatchObject({
        organisationId: notMember.organisationId,
      });

      const common = await complete({ token, password: '123456789012' });
      expect(common.status).toBe(400);
      expect(common.body.error.details).toMatchObject({ rule: 'common' });

      // Nothing changed: the old password still logs in and opens the key; the session lives.
      expect(await me(account.token)).toBe(200);
      expect(
        await keysOpenedWith(platform, account.email, GOOD_PASSWORD, account.organisationId),
      ).toBe(1);

      const done = await complete({
        token,
        password: OTHER_PASSWORD,
        recoveryKeys: [
          { organisationId: account.organisationId, recoveryKey: account.recoveryKey },
        ],
      });
      expect(done.status).toBe(200);
      expect(done.body.recovered).toEqual([account.organisationId]);
    });

    it('a reset never bypasses the second factor: refused without a code or with a wrong one (the link stays usable), accepted with a valid code once', async () => {
      const account = await owner('two-factor');
      // Two-factor authentication switched on, as enrolment leaves it (part B's sealing).
      const user = await findUserByEmail(platform.ctx.db, account.email);
      if (user === undefined) throw new Error('setup');
      const secret = newTotpSecret();
      await platform.ctx.db
        .updateTable('users')
        .set({
          totpSecretSealed: sealAead(
            totpSealingKey(platform.ctx.masterKey),
            secret,
            totpBinding(user.publicId),
          ),
          totpAlgorithm: 'SHA1',
          totpEnabledAt: new Date().toISOString(),
        })
        .where('id', '=', user.id)
        .execute();
      const token = await resetToken(account.email);
      const missing = await complete({ token, password: OTHER_PASSWORD });
      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe('SECOND_FACTOR_REQUIRED');
      const wrong = await complete({ token, password: OTHER_PASSWORD, code: '000000' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(wrong.body.error.details).toMatchObject({ field: 'code' });
      // Nothing changed: the session lives, the old password still opens the key, the link is unused.
      expect(await me(account.token)).toBe(200);
      expect(
        await keysOpenedWith(platform, account.email, GOOD_PASSWORD, account.organisationId),
      ).toBe(1);
      const row = await platform.ctx.db
        .selectFrom('emailTokens')
        .select('usedAt')
        .where('tokenHash', '=', sha256Hex(token))
        .executeTakeFirst();
      expect(row?.usedAt).toBeNull();

      const code = totpCode(secret, totpTimeStep(platform.ctx.now()));
      const done = await complete({
        token,
        password: OTHER_PASSWORD,
        code,
        recoveryKeys: [
          { organisationId: account.organisationId, recoveryKey: account.recoveryKey },
        ],
      });
      expect(done.status).toBe(200);
      expect(done.body.recovered).toEqual([account.organisationId]);
      expect(await me(account.token)).toBe(401);

      // The same code cannot serve a second reset.
      const next = await resetToken(account.email);
      const replayed = await complete({ token: next, password: THIRD_PASSWORD, code });
      expect(replayed.status).toBe(401);
      expect(replayed.body.error.code).toBe('INVALID_CREDENTIALS');
    });

    it('logs no reset token', async () => {
      const account = await owner('logs');
      const token = await resetToken(account.email);
      await complete({ token, password: OTHER_PASSWORD });
      const logs = platform.logLines.join('\n');
      expect(logs).toContain('/api/password-resets/complete');
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(account.email);
      expect(logs).not.toContain(account.recoveryKey);
    });
  });
}
