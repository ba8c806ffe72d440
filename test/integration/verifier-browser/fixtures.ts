import { createHash } from 'node:crypto';
import {
  BitcoinBlockHeaderAttestation,
  DetachedTimestampFile,
  OpAppend,
  OpSha256,
  Timestamp,
} from '../../../verifier/index.js';
import {
  startEsploraStub,
  type BlockServerStub,
  type StubBlock,
} from '../../../verifier/test-support/block-servers.js';
import { replaceEmbeddedFile } from '../../../verifier/test-support/pdf-tamper.js';
import {
  asDict,
  readCrossReference,
  resolve,
  serialize,
} from '../../../verifier/pdf-signature/pdf-syntax.js';
import { DocumentSigner } from '../../../src/signing/document-signer.js';
import { createLocalCa, issueSigningCertificate } from '../../../src/signing/local-ca.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { freePort, serveAlsoOn } from '../cli/cli-harness.js';

/**
 * The verification cases the browser verifier must get right, in Node and in Chromium: a real
 * platform (SQLite) issues and activates two documents; tampered copies are made the ways an
 * attacker would; the proof is a real OpenTimestamps proof anchored in a stand-in block that two
 * Esplora stand-ins serve.
 */
export interface VerifierCase {
  readonly name: string;
  readonly pdf: Uint8Array;
  /** The `.ots` proof to give, or null to let the verifier fetch the platform's. */
  readonly proof: Uint8Array | null;
  /** The check that must fail (null: the document is valid). */
  readonly failing: 'integrity' | 'signature' | 'record' | 'time' | null;
  /** The code that failing check must give. */
  readonly code: string | null;
  /** Header sources by index in `World.sources`; default both. */
  readonly sources?: readonly number[];
}

export interface World {
  readonly platform: TestPlatform;
  readonly origin: string;
  readonly sources: readonly BlockServerStub[];
  readonly cases: readonly VerifierCase[];
  readonly valid: { pdf: Buffer; proof: Uint8Array; recipientName: string; documentId: string };
  close(): Promise<void>;
}

const HEIGHT = 900_001;

/** A proof of `digest` anchored at HEIGHT, and the stand-in block that anchors it. */
export function anchoredProof(
  digest: Buffer,
  salt: string,
): { proof: Uint8Array; block: StubBlock } {
  const root = new Timestamp(digest);
  const step = root.add(new OpAppend(Buffer.from(salt, 'utf8')));
  const merkle = step.add(new OpSha256());
  merkle.addAttestation(new BitcoinBlockHeaderAttestation(HEIGHT));
  const proof = new DetachedTimestampFile(new OpSha256(), root).serialize();
  return {
    proof,
    block: {
      height: HEIGHT,
      hash: createHash('sha256').update(salt).digest('hex'),
      merkleRoot: Buffer.from(merkle.msg).reverse().toString('hex'),
      time: 1_780_000_000,
    },
  };
}

