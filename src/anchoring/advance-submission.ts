import type { Db } from '../db/database.js';
import { updateSubmission, type DueSubmission } from '../db/repositories/anchoring.repository.js';
import {
  DetachedTimestampFile,
  OpSha256,
  OtsDeserializationError,
  Timestamp,
  verifyTimestamp,
  type BlockHeaderSource,
} from '../../verifier/index.js';
import {
  BackendUnavailableError,
  type AnchorBackend,
  type BackendSubmission,
} from './backends/anchor-backend.js';
import { BitcoinAnchorConflictError } from './backends/bitcoin-rpc-backend.js';
import { retryDelayMs } from './retry-backoff.js';
import { MAX_BACKEND_TIMESTAMP_DEPTH, timestampDepth } from './timestamp-depth.js';
import { asBuffer } from '../verifier-node.js';

/** What one call did to a submission. */
export type StepOutcome =
  | 'prepared'
  | 'submitted'
  | 'completed'
  | 'upgraded'
  | 'unchanged'
  | 'failed'
  /** Someone else changed the row meanwhile; nothing was stored. */
  | 'stale';

export interface SubmissionSettings {
  readonly upgradeIntervalSeconds: number;
  /** Checks every Bitcoin attestation a backend reports before it is called complete. */
  readonly headers: BlockHeaderSource;
  readonly now: () => Date;
  readonly random?: () => number;
}

/** A backend's answer the worker refuses to store; `code` goes to `last_error`. */
export class AnchorStepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AnchorStepError';
  }
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,40}$/;

/** The error code and one-line message stored for a failed step (never personal data: none exists here). */
export function failureOf(error: unknown): { code: string; message: string } {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  if (error instanceof BackendUnavailableError) return { code: 'backend_unavailable', message };
  if (error instanceof BitcoinAnchorConflictError) return { code: 'transaction_conflict', message };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODE_PATTERN.test(code)) return { code, message };
  return { code: 'backend_failed', message };
}

function asSubmission(row: DueSubmission): BackendSubmission {
  return {
    status: row.status === 'new' ? 'prepared' : row.status,
    state: row.state ?? '',
    timestamp: row.timestamp,
    bitcoin:
      row.bitcoinHeight === null || row.bitcoinTime === null
        ? null
        : { height: row.bitcoinHeight, time: Date.parse(row.bitcoinTime) / 1000 },
  };
}

/**
 * Checks a backend's answer before it is stored: a timestamp from the root that parses and stays
 * within the depth budget, and — when the backend says complete — a Bitcoin attestation that
 * verifies against the header source (which also dates it). Returns the normalised timestamp
 * and the verified block.
 */
async function checkAnswer(
  answer: BackendSubmission,
  root: Buffer,
  headers: BlockHeaderSource,
): Promise<{ timestamp: Buffer | null; bitcoin: { height: number; time: number } | null }> {
  if (answer.timestamp === null) {
    // Prepared, or sent with nothing to show yet (an own transaction waiting for its block).
    if (answer.status !== 'complete') return { timestamp: null, bitcoin: null };
    throw new AnchorStepError('backend_bad_result', 'a complete submission has no timestamp');
  }
  let stamp: Timestamp;
  try {
    stamp = Timestamp.fromBytes(answer.timestamp, root);
  } catch (error) {
    if (!(error instanceof OtsDeserializationError) && !(error instanceof RangeError)) throw error;
    throw new AnchorStepError(
      'backend_bad_result',
      'the backend returned an unreadable timestamp',
      {
        cause: error,
      },
    );
  }
  if (timestampDepth(stamp) > MAX_BACKEND_TIMESTAMP_DEPTH) {
    throw new AnchorStepError('backend_bad_result', 'the backend timestamp nests too deep');
  }
  if (answer.status !== 'complete') return { timestamp: asBuffer(stamp.toBytes()), bitcoin: null };
  const verification = await verifyTimestamp(
    new DetachedTimestampFile(new OpSha256(), stamp),
    root,
    headers,
  );
  if (verification.status === 'verified') {
    return {
      timestamp: asBuffer(stamp.toBytes()),
      bitcoin: { height: verification.height, time: verification.time },
    };
  }
  if (verification.status === 'unknown') {
    throw new AnchorStepError(
      'header_source_unavailable',
      `cannot check the Bitcoin attestation now: ${verification.reason}`,
    );
  }
  throw new AnchorStepError(
    'invalid_attestation',
    `the backend's Bitcoin attestation does not verify: ${verification.reason}`,
  );
}

/** The stored fields of a checked sent/upgraded answer: its state, and a clean retry slate. */
function answeredValues(
  answer: BackendSubmission,
  checked: Awaited<ReturnType<typeof checkAnswer>>,
  nextAttemptAt: string,
) {
  return {
    status: answer.status,
    state: answer.state,
    timestamp: checked.timestamp,
    bitcoinHeight: checked.bitcoin?.height ?? null,
    bitcoinTime: checked.bitcoin ? new Date(checked.bitcoin.time * 1000).toISOString() : null,
    attempts: 0,
    lastError: null,
    lastErrorMessage: null,
    nextAttemptAt,
  };
}

