import { PostgresAdapter, sql } from 'kysely';
import type { Insertable, RawBuilder } from 'kysely';
import type { Executor } from '../database.js';
import type {
  TermsAcceptancesTable,
  TermsKindColumn,
  TermsVersionRow,
  TermsVersionsTable,
} from '../tables/terms.table.js';

/** Every version of the terms (one kind, or both), newest first, drafts included. */
export function listTermsVersions(db: Executor, kind?: TermsKindColumn) {
  let query = db.selectFrom('termsVersions').selectAll();
  if (kind !== undefined) query = query.where('kind', '=', kind);
  return query.orderBy('id', 'desc').execute();
}

export function findTermsVersionById(
  db: Executor,
  id: number,
): Promise<TermsVersionRow | undefined> {
  return db.selectFrom('termsVersions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The version of `kind` in force at `now`: the published one whose effective date came last (a
 * version published with a later "effective from" waits for it).
 */
export function findCurrentTermsVersion(
  db: Executor,
  kind: TermsKindColumn,
  now: string,
): Promise<TermsVersionRow | undefined> {
  return db
    .selectFrom('termsVersions')
    .selectAll()
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .where('effectiveAt', '<=', now)
    .orderBy('effectiveAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertTermsVersion(
  db: Executor,
  values: Insertable<TermsVersionsTable>,
): Promise<number> {
  const row = await db
    .insertInto('termsVersions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a draft; false when the version is not (or no longer) a draft. */
export async function updateTermsDraft(
  db: Executor,
  id: number,
  values: {
    label: string;
    bodyEn: string;
    bodyFr: string;
    effectiveFrom: string | null;
    updatedAt: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('termsVersions')
    .set(values)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Publishes a draft; false when it is not (or no longer) a draft, so it happens once. */
export async function markTermsPublished(
  db: Executor,
  id: number,
  values: { publishedAt: string; publishedByUserId: number; effectiveAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('termsVersions')
    .set({ status: 'published', updatedAt: values.publishedAt, ...values })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes a draft; false when it is not a draft (published versions stay for ever). */
export async function deleteTermsDraft(db: Executor, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('termsVersions')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertTermsAcceptance(
  db: Executor,
  values: Insertable<TermsAcceptancesTable>,
): Promise<void> {
  await db.insertInto('termsAcceptances').values(values).execute();
}

/** Whether this user accepted this terms version. */
export async function hasUserAccepted(
  db: Executor,
  userId: number,
  termsVersionId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('termsAcceptances')
    .select('id')
    .where('userId', '=', userId)
    .where('termsVersionId', '=', termsVersionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const ACCEPTANCE_COLUMNS = [
  'termsAcceptances.termsVersionId',
  'termsAcceptances.kind',
  'termsAcceptances.language',
  'termsAcceptances.method',
  'termsAcceptances.acceptedAt',
  'termsVersions.label',
] as const;

/** A user's acceptances, oldest first, with the version's label. */
export function listAcceptancesOfUser(db: Executor, userId: number) {
  return db
    .selectFrom('termsAcceptances')
    .innerJoin('termsVersions', 'termsVersions.id', 'termsAcceptances.termsVersionId')
    .select(ACCEPTANCE_COLUMNS)
    .where('termsAcceptances.userId', '=', userId)
    .orderBy('termsAcceptances.id', 'asc')
    .execute();
}

/** The acceptances given when a document was activated, oldest first. */
export function listAcceptancesOfDocument(db: Executor, documentId: number) {
  return db
    .selectFrom('termsAcceptances')
    .innerJoin('termsVersions', 'termsVersions.id', 'termsAcceptances.termsVersionId')
    .select(ACCEPTANCE_COLUMNS)
    .where('termsAcceptances.documentId', '=', documentId)
    .orderBy('termsAcceptances.id', 'asc')
    .execute();
}

/** How many acceptances each version has, by language (null: not recorded). */
export function countAcceptancesByVersion(db: Executor) {
  return db
    .selectFrom('termsAcceptances')
    .select(['termsVersionId', 'language', (eb) => eb.fn.countAll<string | number>().as('count')])
    .groupBy(['termsVersionId', 'language'])
    .execute();
}

/** The calendar month (YYYY-MM, UTC) of a timestamp column, in the database's own dialect. */
export function monthOf(db: Executor, column: string): RawBuilder<string> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM')`
    : sql<string>`substr(${sql.ref(column)}, 1, 7)`;
}

/** Acceptances counted by kind and month. */
export function countAcceptancesByMonth(db: Executor) {
  const month = monthOf(db, 'accepted_at');
  return db
    .selectFrom('termsAcceptances')
    .select(['kind', month.as('month'), (eb) => eb.fn.countAll<string | number>().as('count')])
    .groupBy(['kind', month])
    .execute();
}
