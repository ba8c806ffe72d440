import { hash as sha256 } from 'node:crypto';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DatabaseConfig } from '../config.js';
import type { Executor } from '../db/database.js';
import {
  breakOf,
  checkChainRange,
  exactHash,
  VERIFY_PAGE,
  type ChainBreak,
  type ChainRange,
  type RangeCheck,
} from './verify-range.js';

/*
 * A range of the chain read from PostgreSQL by `COPY (select …) TO STDOUT (FORMAT binary)` on a
 * connection of its own, and hashed from the bytes the server sends. Profiled over a million
 * entries, the page queries of checkChainRange spent their time in the server building each
 * row's JSON (`to_json`, `to_char`: 2.7 s of its CPU) and in the driver turning every row into
 * JavaScript strings; here the server only sends the columns as they are stored, and each row's
 * canonical JSON is written byte for byte into one reused buffer (no string, no object a row).
 */

/** The columns copied, in this order. */
const COLUMNS = [
  'seq',
  'prev_hash',
  'hash',
  'action',
  'actor_id',
  'actor_type',
  'detail',
  'occurred_at',
  'organisation_id',
  'target_id',
] as const;
const SEQ = 0;
const PREV_HASH = 1;
const HASH = 2;
const ACTION = 3;
const ACTOR_ID = 4;
const ACTOR_TYPE = 5;
const DETAIL = 6;
const OCCURRED_AT = 7;
const ORGANISATION_ID = 8;
const TARGET_ID = 9;

/** "PGCOPY\n\377\r\n\0", then 32-bit flags and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;

/** PostgreSQL's binary timestamps count microseconds from 2000-01-01T00:00:00Z. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
/** The instants a JavaScript Date holds (beyond them, and ±infinity, the exact hash decides). */
const MAX_DATE_MS = 8.64e15;

const ascii = (text: string) => Buffer.from(text, 'latin1');
/** The canonical JSON (entry-hash.ts) around each value: keys alphabetical, no spaces. */
const KEY = {
  action: ascii('{"action":'),
  actorId: ascii(',"actorId":'),
  actorType: ascii(',"actorType":'),
  detail: ascii(',"detail":'),
  occurredAt: ascii(',"occurredAt":"'),
  organisationId: ascii('","organisationId":'),
  seq: ascii(',"seq":'),
  targetId: ascii(',"targetId":'),
  end: ascii('}'),
  null: ascii('null'),
};
const HEX = ascii('0123456789abcdef');

/** JSON.stringify's two-character escapes; other bytes below 0x20 become \u00xx. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const [byte, letter] of [
  [0x22, '"'],
  [0x5c, '\\'],
  [0x08, 'b'],
  [0x0c, 'f'],
  [0x0a, 'n'],
  [0x0d, 'r'],
  [0x09, 't'],
] as const) {
  SHORT_ESCAPE[byte] = letter.charCodeAt(0);
}

/** The statement, with the range's bounds as integers (COPY takes no parameters). */
function copyStatement(range: ChainRange): string {
  const integer = (value: number) => {
    if (!Number.isSafeInteger(value)) throw new Error(`not a seq: ${value}`);
    return String(value);
  };
  // As checkChainRange's pages do, read on to the first stored entry at or past `toSeq`: it
  // tells whether the range ends where it should, and names the next entry when one is missing.
  const upTo =
    range.toSeq === null
      ? ''
      : ` and seq <= coalesce((select min(seq) from audit_events where seq >= ${integer(range.toSeq)}), ${integer(range.toSeq)})`;
  return `copy (select ${COLUMNS.join(', ')} from audit_events
    where seq >= ${integer(range.fromSeq)}${upTo} order by seq) to stdout (format binary)`;
}

/** Each byte's value as a hex digit, or -1 (lower-case digits only, as HEX_DIGEST). */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit += 1) HEX_VALUE[HEX[digit] ?? 0] = digit;

/**
 * Writes 32 bytes of prevHash and an entry's canonical JSON into one reused buffer, from the
 * fields of one copied row, as `JSON.stringify` encodes them: texts arrive as UTF-8, which
 * JSON.stringify leaves as it is but for `"`, `\` and control characters. Byte loops, not
 * Buffer#copy: the fields are short, and its argument checks cost more than the copy.
 */
