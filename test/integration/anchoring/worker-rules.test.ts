import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnchorLock, type AnchorLock } from '../../../src/anchoring/anchor-lock.js';
import { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import type {
  AnchorBackend,
  BackendSubmission,
} from '../../../src/anchoring/backends/anchor-backend.js';
import { BitcoinAnchorConflictError } from '../../../src/anchoring/backends/bitcoin-rpc-backend.js';
import { updateSubmission } from '../../../src/db/repositories/anchoring.repository.js';
import {
  BitcoinBlockHeaderAttestation,
  OpAppend,
  OpSha256,
  PendingAttestation,
  Timestamp,
} from '../../../verifier/index.js';
import { DIALECTS } from '../../helpers/test-database.js';
import {
  allSubmissions,
  expectNothingLostNothingTwice,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

const TEN_MINUTES = 600_000;
const HOUR = 3_600_000;

/** A scripted backend: each step answers what the test says. */
class ScriptedBackend implements AnchorBackend {
  readonly calls: string[] = [];
  submitAnswer: (root: Buffer) => BackendSubmission | Promise<never> = (root) => pendingAt(root);
  upgradeAnswer: (root: Buffer, current: BackendSubmission) => BackendSubmission | Promise<never> =
    (_root, current) => current;

  constructor(readonly name: string) {}

  async prepare(root: Buffer): Promise<BackendSubmission> {
    this.calls.push(`prepare ${root.toString('hex')}`);
    return { status: 'prepared', state: '{}', timestamp: null, bitcoin: null };
  }
  async submit(root: Buffer): Promise<BackendSubmission> {
    this.calls.push(`submit ${root.toString('hex')}`);
    return this.submitAnswer(root);
  }
  async upgrade(root: Buffer, current: BackendSubmission): Promise<BackendSubmission> {
    this.calls.push(`upgrade ${root.toString('hex')}`);
    return this.upgradeAnswer(root, current);
  }
}

function pendingAt(root: Buffer): BackendSubmission {
  const stamp = new Timestamp(root);
  stamp
    .add(new OpAppend(Buffer.from('0badc0de', 'hex')))
    .add(new OpSha256())
    .addAttestation(new PendingAttestation('https://scripted.example'));
  return { status: 'pending', state: '{}', timestamp: Buffer.from(stamp.toBytes()), bitcoin: null };
}

for (const dialect of DIALECTS) {
  describe(`anchoring worker rules (${dialect})`, () => {
    let stand: AnchoringStand;
    const locks: AnchorLock[] = [];

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect, { calendars: 1, minCalendars: 1 });
    });
    afterAll(async () => {
      for (const lock of locks) await lock.release();
      await stand.close();
    });

    function workerWith(backend: AnchorBackend, owner = `rules-${Math.random()}`): AnchorWorker {
      const { platform } = stand;
      const lock = createAnchorLock(
        platform.ctx.db,
        platform.config.database,
        owner,
        platform.ctx.now,
      );
      locks.push(lock);
      return new AnchorWorker(platform.ctx.db, {
        backends: [backend],
        lock,
        settings: { ...platform.config.anchoring, minCalendars: 1 },
        headers: platform.ctx.bitcoinHeaders,
        now: platform.ctx.now,
        random: () => 0.5,
      });
    }

    it('only one worker anchors at a time; the other takes over once the first stops', async () => {
      const backend = new ScriptedBackend('scripted');
      const first = workerWith(backend);
      const second = workerWith(backend);
      expect((await first.tick()).leader).toBe(true);
      expect((await second.tick()).leader).toBe(false);
      expect((await first.tick()).leader).toBe(true);
      await first.stop();
      expect((await second.tick()).leader).toBe(true);
      expect((await first.tick()).leader).toBe(false);
      await second.stop();
    });

    it('a backend answer that is not a readable timestamp is refused: nothing stored, retried later', async () => {
      const backend = new ScriptedBackend('scripted-garbage');
      backend.submitAnswer = () => ({
        status: 'pending',
        state: '{}',
        timestamp: Buffer.from('not a timestamp'),
        bitcoin: null,
      });
      const worker = workerWith(backend);
      await issueAndActivate(stand, 1);
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary).toMatchObject({ batchesCreated: 1, failures: 1 });
      const [row] = (await allSubmissions(stand.platform)).filter(
        (submission) => submission.backend === 'scripted-garbage',
      );
      expect(row).toMatchObject({
        status: 'prepared',
        attempts: 1,
        lastError: 'backend_bad_result',
      });

      // A complete answer whose Bitcoin attestation its block contradicts is refused too.
      backend.submitAnswer = (root) => {
        const stamp = new Timestamp(root);
        stamp.add(new OpSha256()).addAttestation(new BitcoinBlockHeaderAttestation(1));
        stand.esplora.blocks.set(1, {
          height: 1,
          hash: 'ab'.repeat(32),
          merkleRoot: 'cd'.repeat(32),
          time: 1_231_469_665,
        });
        return {
          status: 'complete',
          state: '{}',
          timestamp: Buffer.from(stamp.toBytes()),
          bitcoin: { height: 1, time: 1_231_469_665 },
        };
      };
      stand.platform.clock.advance(HOUR);
      await worker.tick();
      const [again] = (await allSubmissions(stand.platform)).filter(
        (submission) => submission.backend === 'scripted-garbage',
      );
      expect(again).toMatchObject({
        status: 'prepared',
        attempts: 2,
        lastError: 'invalid_attestation',
      });
      expect(again?.batchStatus).toBe('queued');
      await worker.stop();
    });

    it('a transaction that lost to a conflicting one is prepared anew (the one case for a second prepare)', async () => {
      const backend = new ScriptedBackend('scripted-conflict');
      const worker = workerWith(backend);
      await issueAndActivate(stand, 1);
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      const rows = () =>
        allSubmissions(stand.platform).then((all) =>
          all.filter((submission) => submission.backend === 'scripted-conflict'),
        );
      const root = (await rows()).at(-1)?.root ?? '';
      expect((await rows()).at(-1)?.status).toBe('pending');
      backend.upgradeAnswer = () =>
        Promise.reject(new BitcoinAnchorConflictError(['aa'.repeat(32)]));
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      expect((await rows()).at(-1)).toMatchObject({
        status: 'new',
        lastError: 'transaction_conflict',
        attempts: 1,
      });
      stand.platform.clock.advance(HOUR);
      await worker.tick();
      expect((await rows()).at(-1)?.status).toBe('pending');
      expect(backend.calls.filter((call) => call === `prepare ${root}`)).toHaveLength(2);
      await worker.stop();
      await expectNothingLostNothingTwice(stand.platform);
    });

    it('a stale writer cannot overwrite a newer state', async () => {
      const [row] = await stand.platform.ctx.db
        .selectFrom('anchorSubmissions')
        .select(['id', 'version', 'status'])
        .orderBy('id')
        .limit(1)
        .execute();
      if (row === undefined) throw new Error('no submission');
      const now = new Date().toISOString();
      expect(
        await updateSubmission(stand.platform.ctx.db, row.id, row.version - 1, {
          status: 'new',
          updatedAt: now,
        }),
      ).toBe(false);
      expect(
        await updateSubmission(stand.platform.ctx.db, row.id, row.version, {
          lastErrorMessage: null,
          updatedAt: now,
        }),
      ).toBe(true);
    });
  });
}
