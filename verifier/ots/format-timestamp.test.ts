import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isBitcoinTransaction, transactionId } from '../bitcoin/transaction.js';
import { readVector } from '../test-support/vectors.js';
import { DetachedTimestampFile } from './detached-timestamp-file.js';
import { formatOtsInfo, formatTimestamp } from './format-timestamp.js';

const parse = (name: string): DetachedTimestampFile =>
  DetachedTimestampFile.deserialize(readVector(name));

describe('formatOtsInfo (the reference client’s `ots info`)', () => {
  it('prints a pending proof', () => {
    expect(formatOtsInfo(parse('incomplete.txt.ots'))).toBe(
      [
        'File sha256 hash: 05c4f616a8e5310d19d938cfd769864d7f4ccdc2ca8b479b10af83564b097af9',
        'Timestamp:',
        'append e754bf93806a7ebaa680ef7bd0114bf4',
        'sha256',
        'append b573e8850cfd9e63d1f043fbb6fc250e',
        'sha256',
        'prepend 57cfa5c4',
        'append 6fb1ac8d4e4eb0e7',
        "verify PendingAttestation('https://alice.btc.calendar.opentimestamps.org')",
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints an unknown attestation with Python reprs', () => {
    expect(formatTimestamp(parse('unknown-notary.txt.ots').timestamp)).toContain(
      `verify UnknownAttestation(b'\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08', b'${'x'.repeat(46)}')\n`,
    );
  });

  it('prints forks, the Bitcoin attestation, its merkle root and the transaction id', () => {
    const lines = formatTimestamp(parse('osdsp.txt.ots').timestamp).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'append 6a6c63dbd77f703dd4a6f839c3de5129',
      'sha256',
      ' -> append 08a28ede8508fec9111dd074af0e46b3',
      '    sha256',
    ]);
    expect(lines.filter((line) => line.startsWith(' -> '))).toHaveLength(4);
    const verify = lines.indexOf('    verify BitcoinBlockHeaderAttestation(523364)');
    expect(verify).toBeGreaterThan(0);
    expect(lines[verify + 1]).toBe(
      '    # Bitcoin block merkle root 3c4fe7e01d8a73acbef3cbf6269d53f21eeffba8afab0fea5e78e7a053077839',
    );
    expect(lines).toContain(
      '    # Transaction id 1491c13ace732342bbb40aa514724607a1aacdb3687f2802a62e29930b668ead',
    );
    expect(lines.at(-2)).toBe(
      "    verify PendingAttestation('https://finney.calendar.eternitywall.com')",
    );
  });
});

describe('isBitcoinTransaction', () => {
  it('recognises the anchoring transaction in osdsp.txt.ots and nothing else there', () => {
    const file = parse('osdsp.txt.ots');
    const transactions: Buffer[] = [];
    const visit = (node: typeof file.timestamp): void => {
      if (isBitcoinTransaction(node.msg)) transactions.push(Buffer.from(node.msg));
      for (const child of node.ops.values()) visit(child);
    };
    visit(file.timestamp);
    expect(transactions.map((tx) => transactionId(tx))).toEqual([
      '1491c13ace732342bbb40aa514724607a1aacdb3687f2802a62e29930b668ead',
    ]);
  });

  it('rejects random bytes, truncations and trailing bytes', () => {
    for (let i = 0; i < 200; i += 1) expect(isBitcoinTransaction(randomBytes(32))).toBe(false);
    const tx = Buffer.from(
      '0100000001' +
        '00'.repeat(32) +
        'ffffffff' +
        '00' +
        'ffffffff' +
        '01' +
        '00'.repeat(8) +
        '00' +
        '00000000',
      'hex',
    );
    expect(isBitcoinTransaction(tx)).toBe(true);
    expect(isBitcoinTransaction(tx.subarray(0, -1))).toBe(false);
    expect(isBitcoinTransaction(Buffer.concat([tx, Buffer.alloc(1)]))).toBe(false);
  });
});
