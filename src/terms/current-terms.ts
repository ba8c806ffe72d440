import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { findCurrentTermsVersion } from '../db/repositories/terms.repository.js';
import type { TermsVersionRow } from '../db/tables/terms.table.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { termsTextOf } from './terms.js';
import type { TermsKind, TermsText } from './terms.js';

/** The version of `kind` in force now, in `language`; NOT_FOUND when none was ever published. */
export async function getCurrentTerms(
  ctx: AppContext,
  kind: TermsKind,
  language: Locale,
): Promise<TermsText> {
  const row = await findCurrentTermsVersion(ctx.db, kind, ctx.now().toISOString());
  if (row === undefined)
    throw new AppError('NOT_FOUND', `No ${kind} terms are published yet.`, {
      details: { kind },
    });
  return termsTextOf(row, language);
}

/**
 * Checks that `version` is the recipient terms version in force at `now` and returns it. An
 * older (or unknown) version is TERMS_OUTDATED (409) with the current one's id, so the page can
 * show the new text and ask again.
 */
export async function requireCurrentRecipientTerms(
  db: Executor,
  version: number,
  now: string,
): Promise<TermsVersionRow> {
  const current = await findCurrentTermsVersion(db, 'recipient', now);
  if (current === undefined)
    throw new AppError('INTERNAL', 'No recipient terms are published: documents cannot activate.');
  if (current.id !== version)
    throw new AppError(
      'TERMS_OUTDATED',
      `The terms have changed: read and accept version ${current.label} (id ${current.id}).`,
      { details: { currentVersion: current.id, label: current.label } },
    );
  return current;
}
