import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import {
  BitcoinBlockHeaderAttestation,
  DetachedTimestampFile,
  EsploraSource,
  HEADER_MAGIC,
  OP_TAGS,
  verifyTimestamp,
  type Timestamp,
} from '../../../verifier/index.js';
import { createTempDir, DIALECTS } from '../../helpers/test-database.js';
import {
  downloadProof,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

/** Offset of the first Merkle path operation: magic, version, sha256 tag, 32-byte digest. */
const PATH_START = HEADER_MAGIC.length + 1 + 1 + 32;

/** Verdict of our verifier on a (maybe damaged) proof: a parse error counts as failed. */
async function verdict(stand: AnchoringStand, bytes: Buffer, digest: string): Promise<string> {
  let proof: DetachedTimestampFile;
  try {
    proof = DetachedTimestampFile.deserialize(bytes);
  } catch {
    return 'unreadable';
  }
  const result = await verifyTimestamp(
    proof,
    Buffer.from(digest, 'hex'),
    new EsploraSource(stand.esplora.url),
  );
  return result.status;
}

function withHeight(bytes: Buffer, change: (height: number) => number): Buffer {
  const proof = DetachedTimestampFile.deserialize(bytes);
  const visit = (node: Timestamp): void => {
    node.attestations.forEach((attestation, index) => {
      if (attestation instanceof BitcoinBlockHeaderAttestation) {
        node.attestations[index] = new BitcoinBlockHeaderAttestation(change(attestation.height));
      }
    });
    for (const child of node.ops.values()) visit(child);
  };
  visit(proof.timestamp);
  return Buffer.from(proof.serialize());
}

for (const dialect of DIALECTS) {
  describe(`tampered proofs never verify (${dialect})`, () => {
    let stand: AnchoringStand;
    let document: { documentId: string; pdf: Buffer; sha256: string };
    let proof: Buffer;
    let files: { path: string; remove: () => void };

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect, { calendars: 1, minCalendars: 1 });
      const documents = await issueAndActivate(stand, 3);
      const chosen = documents[1];
      if (chosen === undefined) throw new Error('no document');
      document = chosen;
      const worker = stand.worker();
      stand.platform.clock.advance(600_000);
      await worker.tick();
      const block = stand.calendars[0]?.confirm();
      if (block === undefined) throw new Error('no block');
      // The chain around the block: a wrong height finds a real header, with another root.
      for (const height of [block.height - 1, block.height + 1]) {
        stand.esplora.blocks.set(height, {
          height,
          hash: randomBytes(32).toString('hex'),
          merkleRoot: randomBytes(32).toString('hex'),
          time: block.time + (height - block.height) * 600,
        });
      }
      stand.platform.clock.advance(600_000);
      await worker.tick();
      proof = (await downloadProof(stand.platform, document.documentId)).raw;
      files = createTempDir('certa-tamper-');
    });
    afterAll(async () => {
      files.remove();
      await stand.close();
    });

    it('the untouched proof verifies', async () => {
      expect(await verdict(stand, proof, document.sha256)).toBe('verified');
    });

    const probes: Array<[string, (bytes: Buffer) => Buffer]> = [
      [
        'a flipped operation (append ↔ prepend) in the Merkle path',
        (bytes) => {
          const out = Buffer.from(bytes);
          expect([OP_TAGS.append, OP_TAGS.prepend]).toContain(out[PATH_START]);
          out[PATH_START] = out[PATH_START] === OP_TAGS.append ? OP_TAGS.prepend : OP_TAGS.append;
          return out;
        },
      ],
      [
        'sha256 replaced by sha1 in the Merkle path',
        (bytes) => {
          const out = Buffer.from(bytes);
          const at = PATH_START + 2 + 32;
          expect(out[at]).toBe(OP_TAGS.sha256);
          out[at] = OP_TAGS.sha1;
          return out;
        },
      ],
      [
        'a swapped sibling',
        (bytes) => {
          const out = Buffer.from(bytes);
          randomBytes(32).copy(out, PATH_START + 2);
          return out;
        },
      ],
      [
        'one byte of a sibling flipped',
        (bytes) => {
          const out = Buffer.from(bytes);
          out[PATH_START + 10] = (out[PATH_START + 10] ?? 0) ^ 0x01;
          return out;
        },
      ],
      ['truncated by one byte', (bytes) => bytes.subarray(0, bytes.length - 1)],
      ['truncated in the middle', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['extra bytes at the end', (bytes) => Buffer.concat([bytes, Buffer.from([0x00])])],
      ['a Bitcoin attestation one block later', (bytes) => withHeight(bytes, (h) => h + 1)],
      ['a Bitcoin attestation one block earlier', (bytes) => withHeight(bytes, (h) => h - 1)],
    ];

    it.each(probes)('%s fails', async (_name, tamper) => {
      const result = await verdict(stand, tamper(proof), document.sha256);
      expect(['failed', 'unreadable']).toContain(result);
    });

    it('the right proof for a changed PDF fails', async () => {
      const changed = Buffer.from(document.pdf);
      changed[100] = (changed[100] ?? 0) ^ 0x01;
      const digest = DetachedTimestampFile.deserialize(proof).fileHashOp.digest(changed);
      expect(await verdict(stand, proof, Buffer.from(digest).toString('hex'))).toBe('failed');
    });

    it('certa verify --ots with a tampered proof exits 1 with ✘ time, with the right one 0 with ✔', async () => {
      const pdf = path.join(files.path, `${document.documentId}.pdf`);
      fs.writeFileSync(pdf, document.pdf);
      const good = path.join(files.path, 'good.pdf.ots');
      fs.writeFileSync(good, proof);
      const bad = path.join(files.path, 'bad.pdf.ots');
      fs.writeFileSync(
        bad,
        withHeight(proof, (h) => h + 1),
      );
      const run = async (ots: string) => {
        const out: string[] = [];
        const code = await runCli(
          [
            'verify',
            pdf,
            '--ots',
            ots,
            '--url',
            stand.platform.baseUrl,
            '--header-source',
            `esplora:${stand.esplora.url}`,
          ],
          {
            env: {},
            stdin: Readable.from([]),
            out: (text) => out.push(text),
            err: () => undefined,
          },
        );
        return { code, out: out.join('\n') };
      };
      const right = await run(good);
      expect(right.code).toBe(0);
      expect(right.out).toMatch(/^✔ time +Existed by /m);
      const wrong = await run(bad);
      expect(wrong.code).toBe(1);
      expect(wrong.out).toMatch(/^✘ time +The proof does not verify/m);
      expect(wrong.out).toMatch(/^NOT VALID: /m);
    });
  });
}
