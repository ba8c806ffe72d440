import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readVector, VECTOR_NAMES } from '../test-support/vectors.js';
import {
  BitcoinBlockHeaderAttestation,
  LitecoinBlockHeaderAttestation,
  PendingAttestation,
  UnknownAttestation,
} from './attestations.js';
import { BytesReader } from './bytes-reader.js';
import { BytesWriter } from './bytes-writer.js';
import { DetachedTimestampFile, HEADER_MAGIC } from './detached-timestamp-file.js';
import {
  BadMagicError,
  OtsDeserializationError,
  OtsSerializationError,
  RecursionLimitError,
  TrailingGarbageError,
  TruncationError,
  UnsupportedMajorVersionError,
  UnsupportedOperationError,
} from './errors.js';
import {
  OpAppend,
  OpHexlify,
  OpKeccak256,
  OpPrepend,
  OpReverse,
  OpRipemd160,
  OpSha1,
  OpSha256,
} from './ops.js';
import { MAX_TIMESTAMP_DEPTH, Timestamp } from './timestamp.js';

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** `.ots` bytes: header for a sha256 digest, then the raw timestamp bytes given. */
function otsBytes(digest: Buffer, body: Buffer): Buffer {
  return Buffer.concat([HEADER_MAGIC, Buffer.from([0x01, 0x08]), digest, body]);
}

const BITCOIN_100 = hex('00 0588960d73d71901 01 64');

describe('varuint and varbytes', () => {
  const cases: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [523364, 'e4f81f'],
    [2 ** 32, '8080808010'],
    [Number.MAX_SAFE_INTEGER, 'ffffffffffffff0f'],
  ];

  it.each(cases)('writes %d as minimal LEB128 %s and reads it back', (value, encoded) => {
    const writer = new BytesWriter();
    writer.writeVaruint(value);
    expect(Buffer.from(writer.toBytes()).toString('hex')).toBe(encoded);
    const reader = new BytesReader(hex(encoded));
    expect(reader.readVaruint()).toBe(value);
    expect(reader.remaining).toBe(0);
  });

  it('accepts non-minimal encodings like the reference', () => {
    expect(new BytesReader(hex('808000')).readVaruint()).toBe(0);
    expect(new BytesReader(hex('ff80808000')).readVaruint()).toBe(127);
  });

  it('rejects values beyond 2^53-1 and truncated varuints', () => {
    expect(() => new BytesReader(hex('ffffffffffffffff7f')).readVaruint()).toThrow(
      OtsDeserializationError,
    );
    expect(() => new BytesReader(hex('8080')).readVaruint()).toThrow(TruncationError);
  });

  it('checks varbytes length bounds', () => {
    expect(() => new BytesReader(hex('03aabbcc')).readVarbytes(2)).toThrow(/max length exceeded/);
    expect(() => new BytesReader(hex('00')).readVarbytes(10, 1)).toThrow(/min length not met/);
    expect(() => new BytesReader(hex('05aabb')).readVarbytes(10)).toThrow(TruncationError);
  });
});

describe('the test vectors', () => {
  it.each(VECTOR_NAMES)('%s.ots parses and re-serialises to the same bytes', (name) => {
    const bytes = readVector(`${name}.ots`);
    const file = DetachedTimestampFile.deserialize(bytes);
    expect(file.fileHashOp.name).toBe('sha256');
    expect(Buffer.from(file.fileDigest).equals(sha256(readVector(name)))).toBe(true);
    expect(Buffer.from(file.serialize()).equals(bytes)).toBe(true);
  });

  it('osdsp.txt.ots commits to the merkle root of block 523364 (internal byte order)', () => {
    const file = DetachedTimestampFile.deserialize(readVector('osdsp.txt.ots'));
    const all = [...file.timestamp.allAttestations()];
    expect(all.map(({ attestation }) => attestation.toString()).sort()).toEqual([
      'BitcoinBlockHeaderAttestation(523364)',
      "PendingAttestation('https://alice.btc.calendar.opentimestamps.org')",
      "PendingAttestation('https://bob.btc.calendar.opentimestamps.org')",
      "PendingAttestation('https://btc.calendar.catallaxy.com')",
      "PendingAttestation('https://finney.calendar.eternitywall.com')",
    ]);
    const bitcoin = all.find(
      ({ attestation }) => attestation instanceof BitcoinBlockHeaderAttestation,
    );
    expect(
      Buffer.from(bitcoin?.msg ?? [])
        .reverse()
        .toString('hex'),
    ).toBe('3c4fe7e01d8a73acbef3cbf6269d53f21eeffba8afab0fea5e78e7a053077839');
  });

  it('unknown-notary.txt.ots keeps the unknown attestation byte for byte', () => {
    const file = DetachedTimestampFile.deserialize(readVector('unknown-notary.txt.ots'));
    const [only, ...rest] = [...file.timestamp.allAttestations()];
    expect(rest).toEqual([]);
    expect(only?.attestation).toBeInstanceOf(UnknownAttestation);
    const unknown = only?.attestation as UnknownAttestation;
    expect(Buffer.from(unknown.tag).toString('hex')).toBe('0102030405060708');
    expect(Buffer.from(unknown.payload).toString('latin1')).toBe('x'.repeat(46));
  });
});

