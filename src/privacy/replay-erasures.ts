import type { AppContext } from '../context.js';
import type { ErasureCause } from '../db/tables/privacy.table.js';
import { afterErasures, shreddedColumns } from './erase-document.js';
import type { ErasureLogEntry } from './erasure-log.js';

/**
 * Erases again, after a restore, every document the erasure log names that the restored database
 * still holds unerased (an archive taken before the erasure): same crypto-shredding, same time and
 * cause as the original erasure. Returns the ids erased again. The log itself is not appended
 * (the entries are already in it).
 */
export async function replayErasures(
  ctx: AppContext,
  entries: readonly ErasureLogEntry[],
): Promise<string[]> {
  const replayed: string[] = [];
  const byCause = new Map<
    ErasureCause,
    Array<{ publicId: string; pdfFile: string | null; erasedAt: string }>
  >();
  for (const entry of entries) {
    const row = await ctx.db
      .selectFrom('documents')
      .select(['id', 'publicId', 'pdfFile', 'erasedAt'])
      .where('publicId', '=', entry.documentId)
      .executeTakeFirst();
    if (row === undefined || row.erasedAt !== null) continue;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('documents')
        .set(shreddedColumns(entry.erasedAt, entry.cause))
        .where('id', '=', row.id)
        .execute();
      await trx
        .insertInto('erasures')
        .values({ documentPublicId: row.publicId, erasedAt: entry.erasedAt, cause: entry.cause })
        .onConflict((conflict) => conflict.column('documentPublicId').doNothing())
        .execute();
    });
    const list = byCause.get(entry.cause) ?? [];
    list.push({ publicId: row.publicId, pdfFile: row.pdfFile, erasedAt: entry.erasedAt });
    byCause.set(entry.cause, list);
    replayed.push(row.publicId);
  }
  const withoutLog: AppContext = { ...ctx, erasureLogFile: undefined };
  for (const [cause, erased] of byCause) await afterErasures(withoutLog, erased, cause);
  return replayed;
}
