import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { ColumnTypes } from './column-types.js';

/*
 * Issuer onboarding and secure accounts (issue 5):
 * - users get an e-mail confirmation time, their own X25519 key pair (private key wrapped by
 *   their Argon2id password key) so that another member can seal the organisation key to them,
 *   and TOTP second-factor columns;
 * - organisations get the verification application (legal details, domain proof, decision) and
 *   their statuses become draft → submitted → approved / rejected / more_info_requested;
 * - new tables: member_key_seals (the organisation private key sealed to one member's public
 *   key), e-mail tokens (sign-up, password reset), invitations, recovery codes, login throttles,
 *   application evidence; audit events get a detail column.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;
type Table<N extends string> = CreateTableBuilder<N, never>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  const id = (table: Table<string>) =>
    table.addColumn('id', type.id, (column) => type.primaryKey(column));
  const notNull = (column: ColumnDefinitionBuilder) => column.notNull();
  const addColumns = async (
    table: string,
    columns: ReadonlyArray<readonly [string, ColumnTypes['binary']]>,
  ) => {
    // One statement per column: SQLite's ALTER TABLE adds one column at a time.
    for (const [name, dataType] of columns) {
      await db.schema.alterTable(table).addColumn(name, dataType).execute();
    }
  };

  await addColumns('users', [
    ['email_confirmed_at', type.timestamp],
    ['public_key', type.binary],
    ['private_key_wrap', type.binary],
    ['key_kdf_salt', type.binary],
    ['password_changed_at', type.timestamp],
    ['totp_secret_sealed', type.binary],
    ['totp_algorithm', 'text'],
    ['totp_last_step', 'integer'],
    ['totp_enabled_at', type.timestamp],
  ]);
  // Accounts made before e-mail confirmation existed were made by the host or by sign-up.
  await db
    .updateTable('users')
    .set({ email_confirmed_at: sql`created_at` })
    .execute();

  await addColumns('organisations', [
    ['legal_name', 'text'],
    ['registration_number', 'text'],
    ['country', 'text'],
    ['website', 'text'],
    ['contact_name', 'text'],
    ['contact_email', 'text'],
    ['domain', 'text'],
    ['domain_token', 'text'],
    ['domain_check', 'text'],
    ['domain_verified_at', type.timestamp],
    ['submitted_at', type.timestamp],
    ['decided_at', type.timestamp],
    ['decision_reason', 'text'],
    ['logo_blob', 'text'],
    ['logo_media_type', 'text'],
  ]);
  await db
    .updateTable('organisations')
    .set({ status: 'submitted', submitted_at: sql`created_at` })
    .where('status', '=', 'pending_review')
    .execute();
  await db
    .updateTable('organisations')
    .set({ decided_at: sql`approved_at` })
    .where('status', '=', 'approved')
    .execute();

  await addColumns('organisation_keys', [
    ['retired_at', type.timestamp],
    ['revoked_at', type.timestamp],
    ['revocation_reason', 'text'],
  ]);

  await addColumns('sessions', [
    ['second_factor_at', type.timestamp],
    ['last_seen_at', type.timestamp],
  ]);

  await addColumns('memberships', [['invited_by_user_id', 'integer']]);

  await addColumns('audit_events', [['detail', 'text']]);

  await id(db.schema.createTable('member_key_seals'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_key_id', 'integer', (c) =>
      c.notNull().references('organisation_keys.id'),
    )
    .addColumn('sealed', type.binary, notNull)
    .addColumn('sealed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .addUniqueConstraint('member_key_seals_user_key', ['user_id', 'organisation_key_id'])
    .execute();

  await id(db.schema.createTable('email_tokens'))
    .addColumn('purpose', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', notNull)
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('expires_at', type.timestamp, notNull)
    .addColumn('used_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('email_tokens_email')
    .on('email_tokens')
    .columns(['email', 'purpose'])
    .execute();

  await id(db.schema.createTable('invitations'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', notNull)
    .addColumn('role', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('expires_at', type.timestamp, notNull)
    .addColumn('accepted_at', type.timestamp)
    .addColumn('accepted_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('revoked_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('invitations_organisation')
    .on('invitations')
    .columns(['organisation_id', 'id'])
    .execute();

  await id(db.schema.createTable('recovery_codes'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', notNull)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('used_at', type.timestamp)
    .addUniqueConstraint('recovery_codes_user_code', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', notNull)
    .addColumn('last_failure_at', type.timestamp, notNull)
    .addColumn('blocked_until', type.timestamp)
    .execute();

  await id(db.schema.createTable('application_evidence'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', notNull)
    .addColumn('media_type', 'text', notNull)
    .addColumn('byte_size', 'integer', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('blob_name', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', type.timestamp, notNull)
    .execute();
  await db.schema
    .createIndex('application_evidence_organisation')
    .on('application_evidence')
    .columns(['organisation_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'application_evidence',
    'login_throttles',
    'recovery_codes',
    'invitations',
    'email_tokens',
    'member_key_seals',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  const dropColumns = async (table: string, columns: readonly string[]) => {
    for (const column of columns) await db.schema.alterTable(table).dropColumn(column).execute();
  };
  await dropColumns('audit_events', ['detail']);
  await dropColumns('memberships', ['invited_by_user_id']);
  await dropColumns('sessions', ['second_factor_at', 'last_seen_at']);
  await dropColumns('organisation_keys', ['retired_at', 'revoked_at', 'revocation_reason']);
  await db
    .updateTable('organisations')
    .set({ status: 'pending_review' })
    .where('status', 'in', ['draft', 'submitted', 'more_info_requested'])
    .execute();
  await dropColumns('organisations', [
    'legal_name',
    'registration_number',
    'country',
    'website',
    'contact_name',
    'contact_email',
    'domain',
    'domain_token',
    'domain_check',
    'domain_verified_at',
    'submitted_at',
    'decided_at',
    'decision_reason',
    'logo_blob',
    'logo_media_type',
  ]);
  await dropColumns('users', [
    'email_confirmed_at',
    'public_key',
    'private_key_wrap',
    'key_kdf_salt',
    'password_changed_at',
    'totp_secret_sealed',
    'totp_algorithm',
    'totp_last_step',
    'totp_enabled_at',
  ]);
}
