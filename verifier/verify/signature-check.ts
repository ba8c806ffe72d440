import { equalBytes } from '../common/bytes.js';
import { certificateSignedBy, isCa, parseCertificate, sha256Hex } from '../common/web-crypto.js';
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
async function signedByPlatform(
  signerDer: Uint8Array,
  platform: readonly Uint8Array[],
): Promise<boolean> {
  const signer = parseCertificate(signerDer);
  for (const der of platform) {
    if (equalBytes(der, signerDer)) return true;
    const candidate = parseCertificate(der);
    if (
      signer !== null &&
      candidate !== null &&
      isCa(candidate) &&
      signer.issuer.isEqual(candidate.subject) &&
      (await certificateSignedBy(signer, candidate))
    )
      return true;
  }
  return false;
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
export async function checkPdfSignature(
  pdf: Uint8Array,
  platformCertificates: readonly Uint8Array[] | null,
): Promise<Check> {
  return (await checkPdfSignatureWithSigner(pdf, platformCertificates)).check;
}

/**
 * {@link checkPdfSignature}, and the certificate (DER) of the last signature when the check
 * passed: the verifier compares it with the embedded record's signer before it trusts the
 * platform the record names.
 */
export async function checkPdfSignatureWithSigner(
  pdf: Uint8Array,
  platformCertificates: readonly Uint8Array[] | null,
): Promise<{ check: Check; signer: Uint8Array | null }> {
  const check = await signatureCheckOf(pdf, platformCertificates);
  return { check: check.check, signer: check.check.status === 'passed' ? check.signer : null };
}

async function signatureCheckOf(
  pdf: Uint8Array,
  platformCertificates: readonly Uint8Array[] | null,
): Promise<{ check: Check; signer: Uint8Array | null }> {
  const only = (check: Check): { check: Check; signer: Uint8Array | null } => ({
    check,
    signer: null,
  });
  let found: PdfSignatureCheck[];
  try {
    found = await verifyPdfSignatures(pdf);
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
  if (last.timestamp !== null && !last.timestamp.valid)
    return only(
      signature(
        'failed',
        'signature_timestamp_invalid',
        "The PDF signature's RFC 3161 timestamp does not verify: it is not a timestamp authority's signature over this signature.",
      ),
    );
  const stamp = last.timestamp === null ? '' : `, timestamped ${last.timestamp.time}`;
  const signer = last.certificates[0] ?? null;
  if (platformCertificates === null) {
    // Checked away from the platform: name the signer by fingerprint, to compare with
    // `certa signing show` or the platform's published certificate.
    const fingerprint = signer === null ? '?' : await sha256Hex(signer);
    return {
      check: signature(
        'passed',
        'signature_valid',
        `The PAdES signature verifies over the whole file${stamp}, checked here; signed by certificate SHA-256 ${fingerprint} (${last.signerSubject ?? '?'}).`,
      ),
      signer,
    };
  }
  if (signer !== null && (await signedByPlatform(signer, platformCertificates)))
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
