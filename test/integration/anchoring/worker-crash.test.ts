import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANCHOR_LEASE_MS,
  createAnchorLock,
  PostgresAnchorLock,
  type AnchorLock,
} from '../../../src/anchoring/anchor-lock.js';
import { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import type {
  AnchorBackend,
  BackendSubmission,
} from '../../../src/anchoring/backends/anchor-backend.js';
import { DetachedTimestampFile, EsploraSource, verifyTimestamp } from '../../../verifier/index.js';
import { DIALECTS } from '../../helpers/test-database.js';
import {
  allSubmissions,
  downloadProof,
  expectNothingLostNothingTwice,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TEN_MINUTES = 600_000;

/** Where a worker dies: the step's promise never settles, so nothing after it ever runs. */
type CrashPoint = 'before-submit' | 'after-submit-before-store' | 'during-upgrade';

/** Every backend call, by backend and root, across all workers of a test. */
class CallLog {
  readonly calls: string[] = [];
  count(kind: string, backend: string, root: Buffer): number {
    return this.calls.filter((call) => call === `${kind} ${backend} ${root.toString('hex')}`)
      .length;
  }
  prepares(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls.filter((entry) => entry.startsWith('prepare '))) {
      counts.set(call, (counts.get(call) ?? 0) + 1);
    }
    return counts;
  }
}

/** A real backend, logged, that can be told to die at one point. */
class CrashableBackend implements AnchorBackend {
  readonly name: string;
  crashed: Promise<void>;
  private reached: () => void = () => undefined;

  constructor(
    private readonly inner: AnchorBackend,
    private readonly log: CallLog,
    private readonly crashAt: CrashPoint | null,
  ) {
    this.name = inner.name;
    this.crashed = new Promise((resolve) => {
      this.reached = resolve;
    });
  }

  private die(): Promise<never> {
    this.reached();
    return new Promise<never>(() => undefined);
  }

  async prepare(root: Buffer): Promise<BackendSubmission> {
    this.log.calls.push(`prepare ${this.name} ${root.toString('hex')}`);
    return this.inner.prepare(root);
  }

  async submit(root: Buffer, prepared: BackendSubmission): Promise<BackendSubmission> {
    this.log.calls.push(`submit ${this.name} ${root.toString('hex')}`);
    if (this.crashAt === 'before-submit') return this.die();
    const sent = await this.inner.submit(root, prepared);
    if (this.crashAt === 'after-submit-before-store') return this.die();
    return sent;
  }

  async upgrade(root: Buffer, current: BackendSubmission): Promise<BackendSubmission> {
    this.log.calls.push(`upgrade ${this.name} ${root.toString('hex')}`);
    const upgraded = await this.inner.upgrade(root, current);
    if (this.crashAt === 'during-upgrade') return this.die();
    return upgraded;
  }
}

for (const dialect of DIALECTS) {
  describe(`the anchoring worker killed at any step loses nothing and anchors nothing twice (${dialect})`, () => {
    let stand: AnchoringStand;
    const log = new CallLog();

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
    });
    afterAll(async () => stand.close());

    function newWorker(crashAt: CrashPoint | null): {
      worker: AnchorWorker;
      lock: AnchorLock;
      backends: CrashableBackend[];
    } {
      const { platform } = stand;
      const backends = stand.backends().map((inner) => new CrashableBackend(inner, log, crashAt));
      const lock = createAnchorLock(
        platform.ctx.db,
        platform.config.database,
        `test-${Math.random()}`,
        platform.ctx.now,
      );
      const worker = new AnchorWorker(platform.ctx.db, {
        backends,
        lock,
        settings: platform.config.anchoring,
        headers: platform.ctx.bitcoinHeaders,
        now: platform.ctx.now,
      });
      return { worker, lock, backends };
    }

    /** Kills a worker stuck at its crash point as a crash would: its lock goes with it. */
    async function kill(lock: AnchorLock): Promise<void> {
      if (lock instanceof PostgresAnchorLock) {
        const pid = await lock.session.backendPid();
        await sql`select pg_terminate_backend(${pid})`.execute(stand.platform.ctx.db);
      } else {
        stand.platform.clock.advance(ANCHOR_LEASE_MS + 1_000);
      }
    }

    /** A crashed worker, then a fresh one that finishes its work. */
    async function crashThenRecover(crashAt: CrashPoint): Promise<void> {
      const doomed = newWorker(crashAt);
      void doomed.worker.tick();
      await Promise.race(doomed.backends.map((backend) => backend.crashed));
      await kill(doomed.lock);
      const fresh = newWorker(null);
      const summary = await fresh.worker.tick();
      expect(summary.leader).toBe(true);
      await fresh.worker.stop();
    }

    it('killed before submit: the fresh worker submits the stored prepared state, never prepares again', async () => {
      await issueAndActivate(stand, 2);
      stand.platform.clock.advance(TEN_MINUTES);
      await crashThenRecover('before-submit');
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => row.status)).toEqual(['pending', 'pending']);
      const root = Buffer.from(rows[0]?.root ?? '', 'hex');
      for (const backend of stand.backends())
        expect(log.count('prepare', backend.name, root)).toBe(1);
      for (const calendar of stand.calendars) expect(calendar.posted).toEqual([rows[0]?.root]);
      await expectNothingLostNothingTwice(stand.platform);
    });

    it('killed after the calendar got the root but before storing its answer: the root is posted again, that is all', async () => {
      await issueAndActivate(stand, 2);
      stand.platform.clock.advance(TEN_MINUTES);
      await crashThenRecover('after-submit-before-store');
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => row.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      const secondRoot = rows[2]?.root ?? '';
      const [first, second] = stand.calendars;
      expect(first?.posted.filter((root) => root === secondRoot)).toHaveLength(2);
      expect(second?.posted.filter((root) => root === secondRoot)).toHaveLength(1);
      expect([...log.prepares().values()].every((count) => count === 1)).toBe(true);
      await expectNothingLostNothingTwice(stand.platform);
    });

    it('killed during an upgrade: the upgrade is asked again and the batches end anchored; every proof verifies', async () => {
      for (const calendar of stand.calendars) calendar.confirm();
      stand.platform.clock.advance(TEN_MINUTES);
      const root = Buffer.from((await allSubmissions(stand.platform))[0]?.root ?? '', 'hex');
      const firstCalendar = stand.backends()[0]?.name ?? '';
      const before = log.count('upgrade', firstCalendar, root);
      await crashThenRecover('during-upgrade');
      // The upgrade the dead worker fetched was lost with it; the fresh worker asked again.
      expect(log.count('upgrade', firstCalendar, root)).toBe(before + 2);
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => row.batchStatus)).toEqual([
        'anchored',
        'anchored',
        'anchored',
        'anchored',
      ]);
      expect([...log.prepares().values()].every((count) => count === 1)).toBe(true);
      await expectNothingLostNothingTwice(stand.platform);
      const documents = await stand.platform.ctx.db
        .selectFrom('documents')
        .select(['publicId', 'pdfSha256'])
        .execute();
      expect(documents).toHaveLength(4);
      for (const document of documents) {
        const download = await downloadProof(stand.platform, document.publicId);
        expect(download.status).toBe(200);
        const check = await verifyTimestamp(
          DetachedTimestampFile.deserialize(download.raw),
          Buffer.from(document.pdfSha256 ?? '', 'hex'),
          new EsploraSource(stand.esplora.url),
        );
        expect(check.status).toBe('verified');
      }
    });
  });

  describe(`certa worker SIGKILLed while a calendar has its root (${dialect})`, () => {
    let stand: AnchoringStand;
    let child: ChildProcess | null = null;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
    });
    afterAll(async () => {
      child?.kill('SIGKILL');
      await stand.close();
    });

    it('a fresh worker takes over (lock freed by the crash) and finishes the same batch', async () => {
      await issueAndActivate(stand, 2);
      const [first, second] = stand.calendars;
      if (first === undefined || second === undefined) throw new Error('no calendars');
      second.behaviour = 'hang';
      const { database } = stand.platform.config;
      child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? ROOT,
          DATA_DIR: stand.platform.dataDir,
          DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
          ANCHOR_BACKENDS: 'calendars',
          ANCHOR_CALENDARS: stand.calendars.map((calendar) => calendar.url).join(','),
          ANCHOR_INTERVAL_SECONDS: '1',
          BITCOIN_HEADER_SOURCE: `esplora:${stand.esplora.url}`,
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 40_000;
      while (second.posted.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(second.posted).toHaveLength(1);
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));

      const stored = await allSubmissions(stand.platform);
      expect(stored.map((row) => row.status)).toEqual(['pending', 'prepared']);

      second.behaviour = 'ok';
      stand.platform.clock.advance(ANCHOR_LEASE_MS + 1_000);
      const worker = stand.worker();
      expect((await worker.tick()).leader).toBe(true);
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => [row.status, row.batchStatus])).toEqual([
        ['pending', 'pending'],
        ['pending', 'pending'],
      ]);
      expect(second.posted).toEqual([rows[0]?.root, rows[0]?.root]);
      expect(first.posted).toEqual([rows[0]?.root]);
      await expectNothingLostNothingTwice(stand.platform);
    });
  });
}
