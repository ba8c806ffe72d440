import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/context.js';
import { sha256Hex } from '../../../src/crypto/digest.js';
import { getPublicIssuerProfile } from '../../../src/issuers/issuer-profile.js';
import type { SigningCredentials } from '../../../src/signing/credentials.js';
import { DocumentSigner } from '../../../src/signing/document-signer.js';
import { createLocalCa, issueSigningCertificate } from '../../../src/signing/local-ca.js';
import {
  readFormerSigners,
  saveImportedSigning,
  SIGNING_FILES,
} from '../../../src/signing/signing-store.js';
import type { VerificationReport } from '../../../src/verification/verification-report.js';
import { verifyDocument } from '../../../src/verification/verify-document.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * A platform's signing certificate changes: the local one is renewed before it ends, or the
 * operator imports their own. Documents signed before must keep verifying as this platform's,
 * and the issuer profile must list the earlier certificate.
 */

function check(report: VerificationReport, id: string) {
  return report.checks.find((candidate) => candidate.id === id);
}

for (const dialect of DIALECTS) {
  describe(`documents signed before a signing certificate change (${dialect})`, () => {
    let platform: TestPlatform;
    let pdf: Buffer;
    let issuerId: string;
    let signingDirectory: string;
    let oldSigner: Buffer;
    let newCredentials: SigningCredentials;
    /** The signer a restart would open: the imported chain, and the history. */
    const renewedSigner = () =>
      new DocumentSigner(newCredentials, { formerSigners: readFormerSigners(signingDirectory) });
    const withSigner = (documentSigner: DocumentSigner): AppContext => ({
      ...platform.ctx,
      documentSigner,
    });

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'Institut des Certificats Renouvelés');
      issuerId = issuer.organisationId;
      const documentId = await issueOne(platform, issuer);
      pdf = (await activate(platform, await activationLinkFor(platform, documentId))).pdf;
      signingDirectory = platform.config.signing.directory;
      oldSigner = platform.ctx.documentSigner.certificates[0]!;
      // The operator imports a chain of their own (a new CA and signer).
      const now = new Date();
      const caSubject = { commonName: 'Operator CA', organisation: 'Operator' };
      const ca = createLocalCa(caSubject, now);
      const signer = issueSigningCertificate(
        ca,
        caSubject,
        { commonName: 'Operator document signing', organisation: 'Operator' },
        now,
      );
      newCredentials = {
        privateKey: signer.privateKey,
        certificates: [signer.certificate, ca.certificate],
      };
      saveImportedSigning(signingDirectory, platform.ctx.masterKey, newCredentials);
      // Importing the same chain again adds nothing to the history.
      saveImportedSigning(signingDirectory, platform.ctx.masterKey, newCredentials);
    }, 60_000);

    afterAll(async () => {
      await platform.close();
    });

    it('keeps the replaced certificate, and only certificates, in the history', () => {
      const former = readFormerSigners(signingDirectory);
      expect(former).toHaveLength(1);
      expect(former[0]?.equals(oldSigner)).toBe(true);
      const file = fs.readFileSync(
        path.join(signingDirectory, SIGNING_FILES.formerSigners),
        'utf8',
      );
      expect(file).not.toContain('PRIVATE KEY');
    });

    it('a PDF signed with the former certificate still verifies as this platform’s', async () => {
      const report = await verifyDocument(withSigner(renewedSigner()), { pdf });
      expect(report.valid, JSON.stringify(report.checks)).toBe(true);
      expect(check(report, 'record')).toMatchObject({ status: 'passed', code: 'record_signed' });
      expect(check(report, 'signature')).toMatchObject({
        status: 'passed',
        code: 'signed_by_platform',
      });

      // Without the history the same PDF is not this platform's any more (the test can fail).
      const forgetful = new DocumentSigner(newCredentials);
      const without = await verifyDocument(withSigner(forgetful), { pdf });
      expect(without.valid).toBe(false);
      expect(check(without, 'record')).toMatchObject({
        status: 'failed',
        code: 'record_unknown_signer',
      });
    });

    it('the issuer profile lists the current chain and the former certificate', async () => {
      const profile = await getPublicIssuerProfile(withSigner(renewedSigner()), issuerId);
      const statuses = profile.documentSigning.certificates.map((item) => item.status);
      expect(statuses).toEqual(['current', 'current', 'former']);
      expect(profile.documentSigning.certificates[2]?.fingerprint).toBe(sha256Hex(oldSigner));
    });
  });
}
