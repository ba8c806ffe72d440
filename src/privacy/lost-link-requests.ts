import type { Readable } from 'node:stream';
import { normaliseEmail } from '../accounts/credentials.js';
import { hashLinkToken, newLinkToken } from '../accounts/tokens.js';
import type { AppContext } from '../context.js';
import { unwrapWithMasterKey } from '../crypto/document-keys.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { documentState } from '../documents/document.js';
import type { DocumentState } from '../documents/document.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { recipientEmailIndex } from './email-index.js';
import { eraseDocument } from './erase-document.js';
import { holderExport } from './holder-export.js';
import { PRIVACY_ACTIONS } from './privacy-actions.js';
import { recipientRequestEmail, recipientRequestNothingEmail } from './request-email.js';

/** How long the e-mailed link works. */
export const REQUEST_TTL_MINUTES = 60;
/** Requests per address per hour; beyond, the same answer and no e-mail. */
export const REQUESTS_PER_HOUR = 3;

/** The one answer to every request, whatever the address (no enumeration). */
export const REQUEST_ANSWER =
  'If documents were issued to this address, a link to see, export or erase them has been sent to it. It works for one hour.';

/** The documents of an address, found by its blind index (never by the address itself). */
function documentsOf(ctx: AppContext, emailIndex: string) {
  return ctx.db
    .selectFrom('documents')
    .selectAll()
    .where('recipientEmailIndex', '=', emailIndex)
    .where('erasedAt', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * Someone who lost their link asks by e-mail address. Always the same answer; an e-mail goes to
 * the address either way (a link when documents match, a notice otherwise), so neither the answer
 * nor its timing tells whether the address has documents. At most REQUESTS_PER_HOUR per address.
 */
export async function requestByEmail(
  ctx: AppContext,
  input: { email: string; locale: Locale },
): Promise<{ message: string }> {
  const email = normaliseEmail(input.email);
  const emailIndex = recipientEmailIndex(ctx.masterKey, email);
  const now = ctx.now();
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const recent = await ctx.db
    .selectFrom('recipientRequests')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('emailIndex', '=', emailIndex)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= REQUESTS_PER_HOUR) return { message: REQUEST_ANSWER };
  const documents = await documentsOf(ctx, emailIndex);
  const { token, hash } = newLinkToken();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('recipientRequests')
      .values({
        tokenHash: hash,
        emailIndex,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + REQUEST_TTL_MINUTES * 60_000).toISOString(),
        // A request that found nothing can never be used: it only counts.
        usedAt: documents.length === 0 ? now.toISOString() : null,
      })
      .execute();
    await insertAuditEvent(trx, {
      occurredAt: now.toISOString(),
      actorType: 'recipient',
      actorId: null,
      action: PRIVACY_ACTIONS.requestMade,
      organisationId: null,
      targetId: null,
      detail: JSON.stringify({ documents: documents.length }),
    });
    // Sent inside the transaction: no mail, no request.
    await ctx.mailer.send(
      documents.length === 0
        ? recipientRequestNothingEmail({ to: email, locale: input.locale })
        : recipientRequestEmail({
            to: email,
            locale: input.locale,
            url: `${ctx.publicUrl}/recipient/requests#${token}`,
          }),
    );
  });
  return { message: REQUEST_ANSWER };
}

function linkInvalid(): AppError {
  return new AppError(
    'LINK_INVALID',
    'This link is not valid: it has expired, was already used, or was never sent. Ask again.',
  );
}

/** The request a token opens (not expired, not used). */
async function openRequest(ctx: AppContext, token: string) {
  const hash = hashLinkToken(token);
  if (hash === null) throw linkInvalid();
  const request = await ctx.db
    .selectFrom('recipientRequests')
    .selectAll()
    .where('tokenHash', '=', hash)
    .executeTakeFirst();
  if (
    request === undefined ||
    request.usedAt !== null ||
    request.expiresAt <= ctx.now().toISOString()
  )
    throw linkInvalid();
  return request;
}

