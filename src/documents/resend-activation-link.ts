import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { decryptRecord } from './document-access.js';
import { DOCUMENT_ACTIONS } from './document-timeline.js';
import { dekOf } from './issuer-documents.js';
import { requirePendingDocument, sendNewActivationLink } from './new-activation-link.js';
import type { ActivationLinkSent } from './new-activation-link.js';

/**
 * Re-sends a lost activation link: an issuer user (issue permission) with the organisation key
 * unlocked opens the DEK from wrapB, wraps it under a new secret and e-mails the new link to the
 * address the document was issued to, in the same e-mail as at issuance. The old link stops
 * working. Checks and failure modes: {@link requirePendingDocument}, {@link sendNewActivationLink}.
 * Audited as `document.activation_link_resent` (ids only).
 */
export async function resendActivationLink(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<ActivationLinkSent> {
  const access = await requirePendingDocument(ctx, actor, input);
  const dek = dekOf(access.row, access.keys);
  try {
    const record = decryptRecord(access.row, dek);
    return await sendNewActivationLink(ctx, access, {
      dek,
      to: record.recipient.email,
      action: DOCUMENT_ACTIONS.activationLinkResent,
    });
  } finally {
    dek.fill(0);
  }
}
