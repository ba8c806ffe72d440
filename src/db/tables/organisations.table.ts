import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

import type { Nullable } from './users.table.js';

/**
 * draft (the application is being written) → submitted → approved | rejected |
 * more_info_requested (→ submitted again); approved → suspended. Only approved may issue.
 */
export type OrganisationStatus =
  'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'rejected' | 'suspended';

export const ORGANISATION_STATUSES: readonly OrganisationStatus[] = [
  'draft',
  'submitted',
  'more_info_requested',
  'approved',
  'rejected',
  'suspended',
];

export interface OrganisationsTable {
  id: Generated<number>;
  publicId: string;
  name: string;
  status: OrganisationStatus;
  createdAt: string;
  approvedAt: string | null;
  approvedByUserId: number | null;
  legalName: Nullable<string>;
  registrationNumber: Nullable<string>;
  /** ISO 3166-1 alpha-2. */
  country: Nullable<string>;
  website: Nullable<string>;
  contactName: Nullable<string>;
  contactEmail: Nullable<string>;
  domain: Nullable<string>;
  /** The token the applicant publishes in DNS or under /.well-known/ (not a secret). */
  domainToken: Nullable<string>;
  /** JSON of the last domain proof check (method, ok, checkedAt, detail). */
  domainCheck: Nullable<string>;
  domainVerifiedAt: Nullable<string>;
  submittedAt: Nullable<string>;
  decidedAt: Nullable<string>;
  /** The reviewer's reason for a rejection or a request for more information. */
  decisionReason: Nullable<string>;
  logoBlob: Nullable<string>;
  logoMediaType: Nullable<string>;
  /** Why a platform admin approved this issuer without a verified domain; null otherwise. */
  domainProofWaiver: Nullable<string>;
}

/** One X25519 encryption key pair of an organisation; old keys stay for old documents. */
export interface OrganisationKeysTable {
  id: Generated<number>;
  organisationId: number;
  publicKey: Buffer;
  /** The private key wrapped by the recovery key shown once at sign-up. */
  recoveryWrap: Buffer;
  /** active: new documents are sealed to it; retired: kept for old documents; revoked: compromised. */
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt: Nullable<string>;
  revokedAt: Nullable<string>;
  revocationReason: Nullable<string>;
}

/** Evidence uploaded with an application, encrypted under the master key in the blob store. */
export interface ApplicationEvidenceTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  kind: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  blobName: string;
  uploadedByUserId: number | null;
  createdAt: string;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type OrganisationKey = Selectable<OrganisationKeysTable>;
export type ApplicationEvidence = Selectable<ApplicationEvidenceTable>;
