import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as VerifierBrowser from '../../../verifier/browser.js';
import type { BrowserVerification } from '../../../verifier/browser.js';
import {
  bundleEntry,
  openVerifierPage,
  packageBundleSize,
  type VerifierPage,
} from './browser-harness.js';
import { buildWorld, type World } from './fixtures.js';

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

describe('the verifier package in Chromium', () => {
  let world: World;
  let verifier: VerifierPage;
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  beforeAll(async () => {
    world = await buildWorld();
    const script = await bundleEntry(path.join(import.meta.dirname, 'chromium-entry.ts'));
    verifier = await openVerifierPage(
      world.origin,
      script,
      world.sources.map((source) => source.url),
    );
  }, 90_000);
  afterAll(async () => {
    await verifier.close();
    await world.close();
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
