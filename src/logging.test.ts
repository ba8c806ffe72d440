import { describe, expect, it, vi } from 'vitest';
import { NonBlockingLogDestination } from './logging.js';
import type { WriteFunction } from './logging.js';

function failure(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** A write function whose outcome the test decides: fail with a code, or take everything. */
function controlledOutput() {
  const written: string[] = [];
  let failWith: string | null = null;
  let calls = 0;
  const write: WriteFunction = (_fd, data, done) => {
    calls += 1;
    setImmediate(() => {
      if (failWith !== null) done(failure(failWith), 0);
      else {
        written.push(data.toString('utf8'));
        done(null, data.length);
      }
    });
  };
  return {
    write,
    written,
    get calls() {
      return calls;
    },
    fail(code: string | null) {
      failWith = code;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the non-blocking log destination', () => {
  for (const code of ['ENOSPC', 'EAGAIN', 'EPIPE', 'EIO']) {
    it(`drops lines on ${code} without throwing or retrying in a loop, then says how many were lost`, async () => {
      const output = controlledOutput();
      const destination = new NonBlockingLogDestination(99, {
        write: output.write,
        retryAfterMs: 10,
      });
      output.fail(code);
      for (let line = 0; line < 1000; line += 1) destination.write(`{"line":${line}}\n`);
      await vi.waitFor(() => expect(destination.droppedTotal).toBe(1000));
      // A few tries spaced by the retry delay, not one per line or a busy loop.
      expect(output.calls).toBeLessThan(10);
      output.fail(null);
      destination.write('{"line":"after"}\n');
      await vi.waitFor(() => expect(destination.idle).toBe(true));
      const text = output.written.join('');
      expect(text).toContain('1000 log lines were dropped');
      expect(text).toContain('{"line":"after"}');
    });
  }

  it('caps what waits in memory while a write is slow', async () => {
    let pending: (() => void) | null = null;
    const destination = new NonBlockingLogDestination(99, {
      maxQueuedBytes: 100,
      write: (_fd, data, done) => {
        pending = () => done(null, data.length);
      },
    });
    destination.write('first\n');
    for (let line = 0; line < 100; line += 1) destination.write('0123456789\n');
    expect(destination.droppedTotal).toBe(91);
    (pending as (() => void) | null)?.();
    await settle();
  });

  it('finishes partial writes', async () => {
    const written: Buffer[] = [];
    const destination = new NonBlockingLogDestination(99, {
      write: (_fd, data, done) => {
        const part = data.subarray(0, 3);
        written.push(Buffer.from(part));
        setImmediate(() => done(null, part.length));
      },
    });
    destination.write('hello world\n');
    await settle();
    expect(Buffer.concat(written).toString('utf8')).toBe('hello world\n');
    expect(destination.idle).toBe(true);
  });
});
