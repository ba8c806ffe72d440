import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Frozen in time: this migration never changes once released. It is typed `Kysely<any>`
 * because it must not depend on today's table types, which will move on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;
type Table<N extends string> = CreateTableBuilder<N, never>;

const INITIAL_TERMS_EN = `Certa terms of use for document recipients (version 1)

1. By activating this document you ask the issuer, through this platform, to generate your certified document from the data the issuer recorded for you.
2. Your name and the document's fields are printed in the PDF. The PDF's SHA-256 digest and a salted commitment to its record are timestamped on the Bitcoin blockchain; they contain a random salt and reveal nothing about you.
3. Anyone you give the PDF to can check it with the issuer's verification service. Nobody can look up your document without it.
4. The issuer can revoke the document; verification will then say so.
5. You can ask for a copy of your data or its erasure. Erasure destroys the keys of your data; the anchored digests stay and reveal nothing.`;

const INITIAL_TERMS_FR = `Conditions d'utilisation de Certa pour les destinataires de documents (version 1)

1. En activant ce document, vous demandez à l'émetteur, par cette plateforme, de générer votre document certifié à partir des données qu'il a enregistrées pour vous.
2. Votre nom et les champs du document figurent dans le PDF. L'empreinte SHA-256 du PDF et un engagement salé sur son contenu sont horodatés sur la blockchain Bitcoin ; ils contiennent un sel aléatoire et ne révèlent rien sur vous.
3. Toute personne à qui vous remettez le PDF peut le vérifier auprès du service de vérification de l'émetteur. Personne ne peut consulter votre document sans lui.
4. L'émetteur peut révoquer le document ; la vérification l'indiquera alors.
5. Vous pouvez demander une copie de vos données ou leur effacement. L'effacement détruit les clés de vos données ; les empreintes ancrées restent et ne révèlent rien.`;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  const id = (table: Table<string>) =>
    table.addColumn('id', type.id, (column) => type.primaryKey(column));
  const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

  await id(db.schema.createTable('organisations'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('approved_at', type.timestamp)
    .addColumn('approved_by_user_id', 'integer')
    .execute();

  await id(db.schema.createTable('organisation_keys'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('public_key', type.binary, notNull)
    .addColumn('recovery_wrap', type.binary, notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .execute();
  await db.schema
    .createIndex('organisation_keys_organisation')
    .on('organisation_keys')
    .column('organisation_id')
    .execute();

  await id(db.schema.createTable('users'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', notNull)
    .addColumn('is_platform_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', type.timestamp, notNull)
    .execute();

  await id(db.schema.createTable('memberships'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('role', 'text', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addUniqueConstraint('memberships_user_organisation', ['user_id', 'organisation_id'])
    .execute();

  await id(db.schema.createTable('user_key_wraps'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_key_id', 'integer', (c) =>
      c.notNull().references('organisation_keys.id'),
    )
    .addColumn('kdf_salt', type.binary, notNull)
    .addColumn('wrap', type.binary, notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addUniqueConstraint('user_key_wraps_user_key', ['user_id', 'organisation_key_id'])
    .execute();

  await id(db.schema.createTable('sessions'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('expires_at', type.timestamp, notNull)
    .addColumn('unlocked_organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('unlock_wrap', type.binary)
    .addColumn('unlock_expires_at', type.timestamp)
    .execute();

  await id(db.schema.createTable('api_keys'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', notNull)
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('last_used_at', type.timestamp)
    .addColumn('revoked_at', type.timestamp)
    .execute();

  await id(db.schema.createTable('documents'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('organisation_key_id', 'integer', (c) =>
      c.notNull().references('organisation_keys.id'),
    )
    .addColumn('template', 'text', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('locale', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('record_ciphertext', type.binary, notNull)
    .addColumn('wrap_a', type.binary, notNull)
    .addColumn('wrap_b', type.binary, notNull)
    .addColumn('wrap_m', type.binary)
    .addColumn('commitment', 'text', notNull)
    .addColumn('issued_at', type.timestamp, notNull)
    .addColumn('expires_at', type.timestamp)
    .addColumn('activated_at', type.timestamp)
    .addColumn('revoked_at', type.timestamp)
    .addColumn('revocation_reason', 'text')
    .addColumn('pdf_sha256', 'text', (c) => c.unique())
    .addColumn('pdf_file', 'text')
    .addColumn('failed_activation_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('activation_locked_until', type.timestamp)
    .addColumn('issued_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('issued_by_api_key_id', 'integer', (c) => c.references('api_keys.id'))
    .execute();
  await db.schema
    .createIndex('documents_organisation_issued')
    .on('documents')
    .columns(['organisation_id', 'id'])
    .execute();

  await id(db.schema.createTable('consents'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('terms_version', 'integer', notNull)
    .addColumn('accepted_at', type.timestamp, notNull)
    .execute();
  await db.schema.createIndex('consents_document').on('consents').column('document_id').execute();

  await id(db.schema.createTable('terms'))
    .addColumn('version', 'integer', notNull)
    .addColumn('language', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('published_at', type.timestamp, notNull)
    .addUniqueConstraint('terms_version_language', ['version', 'language'])
    .execute();

  await id(db.schema.createTable('anchor_digests'))
    .addColumn('digest', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', notNull)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('queued_at', type.timestamp, notNull)
    .execute();
  await db.schema
    .createIndex('anchor_digests_status')
    .on('anchor_digests')
    .columns(['status', 'id'])
    .execute();

  await id(db.schema.createTable('audit_events'))
    .addColumn('occurred_at', type.timestamp, notNull)
    .addColumn('actor_type', 'text', notNull)
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', notNull)
    .addColumn('organisation_id', 'integer')
    .addColumn('target_id', 'text')
    .execute();

  const publishedAt = '2026-11-26T00:00:00.000Z';
  await db
    .insertInto('terms')
    .values([
      { version: 1, language: 'en', body: INITIAL_TERMS_EN, published_at: publishedAt },
      { version: 1, language: 'fr', body: INITIAL_TERMS_FR, published_at: publishedAt },
    ])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'audit_events',
    'anchor_digests',
    'terms',
    'consents',
    'documents',
    'api_keys',
    'sessions',
    'user_key_wraps',
    'memberships',
    'users',
    'organisation_keys',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
