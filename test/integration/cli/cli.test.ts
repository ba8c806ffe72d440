import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { runCertaProcess } from '../../helpers/certa-process.js';
import { sha256Hex } from '../../../src/crypto/digest.js';
import { randomPublicId } from '../../../src/crypto/random.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  newSubmittedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';
import { createTempDir, DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const COMMANDS = [
  'serve',
  'admin',
  'issuer',
  'issue',
  'verify',
  'proof',
  'revoke',
  'outbox',
  'migrate',
] as const;
const UNREACHABLE_URL = 'http://127.0.0.1:1';

interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with a fake terminal: what it printed, and its exit code. */
async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdin: Readable.from(stdin === '' ? [] : [Buffer.from(stdin)]),
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(text),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** One sentence on one line (a trailing newline allowed), mentioning `what`. */
function expectOneSentence(text: string, what?: RegExp): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  expect(lines, JSON.stringify(text)).toHaveLength(1);
  expect(lines[0], JSON.stringify(text)).toMatch(/^\S.*[.!?]$/);
  if (what !== undefined) expect(lines[0]).toMatch(what);
}

function databaseUrlOf(platform: TestPlatform): string {
  const { database } = platform.config;
  return database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url;
}

/** The environment host commands (admin, issuer) need to act on the platform's own database. */
function hostEnv(platform: TestPlatform): Record<string, string> {
  return { DATA_DIR: platform.dataDir, DATABASE_URL: databaseUrlOf(platform), LOG_LEVEL: 'warn' };
}

async function signUpPending(
  platform: TestPlatform,
  name: string,
): Promise<{ organisationId: string }> {
  return newSubmittedIssuer(platform, name);
}

