import { hash } from 'node:crypto';

/**
 * The part of Bitcoin's transaction encoding the RPC backend needs, written here rather than
 * taken from the node: the txid (which the proof must reproduce), the non-witness ("stripped")
 * serialisation it is computed from, and where the OP_RETURN payload sits inside it. Anything the
 * node returns is parsed and checked with this module before we rely on it.
 */

/** Script of an output committing to a 32-byte root: `OP_RETURN OP_PUSHBYTES_32 <root>`. */
const OP_RETURN = 0x6a;
const PUSH_32 = 0x20;
const ROOT_SIZE = 32;
/** Bitcoin Core's `MAX_SIZE`: no single length in a transaction may be larger. */
const MAX_LENGTH = 0x02000000;
/** Weight units per virtual byte (BIP 141). */
const WITNESS_SCALE_FACTOR = 4;

/** One transaction output: value in satoshis and where its script starts in the stripped bytes. */
export interface TransactionOutput {
  readonly value: bigint;
  readonly script: Buffer;
  /** Offset of the script's first byte in {@link ParsedTransaction.stripped}. */
  readonly scriptOffset: number;
}

/** One transaction input: the outpoint it spends and its sequence number. */
export interface TransactionInput {
  /** Spent txid, display order (as RPC prints it). */
  readonly txid: string;
  readonly vout: number;
  readonly sequence: number;
}

/** A decoded transaction, as much as the backend looks at. */
export interface ParsedTransaction {
  /** Non-witness serialisation: version ‖ inputs ‖ outputs ‖ locktime. The txid commits to it. */
  readonly stripped: Buffer;
  /** Txid, display order: double SHA-256 of {@link stripped}, byte-reversed. */
  readonly txid: string;
  readonly inputs: readonly TransactionInput[];
  readonly outputs: readonly TransactionOutput[];
  /** True when the serialisation had segwit marker, flag and witnesses. */
  readonly hasWitness: boolean;
  /** Virtual size in vbytes: ceil(weight / 4), weight = 3·stripped + total size. */
  readonly vsize: number;
}

/** A malformed transaction: the node (or the stored state) handed us something else. */
export class TransactionFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransactionFormatError';
  }
}

class Reader {
  offset = 0;
  constructor(readonly bytes: Buffer) {}

