import type { Actor, UserActor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { sha256Hex } from '../crypto/digest.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  countEvidence,
  deleteEvidenceRow,
  EDITABLE_STATUSES,
  findEvidence,
  insertEvidence,
  listEvidence,
  submitApplicationRow,
  updateOrganisationWhile,
} from '../db/repositories/application.repository.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import type {
  Organisation,
  OrganisationStatus,
  OrganisationUpdate,
} from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import {
  APPLICATION_FIELDS,
  checkApplicationField,
  missingFields,
  websiteDomain,
  type ApplicationField,
  type ApplicationFields,
} from './application-fields.js';
import { domainProofView, runDomainCheck, type DomainCheckView } from './domain-check.js';
import type { DomainProofView } from './domain-check.js';
import {
  checkEvidenceKind,
  evidenceView,
  MAX_EVIDENCE_FILES,
  readEvidenceFile,
  recogniseEvidence,
  sealEvidence,
  type EvidenceView,
} from './evidence.js';

/*
 * The verification application of an organisation, as its members see and change it: fields,
 * evidence files, domain proof, submission. Members read it; owners and admins ("manage")
 * change it, and only while it is a draft or more information was requested. Every change is in
 * the audit log with ids and field names only.
 */

/** The application as its members see it. */
export interface ApplicationView {
  organisationId: string;
  organisationName: string;
  status: OrganisationStatus;
  /** Whether the fields and evidence can be changed now (draft or more information requested). */
  editable: boolean;
  fields: ApplicationFields;
  /** What is still needed before submitting: field names, and `evidence` when there is none. */
  missing: string[];
  evidence: EvidenceView[];
  domainProof: DomainProofView;
  submittedAt: string | null;
  decidedAt: string | null;
  /** The reviewer's reason for a rejection, a request for information or a suspension. */
  decisionReason: string | null;
}

export function applicationFields(organisation: Organisation): ApplicationFields {
  return {
    legalName: organisation.legalName,
    registrationNumber: organisation.registrationNumber,
    country: organisation.country,
    website: organisation.website,
    contactName: organisation.contactName,
    contactEmail: organisation.contactEmail,
    domain: organisation.domain,
  };
}

export function isEditable(status: OrganisationStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

/** What still blocks a submission. */
export function missingForSubmission(organisation: Organisation, evidenceCount: number): string[] {
  return [
    ...missingFields(applicationFields(organisation)),
    ...(evidenceCount === 0 ? ['evidence'] : []),
  ];
}

export async function buildApplicationView(
  ctx: AppContext,
  organisation: Organisation,
): Promise<ApplicationView> {
  const evidence = await listEvidence(ctx.db, organisation.id);
  return {
    organisationId: organisation.publicId,
    organisationName: organisation.name,
    status: organisation.status,
    editable: isEditable(organisation.status),
    fields: applicationFields(organisation),
    missing: missingForSubmission(organisation, evidence.length),
    evidence: evidence.map(evidenceView),
    domainProof: domainProofView(organisation),
    submittedAt: organisation.submittedAt,
    decidedAt: organisation.decidedAt,
    decisionReason: organisation.decisionReason,
  };
}

function notEditable(status: OrganisationStatus): AppError {
  return new AppError(
    'CONFLICT',
    `This application is ${status}; it can be changed only while it is a draft or when more information is requested.`,
    { details: { status } },
  );
}

/** A member (a logged-in user, never an API key) with `permission` in the organisation. */
async function applicantAccess(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  permission: 'read' | 'manage',
): Promise<{ user: UserActor; organisation: Organisation }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, permission);
  return { user, organisation };
}

async function reload(ctx: AppContext, id: number): Promise<Organisation> {
  const organisation = await findOrganisationById(ctx.db, id);
  if (organisation === undefined) throw new AppError('NOT_FOUND', 'No organisation with this id.');
  return organisation;
}

