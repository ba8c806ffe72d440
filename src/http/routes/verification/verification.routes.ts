import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { refuseWhilePdfWorkIsFull } from '../../plugins/pdf-admission.js';
import { lookUpDocument } from '../../../verification/look-up-document.js';
import { verifyDocument } from '../../../verification/verify-document.js';
import { DocumentSigning, DocumentState, errors, Nullable, PublicId } from '../../schemas.js';
import { AnchorStatus, AnchorSummary, StatusProof } from '../anchoring/anchoring.schemas.js';

export const MAX_PDF_BYTES = 20 * 1024 * 1024;

const Check = Type.Object({
  id: Type.String({ description: 'integrity, issuer, validity, time, record or signature.' }),
  status: Type.String({ description: 'passed, failed, pending or unknown.' }),
  code: Type.String(),
  message: Type.String(),
});

const DocumentStatus = Type.Object({
  id: Type.String(),
  title: Type.String(),
  state: DocumentState,
  issuedAt: Type.String(),
  activatedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
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
    Type.String({
      description:
        'The corrected document that replaced it (revoked with the code superseded); verify it at /verify/{id}.',
    }),
  ),
  validThrough: Nullable(
    Type.String({
      description:
        'The last day it is valid (YYYY-MM-DD, UTC), when its expiry was given as a date; null otherwise.',
    }),
  ),
  restricted: Type.Boolean({
    description:
      'Hidden from verification at its holder’s request (not revoked): the validity check says "restricted".',
  }),
  erasedAt: Nullable(
    Type.String({
      description:
        'When its personal data were erased (crypto-shredding); the anchored digests stay valid and reveal nothing.',
    }),
  ),
  erasureCause: Nullable(
    Type.String({ description: 'holder (at the holder’s request), issuer or retention.' }),
  ),
  verificationUrl: Type.String(),
});

const EmbeddedRecord = Type.Object({
  content: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        'The signed record attached to the PDF as certa-credential.json (issuer, recipient display name, fields, dates, salt, status reference, proof: detached JWS), as parsed.',
    },
  ),
  signatureValid: Type.Boolean({
    description: "Whether its JWS verified with this platform's document signing certificate.",
  }),
  signerCertificateSha256: Nullable(Type.String()),
});

const VerificationReport = Type.Object({
  valid: Type.Boolean({
    description:
      'True only when integrity, issuer and validity all passed and the record check did not fail.',
  }),
  sha256: Type.String(),
  checkedAt: Type.String(),
  document: Nullable(DocumentStatus),
  issuer: Nullable(Type.Ref('IssuerProfile')),
  documentSigning: Type.Object(DocumentSigning.properties, {
    description:
      'The platform’s published document-signing certificates (the list every issuer profile carries), whatever the lookup found: a page checks the PDF’s signer with them without fetching the issuer’s profile.',
  }),
  anchor: Nullable(AnchorSummary),
  anchors: Type.Array(AnchorStatus),
  statusProofs: Type.Array(StatusProof, {
    description:
      'Each revocation, suspension, reinstatement or supersession, anchored so anyone can prove when it was published.',
  }),
  checks: Type.Array(Check),
  record: Nullable(EmbeddedRecord),
});

/** The PDF or digest to verify, from a JSON body, a raw application/pdf body or a multipart upload. */
async function verificationInput(
  request: FastifyRequest,
): Promise<{ pdf: Buffer } | { sha256: string }> {
  if (Buffer.isBuffer(request.body)) return { pdf: request.body };
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: MAX_PDF_BYTES, files: 1 } });
    if (file === undefined)
      throw new AppError('INVALID_INPUT', 'Attach the PDF as the "file" field.');
    const pdf = await file.toBuffer();
    // @fastify/multipart cuts a file at the limit and reports it only on the next part.
    if (file.file.truncated)
      throw new AppError('PAYLOAD_TOO_LARGE', 'The PDF is larger than 20 MiB.');
    return { pdf };
  }
  const body = request.body as { sha256?: unknown } | null | undefined;
  if (typeof body?.sha256 !== 'string') {
    throw new AppError(
      'INVALID_INPUT',
      'Send the PDF (application/pdf or multipart "file"), or JSON {"sha256": "<64 hex>"}.',
      { details: { field: 'sha256' } },
    );
  }
  return { sha256: body.sha256 };
}

/** A verify request that carries the PDF itself (raw or multipart), not only its digest. */
function isUpload(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  return !type.startsWith('application/json');
}

/**
 * Anonymous PDF uploads cost a parse each (issue 11 #4): 20 a minute per client address, while
 * lookups by digest (JSON) stay unlimited here.
 */
const uploadLimit = {
  rateLimit: {
    max: 20,
    timeWindow: '1 minute',
    allowList: (request: FastifyRequest) => !isUpload(request),
  },
};

/** A digest request is about 80 bytes of JSON: 1 KiB is plenty, the 20 MiB is for PDFs only. */
const MAX_JSON_BYTES = 1024;

export function verificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES },
      (_request, body, done) => {
        done(null, body);
      },
    );
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: MAX_JSON_BYTES },
      app.getDefaultJsonParser('error', 'error'),
    );

    app.post(
      '/api/verify',
      {
        config: uploadLimit,
        onRequest: refuseWhilePdfWorkIsFull(isUpload),
        schema: {
          tags: ['verification'],
          summary: 'Verify a document',
          description:
            'Send the PDF (raw `application/pdf` body or multipart field `file`), or only its SHA-256 as JSON `{"sha256": "…"}` — the file never needs to leave your machine. The report names each check: integrity, issuer, validity, time and, when the PDF itself is sent, record (the signed record embedded in it), signature (the PAdES signature of the PDF: every signature verifies and the last covers the whole file; only when the PDF is sent). The PDF is not stored.',
          body: {
            content: {
              'application/json': {
                schema: Type.Object({ sha256: Type.String({ maxLength: 64 }) }),
              },
              // Binary bodies are checked in code (looksLikePdf); a JSON Schema type would refuse a Buffer.
              'application/pdf': {
                schema: { description: 'The PDF file itself (binary, at most 20 MiB).' },
              },
              'multipart/form-data': {
                schema: {
                  description: 'A form with the PDF in the field "file" (at most 20 MiB).',
                },
              },
            },
          },
          response: { 200: VerificationReport, ...errors(400, 413, 415, 429, 503) },
        },
      },
      async (request) => verifyDocument(ctx, await verificationInput(request)),
    );

    app.get(
      '/api/documents/:documentId/status',
      {
        schema: {
          tags: ['verification'],
          summary: 'Public status of a document by id',
          description:
            'The QR code’s target: issuer, title, state and dates; never the recipient. Integrity needs the PDF (POST /api/verify).',
          params: Type.Object({ documentId: PublicId }),
          response: {
            200: Type.Intersect([
              DocumentStatus,
              Type.Object({ issuer: Type.Ref('IssuerProfile') }),
            ]),
            ...errors(404),
          },
        },
      },
      async (request) => lookUpDocument(ctx, request.params.documentId),
    );
  };
}