/**
 * Moves one submission as far as it goes now — `new` → prepare → store → submit → store;
 * `prepared` → submit → store; `pending` → upgrade → store — persisting after every step, so a
 * crash resumes from the last stored state: a batch is never prepared again once its prepared
 * state is stored, a stored prepared state is submitted again (idempotent), an upgrade is asked
 * again. Every update names the version it read; a worker that lost its lock cannot overwrite.
 * A failure stores its code, counts the attempt and schedules the next with backoff.
 */
export async function advanceSubmission(
  db: Db,
  backend: AnchorBackend,
  row: DueSubmission,
  settings: SubmissionSettings,
): Promise<StepOutcome[]> {
  const root = Buffer.from(row.batchRoot, 'hex');
  const outcomes: StepOutcome[] = [];
  let status = row.status;
  let version = row.version;
  let current = asSubmission(row);
  const later = (seconds: number) =>
    new Date(settings.now().getTime() + seconds * 1000).toISOString();
  try {
    if (status === 'new') {
      const prepared = await backend.prepare(root);
      if (prepared.status !== 'prepared') {
        throw new AnchorStepError('backend_bad_result', `prepare answered ${prepared.status}`);
      }
      const checked = await checkAnswer(prepared, root, settings.headers);
      const stored = await updateSubmission(db, row.id, version, {
        status: 'prepared',
        state: prepared.state,
        timestamp: checked.timestamp,
        attempts: 0,
        lastError: null,
        lastErrorMessage: null,
        nextAttemptAt: null,
        updatedAt: settings.now().toISOString(),
      });
      if (!stored) return [...outcomes, 'stale'];
      outcomes.push('prepared');
      version += 1;
      status = 'prepared';
      current = prepared;
    }
    if (status === 'prepared') {
      const sent = await backend.submit(root, current);
      if (sent.status === 'prepared') {
        throw new AnchorStepError('backend_bad_result', 'submit answered prepared');
      }
      const checked = await checkAnswer(sent, root, settings.headers);
      const now = settings.now().toISOString();
      const stored = await updateSubmission(db, row.id, version, {
        ...answeredValues(sent, checked, later(settings.upgradeIntervalSeconds)),
        submittedAt: now,
        ...(sent.status === 'complete' ? { completedAt: now } : {}),
        updatedAt: now,
      });
      if (!stored) return [...outcomes, 'stale'];
      outcomes.push(sent.status === 'complete' ? 'completed' : 'submitted');
      return outcomes;
    }
    if (status === 'pending') {
      const upgraded = await backend.upgrade(root, current);
      const same =
        upgraded.status === current.status &&
        upgraded.state === current.state &&
        (upgraded.timestamp === null
          ? current.timestamp === null
          : current.timestamp !== null && upgraded.timestamp.equals(current.timestamp));
      const now = settings.now().toISOString();
      if (same) {
        const stored = await updateSubmission(db, row.id, version, {
          attempts: 0,
          lastError: null,
          lastErrorMessage: null,
          nextAttemptAt: later(settings.upgradeIntervalSeconds),
          updatedAt: now,
        });
        return [...outcomes, stored ? 'unchanged' : 'stale'];
      }
      if (upgraded.status === 'prepared') {
        throw new AnchorStepError('backend_bad_result', 'upgrade answered prepared');
      }
      const checked = await checkAnswer(upgraded, root, settings.headers);
      const stored = await updateSubmission(db, row.id, version, {
        ...answeredValues(upgraded, checked, later(settings.upgradeIntervalSeconds)),
        ...(upgraded.status === 'complete' ? { completedAt: now } : {}),
        updatedAt: now,
      });
      if (!stored) return [...outcomes, 'stale'];
      outcomes.push(upgraded.status === 'complete' ? 'completed' : 'upgraded');
    }
    return outcomes;
  } catch (error) {
    const failure = failureOf(error);
    const attempts = (status === row.status ? row.attempts : 0) + 1;
    // The backend's transaction lost to a conflicting one: the root is not anchored by it, and
    // the one case where preparing again is right (a new transaction, on other coins).
    const restart = error instanceof BitcoinAnchorConflictError;
    const stored = await updateSubmission(db, row.id, version, {
      ...(restart ? { status: 'new' as const, state: null, timestamp: null } : {}),
      attempts,
      lastError: failure.code,
      lastErrorMessage: failure.message,
      nextAttemptAt: new Date(
        settings.now().getTime() + retryDelayMs(attempts, settings.random),
      ).toISOString(),
      updatedAt: settings.now().toISOString(),
    });
    return [...outcomes, stored ? 'failed' : 'stale'];
  }
}
