import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import { sha256Hex } from '../crypto/digest.js';
import {
  organisationWrapper,
  sealRecord,
  wrapWithActivationSecret,
} from '../crypto/document-keys.js';
import { encodeKey, randomKey, randomPublicId } from '../crypto/random.js';
import type { Insertable } from 'kysely';
import { insertAuditEvents } from '../db/repositories/audit.repository.js';
import { insertDocuments, queueAnchorDigests } from '../db/repositories/document.repository.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import { AppError } from '../errors.js';
import type { DocumentsTable } from '../db/tables/documents.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { MailMessage } from '../mail/mailer.js';
import { emitWebhookEvents } from '../webhooks/emit-webhook-event.js';
import { activationEmail } from '../mail/templates/activation-email.js';
import {
  checkTemplateData,
  resolveIssuanceTemplates,
  type IssuanceTemplate,
} from '../templates/document-template.js';
import { activationUrl, checkIssueInput } from './document.js';
import type { IssueInput, RecipientRecord } from './document.js';
import { recipientEmailIndex } from '../privacy/email-index.js';
import { DOCUMENT_ACTIONS } from './document-timeline.js';
import { DOCUMENTS_PER_TURN, yieldToEventLoop } from '../batches/event-loop.js';
import { deliverIssuedDocuments } from '../delivery/deliver-issued-document.js';
import { newDeliveryToken } from '../delivery/delivery.js';
import type { DeliveryView } from '../delivery/delivery.js';
import { issuerEmailLogo } from '../issuers/email-logo.js';
import type { EmailLogo } from '../mail/templates/plain-email.js';

export interface IssuedDocument {
  id: string;
  status: 'pending';
  title: string;
  issuedAt: string;
  expiresAt: string | null;
  commitment: string;
}

/** Most documents one call may issue: one transaction, one multi-row insert per table. */
export const MAX_DOCUMENTS_PER_BATCH = 1000;

export type RawIssueInput = Parameters<typeof checkIssueInput>[0];

/** One document ready to store: its row, its queued commitment and its e-mail. */
export interface PreparedDocument {
  readonly row: Insertable<DocumentsTable>;
  readonly message: MailMessage;
  readonly issued: IssuedDocument;
}

/** A document issued on its own, and how its e-mail's hand-over to the relay went. */
export interface IssuedDocumentDelivery extends IssuedDocument {
  delivery: DeliveryView;
}

/**
 * Issues one document (DESIGN §2–3): a fresh DEK encrypts the recipient record, bound to the
 * document id; the DEK is wrapped by a fresh activation secret (wrapA) and sealed to the
 * organisation's public key (wrapB); the salted record's SHA-256 is queued for anchoring. Needs
 * only the public key, so API keys can issue.
 *
 * Issuing and delivering are separate steps, as for a batch (issue 12, DESIGN §5 "Batches"): one
 * short transaction stores the document *awaiting delivery* (with its commitment, audit event and
 * `document.issued`), and only after the commit is the e-mail — the only holder of the secret —
 * handed to the mailer ({@link deliverIssuedDocuments}, bounded in time), so no transaction (on
 * SQLite, the only connection) waits on SMTP. The answer says how the hand-over went: `sent`,
 * `deferred`, `rejected` (codes only) or `awaiting` (the relay was still busy); a document not
 * `sent` is re-sent with "re-send the link", which re-keys it.
 */
export async function issueDocument(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  rawInput: RawIssueInput,
): Promise<IssuedDocumentDelivery> {
  const [document] = await issueDocuments(ctx, actor, organisationId, [rawInput]);
  if (document === undefined) throw new AppError('INTERNAL', 'A document was not issued.');
  return document;
}

/**
 * Issues up to {@link MAX_DOCUMENTS_PER_BATCH} documents with {@link issueDocument}'s checks,
 * keys and delivery, all or none for the storing: every input is checked first (an error names
 * the entry, e.g. `documents[3].recipient.email`, and nothing is stored), then one short
 * transaction stores every row *awaiting delivery* with its commitment, audit event and
 * `document.issued`; only after the commit are the e-mails handed over, several at a time and
 * within the same bounded wait (DESIGN §5 "Delivery and bounces"). A relay that is down or
 * refuses an address costs no document: each answer entry says its own `delivery`, and one not
 * `sent` is re-sent later. One permission check and one key lookup serve the whole call, and rows
 * go in with multi-row inserts, which is what makes bulk issuance several times faster than one
 * call per document.
 */
