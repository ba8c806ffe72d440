import type { Organisation, OrganisationStatus } from '../db/tables/organisations.table.js';
import { checkText } from '../input/check-text.js';

/** What anyone may know about an issuer: its public profile. */
export interface IssuerProfile {
  id: string;
  name: string;
  status: OrganisationStatus;
  verified: boolean;
  verifiedAt: string | null;
}

export function issuerProfile(organisation: Organisation): IssuerProfile {
  return {
    id: organisation.publicId,
    name: organisation.name,
    status: organisation.status,
    verified: organisation.status === 'approved',
    verifiedAt: organisation.approvedAt,
  };
}

/** Trims and checks an organisation name (1–200 characters, no control characters). */
export function checkOrganisationName(name: string): string {
  return checkText(name, 'organisationName', 200);
}
