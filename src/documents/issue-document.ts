import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { canonicalJson } from '../crypto/canonical-json.js';
import { sha256Hex } from '../crypto/digest.js';
import {
  sealRecord,
  wrapForOrganisation,
  wrapWithActivationSecret,
} from '../crypto/document-keys.js';
import { encodeKey, randomKey, randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { insertDocument, queueAnchorDigest } from '../db/repositories/document.repository.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import { AppError } from '../errors.js';
import { activationEmail } from '../mail/templates/activation-email.js';
import { activationUrl, checkIssueInput } from './document.js';
import type { RecipientRecord } from './document.js';

export interface IssuedDocument {
  id: string;
  status: 'pending';
  title: string;
  issuedAt: string;
  expiresAt: string | null;
  commitment: string;
}

/**
 * Issues one document (DESIGN §2–3): a fresh DEK encrypts the recipient record, bound to the
 * document id; the DEK is wrapped by a fresh activation secret (wrapA) and sealed to the
 * organisation's public key (wrapB); the salted record's SHA-256 is queued for anchoring; the
 * recipient gets the activation link by e-mail. Needs only the public key, so API keys can issue.
 * The secret exists only in the e-mail; if sending fails nothing is stored.
 */
export async function issueDocument(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  rawInput: Parameters<typeof checkIssueInput>[0],
): Promise<IssuedDocument> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'issue');
  if (organisation.status !== 'approved') {
    throw new AppError(
      'ISSUER_NOT_APPROVED',
      'This organisation has not been approved by a platform admin yet, so it cannot issue.',
    );
  }
  const now = ctx.now();
  const input = checkIssueInput(rawInput, now);
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');

  const documentId = randomPublicId();
  const issuedAt = now.toISOString();
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
  const who = actor === null ? null : auditActor(actor);
  const message = activationEmail({
    to: input.recipientEmail,
    issuerName: organisation.name,
    title: input.title,
    activationUrl: activationUrl(ctx.publicUrl, documentId, encodeKey(secret)),
    locale: input.locale,
  });

  await ctx.db.transaction().execute(async (trx) => {
    const rowId = await insertDocument(trx, {
      publicId: documentId,
      organisationId: organisation.id,
      organisationKeyId: key.id,
      template: input.template,
      title: input.title,
      locale: input.locale,
      status: 'pending',
      recordCiphertext: sealRecord(dek, recordBytes, documentId),
      wrapA: wrapWithActivationSecret(dek, secret, documentId),
      wrapB: wrapForOrganisation(dek, key.publicKey, documentId),
      wrapM: null,
      commitment,
      issuedAt,
      expiresAt: input.expiresAt,
      issuedByUserId: actor?.kind === 'user' ? actor.userId : null,
      issuedByApiKeyId: actor?.kind === 'api_key' ? actor.apiKeyId : null,
    });
    await queueAnchorDigest(trx, {
      digest: commitment,
      kind: 'commitment',
      documentId: rowId,
      queuedAt: issuedAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: issuedAt,
      actorType: who?.actorType ?? 'system',
      actorId: who?.actorId ?? null,
      action: 'document.issued',
      organisationId: organisation.id,
      targetId: documentId,
    });
    try {
      await ctx.mailer.send(message);
    } catch (error) {
      throw new AppError(
        'UPSTREAM_FAILED',
        'The activation e-mail could not be sent, so the document was not issued. Try again later.',
        { cause: error },
      );
    }
  });
  dek.fill(0);
  secret.fill(0);
  return {
    id: documentId,
    status: 'pending',
    title: input.title,
    issuedAt,
    expiresAt: input.expiresAt,
    commitment,
  };
}
