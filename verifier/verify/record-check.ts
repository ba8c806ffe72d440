import { equalBytes } from '../common/bytes.js';
import {
  PdfReadError,
  verifyEmbeddedRecord,
  type JsonObject,
  type RecordVerification,
} from '../credential/index.js';
import type { Check } from './check.js';

/** The record read out of the submitted PDF, as the verify report shows it. */
export interface EmbeddedRecordSummary {
  /** The attached JSON exactly as parsed (equal to what `pdfdetach` extracts), proof included. */
  content: JsonObject;
  /** Whether its signature verified with a certificate of this platform. */
  signatureValid: boolean;
  /** SHA-256 of the certificate the record's JWS names (null when it could not be read). */
  signerCertificateSha256: string | null;
}

function recordCheck(status: Check['status'], code: string, message: string): Check {
  return { id: 'record', status, code, message };
}

/** A record check and the record as the report shows it. */
export interface RecordOutcome {
  check: Check;
  record: EmbeddedRecordSummary | null;
}

/** A record that did not verify: the same outcome whether a platform was asked or not. */
function unverifiedRecord(
  verification: 'unreadable' | Exclude<RecordVerification, { status: 'verified' }>,
): RecordOutcome {
  if (verification === 'unreadable')
    return {
      check: recordCheck(
        'failed',
        'record_unreadable',
        'The PDF cannot be read to find its record.',
      ),
      record: null,
    };
  if (verification.status === 'absent')
    return {
      check: recordCheck('unknown', 'no_record', 'The PDF carries no embedded record.'),
      record: null,
    };
  return {
    check: recordCheck(
      'failed',
      'record_invalid',
      `The embedded record does not verify: ${verification.problem}.`,
    ),
    record:
      verification.record === null
        ? null
        : { content: verification.record, signatureValid: false, signerCertificateSha256: null },
  };
}

/**
 * The embedded record check of a verify report, made only when the PDF itself is sent (a bare
 * digest has no record to read). A PDF without one (rendered before records existed) is
 * `unknown`. It passes when the record's JWS verifies, its certificate is the platform's
 * document signing certificate, and it names the document found by the PDF's digest; anything
 * else fails. The record is returned to whoever sent the PDF — it holds nothing the PDF does
 * not show.
 */
export async function checkEmbeddedRecord(input: {
  readonly pdf: Uint8Array;
  readonly row: { readonly publicId: string } | undefined;
  /** The record's verification when the caller made it already (the PDF is then not read again). */
  readonly verification?: RecordVerification;
  /**
   * The platform's document signing certificates, DER, signer first; null where they are not
   * known (`certa verify` checks on the user's machine): the record's signature is then checked
   * with the certificate it names, whose SHA-256 the message gives to compare by eye.
   */
  readonly platformCertificates: readonly Uint8Array[] | null;
  /** Signing certificates the platform used before the current one: their records still pass. */
  readonly formerSigners?: readonly Uint8Array[];
}): Promise<RecordOutcome> {
  let result: RecordVerification;
  try {
    result = input.verification ?? (await verifyEmbeddedRecord(input.pdf));
  } catch (error) {
    if (!(error instanceof PdfReadError)) throw error;
    return unverifiedRecord('unreadable');
  }
  switch (result.status) {
    case 'absent':
    case 'invalid':
      return unverifiedRecord(result);
    case 'verified': {
      const record: EmbeddedRecordSummary = {
        content: result.record,
        signatureValid: false,
        signerCertificateSha256: result.signer.certificateSha256,
      };
      const signer = `certificate SHA-256 ${result.signer.certificateSha256} (${result.signer.subject})`;
      const [platform] = input.platformCertificates ?? [];
      const local = input.platformCertificates === null;
      const ours = [...(platform === undefined ? [] : [platform]), ...(input.formerSigners ?? [])];
      if (
        !local &&
        !ours.some((certificate) => equalBytes(certificate, result.signer.certificate))
      ) {
        return {
          check: recordCheck(
            'failed',
            'record_unknown_signer',
            `The embedded record is signed by a certificate that is not this platform's (SHA-256 ${result.signer.certificateSha256}).`,
          ),
          record,
        };
      }
      const signed = { ...record, signatureValid: true };
      if (input.row === undefined) {
        return {
          check: recordCheck(
            'failed',
            'record_document_unknown',
            local
              ? `The embedded record is signed by ${signer}, but the platform does not know this file.`
              : 'The embedded record is signed by this platform, but the file is not the PDF it issued.',
          ),
          record: signed,
        };
      }
      if (result.record.documentId !== input.row.publicId) {
        return {
          check: recordCheck(
            'failed',
            'record_mismatch',
            local
              ? `The embedded record is signed by ${signer} but does not name the document this file is.`
              : 'The embedded record names another document than the one this PDF is.',
          ),
          record: signed,
        };
      }
      return {
        check: recordCheck(
          'passed',
          'record_signed',
          local
            ? `The embedded record names this document and its signature verifies, checked here; signed by ${signer}.`
            : "The embedded record is signed by this platform's document signing certificate and names this document.",
        ),
        record: signed,
      };
    }
  }
}

/**
 * The record check when no platform could be asked: only what this machine can know — whether
 * the record's signature verifies and with which certificate. Whether it names the document the
 * file is needs the platform's answer ({@link checkEmbeddedRecord}).
 */
export function checkRecordWithoutPlatform(
  verification: RecordVerification | 'unreadable',
): RecordOutcome {
  if (verification === 'unreadable') return unverifiedRecord(verification);
  switch (verification.status) {
    case 'absent':
    case 'invalid':
      return unverifiedRecord(verification);
    case 'verified':
      return {
        check: recordCheck(
          'passed',
          'record_signature_valid',
          `The embedded record's signature verifies, checked here; signed by certificate SHA-256 ${verification.signer.certificateSha256} (${verification.signer.subject}).`,
        ),
        record: {
          content: verification.record,
          signatureValid: true,
          signerCertificateSha256: verification.signer.certificateSha256,
        },
      };
  }
}
