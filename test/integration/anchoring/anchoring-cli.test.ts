import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { DetachedTimestampFile, formatOtsInfo } from '../../../verifier/index.js';
import { unusedLocalUrl } from '../../../verifier/test-support/block-servers.js';
import { createTempDir, DIALECTS } from '../../helpers/test-database.js';
import {
  allSubmissions,
  downloadProof,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface CliResult {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdin: Readable.from([]),
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(text),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('certa worker and certa ots: help and usage mistakes', () => {
  it('--help on worker and ots prints the usage and exits 0', async () => {
    for (const args of [
      ['worker', '--help'],
      ['ots', '--help'],
      ['ots', 'info', '-h'],
    ]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.out).toContain(`certa ${args[0] ?? ''}`);
      expect(result.err).toBe('');
    }
    const overview = await cli(['--help']);
    expect(overview.out).toMatch(/^ {2}worker /m);
    expect(overview.out).toMatch(/^ {2}ots /m);
    const verify = await cli(['verify', '--help']);
    expect(verify.out).toContain('--ots');
    expect(verify.out).toContain('--header-source');
  });

  it('usage mistakes exit 2 with one sentence', async () => {
    const files = createTempDir('certa-ots-');
    try {
      for (const [args, mention] of [
        [['ots'], /certa ots info/],
        [['ots', 'show', 'x.ots'], /certa ots info/],
        [['ots', 'info', path.join(files.path, 'missing.ots')], /missing\.ots/],
        [['worker', '--forever'], /forever/],
        [
          ['verify', '--sha256', 'a'.repeat(64), '--header-source', 'blockstream'],
          /--header-source/,
        ],
      ] as const) {
        const result = await cli([...args], { ANCHOR_BACKENDS: 'none', DATA_DIR: files.path });
        expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(2);
        expect(result.err).toMatch(mention);
        expect(result.err.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      files.remove();
    }
  });

  it('certa worker with ANCHOR_BACKENDS=none still runs the jobs and says anchoring is off', async () => {
    const result = await cli(['worker', '--once'], { ANCHOR_BACKENDS: 'none' });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Jobs: 0 tries run/);
    expect(result.out).toMatch(/ANCHOR_BACKENDS=none/);
  });

  it('certa ots info on a file that is not a proof exits 1 with a sentence', async () => {
    const files = createTempDir('certa-ots-');
    try {
      const file = path.join(files.path, 'notes.ots');
      fs.writeFileSync(file, 'not a proof');
      const result = await cli(['ots', 'info', file]);
      expect(result.code).toBe(1);
      expect(result.err.trim()).toMatch(
        /^"[^"]*notes\.ots" is not an OpenTimestamps proof \(it does not start with the OpenTimestamps header\)\.$/,
      );
    } finally {
      files.remove();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`certa worker, ots info and verify against an anchoring platform (${dialect})`, () => {
    let stand: AnchoringStand;
    let files: { path: string; remove: () => void };
    let document: { documentId: string; pdf: Buffer; sha256: string };
    let pdfFile: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
      files = createTempDir('certa-anchoring-cli-');
      const [issued] = await issueAndActivate(stand, 1);
      if (issued === undefined) throw new Error('no document');
      document = issued;
      pdfFile = path.join(files.path, `${document.documentId}.pdf`);
      fs.writeFileSync(pdfFile, document.pdf);
      const { database } = stand.platform.config;
      env = {
        DATA_DIR: stand.platform.dataDir,
        DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
        ANCHOR_BACKENDS: 'calendars',
        ANCHOR_CALENDARS: stand.calendars.map((calendar) => calendar.url).join(','),
        BITCOIN_HEADER_SOURCE: `esplora:${stand.esplora.url}`,
        LOG_LEVEL: 'silent',
      };
    });
    afterAll(async () => {
      files.remove();
      await stand.close();
    });

    it('certa worker --once batches as soon as ANCHOR_BATCH_MAX digests wait, and --status shows it', async () => {
      const early = await cli(['worker', '--once'], env);
      expect(early.code, early.err).toBe(0);
      expect(early.out).toMatch(/0 batches made/);
      // Three wait: the document's commitment, its PDF's digest and the audit chain's head.
      const result = await cli(['worker', '--once'], { ...env, ANCHOR_BATCH_MAX: '3' });
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/1 batch made/);
      expect((await allSubmissions(stand.platform)).map((row) => row.status)).toEqual([
        'pending',
        'pending',
      ]);
      const status = await cli(['worker', '--status'], env);
      expect(status.code, status.err).toBe(0);
      expect(status.out).toMatch(/Batches: 0 queued, 1 pending, 0 anchored/);
      for (const calendar of stand.calendars)
        expect(status.out).toContain(`calendar:${calendar.url}: pending`);
    });

    it('certa verify shows a pending timestamp before confirmation', async () => {
      const result = await cli([
        'verify',
        pdfFile,
        '--url',
        stand.platform.baseUrl,
        '--header-source',
        `esplora:${stand.esplora.url}`,
      ]);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/^… time +Not anchored in Bitcoin yet/m);
    });

    it('once anchored, certa verify checks the platform’s proof here: ✔ time with the block', async () => {
      for (const calendar of stand.calendars) calendar.confirm({ time: 1_790_000_000 });
      stand.platform.clock.advance(20 * 60_000);
      const worker = stand.worker();
      await worker.tick();
      const block = [...stand.esplora.blocks.values()][0];
      const result = await cli([
        'verify',
        pdfFile,
        '--url',
        stand.platform.baseUrl,
        '--header-source',
        `esplora:${stand.esplora.url}`,
      ]);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(
        new RegExp(
          `^✔ time +Existed by 2026-09-21T\\S+: anchored in Bitcoin block ${block?.height}`,
          'm',
        ),
      );
      expect(result.err).toBe('');
      const json = await cli([
        'verify',
        '--sha256',
        document.sha256,
        '--json',
        '--url',
        stand.platform.baseUrl,
        '--header-source',
        `esplora:${stand.esplora.url}`,
      ]);
      const report = JSON.parse(json.out) as { anchor: { bitcoinHeight: number | null } };
      expect(report.anchor.bitcoinHeight).toBe(block?.height);
    });

    it('certa ots info prints the downloaded proof like the reference client', async () => {
      const download = await downloadProof(stand.platform, document.documentId);
      const file = path.join(files.path, `${document.documentId}.pdf.ots`);
      fs.writeFileSync(file, download.raw);
      const result = await cli(['ots', 'info', file]);
      expect(result.code, result.err).toBe(0);
      expect(`${result.out}`).toBe(
        formatOtsInfo(DetachedTimestampFile.deserialize(download.raw)).replace(/\n?$/, '\n'),
      );
      expect(result.out).toContain(`File sha256 hash: ${document.sha256}`);
      expect(result.out).toContain('BitcoinBlockHeaderAttestation(');
    });

    it('--ots checks a local proof without asking the platform for it, even with the platform offline', async () => {
      const file = path.join(files.path, `${document.documentId}.pdf.ots`);
      const offline = await cli([
        'verify',
        pdfFile,
        '--ots',
        file,
        '--url',
        await unusedLocalUrl(),
        '--header-source',
        `esplora:${stand.esplora.url}`,
      ]);
      expect(offline.code).toBe(3);
      expect(offline.out).toMatch(/^✔ time +Existed by /m);
      expect(offline.err).toMatch(/Could not reach/);
    });

    it('with the header source unreachable the time is "?" and the document still valid', async () => {
      const result = await cli([
        'verify',
        pdfFile,
        '--url',
        stand.platform.baseUrl,
        '--header-source',
        `esplora:${await unusedLocalUrl()}`,
      ]);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/^\? time +Could not check the proof against Esplora/m);
      expect(result.out).toMatch(/^VALID: /m);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`certa serve runs the anchoring worker in-process (${dialect})`, () => {
    let stand: AnchoringStand;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
    });
    afterAll(async () => stand.close());

    it('the embedded worker batches on its own timer, and stops cleanly on SIGTERM', async () => {
      await issueAndActivate(stand, 1);
      const { database } = stand.platform.config;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? ROOT,
          DATA_DIR: stand.platform.dataDir,
          DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
          HOST: '127.0.0.1',
          PORT: '0',
          ANCHOR_BACKENDS: 'calendars',
          ANCHOR_CALENDARS: stand.calendars.map((calendar) => calendar.url).join(','),
          ANCHOR_INTERVAL_SECONDS: '1',
          BITCOIN_HEADER_SOURCE: `esplora:${stand.esplora.url}`,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      try {
        const deadline = Date.now() + 40_000;
        while (stand.calendars.some((calendar) => calendar.posted.length === 0)) {
          if (Date.now() > deadline) throw new Error(Buffer.concat(out).toString('utf8'));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        child.kill('SIGTERM');
      }
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(Buffer.concat(out).toString('utf8')).toMatch(/Anchoring on Bitcoin through calendars/);
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => row.status)).toEqual(['pending', 'pending']);
      // The clean stop gave the lock up: a worker here takes it at once.
      expect((await stand.worker().tick()).leader).toBe(true);
    });
  });
}
