import { Type } from 'typebox';
import {
  DOCUMENT_LIST_SORTS,
  DOCUMENT_STATES,
  EXACT_TOTAL_LIMIT,
  PAGE_SIZE,
} from '../../../documents/list-issuer-documents.js';
import { DocumentState, Nullable } from '../../schemas.js';
import { AnchorStatus, StatusProof } from '../anchoring/anchoring.schemas.js';

const Field = Type.Object({
  label: Type.String({ maxLength: 60 }),
  value: Type.String({ maxLength: 500 }),
});

export const IssueDocumentBody = Type.Object({
  template: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        '"certificate" (built-in, the default) or the id of one of the organisation’s templates: the document renders with its latest version at issuance, and every field its placeholders use must be in `fields`.',
    }),
  ),
  title: Type.String({
    maxLength: 200,
    description:
      'Document title, e.g. the degree. Shown before activation: put no personal data here.',
  }),
  recipient: Type.Object({
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
  }),
  fields: Type.Optional(
    Type.Array(Field, {
      maxItems: 20,
      description: 'Free fields printed on the document (e.g. grade, date of award).',
    }),
  ),
  expiresAt: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 40,
        description: 'YYYY-MM-DD (valid through that day, UTC) or an ISO-8601 date-time.',
      }),
    ),
  ),
  locale: Type.Optional(
    Type.String({
      maxLength: 5,
      description: 'Language of the e-mail, pages and PDF: en (default) or fr.',
    }),
  ),
});

export const IssuedDocument = Type.Object({
  id: Type.String(),
  status: Type.Literal('pending'),
  title: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  commitment: Type.String({
    description: 'SHA-256 of the salted canonical record, queued for anchoring.',
  }),
});

/** How the hand-over of a message to the relay went (src/delivery/delivery.ts). */
export const DeliveryView = Type.Object({
  state: Type.Union(
    [
      Type.Literal('awaiting'),
      Type.Literal('sent'),
      Type.Literal('deferred'),
      Type.Literal('rejected'),
      Type.Literal('bounced'),
    ],
    {
      description:
        'sent: the relay accepted the e-mail; awaiting: not handed over yet (the relay was slow: the answer did not wait); deferred: the relay answered 4xx or could not be reached, after retries; rejected: the relay refused it (5xx); bounced: a delivery report said it could not be delivered. Any state but sent is fixed with "re-send the link" (or a corrected address).',
    },
  ),
  error: Nullable(
    Type.String({
      description: 'The relay’s status and enhanced codes (e.g. "550 5.1.1"), no text.',
    }),
  ),
});

export const IssuedDocumentWithDelivery = Type.Object({
  ...IssuedDocument.properties,
  delivery: DeliveryView,
});

export const IssuerDocument = Type.Object({
  id: Type.String(),
  title: Type.String(),
  template: Type.String(),
  status: Type.String(),
  state: DocumentState,
  issuedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  activatedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  revocationReason: Nullable(Type.String()),
  revocationCode: Nullable(
    Type.String({
      description:
        'Why it was revoked, from a list: issued_in_error, superseded, withdrawn, fraud or other (null for older revocations).',
    }),
  ),
  suspendedAt: Nullable(Type.String({ description: 'Since when it is suspended.' })),
  suspensionReason: Nullable(Type.String()),
  supersededBy: Nullable(
    Type.String({ description: 'The corrected document that replaced it (code superseded).' }),
  ),
  sha256: Nullable(Type.String({ description: 'SHA-256 of the PDF, once activated.' })),
  erasedAt: Nullable(
    Type.String({
      description:
        'When the personal data were erased (crypto-shredded: record, wraps and PDF destroyed); null when not erased.',
    }),
  ),
  erasureCause: Nullable(
    Type.Union([Type.Literal('holder'), Type.Literal('issuer'), Type.Literal('retention')], {
      description:
        'Who asked: holder (at the holder’s request), issuer (by this organisation, with a reason) or retention (under its retention rules).',
    }),
  ),
  recipient: Nullable(
    Type.Object(
      { name: Type.String(), email: Type.String(), fields: Type.Array(Field) },
      { description: 'Present only when this session has unlocked the organisation key.' },
    ),
  ),
});

const ActorType = Type.Union(
  [
    Type.Literal('user'),
    Type.Literal('api_key'),
    Type.Literal('recipient'),
    Type.Literal('system'),
  ],
  { description: 'user / api_key (with their public id in actorId), recipient or system.' },
);

