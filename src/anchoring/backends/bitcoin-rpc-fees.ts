/**
 * Fee-rate arithmetic of the Bitcoin RPC backend. Rates are computed in whole sat/kvB (integers:
 * no floating-point drift) and handed to Bitcoin Core in sat/vB with at most three decimals, the
 * precision its `fee_rate` options accept.
 */

/** The lowest rate we ever pay: 1 sat/vB, Bitcoin Core's long-standing default relay minimum. */
export const FEE_RATE_FLOOR_SAT_KVB = 1000;

/** A replacement pays at least this much more than what it replaces (BIP 125 needs +1 sat/vB). */
const MIN_BUMP_SAT_KVB = 1000;

/** Relative increase of a fee bump, unless the estimate asks for more. */
const BUMP_FACTOR = 1.25;

/** sat/kvB → sat/vB (what `fee_rate` options take). */
export function satPerVb(satPerKvb: number): number {
  return satPerKvb / 1000;
}

/** sat/vB → whole sat/kvB, rounded down (a cap must not be exceeded by rounding). */
export function satPerKvbFloor(satPerVbRate: number): number {
  return Math.floor(satPerVbRate * 1000 + 1e-9);
}

/** `estimatesmartfee`'s `feerate` (BTC/kvB, 8 decimals) → whole sat/kvB. */
export function satPerKvbFromBtcPerKvb(btcPerKvb: number): number {
  return Math.round(btcPerKvb * 1e8);
}

/**
 * The rate for a new transaction: the estimate (sat/kvB) when there is one, raised to the floor
 * and capped at `maxSatPerKvb`. No estimate (a fresh or regtest node) means the floor.
 */
export function initialFeeRate(estimateSatPerKvb: number | null, maxSatPerKvb: number): number {
  const wanted = Math.max(estimateSatPerKvb ?? FEE_RATE_FLOOR_SAT_KVB, FEE_RATE_FLOOR_SAT_KVB);
  return Math.min(wanted, maxSatPerKvb);
}

/**
 * The rate for a replacement of a transaction paying `currentSatPerKvb`: the larger of the
 * estimate, +25 % and +1 sat/vB, capped at `maxSatPerKvb`; null when the cap leaves no room for
 * a valid replacement (so we stop bumping and wait).
 */
export function bumpedFeeRate(
  currentSatPerKvb: number,
  estimateSatPerKvb: number | null,
  maxSatPerKvb: number,
): number | null {
  const minimum = currentSatPerKvb + MIN_BUMP_SAT_KVB;
  const wanted = Math.max(
    estimateSatPerKvb ?? 0,
    Math.ceil(currentSatPerKvb * BUMP_FACTOR),
    minimum,
  );
  const capped = Math.min(wanted, maxSatPerKvb);
  return capped < minimum ? null : capped;
}
