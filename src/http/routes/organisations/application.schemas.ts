import { Type } from 'typebox';
import { ORGANISATION_STATUSES } from '../../../db/tables/organisations.table.js';
import type { OrganisationStatus } from '../../../db/tables/organisations.table.js';
import { EVIDENCE_KINDS, MAX_EVIDENCE_BYTES } from '../../../issuers/evidence.js';
import { Nullable } from '../../schemas.js';

/** Schemas of the verification application (applicant and reviewer routes). */

const MiB = 1024 * 1024;

export const OrganisationStatusSchema = Type.Unsafe<OrganisationStatus>({
  type: 'string',
  enum: [...ORGANISATION_STATUSES],
  description:
    'draft → submitted → approved | rejected | more_info_requested (→ submitted again); approved → suspended.',
});

export const ApplicationFieldsSchema = Type.Object({
  legalName: Nullable(Type.String()),
  registrationNumber: Nullable(Type.String()),
  country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2, upper case.' })),
  website: Nullable(Type.String({ description: 'An https address.' })),
  contactName: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  domain: Nullable(
    Type.String({
      description: 'The domain to prove (ASCII, lower case); default: the website’s host.',
    }),
  ),
});

export const ApplicationPatchSchema = Type.Object(
  {
    legalName: Type.Optional(Type.String({ maxLength: 200 })),
    registrationNumber: Type.Optional(Type.String({ maxLength: 100 })),
    country: Type.Optional(
      Type.String({ maxLength: 64, description: 'ISO 3166-1 alpha-2 code, such as FR.' }),
    ),
    website: Type.Optional(Type.String({ maxLength: 2000, description: 'https://…' })),
    contactName: Type.Optional(Type.String({ maxLength: 200 })),
    contactEmail: Type.Optional(Type.String({ maxLength: 254 })),
    domain: Type.Optional(
      Type.String({
        maxLength: 253,
        description: 'A bare domain name such as example.org (no scheme, port or path).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EvidenceSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: EVIDENCE_KINDS.join(', ') }),
  mediaType: Type.String({
    description: 'application/pdf, image/png or image/jpeg (from the content).',
  }),
  byteSize: Type.Integer(),
  sha256: Type.String({ description: 'SHA-256 of the file, lower-case hex.' }),
  createdAt: Type.String(),
});

export const DomainCheckSchema = Type.Object({
  domain: Type.String(),
  verified: Type.Boolean({ description: 'Whether either method found the token.' }),
  checkedAt: Type.String(),
  results: Type.Array(
    Type.Object({
      method: Type.Union([Type.Literal('dns'), Type.Literal('http')]),
      verified: Type.Boolean(),
      detail: Type.String({ description: 'One sentence saying what was found.' }),
    }),
  ),
});

export const DomainProofSchema = Type.Object({
  domain: Nullable(Type.String()),
  token: Nullable(Type.String({ description: 'Not a secret: it ends up in public DNS.' })),
  instructions: Nullable(
    Type.Object({
      dns: Type.Object({ name: Type.String(), type: Type.Literal('TXT'), value: Type.String() }),
      http: Type.Object({ url: Type.String(), content: Type.String() }),
    }),
  ),
  lastCheck: Nullable(DomainCheckSchema),
  verifiedAt: Nullable(Type.String()),
  verified: Type.Boolean({ description: 'Whether the domain is verified now.' }),
  method: Nullable(
    Type.Union([Type.Literal('dns'), Type.Literal('http')], {
      description: 'How the domain was proved; null when it is not verified.',
    }),
  ),
});

export const DomainVerificationSchema = Type.Object(
  {
    verified: Type.Boolean(),
    domain: Nullable(Type.String()),
    verifiedAt: Nullable(Type.String()),
    method: Nullable(Type.Union([Type.Literal('dns'), Type.Literal('http')])),
    lastCheckedAt: Nullable(Type.String()),
    lastCheckVerified: Nullable(
      Type.Boolean({ description: 'The outcome of the last check; null if never checked.' }),
    ),
    reason: Nullable(
      Type.String({
        description:
          'When not verified: why (no domain, never checked, or what each method found).',
      }),
    ),
  },
  {
    description:
      'The domain proof at a glance. Approving an issuer whose domain is not verified needs approveWithoutDomainProof and a reason.',
  },
);

export const ApplicationSchema = Type.Object({
  organisationId: Type.String(),
  organisationName: Type.String(),
  status: OrganisationStatusSchema,
  editable: Type.Boolean(),
  fields: ApplicationFieldsSchema,
  missing: Type.Array(Type.String(), {
    description: 'Field names still empty, and "evidence" when no file was uploaded.',
  }),
  evidence: Type.Array(EvidenceSchema),
  domainProof: DomainProofSchema,
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(
    Type.String({ description: 'The reviewer’s reason or message with the last decision.' }),
  ),
});

export const EvidenceUploadBody = {
  content: {
    'multipart/form-data': {
      // No `type` or `required`: the form is read in the handler (request.parts), not parsed
      // into the body, so these only document it.
      schema: {
        properties: {
          kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
          file: { type: 'string', description: 'The file itself.' },
        },
        description: `A form with the field "kind" and one file (PDF, PNG or JPEG, at most ${MAX_EVIDENCE_BYTES / MiB} MiB) in the field "file".`,
      },
    },
  },
};

export const FileResponse = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

export const IssuerSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  legalName: Nullable(Type.String()),
  country: Nullable(Type.String()),
  status: OrganisationStatusSchema,
  domain: Nullable(Type.String()),
  domainVerified: Type.Boolean(),
  evidenceCount: Type.Integer(),
  createdAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});

export const ApplicationReviewSchema = Type.Object({
  issuer: IssuerSummarySchema,
  fields: ApplicationFieldsSchema,
  missing: Type.Array(Type.String()),
  decisionReason: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  evidence: Type.Array(EvidenceSchema),
  domainVerification: DomainVerificationSchema,
  domainProofWaiver: Nullable(
    Type.String({
      description: 'Why the issuer was approved without a verified domain; null otherwise.',
    }),
  ),
  domainProof: DomainProofSchema,
  audit: Type.Array(
    Type.Object({
      at: Type.String(),
      action: Type.String(),
      actor: Type.Object({
        type: Type.String({ description: 'user, api_key or system (the host operator’s CLI).' }),
        id: Nullable(Type.String()),
        email: Nullable(Type.String()),
        isPlatformAdmin: Type.Boolean(),
      }),
      targetId: Nullable(Type.String()),
      detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
    }),
    { description: 'The application’s history, oldest first (the latest 200 events).' },
  ),
});

export const DecisionSchema = Type.Object({
  ...IssuerSummarySchema.properties,
  decisionReason: Nullable(Type.String()),
  domainProofWaiver: Nullable(Type.String()),
  notified: Type.Integer({ description: 'Owners and admins the decision was e-mailed to.' }),
  notificationFailures: Type.Array(Type.Object({ userId: Type.String(), error: Type.String() }), {
    description: 'E-mails that could not be sent; the decision stands.',
  }),
});

export const ApprovalBody = Type.Object(
  {
    approveWithoutDomainProof: Type.Optional(
      Type.Boolean({
        description:
          'Approve although the domain is not verified (the public profile then says "Domain not verified"). Needs reason.',
      }),
    ),
    reason: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2000,
        description:
          'Why the domain proof is waived (at least 10 characters); kept on the issuer and in the audit log, never shown publicly.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Shown to the organisation’s owners and admins and kept in the audit log.',
    }),
  },
  { additionalProperties: false },
);
