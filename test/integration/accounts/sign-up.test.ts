import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newLinkToken } from '../../../src/accounts/tokens.js';
import { sha256Hex } from '../../../src/crypto/digest.js';
import { randomPublicId } from '../../../src/crypto/random.js';
import { insertInvitation } from '../../../src/db/repositories/invitation.repository.js';
import { findOrganisationByPublicId } from '../../../src/db/repositories/organisation.repository.js';
import { findUserByEmail } from '../../../src/db/repositories/user.repository.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import {
  GOOD_PASSWORD,
  keysOpenedWith,
  lastMailTo,
  linkIn,
  logIn,
  mailsTo,
  newAddress,
  newOrganisation,
  requestSignUpToken,
  signUp,
} from './account-helpers.js';

const NEW_PASSWORD = 'a brand new passphrase';
const ACTIVE_ID = 'document.activeElement && document.activeElement.id';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

for (const dialect of DIALECTS) {
  describe(`sign-up with e-mail confirmation (${dialect})`, () => {
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

    it('the e-mailed link creates the account, confirmed, and works only once', async () => {
      const email = newAddress('new');
      const token = await requestSignUpToken(platform, sink, email);
      const mail = lastMailTo(sink, email);
      expect(mail.subject).toBe('Confirm your e-mail address to create your Certa account');
      expect(linkIn(mail, '/signup/confirm').url).toMatch(
        /^http:\/\/localhost:\d+\/signup\/confirm#/,
      );

      // Only the token's SHA-256 is stored.
      const stored = await platform.ctx.db.selectFrom('emailTokens').selectAll().execute();
      expect(stored.some((row) => row.tokenHash === sha256Hex(token))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(token);

      const confirmed = await call<{ userId: string }>(
        platform.baseUrl,
        'POST',
        '/api/signups/confirm',
        { json: { token, password: GOOD_PASSWORD } },
      );
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.userId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const user = await findUserByEmail(platform.ctx.db, email);
      expect(user?.publicId).toBe(confirmed.body.userId);
      expect(user?.emailConfirmedAt).not.toBeNull();
      expect(user?.publicKey).not.toBeNull();
      await logIn(platform, email, GOOD_PASSWORD);

      const again = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: 'another long passphrase' },
      });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe('LINK_INVALID');

      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .selectAll()
        .where('action', '=', 'account.created')
        .where('targetId', '=', confirmed.body.userId)
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(email);
    });

    it('an expired link is refused with 410 and creates nothing', async () => {
      const email = newAddress('late');
      const token = await requestSignUpToken(platform, sink, email);
      platform.clock.advance(24 * 60 * 60_000 + 60_000);
      const late = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: GOOD_PASSWORD },
      });
      expect(late.status).toBe(410);
      expect(late.body.error.code).toBe('LINK_INVALID');
      expect(await findUserByEmail(platform.ctx.db, email)).toBeUndefined();
    });

    it('unknown and malformed tokens are 410 too', async () => {
      for (const token of ['A'.repeat(43), 'not a token', '']) {
        const response = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups/confirm', {
          json: { token, password: GOOD_PASSWORD },
        });
        expect(response.status).toBe(410);
        expect(response.body.error.code).toBe('LINK_INVALID');
      }
    });

    it('answers a known and an unknown address identically; the known one gets a notice, not a link', async () => {
      const known = newAddress('known');
      await signUp(platform, sink, known);
      const unknown = newAddress('unknown');
      const before = mailsTo(sink, known).length;

      const forKnown = await call(platform.baseUrl, 'POST', '/api/signups', {
        json: { email: known },
      });
      const forUnknown = await call(platform.baseUrl, 'POST', '/api/signups', {
        json: { email: unknown },
      });
      expect(forKnown.status).toBe(202);
      expect(forUnknown.status).toBe(forKnown.status);
      expect(forUnknown.raw.equals(forKnown.raw)).toBe(true);
      expect(forKnown.body).toEqual({ status: 'accepted' });
      expect(forUnknown.headers.get('content-type')).toBe(forKnown.headers.get('content-type'));
      expect([...forUnknown.headers.keys()].sort()).toEqual([...forKnown.headers.keys()].sort());

      const notices = mailsTo(sink, known).slice(before);
      expect(notices).toHaveLength(1);
      expect(notices[0]?.subject).toBe('Someone tried to sign up to Certa with your address');
      expect(notices[0]?.text).toContain('/password-reset');
      expect(notices[0]?.text).not.toContain('/signup/confirm');
      expect(linkIn(lastMailTo(sink, unknown), '/signup/confirm').token).toHaveLength(43);
    });

    it('refuses a common password with a clear 400, stores nothing, and keeps the link usable', async () => {
      const email = newAddress('common');
      const token = await requestSignUpToken(platform, sink, email);
      const refused = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: 'password1234' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('INVALID_INPUT');
      expect(refused.body.error.message).toContain('commonly used passwords');
      expect(refused.body.error.details).toMatchObject({ field: 'password', rule: 'common' });
      expect(await findUserByEmail(platform.ctx.db, email)).toBeUndefined();

      const tooShort = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: 'short' },
      });
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.error.details).toMatchObject({ rule: 'too_short' });

      const accepted = await call(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: GOOD_PASSWORD },
      });
      expect(accepted.status).toBe(201);
    });

    it('sends at most 3 e-mails to one address per hour, with the same answer', async () => {
      const email = newAddress('capped');
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await call(platform.baseUrl, 'POST', '/api/signups', { json: { email } });
        expect(response.status).toBe(202);
        expect(response.body).toEqual({ status: 'accepted' });
      }
      expect(mailsTo(sink, email)).toHaveLength(3);
      platform.clock.advance(61 * 60_000);
      await call(platform.baseUrl, 'POST', '/api/signups', { json: { email } });
      expect(mailsTo(sink, email)).toHaveLength(4);
    });

    it('writes the e-mail in French when asked, by the body or by Accept-Language', async () => {
      const byBody = newAddress('fr-body');
      await call(platform.baseUrl, 'POST', '/api/signups', {
        json: { email: byBody, locale: 'fr' },
      });
      expect(lastMailTo(sink, byBody).subject).toBe(
        'Confirmez votre adresse e-mail pour créer votre compte Certa',
      );
      const byHeader = newAddress('fr-header');
      await call(platform.baseUrl, 'POST', '/api/signups', {
        json: { email: byHeader },
        headers: { 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5' },
      });
      expect(lastMailTo(sink, byHeader).subject).toBe(
        'Confirmez votre adresse e-mail pour créer votre compte Certa',
      );
    });

    it('refuses a malformed address with 400 and sends nothing', async () => {
      const before = sink.messages.length;
      const response = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/signups', {
        json: { email: 'not-an-address' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toMatchObject({ field: 'email' });
      expect(sink.messages.length).toBe(before);
    });

    it('logs neither the token nor the address of a pending sign-up', async () => {
      const email = newAddress('private');
      const token = await requestSignUpToken(platform, sink, email);
      await call(platform.baseUrl, 'POST', '/api/signups/confirm', {
        json: { token, password: 'password1234' },
      });
      const logs = platform.logLines.join('\n');
      expect(logs).toContain('/api/signups');
      expect(logs).not.toContain(email);
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(sha256Hex(token));
    });
  });
}

