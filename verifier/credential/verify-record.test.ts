import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RecipientRecord } from '../../src/documents/document.js';
import {
  buildUnsignedRecord,
  recordAttachment,
  signRecord,
} from '../../src/documents/embedded-record.js';
import {
  createPdfDocument,
  finishDocument,
  type PdfAttachment,
} from '../../src/pdf/pdf-document.js';
import { RECORD_FILE_NAME, type SignedRecord } from './record.js';
import { makeTestSigner } from '../test-support/record-signer.js';
import { replaceEmbeddedFile } from '../test-support/pdf-tamper.js';
import { PdfReadError, verifyEmbeddedRecord, verifyRecordBytes } from './verify-record.js';

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-record-'));
afterAll(() => fs.rmSync(outputDir, { recursive: true, force: true }));

const RECIPIENT_RECORD: RecipientRecord = {
  version: 1,
  documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
  issuerId: 'iss0v9mXb1c2d3e4f5g6hA',
  template: 'certificate',
  title: 'Master of Science in Physics',
  recipient: { name: 'Zoë Ångström-Ñúñez', email: 'zoe@example.org' },
  fields: [{ label: 'Grade', value: 'A' }],
  issuedAt: '2026-06-30T10:00:00.000Z',
  expiresAt: null,
  salt: 'Zk3vQ9xYw1_aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV',
};

let signer: ReturnType<typeof makeTestSigner>;
beforeAll(() => {
  signer = makeTestSigner('ES256', 'Certa document signing (test)');
});

function signed(key: ReturnType<typeof makeTestSigner> = signer): SignedRecord {
  return signRecord(
    buildUnsignedRecord({
      record: RECIPIENT_RECORD,
      issuer: { publicId: 'iss0v9mXb1c2d3e4f5g6hA', name: 'Université de Genève' },
      activatedAt: '2026-07-01T08:15:00.000Z',
      publicUrl: 'https://certa.example.org',
      template: null,
    }),
    key,
  );
}

