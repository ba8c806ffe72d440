import { isIP } from 'node:net';
import { AppError } from '../errors.js';
import { isLoopbackAddress, isPublicAddress } from '../issuers/domain-proof/public-address.js';

/** Longest endpoint URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * Checks an endpoint URL as typed: absolute https (plain http only to a loopback address, and
 * only when private addresses are allowed, for tests), no user name or password, no fragment,
 * and not an IP literal outside the public Internet unless private addresses are allowed. Names
 * are resolved and vetted again at every delivery (see send-webhook.ts), since DNS may change.
 *
 * @returns the normalised URL
 */
export function checkWebhookUrl(input: unknown, allowPrivateAddresses: boolean): URL {
  const invalid = (message: string): AppError =>
    new AppError('INVALID_INPUT', message, { details: { field: 'url' } });
  if (typeof input !== 'string' || input.trim() === '')
    throw invalid('url must be an https URL such as https://example.org/certa-events.');
  if (input.length > MAX_WEBHOOK_URL_LENGTH)
    throw invalid(`url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw invalid('url must be an https URL such as https://example.org/certa-events.');
  }
  if (url.username !== '' || url.password !== '')
    throw invalid('url must not hold a user name or password; the signature authenticates us.');
  if (url.hash !== '') throw invalid('url must not have a fragment (#…).');
  const host = hostAddress(url);
  if (url.protocol === 'http:') {
    if (!allowPrivateAddresses || host === null || !isLoopbackAddress(host))
      throw invalid('url must use https.');
  } else if (url.protocol !== 'https:') {
    throw invalid('url must use https.');
  }
  if (host !== null && !allowPrivateAddresses && !isPublicAddress(host))
    throw invalid('url points to a private, loopback or reserved address; Certa does not call it.');
  if (host === null && !allowPrivateAddresses && isLocalName(url.hostname))
    throw invalid('url points to a local host name; Certa does not call it.');
  return url;
}

/** The URL's host as an IP literal (brackets removed), or null for a name. */
export function hostAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? null : host;
}

function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    !name.includes('.') ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name.endsWith('.internal')
  );
}
