import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/certa-process.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  newSubmittedIssuer,
  readOutbox,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { startAnchoringStand, type AnchoringStand } from '../anchoring/anchoring-stand.js';
import { cli, hostEnv } from './cli-harness.js';

const VERSION = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('certa --version', () => {
  it('--version and -v print "certa <version>" and exit 0; --help names the version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await cli([flag]);
      expect(result).toEqual({ code: 0, out: `certa ${VERSION}\n`, err: '' });
    }
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out.split('\n')[0]).toBe(`certa ${VERSION} — certified digital documents`);
    expect(help.out).toContain('       certa --version\n');
    const extra = await cli(['--version', 'now']);
    expect(extra).toEqual({ code: 2, out: '', err: 'certa --version takes no arguments.\n' });
  });
});

describe('certa messages, against a running platform', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let files: { path: string; remove: () => void };

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    issuer = await newApprovedIssuer(platform, 'Université des Messages');
    files = createTempDir('certa-cli-messages-');
  });
  afterAll(async () => {
    await platform.close();
    files.remove();
  });

  async function apiKey(scopes: string[]): Promise<string> {
    const created = await call<{ key: string }>(
      platform.baseUrl,
      'POST',
      `/api/organisations/${issuer.organisationId}/api-keys`,
      { token: issuer.token, json: { name: `messages ${scopes.join(' ')}`, scopes } },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.key;
  }

  describe('certa issue names its flags, not API fields', () => {
    const base = ['--name', 'Ada Lovelace', '--title', 'Diploma'];

    it('a bad e-mail address: "--email must be a valid e-mail address.", exit 2', async () => {
      const key = await apiKey(['issue']);
      const result = await cli(
        ['issue', ...base, '--email', 'not-an-address', '--url', platform.baseUrl],
        { CERTA_API_KEY: key },
      );
      expect(result).toEqual({
        code: 2,
        out: '',
        err: '--email must be a valid e-mail address.\n',
      });
    });

    it('a past expiry date: "--expires must be in the future.", exit 2', async () => {
      const key = await apiKey(['issue']);
      const result = await cli(
        [
          'issue',
          ...base,
          '--email',
          'ada@example.org',
          '--expires',
          '2020-01-01',
          '--url',
          platform.baseUrl,
        ],
        { CERTA_API_KEY: key },
      );
      expect(result).toEqual({ code: 2, out: '', err: '--expires must be in the future.\n' });
    });

    it('an unknown locale and an empty field label are said with --locale and --field', async () => {
      const key = await apiKey(['issue']);
      const args = ['issue', ...base, '--email', 'ada@example.org', '--url', platform.baseUrl];
      const locale = await cli([...args, '--locale', 'de'], { CERTA_API_KEY: key });
      expect(locale).toEqual({ code: 2, out: '', err: '--locale must be "en" or "fr".\n' });
      const field = await cli([...args, '--field', ' =Distinction'], { CERTA_API_KEY: key });
      expect(field.code).toBe(2);
      expect(field.err).toMatch(/^--field " =Distinction": its label .+\.\n$/);
      expect(field.err).not.toContain('fields[0]');
    });
  });

  it('certa revoke <malformed id> says it is not a document id, exit 2, without asking the server', async () => {
    const result = await cli(['revoke', 'diploma-42', '--reason', 'Issued in error'], {
      CERTA_URL: 'http://127.0.0.1:1',
    });
    expect(result).toEqual({
      code: 2,
      out: '',
      err: '"diploma-42" is not a document id: an id is 22 letters, digits, - or _.\n',
    });
  });

  describe('certa issuer list and suspend', () => {
    it('list prints a header row, the domain-proof state and the evidence count', async () => {
      const pending = await newSubmittedIssuer(platform, 'Header Row Institute');
      const listed = await cli(['issuer', 'list', '--status', 'submitted'], hostEnv(platform));
      expect(listed.code, listed.err).toBe(0);
      const lines = listed.out.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID {22}STATUS {5}DOMAIN PROOF +EVIDENCE {2}NAME$/);
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${pending.organisationId} {2}submitted {2}not verified \\([a-z.]+\\) +1 {9}Header Row Institute$`,
          ),
        ),
      );
      const approved = await cli(['issuer', 'list', '--status', 'approved'], hostEnv(platform));
      expect(approved.out).toMatch(
        new RegExp(
          `^${issuer.organisationId} {2}approved +\\S.* +1 +Université des Messages$`,
          'm',
        ),
      );
    });

    it('suspend stops an approved issuer like the HTTP route, with a reason; twice is refused', async () => {
      const other = await newApprovedIssuer(platform, 'Suspended Academy');
      const noReason = await cli(['issuer', 'suspend', other.organisationId], hostEnv(platform));
      expect(noReason).toEqual({
        code: 2,
        out: '',
        err: 'issuer suspend needs --reason <text>, which the organisation is sent.\n',
      });
      const suspended = await cli(
        ['issuer', 'suspend', other.organisationId, '--reason', 'Accreditation withdrawn.'],
        hostEnv(platform),
      );
      expect(suspended.code, suspended.err).toBe(0);
      expect(suspended.out).toBe(
        `Suspended Academy (${other.organisationId}) is now suspended.\nE-mailed 1 owner or admin.\n`,
      );
      const refused = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${other.organisationId}/documents`,
        {
          token: other.token,
          json: { title: 'x', recipient: { name: 'A', email: 'a@example.org' } },
        },
      );
      expect(refused.status).toBe(403);
      const again = await cli(
        ['issuer', 'suspend', other.organisationId, '--reason', 'Accreditation withdrawn.'],
        hostEnv(platform),
      );
      expect(again.code).toBe(4);
      expect(again.err).toMatch(/^[^\n]*not approved, so it cannot be suspended[^\n]*\.\n$/);
    });
  });

  describe('the outbox', () => {
    it('each e-mail shows its link whole on one line to cat, and certa outbox lists them with the secret shortened', async () => {
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Émilie du Châtelet', email: 'emilie@example.org' },
      });
      const link = await activationLinkFor(platform, documentId);
      const outbox = path.join(platform.dataDir, 'outbox');
      const raw = fs
        .readdirSync(outbox)
        .map((name) => fs.readFileSync(path.join(outbox, name), 'utf8'))
        .find((text) => text.includes(documentId));
      expect(raw?.split(/\r?\n/)).toContain(link.url);

      const listed = await cli(['outbox'], hostEnv(platform));
      expect(listed.code, listed.err).toBe(0);
      const lines = listed.out.split('\n');
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\d+ e-mails in ${outbox.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(oldest first\\):$`,
        ),
      );
      expect(lines[1]).toMatch(/^FILE +DATE {18}TO +SUBJECT$/);
      expect(lines).toContain(
        `  ${link.url.slice(0, link.url.indexOf('#') + 1)}${link.secret.slice(0, 4)}…`,
      );
      expect(listed.out).toMatch(/ emilie@example\.org +\S/);
      expect(listed.out).not.toContain(link.secret);
      for (const other of await readOutbox(platform))
        expect(listed.out).not.toContain(other.secret);

      const newest = await cli(['outbox', '--limit', '1'], hostEnv(platform));
      expect(newest.out.split('\n')[0]).toMatch(/, the newest 1 shown \(oldest first\):$/);
    });

    it('an empty outbox and SMTP delivery are each one sentence', async () => {
      const empty = path.join(files.path, 'fresh-data');
      const none = await cli(['outbox'], { DATA_DIR: empty });
      expect(none).toEqual({
        code: 0,
        out: `The outbox (${path.join(empty, 'outbox')}) is empty.\n`,
        err: '',
      });
      const smtp = await cli(['outbox'], { DATA_DIR: empty, SMTP_URL: 'smtp://127.0.0.1:2525' });
      expect(smtp).toEqual({
        code: 0,
        out: 'E-mails go out through SMTP_URL: there is no outbox.\n',
        err: '',
      });
    });
  });

  describe('certa ots info on something else', () => {
    it('a JSON error saved as .ots: one sentence saying so, exit 1', async () => {
      const file = path.join(files.path, 'diploma.pdf.ots');
      fs.writeFileSync(
        file,
        JSON.stringify({
          error: { code: 'CONFLICT', message: 'The proof is not ready yet.' },
        }),
      );
      const result = await cli(['ots', 'info', file]);
      expect(result).toEqual({
        code: 1,
        out: '',
        err: `"${file}" is not an OpenTimestamps proof but a JSON error from a server (“The proof is not ready yet”).\n`,
      });
    });

    it('any other file: one sentence saying it is not an OpenTimestamps proof, exit 1', async () => {
      const file = path.join(files.path, 'notes.ots');
      fs.writeFileSync(file, 'These are my notes, not a proof.\n');
      const result = await cli(['ots', 'info', file]);
      expect(result).toEqual({
        code: 1,
        out: '',
        err: `"${file}" is not an OpenTimestamps proof (it does not start with the OpenTimestamps header).\n`,
      });
    });
  });
});

describe('certa proof <id> -o file.ots', () => {
  let stand: AnchoringStand;
  let files: { path: string; remove: () => void };
  let documentId: string;

  beforeAll(async () => {
    stand = await startAnchoringStand('sqlite');
    files = createTempDir('certa-cli-proof-');
    documentId = await issueOne(stand.platform, stand.issuer);
    await activate(stand.platform, await activationLinkFor(stand.platform, documentId));
  });
  afterAll(async () => {
    await stand.close();
    files.remove();
  });

  it('while the digest waits in the queue: exit 1, one sentence, and no file at all', async () => {
    const file = path.join(files.path, 'queued.ots');
    const result = await cli(['proof', documentId, '-o', file, '--url', stand.platform.baseUrl]);
    expect(result).toEqual({
      code: 1,
      out: '',
      err: `The proof of document ${documentId} is not ready: its digest waits in the anchoring queue; try again after the next batch.\n`,
    });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(files.path)).toEqual([]);
  });

  it('an unknown document exits 4; a malformed id exits 2', async () => {
    const unknown = 'Q'.repeat(22);
    const missing = await cli(['proof', unknown, '--url', stand.platform.baseUrl]);
    expect(missing).toEqual({
      code: 4,
      out: '',
      err: `The platform at ${stand.platform.baseUrl} has no document ${unknown}.\n`,
    });
    const malformed = await cli(['proof', 'not/an/id', '--url', stand.platform.baseUrl]);
    expect(malformed).toEqual({
      code: 2,
      out: '',
      err: '"not/an/id" is not a document id: an id is 22 letters, digits, - or _.\n',
    });
  });

  it('once batched it saves the proof, which certa ots info reads', async () => {
    stand.platform.clock.advance(10 * 60_000);
    await stand.worker().tick();
    const file = path.join(files.path, 'diploma.pdf.ots');
    const result = await cli(['proof', documentId, '-o', file, '--url', stand.platform.baseUrl]);
    expect(result.code, result.err).toBe(0);
    const bytes = fs.readFileSync(file);
    expect(result.out).toBe(
      `Saved the proof of document ${documentId} to ${file} (${bytes.length} bytes); check it with certa verify <file.pdf> --ots ${file}.\n`,
    );
    const info = await cli(['ots', 'info', file]);
    expect(info.code, info.err).toBe(0);
    expect(info.out).toMatch(/^File sha256 hash: [0-9a-f]{64}$/m);
    expect(info.out).toContain('PendingAttestation');
  });
});
