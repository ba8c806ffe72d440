import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../../src/cli/main.js';
import { canonicalJson } from '../../../verifier/credential/canonical-json.js';
import { signRecord } from '../../../src/documents/embedded-record.js';
import { fileIdentifier } from '../../../src/pdf/archival/file-identifier.js';
import { createPdfDocument, finishDocument } from '../../../src/pdf/pdf-document.js';
import {
  RECORD_FILE_NAME,
  type SignedRecord,
  type UnsignedRecord,
} from '../../../verifier/credential/index.js';
import { makeTestSigner } from '../../../verifier/test-support/record-signer.js';
import { replaceEmbeddedFile } from '../../../verifier/test-support/pdf-tamper.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  type TestIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

interface Check {
  id: string;
  status: string;
  code: string;
  message: string;
}

interface Report {
  valid: boolean;
  document: { id: string } | null;
  checks: Check[];
  record: {
    content: SignedRecord;
    signatureValid: boolean;
    signerCertificateSha256: string | null;
  } | null;
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-archival-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function write(name: string, content: Buffer): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, content);
  return file;
}

function recordCheck(report: Report): Check | undefined {
  return report.checks.find((check) => check.id === 'record');
}

async function verifyPdf(platform: TestPlatform, pdf: Buffer): Promise<Report> {
  const response = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
    body: pdf,
    contentType: 'application/pdf',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The record attached to `pdf`, as `pdfdetach -saveall` writes it out. */
function detachedRecord(pdf: Buffer, name: string): { bytes: Buffer; json: unknown } {
  const directory = fs.mkdtempSync(path.join(workDir, `${name}-`));
  const file = path.join(directory, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdfdetach', ['-saveall', '-o', directory, file]);
  const bytes = fs.readFileSync(path.join(directory, RECORD_FILE_NAME));
  return { bytes, json: JSON.parse(bytes.toString('utf8')) };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env: {},
    stdin: Readable.from([]),
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(text),
  });
  return { code, out: out.join(''), err: err.join('') };
}

