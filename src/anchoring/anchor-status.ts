import type { AppContext } from '../context.js';
import {
  findSubmissionsOfBatches,
  type DigestAnchorRow,
} from '../db/repositories/anchoring.repository.js';
import type { AnchorDigestKind } from '../db/tables/anchoring.table.js';

/**
 * Where a digest stands:
 * - `queued`: waiting for the next batch, or in a batch whose root not enough backends have
 *   accepted yet (then `lastError` / `nextAttemptAt` say why it waits);
 * - `pending`: the root is with the calendars (or in a sent transaction); the proof ends in
 *   pending attestations;
 * - `anchored`: the proof ends in a Bitcoin block header attestation.
 */
export type AnchorState = 'queued' | 'pending' | 'anchored';

export interface AnchorStatus {
  digest: string;
  kind: AnchorDigestKind;
  status: AnchorState;
  queuedAt: string;
  /** The batch (random id), once the digest is in one. */
  batchId: string | null;
  /** Block height and time the batch was anchored in, once anchored. */
  bitcoinHeight: number | null;
  bitcoinTime: string | null;
  /** While a backend keeps failing for the batch: the last failure's code and the next try. */
  lastError: string | null;
  nextAttemptAt: string | null;
}

/** The state of a digest row. */
export function anchorStateOf(row: Pick<DigestAnchorRow, 'batchStatus'>): AnchorState {
  if (row.batchStatus === 'anchored') return 'anchored';
  if (row.batchStatus === 'pending') return 'pending';
  return 'queued';
}

/** The anchoring state of a document's digests (issuance commitment, then PDF), from its rows. */
export async function anchorStatusOf(
  ctx: AppContext,
  rows: readonly DigestAnchorRow[],
): Promise<AnchorStatus[]> {
  // Status changes and audit heads are listed apart (status-proofs.ts), not as the document's own.
  const own = rows.filter((row) => row.kind === 'commitment' || row.kind === 'pdf');
  const waiting = own
    .filter((row) => row.batchId !== null && anchorStateOf(row) !== 'anchored')
    .map((row) => row.batchId ?? 0);
  const submissions = await findSubmissionsOfBatches(ctx.db, [...new Set(waiting)]);
  return own.map((row) => {
    const status = anchorStateOf(row);
    const failing = submissions
      .filter(
        (submission) =>
          submission.batchId === row.batchId &&
          submission.lastError !== null &&
          submission.status !== 'complete',
      )
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''));
    const first = status === 'anchored' ? undefined : failing[0];
    return {
      digest: row.digest,
      kind: row.kind,
      status,
      queuedAt: row.queuedAt,
      batchId: row.batchPublicId ?? null,
      bitcoinHeight: status === 'anchored' ? (row.bitcoinHeight ?? null) : null,
      bitcoinTime: status === 'anchored' ? (row.bitcoinTime ?? null) : null,
      lastError: first?.lastError ?? null,
      nextAttemptAt: first?.nextAttemptAt ?? null,
    };
  });
}
