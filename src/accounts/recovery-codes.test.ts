import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  canonicalCode,
  findRecoveryCode,
  hashRecoveryCode,
  newRecoveryCodes,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';

const key = randomBytes(32);

describe('recovery codes', () => {
  it('makes ten distinct, grouped, unambiguous codes of more than 56 bits each', () => {
    const { codes, hashes } = newRecoveryCodes(key);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$/);
      expect(code).not.toMatch(/[01ilo]/);
    }
    expect(RECOVERY_CODE_BITS).toBeGreaterThan(56);
    expect(hashes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores only keyed hashes: no code appears in what is stored, and the key matters', () => {
    const { codes, hashes } = newRecoveryCodes(key);
    const stored = hashes.join('\n');
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(canonicalCode(code)!);
    }
    expect(hashRecoveryCode(key, codes[0]!)).toBe(hashes[0]);
    expect(hashRecoveryCode(randomBytes(32), codes[0]!)).not.toBe(hashes[0]);
  });

  it('finds a code however it is typed, and finds nothing for others', () => {
    const { codes, hashes } = newRecoveryCodes(key);
    const third = codes[2]!;
    expect(findRecoveryCode(key, third, hashes)).toBe(2);
    expect(findRecoveryCode(key, ` ${third.toUpperCase().replace(/-/g, ' ')} `, hashes)).toBe(2);
    expect(findRecoveryCode(key, third.replace(/-/g, ''), hashes)).toBe(2);
    expect(findRecoveryCode(randomBytes(32), third, hashes)).toBe(-1);
    expect(findRecoveryCode(key, 'aaaa-aaaa-aaaa', hashes)).toBe(-1);
    for (const malformed of ['', 'short', 'oooo-llll-1111', `${third}x`, 'aaaa-aaaa-aaa!']) {
      expect(hashRecoveryCode(key, malformed)).toBeNull();
      expect(findRecoveryCode(key, malformed, hashes)).toBe(-1);
    }
  });

  it('is single-use once the caller removes the consumed hash', () => {
    const { codes, hashes } = newRecoveryCodes(key);
    const unused = [...hashes];
    const index = findRecoveryCode(key, codes[5]!, unused);
    expect(index).toBe(5);
    unused.splice(index, 1);
    expect(findRecoveryCode(key, codes[5]!, unused)).toBe(-1);
    expect(findRecoveryCode(key, codes[6]!, unused)).toBe(5);
  });

  it('ignores stored values of the wrong shape instead of throwing', () => {
    const { codes } = newRecoveryCodes(key);
    expect(findRecoveryCode(key, codes[0]!, ['', 'zz', 'abcd'])).toBe(-1);
  });
});
