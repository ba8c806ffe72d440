import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { MAX_LOGO_BYTES, removeLogo, setLogo } from '../../../issuers/issuer-profile.js';
import {
  listOrganisationKeyHistory,
  rotateOrganisationKey,
} from '../../../issuers/key-rotation.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';
import { uploadedFile } from '../uploaded-file.js';

const KeyStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('retired'),
  Type.Literal('revoked'),
]);

const OrganisationKeyView = Type.Object({
  fingerprint: Type.String({ description: 'SHA-256 of the raw public key, base64url.' }),
  algorithm: Type.Literal('X25519'),
  use: Type.Literal('encryption'),
  publicKey: Type.String({ description: 'The raw public key, base64url.' }),
  status: KeyStatus,
  createdAt: Type.String(),
  retiredAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  revocationReason: Nullable(Type.String()),
  held: Type.Boolean({ description: 'Whether you hold a copy of this key (API keys: false).' }),
});

const rotateLimit = { rateLimit: { max: 10, timeWindow: '1 hour' } };
const uploadLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** The organisation's encryption keys (history, rotation) and its public logo. */
export function organisationKeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/organisations/:organisationId';
    const params = Type.Object({ organisationId: PublicId });

    app.get(
      `${base}/keys`,
      {
        schema: {
          tags: ['members'],
          summary: 'The organisation’s encryption keys and their history',
          description:
            'Members and API keys with the read scope. Newest first: active (new documents are sealed to it), retired (rotated, kept for older documents) or revoked (compromised).',
          security: BearerSecurity,
          params,
          response: { 200: Type.Array(OrganisationKeyView), ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        listOrganisationKeyHistory(ctx, request.actor, request.params.organisationId),
    );

    app.post(
      `${base}/keys/rotate`,
      {
        config: rotateLimit,
        schema: {
          tags: ['members'],
          summary: 'Rotate the organisation’s encryption key',
          description:
            'Owners and admins whose session has the organisation unlocked (else 403 UNLOCK_REQUIRED). A new X25519 key becomes active; its private key is sealed to every member who held the previous one and wrapped by a NEW recovery key, shown only in this response. The previous key is retired — or revoked, with the reason (required), when `compromised` is true — and kept, so older documents still open. This session’s unlock includes the new key.',
          security: BearerSecurity,
          params,
          body: Type.Object({
            compromised: Type.Optional(Type.Boolean()),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: {
            200: Type.Object({
              key: OrganisationKeyView,
              previousKey: Type.Object({
                fingerprint: Type.String(),
                status: Type.Union([Type.Literal('retired'), Type.Literal('revoked')]),
              }),
              sealedToMembers: Type.Integer(),
              recoveryKey: Type.String({
                description: 'Shown once: opens the new key if every member’s password is lost.',
              }),
            }),
            ...errors(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (request) =>
        rotateOrganisationKey(ctx, request.actor, {
          organisationId: request.params.organisationId,
          ...request.body,
        }),
    );

    app.put(
      `${base}/logo`,
      {
        config: uploadLimit,
        schema: {
          tags: ['members'],
          summary: 'Set the organisation’s logo',
          description: `Owners and admins. A PNG or JPEG image (checked by its content), at most ${MAX_LOGO_BYTES / 1024} KiB, as multipart field \`file\`. Shown on the public issuer profile once the organisation is approved. Anything else: 415.`,
          security: BearerSecurity,
          params,
          consumes: ['multipart/form-data'],
          body: {
            content: {
              'multipart/form-data': {
                schema: { description: 'A form with the image in the field "file".' },
              },
            },
          },
          response: {
            200: Type.Object({
              logoUrl: Type.String(),
              mediaType: Type.String(),
              byteSize: Type.Integer(),
            }),
            ...errors(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      async (request) =>
        setLogo(ctx, request.actor, request.params.organisationId, async () => {
          const upload = await uploadedFile(request, {
            maxBytes: MAX_LOGO_BYTES,
            noun: 'logo',
            limit: `${MAX_LOGO_BYTES / 1024} KiB`,
            notMultipart: 'UNSUPPORTED_MEDIA',
          });
          return upload.bytes;
        }),
    );

    app.delete(
      `${base}/logo`,
      {
        schema: {
          tags: ['members'],
          summary: 'Remove the organisation’s logo',
          description: 'Owners and admins.',
          security: BearerSecurity,
          params,
          response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await removeLogo(ctx, request.actor, request.params.organisationId);
        return reply.status(204).send(null);
      },
    );
  };
}
