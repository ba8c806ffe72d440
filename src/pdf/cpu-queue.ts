import { AppError } from '../errors.js';

export interface CpuQueueOptions {
  /** Jobs running at once (interleaved on the event loop between their awaits). */
  readonly concurrency: number;
  /** Jobs waiting beyond this many are refused at once with UNAVAILABLE. */
  readonly maxWaiting: number;
  /** What a refusal tells the client to wait, in seconds. */
  readonly retryAfterSeconds: number;
}

/**
 * A bounded queue for CPU-heavy work — parsing an uploaded PDF, rendering and signing one — so
 * that a burst of it cannot stall every other request (issue 11 #4). At most `concurrency` jobs
 * run; each starts from a fresh macrotask (setImmediate), so pending I/O — a cheap GET — gets the
 * event loop between two jobs; when `maxWaiting` wait already, the next is refused with
 * `UNAVAILABLE` (HTTP 503 and Retry-After) instead of queueing for ever.
 */
export class CpuQueue {
  readonly #options: CpuQueueOptions;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: CpuQueueOptions) {
    this.#options = options;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether the next job would be refused: callers can refuse before doing any other work. */
  get isFull(): boolean {
    return (
      this.#running >= this.#options.concurrency && this.#waiting.length >= this.#options.maxWaiting
    );
  }

  /** The refusal {@link run} throws when full. */
  busyError(): AppError {
    return new AppError(
      'UNAVAILABLE',
      'The platform is busy with other documents; try again in a few seconds.',
      { details: { retryAfterSeconds: this.#options.retryAfterSeconds } },
    );
  }

  /** Runs `job` when a slot is free; throws UNAVAILABLE at once when the queue is full. */
  async run<T>(job: () => Promise<T> | T): Promise<T> {
    if (this.#running >= this.#options.concurrency) {
      if (this.#waiting.length >= this.#options.maxWaiting) throw this.busyError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await job();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next job; otherwise it is freed.
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}

/**
 * The process's queue for PDF parsing, rendering and signing: one job at a time per core this
 * machine's event loop can give it (one), 32 waiting.
 */
export const pdfWork = new CpuQueue({ concurrency: 1, maxWaiting: 32, retryAfterSeconds: 5 });
