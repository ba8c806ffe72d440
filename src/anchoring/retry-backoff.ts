/** First wait after a failure. */
export const RETRY_BASE_MS = 30_000;
/** Longest wait between two tries. */
export const RETRY_MAX_MS = 60 * 60_000;

/**
 * How long to wait before try number `attempts + 1` after `attempts` consecutive failures:
 * exponential (30 s, 1 min, 2 min … capped at 1 h) with "equal jitter" — half the delay fixed,
 * half random — so that many platforms retrying one calendar do not come back in lockstep, and
 * a retry never comes sooner than half the nominal delay.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const nominal = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** exponent);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
