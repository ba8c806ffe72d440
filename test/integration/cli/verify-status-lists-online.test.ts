import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { cli, freePort, serveAlsoOn } from './cli-harness.js';

/**
 * `certa verify` reads validity from the issuer's signed status lists online (the URLs in the
 * record's BitstringStatusListEntry), checked against the record's own signer: the answer holds
 * when the platform's lookup cannot be asked, and a list that says revoked outweighs it.
 */
describe('certa verify fetches the status lists online', () => {
  let platform: TestPlatform;
  let alias: { close(): Promise<void> };
  let files: { path: string; remove: () => void };
  let deadUrl: string;
  let activePdf: string;
  let revokedPdf: string;
  let suspendedPdf: string;
  let listsPath: string;

  beforeAll(async () => {
    const port = await freePort();
    platform = await startTestPlatform('sqlite', { PUBLIC_URL: `http://127.0.0.1:${port}` });
    alias = await serveAlsoOn(platform, port);
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    files = createTempDir('certa-verify-lists-');
    const issuer = await newApprovedIssuer(platform, 'Collège des Listes');
    listsPath = `/api/issuers/${issuer.organisationId}/status-lists`;
    const write = async (name: string, action: string | null): Promise<string> => {
      const id = await issueOne(platform, issuer, { title: `Diplôme ${name}` });
      const { pdf } = await activate(platform, await activationLinkFor(platform, id));
      if (action !== null) {
        const response = await call(
          platform.baseUrl,
          'POST',
          `/api/organisations/${issuer.organisationId}/documents/${id}/${action}`,
          { token: issuer.token, json: { reason: 'Awarded in error' } },
        );
        expect(response.status).toBe(200);
      }
      const file = path.join(files.path, `${name}.pdf`);
      fs.writeFileSync(file, pdf);
      return file;
    };
    activePdf = await write('active', null);
    revokedPdf = await write('revoked', 'revoke');
    suspendedPdf = await write('suspended', 'suspend');
  }, 60_000);
  afterAll(async () => {
    await alias.close();
    await platform.close();
    files.remove();
  });

  const DATE = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?Z';

  it('with the lookup unreachable, validity still comes from the lists: active, exit 3 for the rest', async () => {
    const result = await cli(['verify', activePdf, '--url', deadUrl], {});
    expect(result.code).toBe(3);
    expect(result.out).toMatch(
      new RegExp(`^✔ validity {2}Active: not set in the issuer's status lists of ${DATE}\\.$`, 'm'),
    );
    expect(result.out).toContain(
      `? integrity Unknown: the platform at ${deadUrl} could not be reached.\n`,
    );
  });

  it('a revoked or suspended document is NOT VALID from the lists alone (exit 1)', async () => {
    const revoked = await cli(['verify', revokedPdf, '--url', deadUrl], {});
    expect(revoked.code).toBe(1);
    expect(revoked.out).toMatch(
      new RegExp(
        `^✘ validity {2}Revoked: its bit is set in the issuer's revocation list of ${DATE}\\.$`,
        'm',
      ),
    );
    expect(revoked.out).toMatch(/^NOT VALID: SHA-256 [0-9a-f]{64}$/m);
    const suspended = await cli(['verify', suspendedPdf, '--url', deadUrl, '--json'], {});
    expect(suspended.code).toBe(1);
    const report = JSON.parse(suspended.out) as { checks: { id: string; code: string }[] };
    expect(report.checks.find((check) => check.id === 'validity')?.code).toBe('suspended');
  });

  it('with the platform reached its answer keeps its reason, and the lists agree', async () => {
    const result = await cli(['verify', revokedPdf], {});
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^✘ validity .*Awarded in error/m);
    const active = await cli(['verify', activePdf], {});
    expect(active.code, active.out + active.err).toBe(0);
  });

  it('--status-list files still work offline, and the help says where lists come from', async () => {
    const lists: string[] = [];
    for (const purpose of ['revocation', 'suspension']) {
      const response = await call(platform.baseUrl, 'GET', `${listsPath}/${purpose}`);
      expect(response.status).toBe(200);
      const file = path.join(files.path, `${purpose}.jwt`);
      fs.writeFileSync(file, response.raw);
      lists.push('--status-list', file);
    }
    const offline = await cli(['verify', revokedPdf, ...lists], {});
    expect(offline.code).toBe(1);
    expect(offline.out).toMatch(
      /^✘ validity {2}Revoked: its bit is set in the issuer's revocation list/m,
    );
    expect(offline.out).toContain('\nPlatform: none asked');
    const help = await cli(['verify', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toContain(
      "Validity is checked here from the issuer's signed status lists, fetched whole from the",
    );
  });
});
