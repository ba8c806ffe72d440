import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { ContentInfo, SignedData } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignatures } from '../../../src/pdf/sign/verify-pdf-signatures.js';
import { credentialsFromPkcs12 } from '../../../src/signing/credentials.js';
import { DocumentSigner } from '../../../src/signing/document-signer.js';
import { loadOrCreateSigning, readLocalCa } from '../../../src/signing/signing-store.js';
import { createTsaClient } from '../../../src/signing/tsa-client.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTsaStandIn } from '../../helpers/tsa-stand-in.js';
import type { TsaStandIn } from '../../helpers/tsa-stand-in.js';
import {
  extractSignature,
  nssDatabaseTrusting,
  operatorPkcs12,
  pdfsig,
  run,
  simplePdf,
} from './signing-tools.js';

const SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';

function pem(der: Buffer): string {
  return new X509Certificate(der).toString();
}

describe('PAdES signatures checked by pdfsig, openssl and qpdf', () => {
  const dir = createTempDir('certa-sign-');
  let signer: DocumentSigner;
  let caPem: string;
  let signedFile: string;
  let nss: string;

  beforeAll(async () => {
    const loaded = loadOrCreateSigning(
      path.join(dir.path, 'signing'),
      randomBytes(32),
      { organisation: 'Certa Tests', host: 'certa.example' },
      new Date(),
    );
    signer = new DocumentSigner(loaded.credentials);
    caPem = pem(readLocalCa(path.join(dir.path, 'signing'))!);
    signedFile = path.join(dir.path, 'signed.pdf');
    fs.writeFileSync(signedFile, await signer.signPdf(await simplePdf(), new Date()));
    nss = nssDatabaseTrusting(path.join(dir.path, 'nss'), caPem);
  });
  afterAll(() => dir.remove());

  it('pdfsig: valid, ETSI.CAdES.detached, whole document; trusted once the CA is imported', () => {
    const output = pdfsig(signedFile);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Total document signed');
    expect(output).toContain('Signing Hash Algorithm: SHA-256');
    expect(output).toContain("Certificate issuer isn't Trusted.");
    expect(pdfsig(signedFile, nss)).toContain('Certificate Validation: Certificate is Trusted.');
  });

  it('pdfsig: one changed byte inside the signed range is a digest mismatch', async () => {
    const pdf = fs.readFileSync(signedFile);
    const at = pdf.indexOf('PDFKit');
    pdf[at] = 'Q'.charCodeAt(0);
    const changed = path.join(dir.path, 'changed.pdf');
    fs.writeFileSync(changed, pdf);
    expect(pdfsig(changed)).toContain('Signature Validation: Digest Mismatch.');
    expect((await verifyPdfSignatures(pdf))[0]).toMatchObject({
      valid: false,
      problem: 'digest-mismatch',
    });
  });

  it('a signature whose byte range or CMS cannot be used is reported as such, with its field', async () => {
    const text = fs.readFileSync(signedFile).toString('latin1');
    const sameLength = (pattern: RegExp, replace: (found: string) => string): Buffer =>
      Buffer.from(
        text.replace(pattern, (found) => replace(found).padEnd(found.length, ' ')),
        'latin1',
      );
    const [good] = await verifyPdfSignatures(fs.readFileSync(signedFile));
    const described = { fieldName: good?.fieldName, subFilter: 'ETSI.CAdES.detached' };
    const badRange = sameLength(/\/ByteRange ?\[[^\]]*\]/, () => '/ByteRange [0 1 2 3]');
    expect((await verifyPdfSignatures(badRange))[0]).toMatchObject({
      ...described,
      valid: false,
      problem: 'bad-byte-range',
      certificates: [],
    });
    const noCms = sameLength(/\/Contents ?<[0-9a-fA-F]+>/, (found) =>
      found.replace(/<[0-9a-fA-F]+>/, (hex) => hex.replace(/[1-9a-fA-F]/g, '0')),
    );
    expect((await verifyPdfSignatures(noCms))[0]).toMatchObject({
      ...described,
      valid: false,
      problem: 'malformed',
      signerSubject: null,
    });
  });

  it('qpdf --check finds no errors or warnings', () => {
    const result = run('qpdf', ['--check', signedFile]);
    expect(result.output).toContain('No syntax or stream encoding errors found');
    expect(result.status, result.output).toBe(0);
  });

  it('openssl cms -verify accepts the CMS over the signed byte ranges with the CA', () => {
    const { cms, signedContent } = extractSignature(fs.readFileSync(signedFile));
    const files = {
      cms: path.join(dir.path, 'sig.der'),
      content: path.join(dir.path, 'content.bin'),
      ca: path.join(dir.path, 'ca.pem'),
    };
    fs.writeFileSync(files.cms, cms);
    fs.writeFileSync(files.content, signedContent);
    fs.writeFileSync(files.ca, caPem);
    const verified = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      files.cms,
      '-content',
      files.content,
      '-CAfile',
      files.ca,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(verified.output).toContain('Verification successful');
    expect(verified.status).toBe(0);

    // With another CA it must fail: the check can fail.
    const otherCa = path.join(dir.path, 'other-ca.pem');
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      path.join(dir.path, 'other.key'),
      '-out',
      otherCa,
      '-subj',
      '/CN=Other',
      '-days',
      '1',
    ]);
    const refused = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      files.cms,
      '-content',
      files.content,
      '-CAfile',
      otherCa,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(refused.status).not.toBe(0);
  });

  it('openssl asn1parse shows signing-certificate-v2 and no signing-time', () => {
    const { cms } = extractSignature(fs.readFileSync(signedFile));
    const file = path.join(dir.path, 'asn1.der');
    fs.writeFileSync(file, cms);
    const parsed = run('openssl', ['asn1parse', '-inform', 'DER', '-in', file]);
    expect(parsed.status).toBe(0);
    expect(parsed.output).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(parsed.output).toContain('messageDigest');
    expect(parsed.output).not.toMatch(/signingTime|1\.2\.840\.113549\.1\.9\.5\b/);
  });

  it('the DSS carries the chain (B-LT material; the local CA has no OCSP or CRL to add)', () => {
    const pdf = fs.readFileSync(signedFile);
    expect(pdf.toString('latin1')).toMatch(/\/DSS <<\/Type \/DSS \/Certs \[\d+ 0 R \d+ 0 R\]>>/);
    for (const certificate of signer.certificates) expect(pdf.includes(certificate)).toBe(true);
  });

  it('signing takes a few milliseconds (p50 ≤ 10 ms on a one-page PDF)', async () => {
    const pdf = await simplePdf();
    for (let index = 0; index < 20; index += 1) await signer.signPdf(pdf, new Date());
    const times: number[] = [];
    for (let index = 0; index < 100; index += 1) {
      const start = performance.now();
      await signer.signPdf(pdf, new Date());
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p50 = times[50]!;
    expect(p50, `p50 ${p50.toFixed(2)} ms, p90 ${times[90]!.toFixed(2)} ms`).toBeLessThan(10);
  });
});

