import fs from 'node:fs';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * Paths that could ever carry personal data or secrets. Request bodies are never logged at all
 * (see the serializers); this list is the second line of defence for anything logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.email',
  '*.name',
  '*.recipient',
  '*.recipientName',
  '*.recipientEmail',
  '*.fields',
  '*.recoveryKey',
  '*.key',
];

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
}

/** Requests are logged by method, path (no query) and id; never headers, address or body. */
function serializeRequest(request: RequestLike): Record<string, unknown> {
  return { id: request.id, method: request.method, path: (request.url ?? '').split('?')[0] };
}

function serializeResponse(reply: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

/** How a log destination writes: `fs.write`, or a stand-in that fails like a full disk. */
export type WriteFunction = (
  fd: number,
  data: Buffer,
  done: (error: NodeJS.ErrnoException | null, written: number) => void,
) => void;

export interface LogDestinationOptions {
  /** Lines waiting beyond this many bytes are dropped (default 4 MiB). */
  readonly maxQueuedBytes?: number;
  /** After a failed write (disk full, pipe gone) the next try waits this long (default 1 s). */
  readonly retryAfterMs?: number;
  readonly write?: WriteFunction;
}

/**
 * A log destination that never blocks serving and never throws (issue 11 #2): lines are queued
 * in memory and written by one asynchronous `fs.write` at a time. While the output cannot take
 * them (a full disk: ENOSPC; a full pipe: EAGAIN; a reader gone: EPIPE; any other error), the
 * chunk being written is dropped, the queue is capped, and a later write tries again; once
 * writing works, one line says how many were lost. Losing log lines is better than a server that
 * hangs (pino's synchronous destination sleeps and retries EAGAIN for ever) or dies on ENOSPC.
 */
export class NonBlockingLogDestination implements DestinationStream {
  readonly #fd: number;
  readonly #maxQueuedBytes: number;
  readonly #retryAfterMs: number;
  readonly #write: WriteFunction;
  #queue: Buffer[] = [];
  #queuedBytes = 0;
  #writing = false;
  #waiting: NodeJS.Timeout | null = null;
  /** Lines lost since the last successful write. */
  #dropped = 0;
  /** Lines lost since the start. */
  droppedTotal = 0;

  constructor(fd: number, options: LogDestinationOptions = {}) {
    this.#fd = fd;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? 4 * 1024 * 1024;
    this.#retryAfterMs = options.retryAfterMs ?? 1000;
    this.#write = options.write ?? ((descriptor, data, done) => fs.write(descriptor, data, done));
  }

  write(line: string): void {
    const data = Buffer.from(line, 'utf8');
    if (this.#queuedBytes + data.length > this.#maxQueuedBytes) {
      this.#drop(1);
      return;
    }
    this.#queue.push(data);
    this.#queuedBytes += data.length;
    this.#next();
  }

  /** Whether every queued line has been handed to the output (or dropped). */
  get idle(): boolean {
    return !this.#writing && this.#queue.length === 0;
  }

  #drop(lines: number): void {
    this.#dropped += lines;
    this.droppedTotal += lines;
  }

  #next(): void {
    if (this.#writing || this.#waiting !== null || this.#queue.length === 0) return;
    const lines = this.#queue.length;
    const announced = this.#dropped;
    if (announced > 0) {
      const notice = JSON.stringify({
        level: 40,
        time: Date.now(),
        msg: `${announced} log lines were dropped: the log output could not take them`,
      });
      this.#queue.unshift(Buffer.from(`${notice}\n`, 'utf8'));
    }
    const chunk = Buffer.concat(this.#queue);
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#writing = true;
    this.#writeAll(chunk, lines, announced);
  }

  #writeAll(chunk: Buffer, lines: number, announced: number): void {
    try {
      this.#write(this.#fd, chunk, (error, written) => {
        if (error === null && written < chunk.length) {
          this.#writeAll(chunk.subarray(written), lines, announced);
          return;
        }
        this.#writing = false;
        if (error !== null) {
          // The notice is not counted: it is made again, with the new total, next time.
          this.#drop(lines);
          this.#waiting = setTimeout(() => {
            this.#waiting = null;
            this.#next();
          }, this.#retryAfterMs);
          this.#waiting.unref();
          return;
        }
        this.#dropped -= announced;
        this.#next();
      });
    } catch {
      this.#writing = false;
      this.#drop(lines);
    }
  }
}

/** Creates the process logger; tests pass a destination to read every line. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeResponse },
    base: undefined,
  };
  return pino(options, destination ?? new NonBlockingLogDestination(1));
}
