import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Certa-Signature` header (like Stripe's): `t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA-256 keyed by the endpoint's secret (the whole `whsec_…` string, as shown) over
 * `"<t>.<raw body>"`. During a day after a rotation a second `v1=` signed with the previous
 * secret follows, so receivers can switch secrets without losing events. The README gives the
 * recipe for receivers (Node and openssl).
 */
export const SIGNATURE_HEADER = 'certa-signature';
export const EVENT_ID_HEADER = 'certa-event-id';

/** The hex HMAC-SHA-256 of `"<timestamp>.<body>"` under `secret`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for `body` sent at `timestamp` (unix seconds), one `v1` per secret. */
export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string,
): string {
  return [
    `t=${timestamp}`,
    ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`),
  ].join(',');
}

/**
 * Whether `header` holds a valid signature of `body` under `secret`, no older than
 * `toleranceSeconds` at `nowSeconds` (replays of old requests are refused). What a receiver does;
 * the platform uses it in tests and documents it.
 */
export function verifySignatureHeader(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('=', 2));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || value === undefined || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
