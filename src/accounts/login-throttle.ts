import { createHmac } from 'node:crypto';
import type { AppContext } from '../context.js';
import {
  clearLoginThrottle,
  findLoginThrottles,
  recordLoginFailure,
  setLoginBlock,
} from '../db/repositories/login-throttle.repository.js';
import { AppError } from '../errors.js';
import { throttleKey } from './account-secrets.js';

/**
 * Progressive delay on failed log-ins (OWASP ASVS 2.2.1), on top of the per-route rate limit.
 *
 * Two counters, each keyed by an HMAC under a key derived from the master key, so the table holds
 * neither addresses nor IP addresses:
 * - the e-mail address as typed, normalised (unknown addresses get exactly the same treatment,
 *   so a refusal does not say whether an account exists). From the 4th consecutive failure,
 *   attempts are refused for 2, 4, 8 … seconds, at most 15 minutes. Success clears it.
 * - the client address, against one client trying one password on many accounts: the same
 *   progression from the 21st failure. Success does not clear it.
 * A count restarts after a quiet period (a day for an e-mail, an hour for an address). A refused
 * attempt does not check the password and does not count as a failure.
 */
interface ThrottlePolicy {
  /** Failures allowed before any delay. */
  readonly freeFailures: number;
  /** A count whose last failure is this old starts again. */
  readonly forgetAfterMs: number;
}

const EMAIL_POLICY: ThrottlePolicy = { freeFailures: 3, forgetAfterMs: 24 * 60 * 60_000 };
const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, forgetAfterMs: 60 * 60_000 };
export const MAX_LOGIN_DELAY_SECONDS = 15 * 60;

/** Seconds to refuse attempts after `failures` consecutive failures (0 = no delay). */
export function loginDelaySeconds(failures: number, freeFailures: number): number {
  if (failures <= freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - freeFailures, 20), MAX_LOGIN_DELAY_SECONDS);
}

export interface LoginThrottleKeys {
  readonly email: string;
  readonly address: string;
}

/** The throttle keys of one attempt. `email` is what was typed, valid or not. */
export function loginThrottleKeys(
  ctx: AppContext,
  email: string,
  clientAddress: string,
): LoginThrottleKeys {
  const key = throttleKey(ctx.masterKey);
  const mac = (label: string, value: string) =>
    createHmac('sha256', key).update(`${label}:${value}`).digest('base64url');
  return {
    email: mac('email', email.trim().toLowerCase()),
    address: mac('address', clientAddress),
  };
}

/** Throws RATE_LIMITED (with `retryAfterSeconds`) while either key is blocked. */
export async function checkLoginThrottle(ctx: AppContext, keys: LoginThrottleKeys): Promise<void> {
  const now = ctx.now().getTime();
  const rows = await findLoginThrottles(ctx.db, [keys.email, keys.address]);
  let blockedMs = 0;
  for (const row of rows) {
    if (row.blockedUntil === null) continue;
    blockedMs = Math.max(blockedMs, new Date(row.blockedUntil).getTime() - now);
  }
  if (blockedMs > 0) {
    const retryAfterSeconds = Math.ceil(blockedMs / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed log-ins; try again in ${retryAfterSeconds} seconds.`,
      { details: { retryAfterSeconds } },
    );
  }
}

/** Counts a failed attempt on both keys and blocks them as their policy says. */
export async function recordFailedLogin(ctx: AppContext, keys: LoginThrottleKeys): Promise<void> {
  const now = ctx.now();
  for (const [key, policy] of [
    [keys.email, EMAIL_POLICY],
    [keys.address, ADDRESS_POLICY],
  ] as const) {
    const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs).toISOString();
    const failures = await recordLoginFailure(ctx.db, key, now.toISOString(), forgetBefore);
    const delay = loginDelaySeconds(failures, policy.freeFailures);
    if (delay > 0) {
      const until = new Date(now.getTime() + delay * 1000).toISOString();
      await setLoginBlock(ctx.db, key, failures, until);
    }
  }
}

/** A successful log-in clears the e-mail key (the address key keeps counting). */
export async function recordSuccessfulLogin(
  ctx: AppContext,
  keys: LoginThrottleKeys,
): Promise<void> {
  await clearLoginThrottle(ctx.db, keys.email);
}
