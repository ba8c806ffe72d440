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

export function issuerProfile(organisation: Organisation, publicUrl: string): IssuerProfile {
  return {
    id: organisation.publicId,
    name: organisation.name,
    status: organisation.status,
    verified: organisation.status === 'approved',
    verifiedAt: organisation.approvedAt,
    profileUrl: hasPublicProfile(organisation)
      ? issuerProfileUrl(publicUrl, organisation.publicId)
      : null,
  };
}

/** Trims and checks an organisation name (1–200 characters, no control characters). */
export function checkOrganisationName(name: string): string {
  return checkText(name, 'organisationName', 200);
}
