import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Issuer-designed templates: uploaded assets (backgrounds, images, fonts; immutable, not personal
 * data), templates and their immutable versions (the definition as saved, JSON text), and the
 * version each document was issued with (null: the built-in 'certificate'). Frozen in time once
 * released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;
type Table<N extends string> = CreateTableBuilder<N, never>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  const id = (table: Table<string>) =>
    table.addColumn('id', type.id, (column) => type.primaryKey(column));
  const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

  await id(db.schema.createTable('template_assets'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('media_type', 'text', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('byte_size', 'integer', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('blob_name', 'text', (c) => c.notNull().unique())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('font_family', 'text')
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('template_assets_organisation')
    .on('template_assets')
    .columns(['organisation_id', 'id'])
    .execute();

  await id(db.schema.createTable('templates'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('latest_version', 'integer', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('updated_at', type.timestamp, notNull)
    .addColumn('archived_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('templates_organisation')
    .on('templates')
    .columns(['organisation_id', 'id'])
    .execute();

  await id(db.schema.createTable('template_versions'))
    .addColumn('template_id', 'integer', (c) => c.notNull().references('templates.id'))
    .addColumn('version', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('definition', 'text', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('template_versions_template_version', ['template_id', 'version'])
    .execute();

  await db.schema
    .alterTable('documents')
    .addColumn('template_version_id', 'integer', (c) => c.references('template_versions.id'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('template_version_id').execute();
  await db.schema.dropTable('template_versions').execute();
  await db.schema.dropIndex('templates_organisation').execute();
  await db.schema.dropTable('templates').execute();
  await db.schema.dropIndex('template_assets_organisation').execute();
  await db.schema.dropTable('template_assets').execute();
}
