import { performance } from 'node:perf_hooks';
import { tick } from './watchdog.js';

/** Distribution of a set of samples (milliseconds unless stated otherwise). */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The `p`-th percentile (0..100) of ascending `sorted` samples, nearest-rank method: the
 * smallest sample such that at least p % of the samples are ≤ it. NaN for no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(Math.max(rank, 1), sorted.length) - 1;
  return sorted[index] ?? Number.NaN;
}

/** Count, min, mean, p50, p90, p99 and max of `samples` (any order). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Runs `work` and returns its result with the wall-clock time it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/**
 * Runs `task(i)` for i = 0..count-1 with at most `concurrency` calls in flight and returns the
 * latency of each call (ms) plus the wall-clock time of the whole batch (ms). A failure stops
 * the batch and is rethrown.
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = new Array<number>(count).fill(0);
  let next = 0;
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      const begin = performance.now();
      await task(index);
      latencies[index] = performance.now() - begin;
      tick();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  return { latencies, wallMs: performance.now() - start };
}

/** Rounds to `digits` decimals (for reports; NaN stays NaN). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
