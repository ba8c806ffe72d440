import * as asn1js from 'asn1js';
import { ContentInfo, RSASSAPSSParams, SignedData, type Certificate, type SignerInfo } from 'pkijs';
import { OID } from '../pdf-signature/oids.js';
import {
  PdfSyntaxError,
  readCrossReference,
  resolve,
  signedBytes,
  type CrossReference,
  type PdfValue,
} from '../pdf-signature/pdf-syntax.js';
import { arrayBufferOf, equalBytes, fromHex } from './bytes.js';
import {
  digest,
  distinguishedName,
  verifyWithCertificate,
  type HashName,
  type SignatureScheme,
} from './web-crypto.js';

/**
 * The PAdES signatures of a PDF, checked with Web Crypto: each CMS (CAdES, signed attributes
 * required, SHA-2 only) over its byte ranges, and whether the last one covers the whole file —
 * an incremental update after signing (a shadow attack, a changed attachment) leaves bytes
 * uncovered. The RFC 3161 signature-time-stamp inside is not checked here (the Node verifier
 * does it); the document's time comes from its OpenTimestamps proof.
 */
export interface WebPdfSignature {
  readonly valid: boolean;
  readonly problem:
    | 'bad-byte-range'
    | 'malformed'
    | 'unsupported-algorithm'
    | 'digest-mismatch'
    | 'bad-signature'
    | null;
  readonly coversWholeDocument: boolean;
  /** Where the signed revision ends (the end of its last byte range), when the ranges are sound. */
  readonly signedLength: number | null;
  /** DER of the signer's certificate when the CMS verifies. */
  readonly signerDer: Uint8Array | null;
  readonly signerSubject: string | null;
}

const HASHES: Record<string, HashName> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

function signatureDictionaries(pdf: Uint8Array, xref: CrossReference): Map<string, PdfValue>[] {
  const root = xref.trailer.get('Root');
  const catalog = root === undefined ? undefined : resolve(pdf, xref, root);
  if (catalog?.kind !== 'dict') return [];
  const form = catalog.entries.get('AcroForm');
  const formDict = form === undefined ? undefined : resolve(pdf, xref, form);
  if (formDict?.kind !== 'dict') return [];
  const fieldsValue = formDict.entries.get('Fields');
  const fields = fieldsValue === undefined ? undefined : resolve(pdf, xref, fieldsValue);
  if (fields?.kind !== 'array') return [];
  const found: Map<string, PdfValue>[] = [];
  const seen = new Set<number>();
  const visit = (node: PdfValue, inheritedType: string | null, depth: number): void => {
    if (depth > 32) return;
    if (node.kind === 'ref') {
      if (seen.has(node.num)) return;
      seen.add(node.num);
    }
    const field = resolve(pdf, xref, node);
    if (field.kind !== 'dict') return;
    const typeValue = field.entries.get('FT');
    const type = typeValue?.kind === 'name' ? typeValue.value : inheritedType;
    const kids = field.entries.get('Kids');
    if (kids !== undefined) {
      const list = resolve(pdf, xref, kids);
      if (list.kind === 'array') for (const kid of list.items) visit(kid, type, depth + 1);
    }
    const value = field.entries.get('V');
    if (type === 'Sig' && value !== undefined) {
      const signature = resolve(pdf, xref, value);
      if (signature.kind === 'dict') found.push(signature.entries);
    }
  };
  for (const field of fields.items) visit(field, null, 0);
  return found;
}

