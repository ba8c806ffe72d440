import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { startDnsStandIn } from '../../helpers/dns-stand-in.js';
import { issueOne, readOutbox } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import type { Dialect } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor, logInWithCode } from '../../helpers/two-factor.js';
import {
  acceptInvitation,
  activateInBrowser,
  applyForVerification,
  confirmMember,
  createOrganisation,
  enrolTotp,
  expectHeading,
  expectPath,
  findDocument,
  inviteMember,
  issueFromForm,
  logIn,
  reviewAndApprove,
  signUp,
  unlock,
} from './console-journey.js';
import type { Journey, Person } from './console-journey.js';

const PASSWORD = 'a registrar passphrase, long enough';

/**
 * The journey as a test suite for one dialect. Each dialect has its own test file calling this,
 * so that vitest runs the two browsers in parallel workers (the slowest tests of the run).
 */
export function describeConsoleJourney(dialect: Dialect, name: string): void {
  describe.skipIf(!DIALECTS.includes(dialect))(`the console journey on ${name}`, () => {
    let browser: ConsoleBrowser;
    beforeAll(async () => {
      browser = await launchConsoleBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });
    it('takes a registrar from sign-up to issuing, re-sending, correcting and revoking', async () => {
      await runConsoleJourney(dialect, browser);
    }, 600_000);
  });
}
const ORGANISATION = 'Université de Démonstration';

/**
 * Issue 10's acceptance walk, in Chromium against the real server of one dialect: sign-up to
 * approval, a confirmed operator issuing from the form, and the owner finding, re-sending,
 * correcting and revoking — every console page checked with axe-core and photographed.
 */
