import { X509Certificate, constants, createHash, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import { ContentInfo, RSASSAPSSParams, SignedData } from 'pkijs';
import type { Certificate, SignerInfo } from 'pkijs';
import { HASH_OF_OID, OID } from './oids.js';

/** Why a CMS signature does not verify. */
export type CmsProblem =
  'malformed' | 'unsupported-algorithm' | 'digest-mismatch' | 'bad-signature';

export type SignerInfoCheck =
  | {
      readonly ok: true;
      readonly signer: Certificate;
      readonly signerDer: Buffer;
      readonly signerInfo: SignerInfo;
      readonly signedData: SignedData;
    }
  | { readonly ok: false; readonly problem: CmsProblem };

/** Parses DER `ContentInfo` holding `SignedData`; trailing zero padding is ignored. */
export function parseSignedData(der: Uint8Array): SignedData | null {
  try {
    const parsed = asn1js.fromBER(Uint8Array.from(der));
    if (parsed.offset === -1) return null;
    const contentInfo = new ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID.signedData) return null;
    return new SignedData({ schema: contentInfo.content });
  } catch {
    return null;
  }
}

function attributeValue(signerInfo: SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signerInfo.signedAttrs?.attributes.find((attribute) => attribute.type === oid)
    ?.values[0] as asn1js.AsnType | undefined;
}

function findSigner(signedData: SignedData, signerInfo: SignerInfo): Certificate | undefined {
  const certificates = (signedData.certificates ?? []).filter(
    (certificate): certificate is Certificate => 'subjectPublicKeyInfo' in certificate,
  );
  const sid = signerInfo.sid as unknown;
  if (sid instanceof asn1js.Constructed) {
    // [0] SubjectKeyIdentifier
    const keyId = Buffer.from(
      (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.getValue() ?? new ArrayBuffer(0),
    );
    return certificates.find((certificate) => {
      const extension = certificate.extensions?.find((item) => item.extnID === '2.5.29.14');
      const parsed = extension?.parsedValue as asn1js.OctetString | undefined;
      return parsed !== undefined && Buffer.from(parsed.getValue()).equals(keyId);
    });
  }
  const byIssuer = signerInfo.sid as {
    issuer: Certificate['issuer'];
    serialNumber: asn1js.Integer;
  };
  return certificates.find(
    (certificate) =>
      certificate.issuer.isEqual(byIssuer.issuer) &&
      certificate.serialNumber.isEqual(byIssuer.serialNumber),
  );
}

function checkSignatureValue(
  signerInfo: SignerInfo,
  hash: string,
  data: Buffer,
  signerDer: Buffer,
): boolean | 'unsupported-algorithm' {
  const key = new X509Certificate(signerDer).publicKey;
  const signature = Buffer.from(signerInfo.signature.getValue());
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  try {
    if (key.asymmetricKeyType === 'ec') {
      if (
        ![OID.ecPublicKey, OID.ecdsaWithSha256, OID.ecdsaWithSha384, OID.ecdsaWithSha512].includes(
          algorithm as never,
        )
      )
        return 'unsupported-algorithm';
      return verifySignature(hash, data, { key, dsaEncoding: 'der' }, signature);
    }
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
      if (algorithm === OID.rsassaPss) {
        const params = new RSASSAPSSParams({
          schema: signerInfo.signatureAlgorithm.algorithmParams,
        });
        const pssHash = HASH_OF_OID[params.hashAlgorithm.algorithmId];
        if (pssHash === undefined) return 'unsupported-algorithm';
        return verifySignature(
          pssHash,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength },
          signature,
        );
      }
      if (
        ![OID.rsaEncryption, OID.sha256WithRsa, OID.sha384WithRsa, OID.sha512WithRsa].includes(
          algorithm as never,
        )
      )
        return 'unsupported-algorithm';
      return verifySignature(hash, data, key, signature);
    }
  } catch {
    return false;
  }
  return 'unsupported-algorithm';
}

/**
 * Checks the first signer-info of `signedData` over content whose digest is computed by
 * `digestOf` (detached: the PDF byte ranges; encapsulated: the eContent). Only SHA-2 digests are
 * accepted; signed attributes are required (CAdES).
 */
export function checkSignerInfo(
  signedData: SignedData,
  digestOf: (hash: string) => Buffer,
): SignerInfoCheck {
  const signerInfo = signedData.signerInfos[0];
  if (signerInfo?.signedAttrs === undefined) return { ok: false, problem: 'malformed' };
  const hash = HASH_OF_OID[signerInfo.digestAlgorithm.algorithmId];
  if (hash === undefined) return { ok: false, problem: 'unsupported-algorithm' };
  const signer = findSigner(signedData, signerInfo);
  if (signer === undefined) return { ok: false, problem: 'malformed' };
  const messageDigest = attributeValue(signerInfo, OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) return { ok: false, problem: 'malformed' };
  if (!Buffer.from(messageDigest.getValue()).equals(digestOf(hash)))
    return { ok: false, problem: 'digest-mismatch' };
  const signerDer = Buffer.from(signer.toSchema().toBER(false));
  const result = checkSignatureValue(
    signerInfo,
    hash,
    Buffer.from(signerInfo.signedAttrs.encodedValue),
    signerDer,
  );
  if (result === 'unsupported-algorithm') return { ok: false, problem: result };
  if (!result) return { ok: false, problem: 'bad-signature' };
  return { ok: true, signer, signerDer, signerInfo, signedData };
}

/**
 * Whether the ESS signing-certificate-v2 attribute is present and names the signer's
 * certificate by its hash (SHA-256 by default, else the algorithm it gives).
 */
export function checkSigningCertificateV2(signerInfo: SignerInfo, signerDer: Buffer): boolean {
  const value = attributeValue(signerInfo, OID.signingCertificateV2);
  if (!(value instanceof asn1js.Sequence)) return false;
  const certs = value.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return false;
  const [head, second] = first.valueBlock.value;
  let hash = 'sha256';
  let certHash: asn1js.AsnType | undefined = head;
  if (head instanceof asn1js.Sequence) {
    const oid = head.valueBlock.value[0];
    const name =
      oid instanceof asn1js.ObjectIdentifier ? HASH_OF_OID[oid.valueBlock.toString()] : undefined;
    if (name === undefined) return false;
    hash = name;
    certHash = second;
  }
  if (!(certHash instanceof asn1js.OctetString)) return false;
  return Buffer.from(certHash.getValue()).equals(createHash(hash).update(signerDer).digest());
}

/** The signer-info's unsigned attribute values of type `oid`. */
export function unsignedAttribute(signerInfo: SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signerInfo.unsignedAttrs?.attributes.find((attribute) => attribute.type === oid)
    ?.values[0] as asn1js.AsnType | undefined;
}
