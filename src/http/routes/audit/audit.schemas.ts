import { Type } from 'typebox';
import { MAX_TRAIL_PAGE } from '../../../audit/audit-trail.js';
import { Nullable } from '../../schemas.js';

const TrailEntry = Type.Object({
  seq: Type.Integer({ description: 'The entry’s place in the chain (1, 2, 3…).' }),
  at: Type.String(),
  action: Type.String({ description: 'Such as document.revoked or session.created.' }),
  actor: Type.Object({
    type: Type.String({ description: 'user, api_key, recipient or system.' }),
    id: Nullable(Type.String({ description: 'A public id.' })),
  }),
  issuerId: Nullable(Type.String({ description: 'The organisation’s public id.' })),
  targetId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
    description: 'Statuses, kinds, counts and flags; never free text or personal data.',
  }),
  hash: Type.String({ description: 'SHA-256(prevHash || canonical JSON of the entry), hex.' }),
});

export const TrailPage = Type.Object({
  entries: Type.Array(TrailEntry, { description: 'Newest first.' }),
  nextBefore: Nullable(
    Type.Integer({ description: 'Pass as `before` for the next (older) page; null at the end.' }),
  ),
  actions: Type.Array(Type.String(), { description: 'The actions in this trail (for a filter).' }),
});

const Query = {
  action: Type.Optional(Type.String({ maxLength: 100 })),
  actorId: Type.Optional(Type.String({ maxLength: 64, description: 'A user’s or API key’s id.' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date or time, inclusive.' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date or time, exclusive.' })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries before this seq.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TRAIL_PAGE, default: 50 })),
};

export const OrganisationTrailQuery = Type.Object(Query);

export const PlatformTrailQuery = Type.Object({
  ...Query,
  issuerId: Type.Optional(Type.String({ maxLength: 64, description: 'An organisation’s id.' })),
});

export const ChainState = Type.Object({
  ok: Type.Boolean(),
  verifiedFromSeq: Type.Integer({
    description: 'The check ran from the newest head anchored in Bitcoin (or from 1)…',
  }),
  verifiedUpToSeq: Type.Integer({ description: '…up to the chain’s head.' }),
  headHash: Type.String(),
  anchoredHeads: Type.Integer({ description: 'Heads put into anchor batches.' }),
  lastAnchoredHead: Nullable(
    Type.Object({
      seq: Type.Integer(),
      bitcoinTime: Nullable(Type.String()),
      batchId: Nullable(Type.String()),
    }),
  ),
  break: Nullable(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.String(),
      message: Type.String(),
    }),
  ),
});
