import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTotpSecret, verifySecondFactor } from '../../../src/accounts/second-factor.js';
import { decodeBase32, totpCode, totpTimeStep } from '../../../src/accounts/totp.js';
import { findUserById } from '../../../src/db/repositories/user.repository.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor, freshTotp, logInWithCode } from '../../helpers/two-factor.js';
import { addMember, logIn, newOwner, newUser, postLogIn } from './session-helpers.js';
import type { TestUser } from './session-helpers.js';

type ErrorAnswer = { error: { code: string; message: string } };

/** The code of `secret` (base32) for the platform clock's step plus `offset`. */
function codeAt(platform: TestPlatform, secret: string, offset = 0): string {
  return totpCode(decodeBase32(secret)!, totpTimeStep(platform.clock.now()) + offset);
}

for (const dialect of DIALECTS) {
  describe(`two-factor authentication (${dialect})`, () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {}, { rateLimits: false });
    });
    afterEach(async () => {
      await platform.ctx.db.deleteFrom('loginThrottles').execute();
    });
    afterAll(async () => platform.close());

    function post<T = ErrorAnswer>(path: string, token: string, json: unknown) {
      return call<T & ErrorAnswer>(platform.baseUrl, 'POST', path, { token, json });
    }

    function me(token: string) {
      return call<{ twoFactor: { enabled: boolean; verifiedThisSession: boolean } }>(
        platform.baseUrl,
        'GET',
        '/api/me',
        { token },
      );
    }

    async function sessionCount(user: TestUser): Promise<number> {
      const rows = await platform.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('userId', '=', user.id)
        .execute();
      return rows.length;
    }

    describe('enrolment', () => {
      it('needs the password, is not in force until confirmed with a code, and returns 10 recovery codes once', async () => {
        const user = await newUser(platform, 'enrolling');
        const { token } = await logIn(platform, user);
        const wrongPassword = await post('/api/me/two-factor', token, {
          password: 'nope nope nope',
        });
        expect(wrongPassword.status).toBe(401);
        expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');

        const started = await post<{ secret: string; otpauthUri: string }>(
          '/api/me/two-factor',
          token,
          { password: user.password },
        );
        expect(started.status).toBe(200);
        const { secret, otpauthUri } = started.body;
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Certa:/);
        expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);
        expect((await me(token)).body.twoFactor).toEqual({
          enabled: false,
          verifiedThisSession: false,
        });
        // Not in force yet: a log-in needs no code.
        await logIn(platform, user);

        // The secret is stored sealed under the master key, bound to this user.
        const row = (await findUserById(platform.ctx.db, user.id))!;
        expect(row.totpSecretSealed!.includes(decodeBase32(secret)!)).toBe(false);
        expect(openTotpSecret(platform.ctx, user.publicId, row.totpSecretSealed!)).toEqual(
          decodeBase32(secret),
        );
        expect(() => openTotpSecret(platform.ctx, 'someone-else', row.totpSecretSealed!)).toThrow();

        const wrongCode = await post('/api/me/two-factor/confirm', token, {
          code: codeAt(platform, secret, 5),
        });
        expect(wrongCode.status).toBe(401);
        expect(wrongCode.body.error.code).toBe('INVALID_CREDENTIALS');

        const confirmed = await post<{ recoveryCodes: string[] }>(
          '/api/me/two-factor/confirm',
          token,
          { code: freshTotp(platform, secret) },
        );
        expect(confirmed.status).toBe(200);
        expect(confirmed.body.recoveryCodes).toHaveLength(10);
        expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
        expect((await me(token)).body.twoFactor).toEqual({
          enabled: true,
          verifiedThisSession: true,
        });
        const again = await post('/api/me/two-factor', token, { password: user.password });
        expect(again.status).toBe(409);

        // No secret and no code in the audit trail.
        const events = await platform.ctx.db
          .selectFrom('auditEvents')
          .select(['action', 'detail', 'actorId'])
          .where('actorId', '=', user.publicId)
          .execute();
        // Log-ins are audit entries too (session.created); the enrolment's own two, in order:
        expect(
          events.map((event) => event.action).filter((action) => action !== 'session.created'),
        ).toEqual(['account.two_factor_enrolment_started', 'account.two_factor_enabled']);
        const trail = JSON.stringify(events);
        expect(trail).not.toContain(secret);
        for (const code of confirmed.body.recoveryCodes) expect(trail).not.toContain(code);
        expect(trail).not.toContain(user.email);
      });

      it('API keys cannot enrol', async () => {
        const owner = await newOwner(platform);
        const enrolled = await enrolTwoFactor(platform, owner.token, owner.password);
        const key = await post<{ key: string }>(
          `/api/organisations/${owner.organisationId}/api-keys`,
          enrolled.token,
          { name: 'machine', scopes: ['read'] },
        );
        expect(key.status).toBe(201);
        const refused = await post('/api/me/two-factor', key.body.key, {
          password: 'whatever it is',
        });
        expect(refused.status).toBe(403);
      });
    });

    describe('log-in with a second factor', () => {
      let user: TestUser;
      let secret: string;
      let recoveryCodes: string[];

      beforeAll(async () => {
        user = await newUser(platform, 'twofactor');
        const enrolled = await enrolTwoFactor(
          platform,
          (await logIn(platform, user)).token,
          user.password,
        );
        secret = enrolled.secret;
        recoveryCodes = enrolled.recoveryCodes;
      });

      it('the right password without a code is 401 SECOND_FACTOR_REQUIRED and opens no session', async () => {
        const before = await sessionCount(user);
        const response = await postLogIn(platform, { email: user.email, password: user.password });
        expect(response.status).toBe(401);
        expect(response.body.error?.code).toBe('SECOND_FACTOR_REQUIRED');
        expect(response.headers.getSetCookie()).toEqual([]);
        expect(await sessionCount(user)).toBe(before);
      });

      it('a wrong code is INVALID_CREDENTIALS, the same answer as a wrong password, and counts as a failure', async () => {
        const wrongCode = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: codeAt(platform, secret, 7),
        });
        const wrongPassword = await postLogIn(platform, {
          email: user.email,
          password: 'not the password either',
          code: codeAt(platform, secret),
        });
        expect(wrongCode.status).toBe(401);
        expect(wrongCode.raw.toString()).toBe(wrongPassword.raw.toString());
        const throttle = await platform.ctx.db
          .selectFrom('loginThrottles')
          .select('failures')
          .orderBy('failures', 'desc')
          .executeTakeFirstOrThrow();
        expect(throttle.failures).toBe(2);
      });

      it('the right code opens a session that passed the second factor', async () => {
        const token = await logInWithCode(platform, user.email, user.password, secret);
        expect((await me(token)).body.twoFactor).toEqual({
          enabled: true,
          verifiedThisSession: true,
        });
      });

      it('a TOTP code is accepted once: a replay within the window is refused, as is an older code', async () => {
        const code = freshTotp(platform, secret);
        const first = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code,
        });
        expect(first.status).toBe(201);
        const replay = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code,
        });
        expect(replay.status).toBe(401);
        expect(replay.body.error?.code).toBe('INVALID_CREDENTIALS');
        // A code of the step before, still inside the ±1 window, is older than the one used.
        const older = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: codeAt(platform, secret, -1),
        });
        expect(older.status).toBe(401);
      });

      it('two log-ins racing with the same code: exactly one gets in', async () => {
        const code = freshTotp(platform, secret);
        const answers = await Promise.all(
          [1, 2, 3].map(() =>
            postLogIn(platform, { email: user.email, password: user.password, code }),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([201, 401, 401]);
      });

      it('a recovery code works once, and also for replacing the recovery codes', async () => {
        const [first, second] = recoveryCodes;
        const withRecovery = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: first!.toUpperCase().replace(/-/g, ' '),
        });
        expect(withRecovery.status).toBe(201);
        expect((await me(withRecovery.body.token)).body.twoFactor.verifiedThisSession).toBe(true);
        const again = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: first!,
        });
        expect(again.status).toBe(401);

        const replaced = await post<{ recoveryCodes: string[] }>(
          '/api/me/two-factor/recovery-codes',
          withRecovery.body.token,
          { password: user.password, code: freshTotp(platform, secret) },
        );
        expect(replaced.status).toBe(200);
        expect(replaced.body.recoveryCodes).toHaveLength(10);
        const old = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: second!,
        });
        expect(old.status).toBe(401);
        const fresh = await postLogIn(platform, {
          email: user.email,
          password: user.password,
          code: replaced.body.recoveryCodes[0]!,
        });
        expect(fresh.status).toBe(201);
      });

      it('replacing recovery codes needs the password and a valid code', async () => {
        const token = await logInWithCode(platform, user.email, user.password, secret);
        const noPassword = await post('/api/me/two-factor/recovery-codes', token, {
          password: 'wrong wrong wrong',
          code: freshTotp(platform, secret),
        });
        expect(noPassword.status).toBe(401);
        const badCode = await post('/api/me/two-factor/recovery-codes', token, {
          password: user.password,
          code: '000000',
        });
        expect(badCode.status).toBe(401);
      });

      it('verifySecondFactor is false for a user without a second factor', async () => {
        const plain = (await findUserById(platform.ctx.db, (await newUser(platform, 'plain')).id))!;
        expect(await verifySecondFactor(platform.ctx, plain, '123456')).toBe(false);
      });
    });

    describe('enforcement for owners, admins and platform admins', () => {
      function documents(organisationId: string, token: string) {
        return call<ErrorAnswer>(
          platform.baseUrl,
          'GET',
          `/api/organisations/${organisationId}/documents`,
          { token },
        );
      }

      it('an owner without 2FA is refused on an organisation route, and allowed after enrolment', async () => {
        const owner = await newOwner(platform);
        const refused = await documents(owner.organisationId, owner.token);
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
        expect(refused.body.error.message).toContain('POST /api/me/two-factor');

        const other = (await logIn(platform, owner)).token;
        const enrolled = await enrolTwoFactor(platform, owner.token, owner.password);
        // The enrolling session passed the second factor at confirmation; so did the new log-in.
        expect((await documents(owner.organisationId, owner.token)).status).toBe(200);
        expect((await documents(owner.organisationId, enrolled.token)).status).toBe(200);
        // A session opened before enrolment never passed it: log in again with a code.
        const stale = await documents(owner.organisationId, other);
        expect(stale.status).toBe(403);
        expect(stale.body.error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
        expect(stale.body.error.message).toMatch(/log in again/);
      });

      it('an admin member needs it too; operators, viewers and API keys do not', async () => {
        const owner = await newOwner(platform);
        const ownerSession = (await enrolTwoFactor(platform, owner.token, owner.password)).token;
        const roles = { admin: 403, operator: 200, viewer: 200 } as const;
        for (const [role, expected] of Object.entries(roles)) {
          const member = await newUser(platform, role);
          await addMember(platform, owner.organisationId, member, role as keyof typeof roles);
          const { token } = await logIn(platform, member);
          const answer = await documents(owner.organisationId, token);
          expect(answer.status, role).toBe(expected);
          if (expected === 403)
            expect(answer.body.error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
        }
        const key = await post<{ key: string }>(
          `/api/organisations/${owner.organisationId}/api-keys`,
          ownerSession,
          { name: 'reader', scopes: ['read'] },
        );
        expect((await documents(owner.organisationId, key.body.key)).status).toBe(200);
      });

      it('a platform admin without 2FA is refused on admin routes, and allowed after enrolment', async () => {
        const admin = await newUser(platform, 'admin', { isPlatformAdmin: true });
        const { token } = await logIn(platform, admin);
        const refused = await call<ErrorAnswer>(platform.baseUrl, 'GET', '/api/admin/issuers', {
          token,
        });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
        const enrolled = await enrolTwoFactor(platform, token, admin.password);
        const allowed = await call(platform.baseUrl, 'GET', '/api/admin/issuers', {
          token: enrolled.token,
        });
        expect(allowed.status).toBe(200);
      });
    });

    describe('turning 2FA off', () => {
      function disable(token: string, json: unknown) {
        return call<ErrorAnswer>(platform.baseUrl, 'DELETE', '/api/me/two-factor', { token, json });
      }

      it('is refused for owners and platform admins', async () => {
        const owner = await newOwner(platform);
        const enrolled = await enrolTwoFactor(platform, owner.token, owner.password);
        const refused = await disable(enrolled.token, {
          password: owner.password,
          code: freshTotp(platform, enrolled.secret),
        });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
        expect((await me(enrolled.token)).body.twoFactor.enabled).toBe(true);

        const admin = await newUser(platform, 'root', { isPlatformAdmin: true });
        const adminEnrolled = await enrolTwoFactor(
          platform,
          (await logIn(platform, admin)).token,
          admin.password,
        );
        const adminRefused = await disable(adminEnrolled.token, {
          password: admin.password,
          code: freshTotp(platform, adminEnrolled.secret),
        });
        expect(adminRefused.status).toBe(403);
      });

      it('works for an operator with the password and a code; log-in then needs no code', async () => {
        const owner = await newOwner(platform);
        const operator = await newUser(platform, 'operator');
        await addMember(platform, owner.organisationId, operator, 'operator');
        const enrolled = await enrolTwoFactor(
          platform,
          (await logIn(platform, operator)).token,
          operator.password,
        );
        const wrongCode = await disable(enrolled.token, {
          password: operator.password,
          code: '000000',
        });
        expect(wrongCode.status).toBe(401);
        const wrongPassword = await disable(enrolled.token, {
          password: 'not the password',
          code: freshTotp(platform, enrolled.secret),
        });
        expect(wrongPassword.status).toBe(401);
        const done = await disable(enrolled.token, {
          password: operator.password,
          code: freshTotp(platform, enrolled.secret),
        });
        expect(done.status).toBe(204);
        expect((await me(enrolled.token)).body.twoFactor).toEqual({
          enabled: false,
          verifiedThisSession: false,
        });
        await logIn(platform, operator);
        const row = (await findUserById(platform.ctx.db, operator.id))!;
        expect(row.totpSecretSealed).toBeNull();
        const codes = await platform.ctx.db
          .selectFrom('recoveryCodes')
          .select('id')
          .where('userId', '=', operator.id)
          .execute();
        expect(codes).toEqual([]);
      });
    });
  });
}
