import fs from 'node:fs';
import path from 'node:path';
import { DetachedTimestampFile, describeNotAProof } from '../../verifier/index.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { fetchBytes, serverUrl } from './api-client.js';
import { EXIT } from './exit-codes.js';

/**
 * Writes `bytes` to `file` through a temporary file and a rename, so that a file of that name
 * is either the whole proof or left as it was.
 */
function writeWhole(file: string, bytes: Buffer): void {
  const temporary = path.join(
    path.dirname(path.resolve(file)),
    `.${path.basename(file)}.${process.pid}.part`,
  );
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'error';
    throw new UsageError(`Cannot write "${file}" (${reason}).`);
  }
}

export const proofCommand: Command = {
  name: 'proof',
  summary: "Download a document's OpenTimestamps proof (.ots) from the platform",
  usage: `certa proof <documentId> [-o <file.ots>] [--url <server>]

Downloads the public OpenTimestamps proof of the document's PDF (GET
/api/documents/<id>/proof.ots) into <file.ots> (default: <documentId>.pdf.ots). Nothing is written unless the answer is a readable proof — never an error
page in a file named .ots. The server is --url, else CERTA_URL, else http://localhost:8080.

Exit code 0 when saved; 1 while the proof is not ready (its digest waits in the anchoring
queue: try again after the next batch); 2 for usage mistakes; 3 when the server is unreachable;
4 when the platform has no such document.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { output: { type: 'string', short: 'o' }, url: { type: 'string' } },
      true,
    );
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const [documentId] = positionals;
    if (documentId === undefined || positionals.length !== 1)
      throw new UsageError('proof needs exactly one document id.');
    if (!/^[A-Za-z0-9_-]{22}$/.test(documentId))
      throw new UsageError(
        `"${documentId.slice(0, 60)}" is not a document id: an id is 22 letters, digits, - or _.`,
      );
    const file = values.output ?? `${documentId}.pdf.ots`;
    const baseUrl = serverUrl(values.url, io.env);
    const download = await fetchBytes(
      baseUrl,
      `/api/documents/${encodeURIComponent(documentId)}/proof.ots`,
    );
    if (download.status === 409) {
      io.err(
        `The proof of document ${documentId} is not ready: its digest waits in the anchoring queue; try again after the next batch.\n`,
      );
      return EXIT.FAILED;
    }
    if (download.status === 404) {
      io.err(`The platform at ${baseUrl} has no document ${documentId}.\n`);
      return EXIT.REFUSED;
    }
    if (download.status !== 200) {
      io.err(`The platform at ${baseUrl} answered HTTP ${download.status}; no proof was saved.\n`);
      return download.status >= 500 ? EXIT.FAILED : EXIT.REFUSED;
    }
    try {
      DetachedTimestampFile.deserialize(download.body);
    } catch (error) {
      io.err(
        `The answer of ${baseUrl} ${describeNotAProof(download.body, error)}; nothing was saved.\n`,
      );
      return EXIT.FAILED;
    }
    writeWhole(file, download.body);
    io.out(
      `Saved the proof of document ${documentId} to ${file} (${download.body.length} bytes); check it with certa verify <file.pdf> --ots ${file}.`,
    );
    return EXIT.OK;
  },
};
