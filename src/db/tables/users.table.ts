import type { Generated, Selectable } from 'kysely';

export type MemberRole = 'owner' | 'admin' | 'operator' | 'viewer';

export interface UsersTable {
  id: Generated<number>;
  publicId: string;
  /** Lower-cased. Issuer users' own address, not recipient data. */
  email: string;
  passwordHash: string;
  isPlatformAdmin: number;
  createdAt: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  userId: number;
  organisationId: number;
  role: MemberRole;
  createdAt: string;
}

/** An organisation private key wrapped by one user's Argon2id password key. */
export interface UserKeyWrapsTable {
  id: Generated<number>;
  userId: number;
  organisationKeyId: number;
  kdfSalt: Buffer;
  wrap: Buffer;
  createdAt: string;
}

export interface SessionsTable {
  id: Generated<number>;
  publicId: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  unlockedOrganisationId: number | null;
  /** The org private key wrapped under a key derived from the session token. */
  unlockWrap: Buffer | null;
  unlockExpiresAt: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  name: string;
  /** SHA-256 of the key; the key is shown once. */
  keyHash: string;
  /** Space-separated scopes: issue, read, revoke. */
  scopes: string;
  createdByUserId: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
