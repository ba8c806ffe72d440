import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Single-use recovery codes: the way back in when the authenticator app is lost. Pure functions;
 * the caller stores the hashes and marks a code used.
 *
 * ## Why HMAC-SHA-256 with a server key, not Argon2id
 *
 * A code is 12 characters from a 31-character alphabet: log2(31^12) ≈ 59.4 bits, chosen by the
 * platform, not by a person. Slow hashing exists to protect low-entropy human choices; here it
 * would only cost time, and it would cost it ten times per attempt (a salted hash per code means
 * trying every unused code), which also makes a cheap denial of service. Instead each code is
 * stored as HMAC-SHA-256 under a server key derived from the master key (e.g.
 * `deriveKey(masterKey, 'certa', 'recovery-codes v1')`, src/crypto/hkdf.ts). A database dump
 * alone then gives nothing to brute-force: the attacker would also need the master key, and even
 * with it faces ~2^58 HMACs per code. Online guessing is bounded by the login rate limits.
 */
export const RECOVERY_CODE_COUNT = 10;

/**
 * Lower-case letters and digits without the look-alikes 0/o, 1/l/i: a code read off paper or a
 * screen cannot be mistyped into another valid one by those confusions.
 */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const CODE_LENGTH = 12;
const GROUP = 4;

/** Entropy of one code in bits (for documentation and tests). */
export const RECOVERY_CODE_BITS = CODE_LENGTH * Math.log2(ALPHABET.length);

export interface NewRecoveryCodes {
  /** Shown to the user once, grouped for reading: `abcd-efgh-jkmn`. Never stored. */
  readonly codes: readonly string[];
  /** What to store, one per code, in the same order: HMAC-SHA-256 hex (64 characters). */
  readonly hashes: readonly string[];
}

/** A fresh set of recovery codes and the hashes to store. Replaces any earlier set entirely. */
export function newRecoveryCodes(
  key: Buffer,
  count: number = RECOVERY_CODE_COUNT,
): NewRecoveryCodes {
  const codes: string[] = [];
  while (codes.length < count) {
    let raw = '';
    // randomInt draws without modulo bias.
    for (let index = 0; index < CODE_LENGTH; index += 1)
      raw += ALPHABET[randomInt(ALPHABET.length)];
    if (!codes.includes(formatCode(raw))) codes.push(formatCode(raw));
  }
  return { codes, hashes: codes.map((code) => hashCanonical(key, canonicalCode(code)!)) };
}

function formatCode(raw: string): string {
  const groups: string[] = [];
  for (let index = 0; index < raw.length; index += GROUP)
    groups.push(raw.slice(index, index + GROUP));
  return groups.join('-');
}

/**
 * The code as typed → its canonical form (12 alphabet characters), or `null` when it cannot be a
 * recovery code. Forgiving of how people type: case, spaces and hyphens do not matter.
 */
export function canonicalCode(typed: string): string | null {
  const cleaned = typed.replace(/[\s-]/g, '').toLowerCase();
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const character of cleaned) if (!ALPHABET.includes(character)) return null;
  return cleaned;
}

function hashCanonical(key: Buffer, canonical: string): string {
  return createHmac('sha256', key).update(`certa-recovery-code:${canonical}`).digest('hex');
}

/** The stored form of a typed code, or `null` when it is malformed (so lookups never throw). */
export function hashRecoveryCode(key: Buffer, typed: string): string | null {
  const canonical = canonicalCode(typed);
  return canonical === null ? null : hashCanonical(key, canonical);
}

/**
 * Which of the user's unused stored hashes the typed code matches: its index in `unusedHashes`, or
 * -1. Compares against every hash in constant time with no early exit, so timing says neither
 * whether nor which code matched. A malformed input is still run against every hash (with a
 * dummy) for the same reason.
 *
 * To consume the code the caller then deletes (or marks used) that one row with a conditional
 * write (`… WHERE user_id = ? AND hash = ? AND used_at IS NULL`) and treats "no row changed" as a
 * failure: that is what makes a code single-use even under two concurrent requests.
 */
export function findRecoveryCode(
  key: Buffer,
  typed: string,
  unusedHashes: readonly string[],
): number {
  const canonical = canonicalCode(typed);
  const candidate = Buffer.from(hashCanonical(key, canonical ?? '-'.repeat(CODE_LENGTH)), 'hex');
  let found = -1;
  unusedHashes.forEach((stored, index) => {
    const storedBytes = Buffer.from(stored, 'hex');
    const equal =
      storedBytes.length === candidate.length && timingSafeEqual(storedBytes, candidate);
    if (equal && canonical !== null) found = index;
  });
  return found;
}
