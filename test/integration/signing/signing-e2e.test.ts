import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { verifyPdfSignatures } from '../../../src/pdf/sign/verify-pdf-signatures.js';
import { readLocalCa } from '../../../src/signing/signing-store.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { startTsaStandIn } from '../../helpers/tsa-stand-in.js';
import type { TsaStandIn } from '../../helpers/tsa-stand-in.js';
import { nssDatabaseTrusting, pdfsig, run } from './signing-tools.js';

interface Report {
  valid: boolean;
  sha256: string;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
}

const signatureCheckOf = (report: Report) =>
  report.checks.find((check) => check.id === 'signature');

async function verifyFile(platform: TestPlatform, pdf: Buffer): Promise<Report> {
  const response = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
    body: pdf,
    contentType: 'application/pdf',
  });
  expect(response.status).toBe(200);
  return response.body;
}

// Signing does not depend on the database dialect: SQLite is enough here.
describe('issue → activate → download: the PDF is PAdES-signed by the platform', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;
  const temp = createTempDir('certa-signing-e2e-');

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    issuer = await newApprovedIssuer(platform, 'Signing University');
  });
  afterAll(async () => {
    await platform.close();
    temp.remove();
  });

  it('pdfsig finds a valid, trusted, whole-document signature; the recorded SHA-256 is the signed file’s', async () => {
    const documentId = await issueOne(platform, issuer);
    const { pdf, sha256 } = await activate(platform, await activationLinkFor(platform, documentId));
    const file = path.join(temp.path, `${documentId}.pdf`);
    fs.writeFileSync(file, pdf);

    const output = pdfsig(file);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Total document signed');
    const ca = readLocalCa(platform.config.signing.directory);
    expect(ca).not.toBeNull();
    const nss = nssDatabaseTrusting(
      path.join(temp.path, 'nss'),
      new X509Certificate(ca!).toString(),
    );
    expect(pdfsig(file, nss)).toContain('Certificate Validation: Certificate is Trusted.');
    const checked = run('qpdf', ['--check', file]);
    expect(checked.status, checked.output).toBe(0);

    const report = await verifyFile(platform, pdf);
    expect(report.sha256).toBe(sha256);
    expect(report.valid).toBe(true);
    expect(signatureCheckOf(report)).toMatchObject({
      status: 'passed',
      code: 'signed_by_platform',
    });
    expect(signatureCheckOf(report)?.message).toContain('Certa document signing');

    const byDigest = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
      json: { sha256 },
    });
    expect(byDigest.body.valid).toBe(true);
    expect(signatureCheckOf(byDigest.body)).toBeUndefined();
  });

  it('certa verify checks the PAdES signature on this machine and prints it', async () => {
    const documentId = await issueOne(platform, issuer);
    const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
    const file = path.join(temp.path, `cli-${documentId}.pdf`);
    fs.writeFileSync(file, pdf);
    const out: string[] = [];
    const code = await runCli(['verify', file, '--url', platform.baseUrl], {
      env: {},
      stdin: Readable.from([]),
      out: (text) => out.push(text),
      err: () => undefined,
    });
    const text = out.join('\n');
    expect(text).toMatch(
      /^✔ signature The PAdES signature verifies over the whole file, checked here; signed by certificate SHA-256 [0-9a-f]{64} \(O=Certa, CN=Certa document signing \(localhost:\d+\)\)\.$/m,
    );
    expect(code, text).toBe(0);
  });

  it('a changed byte breaks the signature and the report is not valid', async () => {
    const documentId = await issueOne(platform, issuer);
    const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('/Producer');
    changed[at + 3] = changed[at + 3] === 0x6f ? 0x4f : 0x6f;
    const file = path.join(temp.path, 'changed.pdf');
    fs.writeFileSync(file, changed);
    expect(pdfsig(file)).toContain('Signature Validation: Digest Mismatch.');
    const report = await verifyFile(platform, changed);
    expect(report.valid).toBe(false);
    expect(signatureCheckOf(report)).toMatchObject({ status: 'failed', code: 'signature_invalid' });

    const appended = Buffer.concat([pdf, Buffer.from('\n% added later\n')]);
    const later = await verifyFile(platform, appended);
    expect(later.valid).toBe(false);
    expect(signatureCheckOf(later)).toMatchObject({ status: 'failed', code: 'signature_partial' });
  });
});

describe('with TSA_URL the activated PDF is PAdES B-T', () => {
  let platform: TestPlatform;
  let tsa: TsaStandIn;

  beforeAll(async () => {
    tsa = await startTsaStandIn();
    platform = await startTestPlatform('sqlite', { TSA_URL: tsa.url });
  });
  afterAll(async () => {
    await platform.close();
    await tsa.close();
  });

  it('the signature carries a valid timestamp and the verify report says so', async () => {
    const issuer = await newApprovedIssuer(platform, 'Timestamped University');
    const documentId = await issueOne(platform, issuer);
    const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
    expect(tsa.requests).toBe(1);
    const [check] = await verifyPdfSignatures(pdf);
    expect(check).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      signingCertificateV2: true,
    });
    expect(check?.timestamp?.valid).toBe(true);
    const report = await verifyFile(platform, pdf);
    expect(report.valid).toBe(true);
    expect(signatureCheckOf(report)?.message).toContain('timestamped');
  });
});
