import type { Executor } from '../database.js';

/** The newest terms version, in `language` if it exists in it, else in English. */
export async function findCurrentTerms(db: Executor, language: string) {
  const latest = await db
    .selectFrom('terms')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  if (latest?.version === undefined || latest.version === null) return undefined;
  const rows = await db
    .selectFrom('terms')
    .selectAll()
    .where('version', '=', Number(latest.version))
    .where('language', 'in', [language, 'en'])
    .execute();
  return rows.find((row) => row.language === language) ?? rows[0];
}
