import type { AppContext } from '../context.js';
import { findAnchorDigests } from '../db/repositories/document.repository.js';

export interface AnchorStatus {
  digest: string;
  kind: 'commitment' | 'pdf';
  /** Until the anchoring worker lands, every digest waits in the queue. */
  status: 'not_anchored_yet';
  queuedAt: string;
}

/** The anchoring state of a document's digests (issuance commitment, then PDF). */
export async function anchorStatusOf(
  ctx: AppContext,
  documentRowId: number,
): Promise<AnchorStatus[]> {
  const rows = await findAnchorDigests(ctx.db, documentRowId);
  return rows.map((row) => ({
    digest: row.digest,
    kind: row.kind,
    status: 'not_anchored_yet',
    queuedAt: row.queuedAt,
  }));
}
