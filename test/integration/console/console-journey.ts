import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { checkConsolePage } from '../../helpers/console-browser.js';
import type { ConsoleBrowser, RecordedPage } from '../../helpers/console-browser.js';
import { outboxLinkToken } from '../../helpers/factories.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { freshTotp } from '../../helpers/two-factor.js';

/*
 * Steps of the console journey (issue 10's acceptance walk), each done in Chromium the way a
 * person would — clicking, typing, reading what the page says — and each console page checked
 * with axe-core and photographed (checkConsolePage).
 */

export interface Journey {
  readonly platform: TestPlatform;
  readonly browser: ConsoleBrowser;
  /** The screenshot folder's name (one per database). */
  readonly group: string;
}

export interface Person {
  readonly email: string;
  readonly password: string;
  /** Base32 TOTP secret once enrolled. */
  totpSecret: string | null;
  readonly recorded: RecordedPage;
}

/** Waits until the page's path is `path` (a string or a pattern). */
export async function expectPath(page: Page, path: string | RegExp): Promise<void> {
  await expect
    .poll(() => new URL(page.url()).pathname, { timeout: 15_000 })
    .toMatch(typeof path === 'string' ? new RegExp(`^${escapeRegExp(path)}$`) : path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The page's h1, once it is there. */
export async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await expect
    .poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 })
    .toMatch(typeof text === 'string' ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text);
}

/** Sign-up on the server-rendered pages: ask for the link, open it, choose the password. */
export async function signUp(journey: Journey, person: Person): Promise<void> {
  const { page } = person.recorded;
  const { platform } = journey;
  await page.goto(`${platform.baseUrl}/signup`);
  await page.getByLabel('E-mail address').fill(person.email);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.locator('#form-message').textContent())
    .toContain('Check your inbox');
  const token = await outboxLinkToken(platform, person.email, '/signup/confirm');
  await page.goto(`${platform.baseUrl}/signup/confirm#${token}`);
  await page.getByLabel('New password', { exact: true }).fill(person.password);
  await page.getByLabel('New password again').fill(person.password);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.locator('#done-heading').textContent())
    .toBe('Your account is ready');
  // The page ends with the way to the console's log-in.
  await page.locator('#login-link, a[href="/login"]').first().click();
  await expectPath(page, '/login');
}