for (const dialect of DIALECTS) {
  describe(`the signed record inside every PDF (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let documentId: string;
    let pdf: Buffer;
    let sha256: string;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Université Libre d’Archivage');
      documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Zoë Ångström-Ñúñez', email: 'zoe@example.org' },
      });
      ({ pdf, sha256 } = await activate(platform, await activationLinkFor(platform, documentId)));
    });
    afterAll(async () => platform.close());

    it('the activated PDF passes qpdf --check with no warnings and lists the record', () => {
      const file = write(`${dialect}-valid.pdf`, pdf);
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status, check.stdout).toBe(0);
      expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain(
        `1: ${RECORD_FILE_NAME}`,
      );
      const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
      expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(xmp).toContain(`<certa:documentId>${documentId}</certa:documentId>`);
      expect(xmp).not.toContain('Zoë');
    });

    it('the record pdfdetach extracts is what the verify API reports, and it verifies', async () => {
      const report = await verifyPdf(platform, pdf);
      expect(report.valid).toBe(true);
      expect(recordCheck(report)).toMatchObject({ status: 'passed', code: 'record_signed' });
      const detached = detachedRecord(pdf, `${dialect}-valid`);
      expect(report.record?.content).toEqual(detached.json);
      // Canonical JSON: the attached bytes are exactly the canonical form.
      expect(detached.bytes.toString('utf8')).toBe(canonicalJson(detached.json as never));
      const platformCertificate = platform.ctx.documentSigner.certificates[0] ?? Buffer.alloc(0);
      expect(report.record?.signatureValid).toBe(true);
      expect(report.record?.signerCertificateSha256).toBe(
        createHash('sha256').update(platformCertificate).digest('hex'),
      );
      expect(report.record?.content).toMatchObject({
        type: 'CertaDocumentRecord',
        documentId,
        recipient: { name: 'Zoë Ångström-Ñúñez' },
        issuer: { name: 'Université Libre d’Archivage' },
        status: [
          { type: 'CertaStatusLookup', statusPurpose: 'revocation' },
          { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
          { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
        ],
      });
      expect(JSON.stringify(report.record?.content)).not.toContain('zoe@example.org');
      // The status reference answers.
      const lookup = report.record?.content.status[0];
      const statusUrl = lookup?.type === 'CertaStatusLookup' ? lookup.statusUrl : '';
      const status = await fetch(statusUrl.replace(platform.ctx.publicUrl, platform.baseUrl));
      expect(status.status).toBe(200);
    });

    it('after signing, the trailer /ID still starts with the id derived from the metadata, and fonts are embedded', async () => {
      const record = detachedRecord(pdf, `${dialect}-id`).json as SignedRecord;
      const id = fileIdentifier({
        documentId,
        title: record.title,
        author: record.issuer.name,
        creationDate: new Date(record.activatedAt),
      }).toString('hex');
      const file = write(`${dialect}-id.pdf`, pdf);
      const trailer = execFileSync('qpdf', ['--show-object=trailer', file], { encoding: 'utf8' });
      expect(trailer).toMatch(new RegExp(`/ID \\[ <${id}> <[0-9a-f]{32}> \\]`));
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    });

    it('verifying by digest alone has no record check, and stays valid', async () => {
      const response = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(response.body.valid).toBe(true);
      expect(recordCheck(response.body)).toBeUndefined();
      expect(response.body.record).toBeNull();
    });

    it('an altered record re-attached to the PDF is reported as failing', async () => {
      const original = detachedRecord(pdf, `${dialect}-original`).json as SignedRecord;
      const altered = { ...original, fields: [{ label: 'Grade', value: 'A+ (altered)' }] };
      const tampered = await replaceEmbeddedFile(
        pdf,
        RECORD_FILE_NAME,
        Buffer.from(JSON.stringify(altered)),
      );
      const report = await verifyPdf(platform, tampered);
      expect(report.valid).toBe(false);
      expect(recordCheck(report)).toMatchObject({ status: 'failed', code: 'record_invalid' });
      expect(recordCheck(report)?.message).toContain('does not match the record');
      expect(report.record?.content).toEqual(detachedRecord(tampered, `${dialect}-altered`).json);

      const file = write(`${dialect}-altered.pdf`, tampered);
      const result = await cli(['verify', file, '--url', platform.baseUrl]);
      expect(result.code, result.err).toBe(1);
      expect(result.out).toMatch(/^✘ record +The embedded record does not verify/m);
    });

    it('a JWS with a flipped byte is reported as failing', async () => {
      const original = detachedRecord(pdf, `${dialect}-flip`).json as SignedRecord;
      const [header, , signature = ''] = original.proof.jws.split('.');
      const bytes = Buffer.from(signature, 'base64url');
      bytes[20] = (bytes[20] ?? 0) ^ 0x01;
      const broken = {
        ...original,
        proof: { type: 'JWS', jws: `${header}..${bytes.toString('base64url')}` },
      };
      const report = await verifyPdf(
        platform,
        await replaceEmbeddedFile(pdf, RECORD_FILE_NAME, Buffer.from(canonicalJson(broken))),
      );
      expect(report.valid).toBe(false);
      expect(recordCheck(report)).toMatchObject({ status: 'failed', code: 'record_invalid' });
    });

    it('a record signed by another key is reported as not signed by this platform', async () => {
      const original = detachedRecord(pdf, `${dialect}-other`).json as SignedRecord;
      const unsigned: UnsignedRecord & { proof?: unknown } = { ...original };
      delete unsigned.proof;
      const forged = signRecord(unsigned, makeTestSigner('ES256', 'Forger'));
      const report = await verifyPdf(
        platform,
        await replaceEmbeddedFile(pdf, RECORD_FILE_NAME, Buffer.from(canonicalJson(forged))),
      );
      expect(report.valid).toBe(false);
      expect(recordCheck(report)).toMatchObject({
        status: 'failed',
        code: 'record_unknown_signer',
      });
      expect(report.record?.signatureValid).toBe(false);
    });

    it('a genuine record in a changed file, and a PDF without a record, are told apart', async () => {
      const original = detachedRecord(pdf, `${dialect}-resaved`).bytes;
      const resaved = await replaceEmbeddedFile(pdf, RECORD_FILE_NAME, original);
      const report = await verifyPdf(platform, resaved);
      expect(report.valid).toBe(false);
      expect(report.checks.find((check) => check.id === 'integrity')?.status).toBe('failed');
      expect(recordCheck(report)).toMatchObject({
        status: 'failed',
        code: 'record_document_unknown',
      });
      expect(report.record?.signatureValid).toBe(true);

      const doc = createPdfDocument({
        width: 200,
        height: 200,
        metadata: { title: 'No record', author: 'Nobody', creationDate: new Date() },
      });
      const bare = await verifyPdf(platform, await finishDocument(doc));
      expect(recordCheck(bare)).toMatchObject({ status: 'unknown', code: 'no_record' });
      expect(bare.record).toBeNull();
    });

    it('certa verify checks the record on this machine and shows the certificate', async () => {
      const file = write(`${dialect}-cli.pdf`, pdf);
      const result = await cli(['verify', file, '--url', platform.baseUrl]);
      expect(result.code, result.err).toBe(0);
      const fingerprint = createHash('sha256')
        .update(platform.ctx.documentSigner.certificates[0] ?? Buffer.alloc(0))
        .digest('hex');
      expect(result.out).toMatch(/^✔ record +The embedded record names this document/m);
      expect(result.out).toContain(fingerprint);
      const json = await cli(['verify', file, '--json', '--url', platform.baseUrl]);
      const report = JSON.parse(json.out) as Report;
      expect(report.record?.content).toEqual(detachedRecord(pdf, `${dialect}-cli`).json);
    });
  });
}
