import type { Generated, Selectable } from 'kysely';

/**
 * `commitment` and `pdf` belong to a document; `status_change` is a document's revocation,
 * suspension, reinstatement or supersession (its statement in `status_statements`);
 * `audit_head` is the audit chain's head (in `audit_heads`), of no document.
 */
export type AnchorDigestKind = 'commitment' | 'pdf' | 'status_change' | 'audit_head';

/** `queued` until the worker puts the digest in a batch, then `batched` (see `anchor_leaves`). */
export type AnchorDigestStatus = 'queued' | 'batched';

/** Digests waiting for (and later holding) their Bitcoin anchor. */
export interface AnchorDigestsTable {
  id: Generated<number>;
  /** SHA-256, lower-case hex. */
  digest: string;
  kind: AnchorDigestKind;
  /** Null for an `audit_head`. */
  documentId: number | null;
  status: AnchorDigestStatus;
  queuedAt: string;
}

/**
 * Where a batch stands: `queued` until enough backends accepted its root (m of n calendars, or
 * an own transaction sent), then `pending` (a proof with pending attestations exists), then
 * `anchored` (a Bitcoin block header attestation, checked against the header source).
 */
export type AnchorBatchStatus = 'queued' | 'pending' | 'anchored';

/** One Merkle tree of digests; only its root leaves the platform. */
export interface AnchorBatchesTable {
  id: Generated<number>;
  /** Random id for logs and payloads. */
  publicId: string;
  /** Merkle root, lower-case hex. */
  root: string;
  leafCount: number;
  status: AnchorBatchStatus;
  /**
   * The merged timestamp from the root (`Timestamp.toBytes()`): the completed backends' parts once
   * anchored, before that every accepted backend's pending part.
   */
  rootTimestamp: Buffer | null;
  bitcoinHeight: number | null;
  bitcoinTime: string | null;
  createdAt: string;
  pendingAt: string | null;
  anchoredAt: string | null;
}

/** A digest's place in its batch. The primary key makes "one digest, one batch" a database rule. */
export interface AnchorLeavesTable {
  digestId: number;
  batchId: number;
  leafIndex: number;
  /** The leaf's Merkle path as serialised OpenTimestamps operations (`append|prepend`, `sha256`). */
  merklePath: Buffer;
}

/** `new` → `prepared` → `pending` → `complete`, as the backend contract's steps. */
export type AnchorSubmissionStatus = 'new' | 'prepared' | 'pending' | 'complete';

/** One backend's work on one batch; at most one row per (batch, backend). */
export interface AnchorSubmissionsTable {
  id: Generated<number>;
  batchId: number;
  /** Backend name, e.g. `calendar:https://a.pool.opentimestamps.org` or `bitcoin-rpc`. */
  backend: string;
  status: AnchorSubmissionStatus;
  /** Backend state (JSON), as returned by its last step. */
  state: string | null;
  /** Timestamp from the root (`Timestamp.toBytes()`), once submitted. */
  timestamp: Buffer | null;
  bitcoinHeight: number | null;
  bitcoinTime: string | null;
  /** Consecutive failures of the current step; 0 after a success. */
  attempts: Generated<number>;
  /** Code of the last failure (e.g. `backend_unavailable`), null after a success. */
  lastError: string | null;
  /** One sentence about the last failure: URLs and HTTP statuses, never personal data. */
  lastErrorMessage: string | null;
  /** Not to be tried before this (backoff after a failure, upgrade interval after a success). */
  nextAttemptAt: string | null;
  createdAt: string;
  submittedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  /** Bumped on every update; updates say which version they expect (optimistic concurrency). */
  version: Generated<number>;
}

/** A status transition whose digest, SHA-256 of `statement`, waits for (or has) its anchor. */
export interface StatusStatementsTable {
  id: Generated<number>;
  documentId: number;
  anchorDigestId: number;
  /** `revoked`, `suspended`, `reinstated` or `superseded`. */
  transition: string;
  /** The canonical JSON statement (document id, transition, effective time, reason code). */
  statement: string;
  createdAt: string;
}

/** SQLite's stand-in for PostgreSQL's advisory lock: a lease with an owner and an expiry. */
export interface AnchorWorkerLeasesTable {
  name: string;
  owner: string;
  expiresAt: string;
  acquiredAt: string;
}

export type AnchorDigestRow = Selectable<AnchorDigestsTable>;
export type AnchorBatchRow = Selectable<AnchorBatchesTable>;
export type AnchorSubmissionRow = Selectable<AnchorSubmissionsTable>;
