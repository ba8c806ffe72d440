import { reversed, toHex } from '../common/bytes.js';
import { isBitcoinTransaction, transactionId } from '../bitcoin/transaction.js';
import { BitcoinBlockHeaderAttestation, LitecoinBlockHeaderAttestation } from './attestations.js';
import type { DetachedTimestampFile } from './detached-timestamp-file.js';
import type { Timestamp } from './timestamp.js';

function reversedHex(bytes: Uint8Array): string {
  return toHex(reversed(bytes));
}

function formatNode(node: Timestamp, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const attestation of node.sortedAttestations()) {
    out += `${pad}verify ${attestation.toString()}\n`;
    if (attestation instanceof BitcoinBlockHeaderAttestation) {
      out += `${pad}# Bitcoin block merkle root ${reversedHex(node.msg)}\n`;
    } else if (attestation instanceof LitecoinBlockHeaderAttestation) {
      out += `${pad}# Litecoin block merkle root ${reversedHex(node.msg)}\n`;
    }
  }
  const ops = node.sortedOps();
  const txid = ops.length > 0 && isBitcoinTransaction(node.msg) ? transactionId(node.msg) : null;
  if (ops.length > 1) {
    for (const [op, child] of ops) {
      if (txid !== null) out += `${pad}* Transaction id ${txid}\n`;
      out += `${pad} -> ${op.toString()}\n`;
      out += formatNode(child, indent + 4);
    }
  } else {
    const only = ops[0];
    if (only) {
      if (txid !== null) out += `${pad}# Transaction id ${txid}\n`;
      out += `${pad}${only[0].toString()}\n`;
      out += formatNode(only[1], indent);
    }
  }
  return out;
}

/**
 * The timestamp tree as text, exactly like python-opentimestamps' `Timestamp.str_tree()` (what
 * `ots info` prints below "Timestamp:"): one line per operation (`append 0a…`, `sha256`), forks as
 * ` -> ` lines with their branch indented four more spaces, `verify BitcoinBlockHeaderAttestation(
 * 523364)` / `verify PendingAttestation('https://…')` lines, the block's merkle root (display
 * order) after a Bitcoin attestation, and `# Transaction id …` where a message is a Bitcoin
 * transaction. Ends with a newline.
 */
export function formatTimestamp(timestamp: Timestamp): string {
  return formatNode(timestamp, 0);
}

/**
 * Everything the reference client's `ots info <file.ots>` writes to stdout, final newline
 * included: `File sha256 hash: <hex>`, `Timestamp:`, then {@link formatTimestamp} and the extra
 * newline Python's `print` adds. Write it with `process.stdout.write`, not `console.log`.
 */
export function formatOtsInfo(file: DetachedTimestampFile): string {
  return (
    `File ${file.fileHashOp.name} hash: ${toHex(file.fileDigest)}\n` +
    `Timestamp:\n${formatTimestamp(file.timestamp)}\n`
  );
}
