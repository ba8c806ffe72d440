import type { Db } from '../db/database.js';
import {
  findBatchById,
  findSubmissionsOfBatch,
  updateBatch,
} from '../db/repositories/anchoring.repository.js';
import type { AnchorBatchStatus } from '../db/tables/anchoring.table.js';
import { Timestamp } from '../../verifier/index.js';
import { isCalendarBackend } from './backends/create-backends.js';
import { asBuffer } from '../verifier-node.js';

const RANK: Record<AnchorBatchStatus, number> = { queued: 0, pending: 1, anchored: 2 };

/**
 * Recomputes a batch from its submissions and stores what changed:
 * - `anchored` once any backend completed (a Bitcoin attestation, checked when stored);
 * - `pending` once `minCalendars` calendars accepted the root (capped by how many the batch has),
 *   or any other backend (own transaction) sent it;
 * - `queued` before that. A batch never moves back.
 * The batch's root timestamp merges every accepted backend's part: the completed ones (every
 * Bitcoin attestation, as each calendar completes) and those still pending.
 */
export async function refreshBatch(
  db: Db,
  batchId: number,
  minCalendars: number,
  now: Date,
): Promise<AnchorBatchStatus | null> {
  const batch = await findBatchById(db, batchId);
  if (batch === undefined) return null;
  const submissions = await findSubmissionsOfBatch(db, batchId);
  const accepted = submissions.filter(
    (row) => row.status === 'pending' || row.status === 'complete',
  );
  const complete = accepted.filter((row) => row.status === 'complete' && row.timestamp !== null);
  const calendars = submissions.filter((row) => isCalendarBackend(row.backend));
  const calendarsAccepted = accepted.filter((row) => isCalendarBackend(row.backend)).length;
  const quorum =
    accepted.some((row) => !isCalendarBackend(row.backend)) ||
    (calendars.length > 0 && calendarsAccepted >= Math.min(minCalendars, calendars.length));
  const computed: AnchorBatchStatus =
    complete.length > 0 ? 'anchored' : quorum ? 'pending' : 'queued';
  const status = RANK[computed] >= RANK[batch.status] ? computed : batch.status;

  const root = Buffer.from(batch.root, 'hex');
  // Every complete part, and the pending ones beside them: a holder can upgrade a calendar's
  // promise themselves, and a verifier skips it once one Bitcoin attestation holds.
  const parts = accepted.filter((row) => row.timestamp !== null);
  let rootTimestamp: Buffer | null = batch.rootTimestamp;
  if (parts.length > 0) {
    const merged = new Timestamp(root);
    for (const part of parts)
      if (part.timestamp) merged.merge(Timestamp.fromBytes(part.timestamp, root));
    rootTimestamp = asBuffer(merged.toBytes());
  }
  const earliest = complete
    .filter((row) => row.bitcoinHeight !== null && row.bitcoinTime !== null)
    .sort((a, b) => (a.bitcoinTime ?? '').localeCompare(b.bitcoinTime ?? ''))[0];

  const changed =
    status !== batch.status ||
    !sameBytes(rootTimestamp, batch.rootTimestamp) ||
    (earliest !== undefined && earliest.bitcoinHeight !== batch.bitcoinHeight);
  if (!changed) return status;
  await updateBatch(db, batchId, {
    status,
    rootTimestamp,
    ...(status !== 'queued' && batch.pendingAt === null ? { pendingAt: now.toISOString() } : {}),
    ...(status === 'anchored' && batch.anchoredAt === null
      ? { anchoredAt: now.toISOString() }
      : {}),
    ...(earliest === undefined
      ? {}
      : { bitcoinHeight: earliest.bitcoinHeight, bitcoinTime: earliest.bitcoinTime }),
  });
  return status;
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
