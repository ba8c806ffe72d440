import type {
  AnchorBatchesTable,
  AnchorDigestsTable,
  AnchorLeavesTable,
  AnchorSubmissionsTable,
  AnchorWorkerLeasesTable,
} from './anchoring.table.js';
import type {
  AuditEventsTable,
  ConsentsTable,
  DocumentsTable,
  StatusListsTable,
  TermsTable,
} from './documents.table.js';
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
  consents: ConsentsTable;
  terms: TermsTable;
  anchorDigests: AnchorDigestsTable;
  anchorBatches: AnchorBatchesTable;
  anchorLeaves: AnchorLeavesTable;
  anchorSubmissions: AnchorSubmissionsTable;
  anchorWorkerLeases: AnchorWorkerLeasesTable;
  auditEvents: AuditEventsTable;
  templateAssets: TemplateAssetsTable;
  templates: TemplatesTable;
  templateVersions: TemplateVersionsTable;
  memberKeySeals: MemberKeySealsTable;
  emailTokens: EmailTokensTable;
  invitations: InvitationsTable;
  recoveryCodes: RecoveryCodesTable;
  loginThrottles: LoginThrottlesTable;
  applicationEvidence: ApplicationEvidenceTable;
}
