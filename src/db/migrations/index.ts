import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-26-001-initial.js';
import * as anchoring from './2026-11-27-001-anchoring.js';
import * as templates from './2026-11-27-002-templates.js';
import * as onboarding from './2026-11-28-001-onboarding.js';
import * as consoleSupport from './2026-12-06-001-console.js';
import * as documentConsole from './2026-12-06-002-document-console.js';
import * as validity from './2026-12-07-001-validity.js';
import * as statusLists from './2026-12-07-002-status-lists.js';
import * as supersede from './2026-12-07-003-supersede.js';
import * as auditChain from './2026-12-08-201-audit-chain.js';
import * as auditHead from './2026-12-08-202-audit-head.js';
import * as privacy from './2026-12-08-301-privacy.js';
import * as terms from './2026-12-08-401-terms.js';
import * as webhooks from './2026-12-08-101-webhooks.js';
import * as jobs from './2026-12-08-001-jobs.js';
import * as batches from './2026-12-08-002-batches.js';
import * as templateDesigner from './2026-12-08-501-template-designer.js';
import * as bitcoinHeaders from './2026-12-09-101-bitcoin-headers.js';
import * as delivery from './2026-12-09-201-delivery.js';
import * as reminders from './2026-12-09-301-reminders.js';
import * as batchShortReason from './2026-12-10-501-batch-short-reason.js';
import * as deliveryUpdatedAt from './2026-12-10-801-delivery-updated-at.js';

/** Every migration, by name. Names sort in the order they run; released ones never change. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-initial': initial,
  '2026-11-27-001-anchoring': anchoring,
  '2026-11-27-002-templates': templates,
  '2026-11-28-001-onboarding': onboarding,
  '2026-12-06-001-console': consoleSupport,
  '2026-12-06-002-document-console': documentConsole,
  '2026-12-07-001-validity': validity,
  '2026-12-07-002-status-lists': statusLists,
  '2026-12-07-003-supersede': supersede,
  '2026-12-08-201-audit-chain': auditChain,
  '2026-12-08-202-audit-head': auditHead,
  '2026-12-08-301-privacy': privacy,
  '2026-12-08-401-terms': terms,
  '2026-12-08-101-webhooks': webhooks,
  '2026-12-08-001-jobs': jobs,
  '2026-12-08-002-batches': batches,
  '2026-12-08-501-template-designer': templateDesigner,
  '2026-12-09-101-bitcoin-headers': bitcoinHeaders,
  '2026-12-09-201-delivery': delivery,
  '2026-12-09-301-reminders': reminders,
  '2026-12-10-501-batch-short-reason': batchShortReason,
  '2026-12-10-801-delivery-updated-at': deliveryUpdatedAt,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
