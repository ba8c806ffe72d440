import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate, createPublicKey, randomBytes, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentSigner } from './document-signer.js';
import { DOCUMENT_SIGNING_EKU } from './local-ca.js';
import {
  SIGNING_FILES,
  loadOrCreateSigning,
  readFormerSigners,
  readLocalCa,
  readSigningChain,
} from './signing-store.js';

const NAMES = { organisation: 'Université Test', host: 'certa.example:8443' };
const DAY = 24 * 3600 * 1000;

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-signing-store-'));
  dirs.push(dir);
  return path.join(dir, 'signing');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the signing directory', () => {
  it('first start: a local CA and a signing certificate, keys sealed, files owner-only', () => {
    const dir = tempDir();
    const masterKey = randomBytes(32);
    const first = loadOrCreateSigning(dir, masterKey, NAMES, new Date());
    expect(first.created).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const { formerSigners, ...madeAtFirstStart } = SIGNING_FILES;
    for (const file of Object.values(madeAtFirstStart)) {
      expect(fs.statSync(path.join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
    // No certificate was replaced yet, so there is no history.
    expect(fs.existsSync(path.join(dir, formerSigners))).toBe(false);
    const [signerDer, caDer] = first.credentials.certificates;
    const signer = new X509Certificate(signerDer!);
    const ca = new X509Certificate(caDer!);
    expect(ca.subject).toBe(
      'O=Université Test\nCN=Université Test local signing CA (certa.example:8443)',
    );
    expect(signer.subject).toBe(
      'O=Université Test\nCN=Université Test document signing (certa.example:8443)',
    );
    expect(ca.ca).toBe(true);
    expect(signer.ca).toBe(false);
    expect(signer.checkIssued(ca)).toBe(true);
    expect(signer.verify(ca.publicKey)).toBe(true);
    expect(signer.keyUsage).toContain(DOCUMENT_SIGNING_EKU);
    expect(signer.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const years = (new Date(signer.validTo).getTime() - Date.now()) / (365 * DAY);
    expect(years).toBeGreaterThan(2.9);
    expect(years).toBeLessThan(3.1);
    expect(readLocalCa(dir)?.equals(caDer!)).toBe(true);

    // No file holds the private key in the clear.
    const pkcs8 = first.credentials.privateKey.export({ type: 'pkcs8', format: 'der' });
    const scalar = Buffer.from(
      first.credentials.privateKey.export({ format: 'jwk' }).d ?? '',
      'base64url',
    );
    expect(scalar).toHaveLength(32);
    for (const file of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, file));
      expect(bytes.includes(pkcs8), file).toBe(false);
      expect(bytes.includes(scalar), file).toBe(false);
      expect(bytes.toString('latin1'), file).not.toContain('PRIVATE KEY');
    }
  });

  it('later starts load the same key and chain', () => {
    const dir = tempDir();
    const masterKey = randomBytes(32);
    const first = loadOrCreateSigning(dir, masterKey, NAMES, new Date());
    const again = loadOrCreateSigning(dir, masterKey, NAMES, new Date());
    expect(again.created).toBe(false);
    expect(again.renewed).toBe(false);
    expect(again.credentials.certificates).toEqual(first.credentials.certificates);
    const data = Buffer.from('same key');
    const signature = new DocumentSigner(again.credentials).signData(data);
    expect(
      verify(
        'sha256',
        data,
        { key: createPublicKey(first.credentials.privateKey), dsaEncoding: 'ieee-p1363' },
        signature,
      ),
    ).toBe(true);
  });

  it('another master key cannot open the keys: INTEGRITY_FAILURE', () => {
    const dir = tempDir();
    loadOrCreateSigning(dir, randomBytes(32), NAMES, new Date());
    expect(() => loadOrCreateSigning(dir, randomBytes(32), NAMES, new Date())).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILURE' }),
    );
  });

  it('a key file swapped for the CA key does not open as the signer key', () => {
    const dir = tempDir();
    const masterKey = randomBytes(32);
    loadOrCreateSigning(dir, masterKey, NAMES, new Date());
    fs.copyFileSync(path.join(dir, SIGNING_FILES.caKey), path.join(dir, SIGNING_FILES.signerKey));
    expect(() => loadOrCreateSigning(dir, masterKey, NAMES, new Date())).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILURE' }),
    );
  });

  it('renews the signing certificate with the same CA when it is about to end', () => {
    const dir = tempDir();
    const masterKey = randomBytes(32);
    const first = loadOrCreateSigning(dir, masterKey, NAMES, new Date());
    const later = new Date(Date.now() + (3 * 365 - 10) * DAY);
    const renewed = loadOrCreateSigning(dir, masterKey, NAMES, later);
    expect(renewed.renewed).toBe(true);
    expect(renewed.credentials.certificates[1]).toEqual(first.credentials.certificates[1]);
    expect(renewed.credentials.certificates[0]).not.toEqual(first.credentials.certificates[0]);
    expect(readSigningChain(dir)?.[0]).toEqual(renewed.credentials.certificates[0]);
    // The renewed-away certificate stays known, so what it signed still verifies.
    expect(readFormerSigners(dir)).toEqual([first.credentials.certificates[0]]);
    expect(fs.statSync(path.join(dir, SIGNING_FILES.formerSigners)).mode & 0o777).toBe(0o600);
  });
});

describe('DocumentSigner.signData', () => {
  it('ES256 is IEEE P1363 r‖s over SHA-256, as JWS wants', () => {
    const dir = tempDir();
    const { credentials } = loadOrCreateSigning(dir, randomBytes(32), NAMES, new Date());
    const signer = new DocumentSigner(credentials);
    expect(signer.algorithm).toBe('ES256');
    expect(signer.level).toBe('B-B');
    const data = Buffer.from('{"a":1}');
    const signature = signer.signData(data);
    expect(signature).toHaveLength(64);
    const key = new X509Certificate(signer.certificates[0]!).publicKey;
    expect(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(
      verify('sha256', Buffer.from('{"a":2}'), { key, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(false);
  });
});