/** The application of one organisation (every member). */
export async function getApplication(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<ApplicationView> {
  const { organisation } = await applicantAccess(ctx, actor, organisationId, 'read');
  return buildApplicationView(ctx, organisation);
}

/**
 * Sets some fields of the application (owners and admins, while editable). Fields left out stay
 * as they are. When the website is set and no domain has been chosen, the website's host becomes
 * the domain to prove. Changing the domain discards the last domain check.
 */
export async function updateApplication(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  input: Partial<Record<ApplicationField, unknown>>,
): Promise<ApplicationView> {
  const { user, organisation } = await applicantAccess(ctx, actor, organisationId, 'manage');
  if (!isEditable(organisation.status)) throw notEditable(organisation.status);
  const values: Partial<Record<ApplicationField, string>> = {};
  for (const field of APPLICATION_FIELDS) {
    if (input[field] !== undefined) values[field] = checkApplicationField(field, input[field]);
  }
  if (values.website !== undefined && values.domain === undefined && organisation.domain === null)
    values.domain = websiteDomain(values.website);
  const changed = APPLICATION_FIELDS.filter(
    (field) => values[field] !== undefined && values[field] !== organisation[field],
  );
  if (changed.length > 0) {
    const update: OrganisationUpdate = { ...values };
    if (changed.includes('domain')) {
      update.domainCheck = null;
      update.domainVerifiedAt = null;
    }
    const at = ctx.now().toISOString();
    const updated = await ctx.db.transaction().execute(async (trx) => {
      if (!(await updateOrganisationWhile(trx, organisation.id, EDITABLE_STATUSES, update)))
        return false;
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.userPublicId,
        action: 'application.updated',
        organisationId: organisation.id,
        targetId: organisation.publicId,
        detail: JSON.stringify({ fields: changed }),
      });
      return true;
    });
    if (!updated) throw notEditable((await reload(ctx, organisation.id)).status);
  }
  return buildApplicationView(ctx, await reload(ctx, organisation.id));
}

/** Refuses early (before the upload is read) unless the actor may add evidence now. */
export async function checkEvidenceUploadAllowed(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<void> {
  const { organisation } = await applicantAccess(ctx, actor, organisationId, 'manage');
  if (!isEditable(organisation.status)) throw notEditable(organisation.status);
}

function tooManyFiles(): AppError {
  return new AppError(
    'CONFLICT',
    `An application holds at most ${MAX_EVIDENCE_FILES} evidence files; delete one first.`,
  );
}

/**
 * Adds an evidence file: its kind is checked against the list, its content recognised (PDF,
 * PNG, JPEG), then it is encrypted and stored under a random name. Nothing is stored when any
 * check fails. The file name the browser sent is not kept.
 */
export async function addEvidence(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  upload: { kind: unknown; bytes: Buffer },
): Promise<EvidenceView> {
  const { user, organisation } = await applicantAccess(ctx, actor, organisationId, 'manage');
  if (!isEditable(organisation.status)) throw notEditable(organisation.status);
  const kind = checkEvidenceKind(upload.kind);
  const mediaType = await recogniseEvidence(upload.bytes);
  if ((await countEvidence(ctx.db, organisation.id)) >= MAX_EVIDENCE_FILES) throw tooManyFiles();

  const publicId = randomPublicId();
  const blobName = randomPublicId();
  const at = ctx.now().toISOString();
  const row = {
    publicId,
    organisationId: organisation.id,
    kind,
    mediaType,
    byteSize: upload.bytes.length,
    sha256: sha256Hex(upload.bytes),
    blobName,
    uploadedByUserId: user.userId,
    createdAt: at,
  };
  await ctx.blobs.put(blobName, sealEvidence(ctx, publicId, upload.bytes));
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Takes the organisation row first, so concurrent uploads are counted one after another.
      if (!(await updateOrganisationWhile(trx, organisation.id, EDITABLE_STATUSES, {}))) {
        throw notEditable((await findOrganisationById(trx, organisation.id))?.status ?? 'draft');
      }
      if ((await countEvidence(trx, organisation.id)) >= MAX_EVIDENCE_FILES) throw tooManyFiles();
      await insertEvidence(trx, row);
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.userPublicId,
        action: 'application.evidence_added',
        organisationId: organisation.id,
        targetId: publicId,
        detail: JSON.stringify({ kind, mediaType, byteSize: row.byteSize }),
      });
    });
  } catch (error) {
    await ctx.blobs.delete(blobName);
    throw error;
  }
  return evidenceView({ id: 0, ...row });
}

