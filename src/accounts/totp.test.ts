import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import {
  decodeBase32,
  encodeBase32,
  newTotpSecret,
  otpauthUri,
  TOTP_DEFAULTS,
  totpCode,
  totpTimeStep,
  verifyTotp,
  type TotpAlgorithm,
} from './totp.js';

/** RFC 6238 Appendix B: the seeds and the 8-digit codes at each time (seconds since the epoch). */
const RFC_SEEDS: Record<TotpAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890', 'ascii'),
  SHA256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};
const RFC_VECTORS: ReadonlyArray<[number, Record<TotpAlgorithm, string>]> = [
  [59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
  [1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
  [1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
  [1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
  [2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
  [20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
];

describe('TOTP (RFC 6238)', () => {
  for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
    it(`matches the RFC 6238 Appendix B vectors for ${algorithm}`, () => {
      for (const [seconds, codes] of RFC_VECTORS) {
        const step = totpTimeStep(new Date(seconds * 1000), 30);
        expect(totpCode(RFC_SEEDS[algorithm], step, { algorithm, digits: 8 })).toBe(
          codes[algorithm],
        );
        const verified = verifyTotp(RFC_SEEDS[algorithm], codes[algorithm], {
          now: new Date(seconds * 1000),
          lastAcceptedStep: null,
          parameters: { algorithm, digits: 8 },
        });
        expect(verified).toEqual({ accepted: true, timeStep: step });
      }
    });
  }

  it('makes secrets of at least 160 bits, sized to the HMAC', () => {
    expect(newTotpSecret().length).toBe(20);
    expect(newTotpSecret('SHA256').length).toBe(32);
    expect(newTotpSecret('SHA512').length).toBe(64);
    expect(newTotpSecret().equals(newTotpSecret())).toBe(false);
  });

  it('round-trips base32 (RFC 4648 test vectors, no padding)', () => {
    expect(encodeBase32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(encodeBase32(Buffer.from('f'))).toBe('MY');
    expect(encodeBase32(RFC_SEEDS.SHA1)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(decodeBase32('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(decodeBase32('MZXW1')).toBeNull();
    expect(decodeBase32('')).toBeNull();
    const secret = newTotpSecret('SHA512');
    expect(decodeBase32(encodeBase32(secret))?.equals(secret)).toBe(true);
  });

  it('builds an otpauth:// URI that names every parameter', () => {
    const uri = otpauthUri({
      issuer: 'Certa Demo',
      account: 'ada@example.org',
      secret: RFC_SEEDS.SHA1,
    });
    expect(uri).toBe(
      'otpauth://totp/Certa%20Demo:ada%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=Certa%20Demo&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1');
    expect(
      otpauthUri({
        issuer: 'Certa',
        account: 'a@b.org',
        secret: RFC_SEEDS.SHA256,
        parameters: { algorithm: 'SHA256' },
      }),
    ).toContain('algorithm=SHA256');
  });

  it('refuses a colon in the issuer or account', () => {
    let caught: unknown;
    try {
      otpauthUri({ issuer: 'Certa:evil', account: 'a@b.org', secret: RFC_SEEDS.SHA1 });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code === 'INVALID_INPUT').toBe(true);
  });

  describe('verification window and replay', () => {
    const secret = RFC_SEEDS.SHA1;
    const now = new Date(1_700_000_000_000);
    const step = totpTimeStep(now);

    it('accepts the current step and one either side, and nothing further', () => {
      for (const offset of [-1, 0, 1]) {
        const code = totpCode(secret, step + offset);
        expect(verifyTotp(secret, code, { now, lastAcceptedStep: null })).toEqual({
          accepted: true,
          timeStep: step + offset,
        });
      }
      for (const offset of [-2, 2]) {
        const code = totpCode(secret, step + offset);
        expect(verifyTotp(secret, code, { now, lastAcceptedStep: null })).toEqual({
          accepted: false,
          reason: 'wrong',
        });
      }
    });

    it('refuses the same code again, and a code from an earlier step, within the window', () => {
      const code = totpCode(secret, step);
      const first = verifyTotp(secret, code, { now, lastAcceptedStep: null });
      expect(first.accepted).toBe(true);
      const lastAcceptedStep = first.accepted ? first.timeStep : null;
      // Same code, same moment, and still inside the window 29 s later: both refused.
      expect(verifyTotp(secret, code, { now, lastAcceptedStep })).toEqual({
        accepted: false,
        reason: 'replayed',
      });
      const later = new Date(now.getTime() + 29_000);
      expect(verifyTotp(secret, code, { now: later, lastAcceptedStep })).toEqual({
        accepted: false,
        reason: 'replayed',
      });
      expect(verifyTotp(secret, totpCode(secret, step - 1), { now, lastAcceptedStep })).toEqual({
        accepted: false,
        reason: 'replayed',
      });
      // The next step's code is fine.
      expect(verifyTotp(secret, totpCode(secret, step + 1), { now, lastAcceptedStep })).toEqual({
        accepted: true,
        timeStep: step + 1,
      });
    });

    it('treats non-digits and wrong lengths as malformed, and ignores spaces', () => {
      const code = totpCode(secret, step);
      expect(
        verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now, lastAcceptedStep: null })
          .accepted,
      ).toBe(true);
      for (const bad of ['', '12345', '1234567', 'abcdef', '12345x', '１２３４５６']) {
        expect(verifyTotp(secret, bad, { now, lastAcceptedStep: null })).toEqual({
          accepted: false,
          reason: 'malformed',
        });
      }
    });

    it('rejects a code made with another secret', () => {
      const other = Buffer.alloc(20, 0x42);
      const code = totpCode(other, step);
      // Deterministic secrets: check the premise, then the verdict.
      for (const offset of [-1, 0, 1]) expect(code).not.toBe(totpCode(secret, step + offset));
      expect(verifyTotp(secret, code, { now, lastAcceptedStep: null })).toEqual({
        accepted: false,
        reason: 'wrong',
      });
    });

    it('uses the defaults an authenticator app assumes', () => {
      expect(TOTP_DEFAULTS).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
      expect(totpCode(secret, step)).toMatch(/^\d{6}$/);
    });
  });
});
