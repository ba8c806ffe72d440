import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import {
  addEvidence,
  checkApplicationDomain,
  checkEvidenceUploadAllowed,
  deleteEvidence,
  downloadEvidence,
  getApplication,
  listApplicationEvidence,
  submitApplication,
  updateApplication,
} from '../../../issuers/application.js';
import { createOrganisation } from '../../../issuers/create-organisation.js';
import { evidenceTooLarge, MAX_EVIDENCE_BYTES } from '../../../issuers/evidence.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  ApplicationPatchSchema,
  ApplicationSchema,
  DomainCheckSchema,
  EvidenceSchema,
  EvidenceUploadBody,
  FileResponse,
} from './application.schemas.js';

const MiB = 1024 * 1024;

function formError(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

/**
 * The `kind` field and the one file of an evidence upload. The file is read up to the size limit
 * (a larger one is PAYLOAD_TOO_LARGE); its browser-given name is dropped here.
 */
export async function evidenceUpload(
  request: FastifyRequest,
): Promise<{ kind: unknown; bytes: Buffer }> {
  if (!request.isMultipart())
    throw formError(
      'Send the evidence as multipart/form-data with the fields "kind" and "file".',
      'file',
    );
  let kind: unknown;
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 4 },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file')
          throw formError('Send the file in the field "file".', 'file');
        bytes = await part.toBuffer();
        if (part.file.truncated) throw evidenceTooLarge();
      } else if (part.fieldname === 'kind') {
        kind = part.value;
      }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw evidenceTooLarge();
    throw error;
  }
  if (bytes === undefined) throw formError('Attach the evidence file in the field "file".', 'file');
  return { kind, bytes };
}

/** Sends a decrypted evidence file: never cached, always downloaded rather than displayed. */
export function sendEvidenceFile(
  reply: FastifyReply,
  file: { bytes: Buffer; mediaType: string; fileName: string },
): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.bytes);
}

export function applicationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const base = '/api/organisations/:organisationId/application';
    const organisationParams = Type.Object({ organisationId: PublicId });
    const evidenceParams = Type.Object({ organisationId: PublicId, evidenceId: PublicId });

    app.post(
      '/api/organisations',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
        schema: {
          tags: ['organisations'],
          summary: 'Create an organisation (a draft verification application)',
          description:
            'A logged-in user with a confirmed e-mail address creates an organisation and becomes its owner. It starts as a draft application and cannot issue until a platform admin approves it. The response carries the recovery key, shown only this once (without it, if every member’s password is lost, pending documents stay readable only through the recipients’ own links), and the domain verification token.',
          security: BearerSecurity,
          body: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              organisationId: Type.String(),
              organisationName: Type.String(),
              status: Type.Literal('draft'),
              recoveryKey: Type.String({ description: 'Shown once. Store it offline.' }),
              domainToken: Type.String({
                description: 'Publish it in DNS or under /.well-known/ to prove the domain.',
              }),
            }),
            ...errors(400, 401, 403, 429),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createOrganisation(ctx, request.actor, request.body)),
    );

    app.get(
      base,
      {
        schema: {
          tags: ['organisations'],
          summary: 'The verification application',
          description:
            'Fields, evidence files, domain proof instructions and the last check, status and the reviewer’s last message. Every member (a logged-in user; not API keys).',
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: ApplicationSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => getApplication(ctx, request.actor, request.params.organisationId),
    );

    app.patch(
      base,
      {
        schema: {
          tags: ['organisations'],
          summary: 'Change fields of the verification application',
          description:
            'Fields left out stay as they are. The country is an ISO 3166-1 alpha-2 code, the website an https address; the domain defaults to the website’s host, and changing it discards the last domain check. Owners and admins, while the application is a draft or more information was requested (409 otherwise).',
          security: BearerSecurity,
          params: organisationParams,
          body: ApplicationPatchSchema,
          response: { 200: ApplicationSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        updateApplication(ctx, request.actor, request.params.organisationId, request.body),
    );

    app.post(
      `${base}/evidence`,
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['organisations'],
          summary: 'Add an evidence file to the application',
          description: `Multipart form: "kind" (registration_certificate, proof_of_address, authorisation_letter or other) and one file in "file": a PDF, PNG or JPEG recognised by its content (415 otherwise), at most ${MAX_EVIDENCE_BYTES / MiB} MiB (413), at most 10 files per application (409). Stored encrypted under a random name; the file name is not kept. Owners and admins, while the application is editable. Nothing is stored when a check fails.`,
          security: BearerSecurity,
          params: organisationParams,
          consumes: ['multipart/form-data'],
          body: EvidenceUploadBody,
          response: { 201: EvidenceSchema, ...errors(400, 401, 403, 404, 409, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const { organisationId } = request.params;
        await checkEvidenceUploadAllowed(ctx, request.actor, organisationId);
        const upload = await evidenceUpload(request);
        return reply
          .status(201)
          .send(await addEvidence(ctx, request.actor, organisationId, upload));
      },
    );

    app.get(
      `${base}/evidence`,
      {
        schema: {
          tags: ['organisations'],
          summary: 'List the evidence files of the application',
          security: BearerSecurity,
          params: organisationParams,
          response: {
            200: Type.Object({ evidence: Type.Array(EvidenceSchema) }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => ({
        evidence: await listApplicationEvidence(ctx, request.actor, request.params.organisationId),
      }),
    );

    app.get(
      `${base}/evidence/:evidenceId`,
      {
        schema: {
          tags: ['organisations'],
          summary: 'Download one evidence file',
          description: 'Decrypted, as an attachment, never cached. Owners and admins.',
          security: BearerSecurity,
          params: evidenceParams,
          produces: ['application/pdf', 'image/png', 'image/jpeg'],
          response: { 200: FileResponse, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) =>
        sendEvidenceFile(reply, await downloadEvidence(ctx, request.actor, request.params)),
    );

    app.delete(
      `${base}/evidence/:evidenceId`,
      {
        schema: {
          tags: ['organisations'],
          summary: 'Delete an evidence file',
          description:
            'Owners and admins, while the application is a draft or more information was requested.',
          security: BearerSecurity,
          params: evidenceParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteEvidence(ctx, request.actor, request.params);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/domain-check`,
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['organisations'],
          summary: 'Check the domain proof now',
          description:
            'Looks for the token in a TXT record at _certa-challenge.<domain> (or <domain>) and in https://<domain>/.well-known/certa-verification.txt; the proof holds when either is found. The result is stored for the reviewer. Owners and admins, while the application is a draft, waits for review, or more information was requested.',
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: DomainCheckSchema, ...errors(401, 403, 404, 409, 429) },
        },
      },
      async (request) => checkApplicationDomain(ctx, request.actor, request.params.organisationId),
    );

    app.post(
      `${base}/submit`,
      {
        schema: {
          tags: ['organisations'],
          summary: 'Submit the application for review',
          description:
            'Needs every field and at least one evidence file (400 names what is missing); the domain check may still fail — the reviewer sees its result. Draft or more_info_requested → submitted. Owners and admins.',
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: ApplicationSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => submitApplication(ctx, request.actor, request.params.organisationId),
    );
  };
}