export async function issueDocuments(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  rawInputs: readonly RawIssueInput[],
): Promise<IssuedDocumentDelivery[]> {
  const { organisation, prepared, issuedAt, who } = await prepareIssuance(
    ctx,
    actor,
    organisationId,
    rawInputs,
  );
  await ctx.db.transaction().execute(async (trx) => {
    const rowIds = await insertDocuments(
      trx,
      prepared.map((document) => ({ ...document.row, deliveryState: 'awaiting' as const })),
    );
    const idOf = (document: PreparedDocument): number => {
      const id = rowIds.get(document.issued.id);
      if (id === undefined) throw new AppError('INTERNAL', 'An inserted document has no row id.');
      return id;
    };
    await queueAnchorDigests(
      trx,
      prepared.map((document) => ({
        digest: document.issued.commitment,
        kind: 'commitment' as const,
        documentId: idOf(document),
        queuedAt: issuedAt,
      })),
    );
    // Delivered or failed follow with the hand-over's outcome (DESIGN §5 "Webhooks").
    await emitWebhookEvents(
      trx,
      organisation.id,
      prepared.map((document) => ({
        type: 'document.issued' as const,
        occurredAt: issuedAt,
        documentId: document.issued.id,
        data: { status: 'pending' },
      })),
    );
    // Last, so that the audit chain's lock (PostgreSQL) is held from here to the commit only.
    await insertAuditEvents(
      trx,
      prepared.map((document) => ({
        occurredAt: issuedAt,
        actorType: who?.actorType ?? 'system',
        actorId: who?.actorId ?? null,
        action: DOCUMENT_ACTIONS.issued,
        organisationId: organisation.id,
        targetId: document.issued.id,
      })),
    );
  });
  const deliveries = await deliverIssuedDocuments(
    ctx,
    organisation.id,
    prepared.map((document) => ({ documentId: document.issued.id, message: document.message })),
  );
  return prepared.map((document, index) => ({
    ...document.issued,
    delivery: deliveries[index] ?? { state: 'awaiting', error: null },
  }));
}

/**
 * Every check of an issuance, in order, then each document prepared in memory (nothing stored):
 * permission, approval, each input (an error names its entry in a batch), the active key and the
 * designed templates.
 */
async function prepareIssuance(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  rawInputs: readonly RawIssueInput[],
): Promise<{
  organisation: Organisation;
  prepared: PreparedDocument[];
  issuedAt: string;
  who: ReturnType<typeof auditActor> | null;
}> {
  if (rawInputs.length === 0 || rawInputs.length > MAX_DOCUMENTS_PER_BATCH) {
    throw new AppError(
      'INVALID_INPUT',
      `documents must hold between 1 and ${MAX_DOCUMENTS_PER_BATCH} entries.`,
      { details: { field: 'documents' } },
    );
  }
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'issue');
  if (organisation.status !== 'approved') {
    throw new AppError(
      'ISSUER_NOT_APPROVED',
      'This organisation has not been approved by a platform admin yet, so it cannot issue.',
    );
  }
  // In a batch, an input error names its entry; a single document's error stays as it is.
  const entryError = (index: number, error: unknown): unknown =>
    rawInputs.length === 1 ? error : namingEntry(index, error);
  const checkEntry = <T>(index: number, check: () => T): T => {
    try {
      return check();
    } catch (error) {
      throw entryError(index, error);
    }
  };
  const now = ctx.now();
  const inputs = rawInputs.map((raw, index) => checkEntry(index, () => checkIssueInput(raw, now)));
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');

  // Designed templates: each one's latest version, and every placeholder filled by the data.
  const templates = new Map<string, IssuanceTemplate>();
  for (const [index, input] of inputs.entries()) {
    if (templates.has(input.template)) continue;
    const found = await resolveIssuanceTemplates(ctx, organisation, [input.template]).catch(
      (error: unknown) => {
        throw entryError(index, error);
      },
    );
    for (const [id, template] of found) templates.set(id, template);
  }
  const templateVersionIds = inputs.map((input, index) => {
    const template = templates.get(input.template);
    if (template === undefined) return null;
    checkEntry(index, () => checkTemplateData(template, input.fields));
    return template.versionId;
  });

  const issuedAt = now.toISOString();
  // One X25519 agreement for the whole batch (crypto/sealed-box.ts, createSealer).
  const wrapB = organisationWrapper(key.publicKey);
  const logo = await issuerEmailLogo(ctx, organisation);
  const prepared: PreparedDocument[] = [];
  for (const [index, input] of inputs.entries()) {
    // About 0.4 ms of encryption each: a thousand would hold every other request for a while.
    if (index > 0 && index % DOCUMENTS_PER_TURN === 0) await yieldToEventLoop();
    prepared.push(
      prepareDocument(
        ctx,
        { organisation, keyId: key.id, wrapB, actor, logo },
        input,
        issuedAt,
        templateVersionIds[index] ?? null,
      ),
    );
  }
  const who = actor === null ? null : auditActor(actor);

  return { organisation, prepared, issuedAt, who };
}

