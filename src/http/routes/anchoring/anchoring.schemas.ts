import { Type } from 'typebox';
import { Nullable } from '../../schemas.js';

/** A digest's anchoring state, as the verify report lists it. */
export const AnchorStatus = Type.Object({
  digest: Type.String({ description: 'SHA-256, hex.' }),
  kind: Type.String({ description: 'commitment (at issuance) or pdf (at activation).' }),
  status: Type.String({
    description:
      'queued (waiting for a batch, or for enough backends to accept it), pending (with the calendars; the proof ends in pending attestations) or anchored (the proof ends in a Bitcoin block header attestation).',
  }),
  queuedAt: Type.String(),
  batchId: Nullable(Type.String()),
  bitcoinHeight: Nullable(Type.Integer()),
  bitcoinTime: Nullable(Type.String()),
  lastError: Nullable(
    Type.String({ description: 'While a backend keeps failing: its last error code.' }),
  ),
  nextAttemptAt: Nullable(Type.String({ description: 'When the failing backend is tried again.' })),
});

/** An anchored status change of a document (issue 14): the statement and its proof. */
export const StatusProof = Type.Object({
  transition: Type.String({ description: 'revoked, suspended, reinstated or superseded.' }),
  statement: Type.String({
    description:
      'The canonical JSON statement (document id, transition, effective and published times, reason code, sequence; no personal data). Its SHA-256 is `digest`.',
  }),
  digest: Type.String({ description: 'SHA-256 of the statement’s UTF-8 bytes, hex.' }),
  status: Type.String({ description: 'queued, pending or anchored.' }),
  queuedAt: Type.String({ description: 'When the change was published (queued for anchoring).' }),
  bitcoinHeight: Nullable(Type.Integer()),
  bitcoinTime: Nullable(Type.String({ description: 'The change was published by then.' })),
  proofUrl: Nullable(
    Type.String({ description: 'The OpenTimestamps proof (.ots) to download; null while queued.' }),
  ),
});

/** The PDF's timestamp in the verify report. */
export const AnchorSummary = Type.Object({
  status: Type.String({ description: 'queued, pending or anchored.' }),
  bitcoinHeight: Nullable(
    Type.Integer({ description: 'Block the proof was checked against (time check passed).' }),
  ),
  bitcoinTime: Nullable(
    Type.String({ description: 'That block’s time: the PDF existed by then.' }),
  ),
  proofUrl: Nullable(
    Type.String({ description: 'The OpenTimestamps proof (.ots) to download; null while queued.' }),
  ),
});

const Submission = Type.Object({
  backend: Type.String({ description: 'calendar:<url> or bitcoin-rpc.' }),
  status: Type.String({ description: 'new, prepared, pending or complete.' }),
  attempts: Type.Integer({ description: 'Consecutive failures of the current step.' }),
  lastError: Nullable(Type.String()),
  lastErrorMessage: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  bitcoinHeight: Nullable(Type.Integer()),
});

export const AnchoringOverview = Type.Object({
  queuedDigests: Type.Integer({ description: 'Digests waiting for a batch.' }),
  oldestQueuedAt: Nullable(Type.String()),
  batches: Type.Object({
    queued: Type.Integer(),
    pending: Type.Integer(),
    anchored: Type.Integer(),
  }),
  recentBatches: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.String({ description: 'queued, pending or anchored.' }),
      root: Type.String({ description: 'Merkle root, hex.' }),
      leafCount: Type.Integer(),
      createdAt: Type.String(),
      pendingAt: Nullable(Type.String()),
      anchoredAt: Nullable(Type.String()),
      bitcoinHeight: Nullable(Type.Integer()),
      bitcoinTime: Nullable(Type.String()),
      submissions: Type.Array(Submission),
    }),
  ),
});
