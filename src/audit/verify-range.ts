import { hash as sha256 } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { CompiledQuery, RawBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import { auditEntryHash } from './entry-hash.js';

/** Entries read per query: keyset pages over the `seq` index. */
export const VERIFY_PAGE = 20_000;

/** What is wrong with one entry, as {@link ChainBreak} names it (see verify-chain.ts). */
export type EntryProblem =
  | 'missing'
  | 'out_of_order'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'anchored_head_mismatch'
  | 'anchored_head_missing'
  | 'anchor_digest_mismatch'
  | 'anchor_path_mismatch';

/** The first thing found wrong, and where. */
export interface ChainBreak {
  /** The entry (or anchored head) at fault. */
  readonly seq: number;
  readonly problem: EntryProblem;
  /** One sentence naming the entry and what is wrong. */
  readonly message: string;
}

/** A part of the chain to check: seqs from `fromSeq` up to (not including) `toSeq`. */
export interface ChainRange {
  readonly fromSeq: number;
  /** Exclusive; null reads to the end of the table. */
  readonly toSeq: number | null;
  /** The hash the entry at `fromSeq` must follow, or null to take its stored `prevHash` on trust. */
  readonly prevHash: string | null;
}

/** What checking one range found. Plain data: it crosses a worker thread's boundary. */
export interface RangeCheck {
  readonly checked: number;
  /** The stored `prevHash` of the entry at `fromSeq`, or null when that entry is missing. */
  readonly firstPrevHash: string | null;
  /** The last entry found intact (seq `fromSeq - 1` and the given prevHash when none was). */
  readonly last: { readonly seq: number; readonly hash: string };
  readonly break: ChainBreak | null;
  /** Entries hashed again from their fields (the fast form did not give their stored hash). */
  readonly rehashed: number;
}

/** A page row: its seq, stored hashes and the canonical JSON the database built for it. */
interface PageRow {
  seq: number | string;
  prevHash: string;
  hash: string;
  canonical: string | null;
}

/** The stored fields of one entry, for the exact (JavaScript) hash. */
interface EntryRow {
  seq: number | string;
  prevHash: string;
  hash: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  organisationId: number | string | null;
  targetId: string | null;
  detail: string | null;
}

/**
 * The entry's canonical JSON (src/audit/entry-hash.ts) built by the database, so a page crosses
 * into JavaScript as one string per entry instead of eight values to quote and join: that
 * conversion, not hashing, was most of a million-entry check. SQLite's `json_quote` and
 * PostgreSQL's `to_json` quote as `JSON.stringify` does except for some control characters, and
 * PostgreSQL's timestamp is formatted like `toISOString` to the millisecond; an entry whose hash
 * does not match this form is hashed again from its fields in JavaScript before it is called
 * altered, so the database's form can only speed a check up, never change its verdict on an entry
 * the platform wrote.
 */
function canonicalSql(db: Executor): RawBuilder<string> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const text = (column: string) => sql.raw(`coalesce(to_json(${column})::text, 'null')`);
    return sql<string>`'{"action":' || ${text('action')} || ',"actorId":' || ${text('actor_id')}
      || ',"actorType":' || ${text('actor_type')} || ',"detail":' || ${text('detail')}
      || ',"occurredAt":"' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      || '","organisationId":' || coalesce(organisation_id::text, 'null') || ',"seq":' || seq::text
      || ',"targetId":' || ${text('target_id')} || '}'`;
  }
  const text = (column: string) => sql.raw(`json_quote(${column})`);
  return sql<string>`'{"action":' || ${text('action')} || ',"actorId":' || ${text('actor_id')}
    || ',"actorType":' || ${text('actor_type')} || ',"detail":' || ${text('detail')}
    || ',"occurredAt":' || ${text('occurred_at')}
    || ',"organisationId":' || coalesce(organisation_id, 'null') || ',"seq":' || seq
    || ',"targetId":' || ${text('target_id')} || '}'`;
}

function pageQuery(db: Executor, fromSeq: number): CompiledQuery<PageRow> {
  return sql<PageRow>`select seq, prev_hash as "prevHash", hash, ${canonicalSql(db)} as canonical
    from audit_events where seq >= ${fromSeq} order by seq limit ${VERIFY_PAGE}`.compile(db);
}

function entryQuery(db: Executor, seq: number): CompiledQuery<EntryRow> {
  return sql<EntryRow>`select seq, prev_hash as "prevHash", hash, occurred_at as "occurredAt",
      actor_type as "actorType", actor_id as "actorId", action,
      organisation_id as "organisationId", target_id as "targetId", detail
    from audit_events where seq = ${seq}`.compile(db);
}

