import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate, issueOne, logIn, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * The issuer console's document routes against a real server, a real database of each dialect
 * and a real SMTP server on loopback: the list (search, filters, sort, pages), the dashboard,
 * one document's timeline and anchors, and new activation links (re-send, corrected address).
 */

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface ListedDocument {
  id: string;
  title: string;
  state: string;
  issuedAt: string;
  recipient: { name: string; email: string } | null;
}

interface ListPage {
  documents: ListedDocument[];
  unlocked: boolean;
  page: number;
  pageSize: number;
  total: number;
  totalIsEstimate: boolean;
  next: string | null;
}

interface Detail extends ListedDocument {
  expiresAt: string | null;
  timeline: Array<{
    type: string;
    at: string;
    actorType: string | null;
    actorId: string | null;
    reason: string | null;
  }>;
  anchors: Array<{ kind: string; status: string; digest: string }>;
}

interface Dashboard {
  counts: Record<string, number>;
  daily: Array<{ date: string; issued: number; activated: number }>;
  recentActivity: Array<{
    type: string;
    at: string;
    actorType: string;
    actorId: string | null;
    documentId: string | null;
  }>;
}

/** Activation links as the recipients' mail clients see them, newest last. */
function linksIn(smtp: SmtpSink, documentId: string): Array<{ to: string; secret: string }> {
  const links: Array<{ to: string; secret: string }> = [];
  for (const message of smtp.messages) {
    const match = new RegExp(`/activate/${documentId}#([A-Za-z0-9_-]{43})`).exec(message.text);
    if (match?.[1] !== undefined) links.push({ to: message.to.join(','), secret: match[1] });
  }
  return links;
}

function latestLink(smtp: SmtpSink, documentId: string): { to: string; secret: string } {
  const link = linksIn(smtp, documentId).at(-1);
  if (link === undefined) throw new Error(`no activation e-mail for ${documentId}`);
  return link;
}

const REJECTED_ADDRESS = 'bounces@example.org';

