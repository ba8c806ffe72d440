import pg from 'pg';

/**
 * A PostgreSQL session-level advisory lock (`pg_try_advisory_lock`) held on a connection of its
 * own: PostgreSQL releases it the moment that connection ends, so a crashed holder frees it at
 * once (no lease to wait out, no clocks to trust). Knows nothing of what it guards.
 */
export class PostgresSessionLock {
  private client: pg.Client | null = null;
  private lost = false;

  /** `key` is the two-integer advisory lock key. */
  constructor(
    private readonly url: string,
    private readonly key: readonly [number, number],
  ) {}

  /**
   * Takes the lock, or checks that this session still holds it. False when another session holds
   * it, or when the connection is gone (then the next call tries again on a fresh one).
   */
  async tryAcquire(): Promise<boolean> {
    if (this.client !== null && !this.lost) {
      try {
        const result = await this.client.query<{ held: boolean }>(
          `select exists (select 1 from pg_locks where locktype = 'advisory' and granted
             and pid = pg_backend_pid() and classid = $1 and objid = $2 and objsubid = 2) as held`,
          [this.key[0], this.key[1]],
        );
        if (result.rows[0]?.held === true) return true;
      } catch {
        // The connection is gone; PostgreSQL has released the lock with it.
      }
      await this.drop();
    }
    if (this.client !== null) await this.drop();
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {
      this.lost = true;
    });
    try {
      await client.connect();
      const result = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, $2) as locked',
        [this.key[0], this.key[1]],
      );
      if (result.rows[0]?.locked !== true) {
        await client.end();
        return false;
      }
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    this.lost = false;
    return true;
  }

  /** The backend process id of the lock's session (tests use it to simulate a crash). */
  async backendPid(): Promise<number | null> {
    if (this.client === null) return null;
    const result = await this.client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return result.rows[0]?.pid ?? null;
  }

  /** Unlocks and closes the connection. */
  async release(): Promise<void> {
    if (this.client === null) return;
    try {
      if (!this.lost)
        await this.client.query('select pg_advisory_unlock($1, $2)', [this.key[0], this.key[1]]);
    } catch {
      // Closing the connection releases it anyway.
    }
    await this.drop();
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.lost = false;
    if (client !== null) await client.end().catch(() => undefined);
  }
}
