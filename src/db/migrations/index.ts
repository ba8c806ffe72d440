import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-26-001-initial.js';

/** Every migration, by name. Names sort in the order they run; released ones never change. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
