import { createHmac, timingSafeEqual } from 'node:crypto';
import { csrfKey } from './account-secrets.js';

/**
 * The CSRF token of a session: HMAC-SHA-256 of the session secret under a key derived from the
 * master key. Nothing is stored: the server recomputes it from the cookie, and a page learns it
 * from the log-in answer or GET /api/me (which another site cannot read).
 */
export function csrfTokenFor(masterKey: Buffer, sessionSecret: Buffer): string {
  return createHmac('sha256', csrfKey(masterKey)).update(sessionSecret).digest('base64url');
}

/** Whether `presented` is the CSRF token of the session, compared in constant time. */
export function csrfTokenMatches(
  masterKey: Buffer,
  sessionSecret: Buffer,
  presented: string | undefined,
): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(masterKey, sessionSecret), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
