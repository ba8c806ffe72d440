import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser, RecordedPage } from '../../helpers/console-browser.js';
import { insertBitcoinHeader } from '../../../src/db/repositories/bitcoin-header.repository.js';
import { buildWorld } from '../verifier-browser/fixtures.js';
import type { VerifierCase, World } from '../verifier-browser/fixtures.js';

/*
 * The verify page checks a PDF without trusting the server (issue 16): with every request to the
 * platform blocked but the lookup (which carries the issuer and the published signing
 * certificates), the status lists and the proof — and its two header sources — a valid document
 * gets a full result in Chromium; each tamper case fails in the page with the right check named;
 * with a header source unreachable the time check says unknown. The proof is served by the test
 * (a proof for another digest is the platform lying). The header sources are the defaults of
 * VERIFY_HEADER_SOURCES: the platform's own `/api/bitcoin` (answering from its table of the
 * headers its proofs reference, seeded here with the stand-in block) and mempool.space (answered
 * by an Esplora stand-in on 127.0.0.1).
 */

/** The platform API the page may ask: the lookup, the status lists, the proof. */
const ALLOWED_API = [
  /^\/api\/verify$/,
  /^\/api\/issuers\/[^/]+\/status-lists\/[a-z]+$/,
  /^\/api\/documents\/[^/]+\/proof\.ots$/,
];
/** The platform's own header source, Esplora-shaped. */
const OWN_HEADER_SOURCE = /^\/api\/bitcoin\/(block-height\/\d+|block\/[0-9a-f]{64})$/;
const PUBLIC_HEADER_HOST = 'mempool.space';

