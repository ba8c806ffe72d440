import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  eraseAsHolder,
  exportHolderData,
  setRestriction,
  viewHolderData,
} from '../../../privacy/recipient-rights.js';
import { eraseAsIssuer } from '../../../privacy/issuer-erasure.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  ErasureResult,
  HolderData,
  HolderSecret,
  IssuerErasureReason,
  RestrictionResult,
  ZipFile,
} from './privacy.schemas.js';

const rightsLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/**
 * The recipient's rights through their link (DESIGN §3, issue 13): the secret of the link's
 * fragment travels in the body of a POST, never in a URL. And the issuer's erasure.
 */
export function recipientRightsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ documentId: PublicId });
    const secretBody = Type.Object({ secret: HolderSecret });
    const holderErrors = errors(400, 403, 404, 409, 429);

    app.post(
      '/api/recipient/documents/:documentId/data',
      {
        config: rightsLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'See what is held about me (holder)',
          description:
            'The decrypted record (name, e-mail, fields), states and dates, consents, anchored digests and the document’s history. A wrong secret gets 403 and counts like a wrong activation (repeated tries lock the link: 429). An erased document is 409.',
          params,
          body: secretBody,
          response: { 200: HolderData, ...holderErrors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return viewHolderData(ctx, { documentId: request.params.documentId, ...request.body });
      },
    );

    app.post(
      '/api/recipient/documents/:documentId/export',
      {
        config: rightsLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'Export everything as a ZIP (holder)',
          description:
            'A ZIP: `data.json` (what …/data shows), the signed PDF when activated, and the OpenTimestamps proofs (`<id>.pdf.ots`, `<id>.commitment.ots`) that are ready. This document only.',
          params,
          body: secretBody,
          produces: ['application/zip'],
          response: { 200: ZipFile, ...holderErrors },
        },
      },
      async (request, reply) => {
        const exported = await exportHolderData(ctx, {
          documentId: request.params.documentId,
          ...request.body,
        });
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="${exported.fileName}"`)
          .header('cache-control', 'no-store')
          .send(exported.stream);
      },
    );

    for (const restricted of [true, false]) {
      app.post(
        `/api/recipient/documents/:documentId/${restricted ? 'restrict' : 'unrestrict'}`,
        {
          config: rightsLimit,
          schema: {
            tags: ['recipient rights'],
            summary: restricted
              ? 'Hide the document from verification (holder)'
              : 'Show the document to verification again (holder)',
            description: restricted
              ? 'Not a revocation: verifying it then says only "restricted at the holder’s request", until the holder lifts it. Restricting a restricted document changes nothing.'
              : 'Verification shows the document again as before. Lifting a restriction that is not there changes nothing.',
            params,
            body: secretBody,
            response: { 200: RestrictionResult, ...holderErrors },
          },
        },
        async (request) =>
          setRestriction(ctx, {
            documentId: request.params.documentId,
            secret: request.body.secret,
            restricted,
          }),
      );
    }

    app.post(
      '/api/recipient/documents/:documentId/erase',
      {
        config: rightsLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'Erase my data (holder)',
          description:
            'Crypto-shredding: every key wrap and the encrypted record are destroyed and the PDF deleted; cannot be undone. Verification then says "erased at the holder’s request"; the anchored digests stay valid and reveal nothing. `confirm` must be true.',
          params,
          body: Type.Object({
            secret: HolderSecret,
            confirm: Type.Boolean({ description: 'Must be true: erasing cannot be undone.' }),
          }),
          response: { 200: ErasureResult, ...holderErrors },
        },
      },
      async (request) =>
        eraseAsHolder(ctx, { documentId: request.params.documentId, ...request.body }),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/erase',
      {
        schema: {
          tags: ['documents'],
          summary: 'Erase a document’s personal data (issuer)',
          description:
            'Owners and admins: crypto-shredding as the holder’s own erasure (wraps and record destroyed, PDF deleted), with a reason code kept in the audit trail. Verification then says "erased". Cannot be undone; erasing again changes nothing.',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId, documentId: PublicId }),
          body: Type.Object({ reason: IssuerErasureReason }),
          response: { 200: ErasureResult, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        eraseAsIssuer(ctx, request.actor, { ...request.params, reason: request.body.reason }),
    );
  };
}
