/**
 * An anchoring backend takes the Merkle root of one batch to Bitcoin and, in the end, returns the
 * OpenTimestamps timestamp that leads from that root to a Bitcoin block header attestation.
 *
 * The worker persists each returned {@link BackendSubmission} before it calls the next step, so a
 * crash at any point resumes from the last stored state: `prepare` does nothing irreversible (it may
 * build and sign a transaction), `submit` must be idempotent for the same prepared state (send the
 * same signed transaction again, post the same root again), and `upgrade` may be called any number
 * of times.
 */
export interface BackendSubmission {
  /**
   * Where this submission stands: `prepared` (nothing sent yet), `pending` (sent; waiting for a
   * calendar upgrade or a confirmation), `complete` (the timestamp ends in a Bitcoin attestation).
   */
  readonly status: 'prepared' | 'pending' | 'complete';
  /** Backend-specific state as JSON (e.g. signed transaction, txid, calendar URL). Never personal data. */
  readonly state: string;
  /**
   * The timestamp hanging from the root (`Timestamp.toBytes()`, its message is the root): ops to
   * pending attestations while pending, to a Bitcoin block header attestation when complete.
   */
  readonly timestamp: Buffer | null;
  /** When complete: the Bitcoin block the root is anchored in. */
  readonly bitcoin: { readonly height: number; readonly time: number } | null;
}

/** Thrown when a backend cannot be reached or refuses for now; the worker retries with backoff. */
export class BackendUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendUnavailableError';
  }
}

export interface AnchorBackend {
  /** Stable name stored with each submission, e.g. `calendar:https://a.pool.opentimestamps.org` or `bitcoin-rpc`. */
  readonly name: string;
  /** Builds what will be sent; nothing irreversible. */
  prepare(root: Buffer): Promise<BackendSubmission>;
  /** Sends the prepared submission; idempotent for the same prepared state. */
  submit(root: Buffer, prepared: BackendSubmission): Promise<BackendSubmission>;
  /** Tries to move a pending submission towards complete; returns it unchanged when nothing new. */
  upgrade(root: Buffer, current: BackendSubmission): Promise<BackendSubmission>;
}
