import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimNextJob, findJob } from '../../../src/db/repositories/job.repository.js';
import { AppError } from '../../../src/errors.js';
import { enqueueJob } from '../../../src/jobs/enqueue-job.js';
import type { ClaimedJob, JobHandler } from '../../../src/jobs/job.js';
import { createJobRunner, failureReason, jobRetryDelayMs } from '../../../src/jobs/job-runner.js';
import { jobsStatusLines, listJobs } from '../../../src/jobs/list-jobs.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

describe('job retry delay', () => {
  it('doubles from 5 s with equal jitter, capped at one hour', () => {
    expect(jobRetryDelayMs(1, () => 0)).toBe(2_500);
    expect(jobRetryDelayMs(1, () => 1)).toBe(5_000);
    expect(jobRetryDelayMs(3, () => 1)).toBe(20_000);
    expect(jobRetryDelayMs(40, () => 1)).toBe(3_600_000);
  });

  it('keeps the message of errors that are not AppErrors out of the reason', () => {
    const error = Object.assign(new Error('550 alice@example.org unknown'), { code: 'EENVELOPE' });
    expect(failureReason(error)).toBe('Error (EENVELOPE)');
    expect(failureReason(new AppError('UPSTREAM_FAILED', 'The relay is down.'))).toBe(
      'UPSTREAM_FAILED: The relay is down.',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`durable jobs (${dialect})`, () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
    });
    afterAll(async () => {
      platform.clock.reset();
      await platform.close();
    });

    it('stores a job only with the transaction that enqueued it', async () => {
      await expect(
        platform.ctx.db.transaction().execute(async (trx) => {
          await enqueueJob(trx, { kind: 'test.rolled-back', payload: { id: 1 } });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await listJobs(platform.ctx, { kind: 'test.rolled-back' })).toEqual([]);
    });

    it('runs a job once with its payload and marks it succeeded', async () => {
      const seen: ClaimedJob[] = [];
      const id = await enqueueJob(platform.ctx.db, {
        kind: 'test.ok',
        payload: { documentId: 'abc', count: 2, flag: true, none: null },
      });
      const runner = createJobRunner(platform.ctx, {
        handlers: { 'test.ok': (_ctx, job) => Promise.resolve(void seen.push(job)) },
      });
      expect(await runner.drain()).toBe(1);
      expect(await runner.drain()).toBe(0);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.payload).toEqual({ documentId: 'abc', count: 2, flag: true, none: null });
      expect(seen[0]?.attempt).toBe(1);
      const row = await findJob(platform.ctx.db, id);
      expect(row?.state).toBe('succeeded');
      expect(row?.finishedAt).not.toBeNull();
    });

    it('retries a failing job with backoff, then marks it failed with a safe reason', async () => {
      let calls = 0;
      const handler: JobHandler = () => {
        calls += 1;
        return Promise.reject(new Error('secret bob@example.org'));
      };
      const id = await enqueueJob(platform.ctx.db, {
        kind: 'test.failing',
        payload: {},
        maxAttempts: 3,
      });
      const runner = createJobRunner(platform.ctx, {
        handlers: { 'test.failing': handler },
        random: () => 1,
      });
      expect(await runner.drain()).toBe(1);
      let row = await findJob(platform.ctx.db, id);
      expect(row?.state).toBe('queued');
      expect(row?.attempts).toBe(1);
      expect(new Date(row?.runAfter ?? 0).getTime()).toBeGreaterThan(Date.now() + 4_000);
      // Not due yet: nothing runs.
      expect(await runner.drain()).toBe(0);
      platform.clock.advance(6_000);
      expect(await runner.drain()).toBe(1);
      platform.clock.advance(11_000);
      expect(await runner.drain()).toBe(1);
      row = await findJob(platform.ctx.db, id);
      expect(calls).toBe(3);
      expect(row?.state).toBe('failed');
      expect(row?.lastError).toBe('Error');
      expect(JSON.stringify(await listJobs(platform.ctx, { states: ['failed'] }))).not.toContain(
        'example.org',
      );
      expect((await jobsStatusLines(platform.ctx)).join('\n')).toMatch(
        /job \d+ test.failing: failed after 3 tries — Error/,
      );
    });

    it("takes over a dead runner's job once its lease has expired", async () => {
      const id = await enqueueJob(platform.ctx.db, { kind: 'test.orphan', payload: {} });
      const now = platform.ctx.now();
      const claimed = await claimNextJob(platform.ctx.db, {
        owner: 'dead-runner',
        now: now.toISOString(),
        leaseExpiresAt: new Date(now.getTime() + 60_000).toISOString(),
        kinds: ['test.orphan'],
      });
      expect(claimed?.id).toBe(id);
      let runs = 0;
      const runner = createJobRunner(platform.ctx, {
        handlers: { 'test.orphan': () => Promise.resolve(void (runs += 1)) },
      });
      expect(await runner.drain()).toBe(0);
      platform.clock.advance(61_000);
      expect(await runner.drain()).toBe(1);
      const row = await findJob(platform.ctx.db, id);
      expect(runs).toBe(1);
      expect(row?.state).toBe('succeeded');
      expect(row?.attempts).toBe(2);
    });

    it('leaves a kind it has no handler for to a runner that has one', async () => {
      const id = await enqueueJob(platform.ctx.db, { kind: 'test.elsewhere', payload: {} });
      const runner = createJobRunner(platform.ctx, {
        handlers: { 'test.other': () => Promise.resolve() },
      });
      expect(await runner.drain()).toBe(0);
      expect((await findJob(platform.ctx.db, id))?.state).toBe('queued');
    });

    it('never runs a job twice when several runners claim at once', async () => {
      const total = 40;
      for (let i = 0; i < total; i += 1)
        await enqueueJob(platform.ctx.db, { kind: 'test.shared', payload: { i } });
      const runs = new Map<number, number>();
      const handler: JobHandler = async (_ctx, job) => {
        runs.set(Number(job.payload.i), (runs.get(Number(job.payload.i)) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
      };
      const runners = [1, 2, 3].map(() =>
        createJobRunner(platform.ctx, { handlers: { 'test.shared': handler }, concurrency: 4 }),
      );
      await Promise.all(runners.map((runner) => runner.drain()));
      expect(runs.size).toBe(total);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
    });

    it('runs in the background once started, woken by an enqueue', async () => {
      let resolveRun: () => void = () => undefined;
      const ran = new Promise<void>((resolve) => (resolveRun = resolve));
      const runner = createJobRunner(platform.ctx, {
        handlers: { 'test.background': () => Promise.resolve(resolveRun()) },
        pollIntervalMs: 60_000,
      });
      runner.start();
      await enqueueJob(platform.ctx.db, { kind: 'test.background', payload: {} });
      runner.wake();
      await ran;
      await runner.stop();
    });
  });
}
