import type { Executor } from '../database.js';

/**
 * Which of `names` a committed row points to: an activated document's PDF, an application's
 * evidence, a template asset or an organisation's logo. The sweep never removes those.
 */
export async function findReferencedBlobNames(
  db: Executor,
  names: readonly string[],
): Promise<Set<string>> {
  const referenced = new Set<string>();
  for (let start = 0; start < names.length; start += 500) {
    const chunk = names.slice(start, start + 500);
    const rows = await Promise.all([
      db.selectFrom('documents').select('pdfFile as name').where('pdfFile', 'in', chunk).execute(),
      db
        .selectFrom('applicationEvidence')
        .select('blobName as name')
        .where('blobName', 'in', chunk)
        .execute(),
      db
        .selectFrom('templateAssets')
        .select('blobName as name')
        .where('blobName', 'in', chunk)
        .execute(),
      db
        .selectFrom('organisations')
        .select('logoBlob as name')
        .where('logoBlob', 'in', chunk)
        .execute(),
    ]);
    for (const row of rows.flat()) if (row.name !== null) referenced.add(row.name);
  }
  return referenced;
}
