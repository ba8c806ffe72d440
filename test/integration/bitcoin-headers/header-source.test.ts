import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findBitcoinHeaderByHeight,
  insertBitcoinHeader,
} from '../../../src/db/repositories/bitcoin-header.repository.js';
import { EsploraSource } from '../../../verifier/index.js';
import {
  startEsploraStub,
  type BlockServerStub,
} from '../../../verifier/test-support/block-servers.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/*
 * The platform's own Esplora-shaped header source (issue 16): `/api/bitcoin/block-height/:h`
 * and `/api/bitcoin/block/:hash`, answered from the table of the headers its proofs reference,
 * else from BITCOIN_HEADER_SOURCE (a stand-in here); immutable once settled, CORS *, clear 4xx.
 */

const OLD_TIME = 1_700_000_000; // 2023: long settled.
const hex = (byte: string) => byte.repeat(32);

/** An anchored batch of the platform at `height`, as the anchoring worker records it. */
async function anchorBatchAt(platform: TestPlatform, height: number, time: number): Promise<void> {
  await platform.ctx.db
    .insertInto('anchorBatches')
    .values({
      publicId: `batch-${height}`,
      root: height.toString(16).padStart(64, '0'),
      leafCount: 1,
      status: 'anchored',
      rootTimestamp: null,
      bitcoinHeight: height,
      bitcoinTime: new Date(time * 1000).toISOString(),
      createdAt: new Date().toISOString(),
      pendingAt: null,
      anchoredAt: new Date().toISOString(),
    })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`the platform's header source (${dialect})`, () => {
    let platform: TestPlatform;
    let upstream: BlockServerStub;
    const get = (url: string) => platform.app.inject({ method: 'GET', url });

    beforeAll(async () => {
      upstream = await startEsploraStub([
        { height: 800_001, hash: hex('a1'), merkleRoot: hex('b1'), time: OLD_TIME },
        { height: 800_002, hash: hex('a2'), merkleRoot: hex('b2'), time: OLD_TIME + 600 },
        { height: 800_003, hash: hex('a3'), merkleRoot: hex('b3'), time: OLD_TIME + 1200 },
      ]);
      platform = await startTestPlatform(dialect, {
        BITCOIN_HEADER_SOURCE: `esplora:${upstream.url}`,
      });
    }, 60_000);
    afterAll(async () => {
      await platform?.close();
      await upstream?.close();
    });

    it('answers a stored header by height and by hash, immutable and readable from any origin', async () => {
      await insertBitcoinHeader(platform.ctx.db, {
        height: 700_000,
        hash: hex('c7'),
        merkleRoot: hex('d7'),
        blockTime: new Date(OLD_TIME * 1000).toISOString(),
        storedAt: new Date().toISOString(),
      });
      const byHeight = await get('/api/bitcoin/block-height/700000');
      expect(byHeight.statusCode).toBe(200);
      expect(byHeight.headers['content-type']).toMatch(/^text\/plain/);
      expect(byHeight.body).toBe(hex('c7'));
      expect(byHeight.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(byHeight.headers['access-control-allow-origin']).toBe('*');

      const byHash = await get(`/api/bitcoin/block/${hex('C7')}`);
      expect(byHash.statusCode).toBe(200);
      expect(byHash.json()).toEqual({
        id: hex('c7'),
        height: 700_000,
        timestamp: OLD_TIME,
        merkle_root: hex('d7'),
      });
      expect(byHash.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // The stored header needed no upstream at all.
      expect(upstream.requests.some((path) => path.includes('700000'))).toBe(false);
    });

    it('keeps the header of a block a proof references, and only that one', async () => {
      await anchorBatchAt(platform, 800_001, OLD_TIME);
      expect((await get('/api/bitcoin/block-height/800001')).body).toBe(hex('a1'));
      expect(await findBitcoinHeaderByHeight(platform.ctx.db, 800_001)).toMatchObject({
        hash: hex('a1'),
        merkleRoot: hex('b1'),
      });
      // A block no proof of ours references is served from the source, not kept.
      const other = await get('/api/bitcoin/block-height/800002');
      expect(other.statusCode).toBe(200);
      expect(other.body).toBe(hex('a2'));
      expect(await findBitcoinHeaderByHeight(platform.ctx.db, 800_002)).toBeUndefined();
      // …and its hash, just served, is known for the client's second request.
      const json = (await get(`/api/bitcoin/block/${hex('a2')}`)).json<{ merkle_root: string }>();
      expect(json.merkle_root).toBe(hex('b2'));
      // A referenced block whose time is not the one the anchoring checked is not kept either.
      await anchorBatchAt(platform, 800_003, OLD_TIME);
      await get('/api/bitcoin/block-height/800003');
      expect(await findBitcoinHeaderByHeight(platform.ctx.db, 800_003)).toBeUndefined();
    });

    it('is what an Esplora client reads: the verifier gets the same header through it', async () => {
      const source = new EsploraSource(`${platform.baseUrl}/api/bitcoin`);
      const header = await source.headerByHeight(800_001);
      expect(header.hash).toBe(hex('a1'));
      expect(header.time).toBe(OLD_TIME);
      expect(Buffer.from(header.merkleRoot).reverse().toString('hex')).toBe(hex('b1'));
    });

    it('a recent block is served with a short cache and not kept', async () => {
      const now = Math.floor(Date.now() / 1000);
      upstream.blocks.set(800_010, {
        height: 800_010,
        hash: hex('e1'),
        merkleRoot: hex('f1'),
        time: now - 600,
      });
      await anchorBatchAt(platform, 800_010, now - 600);
      const answer = await get('/api/bitcoin/block-height/800010');
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBe('public, max-age=60');
      expect(await findBitcoinHeaderByHeight(platform.ctx.db, 800_010)).toBeUndefined();
      expect((await get(`/api/bitcoin/block/${hex('e1')}`)).headers['cache-control']).toBe(
        'public, max-age=60',
      );
    });

    it('unknown heights and hashes are 404, malformed ones 400, each with a message', async () => {
      const beyondTip = await get('/api/bitcoin/block-height/999999');
      expect(beyondTip.statusCode).toBe(404);
      expect(beyondTip.json<{ error: { message: string } }>().error.message).toContain(
        'No block at height 999999',
      );
      expect(beyondTip.headers['access-control-allow-origin']).toBe('*');
      expect(beyondTip.headers['cache-control']).toBe('no-store');
      const unknownHash = await get(`/api/bitcoin/block/${hex('99')}`);
      expect(unknownHash.statusCode).toBe(404);
      expect(unknownHash.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
      for (const url of [
        '/api/bitcoin/block-height/abc',
        '/api/bitcoin/block-height/-1',
        '/api/bitcoin/block-height/1234567890',
        '/api/bitcoin/block/xyz',
        `/api/bitcoin/block/${'a'.repeat(63)}`,
      ]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(400);
        expect(
          response.json<{ error: { code: string; message: string } }>().error,
          url,
        ).toMatchObject({ code: 'INVALID_INPUT' });
      }
    });

    it('says 502, not 404, when the header source cannot answer', async () => {
      upstream.behaviour = 'error-500';
      try {
        const answer = await get('/api/bitcoin/block-height/800020');
        expect(answer.statusCode).toBe(502);
        expect(answer.json<{ error: { code: string } }>().error.code).toBe('UPSTREAM_FAILED');
        // A kept header does not need the source.
        expect((await get('/api/bitcoin/block-height/700000')).statusCode).toBe(200);
      } finally {
        upstream.behaviour = 'ok';
      }
    });

    it('is in the OpenAPI document', async () => {
      const spec = (await get('/docs/json')).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/api/bitcoin/block-height/{height}', '/api/bitcoin/block/{hash}']),
      );
    });

    // Last: it spends this address's budget for the minute.
    it('is rate-limited: 120 a minute per address, then 429', async () => {
      const statuses = [];
      for (let i = 0; i < 121; i += 1)
        statuses.push((await get('/api/bitcoin/block-height/700000')).statusCode);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(120);
      expect(statuses.at(-1)).toBe(429);
    });
  });
}
