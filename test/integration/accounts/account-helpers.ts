import { expect } from 'vitest';
import { authenticate } from '../../../src/accounts/authenticate.js';
import { openOrganisationKeys, openUserPrivateKey } from '../../../src/accounts/user-keys.js';
import { findOrganisationByPublicId } from '../../../src/db/repositories/organisation.repository.js';
import { findUserByEmail } from '../../../src/db/repositories/user.repository.js';
import { createOrganisation } from '../../../src/issuers/create-organisation.js';
import { call } from '../../helpers/http.js';
import type { ReceivedMail, SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { logIn } from '../../helpers/factories.js';

export const GOOD_PASSWORD = 'orange submarine at dawn';
export const OTHER_PASSWORD = 'seven quiet lighthouses';

let counter = 0;

/** A fresh address for one test. */
export function newAddress(label: string): string {
  counter += 1;
  return `${label}-${counter}-${process.pid}@accounts.example`;
}

/** The messages the sink received for one address, oldest first. */
export function mailsTo(sink: SmtpSink, address: string): ReceivedMail[] {
  return sink.messages.filter((mail) => mail.to.includes(address));
}

/** The one message to `address` received since `before` messages had arrived. */
export function lastMailTo(sink: SmtpSink, address: string): ReceivedMail {
  const mails = mailsTo(sink, address);
  const mail = mails[mails.length - 1];
  if (mail === undefined) throw new Error(`no e-mail to ${address}`);
  return mail;
}

/** The link to `path` in a mail's text and its fragment token. */
export function linkIn(mail: ReceivedMail, path: string): { url: string; token: string } {
  const pattern = new RegExp(`(https?://[^\\s]+${path.replace(/\//g, '\\/')})#([A-Za-z0-9_-]{43})`);
  const match = pattern.exec(mail.text);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error(`no ${path} link in the e-mail`);
  return { url: `${match[1]}#${match[2]}`, token: match[2] };
}

/** Asks for a sign-up link over HTTP and returns the token from the e-mail. */
export async function requestSignUpToken(
  platform: TestPlatform,
  sink: SmtpSink,
  email: string,
): Promise<string> {
  const response = await call(platform.baseUrl, 'POST', '/api/signups', { json: { email } });
  expect(response.status).toBe(202);
  return linkIn(lastMailTo(sink, email), '/signup/confirm').token;
}

/** Signs up over HTTP (link from the e-mail) and returns the new user's id. */
export async function signUp(
  platform: TestPlatform,
  sink: SmtpSink,
  email: string,
  password = GOOD_PASSWORD,
): Promise<string> {
  const token = await requestSignUpToken(platform, sink, email);
  const confirmed = await call<{ userId: string }>(
    platform.baseUrl,
    'POST',
    '/api/signups/confirm',
    {
      json: { token, password },
    },
  );
  expect(confirmed.status).toBe(201);
  return confirmed.body.userId;
}

/** Logs in over HTTP; returns the bearer token. */
export { logIn };

/** Creates an organisation owned by the session's user: over HTTP when the route exists. */
export async function newOrganisation(
  platform: TestPlatform,
  token: string,
  name: string,
): Promise<{ organisationId: string; recoveryKey: string }> {
  const hasRoute = platform.app.routeTable.some(
    (route) => route.method === 'POST' && route.url === '/api/organisations',
  );
  if (hasRoute) {
    const response = await call<{ organisationId: string; recoveryKey: string }>(
      platform.baseUrl,
      'POST',
      '/api/organisations',
      { token, json: { name } },
    );
    expect(response.status).toBe(201);
    return response.body;
  }
  const actor = await authenticate(platform.ctx, token);
  return createOrganisation(platform.ctx, actor, { name });
}

/**
 * How many of the organisation's private keys this password opens through the user's key pair
 * and seals (what unlocking does). Throws INVALID_CREDENTIALS when the password does not open
 * the user's private key.
 */
export async function keysOpenedWith(
  platform: TestPlatform,
  email: string,
  password: string,
  organisationId: string,
): Promise<number> {
  const user = await findUserByEmail(platform.ctx.db, email);
  const organisation = await findOrganisationByPublicId(platform.ctx.db, organisationId);
  if (user === undefined || organisation === undefined) throw new Error('unknown user or org');
  const privateKey = await openUserPrivateKey(user, password);
  const keys = await openOrganisationKeys(platform.ctx.db, user, privateKey, organisation);
  return keys.size;
}
