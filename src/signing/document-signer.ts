import { X509Certificate, constants, sign } from 'node:crypto';
import { createCadesContext } from '../pdf/sign/cades.js';
import type { CadesContext } from '../pdf/sign/cades.js';
import { signPdfPades } from '../pdf/sign/pades.js';
import type { SigningCredentials } from './credentials.js';
import type { TimestampClient } from './tsa-client.js';

/** The PAdES level a signer produces: B-B, or B-T with a timestamp authority. */
export type PadesLevel = 'B-B' | 'B-T';

/**
 * The platform's document signer: PAdES signatures on PDFs and JWS-style signatures on data
 * (the embedded record), with one key that never leaves this object unencrypted.
 */
export class DocumentSigner {
  /** JWS algorithm of {@link signData}: ES256 (ECDSA P-256) or PS256 (RSA-PSS, SHA-256). */
  readonly algorithm: 'ES256' | 'PS256';
  /** DER certificates: the signer's first, then its chain up to the CA. */
  readonly certificates: readonly Buffer[];
  /**
   * Signing certificates this platform used before (renewed or replaced), DER: documents they
   * signed are still this platform's.
   */
  readonly formerSigners: readonly Buffer[];
  readonly level: PadesLevel;
  readonly #credentials: SigningCredentials;
  readonly #cades: CadesContext;
  readonly #timestamp: TimestampClient | null;

  constructor(
    credentials: SigningCredentials,
    options: { timestamp?: TimestampClient | null; formerSigners?: readonly Buffer[] } = {},
  ) {
    this.#credentials = credentials;
    this.certificates = Object.freeze([...credentials.certificates]);
    this.formerSigners = Object.freeze([...(options.formerSigners ?? [])]);
    this.algorithm = credentials.privateKey.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
    this.#cades = createCadesContext(credentials);
    this.#timestamp = options.timestamp ?? null;
    this.level = this.#timestamp === null ? 'B-B' : 'B-T';
  }

  /** Subject of the signing certificate, e.g. "O=Certa, CN=Certa document signing (example.org)". */
  get subject(): string {
    return new X509Certificate(this.certificates[0]!).subject.split('\n').join(', ');
  }

  /**
   * Signs `pdf` (PAdES, incremental update) with `/M` = `signingTime`, adding a DSS with the
   * chain and, when a timestamp authority is configured, a signature-time-stamp.
   */
  signPdf(pdf: Uint8Array, signingTime: Date): Promise<Buffer> {
    return signPdfPades(pdf, this.#cades, {
      signingTime,
      dssCertificates: this.certificates,
      ...(this.#timestamp === null ? {} : { timestamp: this.#timestamp }),
    });
  }

  /** A JWS signature over `data`: ES256 as IEEE P1363 r‖s (64 bytes), or PS256. */
  signData(data: Uint8Array): Buffer {
    const key = this.#credentials.privateKey;
    return this.algorithm === 'ES256'
      ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  }
}
