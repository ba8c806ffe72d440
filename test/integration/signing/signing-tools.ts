import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import PDFDocument from 'pdfkit';

/** A one-page PDF made by pdfkit, as the renderer makes them (classic cross-reference table). */
export async function simplePdf(text = 'Certa signing test'): Promise<Buffer> {
  const doc = new PDFDocument({ pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.text(text);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** `pdfsig` output for `file` (it exits 0 even for broken signatures: assert on lines). */
export function pdfsig(file: string, nssDirectory?: string): string {
  const args = nssDirectory === undefined ? [file] : ['-nssdir', `sql:${nssDirectory}`, file];
  const result = spawnSync('pdfsig', args, { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

/** An NSS database in `directory` trusting `caPem` for e-mail/document signing. */
export function nssDatabaseTrusting(directory: string, caPem: string): string {
  fs.mkdirSync(directory, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${directory}`, '--empty-password']);
  const caFile = path.join(directory, 'ca.pem');
  fs.writeFileSync(caFile, caPem);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${directory}`,
    '-n',
    'certa-ca',
    '-t',
    'CT,C,C',
    '-a',
    '-i',
    caFile,
  ]);
  return directory;
}

/** The last signature's CMS (exact DER, without the zero padding) and the bytes it signs. */
export function extractSignature(pdf: Buffer): { cms: Buffer; signedContent: Buffer } {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)];
  const range = ranges.at(-1)?.slice(1).map(Number);
  if (range === undefined) throw new Error('no /ByteRange');
  const [start, length, second, secondLength] = range as [number, number, number, number];
  const hex = pdf.toString('latin1', length + 1, second - 1);
  const padded = Buffer.from(hex, 'hex');
  const parsed = asn1js.fromBER(Uint8Array.from(padded));
  if (parsed.offset === -1) throw new Error('the CMS is not DER');
  return {
    cms: padded.subarray(0, parsed.offset),
    signedContent: Buffer.concat([
      pdf.subarray(start, start + length),
      pdf.subarray(second, second + secondLength),
    ]),
  };
}

export function run(
  command: string,
  args: string[],
  cwd?: string,
): { status: number; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/**
 * An operator's chain made with openssl as an operator would: an EC P-256 CA, a leaf with
 * `leafKey` (`-newkey` arguments) issued by it, with `leafExtensions` (an extfile's lines) when
 * given, and both bundled as PKCS#12 (AES, openssl 3's default) under `password`. Files are
 * `ca.pem`, `ca.key`, `leaf.key`, `leaf.pem`, `bundle.p12` … in `directory`, each name after
 * `<prefix>-` when a prefix is given; throws with openssl's output when a step fails.
 */
export function operatorPkcs12(options: {
  directory: string;
  prefix?: string;
  caName: string;
  leafSubject: string;
  leafKey: readonly string[];
  leafExtensions?: string;
  password: string;
}): { at: (file: string) => string } {
  const at = (file: string) =>
    path.join(options.directory, options.prefix === undefined ? file : `${options.prefix}-${file}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-subj',
    `/CN=${options.caName}`,
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  openssl(
    'req',
    '-new',
    '-newkey',
    ...options.leafKey,
    '-nodes',
    '-keyout',
    at('leaf.key'),
    '-out',
    at('leaf.csr'),
    '-subj',
    options.leafSubject,
  );
  const extensions: string[] = [];
  if (options.leafExtensions !== undefined) {
    fs.writeFileSync(at('ext.cnf'), options.leafExtensions);
    extensions.push('-extfile', at('ext.cnf'));
  }
  openssl(
    'x509',
    '-req',
    '-in',
    at('leaf.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '10',
    '-out',
    at('leaf.pem'),
    ...extensions,
  );
  openssl(
    'pkcs12',
    '-export',
    '-inkey',
    at('leaf.key'),
    '-in',
    at('leaf.pem'),
    '-certfile',
    at('ca.pem'),
    '-out',
    at('bundle.p12'),
    '-passout',
    `pass:${options.password}`,
  );
  return { at };
}
