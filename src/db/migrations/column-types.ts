import { PostgresAdapter, sql } from 'kysely';
import type { ColumnDataType, ColumnDefinitionBuilder, Expression, Kysely } from 'kysely';

type DataTypeExpression = ColumnDataType | Expression<unknown>;

/**
 * The few column types that differ between SQLite and PostgreSQL, so one set of migrations
 * serves both. Timestamps are ISO-8601 UTC text on SQLite and timestamptz on PostgreSQL (read
 * back as ISO strings, see database.ts).
 */
export interface ColumnTypes {
  id: DataTypeExpression;
  primaryKey: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  binary: DataTypeExpression;
  timestamp: DataTypeExpression;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- used by frozen migrations typed Kysely<any>
export function columnTypes(db: Kysely<any>): ColumnTypes {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return {
      id: 'integer',
      primaryKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
      binary: 'bytea',
      timestamp: sql`timestamptz`,
    };
  }
  return {
    id: 'integer',
    primaryKey: (column) => column.primaryKey().autoIncrement(),
    binary: 'blob',
    timestamp: 'text',
  };
}
