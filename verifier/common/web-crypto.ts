import * as asn1js from 'asn1js';
import { Certificate } from 'pkijs';
import { arrayBufferOf, toHex } from './bytes.js';

/**
 * Web Crypto (`globalThis.crypto.subtle`, in browsers and Node ≥ 20) for what the verifier
 * checks: digests, and signatures by an X.509 certificate's key (ECDSA P-256/384/521,
 * RSASSA-PKCS1-v1_5, RSA-PSS). Certificates are parsed with pkijs/asn1js.
 */

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

function subtle(): typeof globalThis.crypto.subtle {
  const found = globalThis.crypto?.subtle;
  if (found === undefined) throw new Error('Web Crypto is not available here.');
  return found;
}

export async function digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, arrayBufferOf(data)));
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(await digest('SHA-256', data));
}

/** Parses one DER certificate; null if it is not one. */
export function parseCertificate(der: Uint8Array): Certificate | null {
  try {
    const parsed = asn1js.fromBER(arrayBufferOf(der));
    if (parsed.offset === -1) return null;
    return new Certificate({ schema: parsed.result });
  } catch {
    return null;
  }
}

const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** What a certificate's public key is, as far as the verifier cares. */
export type KeyKind =
  | { readonly type: 'ec'; readonly curve: string }
  | { readonly type: 'rsa'; readonly bits: number }
  | { readonly type: 'other' };

export function keyKind(certificate: Certificate): KeyKind {
  const info = certificate.subjectPublicKeyInfo;
  const algorithm = info.algorithm.algorithmId;
  if (algorithm === EC_PUBLIC_KEY) {
    const params = info.algorithm.algorithmParams as unknown;
    const oid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : '';
    const curve = CURVES[oid];
    return curve === undefined ? { type: 'other' } : { type: 'ec', curve };
  }
  if (algorithm === RSA_ENCRYPTION) {
    try {
      const key = asn1js.fromBER(info.subjectPublicKey.valueBlock.valueHexView);
      const modulus = (key.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Integer;
      const bytes = modulus.valueBlock.valueHexView;
      const leadingZero = bytes[0] === 0 ? 1 : 0;
      return { type: 'rsa', bits: (bytes.length - leadingZero) * 8 };
    } catch {
      return { type: 'other' };
    }
  }
  return { type: 'other' };
}

/** How a signature is to be checked. */
export type SignatureScheme =
  | { readonly kind: 'ecdsa'; readonly hash: HashName; readonly encoding: 'der' | 'p1363' }
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly hash: HashName; readonly saltLength: number };

/** An ECDSA signature in DER (CMS, X.509) as IEEE P1363 `r ‖ s` (Web Crypto). */
function p1363FromDer(der: Uint8Array, curve: string): Uint8Array | null {
  const size = curve === 'P-256' ? 32 : curve === 'P-384' ? 48 : 66;
  try {
    const parsed = asn1js.fromBER(arrayBufferOf(der));
    if (parsed.offset !== der.length) return null;
    const [r, s] = (parsed.result as asn1js.Sequence).valueBlock.value as asn1js.Integer[];
    if (r === undefined || s === undefined) return null;
    const out = new Uint8Array(size * 2);
    for (const [index, part] of [r, s].entries()) {
      let bytes = new Uint8Array(part.valueBlock.valueHexView);
      while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
      if (bytes.length > size) return null;
      out.set(bytes, index * size + (size - bytes.length));
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Whether `signature` over `data` verifies with the certificate's key under `scheme`. False for
 * a key that does not fit the scheme, or one Web Crypto cannot import.
 */
export async function verifyWithCertificate(
  certificate: Certificate,
  scheme: SignatureScheme,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const kind = keyKind(certificate);
  const spki = arrayBufferOf(
    new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false)),
  );
  try {
    if (scheme.kind === 'ecdsa') {
      if (kind.type !== 'ec') return false;
      const raw = scheme.encoding === 'der' ? p1363FromDer(signature, kind.curve) : signature;
      if (raw === null) return false;
      const algorithm = { name: 'ECDSA', namedCurve: kind.curve };
      const key = await subtle().importKey('spki', spki, algorithm, false, ['verify']);
      return await subtle().verify(
        { name: 'ECDSA', hash: scheme.hash },
        key,
        arrayBufferOf(raw),
        arrayBufferOf(data),
      );
    }
    if (kind.type !== 'rsa') return false;
    const name = scheme.kind === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
    const key = await subtle().importKey('spki', spki, { name, hash: scheme.hash }, false, [
      'verify',
    ]);
    return await subtle().verify(
      scheme.kind === 'rsa-pss' ? { name, saltLength: scheme.saltLength } : { name },
      key,
      arrayBufferOf(signature),
      arrayBufferOf(data),
    );
  } catch {
    return false;
  }
}

const SIGNATURE_SCHEMES: Record<string, SignatureScheme> = {
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'SHA-256', encoding: 'der' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'SHA-384', encoding: 'der' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'SHA-512', encoding: 'der' },
  '1.2.840.113549.1.1.11': { kind: 'rsa-pkcs1', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa-pkcs1', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa-pkcs1', hash: 'SHA-512' },
};

/** Whether `child` is signed by `parent`'s key (an x5c chain link), with the schemes above. */
export async function certificateSignedBy(
  child: Certificate,
  parent: Certificate,
): Promise<boolean> {
  const scheme = SIGNATURE_SCHEMES[child.signatureAlgorithm.algorithmId];
  if (scheme === undefined) return false;
  return verifyWithCertificate(
    parent,
    scheme,
    new Uint8Array(child.signatureValue.valueBlock.valueHexView),
    new Uint8Array(child.tbsView),
  );
}

/** Whether the certificate's basic constraints make it a CA. */
export function isCa(certificate: Certificate): boolean {
  const extension = certificate.extensions?.find((item) => item.extnID === '2.5.29.19');
  const parsed = extension?.parsedValue as { cA?: unknown } | undefined;
  return parsed?.cA === true;
}

/** A distinguished name as one line, e.g. "CN=Certa, O=Example". */
export function distinguishedName(name: Certificate['subject']): string {
  const short: Record<string, string> = {
    '2.5.4.3': 'CN',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
  };
  return name.typesAndValues
    .map((item) => {
      const value = (item.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${short[item.type] ?? item.type}=${typeof value === 'string' ? value : ''}`;
    })
    .join(', ');
}
