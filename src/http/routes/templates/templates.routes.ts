import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { MAX_ASSET_BYTES } from '../../../templates/asset-content.js';
import { listOrganisationTemplates, listVersions } from '../../../templates/list-templates.js';
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  restoreTemplateVersion,
  saveTemplateVersion,
} from '../../../templates/manage-templates.js';
import {
  layoutPreview,
  previewDefinition,
  previewTemplate,
} from '../../../templates/preview-template.js';
import { TEMPLATE_STARTERS } from '../../../templates/starters/index.js';
import { requireTemplateAccess } from '../../../templates/template-access.js';
import {
  downloadAsset,
  listAssets,
  uploadTemplateAsset,
} from '../../../templates/template-assets.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { uploadedFile } from '../uploaded-file.js';
import {
  NewVersionBody,
  PreviewData,
  RestoreVersionBody,
  TemplateAsset,
  TemplateBody,
  TemplateLayout,
  TemplateStarter,
  TemplateSummary,
  TemplateVersionSummary,
  TemplateView,
} from './templates.schemas.js';

const MiB = 1024 * 1024;
/** Rendering and parsing uploads cost CPU: limited per client like the other heavy routes. */
const previewLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const uploadLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const PdfResponse = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

function sendPreview(reply: FastifyReply, pdf: Buffer): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', 'inline; filename="preview.pdf"')
    .header('cache-control', 'no-store')
    .send(pdf);
}

