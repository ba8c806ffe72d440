import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { logInWithCode } from '../../helpers/two-factor.js';

/*
 * Issue 13 point 3 lists what the trail must hold: log-ins, unlocks (and their end, the lock),
 * issuance, activation, decryption by an issuer user, revocation, erasure, admin decisions and
 * configuration changes. This walks that list through the API, one event at a time: each one
 * appends exactly one entry of its type, in the organisation's trail, with ids only.
 */

for (const dialect of DIALECTS) {
  describe(`every listed event is one audit entry (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let token: string;
    let organisation: number;

    /** The entries appended while `act` ran, oldest first. */
    const appendedBy = async (act: () => Promise<unknown>) => {
      const head = await platform.ctx.db
        .selectFrom('auditEvents')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow();
      await act();
      return platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'organisationId', 'actorType', 'targetId', 'detail'])
        .where('seq', '>', Number(head.seq ?? 0))
        .orderBy('seq')
        .execute();
    };
    const expectOne = async (action: string, act: () => Promise<unknown>) => {
      const entries = await appendedBy(act);
      const matching = entries.filter((entry) => entry.action === action);
      expect(matching, `${action} among ${entries.map((e) => e.action).join(', ')}`).toHaveLength(
        1,
      );
      expect(matching[0]?.organisationId).toBe(organisation);
      return matching[0];
    };
    const api = (method: string, path: string, json?: unknown) =>
      call(platform.baseUrl, method, path, { token, ...(json === undefined ? {} : { json }) });
    const ok = (status: number) => expect(status).toBeLessThan(300);

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Audit Coverage College');
      token = issuer.token;
      const row = await platform.ctx.db
        .selectFrom('organisations')
        .select('id')
        .where('publicId', '=', issuer.organisationId)
        .executeTakeFirstOrThrow();
      organisation = row.id;
    });
    afterAll(async () => platform.close());

    const base = () => `/api/organisations/${issuer.organisationId}`;

    it('admin decision, log-in, unlock, decryption, lock, log-out', async () => {
      const approvals = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('organisationId', '=', organisation)
        .where('action', '=', 'organisation.approved')
        .execute();
      expect(approvals).toHaveLength(1);
      const logIn = await appendedBy(async () => {
        token = await logInWithCode(platform, issuer.email, issuer.password, issuer.totpSecret);
      });
      expect(logIn.filter((entry) => entry.action === 'session.created')).toHaveLength(1);
      const documentId = await issueOne(platform, issuer);
      await expectOne('organisation.unlocked', async () =>
        ok(
          (
            await api('POST', '/api/sessions/current/unlock', {
              organisationId: issuer.organisationId,
              password: issuer.password,
            })
          ).status,
        ),
      );
      const viewed = await expectOne('document.recipient_data_viewed', async () =>
        ok((await api('GET', `${base()}/documents/${documentId}`)).status),
      );
      expect(viewed?.targetId).toBe(documentId);
      await expectOne('organisation.locked', async () =>
        ok((await api('POST', '/api/sessions/current/lock')).status),
      );
      // Locking a session that holds nothing unlocked is no event.
      const again = await appendedBy(async () =>
        ok((await api('POST', '/api/sessions/current/lock')).status),
      );
      expect(again.map((entry) => entry.action)).not.toContain('organisation.locked');
      const logOut = await appendedBy(async () =>
        ok((await api('DELETE', '/api/sessions/current')).status),
      );
      expect(logOut.filter((entry) => entry.action === 'session.ended')).toHaveLength(1);
      token = await logInWithCode(platform, issuer.email, issuer.password, issuer.totpSecret);
      // Ending another of one's sessions, then all the others.
      await logInWithCode(platform, issuer.email, issuer.password, issuer.totpSecret);
      const sessions = await call<{ id: string; current: boolean }[]>(
        platform.baseUrl,
        'GET',
        '/api/me/sessions',
        { token },
      );
      const other = sessions.body.find((session) => !session.current);
      if (other === undefined) throw new Error('no other session');
      const ended = await appendedBy(async () =>
        ok((await api('DELETE', `/api/me/sessions/${other.id}`)).status),
      );
      expect(ended.filter((entry) => entry.action === 'session.ended')).toEqual([
        expect.objectContaining({ targetId: other.id }),
      ]);
      await logInWithCode(platform, issuer.email, issuer.password, issuer.totpSecret);
      const others = await appendedBy(async () =>
        ok((await api('DELETE', '/api/me/sessions')).status),
      );
      expect(others.filter((entry) => entry.action === 'session.others_ended')).toHaveLength(1);
    }, 60_000);

    it('issuance, activation, revocation, erasure', async () => {
      let documentId = '';
      await expectOne('document.issued', async () => {
        documentId = await issueOne(platform, { ...issuer, token });
      });
      await expectOne('document.activated', async () =>
        activate(platform, await activationLinkFor(platform, documentId)),
      );
      await expectOne('document.revoked', async () =>
        ok(
          (
            await api('POST', `${base()}/documents/${documentId}/revoke`, {
              reason: 'Issued in error',
              code: 'issued_in_error',
            })
          ).status,
        ),
      );
      const erased = await expectOne('document.erased', async () =>
        ok(
          (
            await api('POST', `${base()}/documents/${documentId}/erase`, {
              reason: 'holder_request',
            })
          ).status,
        ),
      );
      expect(erased?.targetId).toBe(documentId);
    }, 60_000);

    it('configuration changes: retention rules, API keys created and revoked', async () => {
      await expectOne('organisation.retention_changed', async () =>
        ok(
          (await api('PUT', `${base()}/retention`, { pendingMonths: 6, activatedYears: 2 })).status,
        ),
      );
      let keyId = '';
      await expectOne('api_key.created', async () => {
        const created = await call<{ id: string }>(platform.baseUrl, 'POST', `${base()}/api-keys`, {
          token,
          json: { name: 'coverage', scopes: ['issue'] },
        });
        ok(created.status);
        keyId = created.body.id;
      });
      const revoked = await expectOne('api_key.revoked', async () =>
        ok((await api('DELETE', `${base()}/api-keys/${keyId}`)).status),
      );
      expect(revoked?.actorType).toBe('user');
      // Ids and codes only: the entries of this file never hold the owner's address.
      const details = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['actorId', 'targetId', 'detail'])
        .execute();
      expect(JSON.stringify(details)).not.toContain(issuer.email);
    }, 60_000);
  });
}