/** Spends a request's token: true for the one caller that did. */
async function spend(ctx: AppContext, requestId: number): Promise<boolean> {
  const result = await ctx.db
    .updateTable('recipientRequests')
    .set({ usedAt: ctx.now().toISOString() })
    .where('id', '=', requestId)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface RequestedDocument {
  documentId: string;
  title: string;
  issuerName: string;
  state: DocumentState;
  restricted: boolean;
  issuedAt: string;
  activatedAt: string | null;
  /** Activated documents can be exported from here; pending ones need their link or the issuer. */
  exportable: boolean;
}

/** The documents the confirmed request covers (does not spend the link). */
export async function listRequestedDocuments(
  ctx: AppContext,
  input: { token: string },
): Promise<{ documents: RequestedDocument[]; expiresAt: string }> {
  const request = await openRequest(ctx, input.token);
  const rows = await documentsOf(ctx, request.emailIndex);
  const issuers = new Map<number, string>();
  for (const row of rows) {
    if (issuers.has(row.organisationId)) continue;
    const organisation = await ctx.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', row.organisationId)
      .executeTakeFirst();
    issuers.set(row.organisationId, organisation?.name ?? '?');
  }
  const now = ctx.now();
  return {
    expiresAt: request.expiresAt,
    documents: rows.map((row) => ({
      documentId: row.publicId,
      title: row.title,
      issuerName: issuers.get(row.organisationId) ?? '?',
      state: documentState(row, now),
      restricted: row.restrictedAt !== null,
      issuedAt: row.issuedAt,
      activatedAt: row.activatedAt,
      exportable: row.wrapM !== null,
    })),
  };
}

/**
 * Exports the request's activated documents (the platform opens them with the master key, as it
 * does to serve their PDF): one ZIP, and the link is spent. Pending documents cannot be opened
 * without their link or the issuer: they are listed in data.json without a record.
 */
export async function exportRequestedDocuments(
  ctx: AppContext,
  input: { token: string },
): Promise<{ stream: Readable; fileName: string }> {
  const request = await openRequest(ctx, input.token);
  const rows = await documentsOf(ctx, request.emailIndex);
  const opened = rows
    .filter((row): row is DocumentRow & { wrapM: Buffer } => row.wrapM !== null)
    .map((row) => ({ row, dek: unwrapWithMasterKey(row.wrapM, ctx.masterKey, row.publicId) }));
  if (!(await spend(ctx, request.id))) throw linkInvalid();
  const exported = await holderExport(ctx, opened);
  const at = ctx.now().toISOString();
  for (const { row } of opened)
    await insertAuditEvent(ctx.db, {
      occurredAt: at,
      actorType: 'recipient',
      actorId: null,
      action: PRIVACY_ACTIONS.exported,
      organisationId: row.organisationId,
      targetId: row.publicId,
      detail: JSON.stringify({ through: 'request' }),
    });
  return exported;
}

/** Erases the request's documents (all, or the listed ones among them); the link is spent. */
export async function eraseRequestedDocuments(
  ctx: AppContext,
  input: { token: string; documentIds?: readonly string[]; confirm: boolean },
): Promise<{ erased: string[] }> {
  if (!input.confirm)
    throw new AppError(
      'INVALID_INPUT',
      'confirm must be true: erasing cannot be undone (the PDFs and your data are destroyed).',
      { details: { field: 'confirm' } },
    );
  const request = await openRequest(ctx, input.token);
  const rows = await documentsOf(ctx, request.emailIndex);
  const wanted = input.documentIds === undefined ? null : new Set(input.documentIds);
  if (wanted !== null) {
    const known = new Set(rows.map((row) => row.publicId));
    const unknown = [...wanted].find((id) => !known.has(id));
    if (unknown !== undefined)
      throw new AppError(
        'INVALID_INPUT',
        'documentIds names a document this request does not cover.',
        {
          details: { field: 'documentIds', documentId: unknown },
        },
      );
  }
  if (!(await spend(ctx, request.id))) throw linkInvalid();
  const erased: string[] = [];
  for (const row of rows) {
    if (wanted !== null && !wanted.has(row.publicId)) continue;
    await eraseDocument(ctx, row, {
      cause: 'holder',
      actor: { actorType: 'recipient', actorId: null },
    });
    erased.push(row.publicId);
  }
  return { erased };
}
