import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  findBlockAtHeight,
  findBlockByHash,
  type BlockHeaderAnswer,
} from '../../../bitcoin-headers/find-block-header.js';
import { errors } from '../../schemas.js';

/** A verify page asks two headers per proof; a busy visitor checks a few files a minute. */
const headerLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/** A settled header never changes; a recent one may still be replaced by a reorganisation. */
function cacheFor(reply: FastifyReply, answer: BlockHeaderAnswer): FastifyReply {
  return reply.header(
    'cache-control',
    answer.settled ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
  );
}

const BlockHeaderJson = Type.Object(
  {
    id: Type.String({ description: 'The block hash, display order, lower-case hex.' }),
    height: Type.Integer(),
    timestamp: Type.Integer({ description: 'The header’s nTime, seconds since the Unix epoch.' }),
    merkle_root: Type.String({ description: 'The Merkle root, display order, lower-case hex.' }),
  },
  {
    description:
      'The part of Esplora’s block object a timestamp check needs (other Esplora fields are not served).',
  },
);

/**
 * The platform's own Bitcoin header source (DESIGN §4, issue 16): the subset of the Esplora API
 * that verifiers' Esplora clients call, answered from the headers of the blocks the platform's
 * proofs reference, else from the anchoring's header source. Anyone may call it, from any origin.
 */
export function bitcoinRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Every answer, errors included, is readable from any origin and not cached unless said below.
    app.addHook('onRequest', async (_request, reply) => {
      void reply
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'no-store');
    });

    app.get(
      '/api/bitcoin/block-height/:height',
      {
        config: headerLimit,
        schema: {
          tags: ['verification'],
          summary: 'Bitcoin block hash at a height (Esplora-shaped)',
          description:
            'Anyone, from any origin (CORS *): the hash of the main-chain block at this height, as text — Esplora’s `GET /block-height/:height`, so that any Esplora client (the verify page, `certa verify --header-source esplora:<platform>/api/bitcoin`) can use the platform as one of its header sources. Answered from the headers of the blocks the platform’s proofs reference, else asked of the platform’s own header source (BITCOIN_HEADER_SOURCE). Cached for a year (immutable) once the block is six hours old, for a minute before. 404 for a height beyond the tip, 400 for a malformed one, 502 when the header source cannot answer.',
          params: Type.Object({
            height: Type.String({ description: 'A block height, e.g. 840000.' }),
          }),
          response: {
            200: {
              description: 'The block hash, display order, lower-case hex.',
              content: { 'text/plain': { schema: Type.String() } },
            },
            ...errors(400, 404, 429, 502),
          },
        },
      },
      async (request, reply) => {
        const answer = await findBlockAtHeight(ctx, request.params.height);
        return cacheFor(reply, answer).type('text/plain; charset=utf-8').send(answer.header.hash);
      },
    );

    app.get(
      '/api/bitcoin/block/:hash',
      {
        config: headerLimit,
        schema: {
          tags: ['verification'],
          summary: 'Bitcoin block header by hash (Esplora-shaped)',
          description:
            'Anyone, from any origin (CORS *): the block’s height, time and Merkle root — Esplora’s `GET /block/:hash`, restricted to the fields a timestamp check reads. Known hashes are those of the blocks the platform’s proofs reference and those just served by height. Cached like the height answer. 404 for an unknown hash, 400 for a malformed one.',
          params: Type.Object({
            hash: Type.String({ description: 'A block hash: 64 hexadecimal characters.' }),
          }),
          response: { 200: BlockHeaderJson, ...errors(400, 404, 429, 502) },
        },
      },
      async (request, reply) => {
        const answer = await findBlockByHash(ctx, request.params.hash);
        const { header } = answer;
        return cacheFor(reply, answer).send({
          id: header.hash,
          height: header.height,
          timestamp: header.time,
          merkle_root: header.merkleRoot,
        });
      },
    );
  };
}
