import type { Check } from '../verification/verification-report.js';
import type { EmbeddedRecordSummary } from '../verification/embedded-record-check.js';
import { PdfReadError, verifyEmbeddedRecord } from '../../verifier/credential/index.js';

/**
 * The embedded record check done on this machine with the standalone verifier (the CLI sends
 * only the digest, so the platform never sees the record): the record's JWS must verify with
 * the certificate it names, and the record must name the document the platform found by the
 * digest. Whether that certificate is the platform's is shown by its SHA-256 fingerprint, to
 * compare with the one the platform publishes.
 */
export async function checkRecordLocally(
  pdf: Buffer,
  documentId: string | null,
): Promise<{ check: Check; record: EmbeddedRecordSummary | null }> {
  const check = (status: Check['status'], code: string, message: string): Check => ({
    id: 'record',
    status,
    code,
    message,
  });
  let result: Awaited<ReturnType<typeof verifyEmbeddedRecord>>;
  try {
    result = await verifyEmbeddedRecord(pdf);
  } catch (error) {
    if (!(error instanceof PdfReadError)) throw error;
    return {
      check: check('failed', 'record_unreadable', 'The PDF cannot be read to find its record.'),
      record: null,
    };
  }
  switch (result.status) {
    case 'absent':
      return {
        check: check('unknown', 'no_record', 'The PDF carries no embedded record.'),
        record: null,
      };
    case 'invalid':
      return {
        check: check(
          'failed',
          'record_invalid',
          `The embedded record does not verify: ${result.problem}.`,
        ),
        record:
          result.record === null
            ? null
            : { content: result.record, signatureValid: false, signerCertificateSha256: null },
      };
    case 'verified': {
      const record: EmbeddedRecordSummary = {
        content: result.record,
        signatureValid: true,
        signerCertificateSha256: result.signer.certificateSha256,
      };
      const signer = `certificate SHA-256 ${result.signer.certificateSha256} (${result.signer.subject})`;
      if (documentId === null || result.record.documentId !== documentId) {
        return {
          check: check(
            'failed',
            'record_mismatch',
            `The embedded record is signed by ${signer} but does not name the document this file is.`,
          ),
          record,
        };
      }
      return {
        check: check(
          'passed',
          'record_signed',
          `The embedded record names this document and its signature verifies, checked here; signed by ${signer}.`,
        ),
        record,
      };
    }
  }
}
