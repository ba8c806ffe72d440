import type { UserActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findCurrentTermsVersion,
  hasUserAccepted,
  insertTermsAcceptance,
} from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { TERMS_ACTIONS } from './terms.js';
import type { AcceptanceMethod } from './terms.js';

/**
 * An issuer user accepts the issuer terms version in force, as shown in `language`. Naming an
 * older version is TERMS_OUTDATED (409): they must read the new one. Accepting twice records
 * nothing more.
 */
export async function acceptIssuerTerms(
  ctx: AppContext,
  user: UserActor,
  input: { version: number; language: Locale; method: AcceptanceMethod },
): Promise<{ version: number; acceptedAt: string }> {
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findCurrentTermsVersion(trx, 'issuer', now);
    if (current === undefined)
      throw new AppError(
        'CONFLICT',
        'No issuer terms are published yet: there is nothing to accept.',
        {
          details: { kind: 'issuer' },
        },
      );
    if (current.id !== input.version)
      throw new AppError(
        'TERMS_OUTDATED',
        `The issuer terms have changed: read and accept version ${current.label} (id ${current.id}).`,
        { details: { currentVersion: current.id, label: current.label } },
      );
    if (await hasUserAccepted(trx, user.userId, current.id))
      return { version: current.id, acceptedAt: now };
    await insertTermsAcceptance(trx, {
      termsVersionId: current.id,
      kind: 'issuer',
      userId: user.userId,
      documentId: null,
      language: input.language,
      method: input.method,
      acceptedAt: now,
    });
    await insertAuditEvent(trx, {
      occurredAt: now,
      actorType: 'user',
      actorId: user.userPublicId,
      action: TERMS_ACTIONS.accepted,
      organisationId: null,
      targetId: String(current.id),
      detail: JSON.stringify({ kind: 'issuer', language: input.language, method: input.method }),
    });
    return { version: current.id, acceptedAt: now };
  });
}
