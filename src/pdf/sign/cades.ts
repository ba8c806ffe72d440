import { createHash, sign as signWithKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { Certificate } from 'pkijs';
import { OID } from '../../../verifier/pdf-signature/oids.js';

/** The platform's signing key and its chain, as the CMS builder needs them. */
export interface CmsIdentity {
  /** ECDSA P-256/P-384 or RSA (≥ 3072 bits) private key; it stays in this process. */
  readonly privateKey: KeyObject;
  /** DER certificates, the signer's first, then its chain. */
  readonly certificates: readonly Uint8Array[];
}

/** What does not change from one signature to the next, computed once per identity. */
export interface CadesContext {
  readonly identity: CmsIdentity;
  readonly digestAlgorithm: asn1js.Sequence;
  readonly signatureAlgorithm: asn1js.Sequence;
  readonly sid: asn1js.Sequence;
  /** `[0] IMPLICIT SET OF Certificate`, encoded once: re-encoding parsed certificates is slow. */
  readonly certificateSet: Buffer;
  readonly signingCertificateV2: asn1js.Sequence;
  readonly padding: 'ecdsa' | 'pkcs1';
}

function algorithm(oid: string, params?: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: oid }), ...(params === undefined ? [] : [params])],
  });
}

export function attribute(oid: string, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Set({ value: [value] })],
  });
}

function fromDer(der: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(Uint8Array.from(der));
  if (parsed.offset === -1) throw new Error('a certificate is not DER');
  return parsed.result;
}

function der(value: asn1js.AsnType): Buffer {
  return Buffer.from(value.toBER(false));
}

/** One DER TLV with a definite length (X.690 §8.1.3), to splice in precomputed bytes. */
function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

/** DER `SET OF` needs its elements ordered by their encodings (X.690 §11.6). */
function sortedForSet(values: asn1js.AsnType[]): asn1js.AsnType[] {
  return values
    .map((value) => ({ value, bytes: der(value) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((entry) => entry.value);
}

/**
 * Precomputes the signer's identifiers: issuer-and-serial, the ESS signing-certificate-v2
 * attribute (RFC 5035: SHA-256 of the certificate, which is the default hash so it is omitted,
 * plus issuer and serial) and the algorithm identifiers for its key.
 */
export function createCadesContext(identity: CmsIdentity): CadesContext {
  const signerDer = identity.certificates[0];
  if (signerDer === undefined) throw new Error('a signing identity needs its certificate');
  const signer = Certificate.fromBER(Uint8Array.from(signerDer));
  const keyType = identity.privateKey.asymmetricKeyType;
  if (keyType !== 'ec' && keyType !== 'rsa') throw new Error(`unsupported key type ${keyType}`);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [signer.issuer.toSchema()],
          }),
        ],
      }),
      signer.serialNumber,
    ],
  });
  const certHash = createHash('sha256').update(signerDer).digest();
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial],
  });
  return {
    identity,
    digestAlgorithm: algorithm(OID.sha256),
    signatureAlgorithm:
      keyType === 'ec'
        ? algorithm(OID.ecdsaWithSha256)
        : algorithm(OID.sha256WithRsa, new asn1js.Null()),
    sid: new asn1js.Sequence({ value: [signer.issuer.toSchema(), signer.serialNumber] }),
    certificateSet: tlv(
      0xa0,
      Buffer.concat(
        identity.certificates
          .map((certificate) => der(fromDer(certificate)))
          .sort((a, b) => Buffer.compare(a, b)),
      ),
    ),
    signingCertificateV2: attribute(
      OID.signingCertificateV2,
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] }),
    ),
    padding: keyType === 'ec' ? 'ecdsa' : 'pkcs1',
  };
}

/** A CAdES signer-info signed but not yet encoded, so a timestamp can still be added. */
export interface CadesSignature {
  /** The signature value, which an RFC 3161 signature-time-stamp covers. */
  readonly signatureValue: Buffer;
  /** Encodes the `ContentInfo` (DER), with the given unsigned attributes. */
  encode(unsignedAttributes?: readonly asn1js.Sequence[]): Buffer;
}

/**
 * Signs a detached CAdES-BES / PAdES B-B signer-info over `contentDigest` (SHA-256 of the
 * signed byte ranges): signed attributes content-type, message-digest and
 * signing-certificate-v2 — deliberately no signing-time, which PAdES puts in `/M`.
 */
export function signCades(context: CadesContext, contentDigest: Buffer): CadesSignature {
  const signedAttributes = sortedForSet([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: contentDigest })),
    context.signingCertificateV2,
  ]);
  const toBeSigned = der(new asn1js.Set({ value: signedAttributes }));
  const signatureValue =
    context.padding === 'ecdsa'
      ? signWithKey('sha256', toBeSigned, { key: context.identity.privateKey, dsaEncoding: 'der' })
      : signWithKey('sha256', toBeSigned, context.identity.privateKey);
  return {
    signatureValue,
    encode(unsignedAttributes = []) {
      const signerInfo = new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: 1 }),
          context.sid,
          context.digestAlgorithm,
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: signedAttributes,
          }),
          context.signatureAlgorithm,
          new asn1js.OctetString({ valueHex: signatureValue }),
          ...(unsignedAttributes.length === 0
            ? []
            : [
                new asn1js.Constructed({
                  idBlock: { tagClass: 3, tagNumber: 1 },
                  value: sortedForSet([...unsignedAttributes]),
                }),
              ]),
        ],
      });
      // SignedData { version 1, digestAlgorithms, encapContentInfo (detached id-data),
      // certificates [0], signerInfos }, inside ContentInfo { id-signedData, [0] EXPLICIT }.
      const signedData = tlv(
        0x30,
        Buffer.concat([
          der(new asn1js.Integer({ value: 1 })),
          der(new asn1js.Set({ value: [context.digestAlgorithm] })),
          der(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.data })] })),
          context.certificateSet,
          der(new asn1js.Set({ value: [signerInfo] })),
        ]),
      );
      return tlv(
        0x30,
        Buffer.concat([
          der(new asn1js.ObjectIdentifier({ value: OID.signedData })),
          tlv(0xa0, signedData),
        ]),
      );
    },
  };
}
