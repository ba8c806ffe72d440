/**
 * The signed record embedded in every Certa PDF (`certa-credential.json`, a PDF/A-3 associated
 * file with relationship Data): read it out of a PDF and check its detached JWS, with Web Crypto
 * and the package's own PDF reader — in Node and in browsers, nothing of the Certa server.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { verifyEmbeddedRecord } from './verifier/credential/index.js';
 *
 * const result = await verifyEmbeddedRecord(await readFile('diploma.pdf'));
 * if (result.status === 'verified') console.log(result.record, result.signer.certificateSha256);
 * ```
 */
export { canonicalJson, type JsonValue } from './canonical-json.js';
export {
  signDetachedJws,
  verifyDetachedJws,
  verifyJws,
  type JwsAlgorithm,
  type JwsSigner,
  type JwsVerification,
} from './detached-jws.js';
export { PdfReadError, readEmbeddedFiles, type PdfEmbeddedFile } from './pdf-attachments.js';
export {
  RECORD_FILE_NAME,
  RECORD_MIME_TYPE,
  RECORD_TYPE,
  type JsonObject,
  type RecordProof,
  type SignedRecord,
  type StatusReference,
  type UnsignedRecord,
} from './record.js';
export {
  verifyEmbeddedRecord,
  verifyRecordBytes,
  type RecordSigner,
  type RecordVerification,
} from './verify-record.js';
