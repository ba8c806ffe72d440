import type { AnchoringConfig } from '../../config.js';
import type { BlockHeaderSource } from '../../../verifier/index.js';
import type { AnchorBackend } from './anchor-backend.js';
import { BitcoinRpcBackend } from './bitcoin-rpc-backend.js';
import { CALENDAR_BACKEND_PREFIX, CalendarBackend } from './calendar-backend.js';

/** Whether a submission's backend name is an OpenTimestamps calendar (counted for m of n). */
export function isCalendarBackend(name: string): boolean {
  return name.startsWith(CALENDAR_BACKEND_PREFIX);
}

/**
 * The backends a configuration names: one per calendar for `calendars`, the operator's node for
 * `bitcoin-rpc`; none for `ANCHOR_BACKENDS=none`. `headers` dates and checks Bitcoin upgrades.
 */
export function createAnchorBackends(
  config: AnchoringConfig,
  headers: BlockHeaderSource,
  options: { timeoutMs?: number } = {},
): AnchorBackend[] {
  const backends: AnchorBackend[] = [];
  if (config.backends.includes('calendars')) {
    for (const url of config.calendars) {
      backends.push(
        new CalendarBackend(url, {
          headers,
          trustedCalendars: config.calendars,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        }),
      );
    }
  }
  if (config.backends.includes('bitcoin-rpc') && config.bitcoinRpc !== null) {
    const rpc = config.bitcoinRpc;
    backends.push(
      new BitcoinRpcBackend({
        url: rpc.url,
        ...(rpc.username === null ? {} : { username: rpc.username }),
        ...(rpc.password === null ? {} : { password: rpc.password }),
        ...(rpc.wallet === null ? {} : { wallet: rpc.wallet }),
      }),
    );
  }
  return backends;
}
