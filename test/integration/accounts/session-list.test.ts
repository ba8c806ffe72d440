import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseUserAgent, truncateClientAddress } from '../../../src/accounts/session-client.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { newOwner, newUser, postLogIn, sessionCookie } from './session-helpers.js';
import type { TestUser } from './session-helpers.js';

interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  idleExpiresAt: string;
  userAgent: string | null;
  clientNetwork: string | null;
  current: boolean;
  secondFactor: boolean;
  unlockedUntil: string | null;
}

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('what a session remembers of its client', () => {
  it('summarises the User-Agent without versions', () => {
    expect(summariseUserAgent(FIREFOX)).toBe('Firefox on Linux');
    expect(summariseUserAgent(SAFARI_IOS)).toBe('Safari on iOS');
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(summariseUserAgent('curl/8.5.0')).toBe('curl');
    expect(summariseUserAgent('something/1.0')).toBe('Other client');
    expect(summariseUserAgent(undefined)).toBeNull();
  });

  it('keeps only the network of the client address', () => {
    expect(truncateClientAddress('203.0.113.77')).toBe('203.0.113.0/24');
    expect(truncateClientAddress('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(truncateClientAddress('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(truncateClientAddress('::1')).toBe('0:0:0::/48');
    expect(truncateClientAddress('not an address')).toBeNull();
  });
});

for (const dialect of DIALECTS) {
  describe(`my sessions: list, end one, end the others (${dialect})`, () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {}, { rateLimits: false });
    });
    afterAll(async () => platform.close());

    async function logInAs(user: TestUser, userAgent: string): Promise<string> {
      const response = await postLogIn(
        platform,
        { email: user.email, password: user.password },
        { 'user-agent': userAgent },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.token;
    }

    function sessionsOf(token: string) {
      return call<SessionView[]>(platform.baseUrl, 'GET', '/api/me/sessions', { token });
    }

    it('lists the caller’s own live sessions, newest first, without tokens, marking the current one', async () => {
      const user = await newUser(platform, 'lister');
      const first = await logInAs(user, FIREFOX);
      platform.clock.advance(60_000);
      const second = await logInAs(user, SAFARI_IOS);
      const someoneElse = await newUser(platform, 'other');
      await logInAs(someoneElse, FIREFOX);

      const listed = await sessionsOf(second);
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      expect(listed.body).toHaveLength(2);
      const [newest, oldest] = listed.body;
      expect(newest).toMatchObject({
        userAgent: 'Safari on iOS',
        clientNetwork: '127.0.0.0/24',
        current: true,
        secondFactor: false,
        unlockedUntil: null,
      });
      expect(oldest).toMatchObject({ userAgent: 'Firefox on Linux', current: false });
      expect(newest!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(new Date(newest!.expiresAt).getTime()).toBeGreaterThan(
        new Date(newest!.createdAt).getTime(),
      );
      const raw = listed.raw.toString('utf8');
      for (const token of [first, second]) {
        expect(raw).not.toContain(token);
        expect(raw).not.toContain(token.slice(3));
      }
      const hashes = await platform.ctx.db.selectFrom('sessions').select('tokenHash').execute();
      for (const { tokenHash } of hashes) expect(raw).not.toContain(tokenHash);

      // Seen from the first session, the same two with the other one current.
      const fromFirst = await sessionsOf(first);
      expect(fromFirst.body.map((session) => [session.id, session.current])).toEqual([
        [newest!.id, false],
        [oldest!.id, true],
      ]);
      platform.clock.reset();
    });

    it('ends one of my sessions by id; another user’s session id is 404 and stays alive', async () => {
      const user = await newUser(platform, 'ender');
      const kept = await logInAs(user, FIREFOX);
      const doomed = await logInAs(user, SAFARI_IOS);
      const stranger = await newUser(platform, 'stranger');
      const strangerToken = await logInAs(stranger, FIREFOX);
      const strangerSession = (await sessionsOf(strangerToken)).body[0]!;
      const doomedId = (await sessionsOf(doomed)).body.find((session) => session.current)!.id;

      const foreign = await call(
        platform.baseUrl,
        'DELETE',
        `/api/me/sessions/${strangerSession.id}`,
        { token: kept },
      );
      expect(foreign.status).toBe(404);
      expect((await sessionsOf(strangerToken)).status).toBe(200);

      const ended = await call(platform.baseUrl, 'DELETE', `/api/me/sessions/${doomedId}`, {
        token: kept,
      });
      expect(ended.status, ended.raw.toString()).toBe(204);
      expect(ended.headers.get('set-cookie')).toBeNull();
      expect((await sessionsOf(doomed)).status).toBe(401);
      expect((await sessionsOf(kept)).body.map((session) => session.current)).toEqual([true]);

      const again = await call(platform.baseUrl, 'DELETE', `/api/me/sessions/${doomedId}`, {
        token: kept,
      });
      expect(again.status).toBe(404);
    });

    it('ending the current session by id logs out and clears the cookie (CSRF still applies)', async () => {
      const user = await newUser(platform, 'self-ender');
      const login = await postLogIn(platform, { email: user.email, password: user.password });
      const { token, csrfToken } = login.body;
      const ownId = (await sessionsOf(token)).body[0]!.id;
      const withoutCsrf = await call(platform.baseUrl, 'DELETE', `/api/me/sessions/${ownId}`, {
        headers: sessionCookie(token),
      });
      expect(withoutCsrf.status).toBe(403);
      const ended = await call(platform.baseUrl, 'DELETE', `/api/me/sessions/${ownId}`, {
        headers: { ...sessionCookie(token), 'x-csrf-token': csrfToken },
      });
      expect(ended.status).toBe(204);
      expect(ended.headers.get('set-cookie')).toMatch(/certa_session=;/);
      expect((await sessionsOf(token)).status).toBe(401);
    });

    it('DELETE /api/me/sessions ends every other session and keeps this one', async () => {
      const user = await newUser(platform, 'everywhere');
      const others = [await logInAs(user, FIREFOX), await logInAs(user, FIREFOX)];
      const current = await logInAs(user, SAFARI_IOS);
      const ended = await call<{ ended: number }>(platform.baseUrl, 'DELETE', '/api/me/sessions', {
        token: current,
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ ended: 2 });
      for (const token of others) expect((await sessionsOf(token)).status).toBe(401);
      const left = await sessionsOf(current);
      expect(left.body).toHaveLength(1);
      expect(left.body[0]).toMatchObject({ current: true, userAgent: 'Safari on iOS' });
    });

    it('GET /api/me names this session, its expiry and whether a second factor is required', async () => {
      const owner = await newOwner(platform);
      const me = await call<{
        session: { id: string; expiresAt: string } | null;
        secondFactorRequired: boolean;
        organisations: Array<{ id: string; role: string; status: string; unlockedUntil: null }>;
        twoFactor: { enabled: boolean; verifiedThisSession: boolean };
        csrfToken: string;
      }>(platform.baseUrl, 'GET', '/api/me', { token: owner.token });
      expect(me.status).toBe(200);
      const listed = (await sessionsOf(owner.token)).body[0]!;
      expect(me.body.session).toEqual({ id: listed.id, expiresAt: listed.expiresAt });
      expect(me.body.secondFactorRequired).toBe(true);
      expect(me.body.twoFactor).toEqual({ enabled: false, verifiedThisSession: false });
      expect(me.body.csrfToken).toEqual(expect.any(String));
      expect(me.body.organisations).toEqual([
        expect.objectContaining({
          id: owner.organisationId,
          role: 'owner',
          status: 'draft',
          unlocked: false,
          unlockedUntil: null,
        }),
      ]);
      const plain = await newUser(platform, 'plain');
      const plainToken = await logInAs(plain, FIREFOX);
      const plainMe = await call<{ secondFactorRequired: boolean }>(
        platform.baseUrl,
        'GET',
        '/api/me',
        { token: plainToken },
      );
      expect(plainMe.body.secondFactorRequired).toBe(false);
    });
  });
}
