import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DecryptionError, openAead, sealAead } from '../crypto/aead.js';
import { AppError } from '../errors.js';
import { checkCredentials } from './credentials.js';
import type { SigningCredentials } from './credentials.js';
import { createLocalCa, issueSigningCertificate } from './local-ca.js';
import type { Issued, SubjectName } from './local-ca.js';

/**
 * Files of the signing directory (default `<DATA_DIR>/signing`, mode 0700). Certificates are
 * PEM; private keys are PKCS#8 sealed with AES-256-GCM under the master key, bound to their role
 * and to the SHA-256 of their certificate, so a key file cannot be swapped for another one.
 */
export const SIGNING_FILES = {
  caCertificate: 'ca.pem',
  caKey: 'ca-key.sealed',
  chain: 'signer-chain.pem',
  signerKey: 'signer-key.sealed',
  /** Signing certificates used before the current one (renewed or replaced), oldest first. */
  formerSigners: 'former-signers.pem',
} as const;

/** Renew the local signing certificate when it has less than this left. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export interface SigningNames {
  /** O= of both certificates (SIGNING_ORGANISATION_NAME). */
  readonly organisation: string;
  /** Host of the public URL, so two platforms' CAs are told apart. */
  readonly host: string;
}

export function localCaSubject(names: SigningNames): SubjectName {
  return {
    organisation: names.organisation,
    commonName: `${names.organisation} local signing CA (${names.host})`,
  };
}

export function signerSubject(names: SigningNames): SubjectName {
  return {
    organisation: names.organisation,
    commonName: `${names.organisation} document signing (${names.host})`,
  };
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function fromPem(text: string): Buffer[] {
  return [
    ...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g),
  ].map((match) => Buffer.from(match[1] ?? '', 'base64'));
}

function keyBinding(role: 'ca' | 'signer', certificate: Buffer): string {
  return `certa/signing-key/v1/${role}/${createHash('sha256').update(certificate).digest('hex')}`;
}