for (const dialect of DIALECTS) {
  describe(`the issuer console's documents (${dialect})`, () => {
    let platform: TestPlatform;
    let smtp: SmtpSink;
    let issuer: TestIssuer;
    let other: TestIssuer;
    let viewerToken: string;
    const base = () => `/api/organisations/${issuer.organisationId}`;

    const get = <T>(path: string, token = issuer.token) =>
      call<T & ErrorBody>(platform.baseUrl, 'GET', path, { token });
    const post = <T>(path: string, json?: unknown, token = issuer.token) =>
      call<T & ErrorBody>(platform.baseUrl, 'POST', path, {
        token,
        ...(json === undefined ? {} : { json }),
      });
    const unlock = async (token = issuer.token, password = issuer.password) => {
      const response = await post(
        '/api/sessions/current/unlock',
        {
          organisationId: issuer.organisationId,
          password,
        },
        token,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };
    const lock = async () => {
      const response = await post('/api/sessions/current/lock');
      expect(response.status).toBeLessThan(300);
    };
    const activation = (documentId: string, secret: string) =>
      call<ErrorBody>(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret, acceptTerms: true, termsVersion: 1 },
      });
    const setColumn = (documentId: string, values: Record<string, string | null>) =>
      platform.ctx.db
        .updateTable('documents')
        .set(values)
        .where('publicId', '=', documentId)
        .execute();

    beforeAll(async () => {
      smtp = await startSmtpSink({ rejects: (address) => address === REJECTED_ADDRESS });
      platform = await startTestPlatform(dialect, { SMTP_URL: smtp.url });
      issuer = await newApprovedIssuer(platform, 'Console University');
      other = await newApprovedIssuer(platform, 'Other University');
      await unlock();

      const viewerEmail = `viewer-${process.pid}@console.example`;
      const invited = await post(`${base()}/invitations`, { email: viewerEmail, role: 'viewer' });
      expect(invited.status, JSON.stringify(invited.body)).toBeLessThan(300);
      const invitation = smtp.messages.find((message) => message.to.includes(viewerEmail));
      const token = /\/invitations\/accept#([A-Za-z0-9_-]{43})/.exec(invitation?.text ?? '')?.[1];
      const accepted = await call(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: 'viewer password long enough' },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      viewerToken = await logIn(platform, viewerEmail, 'viewer password long enough');
    }, 120_000);

    afterAll(async () => {
      await platform.close();
      await smtp.close();
    });

    describe('the list', () => {
      const ids: Record<string, string> = {};

      beforeAll(async () => {
        // Oldest first: each document gets its own issue day below.
        const titles = [
          ['physics', 'Master of Science in Physics'],
          ['chemistry', 'Bachelor of Chemistry'],
          ['law', 'Doctorate in LAW'],
          ['revoked', 'Certificate of Attendance'],
          ['expired', 'Licence 100% valid'],
          ['active', 'Diploma in Music'],
        ] as const;
        for (const [key, title] of titles) ids[key] = await issueOne(platform, issuer, { title });
        for (const [index, [key]] of titles.entries()) {
          await setColumn(ids[key] ?? '', {
            issuedAt: `2026-0${index + 1}-15T12:00:00.000Z`,
          });
        }
        const revoked = await post(`${base()}/documents/${ids.revoked}/revoke`, {
          reason: 'Issued in error',
        });
        expect(revoked.status).toBe(200);
        await setColumn(ids.expired ?? '', { expiresAt: '2026-07-01T00:00:00.000Z' });
        await activate(platform, {
          documentId: ids.active ?? '',
          secret: latestLink(smtp, ids.active ?? '').secret,
        });
      });

      it('pages newest first with the number of matches; recipient data only when unlocked', async () => {
        const first = await get<ListPage>(`${base()}/documents?pageSize=4`);
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        expect(first.body).toMatchObject({
          page: 1,
          pageSize: 4,
          total: 6,
          totalIsEstimate: false,
          unlocked: true,
        });
        expect(first.body.documents.map((document) => document.id)).toEqual([
          ids.active,
          ids.expired,
          ids.revoked,
          ids.law,
        ]);
        expect(first.body.documents[0]?.recipient?.email).toMatch(/@example\.org$/);
        const second = await get<ListPage>(`${base()}/documents?pageSize=4&page=2`);
        expect(second.body.documents.map((document) => document.id)).toEqual([
          ids.chemistry,
          ids.physics,
        ]);
        expect(second.body.next).toBeNull();
        const beyond = await get<ListPage>(`${base()}/documents?pageSize=4&page=3`);
        expect(beyond.body).toMatchObject({ documents: [], total: 6 });

        const byDefault = await get<ListPage>(`${base()}/documents`);
        expect(byDefault.body.pageSize).toBe(25);
        await lock();
        const locked = await get<ListPage>(`${base()}/documents`);
        expect(locked.body.unlocked).toBe(false);
        expect(locked.body.documents.every((document) => document.recipient === null)).toBe(true);
        await unlock();
      });

      it('keeps the older limit / before / next cursor', async () => {
        const first = await get<ListPage>(`${base()}/documents?limit=2`);
        expect(first.body.documents.map((document) => document.id)).toEqual([
          ids.active,
          ids.expired,
        ]);
        expect(first.body.next).toBe(ids.expired);
        const after = await get<ListPage>(`${base()}/documents?limit=3&before=${first.body.next}`);
        expect(after.body.documents.map((document) => document.id)).toEqual([
          ids.revoked,
          ids.law,
          ids.chemistry,
        ]);
      });

      it('searches a full id exactly and titles case-insensitively, wildcards taken literally', async () => {
        const byId = await get<ListPage>(`${base()}/documents?q=${ids.chemistry}`);
        expect(byId.body.documents.map((document) => document.id)).toEqual([ids.chemistry]);
        expect(byId.body.total).toBe(1);
        const byTitle = await get<ListPage>(`${base()}/documents?q=${encodeURIComponent(' of ')}`);
        expect(byTitle.body.documents.map((document) => document.id)).toEqual([
          ids.revoked,
          ids.chemistry,
          ids.physics,
        ]);
        const folded = await get<ListPage>(`${base()}/documents?q=law`);
        expect(folded.body.documents.map((document) => document.id)).toEqual([ids.law]);
        const percent = await get<ListPage>(`${base()}/documents?q=${encodeURIComponent('0%')}`);
        expect(percent.body.documents.map((document) => document.id)).toEqual([ids.expired]);
        const underscore = await get<ListPage>(`${base()}/documents?q=_`);
        expect(underscore.body.total).toBe(0);
        // Another organisation's id finds nothing here.
        const foreign = await issueOne(platform, other, {}, other.token);
        const notOurs = await get<ListPage>(`${base()}/documents?q=${foreign}`);
        expect(notOurs.body).toMatchObject({ documents: [], total: 0 });
      });

      it('filters by state, expired derived from the expiry date', async () => {
        const states = async (status: string) =>
          (await get<ListPage>(`${base()}/documents?status=${status}`)).body.documents.map(
            (document) => document.id,
          );
        expect(await states('pending')).toEqual([ids.law, ids.chemistry, ids.physics]);
        expect(await states('active')).toEqual([ids.active]);
        expect(await states('revoked')).toEqual([ids.revoked]);
        expect(await states('expired')).toEqual([ids.expired]);
        const bogus = await get(`${base()}/documents?status=archived`);
        expect(bogus.status).toBe(400);
        expect(bogus.body.error.code).toBe('INVALID_INPUT');
      });

      it('filters by issue days, both ends included', async () => {
        const range = await get<ListPage>(
          `${base()}/documents?issuedFrom=2026-02-15&issuedTo=2026-04-15`,
        );
        expect(range.body.documents.map((document) => document.id)).toEqual([
          ids.revoked,
          ids.law,
          ids.chemistry,
        ]);
        const from = await get<ListPage>(`${base()}/documents?issuedFrom=2026-06-15`);
        expect(from.body.documents.map((document) => document.id)).toEqual([ids.active]);
        const to = await get<ListPage>(`${base()}/documents?issuedTo=2026-01-15&q=physics`);
        expect(to.body.documents.map((document) => document.id)).toEqual([ids.physics]);
        for (const query of [
          'issuedFrom=2026-02-30',
          'issuedFrom=15/02/2026',
          'issuedFrom=2026-03-01&issuedTo=2026-02-01',
          'pageSize=101',
          'page=0',
          'sort=recipient',
        ]) {
          const refused = await get(`${base()}/documents?${query}`);
          expect(refused.status, query).toBe(400);
          expect(refused.body.error.code, query).toBe('INVALID_INPUT');
        }
      });

      it('sorts by issue date, title and state', async () => {
        const order = async (sort: string) =>
          (await get<ListPage>(`${base()}/documents?sort=${sort}`)).body.documents.map(
            (document) => document.id,
          );
        expect(await order('issuedAt')).toEqual([
          ids.physics,
          ids.chemistry,
          ids.law,
          ids.revoked,
          ids.expired,
          ids.active,
        ]);
        expect(await order('title')).toEqual([
          ids.chemistry,
          ids.revoked,
          ids.active,
          ids.law,
          ids.expired,
          ids.physics,
        ]);
        expect(await order('-title')).toEqual([
          ids.physics,
          ids.expired,
          ids.law,
          ids.active,
          ids.revoked,
          ids.chemistry,
        ]);
        expect(await order('status')).toEqual([
          ids.law,
          ids.chemistry,
          ids.physics,
          ids.active,
          ids.expired,
          ids.revoked,
        ]);
        const cursorElsewhere = await get(`${base()}/documents?sort=title&before=${ids.law}`);
        expect(cursorElsewhere.status).toBe(400);
      });

      it('the dashboard counts by state, has every day and the latest events (ids only)', async () => {
        const dashboard = await get<Dashboard>(`${base()}/dashboard?days=7`);
        expect(dashboard.status, JSON.stringify(dashboard.body)).toBe(200);
        expect(dashboard.body.counts).toEqual({
          issued: 6,
          awaitingActivation: 3,
          activated: 1,
          active: 1,
          suspended: 0,
          revoked: 1,
          expired: 1,
        });
        expect(dashboard.body.daily).toHaveLength(7);
        const today = platform.clock.now().toISOString().slice(0, 10);
        expect(dashboard.body.daily.at(-1)).toEqual({ date: today, issued: 0, activated: 1 });
        expect(dashboard.body.daily.slice(0, 6).every((day) => day.activated === 0)).toBe(true);
        const dates = dashboard.body.daily.map((day) => Date.parse(`${day.date}T00:00:00Z`));
        expect(dates.slice(1).map((date, index) => date - (dates[index] ?? 0))).toEqual(
          Array(6).fill(86_400_000),
        );
        // Issue days were moved into 2026-01…06: a series back to January shows them.
        const year = await get<Dashboard>(`${base()}/dashboard?days=365`);
        expect(year.body.daily).toHaveLength(365);
        const issuedOn = (date: string) => year.body.daily.find((day) => day.date === date)?.issued;
        if (Date.parse('2026-01-15') >= Date.parse(year.body.daily[0]?.date ?? '')) {
          expect(issuedOn('2026-01-15')).toBe(1);
          expect(issuedOn('2026-04-15')).toBe(1);
        }
        expect(year.body.daily.reduce((sum, day) => sum + day.issued, 0)).toBeLessThanOrEqual(6);

        const recent = dashboard.body.recentActivity;
        expect(recent.length).toBeLessThanOrEqual(20);
        expect(recent[0]).toMatchObject({ type: 'document.activated', documentId: ids.active });
        expect(recent.find((event) => event.type === 'document.revoked')).toMatchObject({
          documentId: ids.revoked,
          actorType: 'user',
        });
        expect(JSON.stringify(recent)).not.toMatch(/@|Recipient/);

        expect((await get(`${base()}/dashboard?days=6`)).status).toBe(400);
        expect((await get(`${base()}/dashboard?days=366`)).status).toBe(400);
        expect((await get(`${base()}/dashboard`, viewerToken)).status).toBe(200);
        expect((await get(`${base()}/dashboard`, other.token)).status).toBe(404);
      });
    });

    describe('one document', () => {
      it('shows its timeline, its expiry and the anchoring state of its digests', async () => {
        const documentId = await issueOne(platform, issuer, { expiresAt: '2099-12-31' });
        const pending = await get<Detail>(`${base()}/documents/${documentId}`);
        expect(pending.status, JSON.stringify(pending.body)).toBe(200);
        expect(pending.body.expiresAt).toBe('2100-01-01T00:00:00.000Z');
        expect(pending.body.timeline.map((event) => event.type)).toEqual(['issued', 'emailed']);
        expect(pending.body.timeline[0]).toMatchObject({ actorType: 'user', reason: null });
        expect(pending.body.timeline[0]?.actorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(pending.body.anchors).toMatchObject([{ kind: 'commitment', status: 'queued' }]);

        const resent = await post(`${base()}/documents/${documentId}/resend`);
        expect(resent.status, JSON.stringify(resent.body)).toBe(200);
        await activate(platform, { documentId, secret: latestLink(smtp, documentId).secret });
        const revoked = await post(`${base()}/documents/${documentId}/revoke`, {
          reason: 'Superseded by a corrected diploma',
        });
        expect(revoked.status).toBe(200);
        const detail = await get<Detail>(`${base()}/documents/${documentId}`);
        // Only the newest message's delivery is kept: after the re-send, `emailed` is about it.
        expect(detail.body.timeline.map((event) => event.type)).toEqual([
          'issued',
          'activation_link_resent',
          'emailed',
          'activated',
          'revoked',
        ]);
        expect(detail.body.timeline.at(-1)).toMatchObject({
          reason: 'Superseded by a corrected diploma',
          actorType: 'user',
        });
        expect(detail.body.timeline[3]).toMatchObject({ actorType: 'recipient', actorId: null });
        expect(detail.body.anchors.map((anchor) => [anchor.kind, anchor.status])).toEqual([
          ['commitment', 'queued'],
          ['pdf', 'queued'],
        ]);
      });
    });

    describe('new activation links', () => {
      it('re-sending makes a new link, the old one fails like a wrong secret, wrong tries are forgotten', async () => {
        const documentId = await issueOne(platform, issuer, {
          recipient: { name: 'Émile Zola', email: 'emile@example.org' },
        });
        const old = latestLink(smtp, documentId);
        for (let attempt = 0; attempt < 3; attempt += 1) {
          expect((await activation(documentId, 'B'.repeat(43))).status).toBe(403);
        }
        const sent = await post<{ documentId: string; sentAt: string }>(
          `${base()}/documents/${documentId}/resend`,
        );
        expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        expect(sent.body.documentId).toBe(documentId);
        const fresh = latestLink(smtp, documentId);
        expect(fresh.to).toBe('emile@example.org');
        expect(fresh.secret).not.toBe(old.secret);
        const row = await platform.ctx.db
          .selectFrom('documents')
          .select(['failedActivationAttempts', 'activationLockedUntil'])
          .where('publicId', '=', documentId)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ failedActivationAttempts: 0, activationLockedUntil: null });

        const withOld = await activation(documentId, old.secret);
        const wrong = await activation(documentId, 'C'.repeat(43));
        expect(withOld.status).toBe(403);
        expect([withOld.body.error.code, withOld.body.error.message]).toEqual([
          wrong.body.error.code,
          wrong.body.error.message,
        ]);
        expect(withOld.body.error.code).toBe('ACTIVATION_FAILED');
        await activate(platform, { documentId, secret: fresh.secret });

        const again = await post(`${base()}/documents/${documentId}/resend`);
        expect(again.status).toBe(409);
        expect(again.body.error).toMatchObject({ code: 'CONFLICT', details: { state: 'active' } });
        const audit = await platform.ctx.db
          .selectFrom('auditEvents')
          .selectAll()
          .where('targetId', '=', documentId)
          .where('action', '=', 'document.activation_link_resent')
          .execute();
        expect(audit).toHaveLength(1);
        expect(JSON.stringify(audit)).not.toMatch(/emile|Zola/i);
      });

      it('correcting the address e-mails the new one; the old link fails; the record keeps the name', async () => {
        const documentId = await issueOne(platform, issuer, {
          recipient: { name: 'Marie Curie', email: 'marie.typo@example.org' },
        });
        const old = latestLink(smtp, documentId);
        const before = await get<Detail>(`${base()}/documents/${documentId}`);
        const corrected = await post(`${base()}/documents/${documentId}/recipient-email`, {
          email: ' Marie.Curie@Example.org ',
        });
        expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
        const fresh = latestLink(smtp, documentId);
        expect(fresh.to).toBe('marie.curie@example.org');
        expect(linksIn(smtp, documentId).filter((link) => link.to === old.to)).toHaveLength(1);

        const view = await get<Detail>(`${base()}/documents/${documentId}`);
        expect(view.body.recipient).toMatchObject({
          name: 'Marie Curie',
          email: 'marie.curie@example.org',
        });
        // A new record, so a new commitment queued; the original one stays.
        expect(view.body.anchors.map((anchor) => anchor.kind)).toEqual([
          'commitment',
          'commitment',
        ]);
        expect(view.body.anchors[0]?.digest).toBe(before.body.anchors[0]?.digest);
        expect(view.body.timeline.map((event) => event.type)).toContain(
          'recipient_email_corrected',
        );

        expect((await activation(documentId, old.secret)).body.error.code).toBe(
          'ACTIVATION_FAILED',
        );
        const { pdf } = await activate(platform, { documentId, secret: fresh.secret });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        // The issuer opens the activated document with the organisation key (the new wrapB).
        const asIssuer = await call(
          platform.baseUrl,
          'GET',
          `${base()}/documents/${documentId}/pdf`,
          { token: issuer.token },
        );
        expect(asIssuer.status).toBe(200);
        expect(asIssuer.raw.equals(pdf)).toBe(true);
        const activated = await get<Detail>(`${base()}/documents/${documentId}`);
        expect(activated.body.recipient?.name).toBe('Marie Curie');
        const audit = await platform.ctx.db
          .selectFrom('auditEvents')
          .selectAll()
          .where('targetId', '=', documentId)
          .execute();
        expect(JSON.stringify(audit)).not.toMatch(/marie|curie/i);

        const late = await post(`${base()}/documents/${documentId}/recipient-email`, {
          email: 'marie@example.org',
        });
        expect(late.status).toBe(409);
        expect(late.body.error.code).toBe('CONFLICT');
      });

      it('when the e-mail cannot be sent, the old link keeps working', async () => {
        const documentId = await issueOne(platform, issuer);
        const old = latestLink(smtp, documentId);
        const refused = await post(`${base()}/documents/${documentId}/recipient-email`, {
          email: REJECTED_ADDRESS,
        });
        expect(refused.status).toBe(502);
        expect(refused.body.error.code).toBe('UPSTREAM_FAILED');
        const view = await get<Detail>(`${base()}/documents/${documentId}`);
        expect(view.body.recipient?.email).not.toBe(REJECTED_ADDRESS);
        expect(view.body.anchors).toHaveLength(1);
        expect(view.body.timeline.map((event) => event.type)).toEqual(['issued', 'emailed']);
        await activate(platform, { documentId, secret: old.secret });
      });

      it('needs the key unlocked, an issuer role, the own organisation and a pending document', async () => {
        const documentId = await issueOne(platform, issuer);
        const routes = [
          ['resend', undefined],
          ['recipient-email', { email: 'someone@example.org' }],
        ] as const;

        await lock();
        for (const [route, json] of routes) {
          const locked = await post(`${base()}/documents/${documentId}/${route}`, json);
          expect(locked.status, route).toBe(403);
          expect(locked.body.error.code, route).toBe('UNLOCK_REQUIRED');
        }
        await unlock();

        const key = await post<{ key: string }>(`${base()}/api-keys`, {
          name: 'issuing robot',
          scopes: ['issue'],
        });
        expect(key.status, JSON.stringify(key.body)).toBe(201);
        for (const [route, json] of routes) {
          const viewer = await post(
            `${base()}/documents/${documentId}/${route}`,
            json,
            viewerToken,
          );
          expect(viewer.status, route).toBe(403);
          expect(viewer.body.error.code, route).toBe('FORBIDDEN');
          const robot = await post(
            `${base()}/documents/${documentId}/${route}`,
            json,
            key.body.key,
          );
          expect(robot.body.error.code, route).toBe('UNLOCK_REQUIRED');
          const stranger = await post(
            `${base()}/documents/${documentId}/${route}`,
            json,
            other.token,
          );
          expect(stranger.status, route).toBe(404);
          const elsewhere = await post(
            `/api/organisations/${other.organisationId}/documents/${documentId}/${route}`,
            json,
            other.token,
          );
          expect(elsewhere.status, route).toBe(404);
        }

        const revoked = await post(`${base()}/documents/${documentId}/revoke`, {
          reason: 'Withdrawn',
        });
        expect(revoked.status).toBe(200);
        for (const [route, json] of routes) {
          const conflict = await post(`${base()}/documents/${documentId}/${route}`, json);
          expect(conflict.status, route).toBe(409);
          expect(conflict.body.error).toMatchObject({
            code: 'CONFLICT',
            details: { state: 'revoked' },
          });
        }
        // Nothing was e-mailed after issuance.
        expect(linksIn(smtp, documentId)).toHaveLength(1);

        const badAddress = await post(`${base()}/documents/${documentId}/recipient-email`, {
          email: 'not an address',
        });
        expect(badAddress.status).toBe(400);
      });
    });
  });
}
