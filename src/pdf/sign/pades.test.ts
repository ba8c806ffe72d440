import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalCa, issueSigningCertificate } from '../../signing/local-ca.js';
import { createCadesContext } from './cades.js';
import type { CadesContext } from './cades.js';
import { OID } from '../../../verifier/pdf-signature/oids.js';
import { signPdfPades } from './pades.js';
import { PdfSyntaxError } from '../../../verifier/pdf-signature/pdf-syntax.js';
import { verifyPdfSignatures } from '../../../verifier/pdf-signature/verify-pdf-signatures.js';

async function simplePdf(text = 'Hello'): Promise<Buffer> {
  const doc = new PDFDocument({ pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.text(text);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Every OID in a DER value, depth first. */
function oidsIn(der: Uint8Array): string[] {
  const found: string[] = [];
  const walk = (node: asn1js.AsnType): void => {
    if (node instanceof asn1js.ObjectIdentifier) found.push(node.valueBlock.toString());
    if (node instanceof asn1js.Constructed) node.valueBlock.value.forEach(walk);
  };
  walk(asn1js.fromBER(Uint8Array.from(der)).result);
  return found;
}

function cmsOf(pdf: Buffer): Buffer {
  const match = /\/Contents <([0-9a-f]+)>/.exec(pdf.toString('latin1'));
  if (match?.[1] === undefined) throw new Error('no /Contents');
  return Buffer.from(match[1], 'hex');
}

describe('PAdES signing as an incremental update', () => {
  let context: CadesContext;
  let caCertificate: Buffer;
  let original: Buffer;

  beforeAll(async () => {
    const now = new Date();
    const caName = { organisation: 'Test', commonName: 'Test CA' };
    const ca = createLocalCa(caName, now);
    const signer = issueSigningCertificate(
      ca,
      caName,
      { organisation: 'Test', commonName: 'Test signer' },
      now,
    );
    caCertificate = ca.certificate;
    context = createCadesContext({
      privateKey: signer.privateKey,
      certificates: [signer.certificate, ca.certificate],
    });
    original = await simplePdf();
  });

  it('keeps the original bytes and appends one valid signature over the whole file', async () => {
    const signed = await signPdfPades(original, context, {
      signingTime: new Date('2026-01-02T03:04:05Z'),
    });
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
    const [check, ...more] = await verifyPdfSignatures(signed);
    expect(more).toEqual([]);
    expect(check).toMatchObject({
      fieldName: 'Signature1',
      subFilter: 'ETSI.CAdES.detached',
      valid: true,
      problem: null,
      coversWholeDocument: true,
      signerSubject: 'O=Test, CN=Test signer',
      signingCertificateV2: true,
      claimedSigningTime: 'D:20260102030405Z',
      timestamp: null,
    });
    expect(Buffer.from(check?.certificates[1] ?? []).equals(caCertificate)).toBe(true);
  });

  it('puts signing-certificate-v2 into the CMS and no signing-time', async () => {
    const oids = oidsIn(cmsOf(await signPdfPades(original, context, { signingTime: new Date() })));
    expect(oids).toContain(OID.signingCertificateV2);
    expect(oids).toContain(OID.messageDigest);
    expect(oids).not.toContain(OID.signingTime);
    expect(oids).not.toContain(OID.signingCertificate);
  });

  it('reports a changed byte inside the signed range as a digest mismatch', async () => {
    const signed = await signPdfPades(original, context, { signingTime: new Date() });
    const changed = Buffer.from(signed);
    const at = changed.indexOf('PDFKit');
    expect(at).toBeGreaterThan(0);
    changed[at] = 'Q'.charCodeAt(0);
    expect((await verifyPdfSignatures(changed))[0]).toMatchObject({
      valid: false,
      problem: 'digest-mismatch',
    });
  });

  it('reports a changed signature value as a bad signature', async () => {
    const signed = await signPdfPades(original, context, { signingTime: new Date() });
    const cms = cmsOf(signed);
    // The ECDSA signature is the last OCTET STRING of the signer-info: flip its last byte.
    const parsed = asn1js.fromBER(Uint8Array.from(cms));
    const length = parsed.offset;
    const changed = Buffer.from(signed);
    const hexAt = signed.indexOf('/Contents <') + '/Contents <'.length + (length - 1) * 2;
    const byte = parseInt(changed.toString('latin1', hexAt, hexAt + 2), 16) ^ 0x01;
    changed.write(byte.toString(16).padStart(2, '0'), hexAt, 'latin1');
    expect((await verifyPdfSignatures(changed))[0]).toMatchObject({
      valid: false,
      problem: 'bad-signature',
    });
  });

  it('bytes appended after signing leave the signature valid but not covering the file', async () => {
    const signed = await signPdfPades(original, context, { signingTime: new Date() });
    const appended = Buffer.concat([signed, Buffer.from('% appended\n')]);
    expect((await verifyPdfSignatures(appended))[0]).toMatchObject({
      valid: true,
      coversWholeDocument: false,
    });
  });

  it('a second signature is a second incremental update; the first then covers a revision', async () => {
    const once = await signPdfPades(original, context, { signingTime: new Date() });
    const twice = await signPdfPades(once, context, { signingTime: new Date() });
    const checks = await verifyPdfSignatures(twice);
    expect(
      checks.map((check) => [check.fieldName, check.valid, check.coversWholeDocument]),
    ).toEqual([
      ['Signature1', true, false],
      ['Signature2', true, true],
    ]);
  });

  it('adds a DSS with the given certificates', async () => {
    const signed = await signPdfPades(original, context, {
      signingTime: new Date(),
      dssCertificates: [caCertificate],
    });
    expect(signed.toString('latin1')).toMatch(/\/DSS <<\/Type \/DSS \/Certs \[\d+ 0 R\]>>/);
    expect(signed.includes(caCertificate)).toBe(true);
    expect((await verifyPdfSignatures(signed))[0]?.valid).toBe(true);
  });

  it('an unsigned PDF has no signatures; a file that is not a PDF is a syntax error', async () => {
    expect(await verifyPdfSignatures(original)).toEqual([]);
    await expect(verifyPdfSignatures(Buffer.from('%PDF-1.7\nnot really'))).rejects.toThrow(
      PdfSyntaxError,
    );
  });

  it('arbitrary or damaged files give a syntax error or a malformed signature, never another error', async () => {
    const signed = await signPdfPades(original, context, { signingTime: new Date() });
    const samples: Buffer[] = [
      Buffer.from('%PDF-1.7\nxref\n0 99999999\ntrailer <<>>\nstartxref\n9\n%%EOF'),
      Buffer.from(`%PDF-1.7\n1 0 obj ${'['.repeat(5000)}\nstartxref\n9\n%%EOF`),
      signed.subarray(0, signed.length - 40),
    ];
    // Cut the /Contents hex short, and damage the CMS inside it.
    const text = signed.toString('latin1');
    const contentsAt = text.lastIndexOf('/Contents <') + '/Contents <'.length;
    const broken = Buffer.from(signed);
    broken.write('ff'.repeat(40), contentsAt + 20, 'latin1');
    samples.push(broken);
    for (let seed = 0; seed < 30; seed += 1) {
      const copy = Buffer.from(signed);
      for (let flip = 0; flip < 20; flip += 1) {
        const at = (seed * 7919 + flip * 104729) % copy.length;
        copy[at] = (copy[at]! + 1 + seed) & 0xff;
      }
      samples.push(copy);
    }
    for (const sample of samples) {
      try {
        for (const check of await verifyPdfSignatures(sample))
          expect(typeof check.valid).toBe('boolean');
      } catch (error) {
        expect(error).toBeInstanceOf(PdfSyntaxError);
      }
    }
    expect((await verifyPdfSignatures(broken))[0]).toMatchObject({ valid: false });
  });

  it('the content digest is SHA-256 of everything but /Contents', async () => {
    const signed = await signPdfPades(original, context, { signingTime: new Date() });
    const text = signed.toString('latin1');
    const range =
      /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text)?.slice(1).map(Number) ?? [];
    expect(range[0]).toBe(0);
    expect(range[2]! + range[3]!).toBe(signed.length);
    expect(signed[range[1]!]).toBe(0x3c);
    expect(signed[range[2]! - 1]).toBe(0x3e);
    const digest = createHash('sha256')
      .update(signed.subarray(0, range[1]))
      .update(signed.subarray(range[2]))
      .digest();
    expect(cmsOf(signed).includes(digest)).toBe(true);
  });
});
