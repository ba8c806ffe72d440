import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { CpuQueue } from './cpu-queue.js';

const busy = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe('the CPU work queue (issue 11 #4)', () => {
  it('runs at most `concurrency` jobs, refuses past `maxWaiting` with UNAVAILABLE and Retry-After', async () => {
    const queue = new CpuQueue({ concurrency: 1, maxWaiting: 3, retryAfterSeconds: 5 });
    let active = 0;
    let most = 0;
    const job = async () => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
      return 'done';
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => queue.run(job)));
    expect(most).toBe(1);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect((refused as PromiseRejectedResult).reason).toMatchObject({
      code: 'UNAVAILABLE',
      details: { retryAfterSeconds: 5 },
    });
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it('lets a timer (a cheap request) run between two queued CPU-bound jobs', async () => {
    const queue = new CpuQueue({ concurrency: 1, maxWaiting: 10, retryAfterSeconds: 5 });
    const order: string[] = [];
    const jobs = Array.from({ length: 4 }, (_, index) =>
      queue.run(() => {
        busy(20);
        order.push(`job${index}`);
      }),
    );
    setTimeout(() => order.push('timer'), 0);
    await Promise.all(jobs);
    expect(order.indexOf('timer')).toBeLessThan(3);
  });
});
