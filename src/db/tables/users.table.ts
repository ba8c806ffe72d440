import type { ColumnType, Generated, Selectable } from 'kysely';

/** A nullable column that inserts may leave out. */
export type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type MemberRole = 'owner' | 'admin' | 'operator' | 'viewer';

export interface UsersTable {
  id: Generated<number>;
  publicId: string;
  /** Lower-cased. Issuer users' own address, not recipient data. */
  email: string;
  passwordHash: string;
  isPlatformAdmin: number;
  createdAt: string;
  /** Set once the address is confirmed by the single-use link (sign-up or invitation). */
  emailConfirmedAt: Nullable<string>;
  /** The user's X25519 public key: members seal organisation keys to it. */
  publicKey: Nullable<Buffer>;
  /** The user's X25519 private key wrapped by their Argon2id password key (see crypto/user-keys). */
  privateKeyWrap: Nullable<Buffer>;
  keyKdfSalt: Nullable<Buffer>;
  passwordChangedAt: Nullable<string>;
  /** TOTP secret sealed under the master key; null until enrolment starts. */
  totpSecretSealed: Nullable<Buffer>;
  totpAlgorithm: Nullable<string>;
  /** The last accepted TOTP time step: a code is accepted at most once. */
  totpLastStep: Nullable<number>;
  /** Set when enrolment is confirmed with a first code: from then on, log-in needs a code. */
  totpEnabledAt: Nullable<string>;
}

export interface MembershipsTable {
  id: Generated<number>;
  userId: number;
  organisationId: number;
  role: MemberRole;
  createdAt: string;
  invitedByUserId: Nullable<number>;
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
  /** When this session passed the second factor (TOTP or recovery code); null if it did not. */
  secondFactorAt: Nullable<string>;
  lastSeenAt: Nullable<string>;
  /** A short summary of the browser or client that logged in ("Firefox on Linux"); not the header. */
  userAgent: Nullable<string>;
  /** The client's network at log-in: its address truncated to /24 (IPv4) or /48 (IPv6). */
  clientNetwork: Nullable<string>;
}

/**
 * One organisation private key sealed (X25519 sealed box) to one member's public key. A member
 * gets it only when an unlocked member confirms them; removal deletes it.
 */
export interface MemberKeySealsTable {
  id: Generated<number>;
  userId: number;
  organisationKeyId: number;
  sealed: Buffer;
  sealedByUserId: number | null;
  createdAt: string;
}

export type EmailTokenPurpose = 'sign_up' | 'password_reset';

/** Single-use, expiring e-mail links. Only the token's SHA-256 is stored. */
export interface EmailTokensTable {
  id: Generated<number>;
  purpose: EmailTokenPurpose;
  tokenHash: string;
  /** Lower-cased address the link was sent to. */
  email: string;
  userId: number | null;
  createdAt: string;
  expiresAt: string;
  usedAt: Nullable<string>;
}

export interface InvitationsTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  email: string;
  role: MemberRole;
  tokenHash: string;
  invitedByUserId: number;
  createdAt: string;
  expiresAt: string;
  acceptedAt: Nullable<string>;
  acceptedByUserId: Nullable<number>;
  revokedAt: Nullable<string>;
}

/** TOTP recovery codes, stored as HMAC-SHA-256 under a key derived from the master key. */
export interface RecoveryCodesTable {
  id: Generated<number>;
  userId: number;
  codeHash: string;
  createdAt: string;
  usedAt: Nullable<string>;
}

/** Failed log-ins per keyed hash of an e-mail address or a client address. */
export interface LoginThrottlesTable {
  key: string;
  failures: number;
  lastFailureAt: string;
  blockedUntil: Nullable<string>;
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
export type MemberKeySeal = Selectable<MemberKeySealsTable>;
export type EmailToken = Selectable<EmailTokensTable>;
export type Invitation = Selectable<InvitationsTable>;
