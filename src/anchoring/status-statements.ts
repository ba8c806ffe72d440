import { createHash } from 'node:crypto';
import type { Executor } from '../db/database.js';

/** The transitions whose publication is anchored. */
export type StatusTransition = 'revoked' | 'suspended' | 'reinstated' | 'superseded';

/** What a status statement says: ids, codes and times only — never a name or a free text. */
export interface StatusStatementInput {
  /** The document's row id (kept apart from the statement) and public id (in it). */
  readonly documentRowId: number;
  readonly documentId: string;
  readonly transition: StatusTransition;
  /** When the change takes effect (a revocation may be dated back). */
  readonly effectiveAt: string;
  /** The revocation code (`fraud`, `superseded`…); null for a suspension or reinstatement. */
  readonly reasonCode: string | null;
  /** The corrected document's public id, for a supersession. */
  readonly supersededBy?: string | null;
  /** When the platform published it (now). */
  readonly publishedAt: string;
}

/**
 * The canonical statement: JSON with keys in a fixed (alphabetical) order and no spaces, so its
 * SHA-256 is the anchored digest. `sequence` is the document's n-th anchored change, which makes
 * two changes of the same kind at the same instant two different statements.
 */
export function canonicalStatusStatement(input: StatusStatementInput, sequence: number): string {
  return (
    `{"document":${JSON.stringify(input.documentId)}` +
    `,"effectiveAt":${JSON.stringify(new Date(input.effectiveAt).toISOString())}` +
    `,"publishedAt":${JSON.stringify(new Date(input.publishedAt).toISOString())}` +
    `,"reasonCode":${JSON.stringify(input.reasonCode)}` +
    `,"sequence":${sequence}` +
    `,"supersededBy":${JSON.stringify(input.supersededBy ?? null)}` +
    `,"transition":${JSON.stringify(input.transition)}` +
    `,"type":"certa-status-change/v1"}`
  );
}

/** SHA-256 of a statement's UTF-8 bytes, lower-case hex: its leaf in an anchor batch. */
export function statusStatementDigest(statement: string): string {
  return createHash('sha256').update(statement, 'utf8').digest('hex');
}

/**
 * Queues the digest of a status change's statement for the next anchor batch, in the
 * transition's transaction (a refused or rolled-back change queues nothing).
 */
export async function queueStatusStatement(
  trx: Executor,
  input: StatusStatementInput,
): Promise<void> {
  const count = await trx
    .selectFrom('statusStatements')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('documentId', '=', input.documentRowId)
    .executeTakeFirstOrThrow();
  const statement = canonicalStatusStatement(input, Number(count.n) + 1);
  const digest = await trx
    .insertInto('anchorDigests')
    .values({
      digest: statusStatementDigest(statement),
      kind: 'status_change',
      documentId: input.documentRowId,
      status: 'queued',
      queuedAt: input.publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('statusStatements')
    .values({
      documentId: input.documentRowId,
      anchorDigestId: digest.id,
      transition: input.transition,
      statement,
      createdAt: input.publishedAt,
    })
    .execute();
}
