import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate, verify, constants } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFromPem, credentialsFromPkcs12 } from './credentials.js';
import { DocumentSigner } from './document-signer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-credentials-'));
const at = (file: string) => path.join(dir, file);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** A self-signed certificate and key made by openssl (`keyArgs` for `-newkey`). */
function selfSigned(name: string, keyArgs: string[], days = '30'): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    ...keyArgs,
    '-nodes',
    '-keyout',
    at(`${name}.key`),
    '-out',
    at(`${name}.pem`),
    '-subj',
    `/CN=${name}`,
    '-days',
    days,
  );
}
const read = (file: string) => fs.readFileSync(at(file), 'utf8');

beforeAll(() => {
  selfSigned('rsa3072', ['rsa:3072']);
  selfSigned('rsa2048', ['rsa:2048']);
  selfSigned('ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  selfSigned('p384', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  openssl(
    'pkcs12',
    '-export',
    '-inkey',
    at('ec.key'),
    '-in',
    at('ec.pem'),
    '-out',
    at('ec.p12'),
    '-passout',
    'pass:right password',
  );
  openssl(
    'pkcs8',
    '-topk8',
    '-in',
    at('ec.key'),
    '-out',
    at('ec-encrypted.key'),
    '-passout',
    'pass:key password',
    '-v2',
    'aes-256-cbc',
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('importing an operator’s key and certificate', () => {
  it('PEM: an RSA 3072 key signs PS256', () => {
    const credentials = credentialsFromPem(
      read('rsa3072.pem'),
      read('rsa3072.key'),
      null,
      new Date(),
    );
    const signer = new DocumentSigner(credentials);
    expect(signer.algorithm).toBe('PS256');
    const data = Buffer.from('record');
    const key = new X509Certificate(signer.certificates[0]!).publicKey;
    expect(
      verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        signer.signData(data),
      ),
    ).toBe(true);
  });

  it('PEM: an encrypted PKCS#8 key opens with its password only', () => {
    expect(
      credentialsFromPem(read('ec.pem'), read('ec-encrypted.key'), 'key password', new Date())
        .certificates,
    ).toHaveLength(1);
    expect(() =>
      credentialsFromPem(read('ec.pem'), read('ec-encrypted.key'), 'wrong', new Date()),
    ).toThrow('The key file could not be read with this password.');
  });

  it('PKCS#12: opens with the right password; a wrong one is one clear sentence', async () => {
    const file = fs.readFileSync(at('ec.p12'));
    const credentials = await credentialsFromPkcs12(file, 'right password', new Date());
    expect(credentials.privateKey.asymmetricKeyType).toBe('ec');
    await expect(credentialsFromPkcs12(file, 'wrong password', new Date())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The PKCS#12 password is wrong, or the file is damaged.',
    });
    await expect(
      credentialsFromPkcs12(Buffer.from('not a p12'), 'x', new Date()),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('refuses RSA below 3072 bits, P-384, a key of another certificate, an expired certificate', () => {
    const now = new Date();
    expect(() => credentialsFromPem(read('rsa2048.pem'), read('rsa2048.key'), null, now)).toThrow(
      'The RSA key has 2048 bits; document signing needs at least 3072.',
    );
    expect(() => credentialsFromPem(read('p384.pem'), read('p384.key'), null, now)).toThrow(
      'The EC key must be on curve P-256.',
    );
    expect(() => credentialsFromPem(read('rsa3072.pem'), read('ec.key'), null, now)).toThrow(
      'The private key does not match the certificate.',
    );
    const later = new Date(Date.now() + 60 * 24 * 3600 * 1000);
    expect(() => credentialsFromPem(read('ec.pem'), read('ec.key'), null, later)).toThrow(
      /^The certificate expired on \d{4}-\d{2}-\d{2}\.$/,
    );
    expect(() => credentialsFromPem('nothing', read('ec.key'), null, now)).toThrow(
      'The certificate file holds no PEM certificate.',
    );
  });
});
