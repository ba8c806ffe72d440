import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { loadConfig } from '../../../src/config.js';
import { insertAuditEvent } from '../../../src/db/repositories/audit.repository.js';
import { processingFactsOf } from '../../../src/reports/processing-facts.js';
import { buildProcessingRegister } from '../../../src/reports/processing-register.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { cli, hostEnv } from '../cli/cli-harness.js';
import { createTempDir, DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';

const PASSWORD = 'dpo report password';

interface Counts {
  exports: number;
  erasures: number;
  restrictions: number;
  requests: number;
  recipientConsents: number;
  issuerConsents: number;
}

interface Report {
  register: {
    installation: { database: string; mail: string; anchoring: string };
    activities: Array<{
      id: string;
      retention: string;
      recipients: Array<{ name: string; where: string }>;
    }>;
  };
  counts: { months: Array<{ month: string } & Counts>; totals: Counts };
}

describe('the register of processing follows the configuration', () => {
  const dir = createTempDir();
  afterAll(() => dir.remove());

  function registerFor(env: Record<string, string>) {
    const config = loadConfig({ DATA_DIR: dir.path, ...env });
    return buildProcessingRegister(processingFactsOf(config), new Date().toISOString());
  }

  it('names the database, the mail relay and the calendars, never their credentials', () => {
    const embedded = registerFor({ ANCHOR_BACKENDS: 'none' });
    expect(embedded.installation.database).toMatch(/^SQLite database file .*certa\.sqlite/);
    expect(embedded.installation.mail).toMatch(/^outbox spool /);
    expect(embedded.installation.anchoring).toBe('off (digests stay queued)');
    const verification = embedded.activities.find((activity) => activity.id === 'verification');
    expect(verification?.recipients).toEqual([]);

    const production = registerFor({
      DATABASE_URL: 'postgres://certa:db-secret@db.internal:5432/certa',
      SMTP_URL: 'smtp://mailer:smtp-secret@relay.example.net:587',
      ANCHOR_BACKENDS: 'calendars',
      ANCHOR_CALENDARS: 'https://a.calendar.example,https://b.calendar.example',
    });
    expect(production.installation.database).toBe('PostgreSQL server postgres://db.internal:5432');
    expect(production.installation.mail).toBe('SMTP relay smtp://relay.example.net:587');
    const documents = production.activities.find((activity) => activity.id === 'documents');
    expect(documents?.recipients.map((recipient) => recipient.where)).toContain(
      'smtp://relay.example.net:587',
    );
    const calendars = production.activities
      .find((activity) => activity.id === 'verification')
      ?.recipients.filter((recipient) => recipient.name === 'OpenTimestamps calendar')
      .map((recipient) => recipient.where);
    expect(calendars).toEqual(['https://a.calendar.example', 'https://b.calendar.example']);
    const text = JSON.stringify(production);
    for (const credential of ['db-secret', 'smtp-secret', 'mailer:', 'certa:'])
      expect(text).not.toContain(credential);
  });
});

for (const dialect of DIALECTS) {
  describe(`reports for the DPO (${dialect})`, () => {
    let platform: TestPlatform;
    let adminToken: string;
    let ownerToken: string;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'DPO University');
      ownerToken = issuer.token;
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Camille Dupont', email: 'camille.dupont@example.org' },
      });
      await activate(platform, await activationLinkFor(platform, documentId));
      // The privacy use cases record these actions (src/privacy); two exports and an erasure.
      const at = platform.clock.now().toISOString();
      for (const action of ['document.exported', 'document.exported', 'document.erased'])
        await insertAuditEvent(platform.ctx.db, {
          occurredAt: at,
          actorType: 'recipient',
          actorId: null,
          action,
          organisationId: null,
          targetId: documentId,
        });
      const email = `dpo-admin-${process.pid}@example.org`;
      await createPlatformAdmin(platform.ctx, { email, password: PASSWORD });
      const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email, password: PASSWORD },
      });
      adminToken = (await enrolTwoFactor(platform, session.body.token, PASSWORD)).token;
    }, 60_000);

    afterAll(async () => {
      await platform?.close();
    });

    it('counts consents, exports and erasures by month, for platform admins only', async () => {
      const refused = await call(platform.baseUrl, 'GET', '/api/admin/reports/dpo', {
        token: ownerToken,
      });
      expect(refused.status).toBe(403);
      const report = await call<Report>(platform.baseUrl, 'GET', '/api/admin/reports/dpo', {
        token: adminToken,
      });
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      const month = platform.clock.now().toISOString().slice(0, 7);
      expect(report.body.counts.totals).toMatchObject({
        exports: 2,
        erasures: 1,
        restrictions: 0,
        recipientConsents: 1,
        issuerConsents: 0,
      });
      expect(report.body.counts.months).toEqual([
        expect.objectContaining({ month, exports: 2, erasures: 1, recipientConsents: 1 }),
      ]);
      expect(report.body.register.installation.database).toMatch(
        dialect === 'sqlite' ? /^SQLite/ : /^PostgreSQL server postgres:\/\//,
      );
    });

    it('exports a bundle with the register, the counts and every published terms text, nobody’s data', async () => {
      const bundle = await call<
        Report & {
          format: string;
          terms: Array<{ id: number; kind: string; bodyFr: string; acceptances: object }>;
        }
      >(platform.baseUrl, 'GET', '/api/admin/reports/dpo/export', { token: adminToken });
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-disposition')).toMatch(
        /^attachment; filename="certa-dpo-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      expect(bundle.body.format).toBe('certa-dpo-bundle/1');
      expect(bundle.body.register.activities.map((activity) => activity.id)).toEqual([
        'documents',
        'verification',
        'accounts',
        'issuer-review',
        'consent',
        'audit',
      ]);
      expect(bundle.body.counts.totals.exports).toBe(2);
      expect(bundle.body.terms).toEqual([
        expect.objectContaining({
          id: 1,
          kind: 'recipient',
          acceptances: { en: 1, fr: 0, notRecorded: 0, total: 1 },
        }),
      ]);
      expect(bundle.body.terms[0]?.bodyFr).toContain('Conditions d');
      const text = bundle.raw.toString('utf8');
      expect(text).not.toContain('Camille');
      expect(text).not.toContain('camille.dupont');
      const recorded = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('action', '=', 'report.dpo_exported')
        .execute();
      expect(recorded).toHaveLength(1);
    });

    it('certa report dpo prints the report, and --export writes the bundle to a 0600 file', async () => {
      const env = { ...hostEnv(platform), ANCHOR_BACKENDS: 'none' };
      const printed = await cli(['report', 'dpo'], env);
      expect(printed.code, printed.err).toBe(0);
      const report = JSON.parse(printed.out) as Report;
      expect(report.counts.totals.exports).toBe(2);
      const file = path.join(platform.dataDir, 'dpo-export.json');
      const exported = await cli(['report', 'dpo', '--export', '--output', file], env);
      expect(exported.code, exported.err).toBe(0);
      expect(exported.out).toContain(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string }).format).toBe(
        'certa-dpo-bundle/1',
      );
      const wrong = await cli(['report', 'gdpr'], env);
      expect(wrong.code).toBe(2);
      expect(wrong.err).toContain('certa report dpo');
      const unwritable = await cli(['report', 'dpo', '--output', '/nonexistent/dir/x.json'], env);
      expect(unwritable.code).toBe(1);
      expect(unwritable.err).toMatch(/^Cannot write \/nonexistent\/dir\/x\.json \(ENOENT\)/);
    });
  });
}