/** The exact hash of the stored entry `seq`, from its fields (the appender's own function). */
export async function exactHash(db: Executor, seq: number): Promise<string | null> {
  const { rows } = await db.getExecutor().withoutPlugins().executeQuery(entryQuery(db, seq));
  const row = rows[0];
  if (row === undefined) return null;
  return auditEntryHash(row.prevHash, {
    seq,
    occurredAt: row.occurredAt,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    organisationId: row.organisationId === null ? null : Number(row.organisationId),
    targetId: row.targetId,
    detail: row.detail,
  });
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** The words of each break, shared with the COPY reader (verify-range-copy.ts). */
export const breakOf = {
  missing: (seq: number, next?: number): ChainBreak => ({
    seq,
    problem: 'missing',
    message:
      next === undefined
        ? `Audit entry ${seq} is missing.`
        : `Audit entry ${seq} is missing (the next stored entry is ${next}).`,
  }),
  notFollowing: (seq: number): ChainBreak => ({
    seq,
    problem: 'prev_hash_mismatch',
    message: `Audit entry ${seq} does not follow entry ${seq - 1}: its prevHash is not that entry's hash (deleted, inserted or reordered).`,
  }),
  altered: (seq: number): ChainBreak => ({
    seq,
    problem: 'hash_mismatch',
    message: `Audit entry ${seq} was altered: its hash does not match its content.`,
  }),
  notAnchoredHead: (seq: number): ChainBreak => ({
    seq,
    problem: 'anchored_head_mismatch',
    message: `Audit entry ${seq} does not match the head anchored at that seq: the chain was rewritten up to there.`,
  }),
} as const;

/**
 * Checks the entries of one range in seq order: each seq present (1, 2, 3…), each `prevHash`
 * equal to the previous entry's hash (from the entry after `fromSeq` on, or from `fromSeq` when
 * `range.prevHash` is given), each hash equal to SHA-256(prevHash ‖ canonical JSON), and each
 * entry at an anchored head's seq equal to that head. Stops at the first break and names it, with
 * the same words a single pass over the whole chain would use: a caller that splits the chain
 * into ranges (worker threads) joins them by checking each range's `firstPrevHash` against the
 * previous range's last hash, before that range's own break.
 */
export async function checkChainRange(
  db: Executor,
  range: ChainRange,
  anchoredHashes: ReadonlyMap<number, string>,
  onPage?: (checked: number) => void,
): Promise<RangeCheck> {
  // Pages read without the CamelCase plugin: the SQL names its columns already.
  const raw = db.getExecutor().withoutPlugins();
  // prevHash bytes, then the canonical JSON: one buffer reused for every entry's one-shot hash.
  let message = Buffer.alloc(64 * 1024);
  let expected = range.fromSeq;
  let prevHash = range.prevHash;
  let firstPrevHash: string | null = null;
  let checked = 0;
  let rehashed = 0;
  let last = { seq: range.fromSeq - 1, hash: range.prevHash ?? '' };
  const result = (broken: ChainBreak | null): RangeCheck => ({
    checked,
    firstPrevHash,
    last,
    break: broken,
    rehashed,
  });
  for (;;) {
    const { rows } = await raw.executeQuery(pageQuery(db, expected));
    for (const row of rows) {
      const seq = Number(row.seq);
      if (range.toSeq !== null && seq >= range.toSeq && expected === range.toSeq)
        return result(null);
      if (seq !== expected) return result(breakOf.missing(expected, seq));
      if (seq === range.fromSeq) firstPrevHash = row.prevHash;
      if (prevHash !== null && row.prevHash !== prevHash) return result(breakOf.notFollowing(seq));
      let hash: string | null = null;
      // A prevHash equal to the one expected is a digest this check computed: valid hex.
      if (row.canonical !== null && (prevHash !== null || HEX_DIGEST.test(row.prevHash))) {
        const needed = 32 + Buffer.byteLength(row.canonical);
        if (needed > message.length) message = Buffer.alloc(needed * 2);
        message.write(row.prevHash, 0, 32, 'hex');
        const length = message.write(row.canonical, 32);
        const fast = sha256('sha256', message.subarray(0, 32 + length), 'hex');
        if (fast === row.hash) hash = fast;
      }
      // Not the database's form (or not a hex prevHash): the exact hash decides.
      if (hash === null) {
        rehashed += 1;
        hash = await exactHash(db, seq);
      }
      if (hash !== row.hash) return result(breakOf.altered(seq));
      const anchoredHash = anchoredHashes.get(seq);
      if (anchoredHash !== undefined && anchoredHash !== hash)
        return result(breakOf.notAnchoredHead(seq));
      prevHash = hash;
      checked += 1;
      expected = seq + 1;
      last = { seq, hash };
    }
    onPage?.(checked);
    if (rows.length < VERIFY_PAGE) break;
  }
  if (range.toSeq !== null && expected < range.toSeq) return result(breakOf.missing(expected));
  return result(null);
}
