import type { DatabaseConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { releaseLease, takeLease } from '../db/repositories/anchoring.repository.js';
import { PostgresSessionLock } from '../db/session-lock.js';

/**
 * "Exactly one anchoring worker at a time". Every worker takes the lock at the start of a tick
 * and checks it again before each step; without it, it does nothing.
 */
export interface AnchorLock {
  /** Takes the lock, or confirms that this worker still holds it. False: another worker has it. */
  acquire(): Promise<boolean>;
  /** Gives it up (on a clean stop); a crashed worker's lock frees itself. */
  release(): Promise<void>;
}

/** Advisory lock key: "CERT" and 1 (anchoring). */
export const ANCHOR_LOCK_KEY = [0x43455254, 1] as const;

/** Name of the SQLite lease row. */
export const ANCHOR_LEASE_NAME = 'anchor-worker';

/** How long a SQLite lease lasts without renewal; longer than any one step (timeouts ≤ 30 s). */
export const ANCHOR_LEASE_MS = 2 * 60_000;

/**
 * PostgreSQL: a session advisory lock on a connection of its own. It survives no crash — the
 * server drops it with the connection — and needs no clock, which matters when workers run on
 * several hosts (scale-out shape).
 */
export class PostgresAnchorLock implements AnchorLock {
  readonly session: PostgresSessionLock;

  constructor(url: string) {
    this.session = new PostgresSessionLock(url, ANCHOR_LOCK_KEY);
  }

  acquire(): Promise<boolean> {
    return this.session.tryAcquire();
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * SQLite has no advisory locks, and `certa serve` and `certa worker` may share one database file:
 * a lease row (owner id, expiry) taken or renewed in one atomic upsert. A crashed holder's lease
 * runs out after {@link ANCHOR_LEASE_MS}; all holders are on one host, so they share one clock.
 */
export class SqliteLeaseLock implements AnchorLock {
  constructor(
    private readonly db: Db,
    /** Unique per worker: e.g. host, process id and a random part. */
    readonly owner: string,
    private readonly now: () => Date,
    private readonly leaseMs = ANCHOR_LEASE_MS,
  ) {}

  acquire(): Promise<boolean> {
    const now = this.now();
    return takeLease(this.db, {
      name: ANCHOR_LEASE_NAME,
      owner: this.owner,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.leaseMs).toISOString(),
    });
  }

  release(): Promise<void> {
    return releaseLease(this.db, ANCHOR_LEASE_NAME, this.owner);
  }
}

/** The lock that fits the database: advisory lock on PostgreSQL, lease row on SQLite. */
export function createAnchorLock(
  db: Db,
  database: DatabaseConfig,
  owner: string,
  now: () => Date,
): AnchorLock {
  return database.dialect === 'postgres'
    ? new PostgresAnchorLock(database.url)
    : new SqliteLeaseLock(db, owner, now);
}