export async function runConsoleJourney(dialect: Dialect, browser: ConsoleBrowser): Promise<void> {
  const dns = await startDnsStandIn();
  const platform = await startTestPlatform(dialect, {
    DOMAIN_DNS_SERVERS: dns.server,
    DOMAIN_CHECK_TIMEOUT_MS: '3000',
  });
  const journey: Journey = { platform, browser, group: `journey-${dialect}` };
  fs.rmSync(screenshotDirectory(journey), { recursive: true, force: true });
  const domain = `univ-demo-${dialect}.org`;
  try {
    // A new person signs up, confirms, logs in and turns on two-factor authentication.
    const owner: Person = {
      email: `registrar@${domain}`,
      password: PASSWORD,
      totpSecret: null,
      recorded: await browser.newPage(),
    };
    await signUp(journey, owner);
    await logIn(journey, owner, '/console/account');
    await enrolTotp(journey, owner);

    // The organisation, its application, evidence, domain proof, submission.
    const organisationId = await createOrganisation(journey, owner, ORGANISATION);
    await applyForVerification(journey, owner, {
      domain,
      evidence: await registrationExtract(),
      publishTxt: (name, value) => dns.zone.set(name, { TXT: [value] }),
    });

    // The platform admin reviews the evidence and approves.
    const admin: Person = {
      email: `reviewer@platform-${dialect}.example`,
      password: PASSWORD,
      totpSecret: null,
      recorded: await browser.newPage(),
    };
    await createPlatformAdmin(platform.ctx, { email: admin.email, password: admin.password });
    const adminSession = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
      json: { email: admin.email, password: admin.password },
    });
    admin.totpSecret = (await enrolTwoFactor(platform, adminSession.body.token, PASSWORD)).secret;
    await logIn(journey, admin);
    await reviewAndApprove(journey, admin, ORGANISATION);
    await visitAdminPages(journey, admin);

    // The approved owner sees the dashboard; invites an operator, who accepts and is confirmed.
    await owner.recorded.page.goto(`${platform.baseUrl}/console`);
    await expectPath(owner.recorded.page, `/console/o/${organisationId}/dashboard`);
    const operator: Person = {
      email: `operator@${domain}`,
      password: 'an operator passphrase, long too',
      totpSecret: null,
      recorded: await browser.newPage(),
    };
    await inviteMember(journey, owner, organisationId, { email: operator.email, role: 'operator' });
    await acceptInvitation(journey, operator);
    await confirmMember(journey, owner, organisationId, operator);

    // The operator issues a document from the form; two more come through the API.
    const first = await issueFromForm(journey, operator, organisationId, {
      name: 'Zoë Ångström-Ñúñez',
      email: 'zoe@example.org',
      title: 'Master of Science in Physics',
      grade: 'Summa cum laude',
    });
    const ownerToken = await logInWithCode(platform, owner.email, PASSWORD, owner.totpSecret ?? '');
    const issuer = { organisationId, token: ownerToken };
    const second = await issueOne(platform, issuer as never, {
      title: 'Bachelor of Arts in History',
      recipient: { name: 'Ines Typo', email: 'ines@exmaple.org' },
    });
    const third = await issueOne(platform, issuer as never, {
      title: 'Certificate of Completion',
      recipient: { name: 'Oskar Revoked', email: 'oskar@example.org' },
    });

    // The owner unlocks, finds the first by its title, and re-sends its link.
    await findDocument(journey, owner, organisationId, 'Master of Science', first);
    await expectHeading(owner.recorded.page, 'Master of Science in Physics');
    await unlock(owner);
    const { page } = owner.recorded;
    await expect.poll(() => page.getByText('zoe@example.org').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Zoë Ångström-Ñúñez').first().isVisible()).toBe(true);
    await checkConsolePage(owner.recorded, 'document-unlocked', journey.group);
    const oldLink = (await readOutbox(platform)).find((link) => link.documentId === first);
    await page.getByRole('button', { name: 'Send a new link', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-testid="document-outcome"]').textContent())
      .toContain('The previous link no longer works.');
    await expect
      .poll(() => page.getByText('New activation link e-mailed').first().isVisible())
      .toBe(true);
    const links = (await readOutbox(platform)).filter((link) => link.documentId === first);
    expect(links).toHaveLength(2);
    const newLink = links.find((link) => link.secret !== oldLink?.secret);
    const recipient = await browser.newPage();
    expect(await activateInBrowser(journey, recipient, oldLink!)).toBe('refused');
    expect(await activateInBrowser(journey, recipient, newLink!)).toBe('activated');
    await page.reload();
    await expect
      .poll(() => page.getByText('Activated by the recipient').first().isVisible())
      .toBe(true);

    // The second: a typo in the address, corrected before activation; the link goes to the new one.
    await findDocument(journey, owner, organisationId, second, second);
    await page.fill('#correct-email', 'ines@example.org');
    await page.getByRole('button', { name: 'Correct and send a new link' }).click();
    await expect
      .poll(() => page.locator('[data-testid="document-outcome"]').textContent())
      .toContain('The address is now ines@example.org');
    const corrected = (await readOutbox(platform)).filter((link) => link.documentId === second);
    expect(corrected.map((link) => link.to)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ines@exmaple.org'),
        expect.stringContaining('ines@example.org'),
      ]),
    );

    // The third is revoked with a reason, behind a confirmation.
    await findDocument(journey, owner, organisationId, third, third);
    await page.getByRole('button', { name: 'Revoke this document…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    expect(await page.locator('#revoke-reason').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#revoke-reason', 'Issued by mistake: course not completed');
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-testid="document-outcome"]').textContent())
      .toContain('The document is revoked.');
    await expect
      .poll(() =>
        page.getByText('Reason: Issued by mistake: course not completed').first().isVisible(),
      )
      .toBe(true);

    // The dashboard counts what happened, and every other page of the owner passes the checks.
    await page.goto(`${platform.baseUrl}/console/o/${organisationId}/dashboard`);
    await expectHeading(page, 'Dashboard');
    await expect.poll(() => page.locator('[data-testid="count-issued"]').textContent()).toBe('3');
    expect(await page.locator('[data-testid="count-activated"]').textContent()).toBe('1');
    expect(await page.locator('[data-testid="count-awaitingActivation"]').textContent()).toBe('1');
    expect(await page.locator('[data-testid="count-revoked"]').textContent()).toBe('1');
    await checkConsolePage(owner.recorded, 'dashboard', journey.group);
    await page.goto(`${platform.baseUrl}/console/o/${organisationId}/documents`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await checkConsolePage(owner.recorded, 'documents', journey.group);
    await visitOrganisationPages(journey, owner, organisationId);
  } catch (error) {
    await photographFailure(journey);
    throw error;
  } finally {
    await platform.close();
    await dns.close();
  }
}

