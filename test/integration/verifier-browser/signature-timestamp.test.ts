import { createHash } from 'node:crypto';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { Attribute, ContentInfo, SignedData } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as VerifierBrowser from '../../../verifier/browser.js';
import { verifyDocumentFile, type BrowserVerification } from '../../../verifier/browser.js';
import {
  checkPdfSignature,
  checkPdfSignatureWithSigner,
} from '../../../verifier/verify/signature-check.js';
import { DocumentSigner } from '../../../src/signing/document-signer.js';
import { createLocalCa, issueSigningCertificate } from '../../../src/signing/local-ca.js';
import { createTsaClient } from '../../../src/signing/tsa-client.js';
import { startTsaStandIn, type TsaStandIn } from '../../helpers/tsa-stand-in.js';
import { simplePdf } from '../signing/signing-tools.js';
import { bundleEntry, openVerifierPage, type VerifierPage } from './browser-harness.js';

/**
 * The RFC 3161 signature-time-stamp inside a PAdES signature, checked by the browser verifier
 * (in Node, whose Web Crypto is global, and in Chromium): a token from a timestamp authority
 * over this signature's value passes and its time is reported; a token taken from another
 * signature (unsigned attributes are outside the CMS signature, so it can be swapped in without
 * breaking it) fails the signature check with its own code.
 */
// A loopback origin is a secure context (Web Crypto); the page's requests to it are routed here.
const ORIGIN = 'http://127.0.0.1:9';
const SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';

const CONTENTS = /\/Contents <([0-9a-fA-F]+)>/;

function cmsOf(pdf: Buffer): SignedData {
  const hex = CONTENTS.exec(pdf.toString('latin1'))?.[1] ?? '';
  const parsed = asn1js.fromBER(Uint8Array.from(Buffer.from(hex, 'hex')));
  return new SignedData({ schema: new ContentInfo({ schema: parsed.result }).content });
}

/** `pdf` with its signature's timestamp token replaced by `donor`'s (same /Contents size). */
function withTimestampOf(pdf: Buffer, donor: Buffer): Buffer {
  const token = cmsOf(donor).signerInfos[0]?.unsignedAttrs?.attributes.find(
    (attribute) => attribute.type === SIGNATURE_TIME_STAMP,
  );
  if (token === undefined) throw new Error('the donor has no timestamp');
  const signedData = cmsOf(pdf);
  const signerInfo = signedData.signerInfos[0]!;
  const attributes = signerInfo.unsignedAttrs!.attributes.map((attribute) =>
    attribute.type === SIGNATURE_TIME_STAMP
      ? new Attribute({ type: SIGNATURE_TIME_STAMP, values: token.values })
      : attribute,
  );
  signerInfo.unsignedAttrs!.attributes = attributes;
  const der = new ContentInfo({
    contentType: '1.2.840.113549.1.7.2',
    content: signedData.toSchema(true),
  })
    .toSchema()
    .toBER(false);
  const text = pdf.toString('latin1');
  const match = CONTENTS.exec(text)!;
  const hex = Buffer.from(der).toString('hex');
  if (hex.length > match[1]!.length) throw new Error('the forged CMS does not fit /Contents');
  const padded = hex.padEnd(match[1]!.length, '0');
  return Buffer.from(
    text.slice(0, match.index) +
      `/Contents <${padded}>` +
      text.slice(match.index + match[0].length),
    'latin1',
  );
}

/** The platform's lookup, answered without a platform: it publishes the signer's certificate. */
function lookupBody(fingerprint: string): string {
  return JSON.stringify({
    document: null,
    issuer: null,
    documentSigning: { certificates: [{ fingerprint }] },
  });
}

let tsa: TsaStandIn;
let genuine: Buffer;
let forged: Buffer;
let fingerprint: string;
let caCertificate: Buffer;
let unsigned: Buffer;

beforeAll(async () => {
  tsa = await startTsaStandIn();
  const now = new Date();
  const caName = { organisation: 'Test', commonName: 'Timestamp test CA' };
  const ca = createLocalCa(caName, now);
  const leaf = issueSigningCertificate(
    ca,
    caName,
    { organisation: 'Test', commonName: 'Timestamp test signer' },
    now,
  );
  fingerprint = createHash('sha256').update(leaf.certificate).digest('hex');
  caCertificate = ca.certificate;
  unsigned = await simplePdf('Unsigned');
  const signer = new DocumentSigner(
    { privateKey: leaf.privateKey, certificates: [leaf.certificate, ca.certificate] },
    { timestamp: createTsaClient(tsa.url) },
  );
  genuine = await signer.signPdf(await simplePdf('Diploma'), now);
  const other = await signer.signPdf(await simplePdf('Another document'), now);
  forged = withTimestampOf(genuine, other);
}, 60_000);

afterAll(async () => {
  await tsa.close();
});

function signatureOf(report: BrowserVerification) {
  return report.checks.find((check) => check.id === 'signature');
}

