import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { cli, freePort, serveAlsoOn } from './cli-harness.js';

/**
 * A verifier elsewhere: no --url, no CERTA_URL. `certa verify` finds the platform in the PDF's
 * signed record (once its JWS and PAdES signature verify) and says which one it asked.
 */
describe('certa verify finds the issuing platform by itself', () => {
  let platform: TestPlatform;
  let gone: TestPlatform;
  let alias: { close(): Promise<void> };
  let publicUrl: string;
  let goneUrl: string;
  let files: { path: string; remove: () => void };
  let validPdf: string;
  let validId: string;
  let orphanPdf: string;
  let forgedPdf: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    platform = await startTestPlatform('sqlite', { PUBLIC_URL: publicUrl });
    alias = await serveAlsoOn(platform, port);
    files = createTempDir('certa-verify-anywhere-');
    const issuer = await newApprovedIssuer(platform, 'Institut du Port 8443');
    validId = await issueOne(platform, issuer, { title: 'Diplôme de port' });
    const valid = await activate(platform, await activationLinkFor(platform, validId));
    validPdf = path.join(files.path, 'diploma.pdf');
    fs.writeFileSync(validPdf, valid.pdf);

    // A platform whose PDFs name an address where nothing answers.
    goneUrl = `http://127.0.0.1:${await freePort()}`;
    gone = await startTestPlatform('sqlite', { PUBLIC_URL: goneUrl });
    const goneIssuer = await newApprovedIssuer(gone, 'Vanished Academy');
    const orphanId = await issueOne(gone, goneIssuer);
    const orphan = await activate(gone, await activationLinkFor(gone, orphanId));
    orphanPdf = path.join(files.path, 'orphan.pdf');
    fs.writeFileSync(orphanPdf, orphan.pdf);

    // The same PDF with one byte changed inside its signed bytes: PAdES breaks, so the record's
    // platform must not be trusted (nor asked).
    const forged = Buffer.from(valid.pdf);
    const at = forged.indexOf('Diplôme de port'.slice(0, 4));
    const index = at > 0 ? at : Math.floor(forged.length / 2);
    forged[index] = (forged[index] ?? 0) ^ 0x01;
    forgedPdf = path.join(files.path, 'forged.pdf');
    fs.writeFileSync(forgedPdf, forged);
  });
  afterAll(async () => {
    await alias.close();
    await platform.close();
    await gone.close();
    files.remove();
  });

  it('a PDF from a platform on a non-default port is VALID with neither --url nor CERTA_URL, and the platform is named', async () => {
    const result = await cli(['verify', validPdf], {});
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^✔ integrity /m);
    expect(result.out).toMatch(/^✔ signature /m);
    expect(result.out).toMatch(/^✔ record /m);
    expect(result.out).toContain(`\nVALID: “Diplôme de port” (${validId})\n`);
    expect(result.out).toContain(`\nPlatform: ${publicUrl} (named by the PDF's signed record)\n`);
  });

  it('--json names the platform and how it was found', async () => {
    const result = await cli(['verify', validPdf, '--json'], {});
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out) as {
      valid: boolean;
      verdict: string;
      platform: { url: string; source: string; reached: boolean };
    };
    expect(report).toMatchObject({
      valid: true,
      verdict: 'valid',
      platform: { url: publicUrl, source: 'record', reached: true },
    });
  });

  it('--url and CERTA_URL override the platform the record names, and the output says so', async () => {
    const viaOption = await cli(['verify', validPdf, '--url', platform.baseUrl], {});
    expect(viaOption.code, viaOption.err).toBe(0);
    expect(viaOption.out).toContain(`\nPlatform: ${platform.baseUrl} (given with --url)\n`);
    const viaEnv = await cli(['verify', validPdf], { CERTA_URL: platform.baseUrl });
    expect(viaEnv.code, viaEnv.err).toBe(0);
    expect(viaEnv.out).toContain(`\nPlatform: ${platform.baseUrl} (from CERTA_URL)\n`);
    // An override that does not answer is unreachable, whatever the record says.
    const down = await cli(['verify', validPdf, '--url', goneUrl], {});
    expect(down.code).toBe(3);
    expect(down.err).toBe(
      `Could not reach the platform at ${goneUrl} (given with --url): no connection; the checks that need it are unknown.\n`,
    );
  });

  it('a PDF whose record names an unreachable platform gets the local checks and "unknown", exit 3, never VALID', async () => {
    const result = await cli(['verify', orphanPdf], {});
    expect(result.code).toBe(3);
    expect(result.err).toBe(
      `Could not reach the platform at ${goneUrl} (named by the PDF's signed record): no connection; the checks that need it are unknown.\n`,
    );
    const unknown = `Unknown: the platform at ${goneUrl} could not be reached.`;
    for (const id of ['integrity', 'issuer', 'validity', 'time'])
      expect(result.out).toContain(`? ${id.padEnd(9)} ${unknown}\n`);
    expect(result.out).toMatch(/^✔ signature {1}The PAdES signature verifies over the whole file/m);
    expect(result.out).toMatch(
      /^✔ record {4}The embedded record's signature verifies, checked here;/m,
    );
    expect(result.out).toMatch(/^UNKNOWN: SHA-256 [0-9a-f]{64}$/m);
    expect(result.out).toContain(
      `\nPlatform: ${goneUrl} (named by the PDF's signed record), not reachable`,
    );
    expect(result.out).not.toMatch(/^VALID/m);

    const json = await cli(['verify', orphanPdf, '--json'], {});
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toMatchObject({
      valid: false,
      verdict: 'unknown',
      platform: { url: goneUrl, source: 'record', reached: false },
    });
  });

  it('a platform that answers with a redirect is not followed: exit 3, naming where it points', async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(308, { location: 'https://elsewhere.example/api/verify' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const result = await cli(['verify', validPdf, '--url', url], {});
      expect(result.code).toBe(3);
      expect(result.err).toBe(
        `Could not reach the platform at ${url} (given with --url): it redirects to https://elsewhere.example/api/verify (give that address with --url); the checks that need it are unknown.\n`,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a PDF whose signature is broken is NOT VALID here, and the platform its record names is not asked', async () => {
    const result = await cli(['verify', forgedPdf], {});
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      "No platform was asked: the PDF's signature does not check out; give --url <platform> or set CERTA_URL to ask one.\n",
    );
    expect(result.out).toMatch(/^✘ signature /m);
    expect(result.out).toContain(
      "? integrity Unknown: no platform was asked, because the PDF's signature does not check out.\n",
    );
    expect(result.out).toMatch(/^NOT VALID: SHA-256 [0-9a-f]{64}$/m);
    expect(result.out).toContain('\nPlatform: none asked');
  });

  it('a verification link (the QR code) asks the platform it names for the status', async () => {
    const result = await cli(['verify', `${publicUrl}/verify/${validId}`], {});
    expect(result.code, result.err).toBe(0);
    expect(result.out.split('\n')).toEqual([
      '✔ issuer    Issued by Institut du Port 8443, whose identity was checked by the platform.',
      expect.stringMatching(/^✔ validity {2}Active: issued \S+, no expiry date\.$/),
      '? integrity Not checked: a link or an id says nothing about a file; verify the PDF itself.',
      '',
      `VALID: “Diplôme de port” (${validId})`,
      'Issuer: Institut du Port 8443 (verified)',
      `Platform: ${publicUrl} (from the link)`,
      'Only the status was checked; verify the PDF itself to check the file.',
      '',
    ]);
  });

  it('a document id asks --url; an unknown id is NOT VALID (exit 1); an unreachable one exit 3', async () => {
    const byId = await cli(['verify', validId, '--url', publicUrl], {});
    expect(byId.code, byId.err).toBe(0);
    expect(byId.out).toContain(`\nPlatform: ${publicUrl} (given with --url)\n`);
    const unknownId = 'A'.repeat(22);
    const missing = await cli(['verify', unknownId, '--url', publicUrl], {});
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(
      `✘ validity  The platform at ${publicUrl} has no document ${unknownId}.\n`,
    );
    const down = await cli(['verify', validId, '--url', goneUrl], {});
    expect(down.code).toBe(3);
    expect(down.err).toBe(
      `Could not reach the platform at ${goneUrl} (given with --url): no connection; the checks that need it are unknown.\n`,
    );
    const notLink = await cli(['verify', `${publicUrl}/documents/${validId}`], {});
    expect(notLink.code).toBe(2);
    expect(notLink.err).toBe(
      `"${publicUrl}/documents/${validId}" is not a Certa verification link (https://<platform>/verify/<document id>).\n`,
    );
  });
});
