import type { Actor } from '../accounts/actor.js';
import { normaliseEmail } from '../accounts/credentials.js';
import type { AppContext } from '../context.js';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import { sha256Hex } from '../crypto/digest.js';
import { sealRecord, wrapForOrganisation } from '../crypto/document-keys.js';
import { randomKey } from '../crypto/random.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import { AppError } from '../errors.js';
import { recipientEmailIndex } from '../privacy/email-index.js';
import type { RecipientRecord } from './document.js';
import { decryptRecord } from './document-access.js';
import { DOCUMENT_ACTIONS } from './document-timeline.js';
import { dekOf } from './issuer-documents.js';
import { requirePendingDocument, sendNewActivationLink } from './new-activation-link.js';
import type { ActivationLinkSent } from './new-activation-link.js';

/**
 * Corrects the recipient's e-mail address of a document not yet activated, and sends a new
 * activation link to the new address (the old link stops working). Same permission, unlock and
 * state rules as re-sending ({@link requirePendingDocument}); the same all-or-nothing e-mail
 * ({@link sendNewActivationLink}).
 *
 * The corrected record is sealed under a NEW DEK, wrapped both ways anew (wrapA under the new
 * secret, wrapB to the organisation's current key): the old link may have reached a wrong
 * mailbox, and with a new DEK that old secret opens nothing current even together with a copy
 * of the database taken before the correction. Everything else of the record stays (name,
 * fields, dates, salt), so the activated PDF names the same recipient. The record changed, so
 * its commitment does too: the new one is queued for anchoring and becomes the document's
 * commitment; the original stays anchored. The audit event (`document.recipient_email_corrected`)
 * holds ids only, never an address.
 */
export async function correctRecipientEmail(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string; email: unknown },
): Promise<ActivationLinkSent> {
  if (typeof input.email !== 'string')
    throw new AppError('INVALID_INPUT', 'email must be a string.', { details: { field: 'email' } });
  const email = normaliseEmail(input.email, 'email');
  const access = await requirePendingDocument(ctx, actor, input);
  const { organisation, row } = access;
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');
  const previousDek = dekOf(row, access.keys);
  const dek = randomKey();
  try {
    const previous = decryptRecord(row, previousDek);
    const record: RecipientRecord = {
      ...previous,
      recipient: { ...previous.recipient, email },
    };
    const recordBytes = Buffer.from(canonicalJson(record), 'utf8');
    return await sendNewActivationLink(ctx, access, {
      dek,
      to: email,
      action: DOCUMENT_ACTIONS.recipientEmailCorrected,
      record: {
        recordCiphertext: sealRecord(dek, recordBytes, row.publicId),
        wrapB: wrapForOrganisation(dek, key.publicKey, row.publicId),
        organisationKeyId: key.id,
        commitment: sha256Hex(recordBytes),
        recipientEmailIndex: recipientEmailIndex(ctx.masterKey, email),
      },
    });
  } finally {
    previousDek.fill(0);
    dek.fill(0);
  }
}
