import type * as asn1js from 'asn1js';
import { ContentInfo, SignedData } from 'pkijs';
import { equalBytes, fromHex } from '../common/bytes.js';
import { digest, distinguishedName } from '../common/web-crypto.js';
import {
  checkSignerInfo,
  checkSigningCertificateV2,
  parseSignedData,
  unsignedAttribute,
} from './cms-verify.js';
import type { CmsProblem } from './cms-verify.js';
import { HASH_OF_OID, OID } from './oids.js';
import { PdfSyntaxError, readCrossReference, resolve, signedBytes } from './pdf-syntax.js';
import type { CrossReference, PdfValue } from './pdf-syntax.js';
import { readTstInfo } from './tst-info.js';

/** What a verifier can say about one signature of a PDF, without judging trust. */
export interface PdfSignatureCheck {
  readonly fieldName: string | null;
  readonly subFilter: string | null;
  /** The CMS verifies over the signed byte ranges with the signer's key. */
  readonly valid: boolean;
  readonly problem: CmsProblem | 'bad-byte-range' | null;
  /** The byte ranges run from the first byte to the last, leaving out only `/Contents`. */
  readonly coversWholeDocument: boolean;
  /** e.g. "CN=Certa local signing, O=Example" */
  readonly signerSubject: string | null;
  readonly signerIssuer: string | null;
  /** DER of the signer's certificate and the others in the CMS, to judge trust elsewhere. */
  readonly certificates: readonly Uint8Array[];
  /**
   * Where the signed revision ends (the end of its last byte range) when the ranges are sound:
   * the bytes `[0, signedLength)` are the file as it was signed.
   */
  readonly signedLength: number | null;
  /** ESS signing-certificate-v2 present and matching the signer certificate. */
  readonly signingCertificateV2: boolean;
  /** `/M` of the signature dictionary as given (a claim, not proof). */
  readonly claimedSigningTime: string | null;
  /**
   * An RFC 3161 signature-time-stamp, when there is one: `valid` when its TSA signature verifies
   * (with the certificate the token carries) and its message imprint is the hash of this
   * signature's value — a token taken from another signature is not valid.
   */
  readonly timestamp: { readonly time: string; readonly valid: boolean } | null;
}

