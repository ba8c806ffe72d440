import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { loadConfig } from '../config.js';
import { credentialsFromPem, credentialsFromPkcs12 } from '../signing/credentials.js';
import { readSigningChain, saveImportedSigning } from '../signing/signing-store.js';
import { loadOrCreateMasterKey } from '../storage/master-key-file.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, readAll, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { readHiddenLine } from './prompt.js';

const USAGE = `certa signing import --p12 <file> [--password-file <file>]
certa signing import --cert <pem> --key <pem> [--password-file <file>]
certa signing show
certa signing export-ca

The platform signs every activated PDF (PAdES) with its document signing key. On first start it
makes a local CA and a signing certificate under SIGNING_DIR (default <DATA_DIR>/signing); the
private keys are stored wrapped by the master key, never in the clear.

  import      Replaces the signing key and chain with yours, e.g. an AATL certificate so that
              Adobe Reader trusts the signatures. --p12: a PKCS#12 file (openssl pkcs12 -export);
              --cert: PEM certificates (signer and chain, any order) with --key: a PEM private key.
              The key must be ECDSA P-256 or RSA of 3072 bits or more, match the certificate, and
              the certificate must be valid now. The password (of the PKCS#12 file or an
              encrypted PEM key) is read from --password-file, else asked on the terminal, else
              read from standard input — never from the command line. certa serve uses the
              imported key from its next start.
  show        Prints the chain in use: subject, issuer, validity and SHA-256 fingerprint.
  export-ca   Prints the PEM certificate at the top of the chain (the local CA), to import into
              trust stores (browsers, Adobe, NSS: certutil -A -t "CT,C,C").`;

function readFileOrFail(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new UsageError(`Cannot read the ${what} file ${file}.`);
  }
}

async function readPassword(io: CommandIo, file: string | undefined): Promise<string> {
  if (file !== undefined)
    return readFileOrFail(file, 'password')
      .toString('utf8')
      .replace(/\r?\n$/, '');
  if ((io.stdin as NodeJS.ReadStream).isTTY) return readHiddenLine(io, 'Password: ');
  return (await readAll(io.stdin)).replace(/\r?\n$/, '');
}

function fingerprint(certificate: X509Certificate): string {
  return certificate.fingerprint256;
}

function describe(der: Buffer): string {
  const certificate = new X509Certificate(der);
  return [
    `Subject:     ${certificate.subject.split('\n').join(', ')}`,
    `Issuer:      ${certificate.issuer.split('\n').join(', ')}`,
    `Valid from:  ${new Date(certificate.validFrom).toISOString()}`,
    `Valid until: ${new Date(certificate.validTo).toISOString()}`,
    `SHA-256:     ${fingerprint(certificate)}`,
  ].join('\n');
}

function toPem(der: Buffer): string {
  return new X509Certificate(der).toString().trim();
}

export const signingCommand: Command = {
  name: 'signing',
  summary: 'The document signing key: import your own, show it, export the local CA',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {
      p12: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'password-file': { type: 'string' },
    });
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    const config = loadConfig(io.env);
    const directory = config.signing.directory;
    const now = new Date();
    switch (action) {
      case 'import': {
        const p12 = values.p12;
        const certFile = values.cert;
        const keyFile = values.key;
        if ((p12 === undefined) === (certFile === undefined && keyFile === undefined))
          throw new UsageError(
            'signing import needs either --p12 <file> or --cert <pem> --key <pem>.',
          );
        if (p12 === undefined && (certFile === undefined || keyFile === undefined))
          throw new UsageError('signing import --cert needs --key too (and --key needs --cert).');
        let credentials;
        if (p12 !== undefined) {
          const file = readFileOrFail(p12, 'PKCS#12');
          credentials = await credentialsFromPkcs12(
            file,
            await readPassword(io, values['password-file']),
            now,
          );
        } else {
          const certificatePem = readFileOrFail(certFile ?? '', 'certificate').toString('utf8');
          const keyPem = readFileOrFail(keyFile ?? '', 'key').toString('utf8');
          const encrypted = keyPem.includes('ENCRYPTED');
          const password = encrypted ? await readPassword(io, values['password-file']) : null;
          credentials = credentialsFromPem(certificatePem, keyPem, password, now);
        }
        const masterKey = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile);
        saveImportedSigning(directory, masterKey.key, credentials);
        const signer = new X509Certificate(credentials.certificates[0]!);
        io.out(
          `Imported the signing certificate ${signer.subject.split('\n').join(', ')} (valid until ${new Date(signer.validTo).toISOString().slice(0, 10)}, chain of ${credentials.certificates.length}); certa serve uses it from its next start.`,
        );
        return EXIT.OK;
      }
      case 'show':
      case 'export-ca': {
        const chain = readSigningChain(directory);
        if (chain === null || chain.length === 0) {
          io.err(
            `No signing certificate in ${directory} yet: certa serve makes one on its first start, or run certa signing import.\n`,
          );
          return EXIT.FAILED;
        }
        if (action === 'show') {
          io.out(
            chain
              .map(
                (der, index) =>
                  `${index === 0 ? 'Signing certificate' : `Chain ${index}`}\n${describe(der)}`,
              )
              .join('\n\n'),
          );
          return EXIT.OK;
        }
        const top = chain.at(-1)!;
        const certificate = new X509Certificate(top);
        if (!certificate.checkIssued(certificate))
          io.err('The chain does not end with a self-signed root; this is its top certificate.\n');
        io.out(toPem(top));
        return EXIT.OK;
      }
      default:
        throw new UsageError(`Unknown signing action "${action}"; use import, show or export-ca.`);
    }
  },
};
