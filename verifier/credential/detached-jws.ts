import { X509Certificate, constants, createPublicKey, verify } from 'node:crypto';

/**
 * JWS (RFC 7515) in compact serialisation with a detached payload (Appendix F): the middle part
 * is empty and the payload travels beside it. Only what Certa signs with is accepted: a
 * protected header of exactly `alg` (ES256 or PS256) and `x5c` (the signing certificate first,
 * then its chain, standard base64 DER).
 */
export type JwsAlgorithm = 'ES256' | 'PS256';

export interface JwsSigner {
  readonly algorithm: JwsAlgorithm;
  /** DER, the signing certificate first. */
  readonly certificates: readonly Buffer[];
  /** ES256: IEEE P1363 r‖s; PS256: RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt. */
  signData(data: Uint8Array): Buffer;
}

export type JwsVerification =
  | {
      readonly valid: true;
      readonly algorithm: JwsAlgorithm;
      /** The x5c certificates, signer first. */
      readonly certificates: readonly X509Certificate[];
    }
  | { readonly valid: false; readonly problem: string };

const ALLOWED_HEADER = new Set(['alg', 'x5c']);
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function base64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs `payload` for a detached JWS: `header..signature`. */
export function signDetachedJws(payload: Uint8Array, signer: JwsSigner): string {
  if (signer.certificates.length === 0) throw new Error('The signer has no certificate.');
  // Keys in a fixed order, so equal inputs give equal tokens (ES256 signatures still differ).
  const header = JSON.stringify({
    alg: signer.algorithm,
    x5c: signer.certificates.map((der) => der.toString('base64')),
  });
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${base64url(header)}..${base64url(signer.signData(Buffer.from(signingInput, 'ascii')))}`;
}

function failed(problem: string): JwsVerification {
  return { valid: false, problem };
}

/** Whether the certificate's key is the kind `alg` needs (P-256 for ES256, RSA ≥ 2048 bits for PS256). */
function keyFitsAlgorithm(certificate: X509Certificate, algorithm: JwsAlgorithm): boolean {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails;
  if (algorithm === 'ES256')
    return key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1';
  return (
    (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') &&
    (details?.modulusLength ?? 0) >= 2048
  );
}

function parseHeader(encoded: string): { alg: JwsAlgorithm; x5c: string[] } | string {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return 'its header is not JSON';
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return 'its header is not a JSON object';
  const members = header as Record<string, unknown>;
  const extra = Object.keys(members).filter((key) => !ALLOWED_HEADER.has(key));
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
 * Checks a detached JWS over `payload` with the public key of its first x5c certificate, and
 * that each x5c certificate is signed by the next one. It says nothing about whether the
 * certificate is to be trusted: the caller compares it with the certificate it expects (or
 * reports its fingerprint).
 */
export function verifyDetachedJws(jws: string, payload: Uint8Array): JwsVerification {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    return failed('the signature is not a compact JWS');
  const [encodedHeader = '', encodedPayload, encodedSignature = ''] = parts;
  if (encodedPayload !== '') return failed('the JWS payload is not detached');
  const header = parseHeader(encodedHeader);
  if (typeof header === 'string') return failed(`the signature is malformed: ${header}`);
  let certificates: X509Certificate[];
  try {
    certificates = header.x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  } catch {
    return failed('the signature is malformed: an x5c certificate cannot be read');
  }
  const [signer] = certificates;
  if (signer === undefined || !keyFitsAlgorithm(signer, header.alg))
    return failed(`the signing certificate's key does not fit ${header.alg}`);
  for (let index = 0; index + 1 < certificates.length; index += 1) {
    const child = certificates[index];
    const parent = certificates[index + 1];
    if (child === undefined || parent === undefined || !child.verify(parent.publicKey))
      return failed('the x5c certificates do not form a chain');
  }
  const signingInput = Buffer.from(`${encodedHeader}.${base64url(payload)}`, 'ascii');
  const signature = Buffer.from(encodedSignature, 'base64url');
  const key = createPublicKey(signer.publicKey.export({ format: 'pem', type: 'spki' }));
  const ok =
    header.alg === 'ES256'
      ? signature.length === 64 &&
        verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : verify(
          'sha256',
          signingInput,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        );
  if (!ok) return failed('the signature does not match the record');
  return { valid: true, algorithm: header.alg, certificates };
}
