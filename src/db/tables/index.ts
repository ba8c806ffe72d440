import type {
  AnchorBatchesTable,
  AnchorDigestsTable,
  AnchorLeavesTable,
  AnchorSubmissionsTable,
  AnchorWorkerLeasesTable,
  StatusStatementsTable,
} from './anchoring.table.js';
import type { BitcoinBlockHeadersTable } from './bitcoin-headers.table.js';
import type { AuditChainHeadTable, AuditEventsTable, AuditHeadsTable } from './audit.table.js';
import type { DocumentsTable, StatusListsTable } from './documents.table.js';
import type {
  ApplicationEvidenceTable,
  OrganisationKeysTable,
  OrganisationsTable,
} from './organisations.table.js';
import type {
  TemplateAssetsTable,
  TemplatesTable,
  TemplateVersionsTable,
} from './templates.table.js';
import type {
  ErasuresTable,
  RecipientRequestsTable,
  RetentionRulesTable,
  RetentionRunsTable,
} from './privacy.table.js';
import type { TermsAcceptancesTable, TermsVersionsTable } from './terms.table.js';
import type { JobsTable } from './jobs.table.js';
import type { DocumentRemindersTable, ReminderSettingsTable } from './reminders.table.js';
import type {
  BatchesTable,
  BatchItemsTable,
  BatchMappingsTable,
  BatchUploadsTable,
} from './batches.table.js';
import type {
  ApiKeysTable,
  EmailTokensTable,
  InvitationsTable,
  LoginThrottlesTable,
  MemberKeySealsTable,
  MembershipsTable,
  RecoveryCodesTable,
  SessionsTable,
  UserKeyWrapsTable,
  UsersTable,
} from './users.table.js';
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from './webhooks.table.js';

/** The whole schema as Kysely sees it (camelCase; the database is snake_case). */
export interface Database {
  organisations: OrganisationsTable;
  organisationKeys: OrganisationKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  userKeyWraps: UserKeyWrapsTable;
  sessions: SessionsTable;
  apiKeys: ApiKeysTable;
  documents: DocumentsTable;
  statusLists: StatusListsTable;
  termsVersions: TermsVersionsTable;
  termsAcceptances: TermsAcceptancesTable;
  anchorDigests: AnchorDigestsTable;
  anchorBatches: AnchorBatchesTable;
  anchorLeaves: AnchorLeavesTable;
  anchorSubmissions: AnchorSubmissionsTable;
  anchorWorkerLeases: AnchorWorkerLeasesTable;
  auditEvents: AuditEventsTable;
  auditHeads: AuditHeadsTable;
  auditChainHead: AuditChainHeadTable;
  statusStatements: StatusStatementsTable;
  templateAssets: TemplateAssetsTable;
  templates: TemplatesTable;
  templateVersions: TemplateVersionsTable;
  memberKeySeals: MemberKeySealsTable;
  emailTokens: EmailTokensTable;
  invitations: InvitationsTable;
  recoveryCodes: RecoveryCodesTable;
  loginThrottles: LoginThrottlesTable;
  applicationEvidence: ApplicationEvidenceTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookAttempts: WebhookAttemptsTable;
  jobs: JobsTable;
  batches: BatchesTable;
  batchItems: BatchItemsTable;
  batchUploads: BatchUploadsTable;
  batchMappings: BatchMappingsTable;
  erasures: ErasuresTable;
  recipientRequests: RecipientRequestsTable;
  retentionRules: RetentionRulesTable;
  retentionRuns: RetentionRunsTable;
  reminderSettings: ReminderSettingsTable;
  documentReminders: DocumentRemindersTable;
  bitcoinBlockHeaders: BitcoinBlockHeadersTable;
}
