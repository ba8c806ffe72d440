import type { AnchorStatus } from '../anchoring/anchor-status.js';
import type { StatusProof } from '../anchoring/status-proofs.js';
import type { IssuerProfile } from '../issuers/issuer.js';
import type { PublicIssuerProfile } from '../issuers/issuer-profile.js';
import type { EmbeddedRecordSummary } from './embedded-record-check.js';
import type { DocumentStatus } from './look-up-document.js';
import type { AnchorSummary } from './time-check.js';
import type { Check } from '../../verifier/verify/check.js';

export type { Check, CheckStatus } from '../../verifier/verify/check.js';

export interface VerificationReport {
  /** True only when integrity, issuer and validity all passed and the record check did not fail. */
  valid: boolean;
  sha256: string;
  checkedAt: string;
  document: DocumentStatus | null;
  issuer: IssuerProfile | null;
  /**
   * The platform's published document-signing certificates, as every issuer profile lists them,
   * whatever the lookup found: a verify page checks the PDF's signer with them without asking for
   * the issuer's profile (issue 16).
   */
  documentSigning: PublicIssuerProfile['documentSigning'];
  /** The PDF's Bitcoin timestamp (what the time check looked at); null for an unknown file. */
  anchor: AnchorSummary | null;
  /** Every digest of the document (issuance commitment, PDF) and where it stands. */
  anchors: AnchorStatus[];
  /** Its anchored status changes (revocation, suspension, reinstatement, supersession). */
  statusProofs: StatusProof[];
  checks: Check[];
  /** The signed record embedded in the submitted PDF (null for a digest or a PDF without one). */
  record: EmbeddedRecordSummary | null;
}