describe('proofs we build', () => {
  function sampleProof(): DetachedTimestampFile {
    const file = DetachedTimestampFile.forSha256Digest(sha256('a certified document'));
    const root = file.timestamp;
    // Inserted out of order on purpose: the writer must sort like the reference.
    const nonce = root.add(new OpAppend(hex('ffee'))).add(new OpSha256());
    nonce.addAttestation(new PendingAttestation('https://b.calendar.example'));
    nonce.addAttestation(new BitcoinBlockHeaderAttestation(800_000));
    nonce.addAttestation(new PendingAttestation('https://a.calendar.example'));
    nonce.addAttestation(new BitcoinBlockHeaderAttestation(700_000));
    nonce.addAttestation(new UnknownAttestation(hex('0102030405060708'), Buffer.from('x')));
    nonce.addAttestation(new LitecoinBlockHeaderAttestation(5));
    const fork = root.add(new OpAppend(hex('00')));
    fork
      .add(new OpReverse())
      .add(new OpHexlify())
      .add(new OpSha1())
      .addAttestation(new BitcoinBlockHeaderAttestation(1));
    fork.add(new OpRipemd160()).addAttestation(new PendingAttestation('https://c.example'));
    root
      .add(new OpPrepend(hex('01')))
      .add(new OpSha256())
      .addAttestation(new BitcoinBlockHeaderAttestation(2));
    return file;
  }

  it('round-trips byte for byte and structurally', () => {
    const file = sampleProof();
    const bytes = file.serialize();
    const parsed = DetachedTimestampFile.deserialize(bytes);
    expect(Buffer.from(parsed.serialize()).equals(bytes)).toBe(true);
    expect(parsed.timestamp.equals(file.timestamp)).toBe(true);
  });

  it('writes attestations and operations in the reference order', () => {
    const node = new Timestamp(hex('aa'));
    node.addAttestation(new PendingAttestation('https://b.example'));
    node.addAttestation(new UnknownAttestation(hex('ffffffffffffffff'), hex('')));
    node.addAttestation(new BitcoinBlockHeaderAttestation(2));
    node.addAttestation(new PendingAttestation('https://a.example'));
    node.addAttestation(new BitcoinBlockHeaderAttestation(1));
    node.add(new OpPrepend(hex('01'))).addAttestation(new BitcoinBlockHeaderAttestation(9));
    node.add(new OpAppend(hex('0201'))).addAttestation(new BitcoinBlockHeaderAttestation(9));
    node.add(new OpAppend(hex('02'))).addAttestation(new BitcoinBlockHeaderAttestation(9));
    node.add(new OpSha256()).addAttestation(new BitcoinBlockHeaderAttestation(9));
    const expected = hex(`
      ff 00 0588960d73d71901 01 01
      ff 00 0588960d73d71901 01 02
      ff 00 83dfe30d2ef90c8e 12 11 68747470733a2f2f612e6578616d706c65
      ff 00 83dfe30d2ef90c8e 12 11 68747470733a2f2f622e6578616d706c65
      ff 00 ffffffffffffffff 00
      ff 08 00 0588960d73d71901 01 09
      ff f0 01 02 00 0588960d73d71901 01 09
      ff f0 02 0201 00 0588960d73d71901 01 09
      f1 01 01 00 0588960d73d71901 01 09`);
    expect(Buffer.from(node.toBytes()).toString('hex')).toBe(expected.toString('hex'));
  });

  it('parses a bare timestamp (as calendars send them) and rejects trailing bytes', () => {
    const node = new Timestamp(sha256('commitment'));
    node.add(new OpAppend(hex('0102'))).addAttestation(new PendingAttestation('https://a.example'));
    const bytes = node.toBytes();
    expect(Timestamp.fromBytes(bytes, node.msg).equals(node)).toBe(true);
    expect(() => Timestamp.fromBytes(Buffer.concat([bytes, hex('00')]), node.msg)).toThrow(
      TrailingGarbageError,
    );
  });

  it('refuses to write an empty timestamp', () => {
    expect(() => new Timestamp(sha256('x')).toBytes()).toThrow(OtsSerializationError);
    const node = new Timestamp(sha256('x'));
    node.add(new OpSha256());
    expect(() => node.toBytes()).toThrow(/empty timestamp/);
  });

  it('deduplicates attestations and merges timestamps', () => {
    const a = new Timestamp(sha256('m'));
    a.add(new OpSha256()).addAttestation(new PendingAttestation('https://a.example'));
    const b = new Timestamp(sha256('m'));
    b.add(new OpSha256()).addAttestation(new PendingAttestation('https://a.example'));
    b.add(new OpSha256()).addAttestation(new BitcoinBlockHeaderAttestation(3));
    a.merge(b);
    expect(a.ops.size).toBe(1);
    expect([...a.allAttestations()].map(({ attestation }) => attestation.toString())).toEqual([
      "PendingAttestation('https://a.example')",
      'BitcoinBlockHeaderAttestation(3)',
    ]);
    expect(() => a.merge(new Timestamp(sha256('other')))).toThrow(/different messages/);
  });

  it('keeps every child consistent with its operation', () => {
    const node = new Timestamp(sha256('m'));
    expect(() => node.setOp(new OpSha256(), new Timestamp(sha256('not it')))).toThrow(
      /does not lead/,
    );
    const child = new Timestamp(new OpSha256().evaluate(node.msg));
    node.setOp(new OpSha256(), child);
    expect(node.getOp(new OpSha256())).toBe(child);
  });
});

