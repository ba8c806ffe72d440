import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as VerifierBrowser from '../../../verifier/browser.js';
import {
  esploraHeaderSource,
  verifyDocumentFile,
  type BrowserVerification,
} from '../../../verifier/browser.js';
import {
  bundleEntry,
  openVerifierPage,
  packageBundleSize,
  type VerifierPage,
} from './browser-harness.js';
import { buildWorld, type World } from './fixtures.js';

/**
 * The verifier package's browser entry on the same cases in Node (Web Crypto is global there
 * too) and in Chromium (the bundle as a page runs it): a real platform (SQLite), tampered
 * copies, a real OpenTimestamps proof and two Esplora stand-ins — one world for both.
 */
let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(async () => {
  await world.close();
});

/** What the page runs: the package's browser entry, in Chromium, on the bytes given. */
interface PageInput {
  readonly pdf: string;
  readonly proof: string | null;
  readonly origin: string;
  readonly sources: readonly { label: string; url: string }[];
}

async function verifyInPage(
  verifier: VerifierPage,
  input: PageInput,
): Promise<BrowserVerification> {
  return verifier.page.evaluate(async (given: PageInput) => {
    const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const api = (
      globalThis as unknown as {
        certaVerifier: typeof VerifierBrowser;
      }
    ).certaVerifier;
    return api.verifyDocumentFile(bytes(given.pdf), {
      platformOrigin: given.origin,
      headerSources: given.sources.map((source) =>
        api.esploraHeaderSource(source.label, source.url, { timeoutMs: 3000 }),
      ),
      ...(given.proof === null ? {} : { proof: bytes(given.proof) }),
    });
  }, input);
}

describe('verifyDocumentFile in Node', () => {
  const options = (proof: Uint8Array | null) => ({
    platformOrigin: world.origin,
    headerSources: world.sources.map((source, index) =>
      esploraHeaderSource(`source ${index + 1}`, source.url),
    ),
    ...(proof === null ? {} : { proof }),
  });

  it('a valid document: every check passes, the local ones say so, the record names the recipient', async () => {
    const report = await verifyDocumentFile(world.valid.pdf, options(world.valid.proof));
    expect(report.checks.map((check) => [check.id, check.status, check.local])).toEqual([
      ['integrity', 'passed', false],
      ['signature', 'passed', true],
      ['record', 'passed', true],
      ['issuer', 'passed', false],
      ['validity', 'passed', true],
      ['time', 'passed', true],
    ]);
    expect(report.verdict).toBe('valid');
    expect(report.document).toMatchObject({
      documentId: world.valid.documentId,
      recipientName: world.valid.recipientName,
      title: 'Diplôme du navigateur',
    });
    expect(report.time).toEqual({
      height: 900_001,
      blockTime: new Date(1_780_000_000_000).toISOString(),
      sources: ['source 1', 'source 2'],
    });
  });

  it('each tamper case fails with the right check named', async () => {
    for (const item of world.cases.filter((candidate) => candidate.failing !== null)) {
      const report = await verifyDocumentFile(item.pdf, options(item.proof));
      const failing = report.checks.find((check) => check.id === item.failing);
      expect(failing, item.name).toMatchObject({ status: 'failed', code: item.code });
      expect(report.verdict, item.name).toBe('not valid');
    }
  });

  it('the time check is unknown, never passed, when a header source is down or they disagree', async () => {
    const [first, second] = world.sources;
    second!.behaviour = 'error-500';
    try {
      const down = await verifyDocumentFile(world.valid.pdf, options(world.valid.proof));
      expect(down.checks.find((check) => check.id === 'time')).toMatchObject({
        status: 'unknown',
        code: 'bitcoin_unavailable',
      });
      expect(down.verdict).toBe('valid');
    } finally {
      second!.behaviour = 'ok';
    }
    const block = first!.blocks.get(900_001)!;
    first!.blocks.set(900_001, { ...block, merkleRoot: 'ab'.repeat(32) });
    try {
      const disagree = await verifyDocumentFile(world.valid.pdf, options(world.valid.proof));
      expect(disagree.checks.find((check) => check.id === 'time')?.status).toBe('unknown');
    } finally {
      first!.blocks.set(900_001, block);
    }
    const single = await verifyDocumentFile(world.valid.pdf, {
      ...options(world.valid.proof),
      headerSources: [esploraHeaderSource('only one', first!.url)],
    });
    expect(single.checks.find((check) => check.id === 'time')?.code).toBe('header_sources_missing');
  });

  it("with the platform's own proof (pending here) the time check is pending, not failed", async () => {
    const report = await verifyDocumentFile(world.valid.pdf, options(null));
    expect(['pending', 'unknown']).toContain(
      report.checks.find((check) => check.id === 'time')?.status,
    );
    expect(report.verdict).toBe('valid');
  });

  it('with the platform unreachable the platform checks are unknown and the local ones still run', async () => {
    const report = await verifyDocumentFile(world.valid.pdf, {
      ...options(world.valid.proof),
      platformOrigin: 'http://127.0.0.1:9',
    });
    expect(report.platformReached).toBe(false);
    expect(report.verdict).toBe('unknown');
    const byId = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
    expect(byId).toMatchObject({ integrity: 'unknown', issuer: 'unknown', time: 'passed' });
    expect(report.document?.recipientName).toBe(world.valid.recipientName);
  });
});

