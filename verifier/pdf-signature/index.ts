/**
 * The PAdES signatures of a PDF, checked without Certa: our own reader of classic cross-reference
 * tables finds every signature field, and pkijs with Web Crypto checks each CMS over its byte
 * ranges (and an RFC 3161 signature-time-stamp when there is one: the TSA's signature and a
 * message imprint equal to the hash of the signature's value) — in Node and in browsers. It judges no trust: it says
 * who signed and whether the signature holds; comparing the signer with a certificate you trust
 * is up to you.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { verifyPdfSignatures } from '@certa/verifier';
 *
 * for (const signature of await verifyPdfSignatures(await readFile('diploma.pdf')))
 *   console.log(signature.valid, signature.coversWholeDocument, signature.signerSubject);
 * ```
 */
export {
  PdfSyntaxError,
  verifyPdfSignatures,
  type PdfSignatureCheck,
} from './verify-pdf-signatures.js';
export type { CmsProblem } from './cms-verify.js';