describe('operation limits', () => {
  it('evaluates the operations like the reference', () => {
    const msg = hex('0102');
    expect(Buffer.from(new OpAppend(hex('03')).evaluate(msg)).toString('hex')).toBe('010203');
    expect(Buffer.from(new OpPrepend(hex('00')).evaluate(msg)).toString('hex')).toBe('000102');
    expect(Buffer.from(new OpReverse().evaluate(msg)).toString('hex')).toBe('0201');
    expect(Buffer.from(new OpHexlify().evaluate(msg)).toString('latin1')).toBe('0102');
    expect(Buffer.from(new OpSha1().evaluate(Buffer.alloc(0))).toString('hex')).toBe(
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    );
    expect(Buffer.from(new OpRipemd160().evaluate(Buffer.alloc(0))).toString('hex')).toBe(
      '9c1185a5c5e9fc54612808977ee8f548b2258d31',
    );
    expect(new OpSha256().toString()).toBe('sha256');
    expect(new OpAppend(hex('0a1b')).toString()).toBe('append 0a1b');
  });

  it('rejects empty and over-long arguments, messages and results', () => {
    expect(() => new OpAppend(Buffer.alloc(0))).toThrow(/can't be empty/);
    expect(() => new OpPrepend(Buffer.alloc(4097))).toThrow(/too long/);
    expect(() => new OpHexlify().evaluate(Buffer.alloc(2049))).toThrow(/message too long/);
    expect(() => new OpReverse().evaluate(Buffer.alloc(0))).toThrow(/empty message/);
    expect(() => new OpAppend(Buffer.alloc(100)).evaluate(Buffer.alloc(4000))).toThrow(
      /result too long/,
    );
    expect(() => new OpSha256().evaluate(Buffer.alloc(4097))).toThrow(/message too long/);
  });

  it('parses keccak256 but refuses to evaluate it', () => {
    const header = Buffer.concat([HEADER_MAGIC, hex('01 67'), Buffer.alloc(32, 7), BITCOIN_100]);
    const file = DetachedTimestampFile.deserialize(header);
    expect(file.fileHashOp).toBeInstanceOf(OpKeccak256);
    expect(Buffer.from(file.serialize()).equals(header)).toBe(true);
    expect(() => file.fileHashOp.digest(Buffer.from('x'))).toThrow(UnsupportedOperationError);
    const inTree = otsBytes(sha256('x'), Buffer.concat([hex('67'), BITCOIN_100]));
    expect(() => DetachedTimestampFile.deserialize(inTree)).toThrow(UnsupportedOperationError);
  });

  it('rejects operations invalid for their message while parsing', () => {
    // append of 4090 bytes to a 32-byte digest: result 4122 > 4096.
    const long = Buffer.concat([hex('f0 fa1f'), Buffer.alloc(4090, 1), BITCOIN_100]);
    expect(() => DetachedTimestampFile.deserialize(otsBytes(sha256('x'), long))).toThrow(
      /message invalid for op append/,
    );
  });
});

describe('attestation parsing', () => {
  it('checks pending URIs like the reference', () => {
    const pending = (uri: Buffer): Buffer => {
      const payload = Buffer.concat([Buffer.from([uri.length]), uri]);
      return otsBytes(
        sha256('x'),
        Buffer.concat([hex('00 83dfe30d2ef90c8e'), Buffer.from([payload.length]), payload]),
      );
    };
    expect(() =>
      DetachedTimestampFile.deserialize(pending(Buffer.from('https://a.example/x'))),
    ).not.toThrow();
    expect(() =>
      DetachedTimestampFile.deserialize(pending(Buffer.from('https://a.example/?q'))),
    ).toThrow(/invalid calendar URI/);
    expect(() =>
      DetachedTimestampFile.deserialize(pending(Buffer.from('https://ä.example'))),
    ).toThrow(/invalid calendar URI/);
    expect(() => new PendingAttestation(`https://${'a'.repeat(1000)}`)).toThrow(/1000/);
  });

  it('rejects a known attestation whose payload has extra bytes', () => {
    const bytes = otsBytes(sha256('x'), hex('00 0588960d73d71901 02 64 00'));
    expect(() => DetachedTimestampFile.deserialize(bytes)).toThrow(TrailingGarbageError);
  });

  it('rejects payloads above 8192 bytes', () => {
    const bytes = otsBytes(
      sha256('x'),
      Buffer.concat([hex('00 0102030405060708 8140'), Buffer.alloc(8193)]),
    );
    expect(() => DetachedTimestampFile.deserialize(bytes)).toThrow(/max length exceeded/);
  });
});

describe('malformed files', () => {
  const osdsp = readVector('osdsp.txt.ots');

  it('rejects a wrong magic, version or file hash op', () => {
    const magic = Buffer.from(osdsp);
    magic[1] = 0x50;
    expect(() => DetachedTimestampFile.deserialize(magic)).toThrow(BadMagicError);
    expect(() => DetachedTimestampFile.deserialize(Buffer.from('not a proof'))).toThrow(
      BadMagicError,
    );
    const version = Buffer.from(osdsp);
    version[HEADER_MAGIC.length] = 2;
    expect(() => DetachedTimestampFile.deserialize(version)).toThrow(UnsupportedMajorVersionError);
    const hashOp = Buffer.from(osdsp);
    hashOp[HEADER_MAGIC.length + 1] = 0xf0;
    expect(() => DetachedTimestampFile.deserialize(hashOp)).toThrow(/unknown crypt operation/);
  });

  it('rejects every truncation of a proof', () => {
    for (let length = 0; length < osdsp.length; length += 1) {
      expect(() => DetachedTimestampFile.deserialize(osdsp.subarray(0, length))).toThrow(
        OtsDeserializationError,
      );
    }
  });

  it('rejects trailing bytes', () => {
    for (const extra of [hex('00'), hex('ff'), osdsp.subarray(-20)]) {
      expect(() => DetachedTimestampFile.deserialize(Buffer.concat([osdsp, extra]))).toThrow(
        TrailingGarbageError,
      );
    }
  });

  it('rejects unknown operation tags', () => {
    const bytes = otsBytes(sha256('x'), Buffer.concat([hex('09'), BITCOIN_100]));
    expect(() => DetachedTimestampFile.deserialize(bytes)).toThrow(/unknown operation tag 0x9/);
  });

  it('reads 255 nested operations but not 256 (python-opentimestamps recursion limit)', () => {
    const chain = (ops: number): Buffer =>
      otsBytes(sha256('x'), Buffer.concat([Buffer.alloc(ops, 0x08), BITCOIN_100]));
    const deepest = DetachedTimestampFile.deserialize(chain(MAX_TIMESTAMP_DEPTH - 1));
    expect(Buffer.from(deepest.serialize()).equals(chain(MAX_TIMESTAMP_DEPTH - 1))).toBe(true);
    expect(() => DetachedTimestampFile.deserialize(chain(MAX_TIMESTAMP_DEPTH))).toThrow(
      RecursionLimitError,
    );
    expect(() => DetachedTimestampFile.deserialize(chain(100_000))).toThrow(RecursionLimitError);
  });

  it('refuses to write a proof deeper than readers accept', () => {
    const file = DetachedTimestampFile.forSha256Digest(sha256('x'));
    let tip = file.timestamp;
    for (let i = 0; i < MAX_TIMESTAMP_DEPTH; i += 1) tip = tip.add(new OpSha256());
    tip.addAttestation(new BitcoinBlockHeaderAttestation(1));
    expect(() => file.serialize()).toThrow(OtsSerializationError);
  });
});
