import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { changePassword } from '../../../accounts/change-password.js';
import { completePasswordReset, requestPasswordReset } from '../../../accounts/password-reset.js';
import { confirmSignUp, requestSignUp } from '../../../accounts/sign-up.js';
import type { AppContext } from '../../../context.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import type { Locale } from '../../../i18n/locale.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { clearSessionCookie } from '../../session-cookie.js';

/** Asking for an e-mail: few per client address, since each one may send a message. */
const mailRequestLimit = { rateLimit: { max: 5, timeWindow: '15 minutes' } };
/** Using a link or a password: each attempt costs two Argon2id derivations. */
const passwordLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

const Email = Type.String({ maxLength: 254, description: 'The e-mail address (any case).' });
const LocaleField = Type.Optional(
  Type.Union([Type.Literal('en'), Type.Literal('fr')], {
    description: 'Language of the e-mail; default: from Accept-Language, else English.',
  }),
);
const LinkToken = Type.String({
  maxLength: 100,
  description:
    'The token from the e-mailed link’s fragment (after #). Sent only in the body, never in a URL.',
});
const NewPassword = Type.String({
  maxLength: 1024,
  description:
    'The new password: 12 to 128 characters, not a commonly used password, not the e-mail address.',
});
const Accepted = Type.Object(
  {
    status: Type.Literal('accepted'),
  },
  {
    description:
      'Always the same answer, whether the address has an account or not and whether an e-mail was sent.',
  },
);

/** The e-mail's language: the body's `locale` when given, else Accept-Language, else English. */
function localeOf(request: FastifyRequest, chosen: string | undefined): Locale {
  return isLocale(chosen) ? chosen : negotiateLocale(request.headers['accept-language']);
}

/** Sign-up with e-mail confirmation, password change and password reset. */
export function accountRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/signups',
      {
        config: mailRequestLimit,
        schema: {
          tags: ['accounts'],
          summary: 'Sign up: e-mail a confirmation link',
          description:
            'Anyone. Sends a single-use link (valid 24 hours) to the address; when the address already has an account, sends a notice instead (“log in or reset your password”). The answer is the same in both cases, so it does not tell who has an account. After 3 e-mails to one address within an hour nothing more is sent, with the same answer.',
          body: Type.Object({ email: Email, locale: LocaleField }),
          response: { 202: Accepted, ...errors(400, 429, 502) },
        },
      },
      async (request, reply) => {
        await requestSignUp(ctx, {
          email: request.body.email,
          locale: localeOf(request, request.body.locale),
        });
        return reply.status(202).send({ status: 'accepted' as const });
      },
    );

    app.post(
      '/api/signups/confirm',
      {
        config: passwordLimit,
        schema: {
          tags: ['accounts'],
          summary: 'Sign up: confirm the address and choose the password',
          description:
            'Anyone holding the e-mailed link. Creates the account with its e-mail confirmed; the link is then used up. An unknown, used or expired link gets 410; a password the policy refuses gets 400 and the link stays usable. Log in afterwards with POST /api/sessions.',
          body: Type.Object({ token: LinkToken, password: NewPassword }),
          response: {
            201: Type.Object({ userId: Type.String({ description: 'The new account’s id.' }) }),
            ...errors(400, 410, 429),
          },
        },
      },
      async (request, reply) => reply.status(201).send(await confirmSignUp(ctx, request.body)),
    );

    app.post(
      '/api/password-resets',
      {
        config: mailRequestLimit,
        schema: {
          tags: ['accounts'],
          summary: 'Forgotten password: e-mail a reset link',
          description:
            'Anyone. Sends a single-use reset link (valid 1 hour) when the address has an account, and a notice that no account uses it otherwise; the answer is the same in both cases, after the same work. After 3 e-mails to one address within an hour nothing more is sent, with the same answer.',
          body: Type.Object({ email: Email, locale: LocaleField }),
          response: { 202: Accepted, ...errors(400, 429, 502) },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(ctx, {
          email: request.body.email,
          locale: localeOf(request, request.body.locale),
        });
        return reply.status(202).send({ status: 'accepted' as const });
      },
    );

    app.post(
      '/api/password-resets/complete',
      {
        config: passwordLimit,
        schema: {
          tags: ['accounts'],
          summary: 'Forgotten password: choose a new one',
          description:
            'Anyone holding the e-mailed link. An account with two-factor authentication needs `code` (TOTP or recovery code): without it 401 SECOND_FACTOR_REQUIRED, wrong 401 INVALID_CREDENTIALS, and the link stays usable. The forgotten password’s key pair cannot be opened, so the account gets a new one: the organisations whose recovery key is given get their keys back (`recovered`), the others need another member to confirm the account again (`keyAccessLost`). Every session of the account ends.',
          body: Type.Object({
            token: LinkToken,
            password: NewPassword,
            code: Type.Optional(
              Type.String({
                maxLength: 64,
                description: 'A TOTP code or a recovery code, for accounts with a second factor.',
              }),
            ),
            recoveryKeys: Type.Optional(
              Type.Array(
                Type.Object({
                  organisationId: PublicId,
                  recoveryKey: Type.String({
                    maxLength: 100,
                    description: 'The recovery key shown once when the organisation was created.',
                  }),
                }),
                { maxItems: 20 },
              ),
            ),
            locale: LocaleField,
          }),
          response: {
            200: Type.Object({
              recovered: Type.Array(Type.String(), {
                description: 'Organisations whose keys are reachable with the new password.',
              }),
              keyAccessLost: Type.Array(Type.String(), {
                description:
                  'Organisations whose keys this account no longer holds: another member must confirm it again.',
              }),
            }),
            ...errors(400, 401, 409, 410, 429, 502),
          },
        },
      },
      async (request) =>
        completePasswordReset(ctx, {
          token: request.body.token,
          password: request.body.password,
          code: request.body.code,
          recoveryKeys: request.body.recoveryKeys,
          locale: localeOf(request, request.body.locale),
        }),
    );

    app.post(
      '/api/me/password',
      {
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags: ['accounts'],
          summary: 'Change my password',
          description:
            'A logged-in user (not an API key). Needs the current password. The account’s key pair is re-wrapped under the new password, so organisation keys stay reachable with it only. Every session of the account ends, this one included: log in again.',
          security: BearerSecurity,
          body: Type.Object({
            currentPassword: Type.String({ maxLength: 1024 }),
            newPassword: NewPassword,
            locale: LocaleField,
          }),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 409, 429, 502) },
        },
      },
      async (request, reply) => {
        await changePassword(ctx, request.actor, {
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
          locale: localeOf(request, request.body.locale),
        });
        // The session behind a cookie no longer exists: the browser forgets the cookie too.
        clearSessionCookie(reply, ctx.publicUrl);
        return reply.status(204).send(null);
      },
    );
  };
}