/** Log-in in the console, with a TOTP code when the account has one. */
export async function logIn(journey: Journey, person: Person, next?: string): Promise<void> {
  const { page } = person.recorded;
  if (next !== undefined || new URL(page.url()).pathname !== '/login')
    await page.goto(
      `${journey.platform.baseUrl}/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`,
    );
  await expectHeading(page, 'Log in to Certa');
  await page.fill('#login-email', person.email);
  await page.fill('#login-password', person.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  if (person.totpSecret !== null) {
    await expect.poll(() => page.locator('#login-code').isVisible()).toBe(true);
    await page.fill('#login-code', freshTotp(journey.platform, person.totpSecret));
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await expectPath(page, /^\/console/);
}

/** Turns on two-factor authentication on "My account": QR code and key, code, recovery codes. */
export async function enrolTotp(journey: Journey, person: Person): Promise<void> {
  const { page } = person.recorded;
  await expectPath(page, '/console/account');
  await expectHeading(page, 'My account');
  await checkConsolePage(person.recorded, 'account', journey.group);
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).first().click();
  await page.fill('#tf-password', person.password);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect.poll(() => page.locator('[data-testid="totp-secret"]').isVisible()).toBe(true);
  // The QR code is drawn in the page (an inline SVG), next to the key as text.
  await expect.poll(() => page.locator('.qr svg').count()).toBe(1);
  const secret = ((await page.locator('[data-testid="totp-secret"]').textContent()) ?? '').replace(
    /\s+/g,
    '',
  );
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await checkConsolePage(person.recorded, 'account-two-factor-scan', journey.group);
  await page.fill('#tf-code', freshTotp(journey.platform, secret));
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  await expect
    .poll(() => page.getByRole('heading', { name: 'Your recovery codes' }).isVisible())
    .toBe(true);
  const codes = ((await page.locator('[data-testid="secret"]').textContent()) ?? '').split('\n');
  expect(codes.filter((code) => code.trim() !== '')).toHaveLength(10);
  await checkConsolePage(person.recorded, 'account-recovery-codes', journey.group);
  // Done stays disabled until the person says they stored the codes.
  const done = page.getByRole('button', { name: 'Done' });
  expect(await done.isDisabled()).toBe(true);
  await page.getByLabel('I have stored my recovery codes somewhere safe').check();
  await done.click();
  await expect
    .poll(() => page.getByText('Two-factor authentication is on.').first().isVisible())
    .toBe(true);
  person.totpSecret = secret;
}

/** Drops a file on a drop zone as a person dragging it from their desktop would. */
export async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(file.bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
    return transfer;
  })()`);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

/**
 * Creates the organisation: its name, then the recovery key shown once, which must be
 * acknowledged before the application opens. Returns the organisation's id.
 */
export async function createOrganisation(
  journey: Journey,
  person: Person,
  name: string,
): Promise<string> {
  const { page } = person.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/onboarding`);
  await expectHeading(page, 'Create your organisation');
  await checkConsolePage(person.recorded, 'onboarding', journey.group);
  // The name is required: the error is next to the field.
  await page.getByRole('button', { name: 'Create the organisation' }).click();
  expect(await page.locator('#organisation-name').getAttribute('aria-invalid')).toBe('true');
  await page.fill('#organisation-name', name);
  await page.getByRole('button', { name: 'Create the organisation' }).click();
  await expect.poll(() => page.locator('[data-testid="secret"]').isVisible()).toBe(true);
  const recoveryKey = (await page.locator('[data-testid="secret"]').textContent()) ?? '';
  expect(recoveryKey.trim().length).toBeGreaterThan(20);
  await checkConsolePage(person.recorded, 'onboarding-recovery-key', journey.group);
  const next = page.getByRole('button', { name: 'Continue to the application' });
  expect(await next.isDisabled()).toBe(true);
  await page.getByLabel('I have stored the recovery key somewhere safe, offline').check();
  await next.click();
  await expectPath(page, /^\/console\/o\/[A-Za-z0-9_-]+\/application$/);
  return new URL(page.url()).pathname.split('/')[3] ?? '';
}

/**
 * Fills in the application (a wrong website first, refused next to the field), drops an
 * evidence PDF, proves the domain against the test DNS server, and submits.
 */
export async function applyForVerification(
  journey: Journey,
  person: Person,
  input: {
    domain: string;
    evidence: Buffer;
    publishTxt: (name: string, value: string) => void;
  },
): Promise<void> {
  const { page } = person.recorded;
  await expectHeading(page, 'Verification application');
  await checkConsolePage(person.recorded, 'application-draft', journey.group);
  await page.fill('#app-legalName', 'Université de Démonstration');
  await page.fill('#app-registrationNumber', '19751234500018');
  await page.selectOption('#app-country', 'FR');
  await page.fill('#app-website', 'http://not-https.example');
  await page.fill('#app-contactName', 'Service de la scolarité');
  await page.fill('#app-contactEmail', 'scolarite@univ-demo.example');
  await page.fill('#app-domain', input.domain);
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect
    .poll(() => page.locator('#app-website-error').textContent())
    .toBe('The address must start with https://.');
  expect(await page.locator('#app-website').getAttribute('aria-invalid')).toBe('true');
  await page.fill('#app-website', `https://www.${input.domain}`);
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect.poll(() => page.getByText('Details saved.').first().isVisible()).toBe(true);

  await page.selectOption('#evidence-kind', 'registration_certificate');
  await dropFile(page, '[data-testid="evidence-dropzone"]', {
    name: 'kbis.pdf',
    type: 'application/pdf',
    bytes: input.evidence,
  });
  await expect.poll(() => page.locator('[data-testid^="evidence-"] >> text=PDF').count()).toBe(1);

  // The exact record to publish is on the page; publish it, then check.
  const name = ((await page.locator('[data-testid="dns-name"]').textContent()) ?? '').trim();
  const value = ((await page.locator('[data-testid="dns-value"]').textContent()) ?? '').trim();
  expect(name).toBe(`_certa-challenge.${input.domain}`);
  expect(value).toMatch(/^certa-verification=/);
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect
    .poll(() => page.getByText(`Not found yet for ${input.domain}`).first().isVisible())
    .toBe(true);
  input.publishTxt(name, value);
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect
    .poll(() =>
      page.getByText(`Found: the domain ${input.domain} is verified.`).first().isVisible(),
    )
    .toBe(true);
  await checkConsolePage(person.recorded, 'application-ready', journey.group);

  await page.getByRole('button', { name: 'Submit the application' }).click();
  await expect
    .poll(() =>
      page
        .getByText('The application is submitted. You are e-mailed when the reviewer decides.')
        .isVisible(),
    )
    .toBe(true);
  expect(await page.locator('[data-testid="application-status"]').textContent()).toContain(
    'Waiting for review',
  );
  await checkConsolePage(person.recorded, 'application-submitted', journey.group);
}