export async function buildWorld(): Promise<World> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const platform = await startTestPlatform('sqlite', { PUBLIC_URL: origin });
  const alias = await serveAlsoOn(platform, port);
  const issuer = await newApprovedIssuer(platform, 'Académie du Navigateur');
  const recipientName = 'Ada Lovelace';
  const firstId = await issueOne(platform, issuer, {
    title: 'Diplôme du navigateur',
    recipient: { name: recipientName, email: 'ada@example.org' },
  });
  const first = await activate(platform, await activationLinkFor(platform, firstId));
  const secondId = await issueOne(platform, issuer, { title: 'Autre diplôme' });
  const second = await activate(platform, await activationLinkFor(platform, secondId));

  const digest = createHash('sha256').update(first.pdf).digest();
  const anchored = anchoredProof(digest, 'browser-batch');
  const other = anchoredProof(createHash('sha256').update('another file').digest(), 'other');
  const sources = [
    await startEsploraStub([anchored.block]),
    await startEsploraStub([anchored.block]),
  ];

  // A flipped byte inside the signed bytes.
  const flipped = Buffer.from(first.pdf);
  const at = Math.floor(flipped.length / 3);
  flipped[at] = (flipped[at] ?? 0) ^ 0x01;

  // A shadow incremental update: the visible name is redrawn over the signed page.
  const shadow = shadowUpdate(first.pdf, 'Mallory Impostor');

  // The record of the second document put into the first one's PDF.
  const secondRecord = await recordOf(second.pdf);
  const swapped = await replaceEmbeddedFile(first.pdf, 'certa-credential.json', secondRecord);

  // The same PDF re-signed by a key that is not the platform's.
  const foreign = await signedByAnotherKey(first.pdf);

  return {
    platform,
    origin,
    sources,
    valid: { pdf: first.pdf, proof: anchored.proof, recipientName, documentId: firstId },
    cases: [
      {
        name: 'a valid document',
        pdf: first.pdf,
        proof: anchored.proof,
        failing: null,
        code: null,
      },
      {
        name: 'a flipped byte',
        pdf: flipped,
        proof: anchored.proof,
        failing: 'signature',
        code: 'signature_invalid',
      },
      {
        name: 'a shadow incremental update',
        pdf: shadow,
        proof: anchored.proof,
        failing: 'signature',
        code: 'signature_partial',
      },
      {
        name: 'a record from another document',
        pdf: swapped,
        proof: anchored.proof,
        failing: 'record',
        code: 'record_replaced',
      },
      {
        name: 'a PDF signed by another key',
        pdf: foreign,
        proof: anchored.proof,
        failing: 'signature',
        code: 'signed_by_other',
      },
      {
        name: 'a proof for another digest',
        pdf: first.pdf,
        proof: other.proof,
        failing: 'time',
        code: 'proof_mismatch',
      },
    ],
    async close() {
      await Promise.all(sources.map((source) => source.close()));
      await alias.close();
      await platform.close();
    },
  };
}

async function recordOf(pdf: Buffer): Promise<Buffer> {
  const { readEmbeddedFiles } = await import('../../../verifier/index.js');
  const file = (await readEmbeddedFiles(pdf)).find((item) => item.name === 'certa-credential.json');
  if (file === undefined) throw new Error('no record');
  return Buffer.from(file.content);
}

/**
 * A shadow attack: an incremental update appended after signing that redefines the first page's
 * content stream so that it shows another name. The signed bytes stay as they were.
 */
function shadowUpdate(pdf: Buffer, name: string): Buffer {
  const xref = readCrossReference(pdf);
  const root = resolve(pdf, xref, xref.trailer.get('Root')!);
  const pages = resolve(pdf, xref, asDict(root, 'catalog').get('Pages')!);
  const kids = resolve(pdf, xref, asDict(pages, 'pages').get('Kids')!);
  if (kids.kind !== 'array' || kids.items[0]?.kind !== 'ref') throw new Error('no first page');
  const page = asDict(resolve(pdf, xref, kids.items[0]), 'page');
  const contents = page.get('Contents');
  const target =
    contents?.kind === 'ref'
      ? contents
      : contents?.kind === 'array'
        ? contents.items[0]
        : undefined;
  if (target?.kind !== 'ref') throw new Error('no page content stream');
  const content = `BT /Helv 28 Tf 60 400 Td (${name}) Tj ET`;
  const object = Buffer.from(
    `\n${target.num} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`,
    'latin1',
  );
  const xrefAt = pdf.length + object.length;
  const size = xref.trailer.get('Size');
  const trailer = [
    'xref',
    '0 1',
    '0000000000 65535 f ',
    `${target.num} 1`,
    `${String(pdf.length + 1).padStart(10, '0')} 00000 n `,
    'trailer',
    `<< /Size ${size?.kind === 'number' ? size.text : '0'} /Root ${serialize(xref.trailer.get('Root')!)} /Prev ${xref.startXref} >>`,
    'startxref',
    String(xrefAt),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([pdf, object, Buffer.from(trailer, 'latin1')]);
}

/** The PDF signed once more, over the whole file, by a key that is not the platform's. */
async function signedByAnotherKey(pdf: Buffer): Promise<Buffer> {
  const now = new Date();
  const caName = { commonName: 'Elsewhere CA', organisation: 'Elsewhere' };
  const ca = createLocalCa(caName, now);
  const leaf = issueSigningCertificate(
    ca,
    caName,
    { commonName: 'Elsewhere signer', organisation: 'Elsewhere' },
    now,
  );
  const signer = new DocumentSigner({
    privateKey: leaf.privateKey,
    certificates: [leaf.certificate, ca.certificate],
  });
  return signer.signPdf(pdf, now);
}
