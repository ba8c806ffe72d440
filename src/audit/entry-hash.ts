import { createHash } from 'node:crypto';

/** The `prevHash` of the first entry: 32 zero bytes, hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry commits to (everything it stores but its own `prevHash` and `hash`). */
export interface AuditEntryFields {
  readonly seq: number;
  readonly occurredAt: string;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly organisationId: number | null;
  readonly targetId: string | null;
  /** JSON text as stored (ids, statuses, reason codes), or null. */
  readonly detail: string | null;
}

/**
 * The canonical JSON of an entry: its fields in a fixed (alphabetical) order, `JSON.stringify`
 * for every value, no spaces. This form is part of the chain's format: changing it breaks every
 * stored hash, so it never changes without a new format version.
 */
export function canonicalEntryJson(entry: AuditEntryFields): string {
  return (
    `{"action":${JSON.stringify(entry.action)}` +
    `,"actorId":${JSON.stringify(entry.actorId)}` +
    `,"actorType":${JSON.stringify(entry.actorType)}` +
    `,"detail":${JSON.stringify(entry.detail)}` +
    `,"occurredAt":${JSON.stringify(entry.occurredAt)}` +
    `,"organisationId":${JSON.stringify(entry.organisationId)}` +
    `,"seq":${JSON.stringify(entry.seq)}` +
    `,"targetId":${JSON.stringify(entry.targetId)}}`
  );
}

/** `hash = SHA-256(prevHash bytes || UTF-8 canonical JSON of the entry)`, lower-case hex. */
export function auditEntryHash(prevHash: string, entry: AuditEntryFields): string {
  return createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(canonicalEntryJson(entry), 'utf8')
    .digest('hex');
}

/**
 * The anchor leaf of a chain head: `SHA-256("certa-audit-head:v1:" || seq || ":" || hash)`.
 * Anyone holding an entry's seq and hash recomputes it and follows the `.ots` proof to Bitcoin.
 */
export function auditHeadDigest(seq: number, hash: string): string {
  return createHash('sha256').update(`certa-audit-head:v1:${seq}:${hash}`, 'utf8').digest('hex');
}