/**
 * An INVALID_INPUT error for entry `index`: "recipient.email must …" becomes
 * "documents[3].recipient.email must …", any other sentence "documents[3]: The template …".
 */
function namingEntry(index: number, error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'INVALID_INPUT') return error;
  const field = typeof error.details.field === 'string' ? error.details.field : '';
  const entry = `documents[${index}]`;
  const message =
    field !== '' && error.message.startsWith(`${field} `)
      ? `${entry}.${error.message}`
      : `${entry}: ${error.message}`;
  return new AppError('INVALID_INPUT', message, {
    details: { ...error.details, field: field === '' ? entry : `${entry}.${field}`, index },
  });
}

/**
 * Encrypts one document's record and wraps its key; the secret leaves only in the e-mail (the
 * returned message, held in memory by the caller until it is handed to the relay). Exported for
 * batches (src/batches/run-batch.ts), which store and send in separate steps.
 */
export function prepareDocument(
  ctx: AppContext,
  issuer: {
    organisation: Organisation;
    keyId: number;
    wrapB: (dek: Buffer, documentId: string) => Buffer;
    actor: Actor | null;
    /** The issuer's logo as its e-mails carry it inline (see issuerEmailLogo), or null. */
    logo: EmailLogo | null;
  },
  input: IssueInput,
  issuedAt: string,
  templateVersionId: number | null,
): PreparedDocument {
  const { organisation, actor } = issuer;
  const documentId = randomPublicId();
  const dek = randomKey();
  const secret = randomKey();
  const record: RecipientRecord = {
    version: 1,
    documentId,
    issuerId: organisation.publicId,
    template: input.template,
    title: input.title,
    recipient: { name: input.recipientName, email: input.recipientEmail },
    fields: input.fields,
    issuedAt,
    expiresAt: input.expiresAt,
    salt: encodeKey(randomKey()),
  };
  const recordBytes = Buffer.from(canonicalJson(record), 'utf8');
  const commitment = sha256Hex(recordBytes);
  // The random id by which a delivery report (bounce) finds this message (src/delivery).
  const deliveryToken = newDeliveryToken();
  const message: MailMessage = {
    ...activationEmail({
      to: input.recipientEmail,
      logo: issuer.logo,
      issuerName: organisation.name,
      title: input.title,
      activationUrl: activationUrl(ctx.publicUrl, documentId, encodeKey(secret)),
      locale: input.locale,
    }),
    deliveryToken,
  };
  const row: Insertable<DocumentsTable> = {
    publicId: documentId,
    organisationId: organisation.id,
    organisationKeyId: issuer.keyId,
    template: input.template,
    title: input.title,
    locale: input.locale,
    status: 'pending',
    recordCiphertext: sealRecord(dek, recordBytes, documentId),
    wrapA: wrapWithActivationSecret(dek, secret, documentId),
    wrapB: issuer.wrapB(dek, documentId),
    wrapM: null,
    commitment,
    issuedAt,
    expiresAt: input.expiresAt,
    issuedByUserId: actor?.kind === 'user' ? actor.userId : null,
    issuedByApiKeyId: actor?.kind === 'api_key' ? actor.apiKeyId : null,
    templateVersionId,
    recipientEmailIndex: recipientEmailIndex(ctx.masterKey, input.recipientEmail),
    deliveryToken,
  };
  dek.fill(0);
  secret.fill(0);
  return {
    row,
    message,
    issued: {
      id: documentId,
      status: 'pending',
      title: input.title,
      issuedAt,
      expiresAt: input.expiresAt,
      commitment,
    },
  };
}