describe('PAdES B-T with a local RFC 3161 authority', () => {
  const dir = createTempDir('certa-sign-tsa-');
  let tsa: TsaStandIn;
  let signedFile: string;
  let signed: Buffer;

  beforeAll(async () => {
    tsa = await startTsaStandIn();
    const loaded = loadOrCreateSigning(
      path.join(dir.path, 'signing'),
      randomBytes(32),
      { organisation: 'Certa Tests', host: 'certa.example' },
      new Date(),
    );
    const signer = new DocumentSigner(loaded.credentials, { timestamp: createTsaClient(tsa.url) });
    expect(signer.level).toBe('B-T');
    signed = await signer.signPdf(await simplePdf(), new Date());
    signedFile = path.join(dir.path, 'signed-bt.pdf');
    fs.writeFileSync(signedFile, signed);
  });
  afterAll(async () => {
    await tsa.close();
    dir.remove();
  });

  it('carries a signature-time-stamp token over the signature value that openssl ts verifies', () => {
    expect(tsa.requests).toBe(1);
    const { cms } = extractSignature(signed);
    const signedData = new SignedData({
      schema: new ContentInfo({ schema: asn1js.fromBER(Uint8Array.from(cms)).result }).content,
    });
    const signerInfo = signedData.signerInfos[0]!;
    const token = signerInfo.unsignedAttrs?.attributes.find(
      (item) => item.type === SIGNATURE_TIME_STAMP,
    )?.values[0] as asn1js.AsnType | undefined;
    expect(token).toBeDefined();
    const tokenFile = path.join(dir.path, 'token.der');
    fs.writeFileSync(tokenFile, Buffer.from(token!.toBER(false)));
    const digest = createHash('sha256')
      .update(Buffer.from(signerInfo.signature.getValue()))
      .digest('hex');
    const verified = run('openssl', [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      tokenFile,
      '-digest',
      digest,
      '-CAfile',
      tsa.certificateFile,
    ]);
    expect(verified.output).toContain('Verification: OK');
    const wrongDigest = run('openssl', [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      tokenFile,
      '-digest',
      'ab'.repeat(32),
      '-CAfile',
      tsa.certificateFile,
    ]);
    expect(wrongDigest.output).not.toContain('Verification: OK');
  });

  it('pdfsig still finds the signature valid; our verifier reports the timestamp', async () => {
    const output = pdfsig(signedFile);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Total document signed');
    const [check] = await verifyPdfSignatures(signed);
    expect(check?.valid).toBe(true);
    expect(check?.timestamp?.valid).toBe(true);
    expect(Math.abs(new Date(check!.timestamp!.time).getTime() - Date.now())).toBeLessThan(120_000);
    expect(run('qpdf', ['--check', signedFile]).status).toBe(0);
  });

  it('a timestamp authority that fails stops the signature with UPSTREAM_FAILED', async () => {
    tsa.behaviour = 'error-500';
    try {
      const client = createTsaClient(tsa.url);
      await expect(client(randomBytes(32))).rejects.toMatchObject({ code: 'UPSTREAM_FAILED' });
    } finally {
      tsa.behaviour = 'ok';
    }
  });
});

