/**
 * The verifier's browser entry (`@certa/verifier/browser`): checks a Certa PDF in the page —
 * Web Crypto and `Uint8Array` only, nothing of Node. Every cryptographic check runs here, on the
 * bytes the person holds; the platform is asked only for public data: the document lookup by
 * SHA-256 (`POST /api/verify {sha256}`, whose answer carries the issuer as the platform publishes
 * it and the platform's published document-signing certificates), the issuer's status lists (the
 * URLs in the record) and the proof (`GET /api/documents/<id>/proof.ots`). Bitcoin block headers come from two independent
 * sources the caller chooses; disagreement or absence leaves the time check "unknown".
 *
 * @example
 * ```ts
 * import { esploraHeaderSource, verifyDocumentFile } from '@certa/verifier/browser';
 *
 * const report = await verifyDocumentFile(new Uint8Array(await file.arrayBuffer()), {
 *   platformOrigin: location.origin,
 *   headerSources: [
 *     esploraHeaderSource('Certa', `${location.origin}/api/bitcoin`),
 *     esploraHeaderSource('blockstream.info', 'https://blockstream.info/api'),
 *   ],
 * });
 * report.verdict; // 'valid' | 'not valid' | 'unknown'
 * for (const check of report.checks) console.log(check.id, check.status, check.local, check.message);
 * report.document?.recipientName; // read from the PDF's signed record
 * ```
 */
export type { CheckStatus } from './verify/check.js';
export {
  esploraHeaderSource,
  type WebBlockHeader,
  type WebBlockHeaderSource,
} from './web/header-sources.js';
export {
  verifyDocumentFile,
  type BrowserCheck,
  type BrowserCheckId,
  type BrowserVerification,
  type DocumentFacts,
  type FetchFunction,
  type TimeEvidence,
  type VerifyDocumentOptions,
} from './web/verify-document.js';