export const TimelineEvent = Type.Object({
  type: Type.Union(
    [
      Type.Literal('issued'),
      Type.Literal('emailed'),
      Type.Literal('delivery_deferred'),
      Type.Literal('delivery_rejected'),
      Type.Literal('delivery_bounced'),
      Type.Literal('activation_link_resent'),
      Type.Literal('recipient_email_corrected'),
      Type.Literal('reminder_sent'),
      Type.Literal('activated'),
      Type.Literal('suspended'),
      Type.Literal('reinstated'),
      Type.Literal('revoked'),
    ],
    {
      description:
        'issued (stored, awaiting delivery); the delivery of the current message as recorded — emailed when the relay took it, delivery_deferred, delivery_rejected or delivery_bounced with the relay’s or report’s codes as reason — none while awaiting (only the newest message’s state is kept, so after a re-send it is about that one); activation_link_resent, recipient_email_corrected and reminder_sent each e-mailed a new link; activated; suspended and reinstated; revoked.',
    },
  ),
  at: Type.String(),
  actorType: Nullable(ActorType),
  actorId: Nullable(Type.String({ description: 'Public id of the user or API key.' })),
  reason: Nullable(
    Type.String({
      description:
        'The reason given (revoked and suspended), or the codes of a failed delivery (e.g. 550 5.1.1; never an address).',
    }),
  ),
});

export const IssuerDocumentDetail = Type.Object({
  ...IssuerDocument.properties,
  timeline: Type.Array(TimelineEvent, { description: 'Oldest first.' }),
  anchors: Type.Array(AnchorStatus, {
    description:
      'The issuance commitment (a corrected record adds a newer one), then the PDF once activated, each with its anchoring state.',
  }),
  statusProofs: Type.Array(StatusProof, {
    description:
      'Each revocation, suspension, reinstatement or supersession, anchored so anyone can prove when it was published.',
  }),
  delivery: Type.Object({
    ...DeliveryView.properties,
    batchId: Nullable(Type.String({ description: 'The spreadsheet batch it came in, if any.' })),
  }),
});

export const DocumentListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(
    // No schema default: it would hide the older `limit`.
    Type.Integer({
      minimum: 1,
      maximum: PAGE_SIZE.max,
      description: `Documents per page, ${PAGE_SIZE.default} by default.`,
    }),
  ),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'A document id (exact match) or a piece of the title (case-insensitive; on SQLite only ASCII letters fold case).',
    }),
  ),
  status: Type.Optional(
    Type.Union(
      DOCUMENT_STATES.map((state) => Type.Literal(state)),
      {
        description:
          'pending (awaiting activation), active, revoked or expired (past its expiry date, not revoked).',
      },
    ),
  ),
  issuedFrom: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC), included.' }),
  ),
  issuedTo: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC), included.' }),
  ),
  sort: Type.Optional(
    Type.Union(
      DOCUMENT_LIST_SORTS.map((sort) => Type.Literal(sort)),
      {
        description:
          'issuedAt, -issuedAt (newest first, the default), title, -title, or status (awaiting activation, active, expired, revoked; newest first within each).',
      },
    ),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: PAGE_SIZE.legacyMax,
      description: 'Older name of pageSize (up to 200); pageSize wins when both are given.',
    }),
  ),
  before: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{22}$',
      maxLength: 64,
      description:
        'Older keyset cursor (the `next` of the previous page): the documents issued before this one, newest first.',
    }),
  ),
});

export const DocumentListPage = Type.Object({
  documents: Type.Array(IssuerDocument),
  unlocked: Type.Boolean({ description: 'Whether recipient data is included (session unlocked).' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer({
    description: `Documents matching the filters: exact up to ${EXACT_TOTAL_LIMIT.toLocaleString('en')}; beyond, this number with totalIsEstimate true.`,
  }),
  totalIsEstimate: Type.Boolean({
    description: `True when more than ${EXACT_TOTAL_LIMIT.toLocaleString('en')} documents match: total is then a lower bound.`,
  }),
  next: Nullable(
    Type.String({
      description: 'In newest-first order with a full page: pass it as `before` for the next one.',
    }),
  ),
});

export const OrganisationDashboard = Type.Object({
  counts: Type.Object({
    issued: Type.Integer({ description: 'Every document issued (all states).' }),
    awaitingActivation: Type.Integer({ description: 'Pending and not expired.' }),
    activated: Type.Integer({
      description: 'Ever activated (including since revoked or expired).',
    }),
    active: Type.Integer({ description: 'Activated, not revoked, not expired.' }),
    suspended: Type.Integer({ description: 'Suspended, not revoked, not expired.' }),
    revoked: Type.Integer(),
    expired: Type.Integer({ description: 'Past the expiry date and not revoked.' }),
  }),
  daily: Type.Array(
    Type.Object({
      date: Type.String({ description: 'YYYY-MM-DD (UTC).' }),
      issued: Type.Integer(),
      activated: Type.Integer(),
    }),
    { description: 'One entry per day, oldest first, the last one today (UTC); zeros included.' },
  ),
  recentActivity: Type.Array(
    Type.Object({
      type: Type.String({ description: 'The audit action, e.g. document.issued.' }),
      at: Type.String(),
      actorType: ActorType,
      actorId: Nullable(Type.String()),
      documentId: Nullable(Type.String({ description: 'For document events.' })),
    }),
    { description: 'The latest 20 audit events of the organisation, newest first; ids only.' },
  ),
});

export const ActivationLinkSent = Type.Object({
  documentId: Type.String(),
  sentAt: Type.String({
    description: 'When the new link was e-mailed; the old one stopped working.',
  }),
});
