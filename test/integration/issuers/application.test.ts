import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../helpers/http.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-stand-in.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { startWellKnownStandIn, type WellKnownStandIn } from '../../helpers/well-known-stand-in.js';
import {
  addMember,
  createOrganisationOverHttp,
  evidencePdf,
  evidencePng,
  filesUnder,
  mailsTo,
  newPerson,
  newPlatformAdmin,
  storedState,
  uploadEvidence,
  waitForMails,
  type Person,
} from './application-helpers.js';

/*
 * The verification application end to end over HTTP: an owner creates an organisation, fills in
 * the application, uploads evidence, proves the domain (a real DNS server and a real HTTP server
 * on 127.0.0.1), submits; a platform admin reviews, asks for more information, approves,
 * suspends; every decision reaches the owners and admins through a real SMTP server.
 */

interface Application {
  organisationId: string;
  status: string;
  editable: boolean;
  fields: Record<string, string | null>;
  missing: string[];
  evidence: Array<{
    id: string;
    kind: string;
    mediaType: string;
    byteSize: number;
    sha256: string;
  }>;
  domainProof: {
    domain: string | null;
    token: string | null;
    instructions: {
      dns: { name: string; value: string };
      http: { url: string; content: string };
    } | null;
    lastCheck: DomainCheck | null;
    verifiedAt: string | null;
  };
  decisionReason: string | null;
  submittedAt: string | null;
}

interface DomainCheck {
  domain: string;
  verified: boolean;
  checkedAt: string;
  results: Array<{ method: string; verified: boolean; detail: string }>;
}

interface Review {
  issuer: { id: string; status: string; evidenceCount: number; domainVerified: boolean };
  fields: Record<string, string | null>;
  evidence: Array<{ id: string; kind: string }>;
  domainProof: { lastCheck: DomainCheck | null; verifiedAt: string | null };
  audit: Array<{
    at: string;
    action: string;
    actor: { type: string; id: string | null; email: string | null; isPlatformAdmin: boolean };
    detail: Record<string, unknown> | null;
  }>;
}

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const FIELDS = {
  legalName: 'Université de Démonstration SAS',
  registrationNumber: 'RCS 123 456 789',
  country: 'fr',
  website: 'https://DOMAIN/about',
  contactName: 'Camille Martin',
  contactEmail: 'Camille.Martin@DOMAIN',
};

let domainCounter = 0;

/** A fresh domain for one test, answered by the DNS stand-in (127.0.0.1). */
function newDomain(dns: DnsStandIn): string {
  domainCounter += 1;
  const domain = `univ-demo-${domainCounter}-${process.pid}.org`;
  dns.zone.set(domain, { A: ['127.0.0.1'] });
  return domain;
}

function fieldsFor(domain: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(FIELDS).map(([key, value]) => [key, value.replace('DOMAIN', domain)]),
  );
}