function decodeHexString(value: PdfValue | undefined): Uint8Array | null {
  if (value?.kind !== 'raw' || !value.text.startsWith('<')) return null;
  const hex = value.text.slice(1, -1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  return fromHex(hex.length % 2 === 0 ? hex : `${hex}0`);
}

function literalText(value: PdfValue | undefined): string | null {
  if (value?.kind !== 'raw' || !value.text.startsWith('(')) return null;
  return value.text.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The signature dictionaries reachable from the AcroForm's fields (with their field names). */
function signatureFields(
  pdf: Uint8Array,
  xref: CrossReference,
): { fieldName: string | null; signature: Map<string, PdfValue> }[] {
  const root = xref.trailer.get('Root');
  if (root === undefined) return [];
  const catalog = resolve(pdf, xref, root);
  if (catalog.kind !== 'dict') return [];
  const form = catalog.entries.get('AcroForm');
  const formDict = form === undefined ? undefined : resolve(pdf, xref, form);
  if (formDict?.kind !== 'dict') return [];
  const fieldsValue = formDict.entries.get('Fields');
  const fields = fieldsValue === undefined ? undefined : resolve(pdf, xref, fieldsValue);
  if (fields?.kind !== 'array') return [];
  const found: { fieldName: string | null; signature: Map<string, PdfValue> }[] = [];
  const seen = new Set<number>();
  const visit = (node: PdfValue, inheritedType: string | null, depth: number): void => {
    if (depth > 32) return;
    if (node.kind === 'ref') {
      // A field tree that points back into itself is visited once per object.
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
      if (signature.kind === 'dict')
        found.push({
          fieldName: literalText(field.entries.get('T')),
          signature: signature.entries,
        });
    }
  };
  for (const field of fields.items) visit(field, null, 0);
  return found;
}

/**
 * The RFC 3161 signature-time-stamp token of a signature: the TSA's CMS signature over the
 * TSTInfo, and the TSTInfo's message imprint against the hash of `signatureValue`.
 */
async function checkTimestamp(
  signatureValue: Uint8Array,
  token: asn1js.AsnType,
): Promise<{ time: string; valid: boolean } | null> {
  try {
    const tokenDer = new Uint8Array(token.toBER(false));
    const info = readTstInfo(tokenDer);
    const contentInfo = new ContentInfo({ schema: token });
    const signedData = new SignedData({ schema: contentInfo.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (eContent === undefined) return { time: info.genTime.toISOString(), valid: false };
    const content = new Uint8Array(eContent.getValue());
    const check = await checkSignerInfo(signedData, (hash) => digest(hash, content));
    const imprintHash = HASH_OF_OID[info.imprintAlgorithm];
    const imprintOk =
      imprintHash !== undefined &&
      equalBytes(info.imprint, await digest(imprintHash, signatureValue));
    return { time: info.genTime.toISOString(), valid: check.ok && imprintOk };
  } catch {
    return null;
  }
}

/** What the signature dictionary itself says: its field, sub-filter and claimed signing time. */
function describedBy(
  fieldName: string | null,
  signature: Map<string, PdfValue>,
): Pick<PdfSignatureCheck, 'fieldName' | 'subFilter' | 'claimedSigningTime'> {
  const subFilter = signature.get('SubFilter');
  return {
    fieldName,
    subFilter: subFilter?.kind === 'name' ? subFilter.value : null,
    claimedSigningTime: literalText(signature.get('M')),
  };
}

/** A signature that does not verify, for `problem`: nothing of its signer is reported. */
function broken(
  fieldName: string | null,
  signature: Map<string, PdfValue>,
  problem: NonNullable<PdfSignatureCheck['problem']>,
): PdfSignatureCheck {
  return {
    ...describedBy(fieldName, signature),
    valid: false,
    problem,
    coversWholeDocument: false,
    signerSubject: null,
    signerIssuer: null,
    certificates: [],
    signedLength: null,
    signingCertificateV2: false,
    timestamp: null,
  };
}

async function checkOne(
  pdf: Uint8Array,
  fieldName: string | null,
  signature: Map<string, PdfValue>,
): Promise<PdfSignatureCheck> {
  const brokenBy = (problem: NonNullable<PdfSignatureCheck['problem']>): PdfSignatureCheck =>
    broken(fieldName, signature, problem);
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
    return brokenBy('bad-byte-range');
  const [, gapStart, gapEnd, tailLength] = range as [number, number, number, number];
  const contents = decodeHexString(signature.get('Contents'));
  // The gap must be exactly the /Contents hex string, nothing else left unsigned.
  if (contents === null || pdf[gapStart] !== 0x3c || pdf[gapEnd - 1] !== 0x3e)
    return brokenBy('bad-byte-range');
  const signedData = parseSignedData(contents);
  if (signedData === null) return brokenBy('malformed');
  const data = signedBytes(pdf, range);
  const check = await checkSignerInfo(signedData, (hash) => digest(hash, data));
  if (!check.ok) return brokenBy(check.problem);
  const token = unsignedAttribute(check.signerInfo, OID.signatureTimeStampToken);
  const others = (check.signedData.certificates ?? [])
    .filter((item) => 'subjectPublicKeyInfo' in item)
    .map((item) => new Uint8Array(item.toSchema().toBER(false)))
    .filter((der) => !equalBytes(der, check.signerDer));
  return {
    ...describedBy(fieldName, signature),
    valid: true,
    problem: null,
    coversWholeDocument: gapEnd + tailLength === pdf.byteLength,
    signerSubject: distinguishedName(check.signer.subject),
    signerIssuer: distinguishedName(check.signer.issuer),
    certificates: [check.signerDer, ...others],
    signedLength: gapEnd + tailLength,
    signingCertificateV2: await checkSigningCertificateV2(check.signerInfo, check.signerDer),
    timestamp:
      token === undefined
        ? null
        : ((await checkTimestamp(
            new Uint8Array(check.signerInfo.signature.valueBlock.valueHexView),
            token,
          )) ?? { time: '', valid: false }),
  };
}

/**
 * Checks every signature field of `pdf` (in field order), with Web Crypto: each CMS (CAdES,
 * signed attributes required, SHA-2 only) over its byte ranges, whether it covers the whole file
 * (an incremental update after signing — a shadow attack, a changed attachment — leaves bytes
 * uncovered), and its RFC 3161 signature-time-stamp. Resolves to an empty list for an unsigned
 * PDF and rejects with {@link PdfSyntaxError} for a file whose structure cannot be read here
 * (e.g. cross-reference streams, which Certa's PDFs do not use).
 */
export async function verifyPdfSignatures(pdf: Uint8Array): Promise<PdfSignatureCheck[]> {
  let fields: ReturnType<typeof signatureFields>;
  try {
    fields = signatureFields(pdf, readCrossReference(pdf));
  } catch (error) {
    // Uploaded files are arbitrary: any failure to read the structure is a syntax error.
    if (error instanceof PdfSyntaxError) throw error;
    throw new PdfSyntaxError(
      `unreadable PDF structure (${error instanceof Error ? error.name : 'unknown'})`,
    );
  }
  const checks: PdfSignatureCheck[] = [];
  for (const { fieldName, signature } of fields) {
    try {
      checks.push(await checkOne(pdf, fieldName, signature));
    } catch {
      // A CMS or certificate that pkijs cannot parse is a malformed signature.
      checks.push(broken(fieldName, signature, 'malformed'));
    }
  }
  return checks;
}

export { PdfSyntaxError };
