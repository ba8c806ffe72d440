import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  BasicConstraints,
  Certificate,
  ExtKeyUsage,
  Extension,
  PublicKeyInfo,
  RelativeDistinguishedNames,
  Time,
} from 'pkijs';

/**
 * RFC 9336 documentSigning. pdfsig (poppler 22.12 with NSS) reports "Unknown issue with
 * Certificate" for a certificate whose extKeyUsage has only this purpose, so emailProtection is
 * listed as well.
 */
export const DOCUMENT_SIGNING_EKU = '1.3.6.1.5.5.7.3.36';
const EMAIL_PROTECTION_EKU = '1.3.6.1.5.5.7.3.4';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

export interface Issued {
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
}

export interface SubjectName {
  readonly commonName: string;
  readonly organisation: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The local CA lives long: re-importing it into trust stores is a chore. */
export const CA_VALIDITY_DAYS = 20 * 365;
/** The signing certificate is renewed (by the same CA) well before it ends. */
export const SIGNER_VALIDITY_DAYS = 3 * 365;

/** O then CN, one attribute per RDN (pkijs would put both into one multi-valued RDN). */
function name(subject: SubjectName): RelativeDistinguishedNames {
  const rdn = (type: string, value: string): asn1js.Set =>
    new asn1js.Set({
      value: [
        new AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) }).toSchema(),
      ],
    });
  const sequence = new asn1js.Sequence({
    value: [rdn('2.5.4.10', subject.organisation), rdn('2.5.4.3', subject.commonName)],
  });
  return RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime after. */
function time(date: Date): Time {
  return new Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}

/** RFC 7093 method 1: the leftmost 160 bits of SHA-256 of the subject public key. */
function keyIdentifier(publicKeyInfo: PublicKeyInfo): Buffer {
  return createHash('sha256')
    .update(Buffer.from(publicKeyInfo.subjectPublicKey.valueBlock.valueHexView))
    .digest()
    .subarray(0, 20);
}

function keyUsage(bits: number, unusedBits: number): Extension {
  return new Extension({
    extnID: '2.5.29.15',
    critical: true,
    extnValue: new asn1js.BitString({ valueHex: Uint8Array.of(bits), unusedBits }).toBER(false),
  });
}

function issue(options: {
  subject: SubjectName;
  issuer: SubjectName;
  publicKey: KeyObject;
  issuerKey: KeyObject;
  issuerKeyId: Buffer | null;
  notBefore: Date;
  days: number;
  ca: boolean;
}): { certificate: Buffer; keyId: Buffer } {
  const certificate = new Certificate();
  certificate.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.issuer = name(options.issuer);
  certificate.subject = name(options.subject);
  certificate.notBefore = time(options.notBefore);
  certificate.notAfter = time(new Date(options.notBefore.getTime() + options.days * DAY));
  certificate.subjectPublicKeyInfo = PublicKeyInfo.fromBER(
    options.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const keyId = keyIdentifier(certificate.subjectPublicKeyInfo);
  const authorityKeyId = options.issuerKeyId ?? keyId;
  certificate.extensions = [
    new Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new BasicConstraints(
        options.ca ? { cA: true, pathLenConstraint: 0 } : { cA: false },
      )
        .toSchema()
        .toBER(false),
    }),
    // CA: keyCertSign + cRLSign; signer: digitalSignature + nonRepudiation.
    options.ca ? keyUsage(0x06, 1) : keyUsage(0xc0, 6),
    new Extension({
      extnID: '2.5.29.14',
      extnValue: new asn1js.OctetString({ valueHex: keyId }).toBER(false),
    }),
    new Extension({
      extnID: '2.5.29.35',
      extnValue: new asn1js.Sequence({
        value: [
          new asn1js.Primitive({
            idBlock: { tagClass: 3, tagNumber: 0 },
            valueHex: authorityKeyId,
          }),
        ],
      }).toBER(false),
    }),
    ...(options.ca
      ? []
      : [
          new Extension({
            extnID: '2.5.29.37',
            extnValue: new ExtKeyUsage({
              keyPurposes: [DOCUMENT_SIGNING_EKU, EMAIL_PROTECTION_EKU],
            })
              .toSchema()
              .toBER(false),
          }),
        ]),
  ];
  certificate.signature = new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 });
  certificate.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 });
  const tbs = Buffer.from(certificate.encodeTBS().toBER(false));
  certificate.tbsView = new Uint8Array(tbs);
  certificate.signatureValue = new asn1js.BitString({
    valueHex: sign('sha256', tbs, { key: options.issuerKey, dsaEncoding: 'der' }),
  });
  return { certificate: Buffer.from(certificate.toSchema().toBER(false)), keyId };
}

function newEcKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A self-signed ECDSA P-256 CA for this platform (DESIGN §4: the local trust anchor). */
export function createLocalCa(subject: SubjectName, now: Date): Issued {
  const { privateKey, publicKey } = newEcKey();
  const { certificate } = issue({
    subject,
    issuer: subject,
    publicKey,
    issuerKey: privateKey,
    issuerKeyId: null,
    notBefore: new Date(now.getTime() - 5 * MINUTE),
    days: CA_VALIDITY_DAYS,
    ca: true,
  });
  return { certificate, privateKey };
}

/**
 * A document-signing certificate (ECDSA P-256; keyUsage digitalSignature + nonRepudiation;
 * extKeyUsage documentSigning, plus emailProtection which NSS-based verifiers such as pdfsig
 * check for) issued by the local CA.
 */
export function issueSigningCertificate(
  ca: Issued,
  caSubject: SubjectName,
  subject: SubjectName,
  now: Date,
): Issued {
  const caCertificate = Certificate.fromBER(Uint8Array.from(ca.certificate));
  const { privateKey, publicKey } = newEcKey();
  const { certificate } = issue({
    subject,
    issuer: caSubject,
    publicKey,
    issuerKey: ca.privateKey,
    issuerKeyId: keyIdentifier(caCertificate.subjectPublicKeyInfo),
    notBefore: new Date(now.getTime() - 5 * MINUTE),
    days: SIGNER_VALIDITY_DAYS,
    ca: false,
  });
  return { certificate, privateKey };
}
