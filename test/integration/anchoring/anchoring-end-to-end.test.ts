import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import {
  DetachedTimestampFile,
  EsploraSource,
  formatOtsInfo,
  MAX_TIMESTAMP_DEPTH,
  verifyTimestamp,
} from '../../../verifier/index.js';
import { timestampDepth } from '../../../src/anchoring/timestamp-depth.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import {
  allSubmissions,
  downloadProof,
  expectNothingLostNothingTwice,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';
import { ourCommitments, readWithReference, verifyWithReference } from './reference-client.js';

interface Report {
  valid: boolean;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
  anchor: {
    status: string;
    bitcoinHeight: number | null;
    bitcoinTime: string | null;
    proofUrl: string | null;
  } | null;
  anchors: Array<{ digest: string; kind: string; status: string; batchId: string | null }>;
}

const TEN_MINUTES = 600_000;

for (const dialect of DIALECTS) {
  describe(`anchoring through two OpenTimestamps calendars, m = 2 (${dialect})`, () => {
    let stand: AnchoringStand;
    let worker: AnchorWorker;
    let documents: { documentId: string; pdf: Buffer; sha256: string }[];

    async function report(sha256: string): Promise<Report> {
      const response = await call<Report>(stand.platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(response.status).toBe(200);
      return response.body;
    }

    const timeCheck = (body: Report) => body.checks.find((check) => check.id === 'time');

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
      worker = stand.worker();
      documents = await issueAndActivate(stand, 3);
    });
    afterAll(async () => stand.close());

    it('queued digests wait for the interval; the report says "not anchored yet" and there is no proof', async () => {
      const summary = await worker.tick();
      expect(summary).toMatchObject({ leader: true, batchesCreated: 0 });
      for (const calendar of stand.calendars) expect(calendar.posted).toEqual([]);
      const body = await report(documents[0]?.sha256 ?? '');
      expect(body.valid).toBe(true);
      expect(timeCheck(body)).toMatchObject({ status: 'pending', code: 'not_anchored_yet' });
      expect(body.anchor).toMatchObject({ status: 'queued', proofUrl: null });
      expect(body.anchors.map((anchor) => [anchor.kind, anchor.status])).toEqual([
        ['commitment', 'queued'],
        ['pdf', 'queued'],
      ]);
      const proof = await downloadProof(stand.platform, documents[0]?.documentId ?? '');
      expect(proof.status).toBe(409);
    });

    it('after the interval one Merkle root — and nothing else — goes to each calendar; proofs are pending', async () => {
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary.batchesCreated).toBe(1);
      expect(summary.failures).toBe(0);
      const batches = await stand.platform.ctx.db.selectFrom('anchorBatches').selectAll().execute();
      expect(batches).toHaveLength(1);
      const batch = batches[0];
      // Six documents' digests and the audit chain's head.
      expect(batch).toMatchObject({ leafCount: 7, status: 'pending' });
      for (const calendar of stand.calendars) {
        expect(calendar.posted).toEqual([batch?.root]);
        expect(calendar.requestHeaders[0]?.accept).toBe('application/vnd.opentimestamps.v1');
        expect(calendar.requestHeaders[0]?.['user-agent']).toMatch(/Certa/);
      }
      await expectNothingLostNothingTwice(stand.platform);

      const document = documents[1];
      if (document === undefined) throw new Error('no document');
      const body = await report(document.sha256);
      expect(timeCheck(body)).toMatchObject({ status: 'pending', code: 'anchor_pending' });
      expect(body.anchor?.status).toBe('pending');
      expect(body.anchor?.proofUrl).toBe(
        `${stand.platform.config.publicUrl}/api/documents/${document.documentId}/proof.ots`,
      );
      expect(body.anchors.every((anchor) => anchor.status === 'pending')).toBe(true);

      const download = await downloadProof(stand.platform, document.documentId);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toContain(
        `${document.documentId}.pdf.ots`,
      );
      expect(download.headers.get('x-anchor-status')).toBe('pending');
      const proof = DetachedTimestampFile.deserialize(download.raw);
      expect(Buffer.from(proof.serialize()).equals(download.raw)).toBe(true);
      expect(Buffer.from(proof.fileDigest).toString('hex')).toBe(document.sha256);
      const info = formatOtsInfo(proof);
      for (const calendar of stand.calendars)
        expect(info).toContain(`PendingAttestation('${calendar.url}')`);
      const check = await verifyTimestamp(
        proof,
        Buffer.from(document.sha256, 'hex'),
        new EsploraSource(stand.esplora.url),
      );
      expect(check.status).toBe('pending');
    });

    it('asking for the upgrade before the calendars confirm changes nothing', async () => {
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary).toMatchObject({ steps: 0, failures: 0 });
      for (const calendar of stand.calendars) expect(calendar.upgradeRequests).toHaveLength(1);
      const submissions = await allSubmissions(stand.platform);
      expect(submissions.map((row) => row.status)).toEqual(['pending', 'pending']);
    });

    it('once confirmed, the upgrade anchors the batch: the report shows the Bitcoin block height and time', async () => {
      // Blocks mined after the documents were issued (an earlier time is inconsistent).
      const minedAt = Math.floor(stand.platform.clock.now().getTime() / 1000) + 60;
      const minedIso = new Date(minedAt * 1000).toISOString();
      const first = stand.calendars[0]?.confirm({ time: minedAt });
      const second = stand.calendars[1]?.confirm({ time: minedAt + 600 });
      if (first === undefined || second === undefined) throw new Error('no calendars');
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary.failures).toBe(0);
      const submissions = await allSubmissions(stand.platform);
      expect(submissions.map((row) => [row.status, row.batchStatus])).toEqual([
        ['complete', 'anchored'],
        ['complete', 'anchored'],
      ]);

      for (const document of documents) {
        const body = await report(document.sha256);
        expect(body.valid).toBe(true);
        const time = timeCheck(body);
        expect(time).toMatchObject({ status: 'passed', code: 'anchored_in_bitcoin' });
        expect(time?.message).toContain(String(first.height));
        expect(time?.message).toContain(minedIso);
        expect(body.anchor).toMatchObject({
          status: 'anchored',
          bitcoinHeight: first.height,
          bitcoinTime: minedIso,
        });
        expect(body.anchors.map((anchor) => anchor.status)).toEqual(['anchored', 'anchored']);
      }
    });

    it.runIf(dialect === 'sqlite')(
      'the verify page says, in French, in which Bitcoin block the file was anchored',
      async () => {
        const document = documents[0];
        if (document === undefined) throw new Error('no document');
        const browser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        try {
          const page = await browser.newPage({ locale: 'fr-FR' });
          // The page asks its two header sources (VERIFY_HEADER_SOURCES, by default the
          // platform's own /api/bitcoin, answered from the stand-in BITCOIN_HEADER_SOURCE, and
          // mempool.space, answered here by the stand-in's chain).
          await page.route(/^https:\/\/mempool\.space\/api\//, async (route) => {
            const path = new URL(route.request().url()).pathname.replace(/^\/api/, '');
            const response = await route.fetch({ url: `${stand.esplora.url}${path}` });
            await route.fulfill({
              response,
              headers: { ...response.headers(), 'access-control-allow-origin': '*' },
            });
          });
          await page.goto(`${stand.platform.baseUrl}/verify/${document.documentId}`);
          await page.setInputFiles('#file', {
            name: 'diplome.pdf',
            mimeType: 'application/pdf',
            buffer: document.pdf,
          });
          await page.locator('#report').waitFor({ state: 'visible' });
          const time = page.locator('.check[data-check="time"]');
          expect(await time.getAttribute('data-status')).toBe('passed');
          const message = await time.locator('.message').textContent();
          expect(message).toMatch(
            /^Existait au plus tard le .*\d{4}.* UTC : ancré dans le bloc Bitcoin \d+, vérifié ici auprès de localhost:0 \+ mempool\.space\./u,
          );
          const body = await report(document.sha256);
          expect(message).toContain(`bloc Bitcoin ${body.anchor?.bitcoinHeight ?? '?'}`);
        } finally {
          await browser.close();
        }
      },
    );

    it('the downloaded .pdf.ots verifies on its own: our verifier, the reference client, the depth limit', async () => {
      const block = [...stand.esplora.blocks.values()].sort((a, b) => a.time - b.time)[0];
      if (block === undefined) throw new Error('no block');
      for (const document of documents) {
        const download = await downloadProof(stand.platform, document.documentId);
        expect(download.headers.get('x-anchor-status')).toBe('anchored');
        const proof = DetachedTimestampFile.deserialize(download.raw);
        expect(Buffer.from(proof.serialize()).equals(download.raw)).toBe(true);
        expect(timestampDepth(proof.timestamp)).toBeLessThan(MAX_TIMESTAMP_DEPTH / 2);
        expect(formatOtsInfo(proof)).toContain(`BitcoinBlockHeaderAttestation(${block.height})`);

        const check = await verifyTimestamp(
          proof,
          Buffer.from(document.sha256, 'hex'),
          new EsploraSource(stand.esplora.url),
        );
        expect(check).toMatchObject({ status: 'verified', height: block.height, time: block.time });

        const reference = readWithReference(download.raw);
        expect(reference.digest).toBe(document.sha256);
        expect(reference.reserialized.equals(download.raw)).toBe(true);
        expect(reference.commitments).toEqual(ourCommitments(proof));
        const verified = await verifyWithReference(download.raw, stand.esplora.url);
        expect(verified.bitcoin).toEqual({ timestamp: block.time, height: block.height });
      }
    });

    it('the issuer downloads the proof of the issuance commitment', async () => {
      const document = documents[2];
      if (document === undefined) throw new Error('no document');
      const path = `/api/organisations/${stand.issuer.organisationId}/documents/${document.documentId}/commitment.ots`;
      const anonymous = await call(stand.platform.baseUrl, 'GET', path);
      expect(anonymous.status).toBe(401);
      const download = await call(stand.platform.baseUrl, 'GET', path, {
        token: stand.issuer.token,
      });
      expect(download.status).toBe(200);
      const row = await stand.platform.ctx.db
        .selectFrom('documents')
        .select('commitment')
        .where('publicId', '=', document.documentId)
        .executeTakeFirstOrThrow();
      const proof = DetachedTimestampFile.deserialize(download.raw);
      expect(Buffer.from(proof.fileDigest).toString('hex')).toBe(row.commitment);
      const check = await verifyTimestamp(
        proof,
        Buffer.from(row.commitment, 'hex'),
        new EsploraSource(stand.esplora.url),
      );
      expect(check.status).toBe('verified');
    });

    it('digests queued later go into the next batch; none is ever in two', async () => {
      const [late] = await issueAndActivate(stand, 1);
      if (late === undefined) throw new Error('no document');
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary.batchesCreated).toBe(1);
      const batches = await stand.platform.ctx.db
        .selectFrom('anchorBatches')
        .select(['root', 'leafCount'])
        .orderBy('id')
        .execute();
      expect(batches.map((batch) => batch.leafCount)).toEqual([7, 3]);
      for (const calendar of stand.calendars) {
        expect(calendar.posted).toEqual(batches.map((batch) => batch.root));
      }
      await expectNothingLostNothingTwice(stand.platform);
      const body = await report(late.sha256);
      expect(body.anchor?.status).toBe('pending');
    });

    it('the admin overview shows each batch and each calendar’s state; other users are refused', async () => {
      const refused = await call(stand.platform.baseUrl, 'GET', '/api/admin/anchoring', {
        token: stand.issuer.token,
      });
      expect(refused.status).toBe(403);
    });
  });
}
