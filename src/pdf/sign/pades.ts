import { createHash } from 'node:crypto';
import { attribute, signCades } from './cades.js';
import type { CadesContext } from './cades.js';
import { fillSignature, prepareSignatureUpdate, signedBytes } from './incremental-update.js';
import { OID } from '../../../verifier/pdf-signature/oids.js';
import * as asn1js from 'asn1js';

export interface PadesOptions {
  /** The claimed signing time (`/M`); the CMS carries none (PAdES baseline). */
  readonly signingTime: Date;
  /**
   * An RFC 3161 client: given the SHA-256 of the signature value, returns the DER token.
   * With it the signature is PAdES B-T.
   */
  readonly timestamp?: (digest: Buffer) => Promise<Buffer>;
  /** Certificates for a DSS (PAdES B-LT validation material); omitted: no DSS. */
  readonly dssCertificates?: readonly Uint8Array[];
}

/** Room for the signed attributes, the signature and DER framing beyond the certificates. */
const CMS_OVERHEAD = 1536;
/** Room for a timestamp token with its TSA certificate. */
const TIMESTAMP_ROOM = 6144;

/**
 * Signs `pdf` with a PAdES baseline signature (`ETSI.CAdES.detached`) appended as an
 * incremental update. The placeholder is sized from the certificates; if a timestamp token
 * turns out larger, the update is rebuilt once with the measured size.
 */
export async function signPdfPades(
  pdf: Uint8Array,
  context: CadesContext,
  options: PadesOptions,
): Promise<Buffer> {
  const certificateBytes = context.identity.certificates.reduce(
    (sum, certificate) => sum + certificate.byteLength,
    0,
  );
  let room =
    certificateBytes + CMS_OVERHEAD + (options.timestamp === undefined ? 0 : TIMESTAMP_ROOM);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const prepared = prepareSignatureUpdate(pdf, {
      contentsLength: room,
      signingTime: options.signingTime,
      dssCertificates: options.dssCertificates,
    });
    const digest = createHash('sha256')
      .update(signedBytes(prepared.bytes, prepared.byteRange))
      .digest();
    const signature = signCades(context, digest);
    let cms: Buffer;
    if (options.timestamp === undefined) cms = signature.encode();
    else {
      const imprint = createHash('sha256').update(signature.signatureValue).digest();
      const token = await options.timestamp(imprint);
      const tokenValue = asn1js.fromBER(Uint8Array.from(token));
      if (tokenValue.offset === -1) throw new Error('the timestamp token is not DER');
      cms = signature.encode([attribute(OID.signatureTimeStampToken, tokenValue.result)]);
    }
    if (cms.length <= room) return fillSignature(prepared, cms);
    room = cms.length + 512;
  }
  throw new Error('the CMS signature did not fit its placeholder');
}