export function templateRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const organisationParams = Type.Object({ organisationId: PublicId });
    const templateParams = Type.Object({ organisationId: PublicId, templateId: PublicId });
    const base = '/api/organisations/:organisationId';

    app.post(
      `${base}/template-assets`,
      {
        config: uploadLimit,
        schema: {
          tags: ['templates'],
          summary: 'Upload a template asset',
          description: `A background (PDF — its first page is used, as vectors — PNG or JPEG), an image (PNG or JPEG: logo, signature scan) or a font (TrueType/OpenType), as multipart field \`file\`, at most ${MAX_ASSET_BYTES / MiB} MiB. The bytes are sniffed and parsed; nothing is stored unless they are what they seem. Assets never change once uploaded. Needs the "manage" permission (owners, admins).`,
          security: BearerSecurity,
          params: organisationParams,
          consumes: ['multipart/form-data'],
          body: {
            content: {
              'multipart/form-data': {
                schema: { description: 'A form with the file in the field "file".' },
              },
            },
          },
          response: { 201: TemplateAsset, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const upload = await uploadedFile(request, {
          maxBytes: MAX_ASSET_BYTES,
          noun: 'file',
          limit: `${MAX_ASSET_BYTES / MiB} MiB`,
          notMultipart: 'INVALID_INPUT',
        });
        return reply
          .status(201)
          .send(
            await uploadTemplateAsset(ctx, request.actor, request.params.organisationId, upload),
          );
      },
    );

    app.get(
      `${base}/template-assets`,
      {
        schema: {
          tags: ['templates'],
          summary: 'List template assets',
          security: BearerSecurity,
          params: organisationParams,
          response: {
            200: Type.Object({ assets: Type.Array(TemplateAsset) }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => ({
        assets: await listAssets(ctx, request.actor, request.params.organisationId),
      }),
    );

    app.get(
      `${base}/template-assets/:assetId`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Download a template asset',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId, assetId: PublicId }),
          response: { 200: PdfResponse, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const asset = await downloadAsset(ctx, request.actor, request.params);
        return reply
          .header('content-type', asset.mediaType)
          .header('content-disposition', 'attachment')
          .header('cache-control', 'private, max-age=31536000, immutable')
          .send(asset.bytes);
      },
    );

    app.post(
      `${base}/templates`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Create a template',
          description:
            'Saves version 1. Boxes are in points from the top-left corner of the page and must lie inside it; fonts must be built-in families or uploaded font assets; images must be PNG/JPEG assets. Errors name the element. Needs the "manage" permission.',
          security: BearerSecurity,
          params: organisationParams,
          body: TemplateBody,
          response: { 201: TemplateView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createTemplate(ctx, request.actor, request.params.organisationId, request.body),
          ),
    );

    app.get(
      `${base}/templates`,
      {
        schema: {
          tags: ['templates'],
          summary: 'List templates',
          description:
            'Newest first. Readable by every member and by API keys with the read or issue scope.',
          security: BearerSecurity,
          params: organisationParams,
          querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }),
          response: {
            200: Type.Object({ templates: Type.Array(TemplateSummary) }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({
        templates: await listOrganisationTemplates(ctx, request.actor, {
          organisationId: request.params.organisationId,
          includeArchived: request.query.includeArchived ?? false,
        }),
      }),
    );

    app.post(
      `${base}/templates/preview`,
      {
        bodyLimit: MiB,
        config: previewLimit,
        schema: {
          tags: ['templates'],
          summary: 'Preview an unsaved template',
          description:
            'Renders a definition (e.g. the designer’s current state) with sample data or the data given, as a PDF. Issues nothing, stores nothing. Needs the "manage" permission.',
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ maxLength: 120 })),
              definition: TemplateBody.properties.definition,
              data: Type.Optional(PreviewData),
            },
            { additionalProperties: false },
          ),
          produces: ['application/pdf'],
          response: { 200: PdfResponse, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        sendPreview(
          reply,
          await previewDefinition(ctx, request.actor, {
            organisationId: request.params.organisationId,
            ...request.body,
          }),
        ),
    );

    app.post(
      `${base}/templates/layout`,
      {
        bodyLimit: MiB,
        config: previewLimit,
        schema: {
          tags: ['templates'],
          summary: 'Lay out an unsaved template',
          description:
            'Where each element of a definition prints with the data given (or sample data), as the PDF preview would draw it: the box of every element, the lines of every text, the font size used, and whether a text shrank or was cut. The designer shows these over its canvas. Stores nothing. Needs the "manage" permission.',
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object(
            {
              definition: TemplateBody.properties.definition,
              data: Type.Optional(PreviewData),
            },
            { additionalProperties: false },
          ),
          response: { 200: TemplateLayout, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        layoutPreview(ctx, request.actor, {
          organisationId: request.params.organisationId,
          ...request.body,
        }),
    );

    app.get(
      `${base}/template-starters`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Starter templates',
          description:
            'Three ready designs (a landscape diploma, a portrait certificate of completion, a one-page attestation) to create a template from: send one’s definition to "Create a template". Needs the "manage" permission.',
          security: BearerSecurity,
          params: organisationParams,
          response: {
            200: Type.Object({ starters: Type.Array(TemplateStarter) }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        await requireTemplateAccess(ctx, request.actor, request.params.organisationId, 'design');
        return { starters: TEMPLATE_STARTERS.map((starter) => ({ ...starter })) };
      },
    );

    app.get(
      `${base}/templates/:templateId`,
      {
        schema: {
          tags: ['templates'],
          summary: 'One template (latest version)',
          description: 'The definition exactly as saved, with the server-assigned version numbers.',
          security: BearerSecurity,
          params: templateParams,
          response: { 200: TemplateView, ...errors(401, 403, 404) },
        },
      },
      async (request) => getTemplate(ctx, request.actor, request.params),
    );

    app.get(
      `${base}/templates/:templateId/versions`,
      {
        schema: {
          tags: ['templates'],
          summary: "A template's versions",
          security: BearerSecurity,
          params: templateParams,
          response: {
            200: Type.Object({ versions: Type.Array(TemplateVersionSummary) }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => ({ versions: await listVersions(ctx, request.actor, request.params) }),
    );

    app.post(
      `${base}/templates/:templateId/versions`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Save a new version',
          description:
            'Every save is a new immutable version; documents keep rendering with the version they were issued with, new documents use the latest. Needs the "manage" permission.',
          security: BearerSecurity,
          params: templateParams,
          body: NewVersionBody,
          response: { 201: TemplateView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await saveTemplateVersion(ctx, request.actor, { ...request.params, ...request.body }),
          ),
    );

    app.get(
      `${base}/templates/:templateId/versions/:version`,
      {
        schema: {
          tags: ['templates'],
          summary: 'One version of a template',
          security: BearerSecurity,
          params: Type.Object({
            organisationId: PublicId,
            templateId: PublicId,
            version: Type.Integer({ minimum: 1 }),
          }),
          response: { 200: TemplateView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => getTemplate(ctx, request.actor, request.params),
    );

    app.post(
      `${base}/templates/:templateId/versions/:version/restore`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Restore an old version as the newest',
          description:
            'Saves a new version with the name and definition of `version` (which stays as it was), noted "Restored from version N" unless a note is given. Needs the "manage" permission.',
          security: BearerSecurity,
          params: Type.Object({
            organisationId: PublicId,
            templateId: PublicId,
            version: Type.Integer({ minimum: 1 }),
          }),
          body: RestoreVersionBody,
          response: { 201: TemplateView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await restoreTemplateVersion(ctx, request.actor, {
            ...request.params,
            ...request.body,
          }),
        ),
    );

    app.post(
      `${base}/templates/:templateId/archive`,
      {
        schema: {
          tags: ['templates'],
          summary: 'Archive a template',
          description:
            'It can no longer be chosen for new documents or changed; documents already issued with it still render. Needs the "manage" permission.',
          security: BearerSecurity,
          params: templateParams,
          response: { 200: TemplateSummary, ...errors(401, 403, 404) },
        },
      },
      async (request) => archiveTemplate(ctx, request.actor, request.params),
    );

    app.post(
      `${base}/templates/:templateId/preview`,
      {
        config: previewLimit,
        schema: {
          tags: ['templates'],
          summary: 'Preview a saved template',
          description:
            'Renders the latest version (or `version`) with sample data or the data given, as a PDF. Issues nothing, stores nothing.',
          security: BearerSecurity,
          params: templateParams,
          body: Type.Object(
            {
              version: Type.Optional(Type.Integer({ minimum: 1 })),
              data: Type.Optional(PreviewData),
            },
            {
              additionalProperties: false,
              description: 'A JSON object, `{}` for the latest version with sample data.',
            },
          ),
          produces: ['application/pdf'],
          response: { 200: PdfResponse, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        sendPreview(
          reply,
          await previewTemplate(ctx, request.actor, {
            ...request.params,
            ...(request.body.version === undefined ? {} : { version: request.body.version }),
            ...(request.body.data === undefined ? {} : { data: request.body.data }),
          }),
        ),
    );
  };
}
