import type { FastifyReply, FastifyRequest } from 'fastify';

/** The name of the cookie that carries a browser's session token. */
export const SESSION_COOKIE = 'certa_session';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether the session cookie gets the `Secure` attribute. Always, except when the platform's
 * public URL (PUBLIC_URL) is plain `http://` on a host other than loopback: browsers refuse to
 * store a Secure cookie sent over plain HTTP, so such a (test or intranet) deployment could not
 * keep a browser logged in at all. Browsers treat http://localhost and 127.0.0.1 as secure
 * contexts, so local development keeps the attribute. Production must use https.
 */
export function sessionCookieIsSecure(publicUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return true;
  }
  if (url.protocol !== 'http:') return true;
  const host = url.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.') || host.endsWith('.localhost');
}

function attributes(publicUrl: string, maxAgeSeconds: number): string {
  return [
    'HttpOnly',
    ...(sessionCookieIsSecure(publicUrl) ? ['Secure'] : []),
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
  ].join('; ');
}

/** Sets the session cookie (HttpOnly, Secure, SameSite=Strict, Path=/, Max-Age). */
export function setSessionCookie(
  reply: FastifyReply,
  publicUrl: string,
  token: string,
  maxAgeSeconds: number,
): void {
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; ${attributes(publicUrl, maxAgeSeconds)}`,
  );
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; ${attributes(publicUrl, 0)}`);
}

/** The session token from the request's Cookie header, or null. */
export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}