function findSigner(signedData: SignedData, signerInfo: SignerInfo): Certificate | undefined {
  const certificates = (signedData.certificates ?? []).filter(
    (certificate): certificate is Certificate => 'subjectPublicKeyInfo' in certificate,
  );
  const sid = signerInfo.sid as unknown;
  if (sid instanceof asn1js.Constructed) {
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
    const pssHash = HASHES[params.hashAlgorithm.algorithmId];
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

async function checkCms(
  contents: Uint8Array,
  data: Uint8Array,
): Promise<
  | { ok: true; signer: Certificate }
  | { ok: false; problem: NonNullable<WebPdfSignature['problem']> }
> {
  let signedData: SignedData;
  try {
    const parsed = asn1js.fromBER(arrayBufferOf(contents));
    if (parsed.offset === -1) return { ok: false, problem: 'malformed' };
    const contentInfo = new ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID.signedData) return { ok: false, problem: 'malformed' };
    signedData = new SignedData({ schema: contentInfo.content });
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const signerInfo = signedData.signerInfos[0];
  if (signerInfo?.signedAttrs === undefined) return { ok: false, problem: 'malformed' };
  const hash = HASHES[signerInfo.digestAlgorithm.algorithmId];
  if (hash === undefined) return { ok: false, problem: 'unsupported-algorithm' };
  const signer = findSigner(signedData, signerInfo);
  if (signer === undefined) return { ok: false, problem: 'malformed' };
  const messageDigest = signerInfo.signedAttrs.attributes.find(
    (attribute) => attribute.type === OID.messageDigest,
  )?.values[0] as unknown;
  if (!(messageDigest instanceof asn1js.OctetString)) return { ok: false, problem: 'malformed' };
  if (!equalBytes(messageDigest.valueBlock.valueHexView, await digest(hash, data)))
    return { ok: false, problem: 'digest-mismatch' };
  const scheme = schemeOf(signerInfo, hash);
  if (scheme === null) return { ok: false, problem: 'unsupported-algorithm' };
  const ok = await verifyWithCertificate(
    signer,
    scheme,
    new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
    new Uint8Array(signerInfo.signedAttrs.encodedValue),
  );
  return ok ? { ok: true, signer } : { ok: false, problem: 'bad-signature' };
}

async function checkOne(
  pdf: Uint8Array,
  signature: Map<string, PdfValue>,
): Promise<WebPdfSignature> {
  const broken = (problem: NonNullable<WebPdfSignature['problem']>): WebPdfSignature => ({
    valid: false,
    problem,
    coversWholeDocument: false,
    signedLength: null,
    signerDer: null,
    signerSubject: null,
  });
  const rangeValue = signature.get('ByteRange');
  const range =
    rangeValue?.kind === 'array'
      ? rangeValue.items.map((item) => (item.kind === 'number' ? Number(item.text) : NaN))
      : [];
  if (
    range.length !== 4 ||
    range.some((value) => !Number.isSafeInteger(value) || value < 0) ||
    range[0] !== 0 ||
    range[1]! > range[2]! ||
    range[2]! + range[3]! > pdf.byteLength
  )
    return broken('bad-byte-range');
  const [, gapStart, gapEnd, tailLength] = range as [number, number, number, number];
  const contentsValue = signature.get('Contents');
  if (contentsValue?.kind !== 'raw' || !contentsValue.text.startsWith('<'))
    return broken('bad-byte-range');
  if (pdf[gapStart] !== 0x3c || pdf[gapEnd - 1] !== 0x3e) return broken('bad-byte-range');
  let contents: Uint8Array;
  try {
    const hex = contentsValue.text.slice(1, -1).replace(/\s+/g, '');
    contents = fromHex(hex.length % 2 === 0 ? hex : `${hex}0`);
  } catch {
    return broken('bad-byte-range');
  }
  const check = await checkCms(contents, signedBytes(pdf, range));
  if (!check.ok) return broken(check.problem);
  return {
    valid: true,
    problem: null,
    coversWholeDocument: gapEnd + tailLength === pdf.byteLength,
    signedLength: gapEnd + tailLength,
    signerDer: new Uint8Array(check.signer.toSchema().toBER(false)),
    signerSubject: distinguishedName(check.signer.subject),
  };
}

/** Checks every signature of `pdf`, in field order; throws {@link PdfSyntaxError} on an unreadable structure. */
export async function verifyPdfSignaturesWeb(pdf: Uint8Array): Promise<WebPdfSignature[]> {
  let dictionaries: Map<string, PdfValue>[];
  try {
    dictionaries = signatureDictionaries(pdf, readCrossReference(pdf));
  } catch (error) {
    if (error instanceof PdfSyntaxError) throw error;
    throw new PdfSyntaxError('unreadable PDF structure');
  }
  const results: WebPdfSignature[] = [];
  for (const dictionary of dictionaries) {
    try {
      results.push(await checkOne(pdf, dictionary));
    } catch {
      results.push({
        valid: false,
        problem: 'malformed',
        coversWholeDocument: false,
        signedLength: null,
        signerDer: null,
        signerSubject: null,
      });
    }
  }
  return results;
}