describe('certa usage', () => {
  it('certa --help lists every command and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const name of COMMANDS) expect(result.out).toContain(`  ${name}`);
    expect(result.err).toBe('');
  });

  it('--help on every command prints its usage and exits 0', async () => {
    for (const name of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const result = await cli([name, flag]);
        expect(result.code, `${name} ${flag}: ${result.err}`).toBe(0);
        expect(result.out, `${name} ${flag}`).toContain(`certa ${name}`);
        expect(result.err, `${name} ${flag}`).toBe('');
      }
    }
    for (const args of [
      ['admin', 'create', '--help'],
      ['issuer', 'approve', '--help'],
    ]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.out).toContain(`certa ${args[0]}`);
    }
  });

  it('an unknown command exits 2 with one sentence naming it', async () => {
    const result = await cli(['frobnicate', '--now']);
    expect(result.code).toBe(2);
    expectOneSentence(result.err, /frobnicate/);
    expect(result.out).toBe('');
  });

  it('no command at all prints the overview and exits 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.out).toContain('Usage: certa <command>');
  });

  it('missing required options exit 2 with a sentence naming them', async () => {
    const cases: Array<[string[], RegExp[]]> = [
      [['issue'], [/--name/, /--email/, /--title/]],
      [
        ['issue', '--name', 'Ada Lovelace'],
        [/--email/, /--title/],
      ],
      [['admin', 'create'], [/--email/]],
      [['revoke', 'someDocumentId'], [/--reason/]],
      [['revoke', '--reason', 'Issued in error'], [/document id/]],
      [['verify'], [/PDF/, /--sha256/]],
      [['issuer', 'approve'], [/issuer id/]],
      [['issuer', 'reject', 'one', 'two'], [/issuer id/]],
    ];
    for (const [args, mentions] of cases) {
      const result = await cli(args, { DATA_DIR: '/nonexistent/never-created' });
      expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(2);
      expectOneSentence(result.err);
      for (const mention of mentions) expect(result.err, args.join(' ')).toMatch(mention);
      expect(fs.existsSync('/nonexistent/never-created')).toBe(false);
    }
    const issueResult = await cli(['issue', '--name', 'Ada Lovelace']);
    expect(issueResult.err).not.toMatch(/--name/);
  });

  it('an unknown action or option exits 2 with a sentence', async () => {
    for (const args of [
      ['admin', 'delete', '--email', 'a@example.org'],
      ['issuer', 'promote', 'x'],
      ['verify', '--frobnicate', 'file.pdf'],
      ['issue', '--colour', 'red'],
    ]) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(2);
      expect(result.err.trim().length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('certa issue without CERTA_API_KEY exits 2 with a sentence naming CERTA_API_KEY', async () => {
    const result = await cli(
      [
        'issue',
        '--name',
        'Ada Lovelace',
        '--email',
        'ada@example.org',
        '--title',
        'Diploma',
        '--url',
        UNREACHABLE_URL,
      ],
      {},
    );
    expect(result.code).toBe(2);
    expectOneSentence(result.err, /CERTA_API_KEY/);
  });

  it('a server URL that is not http(s) exits 2 with a sentence', async () => {
    const result = await cli(['verify', '--sha256', 'a'.repeat(64), '--url', 'ftp://example.org']);
    expect(result.code).toBe(2);
    expectOneSentence(result.err, /ftp:\/\/example\.org/);
  });
});

for (const dialect of DIALECTS) {
  describe(`certa against a running platform (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let files: { path: string; remove: () => void };
    let validPdf: string;
    let validDocumentId: string;
    let validSha256: string;
    let tamperedPdf: string;
    let revokedPdf: string;
    let textFile: string;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Université de la Ligne de Commande');
      files = createTempDir('certa-cli-');

      validDocumentId = await issueOne(platform, issuer);
      const valid = await activate(platform, await activationLinkFor(platform, validDocumentId));
      validSha256 = valid.sha256;
      validPdf = path.join(files.path, 'diploma.pdf');
      fs.writeFileSync(validPdf, valid.pdf);

      const tampered = Buffer.from(valid.pdf);
      const index = Math.floor(tampered.length / 2);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      tamperedPdf = path.join(files.path, 'tampered.pdf');
      fs.writeFileSync(tamperedPdf, tampered);

      const revokedId = await issueOne(platform, issuer);
      const revoked = await activate(platform, await activationLinkFor(platform, revokedId));
      const revocation = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${revokedId}/revoke`,
        { token: issuer.token, json: { reason: 'Awarded in error' } },
      );
      expect(revocation.status).toBe(200);
      revokedPdf = path.join(files.path, 'revoked.pdf');
      fs.writeFileSync(revokedPdf, revoked.pdf);

      textFile = path.join(files.path, 'notes.txt');
      fs.writeFileSync(textFile, 'This is not a PDF.\n');
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
        { token: issuer.token, json: { name: `cli ${scopes.join(' ')}`, scopes } },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.key;
    }

    describe('certa verify', () => {
      it('a valid activated PDF exits 0 with a ✔ line per passed check and VALID', async () => {
        const result = await cli(['verify', validPdf, '--url', platform.baseUrl]);
        expect(result.code, result.err).toBe(0);
        expect(result.out).toMatch(/^✔ integrity /m);
        expect(result.out).toMatch(/^✔ issuer /m);
        expect(result.out).toMatch(/^✔ validity /m);
        expect(result.out).toMatch(/^VALID: /m);
        expect(result.out).not.toContain('NOT VALID');
        expect(result.out).toContain(validDocumentId);
        expect(result.out).toContain('Université de la Ligne de Commande (verified)');
        expect(result.err).toBe('');
      });

      it('--json prints a parseable report with valid: true', async () => {
        const result = await cli(['verify', validPdf, '--json', '--url', platform.baseUrl]);
        expect(result.code, result.err).toBe(0);
        const report = JSON.parse(result.out) as {
          valid: boolean;
          sha256: string;
          document: { id: string } | null;
        };
        expect(report.valid).toBe(true);
        expect(report.sha256).toBe(validSha256);
        expect(report.document?.id).toBe(validDocumentId);
      });

      it('--sha256 with the digest gives the same verdict without the file', async () => {
        const result = await cli(['verify', '--sha256', validSha256, '--url', platform.baseUrl]);
        expect(result.code, result.err).toBe(0);
        expect(result.out).toMatch(/^VALID: /m);
      });

      it('a PDF with one flipped byte exits 1 and says NOT VALID', async () => {
        const result = await cli(['verify', tamperedPdf, '--url', platform.baseUrl]);
        expect(result.code, result.err).toBe(1);
        expect(result.out).toMatch(/^✘ integrity /m);
        expect(result.out).toMatch(/^NOT VALID: /m);
        expect(result.out).toContain(sha256Hex(fs.readFileSync(tamperedPdf)));
      });

      it('a revoked document exits 1 and says why', async () => {
        const result = await cli(['verify', revokedPdf, '--url', platform.baseUrl]);
        expect(result.code, result.err).toBe(1);
        expect(result.out).toMatch(/^✘ validity .*Awarded in error/m);
        expect(result.out).toMatch(/^NOT VALID: /m);
      });

      it('a file that is not a PDF, or does not exist, exits 2 with a sentence naming it', async () => {
        const notPdf = await cli(['verify', textFile, '--url', platform.baseUrl]);
        expect(notPdf.code).toBe(2);
        expectOneSentence(notPdf.err, /notes\.txt.*not a PDF/);
        expect(notPdf.out).toBe('');
        const missing = path.join(files.path, 'missing.pdf');
        const absent = await cli(['verify', missing, '--url', platform.baseUrl]);
        expect(absent.code).toBe(2);
        expectOneSentence(absent.err, /missing\.pdf/);
      });

      it('a malformed --sha256 exits 2 with the server’s sentence', async () => {
        const result = await cli(['verify', '--sha256', 'xyz', '--url', platform.baseUrl]);
        expect(result.code).toBe(2);
        expectOneSentence(result.err, /sha256/);
      });

      it('an unreachable server exits 3 with a sentence naming the URL, and the checks made here', async () => {
        const result = await cli(['verify', validPdf, '--url', UNREACHABLE_URL]);
        expect(result.code).toBe(3);
        expect(result.err).toBe(
          'Could not reach the platform at http://127.0.0.1:1 (given with --url): no connection; the checks that need it are unknown.\n',
        );
        expect(result.out).toMatch(/^✔ signature /m);
        expect(result.out).toMatch(
          /^\? integrity Unknown: the platform at http:\/\/127\.0\.0\.1:1 could not be reached\.$/m,
        );
        expect(result.out).toMatch(/^UNKNOWN: SHA-256 /m);
      });
    });

    describe('certa admin and certa issuer (host commands)', () => {
      it('admin create --password-stdin makes a platform admin who can log in and approve an issuer over HTTP', async () => {
        const email = `root-${dialect}@platform.example`;
        const password = 'the admin passphrase, long enough';
        const created = await cli(
          ['admin', 'create', '--email', email, '--password-stdin'],
          hostEnv(platform),
          `${password}\n`,
        );
        expect(created.code, created.err).toBe(0);
        expect(created.out).toMatch(/Platform admin created/);
        expect(created.out).not.toContain(password);

        const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
          json: { email, password },
        });
        expect(session.status, JSON.stringify(session.body)).toBe(201);
        const me = await call<{ isPlatformAdmin: boolean }>(platform.baseUrl, 'GET', '/api/me', {
          token: session.body.token,
        });
        expect(me.body.isPlatformAdmin).toBe(true);
        // Platform admins act only from a session that passed the second factor.
        const admin = await enrolTwoFactor(platform, session.body.token, password);

        const pending = await signUpPending(platform, 'Waiting For The Admin');
        const approved = await call<{ status: string; id: string }>(
          platform.baseUrl,
          'POST',
          `/api/admin/issuers/${pending.organisationId}/approve`,
          {
            token: admin.token,
            json: { approveWithoutDomainProof: true, reason: 'No domain in this test stand.' },
          },
        );
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
        expect(approved.body).toMatchObject({ id: pending.organisationId, status: 'approved' });
      });

      it('admin create for an e-mail that exists already fails with a sentence and a non-zero exit', async () => {
        const result = await cli(
          ['admin', 'create', '--email', issuer.email, '--password-stdin'],
          hostEnv(platform),
          'another long passphrase\n',
        );
        expect(result.code).not.toBe(0);
        expectOneSentence(result.err, /already exists/);
      });

      it('admin create with a short password exits 2 naming the password rule', async () => {
        const result = await cli(
          ['admin', 'create', '--email', `short-${dialect}@platform.example`, '--password-stdin'],
          hostEnv(platform),
          'short\n',
        );
        expect(result.code).toBe(2);
        expectOneSentence(result.err, /password/);
        const users = await platform.ctx.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', `short-${dialect}@platform.example`)
          .execute();
        expect(users).toEqual([]);
      });

      it('issuer list --status submitted shows the review queue, and issuer approve approves', async () => {
        const pending = await signUpPending(platform, 'Queue Example Institute');
        const listed = await cli(['issuer', 'list', '--status', 'submitted'], hostEnv(platform));
        expect(listed.code, listed.err).toBe(0);
        expect(listed.out, listed.err).toMatch(
          new RegExp(
            `^${pending.organisationId}\\s+submitted\\s+not verified \\(\\S+\\)\\s+1\\s+Queue Example Institute$`,
            'm',
          ),
        );
        expect(listed.out).not.toContain(issuer.organisationId);

        const json = await cli(
          ['issuer', 'list', '--status', 'submitted', '--json'],
          hostEnv(platform),
        );
        expect(json.code, json.err).toBe(0);
        const profiles = JSON.parse(json.out) as Array<{ id: string; status: string }>;
        expect(profiles.map((profile) => profile.id)).toContain(pending.organisationId);
        expect(profiles.every((profile) => profile.status === 'submitted')).toBe(true);

        // Its domain is not proved: approve refuses, unless the proof is waived with a reason.
        const refused = await cli(['issuer', 'approve', pending.organisationId], hostEnv(platform));
        expect(refused.code).toBe(4);
        expectOneSentence(refused.err, /domain of this issuer is not verified/);
        const noReason = await cli(
          ['issuer', 'approve', pending.organisationId, '--without-domain-proof'],
          hostEnv(platform),
        );
        expect(noReason.code).toBe(2);
        const approved = await cli(
          [
            'issuer',
            'approve',
            pending.organisationId,
            '--without-domain-proof',
            '--reason',
            'Registry extract checked by phone; no domain.',
          ],
          hostEnv(platform),
        );
        expect(approved.code, approved.err).toBe(0);
        expect(approved.out, approved.err).toMatch(/Queue Example Institute .* is now approved\./);
        const profile = await call<{ status: string; verified: boolean }>(
          platform.baseUrl,
          'GET',
          `/api/issuers/${pending.organisationId}`,
        );
        expect(profile.body).toMatchObject({ status: 'approved', verified: true });

        const again = await cli(['issuer', 'approve', pending.organisationId], hostEnv(platform));
        expect(again.code, again.err).toBe(4);
        expectOneSentence(again.err, /approved/);
      });

      it('issuer approve of an unknown id fails with a sentence; --status bogus exits 2', async () => {
        const unknown = await cli(['issuer', 'approve', randomPublicId()], hostEnv(platform));
        expect(unknown.code).not.toBe(0);
        expectOneSentence(unknown.err, /No organisation/);
        const bogus = await cli(['issuer', 'list', '--status', 'bogus'], hostEnv(platform));
        expect(bogus.code).toBe(2);
        expectOneSentence(bogus.err, /--status/);
      });
    });

    describe('certa issue and certa revoke (through the HTTP API)', () => {
      it('issue with CERTA_API_KEY and --url issues a document and the recipient gets the e-mail', async () => {
        const key = await apiKey(['issue']);
        const result = await cli(
          [
            'issue',
            '--name',
            'Hedy Lamarr',
            '--email',
            'hedy@example.org',
            '--title',
            'Certificate in Frequency Hopping',
            '--field',
            'Grade=Distinction',
            '--url',
            platform.baseUrl,
            '--json',
          ],
          { CERTA_API_KEY: key },
        );
        expect(result.code, result.err).toBe(0);
        const issued = JSON.parse(result.out) as { id: string; status: string };
        expect(issued.status).toBe('pending');
        const link = await activationLinkFor(platform, issued.id);
        expect(link.to).toContain('hedy@example.org');
        const { pdf } = await activate(platform, link);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      });

      it('issue prints a readable sentence without --json', async () => {
        const key = await apiKey(['issue']);
        const result = await cli(
          [
            'issue',
            '--name',
            'Rosalind Franklin',
            '--email',
            'rosalind@example.org',
            '--title',
            'Certificate in Crystallography',
            '--url',
            platform.baseUrl,
          ],
          { CERTA_API_KEY: key },
        );
        expect(result.code, result.err).toBe(0);
        expectOneSentence(result.out, /Issued document [A-Za-z0-9_-]{22} for Université/);
      });

      it('issue with bad input exits 2 with the server’s sentence; a key without the scope exits 4', async () => {
        const issueKey = await apiKey(['issue']);
        const base = ['--name', 'Ada Lovelace', '--email', 'ada@example.org', '--title', 'Diploma'];
        const badDate = await cli(
          ['issue', ...base, '--expires', '2020-01-01', '--url', platform.baseUrl],
          { CERTA_API_KEY: issueKey },
        );
        expect(badDate.code).toBe(2);
        expectOneSentence(badDate.err, /^--expires /);
        const badField = await cli(
          ['issue', ...base, '--field', 'no equals sign', '--url', platform.baseUrl],
          { CERTA_API_KEY: issueKey },
        );
        expect(badField.code).toBe(2);
        expectOneSentence(badField.err, /Label=Value/);

        const readKey = await apiKey(['read']);
        const refused = await cli(['issue', ...base, '--url', platform.baseUrl], {
          CERTA_API_KEY: readKey,
        });
        expect(refused.code).toBe(4);
        expectOneSentence(refused.err, /issue/);

        const wrongKey = await cli(['issue', ...base, '--url', platform.baseUrl], {
          CERTA_API_KEY: `ck_${'A'.repeat(43)}`,
        });
        expect(wrongKey.code).toBe(4);
        expect(wrongKey.err.trim().length).toBeGreaterThan(0);
      });

      it('revoke with a key that may revoke makes verify exit 1', async () => {
        const documentId = await issueOne(platform, issuer);
        const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
        const file = path.join(files.path, `${documentId}.pdf`);
        fs.writeFileSync(file, pdf);
        expect((await cli(['verify', file, '--url', platform.baseUrl])).code).toBe(0);

        const key = await apiKey(['revoke']);
        const revoked = await cli(
          ['revoke', documentId, '--reason', 'Withdrawn by the board', '--url', platform.baseUrl],
          { CERTA_API_KEY: key },
        );
        expect(revoked.code, revoked.err).toBe(0);
        expectOneSentence(revoked.out, new RegExp(documentId));
        const after = await cli(['verify', file, '--url', platform.baseUrl]);
        expect(after.code).toBe(1);
        expect(after.out).toContain('Withdrawn by the board');

        const twice = await cli(
          ['revoke', documentId, '--reason', 'Again', '--url', platform.baseUrl],
          { CERTA_API_KEY: key },
        );
        expect(twice.code).toBe(4);
        expectOneSentence(twice.err, /already revoked/);
      });
    });

    describe('as a real process', () => {
      it('admin create with the password piped on stdin exits 0, and the admin can log in', async () => {
        const email = `piped-${dialect}@platform.example`;
        const password = 'piped through standard input';
        const result = await runCertaProcess(
          ['admin', 'create', '--email', email, '--password-stdin'],
          hostEnv(platform),
          { input: `${password}\n` },
        );
        expect(result.code, result.err).toBe(0);
        expect(result.err).toBe('');
        expectOneSentence(result.out, /Platform admin created/);
        const session = await call(platform.baseUrl, 'POST', '/api/sessions', {
          json: { email, password },
        });
        expect(session.status).toBe(201);
      });
    });
  });
}

