import { createHmac } from 'node:crypto';
import type { AppContext } from '../context.js';
import {
  clearLoginThrottle,
  countLoginAttempt,
  findLoginThrottles,
  setLoginBlock,
  uncountLoginAttempt as uncountAttempt,
} from '../db/repositories/login-throttle.repository.js';
import type { LoginBlockRule } from '../db/repositories/login-throttle.repository.js';
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
 *
 * Every attempt is counted (one conditional UPSERT per key) before the password is checked, and
 * taken back when the password turns out right: 60 wrong passwords sent at once get the same 4
 * checks as 60 sent one after the other (issue 11 #1). A check-then-record order let them all in.
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

/** The counts that block attempts at `now`: count k blocks while its last attempt is recent. */
function blockRules(policy: ThrottlePolicy, now: number): LoginBlockRule[] {
  const rules: LoginBlockRule[] = [];
  for (let failures = policy.freeFailures + 1; ; failures += 1) {
    const delay = loginDelaySeconds(failures, policy.freeFailures);
    const capped = delay >= MAX_LOGIN_DELAY_SECONDS;
    rules.push({
      failures,
      orMore: capped,
      lastAttemptAfter: new Date(now - delay * 1000).toISOString(),
    });
    if (capped) return rules;
  }
}

const POLICIES = (keys: LoginThrottleKeys) =>
  [
    [keys.email, EMAIL_POLICY],
    [keys.address, ADDRESS_POLICY],
  ] as const;

/** The attempt counts of both keys, to take back with {@link uncountLoginAttempt}. */
export interface CountedLoginAttempt {
  readonly keys: LoginThrottleKeys;
  readonly emailCount: number;
  readonly addressCount: number;
}

async function refusal(ctx: AppContext, keys: LoginThrottleKeys): Promise<AppError> {
  const now = ctx.now().getTime();
  const rows = await findLoginThrottles(ctx.db, [keys.email, keys.address]);
  let blockedMs = 1000;
  for (const row of rows) {
    const policy = row.key === keys.email ? EMAIL_POLICY : ADDRESS_POLICY;
    const delay = loginDelaySeconds(Number(row.failures), policy.freeFailures);
    blockedMs = Math.max(blockedMs, new Date(row.lastFailureAt).getTime() + delay * 1000 - now);
  }
  const retryAfterSeconds = Math.ceil(blockedMs / 1000);
  return new AppError(
    'RATE_LIMITED',
    `Too many failed log-ins; try again in ${retryAfterSeconds} seconds.`,
    { details: { retryAfterSeconds } },
  );
}

/**
 * Counts one log-in attempt on both keys before anything is checked, as a failure until
 * {@link recordSuccessfulLogin} or {@link uncountLoginAttempt} says otherwise. Throws
 * RATE_LIMITED (with `retryAfterSeconds`) while either key is blocked; a refused attempt is not
 * counted.
 */
export async function countLoginAttemptOrRefuse(
  ctx: AppContext,
  keys: LoginThrottleKeys,
): Promise<CountedLoginAttempt> {
  const now = ctx.now();
  const counts: number[] = [];
  for (const [key, policy] of POLICIES(keys)) {
    const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs).toISOString();
    const count = await countLoginAttempt(
      ctx.db,
      key,
      now.toISOString(),
      forgetBefore,
      blockRules(policy, now.getTime()),
    );
    if (count === null) {
      if (counts[0] !== undefined) await uncountAttempt(ctx.db, keys.email, counts[0]);
      throw await refusal(ctx, keys);
    }
    counts.push(count);
    const delay = loginDelaySeconds(count, policy.freeFailures);
    // For the Retry-After of others and for operators; the count alone decides (above).
    if (delay > 0)
      await setLoginBlock(ctx.db, key, count, new Date(now.getTime() + delay * 1000).toISOString());
  }
  return { keys, emailCount: counts[0] ?? 0, addressCount: counts[1] ?? 0 };
}

/** Takes back an attempt that was not a failure (right password, second factor still owed). */
export async function uncountLoginAttempt(
  ctx: AppContext,
  attempt: CountedLoginAttempt,
): Promise<void> {
  await uncountAttempt(ctx.db, attempt.keys.email, attempt.emailCount);
  await uncountAttempt(ctx.db, attempt.keys.address, attempt.addressCount);
}

/** A successful log-in clears the e-mail key; the address key keeps its failures (not this one). */
export async function recordSuccessfulLogin(
  ctx: AppContext,
  attempt: CountedLoginAttempt,
): Promise<void> {
  await clearLoginThrottle(ctx.db, attempt.keys.email);
  await uncountAttempt(ctx.db, attempt.keys.address, attempt.addressCount);
}
