import { PostgresAdapter, sql } from 'kysely';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { deleteBatchUploadsOfDocuments } from '../db/repositories/batch.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { ErasureCause } from '../db/tables/privacy.table.js';
import { appendErasureLog } from './erasure-log.js';
import { PRIVACY_ACTIONS } from './privacy-actions.js';

/** Who asked for an erasure, as the audit trail names them (ids only). */
export interface ErasureActor {
  readonly actorType: 'user' | 'api_key' | 'recipient' | 'system';
  readonly actorId: string | null;
}

export interface ErasureResult {
  readonly documentId: string;
  readonly erasedAt: string;
  /** False when it was already erased (erasing twice changes nothing). */
  readonly erasedNow: boolean;
}

const SHREDDED = Buffer.alloc(0);

/** The columns an erasure sets: every wrap and the record destroyed, the PDF's name forgotten. */
export function shreddedColumns(erasedAt: string, cause: ErasureCause) {
  return {
    wrapA: SHREDDED,
    wrapB: SHREDDED,
    wrapM: null,
    recordCiphertext: SHREDDED,
    pdfFile: null,
    recipientEmailIndex: null,
    restrictedAt: null,
    failedActivationAttempts: 0,
    activationLockedUntil: null,
    erasedAt,
    erasureCause: cause,
  };
}

/**
 * After erasures committed: the PDFs deleted, any spooled e-mail with their links deleted, the
 * erasure log appended, and on SQLite the WAL checkpointed so the overwritten wraps leave it.
 */
export async function afterErasures(
  ctx: AppContext,
  erased: ReadonlyArray<{ publicId: string; pdfFile: string | null; erasedAt: string }>,
  cause: ErasureCause,
): Promise<void> {
  if (erased.length === 0) return;
  if (ctx.erasureLogFile !== undefined)
    appendErasureLog(
      ctx.erasureLogFile,
      erased.map((each) => ({ documentId: each.publicId, erasedAt: each.erasedAt, cause })),
    );
  for (const each of erased) {
    if (each.pdfFile !== null) await ctx.blobs.delete(each.pdfFile);
    await ctx.mailer.forget?.(`/activate/${each.publicId}#`);
  }
  if (!(ctx.db.getExecutor().adapter instanceof PostgresAdapter)) {
    // secure_delete zeroes the old cells in the database file; the WAL still holds the old pages
    // until a checkpoint copies them back and the log restarts. Best effort: a busy reader can
    // keep the frames until the next automatic checkpoint.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(ctx.db);
  }
}

/**
 * Erases one document's personal data by crypto-shredding (DESIGN §3): its three key wraps, its
 * encrypted record and its e-mail index are overwritten, its stored PDF deleted. What stays: the
 * public id, the title, the states and dates, the commitment and the PDF's SHA-256 (anchored:
 * each contains a random salt, so it reveals nothing). Verification then says "erased". Logged
 * in `erasures`, in the erasure log file and in the audit trail (ids only). Idempotent.
 */
export async function eraseDocument(
  ctx: AppContext,
  row: DocumentRow,
  input: { cause: ErasureCause; actor: ErasureActor; reason?: string },
): Promise<ErasureResult> {
  if (row.erasedAt !== null)
    return { documentId: row.publicId, erasedAt: row.erasedAt, erasedNow: false };
  const erasedAt = ctx.now().toISOString();
  const erasedNow = await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('documents')
      .set(shreddedColumns(erasedAt, input.cause))
      .where('id', '=', row.id)
      .where('erasedAt', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('erasures')
      .values({ documentPublicId: row.publicId, erasedAt, cause: input.cause })
      .execute();
    await deleteBatchUploadsOfDocuments(trx, [row.publicId]);
    await insertAuditEvent(trx, {
      occurredAt: erasedAt,
      actorType: input.actor.actorType,
      actorId: input.actor.actorId,
      action: PRIVACY_ACTIONS.erased,
      organisationId: row.organisationId,
      targetId: row.publicId,
      detail: JSON.stringify({
        cause: input.cause,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        status: row.status,
      }),
    });
    return true;
  });
  if (!erasedNow) {
    const current = await ctx.db
      .selectFrom('documents')
      .select('erasedAt')
      .where('id', '=', row.id)
      .executeTakeFirst();
    return { documentId: row.publicId, erasedAt: current?.erasedAt ?? erasedAt, erasedNow: false };
  }
  await afterErasures(
    ctx,
    [{ publicId: row.publicId, pdfFile: row.pdfFile, erasedAt }],
    input.cause,
  );
  return { documentId: row.publicId, erasedAt, erasedNow: true };
}
