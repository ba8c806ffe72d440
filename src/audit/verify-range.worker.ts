import { parentPort, workerData } from 'node:worker_threads';
import type { DatabaseConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { ChainRange, RangeCheck } from './verify-range.js';
import { checkChainRangeIn } from './verify-range-copy.js';

/** What verify-chain.ts hands one worker: its own connection's settings and its range. */
export interface RangeWorkerInput {
  readonly database: DatabaseConfig;
  readonly range: ChainRange;
  readonly anchoredHashes: readonly (readonly [number, string])[];
}

/** What a worker posts back: its range's check, or the error that stopped it. */
export type RangeWorkerOutput =
  | { readonly ok: true; readonly check: RangeCheck }
  | { readonly ok: false; readonly error: string };

async function run(input: RangeWorkerInput): Promise<RangeWorkerOutput> {
  const db = openDatabase(input.database);
  try {
    const check = await checkChainRangeIn(
      db,
      input.database,
      input.range,
      new Map(input.anchoredHashes),
    );
    return { ok: true, check };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await db.destroy();
  }
}

if (parentPort !== null) {
  const port = parentPort;
  void run(workerData as RangeWorkerInput).then((output) => port.postMessage(output));
}
