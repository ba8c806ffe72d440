import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * Time-based one-time passwords (RFC 6238) for the second factor. Pure functions only: the caller
 * stores the secret wrapped under the master key (src/crypto/aead.ts) and the last accepted time
 * step next to it, and passes both back in.
 *
 * ## Why HMAC-SHA-1 is the default (and the one exception to "never SHA-1")
 *
 * RFC 6238 lets TOTP use HMAC-SHA-1, -SHA-256 or -SHA-512, and the otpauth:// URI can say which.
 * But the apps people actually have do not all honour that parameter: Google Authenticator on
 * Android, Microsoft Authenticator, Duo Mobile, Authy and LastPass Authenticator have been
 * reported (google-authenticator-android#29, google-authenticator#696, privacyidea#3812) to
 * accept a SHA-256 QR code silently and then show SHA-1 codes, so the user could never log in
 * and would not know why. FreeOTP, Aegis, 2FAS, 1Password and Bitwarden do honour it.
 *
 * The house rule against SHA-1 exists because SHA-1 collisions are practical. TOTP never relies
 * on collision resistance: it uses HMAC-SHA-1 as a keyed pseudo-random function, whose security
 * rests on the compression function being a PRF, which no known attack on SHA-1 touches
 * (NIST SP 800-131A Rev. 2 still lists HMAC-SHA-1 as acceptable). So SHA-1 is the default, for
 * TOTP only, and used nowhere else. SHA-256 and SHA-512 are fully supported (and tested against
 * the RFC vectors) for deployments that know their users' apps: pass `algorithm` to
 * {@link newTotpSecret}, {@link otpauthUri} and {@link verifyTotp}, and store it with the secret.
 * Enrolment must in any case end with the user typing a code, which catches an app that ignored
 * the parameter before the factor is switched on.
 */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpParameters {
  readonly algorithm: TotpAlgorithm;
  /** Digits per code; authenticator apps show 6 by default. */
  readonly digits: 6 | 8;
  /** Seconds per time step (RFC 6238 recommends 30; nearly every app assumes it). */
  readonly period: number;
}

export const TOTP_DEFAULTS: TotpParameters = { algorithm: 'SHA1', digits: 6, period: 30 };

/** Steps accepted either side of the current one, for clock drift and typing time (RFC 6238 §5.2). */
export const TOTP_WINDOW = 1;

const NODE_HMAC: Record<TotpAlgorithm, string> = {
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA512: 'sha512',
};

/**
 * Secret length per algorithm: the HMAC output length, as RFC 4226 §4 (R6) and RFC 6238 Appendix B
 * do; never below 160 bits.
 */
const SECRET_BYTES: Record<TotpAlgorithm, number> = { SHA1: 20, SHA256: 32, SHA512: 64 };

/** A fresh random TOTP secret (160 bits for SHA-1, 256 for SHA-256, 512 for SHA-512). */
export function newTotpSecret(algorithm: TotpAlgorithm = TOTP_DEFAULTS.algorithm): Buffer {
  return randomBytes(SECRET_BYTES[algorithm]);
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as the otpauth:// key URI format wants it. */
export function encodeBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return output;
}

/**
 * Decodes RFC 4648 base32 (case-insensitive, spaces and padding ignored), for a secret a user
 * typed in by hand. Returns `null` for anything that is not base32.
 */
export function decodeBase32(text: string): Buffer | null {
  const cleaned = text.replace(/[\s=]/g, '').toUpperCase();
  if (cleaned.length === 0) return null;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const character of cleaned) {
    const index = BASE32_ALPHABET.indexOf(character);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/**
 * The otpauth:// key URI to show as a QR code at enrolment (Google's "Key Uri Format", which every
 * authenticator app reads). `issuer` is the platform name, `account` the user's e-mail; neither
 * may contain a colon, which the format uses as the separator. Always names the algorithm, digits
 * and period explicitly, so apps that honour them do not have to guess.
 */
export function otpauthUri(input: {
  issuer: string;
  account: string;
  secret: Buffer;
  parameters?: Partial<TotpParameters>;
}): string {
  const parameters = { ...TOTP_DEFAULTS, ...input.parameters };
  for (const [field, value] of [
    ['issuer', input.issuer],
    ['account', input.account],
  ] as const) {
    if (value.length === 0 || value.includes(':')) {
      throw new AppError('INVALID_INPUT', `${field} must be non-empty and contain no colon.`, {
        details: { field },
      });
    }
  }
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({
    secret: encodeBase32(input.secret),
    issuer: input.issuer,
    algorithm: parameters.algorithm,
    digits: String(parameters.digits),
    period: String(parameters.period),
  });
  // URLSearchParams writes spaces as '+', which some apps show literally; %20 is read by all.
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}

/** The RFC 6238 time step (T) that `at` falls in. */
export function totpTimeStep(at: Date, period: number = TOTP_DEFAULTS.period): number {
  return Math.floor(at.getTime() / 1000 / period);
}

/** The code for one time step (RFC 4226 §5.3 dynamic truncation), zero-padded to `digits`. */
export function totpCode(
  secret: Buffer,
  timeStep: number,
  parameters: Partial<TotpParameters> = {},
): string {
  const { algorithm, digits } = { ...TOTP_DEFAULTS, ...parameters };
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(timeStep));
  const mac = createHmac(NODE_HMAC[algorithm], secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export type TotpVerification =
  | { readonly accepted: true; readonly timeStep: number }
  | { readonly accepted: false; readonly reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Checks a code typed by the user against the current time step ± {@link TOTP_WINDOW}.
 *
 * Replay protection: `lastAcceptedStep` is the step of the last code this user got in with (null
 * before the first). A code from that step or an earlier one is refused even if it is correct,
 * so a code seen over a shoulder or in a proxy log cannot be used a second time, and a code from
 * an earlier step cannot be used after a later one. On success the caller stores the returned
 * `timeStep` as the new `lastAcceptedStep`, atomically with accepting the login (e.g. `UPDATE …
 * WHERE last_step IS NULL OR last_step < ?`, checking one row changed), so two requests racing with
 * the same code cannot both pass.
 *
 * Every candidate step is computed and compared with `timingSafeEqual`, with no early exit, so the
 * response time does not say which step (if any) matched. Spaces in the input are ignored
 * ("123 456"); anything else that is not exactly `digits` digits is `malformed`.
 */
export function verifyTotp(
  secret: Buffer,
  code: string,
  options: {
    now: Date;
    lastAcceptedStep: number | null;
    parameters?: Partial<TotpParameters>;
    window?: number;
  },
): TotpVerification {
  const parameters = { ...TOTP_DEFAULTS, ...options.parameters };
  const window = options.window ?? TOTP_WINDOW;
  const typed = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${parameters.digits}}$`).test(typed)) {
    return { accepted: false, reason: 'malformed' };
  }
  const typedBytes = Buffer.from(typed, 'ascii');
  const current = totpTimeStep(options.now, parameters.period);
  let matchedStep: number | null = null;
  for (let step = current - window; step <= current + window; step += 1) {
    const expected = Buffer.from(totpCode(secret, step, parameters), 'ascii');
    const matches = timingSafeEqual(expected, typedBytes);
    // Keep the latest matching step; the loop always runs to the end.
    if (matches) matchedStep = step;
  }
  if (matchedStep === null) return { accepted: false, reason: 'wrong' };
  if (options.lastAcceptedStep !== null && matchedStep <= options.lastAcceptedStep) {
    return { accepted: false, reason: 'replayed' };
  }
  return { accepted: true, timeStep: matchedStep };
}
