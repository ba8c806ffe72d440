import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json.js';
import { signDetachedJws, verifyDetachedJws } from './detached-jws.js';
import { makeTestSigner } from '../test-support/record-signer.js';

const payload = Buffer.from('{"documentId":"q3Z0v9mXb1c2d3e4f5g6hA","title":"Zoë"}', 'utf8');

function flipByte(text: string, at: number): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('detached JWS (RFC 7515 Appendix F)', () => {
  for (const algorithm of ['ES256', 'PS256'] as const) {
    it(`${algorithm}: verifies with its x5c certificate, and fails for another payload`, async () => {
      const signer = makeTestSigner(algorithm);
      const jws = signDetachedJws(payload, signer);
      const [header, middle, signature] = jws.split('.');
      expect(middle).toBe('');
      expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
        alg: algorithm,
        x5c: [signer.certificates[0]?.toString('base64')],
      });
      if (algorithm === 'ES256') expect(Buffer.from(signature ?? '', 'base64url')).toHaveLength(64);
      const result = await verifyDetachedJws(jws, payload);
      expect(result.valid).toBe(true);
      if (result.valid)
        expect(
          Buffer.from(result.certificates[0] ?? []).equals(
            signer.certificates[0] ?? Buffer.alloc(0),
          ),
        ).toBe(true);
      const other = Buffer.from(payload.toString().replace('Zoë', 'Zoe'));
      expect(await verifyDetachedJws(jws, other)).toEqual({
        valid: false,
        problem: 'the signature does not match the record',
      });
    });
  }

  it('a flipped byte in the signature fails', async () => {
    const jws = signDetachedJws(payload, makeTestSigner('ES256'));
    const [header, , signature = ''] = jws.split('.');
    const result = await verifyDetachedJws(`${header}..${flipByte(signature, 10)}`, payload);
    expect(result.valid).toBe(false);
  });

  it('a certificate swapped for another key fails', async () => {
    const jws = signDetachedJws(payload, makeTestSigner('ES256'));
    const other = makeTestSigner('ES256', 'Other');
    const [, , signature] = jws.split('.');
    const header = Buffer.from(
      JSON.stringify({ alg: 'ES256', x5c: [other.certificates[0]?.toString('base64')] }),
    ).toString('base64url');
    expect((await verifyDetachedJws(`${header}..${signature}`, payload)).valid).toBe(false);
  });

  it('refuses an attached payload, extra header members and a wrong key type', async () => {
    const signer = makeTestSigner('ES256');
    const jws = signDetachedJws(payload, signer);
    const [header, , signature] = jws.split('.');
    expect(
      await verifyDetachedJws(`${header}.${payload.toString('base64url')}.${signature}`, payload),
    ).toMatchObject({
      valid: false,
      problem: 'the JWS payload is not detached',
    });
    const x5c = [signer.certificates[0]?.toString('base64')];
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(
      await verifyDetachedJws(
        `${encode({ alg: 'ES256', x5c, b64: false })}..${signature}`,
        payload,
      ),
    ).toMatchObject({
      valid: false,
      problem: 'the signature is malformed: its header has unsupported members (b64)',
    });
    expect((await verifyDetachedJws(`${encode({ alg: 'none', x5c })}..`, payload)).valid).toBe(
      false,
    );
    expect(
      await verifyDetachedJws(`${encode({ alg: 'PS256', x5c })}..${signature}`, payload),
    ).toMatchObject({
      valid: false,
      problem: "the signing certificate's key does not fit PS256",
    });
    expect((await verifyDetachedJws('not a jws', payload)).valid).toBe(false);
  });

  it('canonical JSON (the one the server signs with too) sorts keys by UTF-16 code units, no white space', () => {
    const value = {
      z: [1, 'é', null, true, { b: 2, a: '\u2028"' }],
      a: { '\u00e9': 1, e: -0.5, B: 'x' },
      '': 'empty',
    };
    expect(canonicalJson(value)).toBe(
      '{"":"empty","a":{"B":"x","e":-0.5,"é":1},"z":[1,"é",null,true,{"a":"\u2028\\"","b":2}]}',
    );
  });
});
