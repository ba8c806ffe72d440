import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import {
  createOrganisationOverHttp,
  evidencePng,
  newPerson,
  newPlatformAdmin,
  uploadEvidence,
  waitForMails,
  type Person,
} from './application-helpers.js';

/*
 * `certa issuer` on the host: the queue, approve, reject --reason, request-info --reason — the
 * same decisions as the admin routes, recorded in the audit log as the host operator and e-mailed
 * to the organisation's owners and admins.
 */

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
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

describe('certa issuer usage', () => {
  it('--help names every action; reject and request-info need --reason', async () => {
    const help = await cli(['issuer', '--help']);
    expect(help.code).toBe(0);
    for (const action of ['list', 'approve', 'reject', 'request-info', '--reason'])
      expect(help.out).toContain(action);
    for (const action of ['reject', 'request-info']) {
      const result = await cli(['issuer', action, 'someIssuerId'], {
        DATA_DIR: '/nonexistent/never-created',
      });
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(/--reason/);
    }
    const approve = await cli(['issuer', 'approve', 'x', '--reason', 'because']);
    expect(approve.code).toBe(2);
    expect(approve.err).toMatch(/--reason only with --without-domain-proof/);
    const waiverWithoutReason = await cli(['issuer', 'approve', 'x', '--without-domain-proof']);
    expect(waiverWithoutReason.code).toBe(2);
    expect(waiverWithoutReason.err).toMatch(/needs --reason/);
    const rejectWaiver = await cli([
      'issuer',
      'reject',
      'x',
      '--reason',
      'r',
      '--without-domain-proof',
    ]);
    expect(rejectWaiver.code).toBe(2);
  });
});

for (const dialect of DIALECTS) {
  describe(`certa issuer against the platform's database (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;
    let reviewer: Person;
    let hostEnv: Record<string, string>;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
      reviewer = await newPlatformAdmin(platform);
      const { database } = platform.config;
      hostEnv = {
        DATA_DIR: platform.dataDir,
        DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
        SMTP_URL: sink.url,
        LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    /** A submitted application with every field and one evidence file. */
    async function submittedApplication(label: string) {
      const owner = await newPerson(platform, label);
      const { organisationId } = await createOrganisationOverHttp(platform, owner, `CLI ${label}`);
      const base = `/api/organisations/${organisationId}/application`;
      const patched = await call(platform.baseUrl, 'PATCH', base, {
        token: owner.token,
        json: {
          registrationNumber: '42',
          country: 'BE',
          website: `https://cli-${label}.org/`,
          contactName: 'Contact',
          contactEmail: `contact@cli-${label}.org`,
        },
      });
      expect(patched.status).toBe(200);
      expect(
        (
          await uploadEvidence(platform, owner.token, organisationId, {
            kind: 'other',
            bytes: evidencePng(),
          })
        ).status,
      ).toBe(201);
      const submitted = await call(platform.baseUrl, 'POST', `${base}/submit`, {
        token: owner.token,
      });
      expect(submitted.status).toBe(200);
      return { owner, organisationId };
    }

    it('request-info --reason sends the application back with the message; reject --reason closes it', async () => {
      const first = await submittedApplication('request');
      const listed = await cli(['issuer', 'list', '--status', 'submitted'], hostEnv);
      expect(listed.code, listed.err).toBe(0);
      // A header row, then each issuer with its domain-proof state and evidence count.
      expect(listed.out).toMatch(/^ID\s+STATUS\s+DOMAIN PROOF\s+EVIDENCE\s+NAME$/m);
      expect(listed.out).toMatch(
        new RegExp(
          `^${first.organisationId}\\s+submitted\\s+not verified \\(cli-request\\.org\\)\\s+1\\s+CLI request$`,
          'm',
        ),
      );

      const message = 'Add the authorisation letter signed by your director.';
      const asked = await cli(
        ['issuer', 'request-info', first.organisationId, '--reason', message],
        hostEnv,
      );
      expect(asked.code, asked.err).toBe(0);
      expect(asked.out).toMatch(/CLI request .* is now more_info_requested\./);
      expect(asked.out).toMatch(/E-mailed 1 owner or admin\./);
      const [mail] = await waitForMails(sink, first.owner.email, 1);
      expect(mail?.text).toContain(message);
      const more = await cli(['issuer', 'list', '--status', 'more_info_requested'], hostEnv);
      expect(more.out).toContain(first.organisationId);

      const reason = 'We could not confirm that this organisation exists.';
      const second = await submittedApplication('reject');
      const rejected = await cli(
        ['issuer', 'reject', second.organisationId, '--reason', reason],
        hostEnv,
      );
      expect(rejected.code, rejected.err).toBe(0);
      expect(rejected.out).toMatch(/is now rejected\./);
      const [rejection] = await waitForMails(sink, second.owner.email, 1);
      expect(rejection?.text).toContain(reason);

      const twice = await cli(
        ['issuer', 'reject', second.organisationId, '--reason', reason],
        hostEnv,
      );
      expect(twice.code).toBe(4);
      expect(twice.err).toMatch(/rejected, not waiting for review/);

      // The audit trail names the host operator (system, no user) with the time.
      const review = await call<{
        audit: Array<{
          action: string;
          at: string;
          actor: { type: string; id: string | null };
          detail: Record<string, unknown>;
        }>;
      }>(platform.baseUrl, 'GET', `/api/admin/issuers/${second.organisationId}`, {
        token: reviewer.token,
      });
      const decision = review.body.audit.find((entry) => entry.action === 'organisation.rejected');
      expect(decision?.actor).toMatchObject({ type: 'system', id: null });
      expect(decision?.detail).toMatchObject({ via: 'cli', reason });
    });
  });
}
