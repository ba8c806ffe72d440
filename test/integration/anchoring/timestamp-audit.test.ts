import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BitcoinBlockHeaderAttestation,
  DetachedTimestampFile,
  EsploraSource,
  verifyTimestamp,
  type Timestamp,
} from '../../../verifier/index.js';
import type { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import {
  allSubmissions,
  downloadProof,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

/*
 * The three timestamp faults of the audit (issue 14): a contradicted attestation hidden behind
 * one the header source cannot check, a second calendar left pending once the first anchored the
 * batch, and a Bitcoin time earlier than the document.
 */

interface Report {
  valid: boolean;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
  anchor: { status: string; bitcoinHeight: number | null; bitcoinTime: string | null } | null;
}

const TEN_MINUTES = 600_000;

async function timeCheck(stand: AnchoringStand, sha256: string) {
  const response = await call<Report>(stand.platform.baseUrl, 'POST', '/api/verify', {
    json: { sha256 },
  });
  expect(response.status).toBe(200);
  return response.body.checks.find((check) => check.id === 'time');
}

function bitcoinAttestations(proof: Buffer): BitcoinBlockHeaderAttestation[] {
  const found: BitcoinBlockHeaderAttestation[] = [];
  const visit = (node: Timestamp): void => {
    for (const attestation of node.attestations)
      if (attestation instanceof BitcoinBlockHeaderAttestation) found.push(attestation);
    for (const child of node.ops.values()) visit(child);
  };
  visit(DetachedTimestampFile.deserialize(proof).timestamp);
  return found;
}

for (const dialect of DIALECTS) {
  describe(`timestamp audit fixes (${dialect})`, () => {
    let stand: AnchoringStand;
    let document: { documentId: string; sha256: string };
    let proof: Buffer;
    // One worker for the whole file: on PostgreSQL it keeps its advisory lock until closed.
    let worker: AnchorWorker;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect, { calendars: 2, minCalendars: 1 });
      const [first] = await issueAndActivate(stand, 1);
      if (first === undefined) throw new Error('no document');
      document = first;
      worker = stand.worker();
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      // Only the first calendar confirms: the batch is anchored through it.
      stand.calendars[0]?.confirm({ height: 900_001 });
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      proof = (await downloadProof(stand.platform, document.documentId)).raw;
    });
    afterAll(async () => stand.close());

    it('keeps upgrading the calendar still pending after another anchored the batch, and serves both Bitcoin attestations', async () => {
      expect(bitcoinAttestations(proof).map((a) => a.height)).toEqual([900_001]);
      const before = await allSubmissions(stand.platform);
      expect(before.map((row) => row.status).sort()).toEqual(['complete', 'pending']);

      stand.calendars[1]?.confirm({ height: 900_002 });
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();

      const after = await allSubmissions(stand.platform);
      expect(after.map((row) => row.status).sort()).toEqual(['complete', 'complete']);
      const upgraded = (await downloadProof(stand.platform, document.documentId)).raw;
      expect(
        bitcoinAttestations(upgraded)
          .map((a) => a.height)
          .sort(),
      ).toEqual([900_001, 900_002]);
      const verdict = await verifyTimestamp(
        DetachedTimestampFile.deserialize(upgraded),
        Buffer.from(document.sha256, 'hex'),
        new EsploraSource(stand.esplora.url),
      );
      expect(verdict.status).toBe('verified');
    });

    it('a contradicted attestation fails the proof even beside one at a height the header source does not know', async () => {
      const file = DetachedTimestampFile.deserialize(proof);
      const visit = (node: Timestamp): void => {
        node.attestations.forEach((attestation, index) => {
          if (attestation instanceof BitcoinBlockHeaderAttestation) {
            // Names the next block (which has another root), and adds a claim on a block the
            // source has never heard of.
            node.attestations[index] = new BitcoinBlockHeaderAttestation(attestation.height + 1);
            node.attestations.push(new BitcoinBlockHeaderAttestation(5_000_000));
          }
        });
        for (const child of node.ops.values()) visit(child);
      };
      visit(file.timestamp);
      const tampered = DetachedTimestampFile.deserialize(file.serialize());
      const verdict = await verifyTimestamp(
        tampered,
        Buffer.from(document.sha256, 'hex'),
        new EsploraSource(stand.esplora.url),
      );
      expect(verdict.attestations.map((check) => check.status)).toContain('unknown');
      expect(verdict.status).toBe('failed');
    });

    it('a Bitcoin time earlier than the issuance is reported as inconsistent, not as a time', async () => {
      const [late] = await issueAndActivate(stand, 1);
      if (late === undefined) throw new Error('no document');
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      const issued = stand.platform.clock.now().getTime();
      // Both calendars' blocks claim a time ten days before the document existed.
      const tenDaysEarlier = Math.floor(issued / 1000) - 10 * 86_400;
      stand.calendars[0]?.confirm({ height: 900_101, time: tenDaysEarlier });
      stand.calendars[1]?.confirm({ height: 900_102, time: tenDaysEarlier });
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      const check = await timeCheck(stand, late.sha256);
      expect(check).toMatchObject({ status: 'failed', code: 'time_inconsistent' });
      expect(check?.message).toMatch(/before the document was issued/);
      // The first document's blocks are after its issuance: its time still passes.
      expect(await timeCheck(stand, document.sha256)).toMatchObject({
        status: 'passed',
        code: 'anchored_in_bitcoin',
      });
    });
  });
}
