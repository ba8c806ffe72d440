/**
 * Certa's standalone verifier (`@certa/verifier`): everything needed to check a Certa document
 * without Certa — the PDF's PAdES signature, the signed record embedded in it (JWS), its
 * OpenTimestamps proof anchored on Bitcoin (parse, write, build and check `.ots` files) and the
 * `certa-verify` command that puts them together and asks the issuing platform about the rest.
 * Depends only on asn1js, pkijs and @noble/hashes — nothing from the Certa server. One
 * implementation for Node and browsers: Web Crypto and `Uint8Array` everywhere but the command
 * (`runVerify`, which reads files); checks that use Web Crypto are async. For web pages,
 * `@certa/verifier/browser` (verifier/browser.ts) puts the same checks together for one PDF.
 *
 * @example Check a PDF's signatures and embedded record (Node or a browser)
 * ```ts
 * import { verifyEmbeddedRecord, verifyPdfSignatures } from '@certa/verifier';
 *
 * const [signature] = await verifyPdfSignatures(pdfBytes); // Uint8Array (a Buffer is one)
 * signature?.valid; signature?.coversWholeDocument; signature?.timestamp; // RFC 3161: { time, valid }
 * const record = await verifyEmbeddedRecord(pdfBytes);
 * if (record.status === 'verified') console.log(record.record.documentId, record.signer.certificateSha256);
 * ```
 *
 * @example Verify a PDF as `certa-verify diploma.pdf` does, from code
 * ```ts
 * import { runVerify } from '@certa/verifier';
 *
 * const exitCode = await runVerify(['diploma.pdf', '--json'], {
 *   env: process.env,
 *   out: (text) => console.log(text),
 *   err: (text) => process.stderr.write(text),
 * }, 'my-tool');
 * ```
 *
 * @example Verify a document's proof against an Esplora explorer
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { DetachedTimestampFile, EsploraSource, verifyTimestamp } from './verifier/index.js';
 *
 * const proof = DetachedTimestampFile.deserialize(await readFile('diploma.pdf.ots'));
 * const digest = proof.fileHashOp.digest(await readFile('diploma.pdf'));
 * const result = await verifyTimestamp(proof, digest, new EsploraSource('https://blockstream.info/api'));
 * if (result.status === 'verified') console.log(`existed by ${result.date.toISOString()} (block ${result.height})`);
 * else console.log(result.status, result.reason); // 'pending' | 'failed' | 'unknown'
 * ```
 *
 * @example Print a proof like `ots info`
 * ```ts
 * import { DetachedTimestampFile, formatOtsInfo } from './verifier/index.js';
 *
 * process.stdout.write(formatOtsInfo(DetachedTimestampFile.deserialize(bytes)));
 * ```
 *
 * @example Batch digests into one Merkle root and write each digest's proof
 * ```ts
 * import {
 *   buildMerkleTree, DetachedTimestampFile, OpSha256, PendingAttestation, Timestamp,
 * } from './verifier/index.js';
 *
 * const tree = buildMerkleTree(digests); // 32-byte SHA-256 digests
 * const rootStamp = new Timestamp(tree.root); // what the calendar / Bitcoin part hangs from
 * rootStamp.addAttestation(new PendingAttestation('https://alice.btc.calendar.opentimestamps.org'));
 * const ots = new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(0, rootStamp)).serialize();
 * ```
 *
 * @example Look a header up in your own node
 * ```ts
 * import { BitcoinCoreRpcSource } from './verifier/index.js';
 *
 * const node = new BitcoinCoreRpcSource('http://127.0.0.1:8332/', { username: 'u', password: 'p' });
 * const { merkleRoot, time } = await node.headerByHeight(523364); // merkleRoot in internal order
 * ```
 */

