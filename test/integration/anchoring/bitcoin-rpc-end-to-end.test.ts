import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnchorWorker, type AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import {
  BitcoinCoreRpcSource,
  DetachedTimestampFile,
  formatOtsInfo,
  verifyTimestamp,
} from '../../../verifier/index.js';
import {
  startBitcoinCoreStandIn,
  type BitcoinCoreStandIn,
} from '../../helpers/bitcoin-core-stand-in.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  type TestIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { allSubmissions, downloadProof, expectNothingLostNothingTwice } from './anchoring-stand.js';
import { readWithReference } from './reference-client.js';

interface Report {
  valid: boolean;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
  anchor: { status: string; bitcoinHeight: number | null; bitcoinTime: string | null } | null;
}

for (const dialect of DIALECTS) {
  describe(`ANCHOR_BACKENDS=bitcoin-rpc: own OP_RETURN transaction through a Bitcoin Core stand-in (${dialect})`, () => {
    let node: BitcoinCoreStandIn;
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let worker: AnchorWorker;
    const documents: { documentId: string; sha256: string }[] = [];

    beforeAll(async () => {
      // Blocks dated from now on: a block older than the document would make its proof
      // inconsistent (the time check refuses a Bitcoin time before issuance).
      node = await startBitcoinCoreStandIn({ genesisTime: Math.floor(Date.now() / 1000) });
      const withCredentials = new URL(node.url);
      withCredentials.username = node.username;
      withCredentials.password = node.password;
      platform = await startTestPlatform(dialect, {
        ANCHOR_BACKENDS: 'bitcoin-rpc',
        BITCOIN_RPC_URL: withCredentials.toString(),
        BITCOIN_RPC_WALLET: node.wallet,
        BITCOIN_HEADER_SOURCE: `rpc:${withCredentials.toString()}`,
      });
      issuer = await newApprovedIssuer(platform, 'Institut du Nœud Bitcoin');
      const created = createAnchorWorker(platform.ctx, platform.config);
      if (created === null) throw new Error('no worker');
      worker = created;
    });
    afterAll(async () => {
      await worker.stop();
      await platform.close();
      await node.close();
    });

    it('issue and activate → batch → transaction sent → mined → the report shows the block', async () => {
      for (let i = 0; i < 3; i += 1) {
        const documentId = await issueOne(platform, issuer);
        const { sha256 } = await activate(platform, await activationLinkFor(platform, documentId));
        documents.push({ documentId, sha256 });
      }
      platform.clock.advance(600_000);
      const first = await worker.tick();
      expect(first).toMatchObject({ batchesCreated: 1, failures: 0 });
      expect(node.mempoolTxids()).toHaveLength(1);
      expect((await allSubmissions(platform)).map((row) => [row.backend, row.status])).toEqual([
        ['bitcoin-rpc', 'pending'],
      ]);
      const pending = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256: documents[0]?.sha256 },
      });
      expect(pending.body.anchor?.status).toBe('pending');
      expect(pending.body.checks.find((check) => check.id === 'time')?.code).toBe('anchor_pending');
      const notYet = await downloadProof(platform, documents[0]?.documentId ?? '');
      expect(notYet.status).toBe(409);
      expect((notYet.body as { error: { message: string } }).error.message).toMatch(
        /waits for a block/,
      );

      node.mine(1);
      const block = node.blockAt(node.height());
      platform.clock.advance(600_000);
      const second = await worker.tick();
      expect(second.failures).toBe(0);
      expect((await allSubmissions(platform)).map((row) => row.batchStatus)).toEqual(['anchored']);

      for (const document of documents) {
        const report = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
          json: { sha256: document.sha256 },
        });
        expect(report.body.valid).toBe(true);
        expect(report.body.checks.find((check) => check.id === 'time')).toMatchObject({
          status: 'passed',
          code: 'anchored_in_bitcoin',
        });
        expect(report.body.anchor).toMatchObject({
          status: 'anchored',
          bitcoinHeight: block.height,
          bitcoinTime: new Date(block.time * 1000).toISOString(),
        });

        const download = await downloadProof(platform, document.documentId);
        expect(download.status).toBe(200);
        const proof = DetachedTimestampFile.deserialize(download.raw);
        expect(Buffer.from(proof.serialize()).equals(download.raw)).toBe(true);
        expect(formatOtsInfo(proof)).toContain(`BitcoinBlockHeaderAttestation(${block.height})`);
        const check = await verifyTimestamp(
          proof,
          Buffer.from(document.sha256, 'hex'),
          new BitcoinCoreRpcSource(node.url, { username: node.username, password: node.password }),
        );
        expect(check).toMatchObject({ status: 'verified', height: block.height });
        const reference = readWithReference(download.raw);
        expect(reference.reserialized.equals(download.raw)).toBe(true);
        expect(reference.digest).toBe(document.sha256);
      }
      await expectNothingLostNothingTwice(platform);
    });
  });
}
