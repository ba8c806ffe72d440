import { setImmediate } from 'node:timers/promises';

/**
 * Rows read and checked between two turns of the event loop. Reading a row (csv-parse through
 * an async iterator), mapping and keying it are synchronous and cost about 0.1 ms; an async
 * iterator settles in microtasks and never lets a request in, so a 20,000-row file would hold
 * the server for seconds. Every 100 rows the batch steps aside (a few milliseconds apart).
 */
export const ROWS_PER_TURN = 100;

/** Documents encrypted (DEK, record, wraps, e-mail) between two turns: about 0.4 ms each. */
export const DOCUMENTS_PER_TURN = 20;

/**
 * Lets the requests waiting on the event loop (health checks, activations, the console) run
 * before the batch goes on (issue 12: the platform keeps serving during a batch).
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
