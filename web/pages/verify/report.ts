/** The verification report as the pages read it (the shape of POST /api/verify's answer). */

export type CheckStatus = 'passed' | 'failed' | 'pending' | 'unknown';
export type CheckId = 'integrity' | 'issuer' | 'validity' | 'time' | 'record' | 'signature';

export interface ReportCheck {
  id: string;
  status: string;
  code?: string;
  message?: string;
  /** True when the check ran in this browser (the in-browser verifier); false when the platform said so. */
  local?: boolean;
}

export interface ReportIssuer {
  id?: string;
  name: string;
  verified?: boolean;
  identityReviewedAt?: string | null;
  domain?: string | null;
  domainVerifiedAt?: string | null;
  profileUrl?: string | null;
}

export interface ReportDocument {
  id: string;
  title: string;
  state: string;
  issuedAt: string;
  activatedAt?: string | null;
  expiresAt?: string | null;
  validThrough?: string | null;
  revokedAt?: string | null;
  revocationReason?: string | null;
  suspendedAt?: string | null;
  suspensionReason?: string | null;
  supersededBy?: string | null;
}

export interface Report {
  valid: boolean;
  sha256: string;
  checks: ReportCheck[];
  issuer?: ReportIssuer | null;
  document?: ReportDocument | null;
  anchor?: { bitcoinTime?: string | null; bitcoinHeight?: number | null } | null;
}

export function isReport(body: unknown): body is Report {
  if (typeof body !== 'object' || body === null) return false;
  const { checks, sha256 } = body as Record<string, unknown>;
  return Array.isArray(checks) && typeof sha256 === 'string';
}