/** The platform admin opens the queue, the application, its evidence, and approves it. */
export async function reviewAndApprove(
  journey: Journey,
  admin: Person,
  organisationName: string,
): Promise<void> {
  const { page } = admin.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/admin`);
  await expectHeading(page, 'Review queue');
  await expect.poll(() => page.getByText(organisationName).first().isVisible()).toBe(true);
  await checkConsolePage(admin.recorded, 'admin-review-queue', journey.group);
  await page.getByRole('link', { name: organisationName }).first().click();
  await expectPath(page, /^\/console\/admin\/issuers\/[A-Za-z0-9_-]+$/);
  await expectHeading(page, new RegExp(organisationName));
  // A verified domain: no warning box.
  expect(await page.locator('[data-testid="domain-warning"]').count()).toBe(0);
  await page
    .getByRole('button', { name: /^View / })
    .first()
    .click();
  await expect.poll(() => page.locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await checkConsolePage(admin.recorded, 'admin-review', journey.group);
  await page.getByRole('button', { name: 'Approve', exact: true }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
  await expect
    .poll(() => page.locator('[data-testid="decision-outcome"]').textContent())
    .toContain(organisationName);
  await expect
    .poll(() => page.locator('[data-testid="issuer-status"]').textContent())
    .toBe('Approved');
}

/** The owner invites a colleague with a role on the members page. */
export async function inviteMember(
  journey: Journey,
  owner: Person,
  organisationId: string,
  invitee: { email: string; role: 'admin' | 'operator' | 'viewer' },
): Promise<void> {
  const { page } = owner.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/o/${organisationId}/members`);
  await expectHeading(page, 'Members');
  await page.fill('#invite-email', invitee.email);
  await page.check(`#invite-role-${invitee.role}`);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect
    .poll(() => page.getByText(`Invitation sent to ${invitee.email}.`).first().isVisible())
    .toBe(true);
  await expect
    .poll(() =>
      page.getByRole('button', { name: `Withdraw the invitation of ${invitee.email}` }).count(),
    )
    .toBe(1);
  await checkConsolePage(owner.recorded, 'members', journey.group);
}

/** The invitee opens the e-mailed link, makes their account, and logs in to the console once. */
export async function acceptInvitation(journey: Journey, invitee: Person): Promise<void> {
  const { page } = invitee.recorded;
  const token = await outboxLinkToken(journey.platform, invitee.email, '/invitations/accept');
  await page.goto(`${journey.platform.baseUrl}/invitations/accept#${token}`);
  await expect.poll(() => page.locator('#invitation-summary').textContent()).toContain('operator');
  await page.getByLabel('Choose a password for your new account').fill(invitee.password);
  await page.getByLabel('New password again').fill(invitee.password);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('#done-heading').isVisible()).toBe(true);
  await page.locator('a[href^="/login"]').first().click();
  await logIn(journey, invitee);
}