/** A one-page "registration extract" with words on it, as a registrar would upload. */
async function registrationExtract(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const lines = [
    'Registre national des établissements',
    'Extrait d’immatriculation',
    `Dénomination : ${ORGANISATION}`,
    'Numéro : 19751234500018',
    'Établissement public à caractère scientifique',
  ];
  lines.forEach((line, index) =>
    page.drawText(line, { x: 60, y: 760 - index * 32, size: index === 0 ? 20 : 14, font }),
  );
  return Buffer.from(await pdf.save());
}

function screenshotDirectory(journey: Journey): string {
  return path.resolve(import.meta.dirname, '../../../test-results/screenshots', journey.group);
}

/** What every open page showed when the journey failed, to see why without re-running it. */
async function photographFailure(journey: Journey): Promise<void> {
  const directory = path.resolve(
    import.meta.dirname,
    '../../../test-results/screenshots',
    journey.group,
  );
  fs.mkdirSync(directory, { recursive: true });
  const pages = journey.browser.browser.contexts().flatMap((context) => context.pages());
  for (const [index, page] of pages.entries())
    await page
      .screenshot({ path: path.join(directory, `failure-${index}.png`), fullPage: true })
      .catch(() => undefined);
}

/** The admin pages not on the review path: all issuers, the anchoring status. */
async function visitAdminPages(journey: Journey, admin: Person): Promise<void> {
  const { page } = admin.recorded;
  await page.goto(`${journey.platform.baseUrl}/console/admin/issuers`);
  await expectHeading(page, 'Issuers');
  await expect.poll(() => page.getByText(ORGANISATION).first().isVisible()).toBe(true);
  await checkConsolePage(admin.recorded, 'admin-issuers', journey.group);
  await page.goto(`${journey.platform.baseUrl}/console/admin/anchoring`);
  await expectHeading(page, /Anchoring/);
  await checkConsolePage(admin.recorded, 'admin-anchoring', journey.group);
}

/** Templates, API keys, the organisation page and an unknown page, as the owner. */
async function visitOrganisationPages(
  journey: Journey,
  owner: Person,
  organisationId: string,
): Promise<void> {
  const { page } = owner.recorded;
  const base = `${journey.platform.baseUrl}/console/o/${organisationId}`;
  await page.goto(`${base}/templates`);
  await expectHeading(page, 'Templates');
  await checkConsolePage(owner.recorded, 'templates', journey.group);
  await page.fill('#template-name', 'Diploma 2026');
  await page.getByRole('button', { name: 'Create the template' }).click();
  await expectPath(page, new RegExp(`^/console/o/${organisationId}/templates/[A-Za-z0-9_-]+$`));
  await expectHeading(page, /Diploma 2026/);
  // The latest version's preview is drawn in the page.
  await expect.poll(() => page.locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await checkConsolePage(owner.recorded, 'template', journey.group);

  await page.goto(`${base}/api-keys`);
  await expectHeading(page, 'API keys');
  await page.fill('#api-key-name', 'Student records system');
  await page.check('#api-key-scope-issue');
  await page.getByRole('button', { name: 'Create the key' }).click();
  await expect.poll(() => page.locator('#api-key-secret').textContent()).toMatch(/ck_/);
  await checkConsolePage(owner.recorded, 'api-keys', journey.group);

  await page.goto(`${base}/organisation`);
  await expectHeading(page, 'Organisation');
  await checkConsolePage(owner.recorded, 'organisation', journey.group);

  await page.goto(`${journey.platform.baseUrl}/console/no-such-page`);
  await expectHeading(page, 'Page not found');
  await checkConsolePage(owner.recorded, 'not-found', journey.group);
}
