import type { Organisation, OrganisationStatus } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';

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
  const trimmed = name.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (trimmed.length === 0 || trimmed.length > 200 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new AppError('INVALID_INPUT', 'organisationName must be 1 to 200 printable characters.', {
      details: { field: 'organisationName' },
    });
  }
  return trimmed;
}
