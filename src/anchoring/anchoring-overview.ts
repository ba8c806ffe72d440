import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import {
  anchoringCounts,
  findSubmissionsOfBatches,
  listRecentBatches,
} from '../db/repositories/anchoring.repository.js';
import type { AnchorBatchStatus, AnchorSubmissionStatus } from '../db/tables/anchoring.table.js';

/** One backend's work on a batch, as an operator sees it. */
export interface SubmissionView {
  backend: string;
  status: AnchorSubmissionStatus;
  attempts: number;
  lastError: string | null;
  lastErrorMessage: string | null;
  nextAttemptAt: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  bitcoinHeight: number | null;
}

export interface BatchView {
  id: string;
  status: AnchorBatchStatus;
  root: string;
  leafCount: number;
  createdAt: string;
  pendingAt: string | null;
  anchoredAt: string | null;
  bitcoinHeight: number | null;
  bitcoinTime: string | null;
  submissions: SubmissionView[];
}

/** The anchoring queue and the latest batches with each backend's state (ids and codes only). */
export interface AnchoringOverview {
  queuedDigests: number;
  oldestQueuedAt: string | null;
  batches: Record<AnchorBatchStatus, number>;
  recentBatches: BatchView[];
}

/** Who asks: a platform admin over HTTP, or the host (`certa worker --status`). */
export type OverviewReader = { kind: 'actor'; actor: Actor | null } | { kind: 'host' };

/**
 * What anchoring is doing: how many digests wait, batches by status, and the latest batches with
 * every submission's status, attempts, last error and next try — so a failing calendar or an
 * offline node is visible, not silent.
 */
export async function anchoringOverview(
  ctx: AppContext,
  reader: OverviewReader,
  limit = 20,
): Promise<AnchoringOverview> {
  if (reader.kind === 'actor') requirePlatformAdmin(reader.actor);
  const counts = await anchoringCounts(ctx.db);
  const batches = await listRecentBatches(ctx.db, limit);
  const submissions = await findSubmissionsOfBatches(
    ctx.db,
    batches.map((batch) => batch.id),
  );
  return {
    ...counts,
    recentBatches: batches.map((batch) => ({
      id: batch.publicId,
      status: batch.status,
      root: batch.root,
      leafCount: batch.leafCount,
      createdAt: batch.createdAt,
      pendingAt: batch.pendingAt,
      anchoredAt: batch.anchoredAt,
      bitcoinHeight: batch.bitcoinHeight,
      bitcoinTime: batch.bitcoinTime,
      submissions: submissions
        .filter((submission) => submission.batchId === batch.id)
        .map((submission) => ({
          backend: submission.backend,
          status: submission.status,
          attempts: submission.attempts,
          lastError: submission.lastError,
          lastErrorMessage: submission.lastErrorMessage,
          nextAttemptAt: submission.nextAttemptAt,
          submittedAt: submission.submittedAt,
          completedAt: submission.completedAt,
          bitcoinHeight: submission.bitcoinHeight,
        })),
    })),
  };
}
