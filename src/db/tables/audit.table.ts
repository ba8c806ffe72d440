import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * One entry of the audit chain. Ids, pseudonyms, statuses and reason codes only — never names,
 * e-mail addresses, field values or client addresses — so erasing a person never touches it.
 * `hash = SHA-256(prevHash || canonical JSON of the other fields)` (src/audit/entry-hash.ts);
 * entries are only ever appended, through src/audit/append-entries.ts.
 */
export interface AuditEventsTable {
  id: Generated<number>;
  /** 1, 2, 3… without gaps: the entry's place in the chain. */
  seq: number;
  prevHash: string;
  hash: string;
  occurredAt: string;
  actorType: 'user' | 'api_key' | 'recipient' | 'system';
  actorId: string | null;
  action: string;
  organisationId: number | null;
  targetId: string | null;
  /** JSON with ids, statuses and reasons; never personal data or secrets. */
  detail: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A chain head put into an anchor batch: the entry `seq` had `hash` when the batch was made. */
export interface AuditHeadsTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  /** Its leaf: `auditHeadDigest(seq, hash)` in `anchor_digests` (kind `audit_head`). */
  anchorDigestId: number;
  createdAt: string;
}

/**
 * The chain's head, one row (`id` 1): the last entry's `seq` and `hash` (0 and the genesis hash
 * when empty). Appenders lock and read it in one statement, then write it with their entries.
 */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
