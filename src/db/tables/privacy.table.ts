import type { Generated } from 'kysely';

/** Why a document's data was erased. */
export type ErasureCause = 'holder' | 'issuer' | 'retention';

/** The erasure log: public ids and times only, replayed by `certa restore` (DESIGN §3). */
export interface ErasuresTable {
  id: Generated<number>;
  documentPublicId: string;
  erasedAt: string;
  cause: ErasureCause;
}

/** A lost-link request confirmed by e-mail: the token's SHA-256 and the address's blind index. */
export interface RecipientRequestsTable {
  id: Generated<number>;
  tokenHash: string;
  emailIndex: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** One issuer's retention rules; a null period is off. */
export interface RetentionRulesTable {
  organisationId: number;
  /** Documents never activated are erased this many months after issuance. */
  pendingMonths: number | null;
  /** Activated documents' data are erased this many years after activation. */
  activatedYears: number | null;
  updatedAt: string;
}

/** What one retention run erased for one issuer. */
export interface RetentionRunsTable {
  id: Generated<number>;
  organisationId: number;
  ranAt: string;
  erasedPending: number;
  erasedActivated: number;
}
