import type { Organisation, OrganisationStatus } from '../db/tables/organisations.table.js';
import { checkText } from '../input/check-text.js';

/**
 * The issuer as documents, activation pages and verification reports name it, with a link to
 * its full public profile (see issuer-profile.ts).
 */
export interface IssuerProfile {
  id: string;
  name: string;
  status: OrganisationStatus;
  verified: boolean;
  verifiedAt: string | null;
  /** When a platform admin reviewed and approved the issuer's identity; null if never. */
  identityReviewedAt: string | null;
  /** The domain the issuer proved it controls; null when not verified (or no public profile). */
  domain: string | null;
  domainVerifiedAt: string | null;
  /** `<publicUrl>/issuers/<id>`; null while the issuer has no public profile (not approved). */
  profileUrl: string | null;
}

/** Whether the issuer has a public profile: approved, or approved once and now suspended. */
export function hasPublicProfile(organisation: Pick<Organisation, 'status'>): boolean {
  return organisation.status === 'approved' || organisation.status === 'suspended';
}

/** The public profile page of an issuer. */
export function issuerProfileUrl(publicUrl: string, issuerId: string): string {
  return `${publicUrl}/issuers/${issuerId}`;
}

/**
 * The issuer as a document names it. What was verified is said apart (DESIGN §2): the identity
 * reviewed by a platform admin, and the domain only when its proof passed (an admin may approve
 * without one, with a recorded reason).
 */
export function issuerProfile(organisation: Organisation, publicUrl: string): IssuerProfile {
  const publicProfile = hasPublicProfile(organisation);
  const domainVerified =
    publicProfile && organisation.domain !== null && organisation.domainVerifiedAt !== null;
  return {
    id: organisation.publicId,
    name: organisation.name,
    status: organisation.status,
    verified: organisation.status === 'approved',
    verifiedAt: organisation.approvedAt,
    identityReviewedAt: publicProfile ? organisation.approvedAt : null,
    domain: domainVerified ? organisation.domain : null,
    domainVerifiedAt: domainVerified ? organisation.domainVerifiedAt : null,
    profileUrl: hasPublicProfile(organisation)
      ? issuerProfileUrl(publicUrl, organisation.publicId)
      : null,
  };
}

/** Trims and checks an organisation name (1–200 characters, no control characters). */
export function checkOrganisationName(name: string): string {
  return checkText(name, 'organisationName', 200);
}
