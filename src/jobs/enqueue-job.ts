import type { Executor } from '../db/database.js';
import { insertJob } from '../db/repositories/job.repository.js';
import { AppError } from '../errors.js';
import type { JobPayload } from './job.js';

/** Tries before a job is marked failed, unless the caller says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Longest payload accepted: ids and flags fit in far less. */
const MAX_PAYLOAD_BYTES = 4096;

/**
 * Queues a durable job (DESIGN §5 "Durable jobs"). Call it with the transaction of the state
 * change that needs the job, so both are stored or neither is; a runner picks it up once
 * `runAfter` has come (now by default). The payload holds ids only: it is stored in the clear and
 * shown to operators.
 *
 * @returns the job's id
 */
export async function enqueueJob(
  db: Executor,
  spec: {
    kind: string;
    payload: JobPayload;
    organisationId?: number | null;
    runAfter?: Date;
    maxAttempts?: number;
    /** The clock (tests move it); the system clock by default. */
    now?: Date;
  },
): Promise<number> {
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new AppError('INTERNAL', 'A job needs at least one attempt.');
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(spec.kind))
    throw new AppError('INTERNAL', 'A job kind is dotted lower-case words.');
  const payload = JSON.stringify(spec.payload);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
    throw new AppError('INTERNAL', 'A job payload holds ids only and must stay small.');
  const now = spec.now ?? new Date();
  return insertJob(db, {
    kind: spec.kind,
    payload,
    organisationId: spec.organisationId ?? null,
    maxAttempts,
    runAfter: (spec.runAfter ?? now).toISOString(),
    now: now.toISOString(),
  });
}
