import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { anchoringOverview } from '../../../anchoring/anchoring-overview.js';
import { commitmentProof, pdfProof, type ProofFile } from '../../../anchoring/digest-proof.js';
import { statusChangeProof } from '../../../anchoring/status-proofs.js';
import type { AppContext } from '../../../context.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { AnchoringOverview } from './anchoring.schemas.js';

const OtsFile = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: 'An OpenTimestamps proof (.ots), readable by `ots info` / `ots verify`.',
});

/** Sends an .ots file; pending proofs change (upgrade), so caches must ask again. */
function sendProof(reply: FastifyReply, proof: ProofFile): FastifyReply {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${proof.fileName}"`)
    .header('cache-control', proof.status === 'anchored' ? 'public, max-age=3600' : 'no-cache')
    .header('x-anchor-status', proof.status)
    .send(proof.bytes);
}

export function anchoringRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/documents/:documentId/proof.ots',
      {
        schema: {
          tags: ['verification'],
          summary: 'OpenTimestamps proof of a document’s PDF',
          description:
            'The `<id>.pdf.ots` proof that the PDF’s SHA-256 is timestamped on Bitcoin: the Merkle path of its batch, then the calendars’ pending attestations or, once confirmed, a Bitcoin block header attestation. Public like the status lookup: it holds hashes only. 404 until the PDF exists, 409 while its digest waits in the anchoring queue. The header `x-anchor-status` says pending or anchored.',
          params: Type.Object({ documentId: PublicId }),
          produces: ['application/octet-stream'],
          response: { 200: OtsFile, ...errors(404, 409) },
        },
      },
      async (request, reply) => sendProof(reply, await pdfProof(ctx, request.params.documentId)),
    );

    app.get(
      '/api/documents/:documentId/status-proofs/:digest',
      {
        schema: {
          tags: ['verification'],
          summary: 'OpenTimestamps proof of a document’s status change',
          description:
            'The proof that a revocation, suspension, reinstatement or supersession was published by a given time: `:digest` is `<sha256 of the statement>.ots`, as the verify report’s `statusProofs[].proofUrl` gives it. Public like the status lookup: the statement holds ids, codes and times only. 404 for a digest that is not one of the document’s status changes, 409 while it waits in the anchoring queue.',
          params: Type.Object({
            documentId: PublicId,
            digest: Type.String({ pattern: '^[0-9a-f]{64}\\.ots$' }),
          }),
          produces: ['application/octet-stream'],
          response: { 200: OtsFile, ...errors(400, 404, 409) },
        },
      },
      async (request, reply) =>
        sendProof(
          reply,
          await statusChangeProof(
            ctx,
            request.params.documentId,
            request.params.digest.slice(0, 64),
          ),
        ),
    );

    app.get(
      '/api/organisations/:organisationId/documents/:documentId/commitment.ots',
      {
        schema: {
          tags: ['documents'],
          summary: 'OpenTimestamps proof of a document’s issuance commitment',
          description:
            'For the issuer (read permission): the proof that the salted commitment to the document’s record, computed at issuance, is timestamped on Bitcoin. 409 while it waits in the anchoring queue.',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId, documentId: PublicId }),
          produces: ['application/octet-stream'],
          response: { 200: OtsFile, ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        sendProof(reply, await commitmentProof(ctx, request.actor, request.params)),
    );

    app.get(
      '/api/admin/anchoring',
      {
        schema: {
          tags: ['admin'],
          summary: 'Anchoring queue, batches and each backend’s status',
          description:
            'For platform admins: digests waiting, batches by status, and the latest batches with every backend’s status, attempts, last error and next try.',
          security: BearerSecurity,
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
          }),
          response: { 200: AnchoringOverview, ...errors(400, 401, 403) },
        },
      },
      async (request) =>
        anchoringOverview(ctx, { kind: 'actor', actor: request.actor }, request.query.limit ?? 20),
    );
  };
}
