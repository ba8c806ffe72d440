import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dejaVuDirectory } from '../../../src/pdf/fonts.js';
import { finishDocument } from '../../../src/pdf/pdf-document.js';
import { activate, activationLinkFor, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { backgroundPng, comparePngs, logoPng } from './images.js';

/*
 * Designed templates over HTTP, on every database: upload assets, save, issue, activate,
 * download, check with real tools; bad templates; versions; previews that store nothing.
 *
 * The reference image: reference/designed-template.png is `pdftoppm -r 50 -png` of the preview
 * below. After a deliberate change to the rendering, regenerate it with
 *   CERTA_UPDATE_TEMPLATE_REFERENCE=1 npx vitest run test/integration/templates/templates.test.ts
 * and look at the new image before committing it.
 */

const REFERENCE = path.join(import.meta.dirname, 'reference', 'designed-template.png');
const MB = 1024 * 1024;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-templates-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface AssetBody {
  id: string;
  mediaType: string;
}
interface TemplateBody {
  id: string;
  name: string;
  version: number;
  latestVersion: number;
  status: string;
  definition: unknown;
}

function dejaVuFont(): Buffer {
  const require = createRequire(import.meta.url);
  const directory = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  return fs.readFileSync(path.join(directory, 'ttf', 'DejaVuSansMono.ttf'));
}

function diploma(assets: { background: string; logo: string }, heading = 'This certifies that') {
  const width = 841.89;
  return {
    page: { size: 'A4', orientation: 'landscape' },
    background: { assetId: assets.background },
    elements: [
      {
        id: 'logo',
        kind: 'image',
        box: { x: 380.95, y: 40, width: 80, height: 80 },
        assetId: assets.logo,
      },
      {
        id: 'issuer',
        kind: 'text',
        box: { x: 80, y: 130, width: width - 160, height: 30 },
        text: '{{issuer.name}}',
        style: { fontFamily: 'DejaVu Serif', size: 20, align: 'center', color: '#8a6d1f' },
      },
      {
        id: 'heading',
        kind: 'text',
        box: { x: 80, y: 180, width: width - 160, height: 26 },
        text: heading,
        style: { size: 16, align: 'center' },
      },
      {
        id: 'name',
        kind: 'text',
        box: { x: 80, y: 215, width: width - 160, height: 50 },
        text: '{{recipient.name}}',
        style: { fontFamily: 'DejaVu Serif', bold: true, size: 36, minSize: 14, align: 'center' },
      },
      {
        id: 'title',
        kind: 'text',
        box: { x: 80, y: 285, width: width - 160, height: 30 },
        text: 'has been awarded the {{title}}',
        style: { size: 18, align: 'center' },
      },
      {
        id: 'grade',
        kind: 'text',
        box: { x: 80, y: 330, width: width - 160, height: 24 },
        text: 'Grade: {{ fields.grade }} — issued on {{issuedAt}}',
        style: { size: 14, align: 'center', color: '#333333' },
      },
      { id: 'qr', kind: 'qr', box: { x: 690, y: 430, width: 110, height: 110 } },
      {
        id: 'document-id',
        kind: 'documentId',
        box: { x: 40, y: 530, width: 400, height: 16 },
        style: { size: 9, color: '#555555' },
      },
    ],
  };
}

function expectRefused(response: TestResponse<unknown>, status: number, mentions: RegExp): void {
  const body = response.body as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toMatch(mentions);
  expect(body.error.message).toMatch(/[.!?]$/);
}

for (const dialect of DIALECTS) {
  describe(`designed templates (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let assets: { background: string; logo: string; font: string };
    const base = () => `/api/organisations/${issuer.organisationId}`;

    async function upload(bytes: Buffer, fileName: string): Promise<TestResponse<unknown>> {
      const form = new FormData();
      form.append('file', new Blob([bytes]), fileName);
      const response = await fetch(`${platform.baseUrl}${base()}/template-assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${issuer.token}` },
        body: form,
      });
      const raw = Buffer.from(await response.arrayBuffer());
      return {
        status: response.status,
        headers: response.headers,
        body: JSON.parse(raw.toString()),
        raw,
      };
    }

    async function uploaded(bytes: Buffer, fileName: string): Promise<string> {
      const response = await upload(bytes, fileName);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return (response.body as AssetBody).id;
    }

    async function createTemplate(
      name: string,
      definition: unknown,
    ): Promise<TestResponse<TemplateBody>> {
      return call<TemplateBody>(platform.baseUrl, 'POST', `${base()}/templates`, {
        token: issuer.token,
        json: { name, definition },
      });
    }

    async function issueWith(
      template: string,
      fields: Array<{ label: string; value: string }>,
      name = 'Zoë Ångström-Ñúñez',
    ) {
      return call<{ id: string } & ErrorBody>(platform.baseUrl, 'POST', `${base()}/documents`, {
        token: issuer.token,
        json: {
          template,
          title: 'Master of Science in Physics',
          recipient: { name, email: `${Math.random().toString(36).slice(2)}@example.org` },
          fields,
          locale: 'en',
        },
      });
    }

    /** Rows of every table templates and issuance touch, and the files in the blob store. */
    async function footprint(): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const table of [
        'templates',
        'templateVersions',
        'templateAssets',
        'documents',
        'auditEvents',
      ] as const) {
        const row = await platform.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow();
        counts[table] = Number(row.n);
      }
      const files = (dir: string): number =>
        fs.existsSync(dir)
          ? fs
              .readdirSync(dir, { withFileTypes: true })
              .reduce(
                (sum, entry) => sum + (entry.isDirectory() ? files(path.join(dir, entry.name)) : 1),
                0,
              )
          : 0;
      counts.blobFiles = files(platform.config.storageDir);
      return counts;
    }

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, { PUBLIC_URL: 'https://certa.example' });
      issuer = await newApprovedIssuer(platform, 'Université de Démonstration');
      assets = {
        background: await uploaded(backgroundPng(), 'diploma-artwork.png'),
        logo: await uploaded(logoPng(), 'logo.png'),
        font: await uploaded(dejaVuFont(), 'DejaVuSansMono.ttf'),
      };
    });
    afterAll(async () => platform.close());

    it('a designed template is saved, read back as saved, issued with, activated and rendered', async () => {
      const definition = diploma(assets);
      const created = await createTemplate('Diploma 2026', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.version).toBe(1);
      const read = await call<TemplateBody>(
        platform.baseUrl,
        'GET',
        `${base()}/templates/${created.body.id}`,
        {
          token: issuer.token,
        },
      );
      expect(read.status).toBe(200);
      expect(read.body.definition).toEqual(definition);
      expect(read.body).toMatchObject({
        name: 'Diploma 2026',
        version: 1,
        latestVersion: 1,
        status: 'active',
      });

      const issued = await issueWith(created.body.id, [
        { label: 'Grade', value: 'Summa cum laude' },
      ]);
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      const { pdf } = await activate(platform, await activationLinkFor(platform, issued.body.id));
      const file = path.join(scratch, `${dialect}-designed.pdf`);
      fs.writeFileSync(file, pdf);
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('No syntax or stream encoding errors');
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
      for (const expected of [
        'Zoë Ångström-Ñúñez',
        'Université de Démonstration',
        'has been awarded the Master of Science in Physics',
        'Grade: Summa cum laude',
        issued.body.id,
      ])
        expect(text).toContain(expected);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(
        /Page size:\s+841\.89 x 595\.28 pts/,
      );
    });

    it('renders like the stored reference image (pdftoppm -r 50)', async () => {
      const created = await createTemplate('Diploma reference', diploma(assets));
      expect(created.status).toBe(201);
      const preview = await call(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${created.body.id}/preview`,
        {
          token: issuer.token,
          json: {
            data: {
              recipient: { name: 'Ada Lovelace' },
              title: 'Doctor of Philosophy',
              fields: [{ label: 'Grade', value: 'A+' }],
              issuedAt: '2026-06-30T10:00:00Z',
            },
          },
        },
      );
      expect(preview.status).toBe(200);
      expect(preview.headers.get('content-type')).toBe('application/pdf');
      const pdfFile = path.join(scratch, `${dialect}-reference.pdf`);
      fs.writeFileSync(pdfFile, preview.raw);
      execFileSync('pdftoppm', [
        '-r',
        '50',
        '-png',
        '-singlefile',
        pdfFile,
        path.join(scratch, `${dialect}-page`),
      ]);
      const page = fs.readFileSync(path.join(scratch, `${dialect}-page.png`));
      if (process.env.CERTA_UPDATE_TEMPLATE_REFERENCE === '1') fs.writeFileSync(REFERENCE, page);
      const diff = comparePngs(page, fs.readFileSync(REFERENCE), 48);
      expect(diff.width).toBe(585);
      expect(
        diff.fraction,
        `${diff.differing} of ${diff.width * diff.height} pixels differ`,
      ).toBeLessThan(0.005);
    });

    it('bad templates and uploads get a 4xx naming the problem, and store nothing', async () => {
      const before = await footprint();
      const withElement = (element: Record<string, unknown>) => ({
        ...diploma(assets),
        elements: [...diploma(assets).elements, element],
      });
      expectRefused(
        await createTemplate(
          'Bad font',
          withElement({
            id: 'motto',
            kind: 'text',
            box: { x: 10, y: 10, width: 100, height: 20 },
            text: 'Lux',
            style: { fontFamily: 'Comic Sans MS' },
          }),
        ),
        400,
        /'motto'.*font 'Comic Sans MS'/,
      );
      expectRefused(
        await createTemplate(
          'Outside',
          withElement({
            id: 'seal',
            kind: 'image',
            box: { x: 800, y: 500, width: 100, height: 100 },
            assetId: assets.logo,
          }),
        ),
        400,
        /Element 'seal' lies outside the page/,
      );
      expectRefused(
        await createTemplate(
          'Not an image',
          withElement({
            id: 'signature',
            kind: 'image',
            box: { x: 10, y: 10, width: 100, height: 50 },
            assetId: assets.font,
          }),
        ),
        400,
        /'signature'.*is a font, not a PNG or JPEG image/,
      );
      expectRefused(
        await createTemplate(
          'Unknown asset',
          withElement({
            id: 'stamp',
            kind: 'image',
            box: { x: 10, y: 10, width: 100, height: 50 },
            assetId: 'A'.repeat(22),
          }),
        ),
        400,
        /'stamp'.*not an asset uploaded by this organisation/,
      );
      expectRefused(
        await createTemplate(
          'Bad placeholder',
          withElement({
            id: 'motto',
            kind: 'text',
            box: { x: 10, y: 10, width: 100, height: 20 },
            text: '{{recipient.phone}}',
          }),
        ),
        400,
        /'motto'.*not a known placeholder/,
      );
      // Uploads: not an image at all, a damaged PNG, 50 MB.
      expectRefused(
        await upload(Buffer.from('GIF89a this is not one of ours'), 'x.gif'),
        415,
        /not a PNG or JPEG/,
      );
      const damaged = logoPng();
      damaged.writeUInt8(damaged.readUInt8(damaged.length - 20) ^ 0xff, damaged.length - 20);
      expectRefused(await upload(damaged, 'logo.png'), 400, /PNG image is damaged/);
      const big = Buffer.alloc(50 * MB, 0);
      backgroundPng().copy(big);
      expectRefused(await upload(big, 'huge.png'), 413, /larger than 20 MiB/);
      expect(await footprint()).toEqual(before);
    });

    it('assets are listed and read back byte for byte', async () => {
      const listed = await call<{
        assets: Array<{ id: string; mediaType: string; fontFamily: string | null }>;
      }>(platform.baseUrl, 'GET', `${base()}/template-assets`, { token: issuer.token });
      expect(listed.body.assets).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: assets.logo, mediaType: 'image/png' }),
          expect.objectContaining({
            id: assets.font,
            mediaType: 'font/ttf',
            fontFamily: 'DejaVu Sans Mono',
          }),
        ]),
      );
      const logo = await call(platform.baseUrl, 'GET', `${base()}/template-assets/${assets.logo}`, {
        token: issuer.token,
      });
      expect(logo.status).toBe(200);
      expect(logo.headers.get('content-type')).toBe('image/png');
      expect(logo.raw.equals(logoPng())).toBe(true);
    });

    it('an uploaded font can be used by name of its asset id', async () => {
      const definition = diploma(assets);
      definition.elements.push({
        id: 'motto',
        kind: 'text',
        box: { x: 80, y: 370, width: 681.89, height: 20 },
        text: 'Fiat lux in monospace',
        style: { fontFamily: assets.font, size: 12, align: 'center' },
      } as (typeof definition.elements)[number]);
      const created = await createTemplate('With font', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const preview = await call(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${created.body.id}/preview`,
        { token: issuer.token, json: {} },
      );
      expect(preview.status, preview.raw.toString().slice(0, 300)).toBe(200);
      const file = path.join(scratch, `${dialect}-font.pdf`);
      fs.writeFileSync(file, preview.raw);
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/DejaVuSansMono/);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(
        'Fiat lux in monospace',
      );
    });

    it('a PDF background is embedded as vectors; one with fonts not embedded is refused', async () => {
      const artwork = async (font: string) => {
        const doc = new PDFDocument({ size: [842, 595], margin: 0 });
        doc
          .font(font)
          .fontSize(18)
          .text('Artwork from the design studio', 0, 60, { width: 842, align: 'center' });
        return finishDocument(doc);
      };
      expectRefused(
        await upload(await artwork('Helvetica'), 'artwork.pdf'),
        400,
        /font 'Helvetica' without embedding it/,
      );
      const background = await uploaded(
        await artwork(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf')),
        'artwork.pdf',
      );
      const created = await createTemplate('With PDF artwork', {
        ...diploma(assets),
        background: { assetId: background },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const preview = await call(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${created.body.id}/preview`,
        {
          token: issuer.token,
          json: {},
        },
      );
      expect(preview.status).toBe(200);
      const file = path.join(scratch, `${dialect}-pdf-background.pdf`);
      fs.writeFileSync(file, preview.raw);
      expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Artwork from the design studio');
      expect(text).toContain('Alex Sample');
    });

    it('a field the template needs and the data lacks is a 400 naming it; nothing is issued', async () => {
      const created = await createTemplate('Diploma 2026', diploma(assets));
      const before = await footprint();
      const refused = await issueWith(created.body.id, [{ label: 'Mention', value: 'Bien' }]);
      expectRefused(
        refused,
        400,
        /The template 'Diploma 2026' needs the field 'grade', which is missing\./,
      );
      expectRefused(await issueWith('B'.repeat(22), []), 400, /template/);
      expect(await footprint()).toEqual(before);
    });

    it('a document renders with the version it was issued with, not a later one', async () => {
      const v1 = await createTemplate('Versioned', diploma(assets, 'Version one wording'));
      const first = await issueWith(
        v1.body.id,
        [{ label: 'Grade', value: 'B' }],
        'First Recipient',
      );
      expect(first.status).toBe(201);
      const v2 = await call<TemplateBody>(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${v1.body.id}/versions`,
        {
          token: issuer.token,
          json: {
            name: 'Versioned',
            definition: diploma(assets, 'Version two wording'),
            basedOnVersion: 1,
          },
        },
      );
      expect(v2.status, JSON.stringify(v2.body)).toBe(201);
      expect(v2.body.version).toBe(2);
      const stale = await call(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${v1.body.id}/versions`,
        {
          token: issuer.token,
          json: { name: 'Versioned', definition: diploma(assets), basedOnVersion: 1 },
        },
      );
      expect(stale.status).toBe(409);
      const second = await issueWith(
        v1.body.id,
        [{ label: 'Grade', value: 'C' }],
        'Second Recipient',
      );

      const pdfs = new Map<string, Buffer>();
      const textOf = async (documentId: string) => {
        const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
        pdfs.set(documentId, pdf);
        const file = path.join(scratch, `${dialect}-${documentId}.pdf`);
        fs.writeFileSync(file, pdf);
        return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      };
      const firstText = await textOf(first.body.id);
      expect(firstText).toContain('Version one wording');
      expect(firstText).not.toContain('Version two wording');
      expect(await textOf(second.body.id)).toContain('Version two wording');

      // The signed record inside each PDF names the template version it was rendered with.
      const recordTemplate = async (documentId: string) => {
        const report = await call<{ record: { content: { template: unknown } } | null }>(
          platform.baseUrl,
          'POST',
          '/api/verify',
          { body: pdfs.get(documentId), contentType: 'application/pdf' },
        );
        expect(report.status).toBe(200);
        return report.body.record?.content.template;
      };
      expect(await recordTemplate(first.body.id)).toEqual({ id: v1.body.id, version: 1 });
      expect(await recordTemplate(second.body.id)).toEqual({ id: v1.body.id, version: 2 });

      const versions = await call<{ versions: Array<{ version: number }> }>(
        platform.baseUrl,
        'GET',
        `${base()}/templates/${v1.body.id}/versions`,
        { token: issuer.token },
      );
      expect(versions.body.versions.map((entry) => entry.version)).toEqual([2, 1]);
      const old = await call<TemplateBody>(
        platform.baseUrl,
        'GET',
        `${base()}/templates/${v1.body.id}/versions/1`,
        {
          token: issuer.token,
        },
      );
      expect(old.body.definition).toEqual(diploma(assets, 'Version one wording'));

      const audited = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'actorType'])
        .where('targetId', '=', v1.body.id)
        .orderBy('id')
        .execute();
      expect(audited).toEqual([
        { action: 'template.created', actorType: 'user' },
        { action: 'template.version_created', actorType: 'user' },
      ]);
      const archived = await call<TemplateBody>(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${v1.body.id}/archive`,
        {
          token: issuer.token,
        },
      );
      expect(archived.body.status).toBe('archived');
      const archivedEvents = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', v1.body.id)
        .where('action', '=', 'template.archived')
        .execute();
      expect(archivedEvents).toHaveLength(1);
      expectRefused(await issueWith(v1.body.id, [{ label: 'Grade', value: 'A' }]), 400, /archived/);
    });

    it('previews, saved or unsaved, store nothing', async () => {
      const created = await createTemplate('Preview me', diploma(assets));
      const before = await footprint();
      const saved = await call(
        platform.baseUrl,
        'POST',
        `${base()}/templates/${created.body.id}/preview`,
        {
          token: issuer.token,
          json: {},
        },
      );
      expect(saved.status).toBe(200);
      const unsaved = await call(platform.baseUrl, 'POST', `${base()}/templates/preview`, {
        token: issuer.token,
        json: { definition: diploma(assets, 'Unsaved wording') },
      });
      expect(unsaved.status).toBe(200);
      const file = path.join(scratch, `${dialect}-unsaved.pdf`);
      fs.writeFileSync(file, unsaved.raw);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Unsaved wording');
      expect(text).toContain('Sample grade');
      expect(await footprint()).toEqual(before);
    });

    it('the template routes are in the OpenAPI document', async () => {
      const spec = await call<{ paths: Record<string, unknown> }>(
        platform.baseUrl,
        'GET',
        '/docs/json',
      );
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/organisations/{organisationId}/templates',
          '/api/organisations/{organisationId}/templates/preview',
          '/api/organisations/{organisationId}/templates/{templateId}',
          '/api/organisations/{organisationId}/templates/{templateId}/versions',
          '/api/organisations/{organisationId}/templates/{templateId}/versions/{version}',
          '/api/organisations/{organisationId}/templates/{templateId}/preview',
          '/api/organisations/{organisationId}/templates/{templateId}/archive',
          '/api/organisations/{organisationId}/template-assets',
          '/api/organisations/{organisationId}/template-assets/{assetId}',
        ]),
      );
    });

    it('API keys with the issue scope read templates but cannot design them; other organisations see nothing', async () => {
      const key = await call<{ key: string }>(platform.baseUrl, 'POST', `${base()}/api-keys`, {
        token: issuer.token,
        json: { name: 'registrar', scopes: ['issue'] },
      });
      expect(key.status).toBe(201);
      const listed = await call<{ templates: unknown[] }>(
        platform.baseUrl,
        'GET',
        `${base()}/templates`,
        {
          token: key.body.key,
        },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.templates.length).toBeGreaterThan(0);
      const refused = await call(platform.baseUrl, 'POST', `${base()}/templates`, {
        token: key.body.key,
        json: { name: 'Sneaky', definition: diploma(assets) },
      });
      expect(refused.status).toBe(403);
      const other = await newApprovedIssuer(platform, 'Another University');
      const foreign = await call(platform.baseUrl, 'GET', `${base()}/templates`, {
        token: other.token,
      });
      expect(foreign.status).toBe(404);
      const borrowed = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${other.organisationId}/templates`,
        {
          token: other.token,
          json: { name: 'Borrowed', definition: diploma(assets) },
        },
      );
      expectRefused(borrowed, 400, /not an asset uploaded by this organisation/);
    });
  });
}
