import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esploraHeaderSource, verifyDocumentFile } from '../../../verifier/browser.js';
import { buildWorld, type World } from './fixtures.js';

/**
 * The browser verifier's entry run in Node (Web Crypto is global there too): the same cases as
 * the Chromium test, against a real platform and two Esplora stand-ins.
 */
describe('verifyDocumentFile in Node', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);
  afterAll(async () => {
    await world.close();
  });

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