describe('the verify page checks in the browser', () => {
  let world: World;
  let browser: ConsoleBrowser;

  /**
   * The page with the platform fenced off: API calls other than the allowed ones fail, the proof
   * is the one given, header sources are the stand-ins (or unreachable).
   */
  async function openVerifyPage(
    proof: Uint8Array | null,
    headers: 'stand-ins' | 'unreachable' | 'public unreachable',
  ): Promise<RecordedPage & { apiCalls: string[]; headerCalls: string[]; blocked: string[] }> {
    const recorded = await browser.newPage({
      allowedErrors: [/Failed to load resource/, /net::ERR_FAILED/],
    });
    const apiCalls: string[] = [];
    const headerCalls: string[] = [];
    const blocked: string[] = [];
    await recorded.page.route('**/*', async (route: Route) => {
      const url = new URL(route.request().url());
      if (url.hostname === PUBLIC_HEADER_HOST) {
        headerCalls.push(`${url.hostname} ${url.pathname}`);
        if (headers !== 'stand-ins') return route.abort('connectionrefused');
        const source = world.sources[1];
        if (source === undefined) return route.abort();
        const path = url.pathname.replace(/^\/api/, '');
        const response = await route.fetch({ url: `${source.url}${path}` });
        return route.fulfill({
          response,
          headers: { ...response.headers(), 'access-control-allow-origin': '*' },
        });
      }
      if (url.origin !== world.origin) return route.abort();
      if (OWN_HEADER_SOURCE.test(url.pathname)) {
        headerCalls.push(`own ${url.pathname}`);
        if (headers === 'unreachable') return route.abort('connectionrefused');
        return route.continue();
      }
      if (!url.pathname.startsWith('/api/')) return route.continue();
      apiCalls.push(`${route.request().method()} ${url.pathname}`);
      if (!ALLOWED_API.some((pattern) => pattern.test(url.pathname))) {
        blocked.push(url.pathname);
        return route.abort('blockedbyclient');
      }
      if (url.pathname.endsWith('/proof.ots'))
        return proof === null
          ? route.fulfill({ status: 404, body: '' })
          : route.fulfill({
              status: 200,
              contentType: 'application/vnd.opentimestamps.v1',
              body: Buffer.from(proof),
            });
      return route.continue();
    });
    return { ...recorded, apiCalls, headerCalls, blocked };
  }

  async function verify(
    recorded: RecordedPage,
    item: Pick<VerifierCase, 'pdf' | 'name'>,
  ): Promise<void> {
    const { page } = recorded;
    await page.goto(`${world.origin}/verify/${world.valid.documentId}`);
    await page.setInputFiles('#file', {
      name: `${item.name.replace(/\W+/g, '-')}.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from(item.pdf),
    });
    await page.locator('#report').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** The stand-in block's Merkle root as the page shortens it. */
  const shortRoot = () => {
    const root = world.sources[0]?.blocks.get(900_001)?.merkleRoot ?? '';
    return `${root.slice(0, 12)}…${root.slice(-12)}`;
  };

  const status = (recorded: RecordedPage, id: string) =>
    recorded.page.locator(`.check[data-check="${id}"]`).getAttribute('data-status');

  beforeAll(async () => {
    world = await buildWorld();
    // The platform's own header source answers from the headers its proofs reference.
    const block = world.sources[0]?.blocks.get(900_001);
    if (block === undefined) throw new Error('no stand-in block');
    await insertBitcoinHeader(world.platform.ctx.db, {
      height: block.height,
      hash: block.hash,
      merkleRoot: block.merkleRoot,
      blockTime: new Date(block.time * 1000).toISOString(),
      storedAt: new Date().toISOString(),
    });
    browser = await launchConsoleBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('a valid document gets a full result with only the lookup, lists, proof and header sources asked', async () => {
    const recorded = await openVerifyPage(world.valid.proof, 'stand-ins');
    await verify(recorded, { pdf: world.valid.pdf, name: 'valid' });
    const { page } = recorded;
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('valid');
    for (const id of ['integrity', 'signature', 'record', 'issuer', 'validity', 'time'])
      expect(await status(recorded, id), id).toBe('passed');
    for (const id of ['signature', 'record', 'validity', 'time'])
      expect(await page.locator(`.check[data-check="${id}"]`).getAttribute('data-local')).toBe(
        'true',
      );
    const timeMessage = await page.locator('.check[data-check="time"] .message').textContent();
    expect(timeMessage).toContain('block 900001');
    // Which sources said so: the platform's own (named after its host) and the public one.
    expect(timeMessage).toContain(`${new URL(world.origin).host} + mempool.space`);
    // …and what each said, in the configured order.
    const said = page.locator('.check[data-check="time"] .header-sources li');
    expect(await said.allTextContents()).toEqual([
      `${new URL(world.origin).host}: block 900001 has Merkle root ${shortRoot()}`,
      `mempool.space: block 900001 has Merkle root ${shortRoot()}`,
    ]);
    expect(await page.locator('#recipient-facts').textContent()).toContain(
      world.valid.recipientName,
    );
    expect(await page.locator('#unknown-explained').count()).toBe(0);
    expect(recorded.blocked).toEqual([]);
    expect(
      new Set(recorded.apiCalls.map((call) => call.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…'))),
    ).toEqual(
      new Set([
        'POST /api/verify',
        'GET /api/issuers/…/status-lists/revocation',
        'GET /api/issuers/…/status-lists/suspension',
        'GET /api/documents/…/proof.ots',
      ]),
    );
    expect(new Set(recorded.headerCalls.map((call) => call.replace(/[0-9a-f]{64}/, '…')))).toEqual(
      new Set([
        'own /api/bitcoin/block-height/900001',
        'own /api/bitcoin/block/…',
        'mempool.space /api/block-height/900001',
        'mempool.space /api/block/…',
      ]),
    );
    await checkConsolePage(recorded, 'verify-local-valid', 'verify');
  });

  it('each tamper case fails in the page with the right check named', async () => {
    for (const item of world.cases.filter((candidate) => candidate.failing !== null)) {
      // The proof is the platform's answer: a proof for another digest is the platform lying.
      const fresh = await openVerifyPage(item.proof, 'stand-ins');
      await verify(fresh, item);
      expect(await fresh.page.locator('#verdict').getAttribute('data-verdict'), item.name).toBe(
        'invalid',
      );
      const row = fresh.page.locator(`.check[data-check="${item.failing}"]`);
      expect(await row.getAttribute('data-status'), item.name).toBe('failed');
      expect(await row.getAttribute('data-code'), item.name).toBe(item.code);
      expect(fresh.blocked, item.name).toEqual([]);
      await fresh.page.close();
    }
  });

  it('with the header sources unreachable the time check says unknown, in plain words', async () => {
    const recorded = await openVerifyPage(world.valid.proof, 'unreachable');
    await verify(recorded, { pdf: world.valid.pdf, name: 'valid' });
    const { page } = recorded;
    expect(await status(recorded, 'time')).toBe('unknown');
    expect(await page.locator('.check[data-check="time"] .mark').textContent()).toBe('?');
    expect(await page.locator('#unknown-explained').textContent()).toContain(
      'never that the check passed',
    );
    // The time check is not decisive alone: the rest still stands.
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('valid');
    await checkConsolePage(recorded, 'verify-local-unknown-time', 'verify');
  });

  it("with only the platform's own header source answering the time check says unknown, never valid", async () => {
    const recorded = await openVerifyPage(world.valid.proof, 'public unreachable');
    await verify(recorded, { pdf: world.valid.pdf, name: 'valid' });
    const { page } = recorded;
    expect(recorded.headerCalls).toContain('own /api/bitcoin/block-height/900001');
    expect(await status(recorded, 'time')).toBe('unknown');
    expect(await page.locator('.check[data-check="time"]').getAttribute('data-code')).toBe(
      'bitcoin_unavailable',
    );
    // Which source said what: the platform's own gave the block, the public one nothing.
    const said = page.locator('.check[data-check="time"] .header-sources li');
    expect(await said.allTextContents()).toEqual([
      `${new URL(world.origin).host}: block 900001 has Merkle root ${shortRoot()}`,
      'mempool.space: no answer for block 900001',
    ]);
    expect(await page.locator('#unknown-explained').textContent()).toContain(
      'never that the check passed',
    );
    await page.close();
  });
});
