import { canonicalJson } from '../credential/canonical-json.js';
import { RECORD_FILE_NAME, RECORD_TYPE, type JsonObject } from '../credential/record.js';
import { fromUtf8, utf8 } from './bytes.js';
import { verifyJws } from './jws.js';
import { readEmbeddedFilesWeb } from './pdf-embedded-files.js';
import { sha256Hex } from './web-crypto.js';

/**
 * The signed record embedded in a Certa PDF (`certa-credential.json`), checked in the browser:
 * the same rules and problems as the Node `verifyEmbeddedRecord`.
 */
export type WebRecordVerification =
  | {
      readonly status: 'verified';
      readonly record: JsonObject;
      readonly signer: { readonly certificateSha256: string; readonly certificate: Uint8Array };
    }
  | { readonly status: 'invalid'; readonly record: JsonObject | null; readonly problem: string }
  | { readonly status: 'absent' }
  | { readonly status: 'unreadable' };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function verifyRecordBytesWeb(bytes: Uint8Array): Promise<WebRecordVerification> {
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
  const result = await verifyJws(proof.jws, {
    detachedPayload: utf8(canonicalJson(unsigned)),
  });
  if (!result.valid) return { status: 'invalid', record, problem: result.problem };
  const certificate = result.certificates[0]!.der;
  return {
    status: 'verified',
    record,
    signer: { certificateSha256: await sha256Hex(certificate), certificate },
  };
}

/** Finds and checks the PDF's record; `unreadable` when the PDF structure cannot be read. */
export async function verifyEmbeddedRecordWeb(pdf: Uint8Array): Promise<WebRecordVerification> {
  let files;
  try {
    files = (await readEmbeddedFilesWeb(pdf)).filter((file) => file.name === RECORD_FILE_NAME);
  } catch {
    return { status: 'unreadable' };
  }
  const [file] = files;
  if (file === undefined) return { status: 'absent' };
  if (files.length > 1)
    return { status: 'invalid', record: null, problem: 'the PDF holds more than one record' };
  const result = await verifyRecordBytesWeb(file.content);
  if (result.status === 'verified' && (!file.associated || file.relationship !== 'Data'))
    return {
      status: 'invalid',
      record: result.record,
      problem: 'the record is not attached as an associated file with relationship Data',
    };
  return result;
}
