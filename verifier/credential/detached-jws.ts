import { fromBase64, fromUtf8, latin1, toBase64, toBase64url, utf8 } from '../common/bytes.js';
import {
  certificateSignedBy,
  keyKind,
  parseCertificate,
  verifyWithCertificate,
} from '../common/web-crypto.js';

/**
 * JWS (RFC 7515) in compact serialisation, checked with Web Crypto (browsers and Node alike).
 * Records use a detached payload (Appendix F): the middle part is empty and the payload travels
 * beside it. Only what Certa signs with is accepted: a protected header of `alg` (ES256 or
 * PS256) and `x5c` (the signing certificate first, then its chain, standard base64 DER) — and,
 * for status lists, the members their `vc+jwt` header may add.
 */
export type JwsAlgorithm = 'ES256' | 'PS256';

export interface JwsSigner {
  readonly algorithm: JwsAlgorithm;
  /** DER, the signing certificate first. */
  readonly certificates: readonly Uint8Array[];
  /** ES256: IEEE P1363 r‖s; PS256: RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt. */
  signData(data: Uint8Array): Uint8Array;
}

export type JwsVerification =
  | {
      readonly valid: true;
      readonly algorithm: JwsAlgorithm;
      /** The x5c certificates, DER, signer first. */
      readonly certificates: readonly Uint8Array[];
      /** The JWS payload (the detached one when it was given). */
      readonly payload: Uint8Array;
    }
  | { readonly valid: false; readonly problem: string };

const RECORD_HEADER = ['alg', 'x5c'] as const;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Signs `payload` for a detached JWS: `header..signature`. */
export function signDetachedJws(payload: Uint8Array, signer: JwsSigner): string {
  if (signer.certificates.length === 0) throw new Error('The signer has no certificate.');
  // Keys in a fixed order, so equal inputs give equal tokens (ES256 signatures still differ).
  const header = toBase64url(
    utf8(
      JSON.stringify({
        alg: signer.algorithm,
        x5c: signer.certificates.map((der) => toBase64(der)),
      }),
    ),
  );
  const signingInput = latin1(`${header}.${toBase64url(payload)}`);
  return `${header}..${toBase64url(signer.signData(signingInput))}`;
}

function failed(problem: string): JwsVerification {
  return { valid: false, problem };
}

function parseHeader(
  encoded: string,
  allowed: ReadonlySet<string>,
): { alg: JwsAlgorithm; x5c: string[] } | string {
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
 * Checks a compact JWS with the public key of its first x5c certificate, and that each x5c
 * certificate is signed by the next one. With `detachedPayload`, its middle part must be empty
 * (RFC 7515 Appendix F) and the payload is the one given; without, the payload is its middle
 * part. `allowedHeader` lists the header members accepted (default: `alg` and `x5c`). It says
 * nothing about whether the certificate is to be trusted: the caller compares it with the
 * certificate it expects (or reports its fingerprint).
 */
export async function verifyJws(
  jws: string,
  options: { detachedPayload?: Uint8Array; allowedHeader?: readonly string[] } = {},
): Promise<JwsVerification> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    return failed('the signature is not a compact JWS');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const detached = options.detachedPayload;
  if (detached !== undefined && encodedPayload !== '')
    return failed('the JWS payload is not detached');
  const header = parseHeader(encodedHeader, new Set(options.allowedHeader ?? RECORD_HEADER));
  if (typeof header === 'string') return failed(`the signature is malformed: ${header}`);
  const certificates = [];
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
  const signingInput = latin1(
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
  return {
    valid: true,
    algorithm: header.alg,
    certificates: certificates.map((item) => item.der),
    payload,
  };
}

/**
 * Checks a record's detached JWS over `payload` ({@link verifyJws} with a detached payload and
 * a header of exactly `alg` and `x5c`).
 */
export function verifyDetachedJws(jws: string, payload: Uint8Array): Promise<JwsVerification> {
  return verifyJws(jws, { detachedPayload: payload });
}
