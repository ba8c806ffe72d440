import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  CertBag,
  Certificate,
  EncryptedContentInfo,
  EncryptedData,
  PFX,
  PKCS8ShroudedKeyBag,
  PrivateKeyInfo,
} from 'pkijs';
import type { AuthenticatedSafe, SafeContents } from 'pkijs';
import { AppError } from '../errors.js';

/** A signing key and its certificate chain (DER, the signer's first, then up to the root). */
export interface SigningCredentials {
  readonly privateKey: KeyObject;
  readonly certificates: readonly Buffer[];
}

/** Smallest RSA modulus accepted for document signing (issue 3, ETSI TS 119 312). */
export const MIN_RSA_BITS = 3072;
/** P-256 only: the JSON record is signed ES256 with the same key (see DocumentSigner). */
const EC_CURVES = new Set(['prime256v1']);

function invalid(message: string, cause?: unknown): AppError {
  return new AppError('INVALID_INPUT', message, cause === undefined ? undefined : { cause });
}

function pemBlocks(text: string, label: string): Buffer[] {
  const pattern = new RegExp(
    `-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`,
    'g',
  );
  return [...text.matchAll(pattern)].map((match) => Buffer.from(match[1] ?? '', 'base64'));
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/**
 * Checks a key and certificates for document signing and orders the chain: the key must be
 * ECDSA P-256 or RSA ≥ 3072 bits, match one certificate, and that certificate must be
 * valid at `now`. Certificates that are not in the signer's chain are dropped.
 */
export function checkCredentials(
  privateKey: KeyObject,
  certificates: readonly Buffer[],
  now: Date,
): SigningCredentials {
  const type = privateKey.asymmetricKeyType;
  const details = privateKey.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS)
      throw invalid(
        `The RSA key has ${details.modulusLength ?? 0} bits; document signing needs at least ${MIN_RSA_BITS}.`,
      );
  } else if (type === 'ec') {
    if (!EC_CURVES.has(details.namedCurve ?? ''))
      throw invalid('The EC key must be on curve P-256.');
  } else {
    throw invalid(
      `A ${type ?? 'unknown'} key cannot sign documents here; use ECDSA P-256 or RSA ≥ ${MIN_RSA_BITS}.`,
    );
  }
  if (certificates.length === 0) throw invalid('No certificate was given with the key.');
  const parsed = certificates.map((der) => {
    try {
      return new X509Certificate(der);
    } catch (error) {
      throw invalid('A certificate could not be read.', error);
    }
  });
  const publicKey = spki(createPublicKey(privateKey));
  const signer = parsed.find((certificate) => spki(certificate.publicKey).equals(publicKey));
  if (signer === undefined) throw invalid('The private key does not match the certificate.');
  if (new Date(signer.validTo).getTime() <= now.getTime())
    throw invalid(
      `The certificate expired on ${new Date(signer.validTo).toISOString().slice(0, 10)}.`,
    );
  if (new Date(signer.validFrom).getTime() > now.getTime())
    throw invalid(
      `The certificate is not valid before ${new Date(signer.validFrom).toISOString().slice(0, 10)}.`,
    );
  const chain = [signer];
  for (let current = signer; chain.length < parsed.length;) {
    if (current.checkIssued(current)) break;
    const issuer = parsed.find(
      (candidate) =>
        !chain.includes(candidate) &&
        current.checkIssued(candidate) &&
        current.verify(candidate.publicKey),
    );
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return { privateKey, certificates: chain.map((certificate) => certificate.raw) };
}

/** Reads PEM certificates (chain, any order) and a PEM private key (PKCS#8, SEC1 or PKCS#1). */
export function credentialsFromPem(
  certificatePem: string,
  keyPem: string,
  keyPassword: string | null,
  now: Date,
): SigningCredentials {
  const certificates = pemBlocks(certificatePem, 'CERTIFICATE');
  if (certificates.length === 0) throw invalid('The certificate file holds no PEM certificate.');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(
      keyPassword === null ? { key: keyPem } : { key: keyPem, passphrase: keyPassword },
    );
  } catch (error) {
    throw invalid(
      keyPassword === null
        ? 'The key file holds no readable private key (an encrypted key needs its password).'
        : 'The key file could not be read with this password.',
      error,
    );
  }
  return checkCredentials(privateKey, certificates, now);
}

function utf8(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'utf8');
  return Uint8Array.from(bytes).buffer;
}

/**
 * Reads a PKCS#12 file as `openssl pkcs12 -export` writes it (password MAC, PBES2 with AES).
 * Legacy RC2/3DES files (`-legacy`) are refused with a hint to re-export them.
 */
export async function credentialsFromPkcs12(
  file: Buffer,
  password: string,
  now: Date,
): Promise<SigningCredentials> {
  const pass = utf8(password);
  let pfx: PFX;
  try {
    pfx = PFX.fromBER(Uint8Array.from(file));
  } catch (error) {
    throw invalid('The file is not a PKCS#12 (.p12/.pfx) file.', error);
  }
  try {
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
  } catch (error) {
    throw invalid('The PKCS#12 password is wrong, or the file is damaged.', error);
  }
  const safe: AuthenticatedSafe | undefined = pfx.parsedValue?.authenticatedSafe;
  if (safe === undefined) throw invalid('The PKCS#12 file holds no content.');
  try {
    await safe.parseInternalValues({
      safeContents: safe.safeContents.map(() => ({ password: pass })),
    });
  } catch (error) {
    throw invalid(
      'The PKCS#12 file uses an encryption this importer does not read; re-export it with a current `openssl pkcs12 -export` (AES-256).',
      error,
    );
  }
  const keys: KeyObject[] = [];
  const certificates: Buffer[] = [];
  // pkijs types AuthenticatedSafe.parsedValue as any; after parseInternalValues it holds this.
  const parsedSafe = safe.parsedValue as { safeContents?: { value: SafeContents }[] } | undefined;
  const contents = parsedSafe?.safeContents ?? [];
  for (const content of contents) {
    for (const bag of content.value.safeBags) {
      const value: unknown = bag.bagValue;
      let keyInfo: PrivateKeyInfo | undefined;
      if (value instanceof PKCS8ShroudedKeyBag) {
        try {
          const encrypted = new EncryptedData({
            encryptedContentInfo: new EncryptedContentInfo({
              contentEncryptionAlgorithm: value.encryptionAlgorithm,
              encryptedContent: value.encryptedData,
            }),
          });
          keyInfo = PrivateKeyInfo.fromBER(await encrypted.decrypt({ password: pass }));
        } catch (error) {
          throw invalid(
            'The PKCS#12 key is encrypted in a way this importer does not read; re-export it with a current `openssl pkcs12 -export` (AES-256).',
            error,
          );
        }
      } else if (value instanceof PrivateKeyInfo) keyInfo = value;
      else if (value instanceof CertBag) {
        // pkijs types CertBag.parsedValue as any; for X.509 bags it is a Certificate.
        const certificate: unknown = value.parsedValue;
        if (certificate instanceof Certificate)
          certificates.push(Buffer.from(certificate.toSchema().toBER(false)));
      }
      if (keyInfo !== undefined)
        keys.push(
          createPrivateKey({
            key: Buffer.from(keyInfo.toSchema().toBER(false)),
            format: 'der',
            type: 'pkcs8',
          }),
        );
    }
  }
  if (keys.length !== 1)
    throw invalid(`The PKCS#12 file must hold exactly one private key, not ${keys.length}.`);
  return checkCredentials(keys[0]!, certificates, now);
}