describe('certa verify as a real process', () => {
  let platform: TestPlatform;
  let files: { path: string; remove: () => void };
  let validPdf: string;
  let tamperedPdf: string;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    const issuer = await newApprovedIssuer(platform, 'Process Test Academy');
    files = createTempDir('certa-cli-process-');
    const documentId = await issueOne(platform, issuer);
    const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
    validPdf = path.join(files.path, 'valid.pdf');
    fs.writeFileSync(validPdf, pdf);
    const tampered = Buffer.from(pdf);
    const index = Math.floor(tampered.length / 3);
    tampered[index] = (tampered[index] ?? 0) ^ 0x01;
    tamperedPdf = path.join(files.path, 'tampered.pdf');
    fs.writeFileSync(tamperedPdf, tampered);
  });
  afterAll(async () => {
    await platform.close();
    files.remove();
  });

  it('a valid PDF exits 0 and prints the checks and VALID on stdout, nothing on stderr', async () => {
    const result = await runCertaProcess(['verify', validPdf, '--url', platform.baseUrl]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^✔ integrity /m);
    expect(result.out).toMatch(/^VALID: /m);
    expect(result.err).toBe('');
  });

  it('a PDF with one flipped byte exits 1 and prints NOT VALID', async () => {
    const result = await runCertaProcess(['verify', tamperedPdf, '--url', platform.baseUrl]);
    expect(result.code, result.err).toBe(1);
    expect(result.out).toMatch(/^NOT VALID: /m);
  });

  it('an unreachable server exits 3 with one line on stderr and UNKNOWN on stdout', async () => {
    const result = await runCertaProcess(['verify', validPdf, '--url', UNREACHABLE_URL]);
    expect(result.code).toBe(3);
    expectOneSentence(result.err, /127\.0\.0\.1:1/);
    expect(result.out).toMatch(/^UNKNOWN: SHA-256 /m);
    expect(result.out).not.toMatch(/^VALID/m);
  });
});
