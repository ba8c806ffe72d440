import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { openPlatform } from '../../../src/platform.js';
import { createLocalCa } from '../../../src/signing/local-ca.js';
import { createTempDir } from '../../helpers/test-database.js';
import { operatorPkcs12 } from './signing-tools.js';

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

async function certa(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdin: Readable.from(stdin === '' ? [] : [Buffer.from(stdin)]),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('') };
}

/** Exit 2 and one sentence on stderr that says `expected`. */
function expectRefused(result: { code: number; out: string; err: string }, expected: RegExp): void {
  expect(result.code, result.err).toBe(2);
  const message = result.err.trim();
  expect(message).toMatch(expected);
  expect(message).not.toMatch(/\n/);
  expect(message).toMatch(/\.$/);
}

describe('certa signing', () => {
  const temp = createTempDir('certa-signing-cli-');
  const at = (file: string) => path.join(temp.path, 'files', file);
  const env = { DATA_DIR: path.join(temp.path, 'data'), ANCHOR_BACKENDS: 'none' };

  beforeAll(() => {
    fs.mkdirSync(path.join(temp.path, 'files'));
    // An operator chain: EC CA → RSA 3072 signer, bundled as PKCS#12 (AES, openssl 3 default).
    operatorPkcs12({
      directory: path.join(temp.path, 'files'),
      caName: 'Operator CA',
      leafSubject: '/O=Operator/CN=Operator signer',
      leafKey: ['rsa:3072'],
      password: 'the p12 password',
    });
    fs.writeFileSync(at('password.txt'), 'the p12 password\n');
    fs.writeFileSync(at('wrong-password.txt'), 'not it\n');
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      at('small.key'),
      '-out',
      at('small.pem'),
      '-subj',
      '/CN=Small',
      '-days',
      '5',
    );
    // An expired certificate with its key.
    const old = createLocalCa(
      { organisation: 'Old', commonName: 'Old signer' },
      new Date('1990-01-01T00:00:00Z'),
    );
    fs.writeFileSync(at('expired.pem'), new X509Certificate(old.certificate).toString());
    fs.writeFileSync(at('expired.key'), old.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });
  afterAll(() => temp.remove());

  it('--help on each action; show before anything is made says so', async () => {
    const help = await certa(['signing', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toContain('certa signing import --p12 <file>');
    expect(help.out).toContain('export-ca');
    for (const action of ['import', 'show', 'export-ca']) {
      const actionHelp = await certa(['signing', action, '--help'], env);
      expect(actionHelp.code).toBe(0);
      expect(actionHelp.out).toContain('never from the command line');
    }
    const main = await certa(['--help'], env);
    expect(main.out).toMatch(/signing\s+The document signing key/);
    const show = await certa(['signing', 'show'], env);
    expect(show.code).toBe(1);
    expect(show.err).toContain('makes one on its first start');
  });

  it('after the first start: show names the local CA chain, export-ca prints the CA', async () => {
    const platform = await openPlatform(loadConfig(env));
    const certificates = platform.ctx.documentSigner.certificates;
    await platform.close();
    const show = await certa(['signing', 'show'], env);
    expect(show.code).toBe(0);
    const signer = new X509Certificate(certificates[0]!);
    expect(show.out).toContain('Subject:     O=Certa, CN=Certa document signing (localhost:8080)');
    expect(show.out).toContain('Issuer:      O=Certa, CN=Certa local signing CA (localhost:8080)');
    expect(show.out).toContain(`SHA-256:     ${signer.fingerprint256}`);
    const exported = await certa(['signing', 'export-ca'], env);
    expect(exported.code).toBe(0);
    expect(new X509Certificate(exported.out).raw.equals(certificates[1]!)).toBe(true);
    expect(exported.out).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('refuses a wrong PKCS#12 password, a key of another certificate, RSA 2048, an expired certificate', async () => {
    expectRefused(
      await certa(
        [
          'signing',
          'import',
          '--p12',
          at('bundle.p12'),
          '--password-file',
          at('wrong-password.txt'),
        ],
        env,
      ),
      /^The PKCS#12 password is wrong, or the file is damaged\.$/,
    );
    expectRefused(
      await certa(['signing', 'import', '--cert', at('leaf.pem'), '--key', at('ca.key')], env),
      /^The private key does not match the certificate\.$/,
    );
    expectRefused(
      await certa(['signing', 'import', '--cert', at('small.pem'), '--key', at('small.key')], env),
      /^The RSA key has 2048 bits; document signing needs at least 3072\.$/,
    );
    expectRefused(
      await certa(
        ['signing', 'import', '--cert', at('expired.pem'), '--key', at('expired.key')],
        env,
      ),
      /^The certificate expired on 20(09|10)-\d\d-\d\d\.$/,
    );
    expectRefused(await certa(['signing', 'import'], env), /needs either --p12/);
    expectRefused(
      await certa(['signing', 'import', '--p12', at('missing.p12')], env),
      /Cannot read/,
    );
    expectRefused(await certa(['signing', 'rotate'], env), /Unknown signing action/);
  });

  it('imports a PKCS#12 chain (password from a file or standard input); the platform then signs with it', async () => {
    const imported = await certa(
      ['signing', 'import', '--p12', at('bundle.p12'), '--password-file', at('password.txt')],
      env,
    );
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('O=Operator, CN=Operator signer');
    expect(imported.out).toContain('chain of 2');
    const again = await certa(
      ['signing', 'import', '--p12', at('bundle.p12')],
      env,
      'the p12 password\n',
    );
    expect(again.code, again.err).toBe(0);

    const leaf = new X509Certificate(fs.readFileSync(at('leaf.pem')));
    const show = await certa(['signing', 'show'], env);
    expect(show.out).toContain(`SHA-256:     ${leaf.fingerprint256}`);
    const exported = await certa(['signing', 'export-ca'], env);
    expect(new X509Certificate(exported.out).subject).toBe('CN=Operator CA');

    // The key is stored sealed: the PEM key's DER appears in no file.
    const keyDer = Buffer.from(
      fs.readFileSync(at('leaf.key'), 'utf8').replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    const signingDir = path.join(env.DATA_DIR, 'signing');
    for (const file of fs.readdirSync(signingDir)) {
      const bytes = fs.readFileSync(path.join(signingDir, file));
      expect(bytes.includes(keyDer.subarray(-64)), file).toBe(false);
      expect(bytes.toString('latin1'), file).not.toContain('PRIVATE KEY');
    }

    const platform = await openPlatform(loadConfig(env));
    try {
      expect(platform.ctx.documentSigner.certificates[0]?.equals(leaf.raw)).toBe(true);
      expect(platform.ctx.documentSigner.algorithm).toBe('PS256');
    } finally {
      await platform.close();
    }
  });
});
