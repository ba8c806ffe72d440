import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-26-001-initial.js';
import * as anchoring from './2026-11-27-001-anchoring.js';
import * as templates from './2026-11-27-002-templates.js';
import * as onboarding from './2026-11-28-001-onboarding.js';

/** Every migration, by name. Names sort in the order they run; released ones never change. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-initial': initial,
  '2026-11-27-001-anchoring': anchoring,
  '2026-11-27-002-templates': templates,
  '2026-11-28-001-onboarding': onboarding,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
