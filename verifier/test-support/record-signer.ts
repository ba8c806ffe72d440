import { execFileSync } from 'node:child_process';
import { X509Certificate, constants, createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { JwsSigner } from '../credential/detached-jws.js';

/**
 * A signer for tests: a fresh key and a self-signed certificate made by `openssl req -x509` in a
 * temporary directory (ECDSA P-256 for ES256, RSA 2048 for PS256), signing with node:crypto.
 */
export function makeTestSigner(
  algorithm: 'ES256' | 'PS256',
  commonName = 'Test signer',
): JwsSigner & {
  readonly certificates: readonly Buffer[];
  signData(data: Uint8Array): Buffer;
} {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-test-signer-'));
  const keyFile = path.join(directory, 'key.pem');
  const certificateFile = path.join(directory, 'certificate.pem');
  const keyOptions =
    algorithm === 'ES256'
      ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-newkey', 'rsa:2048'];
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        ...keyOptions,
        '-sha256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        keyFile,
        '-out',
        certificateFile,
      ],
      { stdio: 'pipe' },
    );
    const key = createPrivateKey(fs.readFileSync(keyFile));
    const certificate = new X509Certificate(fs.readFileSync(certificateFile));
    return {
      algorithm,
      certificates: [certificate.raw],
      signData: (data) =>
        algorithm === 'ES256'
          ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
          : sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
