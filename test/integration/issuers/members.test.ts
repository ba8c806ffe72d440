import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import {
  addMember,
  invitationToken,
  invite,
  logIn,
  MEMBER_PASSWORD,
  members,
  recipientOf,
  unlock,
} from './member-helpers.js';
import type { ErrorBody } from './member-helpers.js';

let counter = 0;
function address(label: string): string {
  counter += 1;
  return `${label}-${counter}-${process.pid}@member.example`;
}

for (const dialect of DIALECTS) {
  describe(`members, invitations and roles (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;
    let owner: TestIssuer;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
      owner = await newApprovedIssuer(platform, 'Institut des Membres');
    });
    afterEach(() => platform.clock.reset());
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    const organisationPath = () => `/api/organisations/${owner.organisationId}`;
    const invitationRows = async () =>
      platform.ctx.db
        .selectFrom('invitations')
        .innerJoin('organisations', 'organisations.id', 'invitations.organisationId')
        .select(['invitations.email', 'invitations.role'])
        .where('organisations.publicId', '=', owner.organisationId)
        .execute();

    it('an unknown role is refused with the allowed ones named, and nothing is stored or sent', async () => {
      const before = sink.messages.length;
      const storedBefore = (await invitationRows()).length;
      const email = address('unknown-role');
      const refused = await invite(platform, owner.token, owner.organisationId, email, 'superuser');
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('INVALID_INPUT');
      expect(refused.body.error.message).toContain('owner, admin, operator, viewer');
      expect(refused.body.error.details).toMatchObject({ field: 'role' });
      expect((await invitationRows()).length).toBe(storedBefore);
      expect(sink.messages.length).toBe(before);
    });

    it('an invitation accepted as a new account: single use, e-mail confirmed, no key until confirmed', async () => {
      const email = address('new-operator');
      const invited = await invite(platform, owner.token, owner.organisationId, email, 'operator');
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ role: 'operator' });

      const mail = sink.messages.at(-1);
      expect(mail?.to).toEqual([email]);
      expect(mail?.subject).toContain('Institut des Membres');
      expect(mail?.text).toContain(`${platform.ctx.publicUrl}/invitations/accept#`);
      const token = invitationToken(sink, email);
      // Only the token's hash is stored.
      const stored = await platform.ctx.db
        .selectFrom('invitations')
        .select('tokenHash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(stored.tokenHash).not.toContain(token);

      const pending = await call<Array<{ id: string; email: string }>>(
        platform.baseUrl,
        'GET',
        `${organisationPath()}/invitations`,
        { token: owner.token },
      );
      expect(pending.body.map((row) => row.email)).toContain(email);

      const preview = await call(platform.baseUrl, 'POST', '/api/invitations/preview', {
        json: { token },
      });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        organisationName: 'Institut des Membres',
        role: 'operator',
        accountExists: false,
      });

      const weak = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: 'short' },
      });
      expect(weak.status).toBe(400);
      const accepted = await call(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: MEMBER_PASSWORD },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        organisationId: owner.organisationId,
        role: 'operator',
        keyAccess: false,
      });
      const reused = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: MEMBER_PASSWORD },
      });
      expect(reused.status).toBe(410);
      expect(reused.body.error.code).toBe('LINK_INVALID');
      const previewAfter = await call(platform.baseUrl, 'POST', '/api/invitations/preview', {
        json: { token },
      });
      expect(previewAfter.status).toBe(410);

      const account = await platform.ctx.db
        .selectFrom('users')
        .select(['emailConfirmedAt', 'publicKey'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(account.emailConfirmedAt).not.toBeNull();
      expect(account.publicKey).not.toBeNull();
      const membership = await platform.ctx.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.userId')
        .select('memberships.invitedByUserId')
        .where('users.email', '=', email)
        .executeTakeFirstOrThrow();
      expect(membership.invitedByUserId).not.toBeNull();

      const memberToken = await logIn(platform, email, MEMBER_PASSWORD);
      const listed = (await members(platform, owner.token, owner.organisationId)).find(
        (row) => row.email === email,
      );
      expect(listed).toMatchObject({ role: 'operator', keyAccess: false, twoFactor: false });
      expect(
        (await members(platform, owner.token, owner.organisationId)).find(
          (row) => row.email === owner.email,
        ),
      ).toMatchObject({ role: 'owner', keyAccess: true });

      // Issuing needs only the public key: a member without a seal can issue with their role.
      const documentId = await issueOne(platform, owner, {
        recipient: { name: 'Ingrid Sørensen', email: 'ingrid@example.org' },
      });
      await issueOne(platform, owner, {}, memberToken);

      // But cannot unlock before an unlocked member confirms them.
      const early = await unlock(platform, memberToken, owner.organisationId, MEMBER_PASSWORD);
      expect(early.status).toBe(403);
      expect(early.body.error.message).toContain('must confirm you');

      const confirmPath = `${organisationPath()}/members/${listed?.userId ?? ''}/confirm`;
      const locked = await call<ErrorBody>(platform.baseUrl, 'POST', confirmPath, {
        token: owner.token,
      });
      expect(locked.status).toBe(403);
      expect(locked.body.error.code).toBe('UNLOCK_REQUIRED');
      // An operator may not confirm anyone.
      const byOperator = await call<ErrorBody>(platform.baseUrl, 'POST', confirmPath, {
        token: memberToken,
      });
      expect(byOperator.status).toBe(403);

      expect(
        (await unlock(platform, owner.token, owner.organisationId, owner.password)).status,
      ).toBe(200);
      const confirmed = await call(platform.baseUrl, 'POST', confirmPath, { token: owner.token });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body).toMatchObject({ email, keyAccess: true });

      const later = await unlock(platform, memberToken, owner.organisationId, MEMBER_PASSWORD);
      expect(later.status).toBe(200);
      const read = await recipientOf(platform, memberToken, owner.organisationId, documentId);
      expect(read.status).toBe(200);
      expect(read.body.recipient?.name).toBe('Ingrid Sørensen');
    });

    it('an invitation accepted by an existing account needs that account’s password', async () => {
      const other = await newApprovedIssuer(platform, 'Another Organisation');
      const invited = await invite(
        platform,
        owner.token,
        owner.organisationId,
        other.email,
        'viewer',
      );
      expect(invited.status).toBe(201);
      const token = invitationToken(sink, other.email);
      const preview = await call(platform.baseUrl, 'POST', '/api/invitations/preview', {
        json: { token },
      });
      expect(preview.body).toMatchObject({ role: 'viewer', accountExists: true });
      const wrong = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: 'not the password of that account' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      const accepted = await call(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token, password: other.password },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        organisationId: owner.organisationId,
        role: 'viewer',
        keyAccess: false,
      });
      const list = await members(platform, other.token, owner.organisationId);
      expect(list.find((row) => row.email === other.email)).toMatchObject({ role: 'viewer' });
      // Already a member: a new invitation is a conflict.
      const again = await invite(
        platform,
        owner.token,
        owner.organisationId,
        other.email,
        'viewer',
      );
      expect(again.status).toBe(409);
      // A viewer cannot invite.
      const byViewer = await invite(
        platform,
        other.token,
        owner.organisationId,
        address('by-viewer'),
        'viewer',
      );
      expect(byViewer.status).toBe(403);
    });

    it('expired and revoked invitation links are gone (410)', async () => {
      const expiring = address('expiring');
      expect(
        (await invite(platform, owner.token, owner.organisationId, expiring, 'viewer')).status,
      ).toBe(201);
      const expiringToken = invitationToken(sink, expiring);
      platform.clock.advance(7 * 24 * 60 * 60_000 + 60_000);
      const late = await call<ErrorBody>(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token: expiringToken, password: MEMBER_PASSWORD },
      });
      expect(late.status).toBe(410);
      expect(late.body.error.code).toBe('LINK_INVALID');
      platform.clock.reset();

      const revoked = address('revoked');
      const invited = await invite(platform, owner.token, owner.organisationId, revoked, 'viewer');
      const revoke = await call(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/invitations/${invited.body.id}`,
        { token: owner.token },
      );
      expect(revoke.status).toBe(204);
      const pending = await call<Array<{ email: string }>>(
        platform.baseUrl,
        'GET',
        `${organisationPath()}/invitations`,
        { token: owner.token },
      );
      expect(pending.body.map((row) => row.email)).not.toContain(revoked);
      const refused = await call(platform.baseUrl, 'POST', '/api/invitations/accept', {
        json: { token: invitationToken(sink, revoked), password: MEMBER_PASSWORD },
      });
      expect(refused.status).toBe(410);
      const twice = await call(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/invitations/${invited.body.id}`,
        { token: owner.token },
      );
      expect(twice.status).toBe(409);
      const garbage = await call(platform.baseUrl, 'POST', '/api/invitations/preview', {
        json: { token: 'not-a-token' },
      });
      expect(garbage.status).toBe(410);
    });

    it('role changes: only an owner grants or removes owner and admin; the last owner stays', async () => {
      const admin = await addMember(platform, sink, owner, 'admin', address('admin'));
      // This operator becomes an owner below: it turns two-factor on now (owners need it).
      const operator = await addMember(
        platform,
        sink,
        owner,
        'operator',
        address('operator'),
        true,
      );
      const patch = (token: string, userId: string, role: string) =>
        call<{ role: string } & ErrorBody>(
          platform.baseUrl,
          'PATCH',
          `${organisationPath()}/members/${userId}`,
          { token, json: { role } },
        );
      const ownerId = (await members(platform, owner.token, owner.organisationId)).find(
        (row) => row.email === owner.email,
      )?.userId;
      if (ownerId === undefined) throw new Error('owner not listed');

      // An admin cannot invite an admin, promote to admin, nor demote the owner.
      const adminInvite = await invite(
        platform,
        admin.token,
        owner.organisationId,
        address('admin-by-admin'),
        'admin',
      );
      expect(adminInvite.status).toBe(403);
      expect((await patch(admin.token, operator.userId, 'admin')).status).toBe(403);
      expect((await patch(admin.token, ownerId, 'viewer')).status).toBe(403);
      // An admin can change an operator to a viewer and back.
      const demoted = await patch(admin.token, operator.userId, 'viewer');
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('viewer');
      expect((await patch(admin.token, operator.userId, 'operator')).status).toBe(200);

      const unknown = await patch(owner.token, operator.userId, 'boss');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('owner, admin, operator, viewer');

      // The last owner cannot be demoted; with a second owner, they can.
      const last = await patch(owner.token, ownerId, 'admin');
      expect(last.status).toBe(409);
      expect((await patch(owner.token, operator.userId, 'owner')).status).toBe(200);
      expect((await patch(owner.token, ownerId, 'admin')).status).toBe(200);
      expect((await patch(operator.token, ownerId, 'owner')).status).toBe(200);
      expect((await patch(owner.token, operator.userId, 'operator')).status).toBe(200);
      const roles = Object.fromEntries(
        (await members(platform, owner.token, owner.organisationId)).map((row) => [
          row.email,
          row.role,
        ]),
      );
      expect(roles[owner.email]).toBe('owner');
      expect(roles[operator.email]).toBe('operator');
      expect(roles[admin.email]).toBe('admin');
    });

    it('removal deletes the member’s seals and ends all their sessions; the last owner stays', async () => {
      const email = address('removed');
      const member = await addMember(platform, sink, owner, 'operator', email);
      const secondSession = await logIn(platform, email, MEMBER_PASSWORD);
      expect(
        (await unlock(platform, owner.token, owner.organisationId, owner.password)).status,
      ).toBe(200);
      const confirmed = await call(
        platform.baseUrl,
        'POST',
        `${organisationPath()}/members/${member.userId}/confirm`,
        { token: owner.token },
      );
      expect(confirmed.status).toBe(200);
      const seals = () =>
        platform.ctx.db
          .selectFrom('memberKeySeals')
          .innerJoin('users', 'users.id', 'memberKeySeals.userId')
          .select('memberKeySeals.id')
          .where('users.publicId', '=', member.userId)
          .execute();
      expect((await seals()).length).toBeGreaterThan(0);

      // An operator cannot remove anyone else.
      const ownerId = (await members(platform, owner.token, owner.organisationId)).find(
        (row) => row.email === owner.email,
      )?.userId;
      const byOperator = await call(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/members/${ownerId ?? ''}`,
        { token: member.token },
      );
      expect(byOperator.status).toBe(403);

      const removed = await call(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/members/${member.userId}`,
        { token: owner.token },
      );
      expect(removed.status).toBe(204);
      expect((await seals()).length).toBe(0);
      for (const token of [member.token, secondSession]) {
        const me = await call(platform.baseUrl, 'GET', '/api/me', { token });
        expect(me.status).toBe(401);
      }
      expect(
        (await members(platform, owner.token, owner.organisationId)).map((row) => row.email),
      ).not.toContain(email);
      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'detail'])
        .where('targetId', '=', member.userId)
        .where('action', '=', 'member.removed')
        .executeTakeFirstOrThrow();
      expect(audit.detail).not.toContain('@');

      // Anyone may leave; the last owner may not.
      const leaving = await addMember(platform, sink, owner, 'viewer', address('leaving'));
      const left = await call(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/members/${leaving.userId}`,
        { token: leaving.token },
      );
      expect(left.status).toBe(204);
      const lastOwner = await call<ErrorBody>(
        platform.baseUrl,
        'DELETE',
        `${organisationPath()}/members/${ownerId ?? ''}`,
        { token: owner.token },
      );
      expect(lastOwner.status).toBe(409);
    });

    it('another organisation’s members are not visible (404)', async () => {
      const other = await newApprovedIssuer(platform, 'Stranger Organisation');
      const list = await call(platform.baseUrl, 'GET', `${organisationPath()}/members`, {
        token: other.token,
      });
      expect(list.status).toBe(404);
      const anonymous = await call(platform.baseUrl, 'GET', `${organisationPath()}/members`);
      expect(anonymous.status).toBe(401);
    });
  });
}