/** The owner unlocks the organisation and confirms the new member (their copy of the key). */
export async function confirmMember(
  journey: Journey,
  owner: Person,
  organisationId: string,
  member: Person,
): Promise<void> {
  const { page } = owner.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/o/${organisationId}/members`);
  await expectHeading(page, 'Members');
  await expect
    .poll(() => page.getByText('1 member is waiting for confirmation.').first().isVisible())
    .toBe(true);
  await unlock(owner);
  await page.getByRole('button', { name: `Confirm ${member.email}` }).click();
  await expect
    .poll(() =>
      page
        .getByText(`${member.email} is confirmed and can now unlock recipient data.`)
        .first()
        .isVisible(),
    )
    .toBe(true);
}

/** Unlocks recipient data with the password on the page's unlock panel; the countdown shows. */
export async function unlock(person: Person): Promise<void> {
  const { page } = person.recorded;
  const countdown = page.locator('[data-testid="unlock-countdown"]');
  await expect
    .poll(
      async () =>
        (await countdown.isVisible()) || (await page.locator('#unlock-password').isVisible()),
    )
    .toBe(true);
  // Still unlocked from an earlier page: lock first, so that the unlock is seen to work.
  if (await countdown.isVisible()) {
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expect.poll(() => page.locator('#unlock-password').isVisible()).toBe(true);
  }
  await page.fill('#unlock-password', person.password);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect
    .poll(() => page.locator('[data-testid="unlock-countdown"]').textContent())
    .toMatch(/^Unlocked — locks again in \d+:\d\d$/);
}

/** Issues one document from the form; returns its id. */
export async function issueFromForm(
  journey: Journey,
  person: Person,
  organisationId: string,
  document: { name: string; email: string; title: string; grade: string },
): Promise<string> {
  const { page } = person.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/o/${organisationId}/issue`);
  await expectHeading(page, 'Issue a document');
  // Checked before sending: the errors are next to the empty fields.
  await page.getByRole('button', { name: 'Issue and e-mail the link' }).click();
  expect(await page.locator('#issue-name').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#issue-email').getAttribute('aria-invalid')).toBe('true');
  await page.fill('#issue-name', document.name);
  await page.fill('#issue-email', 'not an address');
  await page.fill('#issue-title', document.title);
  await page.getByRole('button', { name: 'Issue and e-mail the link' }).click();
  expect(await page.locator('#issue-email').getAttribute('aria-invalid')).toBe('true');
  await page.fill('#issue-email', document.email);
  await page.getByRole('button', { name: 'Add a field' }).click();
  await page.fill('#extra-label-0', 'Grade');
  await page.fill('#extra-value-0', document.grade);
  await checkConsolePage(person.recorded, 'issue', journey.group);
  await page.getByRole('button', { name: 'Issue and e-mail the link' }).click();
  await expect.poll(() => page.locator('[data-testid="issued-id"]').isVisible()).toBe(true);
  const id = ((await page.locator('[data-testid="issued-id"]').textContent()) ?? '').trim();
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  await checkConsolePage(person.recorded, 'issue-done', journey.group);
  return id;
}

/** Opens a document from the list by searching for it (title or id). */
export async function findDocument(
  journey: Journey,
  person: Person,
  organisationId: string,
  query: string,
  documentId: string,
): Promise<void> {
  const { page } = person.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/o/${organisationId}/documents`);
  await expectHeading(page, 'Documents');
  await page.fill('#documents-q', query);
  await page.keyboard.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);
  await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  await page.locator(`[data-testid="document-${documentId}"] a`).first().click();
  await expectPath(page, `/console/o/${organisationId}/documents/${documentId}`);
}

/** The recipient's view of an activation link: false when the page refuses it. */
export async function activateInBrowser(
  journey: Journey,
  recorded: RecordedPage,
  link: { documentId: string; secret: string },
): Promise<'activated' | 'refused'> {
  const { page } = recorded;
  await page.goto(`${journey.platform.baseUrl}/activate/${link.documentId}#${link.secret}`);
  await page.locator('#accept-terms').check();
  await page.click('#activate-button');
  await expect
    .poll(
      async () =>
        (await page.locator('#download-button').isVisible())
          ? 'activated'
          : ((await page.locator('#activation-message').textContent()) ?? '').includes(
                'This activation link is not valid',
              )
            ? 'refused'
            : 'waiting',
      { timeout: 20_000 },
    )
    .not.toBe('waiting');
  return (await page.locator('#download-button').isVisible()) ? 'activated' : 'refused';
}