class CanonicalWriter {
  private message = Buffer.alloc(16 * 1024);
  /** A view of the message's first n bytes, by n: a new view a row cost more than its hash. */
  private views: Buffer[] = [];
  private position = 0;
  private day = Number.NaN;
  private dayPrefix = Buffer.alloc(0);

  /** Starts with the 64 hex digits at `start` as bytes; false when they are not lower-case hex. */
  start(row: Buffer, start: number, length: number, room: number): boolean {
    if (length !== 64) return false;
    if (32 + room > this.message.length) {
      this.message = Buffer.alloc(2 * (32 + room));
      this.views = [];
    }
    const { message } = this;
    for (let index = 0; index < 32; index += 1) {
      const high = HEX_VALUE[row[start + 2 * index] ?? 0] ?? -1;
      const low = HEX_VALUE[row[start + 2 * index + 1] ?? 0] ?? -1;
      if (high < 0 || low < 0) return false;
      message[index] = (high << 4) | low;
    }
    this.position = 32;
    return true;
  }

  bytes(source: Uint8Array): void {
    const { message } = this;
    let at = this.position;
    for (let index = 0; index < source.length; index += 1) message[at++] = source[index] ?? 0;
    this.position = at;
  }

  /** A text column (`length` -1 for NULL) as a JSON string. */
  text(row: Buffer, start: number, length: number): void {
    if (length < 0) {
      this.bytes(KEY.null);
      return;
    }
    const { message } = this;
    let at = this.position;
    message[at++] = 0x22;
    const end = start + length;
    for (let index = start; index < end; index += 1) {
      const byte = row[index] ?? 0;
      if (byte >= 0x20 && byte !== 0x22 && byte !== 0x5c) {
        message[at++] = byte;
        continue;
      }
      message[at++] = 0x5c;
      const letter = SHORT_ESCAPE[byte] ?? 0;
      if (letter !== 0) message[at++] = letter;
      else {
        message[at++] = 0x75; // u00xx
        message[at++] = 0x30;
        message[at++] = 0x30;
        message[at++] = HEX[byte >> 4] ?? 0;
        message[at++] = HEX[byte & 15] ?? 0;
      }
    }
    message[at++] = 0x22;
    this.position = at;
  }