describe('an operator’s PKCS#12 (made by openssl) signs verifiable PDFs', () => {
  const dir = createTempDir('certa-sign-p12-');
  afterAll(() => dir.remove());

  const make = (name: string, keyArgs: string[]): string => {
    operatorPkcs12({
      directory: dir.path,
      prefix: name,
      caName: `${name} CA`,
      leafSubject: `/O=Operator/CN=${name} signer`,
      leafKey: keyArgs,
      leafExtensions:
        'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection,1.3.6.1.5.5.7.3.36\n',
      password: 'p12 secret',
    });
    return name;
  };

  for (const [label, keyArgs] of [
    ['RSA 3072', ['rsa:3072']],
    ['EC P-256', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
  ] as const) {
    it(`${label}: imported, signs, pdfsig trusts it with the operator's CA`, async () => {
      const name = make(label.replace(/\W/g, ''), [...keyArgs]);
      const at = (file: string) => path.join(dir.path, `${name}-${file}`);
      const credentials = await credentialsFromPkcs12(
        fs.readFileSync(at('bundle.p12')),
        'p12 secret',
        new Date(),
      );
      expect(credentials.certificates).toHaveLength(2);
      const signer = new DocumentSigner(credentials);
      expect(signer.algorithm).toBe(label.startsWith('RSA') ? 'PS256' : 'ES256');
      const file = at('signed.pdf');
      fs.writeFileSync(file, await signer.signPdf(await simplePdf(), new Date()));
      const nss = nssDatabaseTrusting(at('nss'), fs.readFileSync(at('ca.pem'), 'utf8'));
      const output = pdfsig(file, nss);
      expect(output).toContain('Signature Validation: Signature is Valid.');
      expect(output).toContain('Certificate Validation: Certificate is Trusted.');
      expect(output).toContain(`${label.replace(/\W/g, '')} signer`);
      expect(run('qpdf', ['--check', file]).status).toBe(0);
    });
  }
});