/** The evidence files of the application (every member). */
export async function listApplicationEvidence(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<EvidenceView[]> {
  const { organisation } = await applicantAccess(ctx, actor, organisationId, 'read');
  return (await listEvidence(ctx.db, organisation.id)).map(evidenceView);
}

function noEvidence(): AppError {
  return new AppError('NOT_FOUND', 'No evidence file with this id in this application.');
}

/** One evidence file, decrypted (owners and admins). */
export async function downloadEvidence(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; evidenceId: string },
): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  const { organisation } = await applicantAccess(ctx, actor, input.organisationId, 'manage');
  const row = await findEvidence(ctx.db, organisation.id, input.evidenceId);
  if (row === undefined) throw noEvidence();
  return readEvidenceFile(ctx, row);
}

/** Deletes an evidence file (owners and admins, while the application is editable). */
export async function deleteEvidence(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; evidenceId: string },
): Promise<void> {
  const { user, organisation } = await applicantAccess(ctx, actor, input.organisationId, 'manage');
  const row = await findEvidence(ctx.db, organisation.id, input.evidenceId);
  if (row === undefined) throw noEvidence();
  if (!isEditable(organisation.status)) throw notEditable(organisation.status);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateOrganisationWhile(trx, organisation.id, EDITABLE_STATUSES, {}))) {
      throw notEditable((await findOrganisationById(trx, organisation.id))?.status ?? 'draft');
    }
    if (!(await deleteEvidenceRow(trx, row.id))) throw noEvidence();
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'application.evidence_deleted',
      organisationId: organisation.id,
      targetId: row.publicId,
      detail: JSON.stringify({ kind: row.kind }),
    });
  });
  // After the commit: a failure here leaves an unreadable orphan blob, never a dangling row.
  await ctx.blobs.delete(row.blobName);
}

/**
 * Checks the domain proof now (owners and admins; while the application is being written or
 * waits for review) and stores the result for the reviewer.
 */
export async function checkApplicationDomain(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<DomainCheckView> {
  const { user, organisation } = await applicantAccess(ctx, actor, organisationId, 'manage');
  if (!isEditable(organisation.status) && organisation.status !== 'submitted') {
    throw new AppError(
      'CONFLICT',
      `This application is ${organisation.status}; only a platform admin can check its domain again.`,
      { details: { status: organisation.status } },
    );
  }
  return runDomainCheck(ctx, organisation, {
    actorType: 'user',
    actorId: user.userPublicId,
    by: 'applicant',
  });
}

/**
 * Submits the application for review: every field set and at least one evidence file (the
 * domain check may still fail; the reviewer sees its result). Draft or more_info_requested →
 * submitted, in one conditional statement.
 */
export async function submitApplication(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<ApplicationView> {
  const { user, organisation } = await applicantAccess(ctx, actor, organisationId, 'manage');
  if (!isEditable(organisation.status)) throw notEditable(organisation.status);
  const missing = missingForSubmission(organisation, await countEvidence(ctx.db, organisation.id));
  if (missing.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `The application is not complete; still needed: ${missing.join(', ')}.`,
      { details: { field: missing[0] ?? null, missing: missing.join(',') } },
    );
  }
  const at = ctx.now().toISOString();
  const submitted = await ctx.db.transaction().execute(async (trx) => {
    if (!(await submitApplicationRow(trx, organisation.id, at))) return false;
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'application.submitted',
      organisationId: organisation.id,
      targetId: organisation.publicId,
      detail: JSON.stringify({
        from: organisation.status,
        domainVerified: organisation.domainVerifiedAt !== null,
      }),
    });
    return true;
  });
  const after = await reload(ctx, organisation.id);
  if (!submitted) {
    if (!isEditable(after.status)) throw notEditable(after.status);
    throw new AppError(
      'CONFLICT',
      'The application changed while it was being submitted; look at it again and resubmit.',
    );
  }
  return buildApplicationView(ctx, after);
}
