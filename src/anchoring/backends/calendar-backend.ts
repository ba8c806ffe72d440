import {
  BitcoinBlockHeaderAttestation,
  BlockSourceError,
  OtsDeserializationError,
  PendingAttestation,
  Timestamp,
  type BlockHeaderSource,
} from '../../../verifier/index.js';
import { MAX_BACKEND_TIMESTAMP_DEPTH, timestampDepth } from '../timestamp-depth.js';
import {
  BackendUnavailableError,
  type AnchorBackend,
  type BackendSubmission,
} from './anchor-backend.js';
import { calendarRequest, CalendarError } from './calendar-http.js';
import { asBuffer } from '../../verifier-node.js';

/** Prefix of every calendar backend's name; the rest is the calendar's URL. */
export const CALENDAR_BACKEND_PREFIX = 'calendar:';

/**
 * Public calendars a pending attestation may send us to for its upgrade (the reference client's
 * default whitelist): a pool such as a.pool.opentimestamps.org answers with attestations naming
 * the calendar behind it (alice.btc.calendar.opentimestamps.org …).
 */
const PUBLIC_CALENDAR_HOSTS = [
  /^([a-z0-9-]+\.)+calendar\.opentimestamps\.org$/,
  /^([a-z0-9-]+\.)+calendar\.eternitywall\.com$/,
  /^([a-z0-9-]+\.)+calendar\.catallaxy\.com$/,
];

export interface CalendarBackendOptions {
  /** Where Bitcoin upgrades are dated (and checked): the configured header source. */
  readonly headers: BlockHeaderSource;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Other calendars whose pending attestations may be followed (the configured ones). */
  readonly trustedCalendars?: readonly string[];
}

/** Nodes carrying a pending attestation that has not led to a Bitcoin attestation yet. */
function* pendingNodes(
  stamp: Timestamp,
): Generator<{ node: Timestamp; attestation: PendingAttestation }> {
  if (!hasBitcoinAttestation(stamp)) {
    for (const attestation of stamp.attestations) {
      if (attestation instanceof PendingAttestation) yield { node: stamp, attestation };
    }
  }
  for (const child of stamp.ops.values()) yield* pendingNodes(child);
}

function hasBitcoinAttestation(stamp: Timestamp): boolean {
  for (const { attestation } of stamp.allAttestations()) {
    if (attestation instanceof BitcoinBlockHeaderAttestation) return true;
  }
  return false;
}

/**
 * An OpenTimestamps calendar, spoken to with the reference protocol:
 * - submit: `POST <calendar>/digest` with the 32-byte root as body; the answer is the timestamp
 *   from the root — the calendar's own operations, then a pending attestation naming it;
 * - upgrade: for each pending attestation, `GET <calendar>/timestamp/<hex>` of the message AT the
 *   attestation (after the calendar's operations, not the root): 200 with the timestamp from that
 *   message onwards (merged into the tree), 404 while still pending.
 * Posting the same root twice is harmless (the calendar timestamps it again), so submit is
 * idempotent as the contract asks.
 */
