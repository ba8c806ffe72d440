import { createHash } from 'node:crypto';

/**
 * The trailer `/ID` (ISO 32000-1 §14.4; PDF/A requires it): two equal 16-byte strings, since
 * the file is written once. PDFKit derives its own from the Info dictionary with MD5, so two
 * documents with the same title, issuer and minute would share an id; here it comes from
 * SHA-256 over the document id as well, and is still reproducible: equal inputs, equal bytes.
 */
export function fileIdentifier(input: {
  readonly documentId?: string | undefined;
  readonly title: string;
  readonly author: string;
  readonly creationDate: Date;
}): Buffer {
  const hash = createHash('sha256');
  hash.update('certa-pdf-file-id\n');
  for (const part of [
    input.documentId ?? '',
    input.title,
    input.author,
    input.creationDate.toISOString(),
  ]) {
    hash.update(`${Buffer.byteLength(part)}:${part}\n`);
  }
  return hash.digest().subarray(0, 16);
}
