import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Versioned terms and recorded consent (issue 13 #1). Terms have two kinds (recipient, issuer);
 * each version holds its English and French text, a label, and is a draft until a platform admin
 * publishes it (then immutable). Every acceptance is a row: the version, the language shown, when
 * and how, and who as an id (a user's, or the document's for a recipient) — never personal data.
 *
 * The first schema kept one row per version and language (`terms`) and one `consents` row per
 * activated document, without the language: both are carried over (version numbers become
 * version ids in order, so the recipient terms version 1 keeps id 1) and dropped. A carried-over
 * acceptance has no language: it was not recorded then.
 *
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

/** A column of a row read back, whether the connection camel-cases result keys or not. */
function column(row: Record<string, unknown>, snakeName: string): unknown {
  const camelName = snakeName.replace(/_([a-z])/g, (_match, letter: string) =>
    letter.toUpperCase(),
  );
  return row[camelName] ?? row[snakeName];
}

function iso(value: unknown): string {
  return new Date(value as string | Date).toISOString();
}

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);

  await db.schema
    .createTable('terms_versions')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('body_fr', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_from', type.timestamp)
    .addColumn('created_at', type.timestamp, (c) => c.notNull())
    .addColumn('updated_at', type.timestamp, (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', type.timestamp)
    .addColumn('published_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('effective_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('terms_versions_current')
    .on('terms_versions')
    .columns(['kind', 'status', 'effective_at'])
    .execute();

  await db.schema
    .createTable('terms_acceptances')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('terms_version_id', 'integer', (c) => c.notNull().references('terms_versions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('language', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('accepted_at', type.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('terms_acceptances_user')
    .on('terms_acceptances')
    .columns(['user_id', 'terms_version_id'])
    .execute();
  await db.schema
    .createIndex('terms_acceptances_document')
    .on('terms_acceptances')
    .column('document_id')
    .execute();

  const oldTerms = (
    (await db.selectFrom('terms').selectAll().orderBy('version').execute()) as Array<
      Record<string, unknown>
    >
  ).map((row) => ({
    version: Number(column(row, 'version')),
    language: String(column(row, 'language')),
    body: String(column(row, 'body')),
    publishedAt: iso(column(row, 'published_at')),
  }));
  const versions = [...new Set(oldTerms.map((row) => row.version))].sort((a, b) => a - b);
  const idOfVersion = new Map<number, number>();
  for (const version of versions) {
    const rows = oldTerms.filter((row) => row.version === version);
    const english = rows.find((row) => row.language === 'en') ?? rows[0];
    if (english === undefined) continue;
    const french = rows.find((row) => row.language === 'fr') ?? english;
    const publishedAt = english.publishedAt;
    const inserted = (await db
      .insertInto('terms_versions')
      .values({
        kind: 'recipient',
        label: String(version),
        body_en: english.body,
        body_fr: french.body,
        status: 'published',
        effective_from: null,
        created_at: publishedAt,
        updated_at: publishedAt,
        created_by_user_id: null,
        published_at: publishedAt,
        published_by_user_id: null,
        effective_at: publishedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()) as Record<string, unknown>;
    idOfVersion.set(version, Number(column(inserted, 'id')));
  }

  const consents = (await db.selectFrom('consents').selectAll().orderBy('id').execute()) as Array<
    Record<string, unknown>
  >;
  for (const consent of consents) {
    const versionId = idOfVersion.get(Number(column(consent, 'terms_version')));
    if (versionId === undefined) continue;
    await db
      .insertInto('terms_acceptances')
      .values({
        terms_version_id: versionId,
        kind: 'recipient',
        user_id: null,
        document_id: Number(column(consent, 'document_id')),
        language: null,
        method: 'activation_page',
        accepted_at: iso(column(consent, 'accepted_at')),
      })
      .execute();
  }

  await db.schema.dropTable('consents').execute();
  await db.schema.dropTable('terms').execute();
}

export async function down(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  await db.schema
    .createTable('consents')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('terms_version', 'integer', (c) => c.notNull())
    .addColumn('accepted_at', type.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_document').on('consents').column('document_id').execute();
  await db.schema
    .createTable('terms')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', type.timestamp, (c) => c.notNull())
    .addUniqueConstraint('terms_version_language', ['version', 'language'])
    .execute();
  await db.schema.dropTable('terms_acceptances').execute();
  await db.schema.dropTable('terms_versions').execute();
}