export class CalendarBackend implements AnchorBackend {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(
    /** Base URL without trailing slash, e.g. `https://a.pool.opentimestamps.org`. */
    readonly url: string,
    private readonly options: CalendarBackendOptions,
  ) {
    this.name = `${CALENDAR_BACKEND_PREFIX}${url}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async prepare(_root: Buffer): Promise<BackendSubmission> {
    return {
      status: 'prepared',
      state: JSON.stringify({ calendar: this.url }),
      timestamp: null,
      bitcoin: null,
    };
  }

  async submit(root: Buffer, prepared: BackendSubmission): Promise<BackendSubmission> {
    const url = `${this.url}/digest`;
    const response = await calendarRequest(url, { method: 'POST', body: root }, this.timeoutMs);
    if (response.status !== 200) {
      throw new CalendarError(
        'calendar_refused',
        `${url} refused the digest (HTTP ${response.status})`,
      );
    }
    const stamp = this.parse(response.body, root, url);
    if (![...stamp.allAttestations()].length) {
      throw new CalendarError('calendar_bad_response', `${url} answered without an attestation`);
    }
    return this.result(stamp, prepared.state);
  }

  async upgrade(root: Buffer, current: BackendSubmission): Promise<BackendSubmission> {
    if (current.status === 'complete' || current.timestamp === null) return current;
    const stamp = this.parse(current.timestamp, root, 'the stored timestamp');
    let changed = false;
    for (const { node, attestation } of [...pendingNodes(stamp)]) {
      const url = `${this.upgradeUrlFor(attestation.uri)}/timestamp/${asBuffer(node.msg).toString('hex')}`;
      const response = await calendarRequest(url, { method: 'GET' }, this.timeoutMs);
      if (response.status === 404) continue;
      if (response.status !== 200) {
        throw new CalendarError('calendar_refused', `${url} answered HTTP ${response.status}`);
      }
      const upgraded = this.parse(response.body, asBuffer(node.msg), url);
      node.merge(upgraded);
      changed = true;
    }
    if (!changed) return current;
    if (timestampDepth(stamp) > MAX_BACKEND_TIMESTAMP_DEPTH) {
      throw new CalendarError(
        'calendar_bad_response',
        `the upgrade from ${this.url} nests too deep`,
      );
    }
    return this.result(stamp, current.state);
  }

  /** Parses a calendar's timestamp for `msg`; any defect is the calendar's fault. */
  private parse(bytes: Buffer, msg: Buffer, where: string): Timestamp {
    let stamp: Timestamp;
    try {
      stamp = Timestamp.fromBytes(bytes, msg);
    } catch (error) {
      if (!(error instanceof OtsDeserializationError) && !(error instanceof RangeError))
        throw error;
      throw new CalendarError('calendar_bad_response', `${where} is not a valid timestamp`, {
        cause: error,
      });
    }
    if (timestampDepth(stamp) > MAX_BACKEND_TIMESTAMP_DEPTH) {
      throw new CalendarError('calendar_bad_response', `${where} nests too deep`);
    }
    return stamp;
  }

  /**
   * The submission for `stamp`: complete when a Bitcoin attestation in it holds against the
   * header source (dated by the earliest such block), pending otherwise. An attestation the
   * header contradicts is refused; an unreachable header source means "try again later".
   */
  private async result(stamp: Timestamp, state: string): Promise<BackendSubmission> {
    let earliest: { height: number; time: number } | null = null;
    let contradicted = false;
    for (const { msg, attestation } of stamp.allAttestations()) {
      if (!(attestation instanceof BitcoinBlockHeaderAttestation)) continue;
      let header;
      try {
        header = await this.options.headers.headerByHeight(attestation.height);
      } catch (error) {
        if (!(error instanceof BlockSourceError)) throw error;
        throw new BackendUnavailableError(
          `cannot check the Bitcoin attestation from ${this.url}: ${error.message}`,
          { cause: error },
        );
      }
      if (!asBuffer(header.merkleRoot).equals(msg)) {
        contradicted = true;
        continue;
      }
      if (earliest === null || header.time < earliest.time) {
        earliest = { height: attestation.height, time: header.time };
      }
    }
    if (earliest === null && contradicted) {
      throw new CalendarError(
        'calendar_invalid_upgrade',
        `the Bitcoin attestation from ${this.url} does not match its block`,
      );
    }
    return {
      status: earliest === null ? 'pending' : 'complete',
      state,
      timestamp: asBuffer(stamp.toBytes()),
      bitcoin: earliest,
    };
  }

  /** The attestation's own calendar when we may trust it, else the calendar we posted to. */
  private upgradeUrlFor(uri: string): string {
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      return this.url;
    }
    const bare = parsed.toString().replace(/\/+$/, '');
    if (bare === this.url || (this.options.trustedCalendars ?? []).includes(bare)) return bare;
    const isPublic =
      parsed.protocol === 'https:' &&
      parsed.pathname === '/' &&
      parsed.port === '' &&
      PUBLIC_CALENDAR_HOSTS.some((pattern) => pattern.test(parsed.hostname));
    return isPublic ? bare : this.url;
  }
}