/** Writes a file readable by the owner only, replacing any old one in one step. */
function writePrivate(file: string, data: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function sealKey(
  masterKey: Buffer,
  role: 'ca' | 'signer',
  key: KeyObject,
  certificate: Buffer,
): Buffer {
  return sealAead(
    masterKey,
    key.export({ type: 'pkcs8', format: 'der' }),
    keyBinding(role, certificate),
  );
}

function openKey(
  masterKey: Buffer,
  role: 'ca' | 'signer',
  file: string,
  certificate: Buffer,
): KeyObject {
  try {
    const der = openAead(masterKey, fs.readFileSync(file), keyBinding(role, certificate));
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (error) {
    if (error instanceof DecryptionError)
      throw new AppError(
        'INTEGRITY_FAILURE',
        `The signing key ${path.basename(file)} does not open with this master key or does not belong to its certificate.`,
        { cause: error },
      );
    throw error;
  }
}

/** The certificate chain in use (signer first), or null before the first start. No key needed. */
export function readSigningChain(directory: string): Buffer[] | null {
  const file = path.join(directory, SIGNING_FILES.chain);
  if (!fs.existsSync(file)) return null;
  return fromPem(fs.readFileSync(file, 'utf8'));
}

/** The signing certificates this platform used before the current one, oldest first. */
export function readFormerSigners(directory: string): Buffer[] {
  const file = path.join(directory, SIGNING_FILES.formerSigners);
  return fs.existsSync(file) ? fromPem(fs.readFileSync(file, 'utf8')) : [];
}

/** The local CA certificate, or null if this platform never made one. */
export function readLocalCa(directory: string): Buffer | null {
  const file = path.join(directory, SIGNING_FILES.caCertificate);
  if (!fs.existsSync(file)) return null;
  return fromPem(fs.readFileSync(file, 'utf8'))[0] ?? null;
}

function saveSigner(directory: string, masterKey: Buffer, credentials: SigningCredentials): void {
  const signer = credentials.certificates[0];
  if (signer === undefined) throw new Error('no signer certificate');
  // The certificate being replaced stays known, so documents it signed keep verifying.
  const previous = readSigningChain(directory)?.[0];
  if (previous !== undefined && !previous.equals(signer)) {
    const former = readFormerSigners(directory);
    if (!former.some((certificate) => certificate.equals(previous)))
      writePrivate(
        path.join(directory, SIGNING_FILES.formerSigners),
        [...former, previous].map(toPem).join(''),
      );
  }
  // Key first: a chain whose key file is missing would be worse than an old pair.
  writePrivate(
    path.join(directory, SIGNING_FILES.signerKey),
    sealKey(masterKey, 'signer', credentials.privateKey, signer),
  );
  writePrivate(
    path.join(directory, SIGNING_FILES.chain),
    credentials.certificates.map(toPem).join(''),
  );
}

function ensureDirectory(directory: string): void {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
}

function issueLocalSigner(
  directory: string,
  masterKey: Buffer,
  ca: Issued,
  names: SigningNames,
  now: Date,
): SigningCredentials {
  const signer = issueSigningCertificate(ca, localCaSubject(names), signerSubject(names), now);
  const credentials = {
    privateKey: signer.privateKey,
    certificates: [signer.certificate, ca.certificate],
  };
  saveSigner(directory, masterKey, credentials);
  return credentials;
}

export interface LoadedSigning {
  readonly credentials: SigningCredentials;
  /** This start made the local CA and signing certificate. */
  readonly created: boolean;
  /** This start renewed the local signing certificate. */
  readonly renewed: boolean;
}

/**
 * The signing key and chain for this platform. First start: a local ECDSA P-256 CA and a
 * signing certificate it issues. Later starts: the stored chain (generated or imported), the
 * local signing certificate renewed by the local CA when it is about to end. An imported
 * certificate that has expired stops the start with one sentence.
 */
export function loadOrCreateSigning(
  directory: string,
  masterKey: Buffer,
  names: SigningNames,
  now: Date,
): LoadedSigning {
  ensureDirectory(directory);
  const chain = readSigningChain(directory);
  if (chain === null || chain.length === 0) {
    const ca = createLocalCa(localCaSubject(names), now);
    writePrivate(
      path.join(directory, SIGNING_FILES.caKey),
      sealKey(masterKey, 'ca', ca.privateKey, ca.certificate),
    );
    writePrivate(path.join(directory, SIGNING_FILES.caCertificate), toPem(ca.certificate));
    return {
      credentials: issueLocalSigner(directory, masterKey, ca, names, now),
      created: true,
      renewed: false,
    };
  }
  const signer = chain[0]!;
  const privateKey = openKey(
    masterKey,
    'signer',
    path.join(directory, SIGNING_FILES.signerKey),
    signer,
  );
  const validTo = new Date(new X509Certificate(signer).validTo).getTime();
  const localCa = readLocalCa(directory);
  const issuedLocally = localCa !== null && chain.length === 2 && chain[1]!.equals(localCa);
  const caKeyFile = path.join(directory, SIGNING_FILES.caKey);
  if (issuedLocally && validTo - now.getTime() < RENEW_BEFORE_MS && fs.existsSync(caKeyFile)) {
    const ca = { certificate: localCa, privateKey: openKey(masterKey, 'ca', caKeyFile, localCa) };
    return {
      credentials: issueLocalSigner(directory, masterKey, ca, names, now),
      created: false,
      renewed: true,
    };
  }
  try {
    return {
      credentials: checkCredentials(privateKey, chain, now),
      created: false,
      renewed: false,
    };
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(
        'INVALID_INPUT',
        `The signing certificate in ${directory} cannot be used (${error.message.replace(/\.$/, '')}); import a new one with certa signing import.`,
        { cause: error },
      );
    throw error;
  }
}

/** Replaces the signing key and chain with the operator's (already checked) credentials. */
export function saveImportedSigning(
  directory: string,
  masterKey: Buffer,
  credentials: SigningCredentials,
): void {
  ensureDirectory(directory);
  saveSigner(directory, masterKey, credentials);
}
