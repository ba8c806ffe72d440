import type { Check } from './check.js';
import type { EmbeddedRecordSummary } from './record-check.js';

/** A document's public status as a platform reports it (`POST /api/verify`, `GET …/status`). */
export interface PlatformDocument {
  readonly id: string;
  readonly title: string;
  /** pending, active, revoked or expired. */
  readonly state: string;
  readonly issuedAt: string;
  readonly activatedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly verificationUrl: string;
}

/** The parts of an issuer's public profile the verifier shows (the platform sends more). */
export interface PlatformIssuer {
  readonly id: string;
  readonly name: string;
  /** approved, suspended, … */
  readonly status: string;
  readonly verified: boolean;
  readonly [member: string]: unknown;
}

/** The PDF's timestamp as the platform knows it. */
export interface PlatformAnchor {
  readonly status: string;
  readonly bitcoinHeight: number | null;
  readonly bitcoinTime: string | null;
  readonly proofUrl: string | null;
}

/** The answer of `POST /api/verify` for a digest: what the verifier merges its own checks into. */
export interface PlatformReport {
  readonly valid: boolean;
  readonly sha256: string;
  readonly checkedAt: string;
  readonly document: PlatformDocument | null;
  readonly issuer: PlatformIssuer | null;
  readonly anchor: PlatformAnchor | null;
  readonly anchors: readonly unknown[];
  readonly checks: readonly Check[];
  readonly record: EmbeddedRecordSummary | null;
}

/** The answer of `GET /api/documents/<id>/status` (the QR code's target). */
export type PlatformDocumentStatus = PlatformDocument & { readonly issuer: PlatformIssuer };
