import { X509Certificate, createHash } from 'node:crypto';
import { PdfSyntaxError, verifyPdfSignatures } from '../pdf-signature/index.js';
import type { PdfSignatureCheck } from '../pdf-signature/index.js';
import type { Check } from './check.js';

const PROBLEM_WORDS: Record<NonNullable<PdfSignatureCheck['problem']>, string> = {
  'digest-mismatch': 'the signed bytes were changed (digest mismatch)',
  'bad-signature': 'the signature value does not verify',
  'bad-byte-range': 'its byte range is malformed',
  malformed: 'its CMS structure is malformed',
  'unsupported-algorithm': 'it uses an algorithm not accepted here',
};

/** Whether `signerDer` is one of `platform` or was issued by one of them (an earlier signer). */
function signedByPlatform(signerDer: Buffer, platform: readonly Buffer[]): boolean {
  const signer = new X509Certificate(signerDer);
  return platform.some((der) => {
    if (der.equals(signerDer)) return true;
    const candidate = new X509Certificate(der);
    return candidate.ca && signer.checkIssued(candidate) && signer.verify(candidate.publicKey);
  });
}

function signature(status: Check['status'], code: string, message: string): Check {
  return { id: 'signature', status, code, message };
}

/**
 * The PAdES signature check of a submitted PDF: every signature must verify and the last one
 * must cover the whole file. A broken signature fails the check (and the report); an unsigned
 * PDF leaves it unknown. (A digest-only request gets no signature check.) Without `platformCertificates` (the CLI,
 * away from the platform) a valid signature passes and its signer is named by fingerprint.
 */
export function checkPdfSignature(
  pdf: Buffer,
  platformCertificates: readonly Buffer[] | null,
): Check {
  return checkPdfSignatureWithSigner(pdf, platformCertificates).check;
}

/**
 * {@link checkPdfSignature}, and the certificate (DER) of the last signature when the check
 * passed: the verifier compares it with the embedded record's signer before it trusts the
 * platform the record names.
 */
export function checkPdfSignatureWithSigner(
  pdf: Buffer,
  platformCertificates: readonly Buffer[] | null,
): { check: Check; signer: Buffer | null } {
  const check = signatureCheckOf(pdf, platformCertificates);
  return { check: check.check, signer: check.check.status === 'passed' ? check.signer : null };
}

function signatureCheckOf(
  pdf: Buffer,
  platformCertificates: readonly Buffer[] | null,
): { check: Check; signer: Buffer | null } {
  const only = (check: Check): { check: Check; signer: Buffer | null } => ({ check, signer: null });
  let found: PdfSignatureCheck[];
  try {
    found = verifyPdfSignatures(pdf);
  } catch (error) {
    if (!(error instanceof PdfSyntaxError)) throw error;
    return only(
      signature('unknown', 'signature_unreadable', 'The PDF cannot be read to find its signature.'),
    );
  }
  const last = found.at(-1);
  if (last === undefined)
    return only(signature('unknown', 'unsigned', 'The PDF carries no signature.'));
  const broken = found.find((item) => !item.valid);
  if (broken !== undefined)
    return only(
      signature(
        'failed',
        'signature_invalid',
        `The PDF signature is broken: ${PROBLEM_WORDS[broken.problem ?? 'malformed']}.`,
      ),
    );
  if (!last.coversWholeDocument)
    return only(
      signature(
        'failed',
        'signature_partial',
        'The PDF was changed after it was signed: the signature does not cover the whole file.',
      ),
    );
  const stamp =
    last.timestamp === null
      ? ''
      : last.timestamp.valid
        ? `, timestamped ${last.timestamp.time}`
        : ', with a timestamp that does not verify';
  const signer = last.certificates[0] ?? null;
  if (platformCertificates === null) {
    // Checked away from the platform: name the signer by fingerprint, to compare with
    // `certa signing show` or the platform's published certificate.
    const fingerprint = signer === null ? '?' : createHash('sha256').update(signer).digest('hex');
    return {
      check: signature(
        'passed',
        'signature_valid',
        `The PAdES signature verifies over the whole file${stamp}, checked here; signed by certificate SHA-256 ${fingerprint} (${last.signerSubject ?? '?'}).`,
      ),
      signer,
    };
  }
  if (signer !== null && signedByPlatform(signer, platformCertificates))
    return {
      check: signature(
        'passed',
        'signed_by_platform',
        `Signed by this platform (${last.signerSubject ?? '?'}) over the whole file${stamp}.`,
      ),
      signer,
    };
  return only(
    signature(
      'unknown',
      'signed_by_other',
      `Signed over the whole file by ${last.signerSubject ?? '?'}, which is not this platform’s certificate${stamp}.`,
    ),
  );
}