for (const dialect of DIALECTS) {
  describe(`issuer application and review over HTTP (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;
    let dns: DnsStandIn;
    let web: WellKnownStandIn;
    let reviewer: Person;

    beforeAll(async () => {
      sink = await startSmtpSink({ rejects: (address) => address.startsWith('bounce-') });
      dns = await startDnsStandIn();
      web = await startWellKnownStandIn();
      platform = await startTestPlatform(
        dialect,
        {
          SMTP_URL: sink.url,
          DOMAIN_DNS_SERVERS: dns.server,
          DOMAIN_CHECK_TIMEOUT_MS: '3000',
        },
        {
          rateLimits: false,
          domainProofForTests: { plainHttpPort: web.port, allowNonPublicAddresses: true },
        },
      );
      reviewer = await newPlatformAdmin(platform);
    });
    afterAll(async () => {
      await platform.close();
      await sink.close();
      await dns.close();
      await web.close();
    });
    beforeEach(() => platform.clock.reset());

    const api = <T = Record<string, unknown>>(
      method: string,
      path: string,
      options: { token?: string; json?: unknown } = {},
    ) => call<T>(platform.baseUrl, method, path, options);

    /** An organisation with a complete application (fields and one PDF), not yet submitted. */
    async function completeDraft(
      label: string,
    ): Promise<{ owner: Person; organisationId: string; domain: string; token: string }> {
      const owner = await newPerson(platform, label);
      const domain = newDomain(dns);
      const created = await createOrganisationOverHttp(platform, owner, `Organisation ${label}`);
      const patched = await api<Application>(
        'PATCH',
        `/api/organisations/${created.organisationId}/application`,
        { token: owner.token, json: fieldsFor(domain) },
      );
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const uploaded = await uploadEvidence(platform, owner.token, created.organisationId, {
        kind: 'registration_certificate',
        bytes: await evidencePdf(`draft-${label}`),
      });
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      return { owner, organisationId: created.organisationId, domain, token: created.domainToken };
    }

    async function submitted(label: string) {
      const draft = await completeDraft(label);
      const response = await api<Application>(
        'POST',
        `/api/organisations/${draft.organisationId}/application/submit`,
        { token: draft.owner.token },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return draft;
    }

    it('draft → evidence → domain proof → submit → request info → resubmit → approve → issue → suspend', async () => {
      const owner = await newPerson(platform, 'owner');
      const coAdmin = await newPerson(platform, 'co-admin');
      const domain = newDomain(dns);

      // Creation: a draft, the caller is its owner, the recovery key and domain token once.
      const created = await createOrganisationOverHttp(platform, owner, 'Université de Démo');
      expect(created.status).toBe('draft');
      expect(created.recoveryKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.domainToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const orgId = created.organisationId;
      const base = `/api/organisations/${orgId}/application`;
      await addMember(platform, orgId, coAdmin, 'admin');

      const empty = await api<Application>('GET', base, { token: owner.token });
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ status: 'draft', editable: true });
      expect(empty.body.missing).toEqual([
        'registrationNumber',
        'country',
        'website',
        'contactName',
        'contactEmail',
        'domain',
        'evidence',
      ]);
      expect(empty.body.fields.legalName).toBe('Université de Démo');
      expect(empty.body.domainProof.token).toBe(created.domainToken);

      // Nothing can be issued before approval.
      const early = await api<ErrorBody>('POST', `/api/organisations/${orgId}/documents`, {
        token: owner.token,
        json: {
          title: 'Diploma',
          recipient: { name: 'Ada Lovelace', email: 'ada@example.org' },
          fields: [],
          expiresAt: null,
          locale: 'en',
        },
      });
      expect(early.status).toBe(403);
      expect(early.body.error.code).toBe('ISSUER_NOT_APPROVED');

      // Fields: country upper-cased, the domain defaults to the website's host.
      const patched = await api<Application>('PATCH', base, {
        token: owner.token,
        json: fieldsFor(domain),
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.fields).toMatchObject({
        country: 'FR',
        website: `https://${domain}/about`,
        domain,
        contactEmail: `camille.martin@${domain}`,
      });
      expect(patched.body.missing).toEqual(['evidence']);
      expect(patched.body.domainProof.instructions).toEqual({
        dns: {
          name: `_certa-challenge.${domain}`,
          type: 'TXT',
          value: `certa-verification=${created.domainToken}`,
        },
        http: {
          url: `https://${domain}/.well-known/certa-verification.txt`,
          content: created.domainToken,
        },
      });

      // Submitting without evidence says what is missing.
      const incomplete = await api<ErrorBody>('POST', `${base}/submit`, { token: owner.token });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.error.message).toMatch(/evidence/);

      // Evidence: a PDF and a PNG, recognised by content.
      const pdf = await evidencePdf('REGISTRATION-MARKER-7f3a');
      const first = await uploadEvidence(platform, owner.token, orgId, {
        kind: 'registration_certificate',
        bytes: pdf,
      });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({
        kind: 'registration_certificate',
        mediaType: 'application/pdf',
      });
      const png = evidencePng();
      const second = await uploadEvidence(platform, coAdmin.token, orgId, {
        kind: 'proof_of_address',
        bytes: png,
        fileName: 'scan.png',
        contentType: 'application/octet-stream',
      });
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body).toMatchObject({ mediaType: 'image/png' });

      // The domain check fails while nothing is published; the reviewer will see it.
      const failing = await api<DomainCheck>('POST', `${base}/domain-check`, {
        token: owner.token,
      });
      expect(failing.status, JSON.stringify(failing.body)).toBe(200);
      expect(failing.body.verified).toBe(false);
      expect(failing.body.results.map((result) => result.method).sort()).toEqual(['dns', 'http']);
      expect(failing.body.results.find((result) => result.method === 'http')?.detail).toMatch(
        /404/,
      );

      const submitted1 = await api<Application>('POST', `${base}/submit`, { token: owner.token });
      expect(submitted1.status, JSON.stringify(submitted1.body)).toBe(200);
      expect(submitted1.body).toMatchObject({ status: 'submitted', editable: false });

      // Submitted: no more changes.
      const frozen = await api<ErrorBody>('PATCH', base, {
        token: owner.token,
        json: { legalName: 'Something Else' },
      });
      expect(frozen.status).toBe(409);
      expect(frozen.body.error.message).toMatch(/submitted/);
      const lateUpload = await uploadEvidence(platform, owner.token, orgId, {
        kind: 'other',
        bytes: evidencePng(),
      });
      expect(lateUpload.status).toBe(409);
      const lateDelete = await api<ErrorBody>('DELETE', `${base}/evidence/${first.body.id}`, {
        token: owner.token,
      });
      expect(lateDelete.status).toBe(409);

      // The reviewer's queue, oldest submission first.
      const queue = await api<{
        issuers: Array<{ id: string; status: string; evidenceCount: number }>;
      }>('GET', '/api/admin/issuers?status=submitted&pageSize=100', { token: reviewer.token });
      expect(queue.status).toBe(200);
      expect(queue.body.issuers.find((entry) => entry.id === orgId)).toMatchObject({
        status: 'submitted',
        evidenceCount: 2,
      });

      const review = await api<Review>('GET', `/api/admin/issuers/${orgId}`, {
        token: reviewer.token,
      });
      expect(review.status, JSON.stringify(review.body)).toBe(200);
      expect(review.body.fields).toMatchObject({
        legalName: 'Université de Démonstration SAS',
        country: 'FR',
      });
      expect(review.body.evidence.map((evidence) => evidence.kind)).toEqual([
        'registration_certificate',
        'proof_of_address',
      ]);
      expect(review.body.domainProof.lastCheck?.verified).toBe(false);
      expect(review.body.issuer.domainVerified).toBe(false);

      // The reviewer downloads the evidence: decrypted, not cached, as an attachment.
      const download = await api('GET', `/api/admin/issuers/${orgId}/evidence/${first.body.id}`, {
        token: reviewer.token,
      });
      expect(download.status).toBe(200);
      expect(download.raw.equals(pdf)).toBe(true);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('cache-control')).toBe('no-store');
      expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(download.headers.get('content-disposition')).not.toMatch(/Jean|Dupont/);

      // The organisation publishes the TXT record; the reviewer's re-run flips the check.
      dns.zone.set(`_certa-challenge.${domain}`, {
        TXT: [`certa-verification=${created.domainToken}`],
      });
      const passing = await api<DomainCheck>('POST', `/api/admin/issuers/${orgId}/domain-check`, {
        token: reviewer.token,
      });
      expect(passing.status, JSON.stringify(passing.body)).toBe(200);
      expect(passing.body.verified).toBe(true);
      expect(passing.body.results.find((result) => result.method === 'dns')?.verified).toBe(true);
      const stored = await storedState(platform, orgId);
      expect(stored.organisation.domainVerifiedAt).toBe(passing.body.checkedAt);
      expect(JSON.parse(stored.organisation.domainCheck ?? 'null')).toMatchObject({
        verified: true,
      });

      // More information, please: the message reaches the owner and the admin.
      const message = 'Please add a recent proof of address (less than 3 months old).';
      const asked = await api<{ status: string; notified: number }>(
        'POST',
        `/api/admin/issuers/${orgId}/request-info`,
        { token: reviewer.token, json: { reason: message } },
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      expect(asked.body).toMatchObject({ status: 'more_info_requested', notified: 2 });
      for (const person of [owner, coAdmin]) {
        const [mail] = await waitForMails(sink, person.email, 1);
        expect(mail?.subject).toMatch(/More information is needed for Université de Démo/);
        expect(mail?.text).toContain(message);
        expect(mail?.text).toContain('Message de l’examinateur');
      }

      const back = await api<Application>('GET', base, { token: owner.token });
      expect(back.body).toMatchObject({
        status: 'more_info_requested',
        editable: true,
        decisionReason: message,
      });

      // The applicant edits and resubmits.
      const edited = await api<Application>('PATCH', base, {
        token: owner.token,
        json: { registrationNumber: 'RCS 987 654 321' },
      });
      expect(edited.status).toBe(200);
      const third = await uploadEvidence(platform, owner.token, orgId, {
        kind: 'proof_of_address',
        bytes: evidencePng(48),
        contentType: 'image/png',
      });
      expect(third.status).toBe(201);
      const resubmitted = await api<Application>('POST', `${base}/submit`, { token: owner.token });
      expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
      expect(resubmitted.body.status).toBe('submitted');

      // Approval: e-mailed, and now the organisation can issue.
      const approved = await api<{ status: string; notified: number }>(
        'POST',
        `/api/admin/issuers/${orgId}/approve`,
        { token: reviewer.token },
      );
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', notified: 2 });
      const [, approvalMail] = await waitForMails(sink, owner.email, 2);
      expect(approvalMail?.subject).toMatch(/Université de Démo is now a verified issuer/);
      // The link goes to the issuer's public profile, under PUBLIC_URL.
      expect(approvalMail?.text).toContain(`${platform.ctx.publicUrl}/issuers/${orgId}`);

      const issued = await api<{ id: string }>('POST', `/api/organisations/${orgId}/documents`, {
        token: owner.token,
        json: {
          title: 'Diploma',
          recipient: { name: 'Ada Lovelace', email: 'ada@example.org' },
          fields: [],
          expiresAt: null,
          locale: 'en',
        },
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);

      const again = await api<ErrorBody>('POST', `/api/admin/issuers/${orgId}/approve`, {
        token: reviewer.token,
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/approved, not waiting for review/);

      // Suspension: e-mailed with the reason; issuing stops.
      const suspended = await api<{ status: string }>(
        'POST',
        `/api/admin/issuers/${orgId}/suspend`,
        {
          token: reviewer.token,
          json: { reason: 'Reported impersonation under investigation.' },
        },
      );
      expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
      expect(suspended.body.status).toBe('suspended');
      const [, , suspensionMail] = await waitForMails(sink, owner.email, 3);
      expect(suspensionMail?.subject).toMatch(/suspended/);
      expect(suspensionMail?.text).toContain('Reported impersonation under investigation.');
      const blocked = await api<ErrorBody>('POST', `/api/organisations/${orgId}/documents`, {
        token: owner.token,
        json: {
          title: 'Diploma',
          recipient: { name: 'Ada Lovelace', email: 'ada@example.org' },
          fields: [],
          expiresAt: null,
          locale: 'en',
        },
      });
      expect(blocked.body.error.code).toBe('ISSUER_NOT_APPROVED');

      // The history names who did each step and when.
      const history = await api<Review>('GET', `/api/admin/issuers/${orgId}`, {
        token: reviewer.token,
      });
      const actions = history.body.audit.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'organisation.created',
          'application.updated',
          'application.evidence_added',
          'application.domain_checked',
          'application.submitted',
          'application.evidence_viewed',
          'organisation.more_info_requested',
          'organisation.approved',
          'organisation.suspended',
        ]),
      );
      const approval = history.body.audit.find((entry) => entry.action === 'organisation.approved');
      expect(approval?.actor).toEqual({
        type: 'user',
        id: reviewer.userId,
        email: reviewer.email,
        isPlatformAdmin: true,
      });
      expect(Date.parse(approval?.at ?? '')).not.toBeNaN();
      const request = history.body.audit.find(
        (entry) => entry.action === 'organisation.more_info_requested',
      );
      expect(request?.detail).toMatchObject({ reason: message, from: 'submitted' });
      const submissions = history.body.audit.filter(
        (entry) => entry.action === 'application.submitted',
      );
      expect(submissions.map((entry) => entry.actor.id)).toEqual([owner.userId, owner.userId]);
      // Audit details hold ids, statuses and reasons — never the applicant's personal data.
      const details = JSON.stringify(history.body.audit.map((entry) => entry.detail));
      for (const personal of ['Camille', 'camille.martin', domain, 'RCS 987']) {
        expect(details).not.toContain(personal);
      }
    });

    it('a rejection with its reason is e-mailed to the owners and admins, and the application is closed', async () => {
      const draft = await submitted('rejected');
      const reason = 'The registration number does not match the company register.';
      const rejected = await api<{ status: string; decisionReason: string }>(
        'POST',
        `/api/admin/issuers/${draft.organisationId}/reject`,
        { token: reviewer.token, json: { reason } },
      );
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: reason });
      const [mail] = await waitForMails(sink, draft.owner.email, 1);
      expect(mail?.subject).toMatch(/was rejected/);
      expect(mail?.text).toContain(reason);
      expect(mail?.text).toContain('Motif indiqué par l’examinateur');

      const edit = await api<ErrorBody>(
        'PATCH',
        `/api/organisations/${draft.organisationId}/application`,
        {
          token: draft.owner.token,
          json: { legalName: 'Try Again SA' },
        },
      );
      expect(edit.status).toBe(409);
      const resubmit = await api<ErrorBody>(
        'POST',
        `/api/organisations/${draft.organisationId}/application/submit`,
        { token: draft.owner.token },
      );
      expect(resubmit.status).toBe(409);
      const check = await api<ErrorBody>(
        'POST',
        `/api/organisations/${draft.organisationId}/application/domain-check`,
        { token: draft.owner.token },
      );
      expect(check.status).toBe(409);
    });

    it('a reason is required to reject, request information or suspend; decisions need the right state', async () => {
      const draft = await completeDraft('reasons');
      const id = draft.organisationId;
      const early = await api<ErrorBody>('POST', `/api/admin/issuers/${id}/approve`, {
        token: reviewer.token,
      });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe('This organisation is draft, not waiting for review.');
      await api('POST', `/api/organisations/${id}/application/submit`, {
        token: draft.owner.token,
      });
      for (const action of ['reject', 'request-info', 'suspend']) {
        for (const body of [{}, { reason: '   ' }]) {
          const response = await api<ErrorBody>('POST', `/api/admin/issuers/${id}/${action}`, {
            token: reviewer.token,
            json: body,
          });
          expect(response.status, `${action} ${JSON.stringify(body)}`).toBe(400);
          expect(response.body.error.message).toMatch(/reason/);
        }
      }
      const suspend = await api<ErrorBody>('POST', `/api/admin/issuers/${id}/suspend`, {
        token: reviewer.token,
        json: { reason: 'Not yet approved.' },
      });
      expect(suspend.status).toBe(409);
      expect(suspend.body.error.message).toMatch(/submitted, not approved/);
      expect((await storedState(platform, id)).organisation.status).toBe('submitted');
    });

    it('bad input gets a clear 4xx and stores nothing', async () => {
      const owner = await newPerson(platform, 'bad-input');
      const { organisationId } = await createOrganisationOverHttp(platform, owner, 'Bad Input Ltd');
      const base = `/api/organisations/${organisationId}/application`;
      const before = await storedState(platform, organisationId);

      const oversized = Buffer.concat([
        Buffer.from('%PDF-1.7\n'),
        Buffer.alloc(10 * 1024 * 1024 + 1 - 9, 0x20),
      ]);
      const tooBig = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'registration_certificate',
        bytes: oversized,
      });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(tooBig.body.error?.message).toMatch(/10 MiB/);

      const fake = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'registration_certificate',
        bytes: Buffer.from('This is not a PDF, only text in a file named .pdf.\n'.repeat(20)),
        fileName: 'certificate.pdf',
        contentType: 'application/pdf',
      });
      expect(fake.status).toBe(415);
      expect(fake.body.error).toMatchObject({
        code: 'UNSUPPORTED_MEDIA',
        message: 'Evidence must be a PDF, PNG or JPEG file.',
      });

      const brokenPdf = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'registration_certificate',
        bytes: Buffer.from('%PDF-1.7\nthis is not really a PDF at all\n'),
      });
      expect(brokenPdf.status).toBe(400);
      expect(brokenPdf.body.error?.message).toMatch(/not a readable PDF/);

      const unknownKind = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'passport',
        bytes: evidencePng(),
      });
      expect(unknownKind.status).toBe(400);
      expect(unknownKind.body.error?.message).toMatch(
        /kind must be one of registration_certificate/,
      );

      const noKind = await uploadEvidence(platform, owner.token, organisationId, {
        bytes: evidencePng(),
      });
      expect(noKind.status).toBe(400);

      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ domain: 'https://example.org/path' }, 'domain', /bare name/],
        [{ domain: 'localhost' }, 'domain', /at least two parts/],
        [{ domain: '127.0.0.1' }, 'domain', /not an IP address/],
        [{ domain: 'bad_label.org' }, 'domain', /invalid part/],
        [{ country: 'France' }, 'country', /ISO 3166-1 alpha-2/],
        [{ country: 'XX' }, 'country', /ISO 3166-1 alpha-2/],
        [{ country: 'UK' }, 'country', /ISO 3166-1 alpha-2/],
        [{ website: 'http://plain.org' }, 'website', /https/],
        [{ website: 'https://10.0.0.1/' }, 'website', /public domain name/],
        [{ contactEmail: 'not-an-address' }, 'contactEmail', /valid e-mail/],
        [{ legalName: '   ' }, 'legalName', /empty/],
        [{ country: 'FR', domain: 'good.org', website: 'ftp://x.org' }, 'website', /https/],
      ];
      for (const [json, field, message] of cases) {
        const response = await api<ErrorBody>('PATCH', base, { token: owner.token, json });
        expect(response.status, JSON.stringify(json)).toBe(400);
        expect(response.body.error.details?.field, JSON.stringify(json)).toBe(field);
        expect(response.body.error.message, JSON.stringify(json)).toMatch(message);
      }
      // Unknown properties are dropped (as everywhere in the API): the status cannot be set.
      const unknownField = await api<Application>('PATCH', base, {
        token: owner.token,
        json: { status: 'approved' },
      });
      expect(unknownField.status).toBe(200);
      expect(unknownField.body.status).toBe('draft');

      const after = await storedState(platform, organisationId);
      expect(after).toEqual(before);
      expect(after.evidenceRows).toBe(0);
    });

    it('evidence is stored encrypted under a random name, without the file name; deleting removes it', async () => {
      const owner = await newPerson(platform, 'blob');
      const viewer = await newPerson(platform, 'viewer');
      const { organisationId } = await createOrganisationOverHttp(
        platform,
        owner,
        'Blob Check GmbH',
      );
      await addMember(platform, organisationId, viewer, 'viewer');
      const blobsBefore = new Set(filesUnder(platform.config.storageDir));
      const marker = 'PLAINTEXT-MARKER-d41d8cd98f';
      const pdf = await evidencePdf(marker);
      expect(pdf.includes(marker)).toBe(true);
      const uploaded = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'authorisation_letter',
        bytes: pdf,
        fileName: 'Letter signed by Jean Dupont.pdf',
      });
      expect(uploaded.status).toBe(201);

      const added = filesUnder(platform.config.storageDir).filter((file) => !blobsBefore.has(file));
      expect(added).toHaveLength(1);
      const blob = fs.readFileSync(added[0]!);
      expect(blob.includes(marker)).toBe(false);
      expect(blob.includes(pdf.subarray(0, 64))).toBe(false);
      expect(blob.includes(Buffer.from('%PDF'))).toBe(false);
      expect(added[0]).not.toMatch(/Jean|Dupont|Letter|\.pdf$/);
      const row = await platform.ctx.db
        .selectFrom('applicationEvidence')
        .selectAll()
        .where('publicId', '=', uploaded.body.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toMatch(/Jean|Dupont|Letter/);
      expect(added[0]).toContain(row.blobName);

      // The owner downloads it; a viewer sees the list but may not download or delete.
      const base = `/api/organisations/${organisationId}/application/evidence`;
      const mine = await api('GET', `${base}/${uploaded.body.id}`, { token: owner.token });
      expect(mine.status).toBe(200);
      expect(mine.raw.equals(pdf)).toBe(true);
      expect(mine.headers.get('cache-control')).toBe('no-store');
      const list = await api<{ evidence: Array<{ id: string }> }>('GET', base, {
        token: viewer.token,
      });
      expect(list.body.evidence.map((evidence) => evidence.id)).toEqual([uploaded.body.id]);
      expect(
        (await api('GET', `${base}/${uploaded.body.id}`, { token: viewer.token })).status,
      ).toBe(403);
      expect(
        (await api('DELETE', `${base}/${uploaded.body.id}`, { token: viewer.token })).status,
      ).toBe(403);

      const deleted = await api('DELETE', `${base}/${uploaded.body.id}`, { token: owner.token });
      expect(deleted.status).toBe(204);
      expect(fs.existsSync(added[0]!)).toBe(false);
      expect((await api('GET', `${base}/${uploaded.body.id}`, { token: owner.token })).status).toBe(
        404,
      );
    });

    it('an application holds at most 10 evidence files', async () => {
      const owner = await newPerson(platform, 'ten');
      const { organisationId } = await createOrganisationOverHttp(platform, owner, 'Ten Files BV');
      for (let i = 0; i < 10; i++) {
        const response = await uploadEvidence(platform, owner.token, organisationId, {
          kind: 'other',
          bytes: evidencePng(8 + i),
        });
        expect(response.status).toBe(201);
      }
      const before = await storedState(platform, organisationId);
      const eleventh = await uploadEvidence(platform, owner.token, organisationId, {
        kind: 'other',
        bytes: evidencePng(),
      });
      expect(eleventh.status).toBe(409);
      expect(eleventh.body.error?.message).toMatch(/at most 10 evidence files/);
      expect(await storedState(platform, organisationId)).toEqual(before);
    });

    it('the .well-known file proves the domain too, and changing the domain discards the last check', async () => {
      const draft = await completeDraft('well-known');
      const base = `/api/organisations/${draft.organisationId}/application`;
      web.serve(draft.domain, '/.well-known/certa-verification.txt', { body: `${draft.token}\n` });
      const check = await api<DomainCheck>('POST', `${base}/domain-check`, {
        token: draft.owner.token,
      });
      expect(check.status, JSON.stringify(check.body)).toBe(200);
      expect(check.body.verified).toBe(true);
      expect(check.body.results.find((result) => result.method === 'http')).toMatchObject({
        verified: true,
      });
      expect(check.body.results.find((result) => result.method === 'dns')?.verified).toBe(false);
      expect(web.requests).toContain(`${draft.domain} /.well-known/certa-verification.txt`);

      const moved = newDomain(dns);
      const changed = await api<Application>('PATCH', base, {
        token: draft.owner.token,
        json: { domain: moved.toUpperCase() },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.domainProof).toMatchObject({
        domain: moved,
        lastCheck: null,
        verifiedAt: null,
      });
      // Changing only the website keeps the chosen domain.
      const website = await api<Application>('PATCH', base, {
        token: draft.owner.token,
        json: { website: 'https://elsewhere-entirely.org/' },
      });
      expect(website.body.fields.domain).toBe(moved);
    });

    it('members read the application by role; others get 404, non-admins 403 on admin routes', async () => {
      const draft = await submitted('roles');
      const id = draft.organisationId;
      const viewer = await newPerson(platform, 'viewer');
      const operator = await newPerson(platform, 'operator');
      const outsider = await newPerson(platform, 'outsider');
      await addMember(platform, id, viewer, 'viewer');
      await addMember(platform, id, operator, 'operator');
      const base = `/api/organisations/${id}/application`;

      for (const person of [viewer, operator]) {
        const read = await api<Application>('GET', base, { token: person.token });
        expect(read.status).toBe(200);
        expect(read.body.status).toBe('submitted');
        const edit = await api<ErrorBody>('PATCH', base, {
          token: person.token,
          json: { legalName: 'Hijacked' },
        });
        expect(edit.status).toBe(403);
        expect(
          (
            await uploadEvidence(platform, person.token, id, {
              kind: 'other',
              bytes: evidencePng(),
            })
          ).status,
        ).toBe(403);
        expect((await api('POST', `${base}/submit`, { token: person.token })).status).toBe(403);
        expect((await api('POST', `${base}/domain-check`, { token: person.token })).status).toBe(
          403,
        );
      }
      expect((await api('GET', base, { token: outsider.token })).status).toBe(404);
      expect((await api('GET', base)).status).toBe(401);
      expect(
        (await uploadEvidence(platform, undefined, id, { kind: 'other', bytes: evidencePng() }))
          .status,
      ).toBe(401);

      const evidenceId = (
        await api<Review>('GET', `/api/admin/issuers/${id}`, { token: reviewer.token })
      ).body.evidence[0]!.id;
      const adminRoutes: Array<[string, string, unknown]> = [
        ['GET', '/api/admin/issuers', undefined],
        ['GET', `/api/admin/issuers/${id}`, undefined],
        ['GET', `/api/admin/issuers/${id}/evidence/${evidenceId}`, undefined],
        ['POST', `/api/admin/issuers/${id}/domain-check`, undefined],
        ['POST', `/api/admin/issuers/${id}/approve`, undefined],
        ['POST', `/api/admin/issuers/${id}/reject`, { reason: 'No.' }],
        ['POST', `/api/admin/issuers/${id}/request-info`, { reason: 'More.' }],
        ['POST', `/api/admin/issuers/${id}/suspend`, { reason: 'Stop.' }],
      ];
      for (const [method, path, json] of adminRoutes) {
        for (const person of [draft.owner, viewer]) {
          const response = await api<ErrorBody>(method, path, { token: person.token, json });
          expect(response.status, `${method} ${path}`).toBe(403);
          expect(response.body.error.code).toBe('FORBIDDEN');
        }
        expect((await api(method, path, { json })).status, `${method} ${path}`).toBe(401);
      }
      expect((await storedState(platform, id)).organisation.status).toBe('submitted');
    });

    it('a decision stands when its e-mail cannot be sent; the failure is logged by ids', async () => {
      const draft = await submitted('mail-failure');
      const bouncing = await newPerson(platform, 'bounce-admin');
      await addMember(platform, draft.organisationId, bouncing, 'admin');
      const approved = await api<{
        status: string;
        notified: number;
        notificationFailures: Array<{ userId: string }>;
      }>('POST', `/api/admin/issuers/${draft.organisationId}/approve`, {
        token: reviewer.token,
        json: { approveWithoutDomainProof: true, reason: 'No domain in this test of e-mails.' },
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body.status).toBe('approved');
      expect(approved.body.notified).toBe(1);
      expect(approved.body.notificationFailures.map((failure) => failure.userId)).toEqual([
        bouncing.userId,
      ]);
      expect(mailsTo(sink, draft.owner.email)).toHaveLength(1);
      expect((await storedState(platform, draft.organisationId)).organisation.status).toBe(
        'approved',
      );
      const logged = platform.logLines.filter((line) =>
        line.includes('review decision e-mail not sent'),
      );
      expect(logged.some((line) => line.includes(bouncing.userId))).toBe(true);
      expect(logged.join('\n')).not.toContain(bouncing.email);
    });
  });
}
