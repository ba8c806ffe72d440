import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type OrganisationStatus = 'pending_review' | 'approved' | 'rejected' | 'suspended';

export interface OrganisationsTable {
  id: Generated<number>;
  publicId: string;
  name: string;
  status: OrganisationStatus;
  createdAt: string;
  approvedAt: string | null;
  approvedByUserId: number | null;
}

/** One X25519 encryption key pair of an organisation; old keys stay for old documents. */
export interface OrganisationKeysTable {
  id: Generated<number>;
  organisationId: number;
  publicKey: Buffer;
  /** The private key wrapped by the recovery key shown once at sign-up. */
  recoveryWrap: Buffer;
  status: 'active' | 'retired';
  createdAt: string;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type OrganisationKey = Selectable<OrganisationKeysTable>;