  take(length: number): Buffer {
    if (length > MAX_LENGTH || this.offset + length > this.bytes.length) {
      throw new TransactionFormatError('transaction is truncated');
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  byte(): number {
    const [value] = this.take(1);
    return value ?? 0;
  }

  uint32(): number {
    return this.take(4).readUInt32LE(0);
  }

  /** Bitcoin's CompactSize, minimal encoding required (as Core's deserialiser does). */
  compactSize(): number {
    const first = this.byte();
    if (first < 0xfd) return first;
    let value: number;
    let minimum: number;
    if (first === 0xfd) {
      value = this.take(2).readUInt16LE(0);
      minimum = 0xfd;
    } else if (first === 0xfe) {
      value = this.take(4).readUInt32LE(0);
      minimum = 0x10000;
    } else {
      const wide = this.take(8).readBigUInt64LE(0);
      value = wide > BigInt(MAX_LENGTH) ? Infinity : Number(wide);
      minimum = 0x100000000;
    }
    if (value < minimum) throw new TransactionFormatError('non-canonical length in transaction');
    if (value > MAX_LENGTH) throw new TransactionFormatError('length in transaction too large');
    return value;
  }
}

function readInputs(reader: Reader): TransactionInput[] {
  const count = reader.compactSize();
  const inputs: TransactionInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const txid = Buffer.from(reader.take(32)).reverse().toString('hex');
    const vout = reader.uint32();
    reader.take(reader.compactSize());
    inputs.push({ txid, vout, sequence: reader.uint32() });
  }
  return inputs;
}

function readOutputs(reader: Reader, strippedShift: number): TransactionOutput[] {
  const count = reader.compactSize();
  const outputs: TransactionOutput[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = reader.take(8).readBigUInt64LE(0);
    const length = reader.compactSize();
    const scriptOffset = reader.offset - strippedShift;
    outputs.push({ value, script: Buffer.from(reader.take(length)), scriptOffset });
  }
  return outputs;
}

function skipWitnesses(reader: Reader, inputs: number): void {
  for (let i = 0; i < inputs; i += 1) {
    const items = reader.compactSize();
    for (let j = 0; j < items; j += 1) reader.take(reader.compactSize());
  }
}

/** Double SHA-256 (Bitcoin's `Hash256`). */
export function sha256d(data: Uint8Array): Buffer {
  return hash('sha256', hash('sha256', data, 'buffer'), 'buffer');
}

/**
 * Parses a serialised transaction (legacy or segwit, as `signrawtransactionwithwallet`,
 * `gettransaction` or `getrawtransaction` return it) and computes its txid. Throws
 * {@link TransactionFormatError} unless `bytes` is exactly one well-formed transaction.
 * Bytes 4–5 equal to `00 01` are read as the segwit marker and flag, so an unfunded transaction
 * without inputs (what `createrawtransaction` returns) is not supported — the backend never needs
 * to read one.
 */
export function parseTransaction(bytes: Uint8Array): ParsedTransaction {
  const raw = Buffer.from(bytes);
  const reader = new Reader(raw);
  reader.take(4);
  const hasWitness = raw[4] === 0x00 && raw[5] === 0x01;
  if (hasWitness) reader.take(2);
  const shift = hasWitness ? 2 : 0;
  const inputs = readInputs(reader);
  if (hasWitness && inputs.length === 0) {
    throw new TransactionFormatError('segwit transaction without inputs');
  }
  const outputs = readOutputs(reader, shift);
  const witnessStart = reader.offset;
  if (hasWitness) skipWitnesses(reader, inputs.length);
  const witnessEnd = reader.offset;
  reader.take(4);
  if (reader.offset !== raw.length) {
    throw new TransactionFormatError(`${raw.length - reader.offset} bytes after the transaction`);
  }
  const stripped = hasWitness
    ? Buffer.concat([raw.subarray(0, 4), raw.subarray(6, witnessStart), raw.subarray(witnessEnd)])
    : raw;
  const weight = stripped.length * (WITNESS_SCALE_FACTOR - 1) + raw.length;
  return {
    stripped,
    txid: sha256d(stripped).reverse().toString('hex'),
    inputs,
    outputs,
    hasWitness,
    vsize: Math.ceil(weight / WITNESS_SCALE_FACTOR),
  };
}

/** Parses a transaction given in hex, rejecting anything that is not even-length hex. */
export function parseTransactionHex(hex: string): ParsedTransaction {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) {
    throw new TransactionFormatError('transaction is not hex');
  }
  return parseTransaction(Buffer.from(hex, 'hex'));
}

/** The output script committing to `root`: `6a 20 <root>`. */
export function rootCommitmentScript(root: Uint8Array): Buffer {
  if (root.length !== ROOT_SIZE) {
    throw new RangeError(`a Merkle root is ${ROOT_SIZE} bytes, got ${root.length}`);
  }
  return Buffer.concat([Buffer.from([OP_RETURN, PUSH_32]), root]);
}

/** Index of the output whose script is exactly `OP_RETURN <root>`, or -1. */
export function findRootOutput(tx: ParsedTransaction, root: Uint8Array): number {
  const script = rootCommitmentScript(root);
  return tx.outputs.findIndex((output) => output.script.equals(script));
}

/**
 * The stripped serialisation split around the root: `prefix ‖ root ‖ suffix` is exactly what
 * the txid hashes, so `prepend(prefix)`, `append(suffix)`, `sha256`, `sha256` leads from the root
 * to the txid (internal byte order). Throws when no output commits to `root`, or when it does so
 * with a non-zero value (the root must be burnt, not paid to).
 */
export function splitAroundRoot(
  tx: ParsedTransaction,
  root: Uint8Array,
): { prefix: Buffer; suffix: Buffer } {
  const index = findRootOutput(tx, root);
  const output = tx.outputs[index];
  if (output === undefined) {
    throw new TransactionFormatError(`transaction ${tx.txid} has no OP_RETURN output for the root`);
  }
  if (output.value !== 0n) {
    throw new TransactionFormatError(
      `transaction ${tx.txid} puts ${output.value} sat in its OP_RETURN output`,
    );
  }
  const at = output.scriptOffset + 2;
  return {
    prefix: tx.stripped.subarray(0, at),
    suffix: tx.stripped.subarray(at + ROOT_SIZE),
  };
}
