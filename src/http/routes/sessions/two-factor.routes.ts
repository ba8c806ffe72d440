import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  confirmTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorEnrolment,
} from '../../../accounts/two-factor.js';
import type { AppContext } from '../../../context.js';
import { BearerSecurity, errors } from '../../schemas.js';

const Password = Type.String({ minLength: 1, maxLength: 256 });
const Code = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'A code from the authenticator app, or an unused recovery code.',
});
const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), {
    description:
      'Single-use codes for when the authenticator app is lost. Shown this once: store them safely.',
  }),
});
/** Password and code guessing from a stolen session stays slow. */
const LIMITED = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** TOTP enrolment and management for the logged-in user (any user may enrol). */
export function twoFactorRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/me/two-factor',
      {
        config: LIMITED,
        schema: {
          tags: ['sessions'],
          summary: 'Start two-factor enrolment',
          description:
            'Re-enter the password to get a new TOTP secret (base32) and its otpauth:// URI for an authenticator app. Not in force until confirmed with a code (POST /api/me/two-factor/confirm). Owners, admins and platform admins need two-factor authentication for their organisation and admin routes.',
          security: BearerSecurity,
          body: Type.Object({ password: Password }),
          response: {
            200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }),
            ...errors(400, 401, 403, 409, 429),
          },
        },
      },
      async (request) => startTwoFactorEnrolment(ctx, request.actor, request.body),
    );

    app.post(
      '/api/me/two-factor/confirm',
      {
        config: LIMITED,
        schema: {
          tags: ['sessions'],
          summary: 'Confirm two-factor enrolment',
          description:
            'Send a first code from the app: two-factor authentication is on from now, this session counts as having passed it, and 10 recovery codes are returned once.',
          security: BearerSecurity,
          body: Type.Object({ code: Code }),
          response: { 200: RecoveryCodes, ...errors(400, 401, 403, 409, 429) },
        },
      },
      async (request) => confirmTwoFactor(ctx, request.actor, request.body),
    );

    app.post(
      '/api/me/two-factor/recovery-codes',
      {
        config: LIMITED,
        schema: {
          tags: ['sessions'],
          summary: 'Replace the recovery codes',
          description:
            'Password and a current code (or a recovery code) needed. Returns 10 new recovery codes once; the old ones stop working.',
          security: BearerSecurity,
          body: Type.Object({ password: Password, code: Code }),
          response: { 200: RecoveryCodes, ...errors(400, 401, 403, 409, 429) },
        },
      },
      async (request) => regenerateRecoveryCodes(ctx, request.actor, request.body),
    );

    app.delete(
      '/api/me/two-factor',
      {
        config: LIMITED,
        schema: {
          tags: ['sessions'],
          summary: 'Turn two-factor authentication off',
          description:
            'Password and a current code needed. Refused (403) while the user is an owner or admin of any organisation, or a platform admin.',
          security: BearerSecurity,
          body: Type.Object({ password: Password, code: Code }),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 409, 429) },
        },
      },
      async (request, reply) => {
        await disableTwoFactor(ctx, request.actor, request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
