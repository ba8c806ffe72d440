import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireActor, requireOrganisationAccess } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import type { AppContext } from '../context.js';
import { wrapWithActivationSecret } from '../crypto/document-keys.js';
import { encodeKey, randomKey } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { replaceDeliveryToken } from '../db/repositories/delivery.repository.js';
import { newDeliveryToken } from '../delivery/delivery.js';
import { recordDeliveryStates } from '../delivery/record-delivery.js';
import {
  queueAnchorDigest,
  replaceActivationWrap,
} from '../db/repositories/document.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { Executor } from '../db/database.js';
import { AppError } from '../errors.js';
import { isLocale } from '../i18n/locale.js';
import { issuerEmailLogo } from '../issuers/email-logo.js';
import type { MailWithImages } from '../mail/compose-message.js';
import { activationEmail } from '../mail/templates/activation-email.js';
import type { ActivationEmailInput } from '../mail/templates/activation-email.js';
import { activationUrl, documentState } from './document.js';
import { loadOwnDocument } from './issuer-documents.js';

/** What a new activation link reports: the e-mail went out at `sentAt`. */
export interface ActivationLinkSent {
  documentId: string;
  sentAt: string;
}

/** A pending document of the caller's organisation, and the caller's unlocked keys. */
export interface PendingDocumentAccess {
  actor: Actor;
  organisation: Organisation;
  row: DocumentRow;
  keys: Map<number, Buffer>;
}

/**
 * The checks before a new activation link, in this order: the caller may issue in the
 * organisation (NOT_FOUND for another organisation's ids, FORBIDDEN for a viewer), the
 * organisation may issue (ISSUER_NOT_APPROVED), the document is its own (NOT_FOUND), still
 * waiting for activation (CONFLICT with `details.state` otherwise: an activated recipient has
 * their PDF, a revoked document can no longer be activated) and the session holds the
 * organisation key unlocked (UNLOCK_REQUIRED: only the key opens wrapB, DESIGN §3 — so API keys
 * never can).
 */
export async function requirePendingDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<PendingDocumentAccess> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(ctx, present, input.organisationId, 'issue');
  if (organisation.status !== 'approved') {
    throw new AppError(
      'ISSUER_NOT_APPROVED',
      'This organisation is not approved by a platform admin, so it cannot send activation links.',
    );
  }
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  if (row.status !== 'pending') {
    const state = documentState(row, ctx.now());
    throw new AppError(
      'CONFLICT',
      row.status === 'revoked'
        ? 'This document is revoked: it can no longer be activated, so it gets no new link.'
        : 'This document is already activated: its recipient has the PDF and needs no new link.',
      { details: { documentId: row.publicId, state } },
    );
  }
  const keys = unlockedOrganisationKeys(ctx, present, organisation);
  if (keys === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Enter your password again to unlock the organisation key: only it can open the document for a new link.',
    );
  return { actor: present, organisation, row, keys };
}

/**
 * Replaces a pending document's activation wrap with one under a fresh secret and e-mails the
 * new link (DESIGN §3: "a lost activation link can be re-sent only by an issuer user entering
 * their password"). The old secret stops opening anything: activation with it fails exactly as
 * a wrong secret does. The wrong-try counter and any lock are cleared: they protected the old
 * link.
 *
 * As at issuance (DESIGN §5), the e-mail goes out inside the transaction that swaps the wrap:
 * if it cannot be handed over, the transaction rolls back and the old link keeps working
 * (UPSTREAM_FAILED); the secret exists only in that e-mail. The swap is conditional on the wrap
 * it replaces, so a document activated, revoked or given another link meanwhile is a CONFLICT
 * and nothing is sent. `record` carries what changes with the record (a corrected address).
 * `email` writes another message around the new link (a reminder, src/reminders/), and
 * `inTransaction` records what goes with the swap (a reminder's count) in its transaction,
 * before the mail: if it throws, nothing is swapped or sent.
 */
export async function sendNewActivationLink(
  ctx: AppContext,
  access: PendingDocumentAccess,
  link: {
    dek: Buffer;
    to: string;
    action: string;
    record?: {
      recordCiphertext: Buffer;
      wrapB: Buffer;
      organisationKeyId: number;
      commitment: string;
      recipientEmailIndex?: string;
    };
    email?: (input: ActivationEmailInput) => MailWithImages;
    inTransaction?: (trx: Executor, sentAt: string) => Promise<void>;
  },
): Promise<ActivationLinkSent> {
  const { organisation, row } = access;
  const compose = link.email ?? activationEmail;
  const logo = await issuerEmailLogo(ctx, organisation);
  const secret = randomKey();
  const { wrapA, message } = (() => {
    try {
      return {
        wrapA: wrapWithActivationSecret(link.dek, secret, row.publicId),
        message: {
          ...compose({
            to: link.to,
            logo,
            issuerName: organisation.name,
            title: row.title,
            activationUrl: activationUrl(ctx.publicUrl, row.publicId, encodeKey(secret)),
            locale: isLocale(row.locale) ? row.locale : 'en',
          }),
          // A new message, a new delivery token: a late report about the old one finds nothing.
          deliveryToken: newDeliveryToken(),
        },
      };
    } finally {
      secret.fill(0);
    }
  })();
  const sentAt = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const replaced = await replaceActivationWrap(trx, row.id, row.wrapA, {
      wrapA,
      ...link.record,
    });
    if (!replaced)
      throw new AppError(
        'CONFLICT',
        'This document changed meanwhile (activated, revoked or sent another link): reload it.',
        { details: { documentId: row.publicId } },
      );
    // The new message's token goes with the new wrap (rolled back with it if the mail cannot be
    // handed over): from now on a report naming the previous message finds nothing current.
    await replaceDeliveryToken(trx, row.id, message.deliveryToken);
    if (link.record !== undefined) {
      await queueAnchorDigest(trx, {
        digest: link.record.commitment,
        kind: 'commitment',
        documentId: row.id,
        queuedAt: sentAt,
      });
    }
    await insertAuditEvent(trx, {
      occurredAt: sentAt,
      ...auditActor(access.actor),
      action: link.action,
      organisationId: organisation.id,
      targetId: row.publicId,
    });
    await link.inTransaction?.(trx, sentAt);
    try {
      await ctx.mailer.send(message);
    } catch (error) {
      throw new AppError(
        'UPSTREAM_FAILED',
        'The activation e-mail could not be sent, so the previous link still works. Try again later.',
        { cause: error },
      );
    }
    // Delivered now, wherever its state is kept: a batch item (a rejected address corrected, a
    // lost link re-sent) or the row of a document issued on its own (awaiting, deferred,
    // rejected or bounced before); its next report comes with the new token.
    await recordDeliveryStates(trx, organisation.id, [row.publicId], {
      state: 'sent',
      error: null,
      now: sentAt,
      countAttempt: true,
      emitEvents: false,
    });
  });
  return { documentId: row.publicId, sentAt };
}