export {
  BadMagicError,
  OpArgumentError,
  OpMessageError,
  OtsDeserializationError,
  OtsSerializationError,
  RecursionLimitError,
  TrailingGarbageError,
  TruncationError,
  UnsupportedMajorVersionError,
  UnsupportedOperationError,
} from './ots/errors.js';
export { BytesReader } from './ots/bytes-reader.js';
export { BytesWriter } from './ots/bytes-writer.js';
export {
  BinaryOp,
  CryptOp,
  MAX_MSG_LENGTH,
  MAX_RESULT_LENGTH,
  Op,
  OpAppend,
  OpHexlify,
  OpKeccak256,
  OpPrepend,
  OpReverse,
  OpRipemd160,
  OpSha1,
  OpSha256,
  OP_TAGS,
  UnaryOp,
} from './ots/ops.js';
export {
  ATTESTATION_TAGS,
  BitcoinBlockHeaderAttestation,
  checkCalendarUri,
  LitecoinBlockHeaderAttestation,
  MAX_PENDING_URI_LENGTH,
  PendingAttestation,
  TimeAttestation,
  UnknownAttestation,
} from './ots/attestations.js';
export { MAX_TIMESTAMP_DEPTH, Timestamp, type CommittedAttestation } from './ots/timestamp.js';
export {
  DetachedTimestampFile,
  HEADER_MAGIC,
  MAJOR_VERSION,
} from './ots/detached-timestamp-file.js';
export { formatOtsInfo, formatTimestamp } from './ots/format-timestamp.js';
export {
  evaluateAttestations,
  verifyTimestamp,
  type AttestationCheck,
  type FailedAttestationCheck,
  type PendingAttestationCheck,
  type TimestampVerification,
  type UncheckedAttestationCheck,
  type UnrecognisedAttestationCheck,
  type UnverifiedTimestamp,
  type VerifiedAttestationCheck,
  type VerifiedTimestamp,
} from './ots/verify-timestamp.js';
export {
  buildMerkleTree,
  sha256Into,
  type Sha256Into,
  MERKLE_NODE_SIZE,
  MerkleTree,
  merkleRootFromPath,
  verifyMerklePath,
  type MerkleStep,
} from './merkle/merkle-tree.js';
export {
  BlockSourceError,
  type BlockHeader,
  type BlockHeaderSource,
  type BlockSourceErrorKind,
} from './bitcoin/block-header-source.js';
export { EsploraSource, type EsploraSourceOptions } from './bitcoin/esplora-source.js';
export {
  BitcoinCoreRpcSource,
  type BitcoinCoreRpcSourceOptions,
  type RpcAuth,
} from './bitcoin/bitcoin-core-rpc-source.js';
export { isBitcoinTransaction, transactionId } from './bitcoin/transaction.js';
export * from './credential/index.js';
export * from './pdf-signature/index.js';
export type { Check, CheckStatus } from './verify/check.js';
export {
  checkPdfSignature,
  checkPdfSignatureWithSigner,
  type PlatformSigners,
  type SignatureCheckOptions,
  type SignatureCheckResult,
} from './verify/signature-check.js';
export {
  checkEmbeddedRecord,
  checkRecordWithoutPlatform,
  type EmbeddedRecordSummary,
} from './verify/record-check.js';
export { checkTimeHere, describeNotAProof, type ProofSource } from './verify/time-check.js';
export { agreeingHeaderSources, type LabelledHeaderSource } from './bitcoin/agreeing-sources.js';
export {
  DEFAULT_HEADER_SOURCE,
  describeHeaderSourceSpec,
  openHeaderSource,
  parseHeaderSourceSpec,
  type HeaderSourceSpec,
} from './verify/header-source.js';
export {
  DEFAULT_PLATFORM_URL,
  runVerify,
  VERIFY_EXIT,
  verifyUsage,
  type PlatformSource,
  type VerifyIo,
} from './cli/verify-command.js';
export type {
  PlatformDocument,
  PlatformDocumentStatus,
  PlatformIssuer,
  PlatformReport,
} from './verify/platform-report.js';
