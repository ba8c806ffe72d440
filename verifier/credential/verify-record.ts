import { fromUtf8, utf8 } from '../common/bytes.js';
import { distinguishedName, parseCertificate, sha256Hex } from '../common/web-crypto.js';
import { canonicalJson } from './canonical-json.js';
import { verifyDetachedJws, type JwsAlgorithm } from './detached-jws.js';
import { PdfReadError, readEmbeddedFiles } from './pdf-attachments.js';
import { RECORD_FILE_NAME, RECORD_TYPE, type JsonObject } from './record.js';

/** Who signed a record: enough to compare with an expected certificate or show a person. */
export interface RecordSigner {
  readonly algorithm: JwsAlgorithm;
  /** SHA-256 of the signing certificate's DER, lower-case hex. */
  readonly certificateSha256: string;
  readonly subject: string;
  readonly issuer: string;
  /** The signing certificate, DER. */
  readonly certificate: Uint8Array;
}

/**
 * What a PDF's embedded record says about itself:
 * - `verified`: the record's JWS verifies with its own certificate (whether that certificate is
 *   the one you trust is for you to decide, from `signer`);
 * - `invalid`: a record is there but is malformed, altered or badly signed (`problem` says how);
 * - `absent`: the PDF carries no record (e.g. issued before records existed).
 */
export type RecordVerification =
  | { readonly status: 'verified'; readonly record: JsonObject; readonly signer: RecordSigner }
  | { readonly status: 'invalid'; readonly record: JsonObject | null; readonly problem: string }
  | { readonly status: 'absent' };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function signerOf(certificate: Uint8Array, algorithm: JwsAlgorithm): Promise<RecordSigner> {
  const parsed = parseCertificate(certificate);
  return {
    algorithm,
    certificateSha256: await sha256Hex(certificate),
    subject: parsed === null ? '' : distinguishedName(parsed.subject),
    issuer: parsed === null ? '' : distinguishedName(parsed.issuer),
    certificate,
  };
}

/** Checks a record file's bytes (the JSON attached as `certa-credential.json`). */
export async function verifyRecordBytes(bytes: Uint8Array): Promise<RecordVerification> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch {
    return { status: 'invalid', record: null, problem: 'the record is not UTF-8 JSON' };
  }
  if (!isObject(parsed))
    return { status: 'invalid', record: null, problem: 'the record is not a JSON object' };
  const record = parsed;
  const { proof, ...unsigned } = record;
  if (unsigned.type !== RECORD_TYPE || unsigned.version !== 1)
    return { status: 'invalid', record, problem: 'the record is not a version 1 Certa record' };
  if (!isObject(proof) || proof.type !== 'JWS' || typeof proof.jws !== 'string')
    return { status: 'invalid', record, problem: 'the record has no JWS proof' };
  const payload = utf8(canonicalJson(unsigned));
  const result = await verifyDetachedJws(proof.jws, payload);
  if (!result.valid) return { status: 'invalid', record, problem: result.problem };
  const [certificate] = result.certificates;
  if (certificate === undefined)
    return { status: 'invalid', record, problem: 'the signature has no certificate' };
  return { status: 'verified', record, signer: await signerOf(certificate, result.algorithm) };
}

/**
 * Finds the record embedded in `pdf` (the associated file `certa-credential.json`) and checks
 * its signature. More than one record, or one that is not an associated file with relationship
 * Data, is invalid. Throws PdfReadError if the bytes cannot be parsed as a PDF.
 */
export async function verifyEmbeddedRecord(pdf: Uint8Array): Promise<RecordVerification> {
  const files = (await readEmbeddedFiles(pdf)).filter((file) => file.name === RECORD_FILE_NAME);
  const [file] = files;
  if (file === undefined) return { status: 'absent' };
  if (files.length > 1)
    return { status: 'invalid', record: null, problem: 'the PDF holds more than one record' };
  const result = await verifyRecordBytes(file.content);
  if (result.status === 'verified' && (!file.associated || file.relationship !== 'Data'))
    return {
      status: 'invalid',
      record: result.record,
      problem: 'the record is not attached as an associated file with relationship Data',
    };
  return result;
}

export { PdfReadError };
