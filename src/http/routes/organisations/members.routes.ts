import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_DAYS,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from '../../../issuers/invitations.js';
import {
  changeMemberRole,
  confirmMember,
  listMembers,
  removeMember,
} from '../../../issuers/members.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { organisationKeyRoutes } from './organisation-keys.routes.js';

const Role = Type.String({
  maxLength: 20,
  description: 'owner, admin, operator (issue, revoke) or viewer (read).',
});
const RoleName = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
]);

const MemberView = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  role: RoleName,
  keyAccess: Type.Boolean({
    description:
      'Holds a copy of the active organisation key (sealed to their own key pair): can unlock recipient data. False until an unlocked member confirms them.',
  }),
  twoFactor: Type.Boolean(),
  joinedAt: Type.String(),
});

const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  createdAt: Type.String(),
  expiresAt: Type.String(),
  invitedBy: Type.String({ description: 'Public id of the member who invited.' }),
});

const LinkToken = Type.String({
  maxLength: 100,
  description:
    'The token from the e-mailed link’s fragment (after #). Sent only in the body, never in a URL.',
});

/** Inviting sends an e-mail: a few per client. */
const inviteLimit = { rateLimit: { max: 20, timeWindow: '1 hour' } };
/** Link tokens and passwords: each accept costs Argon2id derivations. */
const previewLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const acceptLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/**
 * Members and roles, invitations by e-mail, member key confirmation and removal; the
 * organisation's keys (rotation) and logo are in organisation-keys.routes.ts.
 */
export function memberRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/organisations/:organisationId';
    const organisationParams = Type.Object({ organisationId: PublicId });
    const memberParams = Type.Object({ organisationId: PublicId, userId: PublicId });

    app.get(
      `${base}/members`,
      {
        schema: {
          tags: ['members'],
          summary: 'List the members of an organisation',
          description:
            'Any member (logged in; API keys cannot list people). keyAccess says who holds the active organisation key.',
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: Type.Array(MemberView), ...errors(401, 403, 404) },
        },
      },
      async (request) => listMembers(ctx, request.actor, request.params.organisationId),
    );

    app.post(
      `${base}/members/:userId/confirm`,
      {
        schema: {
          tags: ['members'],
          summary: 'Confirm a member: give them the organisation key',
          description:
            'Owners and admins whose session has the organisation unlocked (POST /api/sessions/current/unlock). Every organisation key this session holds is sealed to the member’s own public key, so the platform never holds it unwrapped at rest; the member can then unlock recipient data with their own password. Without an unlocked session: 403 UNLOCK_REQUIRED.',
          security: BearerSecurity,
          params: memberParams,
          response: { 200: MemberView, ...errors(401, 403, 404, 409) },
        },
      },
      async (request) => confirmMember(ctx, request.actor, request.params),
    );

    app.patch(
      `${base}/members/:userId`,
      {
        schema: {
          tags: ['members'],
          summary: 'Change a member’s role',
          description:
            'Owners and admins; only an owner may grant or take away the owner or admin role. The last owner cannot be demoted (409).',
          security: BearerSecurity,
          params: memberParams,
          body: Type.Object({ role: Role }),
          response: { 200: MemberView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        changeMemberRole(ctx, request.actor, { ...request.params, role: request.body.role }),
    );

    app.delete(
      `${base}/members/:userId`,
      {
        schema: {
          tags: ['members'],
          summary: 'Remove a member',
          description:
            'Owners and admins remove others (only an owner removes an owner or admin); any member may remove themselves. Deletes the membership and the member’s copies of the organisation keys, and ends all of the member’s sessions. The last owner cannot be removed (409).',
          security: BearerSecurity,
          params: memberParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await removeMember(ctx, request.actor, request.params);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/invitations`,
      {
        config: inviteLimit,
        schema: {
          tags: ['members'],
          summary: 'Invite someone by e-mail',
          description: `Owners and admins; only an owner may invite an owner or admin. E-mails a single-use link valid ${INVITATION_TTL_DAYS} days (the token is in the link’s fragment; only its hash is stored). A new invitation to the same address replaces the pending one. An existing member: 409. Nothing is stored when the e-mail cannot be sent (502).`,
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object({
            email: Type.String({ maxLength: 254 }),
            role: Role,
            locale: Type.Optional(
              Type.Union([Type.Literal('en'), Type.Literal('fr')], {
                description: 'Language of the e-mail; default: from Accept-Language, else English.',
              }),
            ),
          }),
          response: { 201: InvitationView, ...errors(400, 401, 403, 404, 409, 429, 502) },
        },
      },
      async (request, reply) => {
        const { email, role, locale } = request.body;
        const invitation = await createInvitation(ctx, request.actor, {
          organisationId: request.params.organisationId,
          email,
          role,
          locale: isLocale(locale) ? locale : negotiateLocale(request.headers['accept-language']),
        });
        return reply.status(201).send(invitation);
      },
    );

    app.get(
      `${base}/invitations`,
      {
        schema: {
          tags: ['members'],
          summary: 'List pending invitations',
          description: 'Owners and admins. Accepted, revoked and expired invitations are left out.',
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: Type.Array(InvitationView), ...errors(401, 403, 404) },
        },
      },
      async (request) => listInvitations(ctx, request.actor, request.params.organisationId),
    );

    app.delete(
      `${base}/invitations/:invitationId`,
      {
        schema: {
          tags: ['members'],
          summary: 'Revoke a pending invitation',
          description: 'Owners and admins. The link stops working.',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId, invitationId: PublicId }),
          response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await revokeInvitation(ctx, request.actor, request.params);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/invitations/preview',
      {
        config: previewLimit,
        schema: {
          tags: ['members'],
          summary: 'What an invitation link is for',
          description:
            'Anyone holding the link. The organisation, the role, and whether the invited address already has an account (then its password is asked). Unknown, used, revoked or expired links: 410 LINK_INVALID.',
          body: Type.Object({ token: LinkToken }),
          response: {
            200: Type.Object({
              organisationName: Type.String(),
              role: RoleName,
              accountExists: Type.Boolean(),
            }),
            ...errors(400, 410, 429),
          },
        },
      },
      async (request) => previewInvitation(ctx, request.body),
    );

    app.post(
      '/api/invitations/accept',
      {
        config: acceptLimit,
        schema: {
          tags: ['members'],
          summary: 'Accept an invitation',
          description:
            'Anyone holding the link. Without an account for the invited address, creates it with this password (e-mail confirmed by the link; the password policy applies); otherwise the account’s password must be given (401 INVALID_CREDENTIALS, the link stays usable). The link works once. The new member holds no organisation key until an unlocked member confirms them (keyAccess: false).',
          body: Type.Object({
            token: LinkToken,
            password: Type.String({ maxLength: 1024 }),
          }),
          response: {
            200: Type.Object({
              organisationId: Type.String(),
              role: RoleName,
              keyAccess: Type.Boolean(),
            }),
            ...errors(400, 401, 409, 410, 429),
          },
        },
      },
      async (request) => acceptInvitation(ctx, request.body),
    );

    await app.register(organisationKeyRoutes(ctx));
  };
}