describe('the verifier package in Chromium', () => {
  let verifier: VerifierPage;
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  beforeAll(async () => {
    const script = await bundleEntry(path.join(import.meta.dirname, 'chromium-entry.ts'));
    verifier = await openVerifierPage(
      world.origin,
      script,
      world.sources.map((source) => source.url),
    );
  }, 90_000);
  afterAll(async () => {
    await verifier.close();
  });

  const sources = () =>
    world.sources.map((source, index) => ({ label: `source ${index + 1}`, url: source.url }));

  it('the browser bundle (npm run build in verifier/) is at most 150 KB gzip', async () => {
    const size = await packageBundleSize();
    expect(size.gzip).toBeLessThanOrEqual(150 * 1024);
  });

  it('verifies a valid document in the page: every check passes, the record names the recipient', async () => {
    const report = await verifyInPage(verifier, {
      pdf: base64(world.valid.pdf),
      proof: base64(world.valid.proof),
      origin: world.origin,
      sources: sources(),
    });
    expect(report.verdict).toBe('valid');
    expect(report.checks.map((check) => [check.id, check.status, check.local])).toEqual([
      ['integrity', 'passed', false],
      ['signature', 'passed', true],
      ['record', 'passed', true],
      ['issuer', 'passed', false],
      ['validity', 'passed', true],
      ['time', 'passed', true],
    ]);
    expect(report.document?.recipientName).toBe(world.valid.recipientName);
  });

  it('each tamper case fails in the page with the right check named', async () => {
    for (const item of world.cases.filter((candidate) => candidate.failing !== null)) {
      const report = await verifyInPage(verifier, {
        pdf: base64(item.pdf),
        proof: item.proof === null ? null : base64(item.proof),
        origin: world.origin,
        sources: sources(),
      });
      expect(
        report.checks.find((check) => check.id === item.failing),
        item.name,
      ).toMatchObject({ status: 'failed', code: item.code });
      expect(report.verdict, item.name).toBe('not valid');
    }
  });

  it('with the header sources unreachable the time check is unknown, never passed', async () => {
    const report = await verifyInPage(verifier, {
      pdf: base64(world.valid.pdf),
      proof: base64(world.valid.proof),
      origin: world.origin,
      sources: [
        { label: 'down 1', url: 'http://127.0.0.1:9' },
        { label: 'down 2', url: 'http://127.0.0.1:7' },
      ],
    });
    expect(report.checks.find((check) => check.id === 'time')).toMatchObject({
      status: 'unknown',
      code: 'bitcoin_unavailable',
    });
  });
});