describe('the browser verifier checks the RFC 3161 timestamp of the PDF signature', () => {
  const options = {
    platformOrigin: ORIGIN,
    headerSources: [],
    fetch: (url: string) =>
      Promise.resolve(
        url === `${ORIGIN}/api/verify`
          ? new Response(lookupBody(fingerprint), { status: 200 })
          : new Response('{}', { status: 404 }),
      ),
  };

  it('in Node: a token over this signature passes and its time is reported', async () => {
    const report = await verifyDocumentFile(genuine, options);
    expect(signatureOf(report)).toMatchObject({
      status: 'passed',
      code: 'signed_by_platform',
      local: true,
    });
    expect(signatureOf(report)?.message).toContain('(RFC 3161)');
    expect(report.signer?.timestampedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(
      Math.abs(new Date(report.signer?.timestampedAt ?? 0).getTime() - Date.now()),
    ).toBeLessThan(300_000);
  });

  it('in Node: a token taken from another signature fails the signature check by name', async () => {
    const report = await verifyDocumentFile(forged, options);
    expect(signatureOf(report)).toMatchObject({
      status: 'failed',
      code: 'signature_timestamp_invalid',
      local: true,
    });
    expect(report.verdict).toBe('not valid');
    expect(report.signer?.timestampedAt ?? null).toBeNull();
  });

  it('certa verify and the platform (checkPdfSignature) fail the same token by the same name', async () => {
    const good = await checkPdfSignature(genuine, null);
    expect(good).toMatchObject({ status: 'passed', code: 'signature_valid' });
    expect(good.message).toMatch(/timestamped \d{4}-/);
    expect(await checkPdfSignature(forged, null)).toMatchObject({
      status: 'failed',
      code: 'signature_timestamp_invalid',
    });
  });

  it('the page and certa verify share one signature check, the page failing what it cannot trust', async () => {
    // By the fingerprints the lookup publishes (the page), or by certificate and its issuer.
    const published = await checkPdfSignatureWithSigner(genuine, { fingerprints: [fingerprint] });
    expect(published.check).toMatchObject({ status: 'passed', code: 'signed_by_platform' });
    expect(published.signer).not.toBeNull();
    expect(published.signatures).toHaveLength(1);
    expect(
      (await checkPdfSignatureWithSigner(genuine, [Uint8Array.from(caCertificate)])).check,
    ).toMatchObject({ status: 'passed', code: 'signed_by_platform' });
    // Another platform's certificate: unknown for certa verify, failed on the page.
    const other = { fingerprints: ['00'.repeat(32)] };
    expect((await checkPdfSignatureWithSigner(genuine, other)).check.status).toBe('unknown');
    const failed = await checkPdfSignatureWithSigner(genuine, other, { unproven: 'failed' });
    expect(failed).toMatchObject({
      check: { status: 'failed', code: 'signed_by_other' },
      signer: null,
    });
    // No signature at all: likewise.
    expect((await checkPdfSignature(unsigned, null)).status).toBe('unknown');
    expect(
      (await checkPdfSignatureWithSigner(unsigned, other, { unproven: 'failed' })).check,
    ).toMatchObject({ status: 'failed', code: 'unsigned' });
    // The published certificates out of reach: the signer stays unknown, named by fingerprint.
    const unknown = await checkPdfSignatureWithSigner(genuine, 'unknown', { unproven: 'failed' });
    expect(unknown.check).toMatchObject({ status: 'unknown', code: 'signer_not_checked' });
    expect(unknown.check.message).toContain(fingerprint);
    expect(unknown.signer).toBeNull();
  });

  it('in Node: a lookup without the published certificates leaves the signer unknown', async () => {
    const report = await verifyDocumentFile(genuine, {
      ...options,
      fetch: (url: string) =>
        Promise.resolve(
          url === `${ORIGIN}/api/verify`
            ? new Response(JSON.stringify({ document: null, issuer: null }), { status: 200 })
            : new Response('{}', { status: 404 }),
        ),
    });
    expect(signatureOf(report)).toMatchObject({
      status: 'unknown',
      code: 'signer_not_checked',
      local: true,
    });
    // The signature itself verified: its signer is reported.
    expect(report.signer?.certificateSha256).toBe(fingerprint);
  });

  describe('in Chromium', () => {
    let verifier: VerifierPage;
    beforeAll(async () => {
      const script = await bundleEntry(path.join(import.meta.dirname, 'chromium-entry.ts'));
      verifier = await openVerifierPage(ORIGIN, script, []);
      await verifier.page.route(`${ORIGIN}/api/**`, (route) =>
        route.fulfill(
          route.request().url() === `${ORIGIN}/api/verify`
            ? { status: 200, contentType: 'application/json', body: lookupBody(fingerprint) }
            : { status: 404, contentType: 'application/json', body: '{}' },
        ),
      );
    }, 60_000);
    afterAll(async () => {
      await verifier?.close();
    });

    const inPage = (pdf: Buffer): Promise<BrowserVerification> =>
      verifier.page.evaluate(
        async ({ base64, origin }) => {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          const api = (globalThis as unknown as { certaVerifier: typeof VerifierBrowser })
            .certaVerifier;
          return api.verifyDocumentFile(bytes, { platformOrigin: origin, headerSources: [] });
        },
        { base64: pdf.toString('base64'), origin: ORIGIN },
      );

    it('a token over this signature passes; one from another signature is named', async () => {
      const good = await inPage(genuine);
      expect(signatureOf(good)).toMatchObject({ status: 'passed', code: 'signed_by_platform' });
      expect(good.signer?.timestampedAt).not.toBeNull();
      const bad = await inPage(forged);
      expect(signatureOf(bad)).toMatchObject({
        status: 'failed',
        code: 'signature_timestamp_invalid',
      });
    });
  });
});
