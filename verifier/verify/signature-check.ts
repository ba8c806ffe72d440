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

/**
 * Whether `signerDer` is one of the platform's certificates or was issued by one of them (an
 * earlier signer); by published fingerprints, whether it is one of them.
 */
async function signedByPlatform(
  signerDer: Uint8Array,
  platform: readonly Uint8Array[] | { readonly fingerprints: readonly string[] },
): Promise<boolean> {
  if ('fingerprints' in platform) {
    const fingerprint = await sha256Hex(signerDer);
    return platform.fingerprints.some((item) => item.toLowerCase() === fingerprint);
  }
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
 * Whom the platform signs with, as far as the caller knows it:
 * - its certificates (DER: the current chain, then former signers), as the platform itself has
 *   them — an earlier signer issued by one of them counts too;
 * - `{ fingerprints }`: the SHA-256 (hex) of the certificates it publishes, as the verify page
 *   gets them with its lookup;
 * - `'unknown'`: the published certificates could not be fetched, so the signer cannot be
 *   judged (`signer_not_checked`);
 * - `null`: checked away from the platform (the CLI): a valid signature passes and its signer
 *   is named by fingerprint.
 */
export type PlatformSigners =
  readonly Uint8Array[] | { readonly fingerprints: readonly string[] } | 'unknown' | null;

export interface SignatureCheckOptions {
  /**
   * The status of a PDF that does not show the platform signed it — unreadable, unsigned, or
   * signed by a certificate the platform does not publish. `unknown` (the default) for the
   * platform's report and `certa verify`, which judge the document by its other checks too;
   * `failed` for the verify page, which judges the very file a person holds (DESIGN §4: "a
   * re-signed file still fails as `signed_by_other`").
   */
  readonly unproven?: 'unknown' | 'failed';
}

/** The signature check, the last signature's certificate, and every signature as verified. */
export interface SignatureCheckResult {
  readonly check: Check;
  /** The certificate (DER) of the last signature when the check passed, else null. */
  readonly signer: Uint8Array | null;
  /** Every signature of the PDF, oldest first, as verified; null when the PDF cannot be read. */
  readonly signatures: readonly PdfSignatureCheck[] | null;
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
 * platform the record names. The verify page passes the fingerprints the lookup published (or
 * `'unknown'` when it could not get them) and `{ unproven: 'failed' }`, and reads the verified
 * signatures back for the report's signer and the record check.
 */
export async function checkPdfSignatureWithSigner(
  pdf: Uint8Array,
  platformSigners: PlatformSigners,
  options: SignatureCheckOptions = {},
): Promise<SignatureCheckResult> {
  let found: PdfSignatureCheck[];
  try {
    found = await verifyPdfSignatures(pdf);
  } catch (error) {
    if (!(error instanceof PdfSyntaxError)) throw error;
    return { ...(await signatureCheckOf(null, platformSigners, options)), signatures: null };
  }
  const { check, signer } = await signatureCheckOf(found, platformSigners, options);
  return { check, signer: check.status === 'passed' ? signer : null, signatures: found };
}

async function signatureCheckOf(
  found: readonly PdfSignatureCheck[] | null,
  platformSigners: PlatformSigners,
  options: SignatureCheckOptions,
): Promise<{ check: Check; signer: Uint8Array | null }> {
  const only = (check: Check): { check: Check; signer: Uint8Array | null } => ({
    check,
    signer: null,
  });
  const unproven = options.unproven ?? 'unknown';
  if (found === null)
    return only(
      signature(unproven, 'signature_unreadable', 'The PDF cannot be read to find its signature.'),
    );
  const last = found.at(-1);
  if (last === undefined)
    return only(signature(unproven, 'unsigned', 'The PDF carries no signature.'));
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
  const stamp = last.timestamp === null ? '' : `, timestamped ${last.timestamp.time} (RFC 3161)`;
  const signer = last.certificates[0] ?? null;
  const subject = last.signerSubject ?? '?';
  if (platformSigners === null || platformSigners === 'unknown') {
    // Checked away from the platform, or its certificates are out of reach: name the signer by
    // fingerprint, to compare with `certa signing show` or the platform's published certificate.
    const fingerprint = signer === null ? '?' : await sha256Hex(signer);
    return platformSigners === null
      ? {
          check: signature(
            'passed',
            'signature_valid',
            `The PAdES signature verifies over the whole file${stamp}, checked here; signed by certificate SHA-256 ${fingerprint} (${subject}).`,
          ),
          signer,
        }
      : only(
          signature(
            'unknown',
            'signer_not_checked',
            `The PAdES signature verifies over the whole file${stamp}, checked here; whether certificate SHA-256 ${fingerprint} (${subject}) is the platform's is unknown: its published certificates could not be fetched.`,
          ),
        );
  }
  if (signer !== null && (await signedByPlatform(signer, platformSigners)))
    return {
      check: signature(
        'passed',
        'signed_by_platform',
        `Signed by this platform (${subject}) over the whole file${stamp}.`,
      ),
      signer,
    };
  return only(
    signature(
      unproven,
      'signed_by_other',
      `Signed over the whole file by ${subject}, which is not this platform’s certificate${stamp}.`,
    ),
  );
}
