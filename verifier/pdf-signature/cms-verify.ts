import * as asn1js from 'asn1js';
import { ContentInfo, RSASSAPSSParams, SignedData } from 'pkijs';
import type { Certificate, SignerInfo } from 'pkijs';
import { arrayBufferOf, equalBytes } from '../common/bytes.js';
import {
  digest,
  verifyWithCertificate,
  type HashName,
  type SignatureScheme,
} from '../common/web-crypto.js';
import { HASH_OF_OID, OID } from './oids.js';

/** Why a CMS signature does not verify. */
export type CmsProblem =
  'malformed' | 'unsupported-algorithm' | 'digest-mismatch' | 'bad-signature';

export type SignerInfoCheck =
  | {
      readonly ok: true;
      readonly signer: Certificate;
      readonly signerDer: Uint8Array;
      readonly signerInfo: SignerInfo;
      readonly signedData: SignedData;
    }
  | { readonly ok: false; readonly problem: CmsProblem };

/** Parses DER `ContentInfo` holding `SignedData`; trailing zero padding is ignored. */
export function parseSignedData(der: Uint8Array): SignedData | null {
  try {
    const parsed = asn1js.fromBER(arrayBufferOf(der));
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
    const keyId = (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock
      .valueHexView;
    if (keyId === undefined) return undefined;
    return certificates.find((certificate) => {
      const extension = certificate.extensions?.find((item) => item.extnID === '2.5.29.14');
      const parsed = extension?.parsedValue as asn1js.OctetString | undefined;
      return parsed !== undefined && equalBytes(parsed.valueBlock.valueHexView, keyId);
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

/** How the signer-info's signature value is checked (null: an algorithm not accepted here). */
function schemeOf(signerInfo: SignerInfo, hash: HashName): SignatureScheme | null {
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  const ecdsa: Record<string, HashName> = {
    [OID.ecPublicKey]: hash,
    [OID.ecdsaWithSha256]: 'SHA-256',
    [OID.ecdsaWithSha384]: 'SHA-384',
    [OID.ecdsaWithSha512]: 'SHA-512',
  };
  const ecdsaHash = ecdsa[algorithm];
  if (ecdsaHash !== undefined) return { kind: 'ecdsa', hash: ecdsaHash, encoding: 'der' };
  if (algorithm === OID.rsassaPss) {
    const params = new RSASSAPSSParams({ schema: signerInfo.signatureAlgorithm.algorithmParams });
    const pssHash = HASH_OF_OID[params.hashAlgorithm.algorithmId];
    return pssHash === undefined
      ? null
      : { kind: 'rsa-pss', hash: pssHash, saltLength: params.saltLength };
  }
  const rsa: Record<string, HashName> = {
    [OID.rsaEncryption]: hash,
    [OID.sha256WithRsa]: 'SHA-256',
    [OID.sha384WithRsa]: 'SHA-384',
    [OID.sha512WithRsa]: 'SHA-512',
  };
  const rsaHash = rsa[algorithm];
  return rsaHash === undefined ? null : { kind: 'rsa-pkcs1', hash: rsaHash };
}

/**
 * Checks the first signer-info of `signedData` over content whose digest is computed by
 * `digestOf` (detached: the PDF byte ranges; encapsulated: the eContent), with Web Crypto. Only
 * SHA-2 digests are accepted; signed attributes are required (CAdES).
 */
export async function checkSignerInfo(
  signedData: SignedData,
  digestOf: (hash: HashName) => Promise<Uint8Array>,
): Promise<SignerInfoCheck> {
  const signerInfo = signedData.signerInfos[0];
  if (signerInfo?.signedAttrs === undefined) return { ok: false, problem: 'malformed' };
  const hash = HASH_OF_OID[signerInfo.digestAlgorithm.algorithmId];
  if (hash === undefined) return { ok: false, problem: 'unsupported-algorithm' };
  const signer = findSigner(signedData, signerInfo);
  if (signer === undefined) return { ok: false, problem: 'malformed' };
  const messageDigest = attributeValue(signerInfo, OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) return { ok: false, problem: 'malformed' };
  if (!equalBytes(messageDigest.valueBlock.valueHexView, await digestOf(hash)))
    return { ok: false, problem: 'digest-mismatch' };
  const scheme = schemeOf(signerInfo, hash);
  if (scheme === null) return { ok: false, problem: 'unsupported-algorithm' };
  const ok = await verifyWithCertificate(
    signer,
    scheme,
    new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
    new Uint8Array(signerInfo.signedAttrs.encodedValue),
  );
  if (!ok) return { ok: false, problem: 'bad-signature' };
  const signerDer = new Uint8Array(signer.toSchema().toBER(false));
  return { ok: true, signer, signerDer, signerInfo, signedData };
}

/**
 * Whether the ESS signing-certificate-v2 attribute is present and names the signer's
 * certificate by its hash (SHA-256 by default, else the algorithm it gives).
 */
export async function checkSigningCertificateV2(
  signerInfo: SignerInfo,
  signerDer: Uint8Array,
): Promise<boolean> {
  const value = attributeValue(signerInfo, OID.signingCertificateV2);
  if (!(value instanceof asn1js.Sequence)) return false;
  const certs = value.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return false;
  const [head, second] = first.valueBlock.value;
  let hash: HashName = 'SHA-256';
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
  return equalBytes(certHash.valueBlock.valueHexView, await digest(hash, signerDer));
}

/** The signer-info's unsigned attribute values of type `oid`. */
export function unsignedAttribute(signerInfo: SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signerInfo.unsignedAttrs?.attributes.find((attribute) => attribute.type === oid)
    ?.values[0] as asn1js.AsnType | undefined;
}
