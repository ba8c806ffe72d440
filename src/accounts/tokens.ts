import { sha256Hex } from '../crypto/digest.js';
import { decodeKey, encodeKey, randomKey } from '../crypto/random.js';

/**
 * Bearer tokens: a prefix that says the kind (`cs_` session, `ck_` API key) and 256 random bits.
 * Only their SHA-256 is stored, so a database dump cannot be replayed.
 */
export type TokenKind = 'session' | 'api_key';
const PREFIX: Record<TokenKind, string> = { session: 'cs_', api_key: 'ck_' };

export function newToken(kind: TokenKind): { token: string; secret: Buffer; hash: string } {
  const secret = randomKey();
  const token = `${PREFIX[kind]}${encodeKey(secret)}`;
  return { token, secret, hash: sha256Hex(token) };
}

/** Parses a bearer token; null when it is not one of ours. */
export function parseToken(
  token: string,
): { kind: TokenKind; secret: Buffer; hash: string } | null {
  const kind = (Object.keys(PREFIX) as TokenKind[]).find((candidate) =>
    token.startsWith(PREFIX[candidate]),
  );
  if (kind === undefined) return null;
  const secret = decodeKey(token.slice(PREFIX[kind].length));
  return secret === null ? null : { kind, secret, hash: sha256Hex(token) };
}

/**
 * A token for an e-mailed link (sign-up, password reset, invitation): 256 random bits, carried in
 * the link's fragment so it is never in a request line or a log. Only its SHA-256 is stored.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = encodeKey(randomKey());
  return { token, hash: sha256Hex(token) };
}

/** The stored hash of a link token, or null when `token` cannot be one of ours. */
export function hashLinkToken(token: string): string | null {
  return decodeKey(token) === null ? null : sha256Hex(token);
}
