import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import { createJobRunner } from '../../../src/jobs/job-runner.js';
import { jobsStatusLines } from '../../../src/jobs/list-jobs.js';
import { ensureRetentionJob, RETENTION_JOB } from '../../../src/privacy/retention.js';
import { newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * The daily `retention.run` job is queued again for the next day whatever happens to a run: a run
 * that fails three times is left `failed` with its reason (shown by `certa worker --status`) and
 * tomorrow's run is waiting anyway. Time is the injected clock.
 */

for (const dialect of DIALECTS) {
  describe(`the retention schedule survives failed runs (${dialect})`, () => {
    let platform: TestPlatform;

    const retentionJobs = async () =>
      (
        await platform.ctx.db
          .selectFrom('jobs')
          .select(['id', 'state', 'runAfter', 'attempts', 'lastError'])
          .where('kind', '=', RETENTION_JOB)
          .orderBy('id')
          .execute()
      ).map((job) => ({ ...job, runAfter: new Date(job.runAfter).toISOString() }));
    const moveClockTo = (iso: string) =>
      platform.clock.advance(Date.parse(iso) + 1000 - platform.clock.now().getTime());

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'Schedule College');
      const organisation = await platform.ctx.db
        .selectFrom('organisations')
        .select('id')
        .where('publicId', '=', issuer.organisationId)
        .executeTakeFirstOrThrow();
      await platform.ctx.db.deleteFrom('jobs').where('kind', '=', RETENTION_JOB).execute();
      await platform.ctx.db
        .insertInto('retentionRules')
        .values({
          organisationId: organisation.id,
          pendingMonths: 6,
          activatedYears: null,
          updatedAt: platform.ctx.now().toISOString(),
        })
        .execute();
    });
    afterAll(async () => {
      platform.clock.reset();
      await platform.close();
    });

    it('three failed tries leave the run failed, with its reason, and the next day’s run queued', async () => {
      await ensureRetentionJob(platform.ctx.db, platform.ctx.now());
      const [first] = await retentionJobs();
      if (first === undefined) throw new Error('no retention job queued');
      expect(first.runAfter).toMatch(/T03:00:00\.000Z$/);
      // Every run fails: the table its counts go to is gone.
      await sql`alter table retention_runs rename to retention_runs_away`.execute(platform.ctx.db);
      const runner = createJobRunner(platform.ctx, { handlers: JOB_HANDLERS, concurrency: 1 });
      try {
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const current = (await retentionJobs()).find((job) => job.id === first.id);
          if (current === undefined) throw new Error('the job vanished');
          moveClockTo(current.runAfter);
          await runner.drain();
        }
      } finally {
        await sql`alter table retention_runs_away rename to retention_runs`.execute(
          platform.ctx.db,
        );
      }
      const jobs = await retentionJobs();
      expect(jobs).toHaveLength(2);
      expect(jobs[0]).toMatchObject({ id: first.id, state: 'failed', attempts: 3 });
      const nextDay = new Date(Date.parse(first.runAfter) + 24 * 3600_000).toISOString();
      expect(jobs[1]).toMatchObject({ state: 'queued', runAfter: nextDay });
      const status = (await jobsStatusLines(platform.ctx)).join('\n');
      expect(status).toContain(`job ${first.id} ${RETENTION_JOB}: failed after 3 tries`);

      // The next day's run works again and queues the one after.
      moveClockTo(nextDay);
      await runner.drain();
      const after = await retentionJobs();
      expect(after.map((job) => job.state)).toEqual(['failed', 'succeeded', 'queued']);
      expect(after[2]?.runAfter).toBe(new Date(Date.parse(nextDay) + 24 * 3600_000).toISOString());
      const runs = await platform.ctx.db.selectFrom('retentionRuns').selectAll().execute();
      expect(runs).toHaveLength(1);
    }, 60_000);
  });
}