  integer(value: number): void {
    if (value < 0) {
      this.position += this.message.write(String(value), this.position, 'latin1');
      return;
    }
    const { message } = this;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    let at = this.position + digits;
    this.position = at;
    let rest = value;
    do {
      message[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /** `Date#toISOString()` of `ms`, the date part computed once a day. */
  isoTime(ms: number): void {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      const iso = new Date(day * DAY_MS).toISOString();
      this.dayPrefix = ascii(iso.slice(0, iso.indexOf('T') + 1));
      this.day = day;
    }
    this.bytes(this.dayPrefix);
    const time = ms - day * DAY_MS;
    const { message } = this;
    let at = this.position;
    at = twoDigits(message, at, Math.floor(time / 3_600_000));
    message[at++] = 0x3a;
    at = twoDigits(message, at, Math.floor(time / 60_000) % 60);
    message[at++] = 0x3a;
    at = twoDigits(message, at, Math.floor(time / 1000) % 60);
    message[at++] = 0x2e;
    const millis = time % 1000;
    message[at++] = 0x30 + Math.floor(millis / 100);
    at = twoDigits(message, at, millis % 100);
    message[at++] = 0x5a;
    this.position = at;
  }

  /** SHA-256 of what was written, lower-case hex (a string: no Buffer to collect a row). */
  digest(): string {
    const length = this.position;
    let view = this.views[length];
    if (view === undefined) {
      view = this.message.subarray(0, length);
      this.views[length] = view;
    }
    return sha256('sha256', view, 'hex');
  }
}

function twoDigits(message: Buffer, at: number, value: number): number {
  message[at] = 0x30 + Math.floor(value / 10);
  message[at + 1] = 0x30 + (value % 10);
  return at + 2;
}

/**
 * checkChainRange (verify-range.ts) over PostgreSQL by binary COPY on its own connection to
 * `url`: the same checks in the same order, the same words for the same break. The canonical
 * JSON written from the copied bytes is the fast form; an entry whose stored hash it does not
 * give — or whose fields it does not cover: a NULL time, one past a JavaScript Date, a prevHash
 * that is not lower-case hex — is hashed again from its fields by the appender's own function
 * (through `db`) before it is called altered, so the verdict is checkChainRange's.
 */
export async function checkChainRangeByCopy(
  db: Executor,
  url: string,
  range: ChainRange,
  anchoredHashes: ReadonlyMap<number, string>,
  onPage?: (checked: number) => void,
): Promise<RangeCheck> {
  const writer = new CanonicalWriter();
  /** The hash the next entry must follow (its prevHash), null until known at an open start. */
  let previousHash = range.prevHash;
  const starts = new Int32Array(COLUMNS.length);
  const lengths = new Int32Array(COLUMNS.length);

  let expected = range.fromSeq;
  let firstPrevHash: string | null = null;
  let checked = 0;
  let rehashed = 0;
  let lastSeq = range.fromSeq - 1;
  const result = (broken: ChainBreak | null): RangeCheck => ({
    checked,
    firstPrevHash,
    last: { seq: lastSeq, hash: (checked > 0 ? previousHash : range.prevHash) ?? '' },
    break: broken,
    rehashed,
  });
  const text = (row: Buffer, column: number): string | null => {
    const length = lengths[column] ?? -1;
    const start = starts[column] ?? 0;
    return length < 0 ? null : row.toString('utf8', start, start + length);
  };
  /** Whether a column holds `value` (an ASCII string compared byte by byte, any other as text). */
  const holds = (row: Buffer, column: number, value: string): boolean => {
    const length = lengths[column] ?? -1;
    const start = starts[column] ?? 0;
    if (length !== value.length) return text(row, column) === value;
    for (let index = 0; index < length; index += 1) {
      const code = value.charCodeAt(index);
      if (code >= 0x80) return text(row, column) === value;
      if (row[start + index] !== code) return false;
    }
    return true;
  };

  /** The fast form's hash of the row, or null when the row is not one it covers. */
  const fastHash = (row: Buffer, seq: number): string | null => {
    const at = (column: number) => starts[column] ?? 0;
    const length = (column: number) => lengths[column] ?? -1;
    if (length(OCCURRED_AT) !== 8) return null;
    const micros =
      row.readInt32BE(at(OCCURRED_AT)) * 2 ** 32 + row.readUInt32BE(at(OCCURRED_AT) + 4);
    const ms = POSTGRES_EPOCH_MS + Math.floor(micros / 1000);
    if (!(Math.abs(ms) <= MAX_DATE_MS)) return null;
    const organisation = length(ORGANISATION_ID);
    if (organisation !== -1 && organisation !== 4) return null;
    // Room for the keys, the time, two integers and every text escaped at worst (6 bytes a byte).
    const texts =
      Math.max(length(ACTION), 0) +
      Math.max(length(ACTOR_ID), 0) +
      Math.max(length(ACTOR_TYPE), 0) +
      Math.max(length(DETAIL), 0) +
      Math.max(length(TARGET_ID), 0);
    if (!writer.start(row, at(PREV_HASH), length(PREV_HASH), 256 + 6 * texts)) return null;
    writer.bytes(KEY.action);
    writer.text(row, at(ACTION), length(ACTION));
    writer.bytes(KEY.actorId);
    writer.text(row, at(ACTOR_ID), length(ACTOR_ID));
    writer.bytes(KEY.actorType);
    writer.text(row, at(ACTOR_TYPE), length(ACTOR_TYPE));
    writer.bytes(KEY.detail);
    writer.text(row, at(DETAIL), length(DETAIL));
    writer.bytes(KEY.occurredAt);
    writer.isoTime(ms);
    writer.bytes(KEY.organisationId);
    if (organisation === -1) writer.bytes(KEY.null);
    else writer.integer(row.readInt32BE(at(ORGANISATION_ID)));
    writer.bytes(KEY.seq);
    writer.integer(seq);
    writer.bytes(KEY.targetId);
    writer.text(row, at(TARGET_ID), length(TARGET_ID));
    writer.bytes(KEY.end);
    return writer.digest();
  };

  /** The end of a row's check once its hash is confirmed. */
  const accept = (seq: number, hash: string | null): ChainBreak | null => {
    const anchoredHash = anchoredHashes.get(seq);
    if (anchoredHash !== undefined && anchoredHash !== hash) return breakOf.notAnchoredHead(seq);
    previousHash = hash;
    checked += 1;
    expected = seq + 1;
    lastSeq = seq;
    if (checked % VERIFY_PAGE === 0) onPage?.(checked);
    return null;
  };

  /**
   * One copied row, as checkChainRange checks a page row: 'end' when the range is done, a
   * break, null to go on, or 'rehash' when the fast form did not give the stored hash.
   */
  const checkRow = (row: Buffer): ChainBreak | 'end' | 'rehash' | null => {
    if (lengths[SEQ] !== 4) throw new Error('audit_events.seq is not a 32-bit integer');
    const seq = row.readInt32BE(starts[SEQ] ?? 0);
    if (range.toSeq !== null && seq >= range.toSeq && expected === range.toSeq) return 'end';
    if (seq !== expected) return breakOf.missing(expected, seq);
    if (seq === range.fromSeq) firstPrevHash = text(row, PREV_HASH);
    if (previousHash !== null && !holds(row, PREV_HASH, previousHash))
      return breakOf.notFollowing(seq);
    const hash = fastHash(row, seq);
    if (hash === null || !holds(row, HASH, hash)) return 'rehash';
    return accept(seq, hash);
  };

  /** The rest of a row's check by the exact hash, from its fields read again. */
  const rehashRow = async (row: Buffer): Promise<ChainBreak | null> => {
    const seq = row.readInt32BE(starts[SEQ] ?? 0);
    rehashed += 1;
    const hash = await exactHash(db, seq);
    if (hash !== text(row, HASH)) return breakOf.altered(seq);
    return accept(seq, hash);
  };

  const client = new pg.Client({ connectionString: url });
  // An error after the stream is given up (a break found mid-range) must not go unhandled.
  client.on('error', () => undefined);
  await client.connect();
  const stream = client.query(copyTo(copyStatement(range)));
  stream.on('error', () => undefined);
  try {
    let pending: Buffer | null = null;
    let headerRead = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data: Buffer = pending === null ? chunk : Buffer.concat([pending, chunk]);
      pending = null;
      let offset = 0;
      if (!headerRead) {
        if (data.length < HEADER) {
          pending = data;
          continue;
        }
        if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE))
          throw new Error('not PostgreSQL binary COPY data');
        const extension = data.readUInt32BE(SIGNATURE.length + 4);
        if (data.length < HEADER + extension) {
          pending = data;
          continue;
        }
        offset = HEADER + extension;
        headerRead = true;
      }
      while (offset + 2 <= data.length) {
        const fields = data.readInt16BE(offset);
        if (fields === -1) {
          offset = data.length;
          break;
        }
        if (fields !== COLUMNS.length) throw new Error(`a copied row has ${fields} columns`);
        let at = offset + 2;
        let complete = true;
        for (let column = 0; column < COLUMNS.length; column += 1) {
          if (at + 4 > data.length) {
            complete = false;
            break;
          }
          const length = data.readInt32BE(at);
          at += 4;
          starts[column] = at;
          lengths[column] = length;
          if (length > 0) at += length;
        }
        if (!complete || at > data.length) break;
        let outcome = checkRow(data);
        if (outcome === 'rehash') outcome = await rehashRow(data);
        if (outcome === 'end') return result(null);
        if (outcome !== null) return result(outcome);
        offset = at;
      }
      if (offset < data.length) pending = data.subarray(offset);
    }
  } catch (error) {
    stream.destroy();
    throw error;
  } finally {
    await client.end();
  }
  onPage?.(checked);
  if (range.toSeq !== null && expected < range.toSeq) return result(breakOf.missing(expected));
  return result(null);
}

/**
 * One range of the chain checked the fastest way its database allows: by binary COPY on a
 * connection of its own when `database` says PostgreSQL, else in keyset pages through `db`
 * (SQLite, or a caller without the settings to connect again). The verdict is the same.
 */
export function checkChainRangeIn(
  db: Executor,
  database: DatabaseConfig | undefined,
  range: ChainRange,
  anchoredHashes: ReadonlyMap<number, string>,
  onPage?: (checked: number) => void,
): Promise<RangeCheck> {
  return database?.dialect === 'postgres'
    ? checkChainRangeByCopy(db, database.url, range, anchoredHashes, onPage)
    : checkChainRange(db, range, anchoredHashes, onPage);
}