describe('sign-up rate limits (sqlite)', () => {
  let platform: TestPlatform;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    platform = await startTestPlatform('sqlite', { SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await platform?.close();
    await sink?.close();
  });

  it('limits sign-up and reset requests per client address', async () => {
    for (const path of ['/api/signups', '/api/password-resets']) {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const response = await call(platform.baseUrl, 'POST', path, {
          json: { email: newAddress('limited') },
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
      expect(statuses[5]).toBe(429);
    }
  });
});

describe('sign-up pages in Chromium', () => {
  let platform: TestPlatform;
  let sink: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    platform = await startTestPlatform('sqlite', { SMTP_URL: sink.url }, { rateLimits: false });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await sink?.close();
  });

  async function openPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'en-GB' });
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
    });`);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { page, problems };
  }

  it('asks for a link on /signup, then creates the account from the e-mailed link', async () => {
    const email = newAddress('browser');
    const { page, problems } = await openPage();

    await page.goto(`${platform.baseUrl}/signup`);
    await page.getByLabel('E-mail address').fill(email);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#form-message').textContent())
      .toContain('Check your inbox');
    expect(await page.locator('#form-message').getAttribute('aria-live')).toBe('polite');

    // The e-mailed link, opened on this test server.
    const link = new URL(linkIn(lastMailTo(sink, email), '/signup/confirm').url);
    const response = await page.goto(`${platform.baseUrl}${link.pathname}${link.hash}`);
    expect(response?.headers()['cache-control']).toBe('no-store');
    // The token is read, then gone from the address bar.
    expect(page.url()).toBe(`${platform.baseUrl}/signup/confirm`);
    // Said before the account is created.
    const notice = await page.locator('#recovery-notice').textContent();
    expect(notice).toContain('recovery key once');
    expect(notice).toContain(
      'pending documents stay readable only through the recipients’ own links',
    );

    await page.screenshot({ path: '/tmp/certa-signup-confirm.png', fullPage: true });

    // A mismatch is caught in the page and the field at fault gets the focus.
    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('New password again').fill('something else entirely');
    await page.click('#submit-button');
    await expect.poll(() => page.locator('#form-message').textContent()).toContain('not the same');
    expect(await page.evaluate<string | null>(ACTIVE_ID)).toBe('password-confirm');
    expect(await page.locator('#password-confirm').getAttribute('aria-invalid')).toBe('true');

    // A common password: the server's refusal, in words.
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('New password again').fill('password1234');
    await page.click('#submit-button');
    await expect
      .poll(() => page.locator('#form-message').textContent())
      .toContain('commonly used passwords');

    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('New password again').fill(GOOD_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#done-heading').isVisible()).toBe(true);
    expect(await page.locator('#done-heading').textContent()).toBe('Your account is ready');
    expect(await page.evaluate<string | null>(ACTIVE_ID)).toBe('done-heading');
    expect(await page.locator('#account-form').isVisible()).toBe(false);
    expect(problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);

    const user = await findUserByEmail(platform.ctx.db, email);
    expect(user?.emailConfirmedAt).not.toBeNull();
    await logIn(platform, email, GOOD_PASSWORD);
  });

  it('resets a forgotten password from the e-mailed link, with the organisation recovery key', async () => {
    const email = newAddress('browser-reset');
    await signUp(platform, sink, email);
    const session = await logIn(platform, email, GOOD_PASSWORD);
    const organisation = await newOrganisation(platform, session, 'Browser Reset Org');
    const { page, problems } = await openPage();

    await page.goto(`${platform.baseUrl}/password-reset`);
    await page.getByLabel('E-mail address').fill(email);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#form-message').textContent())
      .toContain('Check your inbox');

    const link = new URL(linkIn(lastMailTo(sink, email), '/password-reset').url);
    // Same page, new fragment: the script takes the token on hashchange.
    await page.goto(`${platform.baseUrl}${link.pathname}${link.hash}`);
    await expect.poll(() => page.locator('#choose-section').isVisible()).toBe(true);
    await expect.poll(() => page.url()).toBe(`${platform.baseUrl}/password-reset`);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByLabel('Organisation id').fill(organisation.organisationId);
    // Only one half of the pair: caught in the page.
    await page.click('#submit-button');
    await expect
      .poll(() => page.locator('#form-message').textContent())
      .toContain('Enter both the organisation id and its recovery key');
    expect(await page.evaluate<string | null>(ACTIVE_ID)).toBe('recovery-key');
    await page.getByLabel('Recovery key').fill(organisation.recoveryKey);
    await page.screenshot({ path: '/tmp/certa-password-reset.png', fullPage: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#done-heading').isVisible()).toBe(true);
    expect(await page.locator('#done-keys').textContent()).toContain(organisation.organisationId);
    expect(await page.locator('#done-keys').textContent()).toContain('restored');
    expect(problems).toEqual([]);
    await logIn(platform, email, NEW_PASSWORD);
    expect(await keysOpenedWith(platform, email, NEW_PASSWORD, organisation.organisationId)).toBe(
      1,
    );
  });

  it('accepts an invitation from the e-mailed link, as a new account and as an existing one', async () => {
    const ownerEmail = newAddress('inviter');
    await signUp(platform, sink, ownerEmail);
    const session = await logIn(platform, ownerEmail, GOOD_PASSWORD);
    const organisation = await newOrganisation(platform, session, 'Invitation Test Org');
    const owner = await findUserByEmail(platform.ctx.db, ownerEmail);
    const org = await findOrganisationByPublicId(platform.ctx.db, organisation.organisationId);
    if (owner === undefined || org === undefined) throw new Error('setup');
    /** An invitation as part D stores it; the token is what its e-mail carries. */
    const invitationFor = async (email: string, role: 'operator' | 'viewer') => {
      const { token, hash } = newLinkToken();
      await insertInvitation(platform.ctx.db, {
        publicId: randomPublicId(),
        organisationId: org.id,
        email,
        role,
        tokenHash: hash,
        invitedByUserId: owner.id,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      return token;
    };

    // A new account.
    const newcomer = newAddress('invited-new');
    const { page, problems } = await openPage();
    await page.goto(
      `${platform.baseUrl}/invitations/accept#${await invitationFor(newcomer, 'operator')}`,
    );
    await expect
      .poll(() => page.locator('#invitation-summary').textContent())
      .toBe('You are invited to join Invitation Test Org as operator.');
    expect(page.url()).toBe(`${platform.baseUrl}/invitations/accept`);
    expect(await page.locator('#existing-account-fields').isVisible()).toBe(false);
    expect(await page.evaluate<string | null>(ACTIVE_ID)).toBe('password');
    await page.getByLabel('Choose a password for your new account').fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#done-heading').isVisible()).toBe(true);
    expect(await page.locator('#key-access-text').isVisible()).toBe(true);
    await logIn(platform, newcomer, NEW_PASSWORD);

    // An existing account: its password, a wrong one first.
    const existing = newAddress('invited-existing');
    await signUp(platform, sink, existing);
    await page.goto(`${platform.baseUrl}/signup`);
    await page.goto(
      `${platform.baseUrl}/invitations/accept#${await invitationFor(existing, 'viewer')}`,
    );
    await expect
      .poll(() => page.locator('#invitation-summary').textContent())
      .toBe('You are invited to join Invitation Test Org as viewer.');
    expect(await page.locator('#new-account-fields').isVisible()).toBe(false);
    await page.getByLabel('Password of your Certa account').fill('not the right password');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#form-message').textContent())
      .toBe('The password is not correct.');
    expect(await page.locator('#current-password').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Password of your Certa account').fill(GOOD_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#done-heading').isVisible()).toBe(true);
    expect(problems.filter((problem) => !problem.includes('status of 401'))).toEqual([]);
  });

  it('serves the reset and invitation pages in English and French with labelled fields', async () => {
    for (const [path, heading] of [
      ['/password-reset', 'Réinitialiser votre mot de passe'],
      ['/invitations/accept', 'Accepter une invitation'],
      ['/signup', 'Créer un compte'],
      ['/signup/confirm', 'Choisissez votre mot de passe'],
    ] as const) {
      const response = await call(platform.baseUrl, 'GET', `${path}?lang=fr`);
      expect(response.status).toBe(200);
      const html = response.raw.toString('utf8');
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(html).toContain('<html lang="fr">');
      expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
      // The page's script: a Vite-built module with a content-hashed name.
      expect(html).toMatch(
        /<script type="module" src="\/assets\/pages\/account-[A-Za-z0-9_-]+\.js"><\/script>/,
      );
      // Every input has a label.
      for (const match of html.matchAll(/<input id="([^"]+)"/g))
        expect(html).toContain(`<label for="${match[1]}"`);
    }
    const { page, problems } = await openPage();
    await page.goto(`${platform.baseUrl}/password-reset`);
    expect(await page.locator('#request-section').isVisible()).toBe(true);
    expect(await page.locator('#choose-section').isVisible()).toBe(false);
    await page.goto(`${platform.baseUrl}/password-reset#${'A'.repeat(43)}`);
    expect(await page.locator('#choose-section').isVisible()).toBe(true);
    expect(page.url()).toBe(`${platform.baseUrl}/password-reset`);
    expect(problems).toEqual([]);
  });
});
