import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  loginDelaySeconds,
  MAX_LOGIN_DELAY_SECONDS,
} from '../../../src/accounts/login-throttle.js';
import { sessionCookieIsSecure } from '../../../src/http/session-cookie.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { logIn, newUser, postLogIn, sessionCookie } from './session-helpers.js';
import type { TestUser } from './session-helpers.js';

interface Me {
  id: string;
  csrfToken: string | null;
  twoFactor: { enabled: boolean; verifiedThisSession: boolean } | null;
}

type ErrorAnswer = { error: { code: string; details?: { retryAfterSeconds?: number } } };

function me(platform: TestPlatform, headers: Record<string, string>) {
  return call<Me & ErrorAnswer>(platform.baseUrl, 'GET', '/api/me', { headers });
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** What a client can see of an answer: status, body bytes, Retry-After. */
function visible(response: TestResponse<unknown>) {
  return {
    status: response.status,
    body: response.raw.toString('utf8'),
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('session cookie rule', () => {
  it('is Secure except on plain http to a host other than loopback', () => {
    expect(sessionCookieIsSecure('https://certa.example')).toBe(true);
    expect(sessionCookieIsSecure('http://localhost:3000')).toBe(true);
    expect(sessionCookieIsSecure('http://127.0.0.1:3000')).toBe(true);
    expect(sessionCookieIsSecure('http://[::1]:3000')).toBe(true);
    expect(sessionCookieIsSecure('http://certa.intranet.example')).toBe(false);
  });

  it('the progressive delay doubles from the 4th failure up to 15 minutes', () => {
    expect([1, 2, 3].map((failures) => loginDelaySeconds(failures, 3))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7].map((failures) => loginDelaySeconds(failures, 3))).toEqual([2, 4, 8, 16]);
    expect(loginDelaySeconds(12, 3)).toBe(512);
    expect(loginDelaySeconds(13, 3)).toBe(MAX_LOGIN_DELAY_SECONDS);
    expect(loginDelaySeconds(10_000, 3)).toBe(15 * 60);
    expect(loginDelaySeconds(20, 20)).toBe(0);
    expect(loginDelaySeconds(21, 20)).toBe(2);
  });
});

for (const dialect of DIALECTS) {
  describe(`sessions in cookies, CSRF, expiry and log-in throttling (${dialect})`, () => {
    let platform: TestPlatform;
    let user: TestUser;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {}, { rateLimits: false });
      user = await newUser(platform, 'person');
    });
    afterEach(async () => {
      platform.clock.reset();
      await platform.ctx.db.deleteFrom('loginThrottles').execute();
    });
    afterAll(async () => platform.close());

    describe('log-in', () => {
      it('sets an HttpOnly, Secure, SameSite=Strict cookie and still returns the token and a CSRF token', async () => {
        const response = await postLogIn(platform, { email: user.email, password: user.password });
        expect(response.status).toBe(201);
        const { token, csrfToken } = response.body;
        expect(token).toMatch(/^cs_/);
        expect(csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(response.headers.getSetCookie()).toEqual([
          `certa_session=${token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${12 * 60 * 60}`,
        ]);
        const byCookie = await me(platform, sessionCookie(token));
        expect(byCookie.status).toBe(200);
        expect(byCookie.body.id).toBe(user.publicId);
        expect(byCookie.body.csrfToken).toBe(csrfToken);
        expect(byCookie.body.twoFactor).toEqual({ enabled: false, verifiedThisSession: false });
      });

      it('a bearer header wins over the cookie', async () => {
        const other = await newUser(platform, 'other');
        const mine = await logIn(platform, user);
        const theirs = await logIn(platform, other);
        const response = await me(platform, {
          ...sessionCookie(mine.token),
          ...bearer(theirs.token),
        });
        expect(response.body.id).toBe(other.publicId);
      });

      it('a stale cookie makes the request anonymous instead of failing it', async () => {
        const stale = `cs_${'A'.repeat(43)}`;
        const response = await me(platform, sessionCookie(stale));
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
        const page = await call(platform.baseUrl, 'GET', '/', { headers: sessionCookie(stale) });
        expect(page.status).toBe(200);
      });
    });

    describe('session fixation', () => {
      it('a session presented by cookie at log-in is ended, and the new token differs', async () => {
        const first = await logIn(platform, user);
        const second = await postLogIn(
          platform,
          { email: user.email, password: user.password },
          sessionCookie(first.token),
        );
        expect(second.status).toBe(201);
        expect(second.body.token).not.toBe(first.token);
        expect((await me(platform, sessionCookie(first.token))).status).toBe(401);
        expect((await me(platform, bearer(first.token))).status).toBe(401);
        expect((await me(platform, sessionCookie(second.body.token))).status).toBe(200);
      });

      it('a session presented as a bearer token at log-in is ended too', async () => {
        const first = await logIn(platform, user);
        const second = await postLogIn(
          platform,
          { email: user.email, password: user.password },
          bearer(first.token),
        );
        expect(second.status).toBe(201);
        expect(second.body.token).not.toBe(first.token);
        const old = await me(platform, bearer(first.token));
        expect(old.status).toBe(401);
        expect((await me(platform, bearer(second.body.token))).status).toBe(200);
      });

      it('a failed log-in does not end the presented session', async () => {
        const first = await logIn(platform, user);
        const failed = await postLogIn(
          platform,
          { email: user.email, password: 'not the password at all' },
          sessionCookie(first.token),
        );
        expect(failed.status).toBe(401);
        expect((await me(platform, bearer(first.token))).status).toBe(200);
      });
    });

    describe('CSRF', () => {
      async function totpPending(): Promise<boolean> {
        const row = await platform.ctx.db
          .selectFrom('users')
          .select('totpSecretSealed')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow();
        return row.totpSecretSealed !== null;
      }

      async function startEnrolment(headers: Record<string, string>) {
        return call<ErrorAnswer>(platform.baseUrl, 'POST', '/api/me/two-factor', {
          headers,
          json: { password: user.password },
        });
      }

      it('a cookie POST without the token is 403 CSRF_FAILED and changes nothing', async () => {
        const session = await logIn(platform, user);
        const refused = await startEnrolment(sessionCookie(session.token));
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('CSRF_FAILED');
        expect(await totpPending()).toBe(false);
      });

      it('a cookie POST with a wrong token (another session’s, or garbage) is 403', async () => {
        const session = await logIn(platform, user);
        const other = await logIn(platform, user);
        for (const wrong of [other.csrfToken, 'x'.repeat(43), '', session.token]) {
          const refused = await startEnrolment({
            ...sessionCookie(session.token),
            'x-csrf-token': wrong,
          });
          expect(refused.status).toBe(403);
          expect(refused.body.error.code).toBe('CSRF_FAILED');
        }
        const lock = await call<ErrorAnswer>(
          platform.baseUrl,
          'POST',
          '/api/sessions/current/lock',
          {
            headers: { ...sessionCookie(session.token), 'x-csrf-token': other.csrfToken },
          },
        );
        expect(lock.status).toBe(403);
        expect(await totpPending()).toBe(false);
      });

      it('a cookie POST with the right token passes', async () => {
        const session = await logIn(platform, user);
        const lock = await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', {
          headers: { ...sessionCookie(session.token), 'x-csrf-token': session.csrfToken },
        });
        expect(lock.status).toBe(204);
      });

      it('bearer requests need no CSRF token', async () => {
        const session = await logIn(platform, user);
        const lock = await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', {
          token: session.token,
        });
        expect(lock.status).toBe(204);
      });

      it('GET needs no CSRF token, and a public POST with the cookie stays anonymous', async () => {
        const session = await logIn(platform, user);
        expect((await me(platform, sessionCookie(session.token))).status).toBe(200);
        // Verifying a document is public: the cookie is simply not used there.
        const verify = await call(platform.baseUrl, 'POST', '/api/verify', {
          headers: sessionCookie(session.token),
          body: Buffer.from('%PDF-1.7 not really'),
          contentType: 'application/pdf',
        });
        expect(verify.status).not.toBe(403);
      });
    });

    describe('log-out and expiry', () => {
      it('log-out by cookie ends the session and clears the cookie', async () => {
        const session = await logIn(platform, user);
        const out = await call(platform.baseUrl, 'DELETE', '/api/sessions/current', {
          headers: { ...sessionCookie(session.token), 'x-csrf-token': session.csrfToken },
        });
        expect(out.status).toBe(204);
        const cleared = out.headers.getSetCookie()[0] ?? '';
        expect(cleared).toMatch(/^certa_session=;/);
        expect(cleared).toContain('Max-Age=0');
        expect((await me(platform, sessionCookie(session.token))).status).toBe(401);
        expect((await me(platform, bearer(session.token))).status).toBe(401);
      });

      it('log-out by cookie without the CSRF token is refused', async () => {
        const session = await logIn(platform, user);
        const out = await call<ErrorAnswer>(platform.baseUrl, 'DELETE', '/api/sessions/current', {
          headers: sessionCookie(session.token),
        });
        expect(out.status).toBe(403);
        expect((await me(platform, bearer(session.token))).status).toBe(200);
      });

      it('log-out by bearer ends the session', async () => {
        const session = await logIn(platform, user);
        const out = await call(platform.baseUrl, 'DELETE', '/api/sessions/current', {
          token: session.token,
        });
        expect(out.status).toBe(204);
        expect((await me(platform, bearer(session.token))).status).toBe(401);
      });

      it('a session ends after SESSION_TTL_MINUTES even when used', async () => {
        const session = await logIn(platform, user);
        for (let step = 0; step < 12 * 3; step += 1) {
          platform.clock.advance(20 * 60_000);
          const response = await me(platform, bearer(session.token));
          expect(response.status, `after ${(step + 1) * 20} minutes`).toBe(
            (step + 1) * 20 < 12 * 60 ? 200 : 401,
          );
          if (response.status === 401) break;
        }
      });

      it('a session unused for SESSION_IDLE_MINUTES ends; use keeps it alive', async () => {
        const busy = await logIn(platform, user);
        const idle = await logIn(platform, user);
        platform.clock.advance(20 * 60_000);
        expect((await me(platform, bearer(busy.token))).status).toBe(200);
        platform.clock.advance(20 * 60_000);
        expect((await me(platform, bearer(busy.token))).status).toBe(200);
        expect((await me(platform, sessionCookie(idle.token))).status).toBe(401);
        expect((await me(platform, bearer(idle.token))).status).toBe(401);
      });

      it('the last-seen time is written at most once a minute', async () => {
        const session = await logIn(platform, user);
        const lastSeen = async () =>
          (
            await platform.ctx.db
              .selectFrom('sessions')
              .select('lastSeenAt')
              .where('userId', '=', user.id)
              .orderBy('id', 'desc')
              .executeTakeFirstOrThrow()
          ).lastSeenAt;
        const atLogIn = await lastSeen();
        platform.clock.advance(30_000);
        await me(platform, bearer(session.token));
        expect(await lastSeen()).toBe(atLogIn);
        platform.clock.advance(40_000);
        await me(platform, bearer(session.token));
        expect(await lastSeen()).not.toBe(atLogIn);
      });
    });

    describe('log-in throttling', () => {
      const wrong = 'definitely not the password';

      it('refuses with 429 and Retry-After from the 4th failure, doubling, the same for unknown and known e-mails', async () => {
        const known = await newUser(platform, 'throttled');
        const unknown = `nobody-${dialect}-${process.pid}@sessions.example`;
        const answers: Record<'known' | 'unknown', ReturnType<typeof visible>[]> = {
          known: [],
          unknown: [],
        };
        for (const [label, email] of [
          ['known', known.email],
          ['unknown', unknown],
        ] as const) {
          await platform.ctx.db.deleteFrom('loginThrottles').execute();
          platform.clock.reset();
          const attempt = async (password: string) =>
            visible(await postLogIn(platform, { email, password }));
          for (let failure = 1; failure <= 4; failure += 1)
            answers[label].push(await attempt(wrong));
          // Blocked for 2 s: even the right password is not checked.
          answers[label].push(await attempt(known.password));
          platform.clock.advance(2_000);
          answers[label].push(await attempt(wrong));
          answers[label].push(await attempt(wrong));
          platform.clock.advance(3_000);
          answers[label].push(await attempt(wrong));
          platform.clock.advance(1_000);
          answers[label].push(await attempt(wrong));
        }
        expect(answers.known).toEqual(answers.unknown);
        const statuses = answers.known.map((answer) => answer.status);
        expect(statuses).toEqual([401, 401, 401, 401, 429, 401, 429, 429, 401]);
        const retryAfter = answers.known.map((answer) => answer.retryAfter);
        expect(retryAfter).toEqual([null, null, null, null, '2', null, '4', '1', null]);
        const refused = JSON.parse(answers.known[4]!.body) as ErrorAnswer;
        expect(refused.error.code).toBe('RATE_LIMITED');
        expect(refused.error.details?.retryAfterSeconds).toBe(2);
      });

      it('success clears the count for the e-mail address', async () => {
        const person = await newUser(platform, 'forgetful');
        for (let failure = 1; failure <= 4; failure += 1) {
          expect((await postLogIn(platform, { email: person.email, password: wrong })).status).toBe(
            401,
          );
        }
        platform.clock.advance(2_000);
        await logIn(platform, person);
        for (let failure = 1; failure <= 4; failure += 1) {
          expect((await postLogIn(platform, { email: person.email, password: wrong })).status).toBe(
            401,
          );
        }
        expect((await postLogIn(platform, { email: person.email, password: wrong })).status).toBe(
          429,
        );
      });

      it('the delay never exceeds 15 minutes', async () => {
        const person = await newUser(platform, 'persistent');
        const throttleRows = () =>
          platform.ctx.db.selectFrom('loginThrottles').selectAll().execute();
        // Fourteen failures, each after the previous block ran out.
        for (let failure = 1; failure <= 14; failure += 1) {
          const answer = await postLogIn(platform, { email: person.email, password: wrong });
          expect(answer.status, `failure ${failure}`).toBe(401);
          const rows = await throttleRows();
          const blockedUntil = Math.max(
            0,
            ...rows.map((row) => (row.blockedUntil === null ? 0 : Date.parse(row.blockedUntil))),
          );
          platform.clock.advance(Math.max(0, blockedUntil - platform.ctx.now().getTime()) + 1);
        }
        const answer = await postLogIn(platform, { email: person.email, password: wrong });
        expect(answer.status).toBe(401);
        const refused = await postLogIn(platform, { email: person.email, password: wrong });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe(String(15 * 60));
        // The table holds keyed hashes only, never the address.
        for (const row of await throttleRows()) expect(row.key).not.toContain('@');
      });

      it('one client failing on many addresses is slowed down after 20 failures', async () => {
        for (let failure = 1; failure <= 21; failure += 1) {
          const answer = await postLogIn(platform, {
            email: `spray-${failure}@sessions.example`,
            password: wrong,
          });
          expect(answer.status, `failure ${failure}`).toBe(401);
        }
        const refused = await postLogIn(platform, { email: user.email, password: user.password });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('2');
        platform.clock.advance(2_000);
        await logIn(platform, user);
      });
    });
  });

  describe(`the per-route rate limit on log-in stays (${dialect})`, () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
    });
    afterAll(async () => platform.close());

    it('more than 10 log-ins a minute from one client get 429 with Retry-After', async () => {
      const statuses: number[] = [];
      let last: TestResponse<unknown> | undefined;
      for (let attempt = 1; attempt <= 11; attempt += 1) {
        last = await postLogIn(platform, {
          email: `rate-${attempt}@sessions.example`,
          password: 'some password or other',
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });
}