async function pdfWith(attachments: PdfAttachment[]): Promise<Buffer> {
  const doc = createPdfDocument({
    width: 595.28,
    height: 841.89,
    metadata: {
      title: 'Master of Science in Physics',
      author: 'Université de Genève',
      documentId: RECIPIENT_RECORD.documentId,
      creationDate: new Date('2026-07-01T08:15:00.000Z'),
    },
    attachments,
  });
  doc.font('regular').text('Zoë Ångström-Ñúñez', 72, 72);
  return finishDocument(doc);
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('the signed record embedded in a PDF', () => {
  it('has the documented shape, without the e-mail address', () => {
    const record = signed();
    expect(record).toMatchObject({
      type: 'CertaDocumentRecord',
      version: 1,
      documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
      title: 'Master of Science in Physics',
      recipient: { name: 'Zoë Ångström-Ñúñez' },
      fields: [{ label: 'Grade', value: 'A' }],
      template: { id: 'certificate', version: null },
      issuer: {
        id: 'iss0v9mXb1c2d3e4f5g6hA',
        name: 'Université de Genève',
        profileUrl: 'https://certa.example.org/api/issuers/iss0v9mXb1c2d3e4f5g6hA',
      },
      issuedAt: '2026-06-30T10:00:00.000Z',
      activatedAt: '2026-07-01T08:15:00.000Z',
      expiresAt: null,
      salt: RECIPIENT_RECORD.salt,
      verificationUrl: 'https://certa.example.org/verify/q3Z0v9mXb1c2d3e4f5g6hA',
      status: [
        {
          type: 'CertaStatusLookup',
          statusPurpose: 'revocation',
          statusUrl: 'https://certa.example.org/api/documents/q3Z0v9mXb1c2d3e4f5g6hA/status',
        },
      ],
      proof: { type: 'JWS' },
    });
    expect(JSON.stringify(record)).not.toContain('zoe@example.org');
    expect(record.proof.jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
  });

  it('is extracted from the PDF and verifies; pdfdetach gives the same JSON', async () => {
    const record = signed();
    const pdf = await pdfWith([recordAttachment(record)]);
    const result = await verifyEmbeddedRecord(pdf);
    expect(result.status).toBe('verified');
    if (result.status !== 'verified') return;
    expect(result.record).toEqual(record);
    expect(result.signer.algorithm).toBe('ES256');
    expect(result.signer.certificateSha256).toBe(sha256(signer.certificates[0] ?? Buffer.alloc(0)));
    expect(result.signer.subject).toBe('CN=Certa document signing (test)');

    const file = path.join(outputDir, 'record.pdf');
    fs.writeFileSync(file, pdf);
    const saved = path.join(outputDir, 'record.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(JSON.parse(fs.readFileSync(saved, 'utf8'))).toEqual(result.record);
  });

  it('an altered record, re-attached as an incremental update, fails', async () => {
    const pdf = await pdfWith([recordAttachment(signed())]);
    const altered = { ...signed(), fields: [{ label: 'Grade', value: 'A+' }] };
    const tampered = await replaceEmbeddedFile(
      pdf,
      RECORD_FILE_NAME,
      Buffer.from(JSON.stringify(altered)),
    );
    const file = path.join(outputDir, 'tampered.pdf');
    fs.writeFileSync(file, tampered);
    // Every PDF reader sees the altered record: the update is well formed.
    const saved = path.join(outputDir, 'tampered.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(JSON.parse(fs.readFileSync(saved, 'utf8'))).toMatchObject({
      fields: [{ label: 'Grade', value: 'A+' }],
    });
    const result = await verifyEmbeddedRecord(tampered);
    expect(result).toMatchObject({
      status: 'invalid',
      problem: 'the signature does not match the record',
      record: { fields: [{ label: 'Grade', value: 'A+' }] },
    });
  });

  it('a JWS with a flipped byte fails', async () => {
    const record = signed();
    const [header, , signature = ''] = record.proof.jws.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[5] = (bytes[5] ?? 0) ^ 0x80;
    const broken = {
      ...record,
      proof: { type: 'JWS', jws: `${header}..${bytes.toString('base64url')}` },
    };
    const result = await verifyEmbeddedRecord(
      await pdfWith([
        { ...recordAttachment(record), content: Buffer.from(JSON.stringify(broken)) },
      ]),
    );
    expect(result).toMatchObject({ status: 'invalid' });
  });

  it('a record signed by another key verifies only as signed by that other certificate', async () => {
    const other = makeTestSigner('ES256', 'Someone else');
    const result = await verifyEmbeddedRecord(await pdfWith([recordAttachment(signed(other))]));
    expect(result.status).toBe('verified');
    if (result.status === 'verified') {
      expect(result.signer.certificateSha256).toBe(
        sha256(other.certificates[0] ?? Buffer.alloc(0)),
      );
      expect(result.signer.certificateSha256).not.toBe(
        sha256(signer.certificates[0] ?? Buffer.alloc(0)),
      );
    }
  });

  it('a PDF without a record has none; one attached with pdfattach is not an associated file', async () => {
    const bare = await pdfWith([]);
    expect(await verifyEmbeddedRecord(bare)).toEqual({ status: 'absent' });
    const input = path.join(outputDir, 'bare.pdf');
    const json = path.join(outputDir, RECORD_FILE_NAME);
    const output = path.join(outputDir, 'attached.pdf');
    fs.writeFileSync(input, bare);
    fs.writeFileSync(json, JSON.stringify(signed()));
    execFileSync('pdfattach', [input, json, output]);
    expect(await verifyEmbeddedRecord(fs.readFileSync(output))).toMatchObject({
      status: 'invalid',
      problem: 'the record is not attached as an associated file with relationship Data',
    });
  });

  it('malformed records and files are reported, not thrown', async () => {
    expect(await verifyRecordBytes(Buffer.from('not json'))).toMatchObject({ status: 'invalid' });
    expect(await verifyRecordBytes(Buffer.from('[1]'))).toMatchObject({ status: 'invalid' });
    const unsigned = Object.fromEntries(
      Object.entries(signed()).filter(([key]) => key !== 'proof'),
    );
    expect(await verifyRecordBytes(Buffer.from(JSON.stringify(unsigned)))).toMatchObject({
      status: 'invalid',
      problem: 'the record has no JWS proof',
    });
    await expect(verifyEmbeddedRecord(Buffer.from('%PDF-1.7\nnothing'))).rejects.toBeInstanceOf(
      PdfReadError,
    );
  });
});
