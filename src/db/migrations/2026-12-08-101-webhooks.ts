import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Webhooks (issue 12 #5, DESIGN §5 "Webhooks"): an organisation's endpoints (URL, subscribed
 * event types, enabled, the signing secret sealed under a master-key subkey, and the previous
 * secret for a day after a rotation), one delivery per event and endpoint (the event's JSON body:
 * ids, states, dates and reason codes only) and one row per attempt (status code, duration,
 * error, the response body truncated). Frozen in time once released, typed `Kysely<any>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('secret_sealed', type.binary, (c) => c.notNull())
    .addColumn('previous_secret_sealed', type.binary)
    .addColumn('previous_secret_until', type.timestamp)
    .addColumn('created_at', type.timestamp, (c) => c.notNull())
    .addColumn('updated_at', type.timestamp, (c) => c.notNull())
    .addColumn('secret_rotated_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_organisation')
    .on('webhook_endpoints')
    .column('organisation_id')
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('endpoint_id', 'integer', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', type.timestamp, (c) => c.notNull())
    .addColumn('last_attempt_at', type.timestamp)
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', type.id, (c) => type.primaryKey(c))
    .addColumn('delivery_id', 'integer', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempted_at', type.timestamp, (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_body', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery')
    .on('webhook_attempts')
    .columns(['delivery_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
