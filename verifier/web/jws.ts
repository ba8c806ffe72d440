import type { Certificate } from 'pkijs';
import { fromBase64, fromUtf8, toBase64url, utf8 } from './bytes.js';
import {
  certificateSignedBy,
  keyKind,
  parseCertificate,
  verifyWithCertificate,
} from './web-crypto.js';

/**
 * JWS (RFC 7515) as Certa signs with it, checked with Web Crypto: a protected header of `alg`
 * (ES256 or PS256) and `x5c` (the signing certificate first, then its chain). The same rules as
 * the Node `verifyDetachedJws`, for browsers.
 */
export type WebJwsVerification =
  | {
      readonly valid: true;
      readonly algorithm: 'ES256' | 'PS256';
      /** The x5c certificates, signer first, DER and parsed. */
      readonly certificates: readonly { der: Uint8Array; parsed: Certificate }[];
      /** The JWS payload (the detached one when it was given). */
      readonly payload: Uint8Array;
    }
  | { readonly valid: false; readonly problem: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function failed(problem: string): WebJwsVerification {
  return { valid: false, problem };
}

function parseHeader(
  encoded: string,
  allowed: ReadonlySet<string>,
): { alg: 'ES256' | 'PS256'; x5c: string[] } | string {
  let header: unknown;
  try {
    header = JSON.parse(fromUtf8(fromBase64(encoded)));
  } catch {
    return 'its header is not JSON';
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return 'its header is not a JSON object';
  const members = header as Record<string, unknown>;
  const extra = Object.keys(members).filter((key) => !allowed.has(key));
  if (extra.length > 0) return `its header has unsupported members (${extra.join(', ')})`;
  const { alg, x5c } = members;
  if (alg !== 'ES256' && alg !== 'PS256') return 'its algorithm is not ES256 or PS256';
  if (
    !Array.isArray(x5c) ||
    x5c.length === 0 ||
    x5c.length > 10 ||
    !x5c.every((item): item is string => typeof item === 'string' && BASE64.test(item))
  )
    return 'its header has no valid x5c certificate chain';
  return { alg, x5c };
}

/**
 * Checks a compact JWS: with `detachedPayload`, its middle part must be empty (RFC 7515
 * Appendix F) and the payload is the one given; without, the payload is its middle part.
 */
export async function verifyJws(
  jws: string,
  options: { detachedPayload?: Uint8Array; allowedHeader?: readonly string[] } = {},
): Promise<WebJwsVerification> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    return failed('the signature is not a compact JWS');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const detached = options.detachedPayload;
  if (detached !== undefined && encodedPayload !== '')
    return failed('the JWS payload is not detached');
  const header = parseHeader(encodedHeader, new Set(options.allowedHeader ?? ['alg', 'x5c']));
  if (typeof header === 'string') return failed(`the signature is malformed: ${header}`);
  const certificates: { der: Uint8Array; parsed: Certificate }[] = [];
  for (const item of header.x5c) {
    const der = fromBase64(item);
    const parsed = parseCertificate(der);
    if (parsed === null)
      return failed('the signature is malformed: an x5c certificate cannot be read');
    certificates.push({ der, parsed });
  }
  const signer = certificates[0]!.parsed;
  const kind = keyKind(signer);
  const fits =
    header.alg === 'ES256'
      ? kind.type === 'ec' && kind.curve === 'P-256'
      : kind.type === 'rsa' && kind.bits >= 2048;
  if (!fits) return failed(`the signing certificate's key does not fit ${header.alg}`);
  for (let index = 0; index + 1 < certificates.length; index += 1) {
    if (!(await certificateSignedBy(certificates[index]!.parsed, certificates[index + 1]!.parsed)))
      return failed('the x5c certificates do not form a chain');
  }
  let payload: Uint8Array;
  try {
    payload = detached ?? fromBase64(encodedPayload);
  } catch {
    return failed('the JWS payload is not base64url');
  }
  const signingInput = utf8(
    `${encodedHeader}.${detached === undefined ? encodedPayload : toBase64url(detached)}`,
  );
  const signature = fromBase64(encodedSignature);
  const ok =
    header.alg === 'ES256'
      ? signature.length === 64 &&
        (await verifyWithCertificate(
          signer,
          { kind: 'ecdsa', hash: 'SHA-256', encoding: 'p1363' },
          signature,
          signingInput,
        ))
      : await verifyWithCertificate(
          signer,
          { kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 },
          signature,
          signingInput,
        );
  if (!ok) return failed('the signature does not match the record');
  return { valid: true, algorithm: header.alg, certificates, payload };
}
