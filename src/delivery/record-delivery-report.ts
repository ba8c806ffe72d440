import { createHash } from 'node:crypto';
import type { DeliveryState } from '../batches/batch.js';
import type { AppContext } from '../context.js';
import { insertAuditEvents } from '../db/repositories/audit.repository.js';
import {
  findBatchDeliveryOf,
  findDocumentByDeliveryToken,
  holdCurrentDeliveryToken,
} from '../db/repositories/delivery.repository.js';
import { constantTimeEqual } from '../crypto/digest.js';
import { AppError } from '../errors.js';
import { DELIVERY_BOUNCED_ACTION } from './delivery.js';
import { parseDeliveryReport } from './parse-delivery-report.js';
import { recordDeliveryStates } from './record-delivery.js';

/** What a delivery report changed: ids, the action and the codes. */
export interface DeliveryReportRecorded {
  readonly ignored: false;
  readonly documentId: string;
  readonly action: string;
  /** The document's delivery state after the report. */
  readonly state: DeliveryState;
  readonly status: string | null;
  readonly changed: boolean;
}

/**
 * A well-formed delivery report about no current message — its token was replaced by a re-send
 * since, or belongs to another platform — taken and dropped: nothing to change, and refusing it
 * would only make the relay return or retry the report.
 */
export interface DeliveryReportIgnored {
  readonly ignored: true;
  readonly reason: 'no_current_message';
  readonly action: string;
  readonly status: string | null;
}

export type DeliveryReportOutcome = DeliveryReportRecorded | DeliveryReportIgnored;

/** Why a report was dropped, in a sentence (no token, no address: safe on stderr and in logs). */
export const IGNORED_REPORT_SENTENCE =
  'Delivery report ignored: no current message has its token (a link re-sent since, or a message of another platform), so there is nothing to change.';

/**
 * Takes a delivery report (a bounce) a relay returned for one of our messages, from the HTTP
 * intake or `certa mail bounce` (issue 12, "bounced when the relay reports it"):
 * - `failed`: the document's delivery becomes `bounced` with the report's codes (`5.1.1 smtp;
 *   550 5.1.1`), `document.delivery_failed` is emitted, and an audit entry (ids only) written —
 *   its owner corrects the address or re-sends the link;
 * - `delayed`: the relay keeps trying; a document counted `sent` is `deferred` again;
 * - `delivered` / `relayed` / `expanded`: a `deferred` one is `sent`.
 * The token is the message's (src/delivery/delivery.ts): unknown → `ignored` (it may belong to a
 * link replaced since: a report about a superseded message changes nothing, not even when the
 * re-send commits while the report is read — the token is checked under the document row's lock
 * in the transaction that changes the state); no token or not a report → INVALID_INPUT. Nothing
 * of the report but its codes is kept or logged.
 */
export async function recordDeliveryReport(
  ctx: AppContext,
  raw: Buffer,
): Promise<DeliveryReportOutcome> {
  const report = await parseDeliveryReport(raw);
  if (report.token === null)
    throw new AppError(
      'INVALID_INPUT',
      'The delivery report names no message of this platform: no bounces+<token>@ recipient and no X-Certa-Delivery header.',
      { details: { field: 'body' } },
    );
  const { token } = report;
  const reason =
    [report.status, report.diagnostic].filter((part) => part !== null).join(' ') || null;
  const now = ctx.now().toISOString();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    // The token must still be current when the state changes: a re-send committed meanwhile
    // gave the document a new message, which this report is not about.
    const document = await findDocumentByDeliveryToken(trx, token);
    if (document === undefined || !(await holdCurrentDeliveryToken(trx, document.id, token)))
      return undefined;
    const batch = await findBatchDeliveryOf(trx, document.publicId);
    const current: DeliveryState = batch?.deliveryState ?? document.deliveryState ?? 'sent';
    const next: DeliveryState =
      report.action === 'failed'
        ? 'bounced'
        : report.action === 'delayed'
          ? current === 'sent'
            ? 'deferred'
            : current
          : current === 'deferred'
            ? 'sent'
            : current;
    if (next !== current) {
      await recordDeliveryStates(trx, document.organisationId, [document.publicId], {
        state: next,
        error: next === 'sent' ? null : reason,
        now,
        countAttempt: false,
        includeUntracked: batch === undefined,
        ...(batch === undefined ? {} : { batchId: batch.batchPublicId }),
      });
      if (next === 'bounced')
        await insertAuditEvents(trx, [
          {
            occurredAt: now,
            actorType: 'system',
            actorId: null,
            action: DELIVERY_BOUNCED_ACTION,
            organisationId: document.organisationId,
            targetId: document.publicId,
          },
        ]);
    }
    return {
      ignored: false as const,
      documentId: document.publicId,
      action: report.action,
      state: next,
      status: report.status,
      changed: next !== current,
    };
  });
  return (
    outcome ?? {
      ignored: true,
      reason: 'no_current_message',
      action: report.action,
      status: report.status,
    }
  );
}

/**
 * Checks the bearer token of the HTTP intake against MAIL_BOUNCE_TOKEN (both hashed, compared in
 * constant time): NOT_FOUND when the intake is off (no token configured), UNAUTHENTICATED when
 * the token is missing or wrong.
 */
export function requireBounceIntakeToken(ctx: AppContext, bearer: string | null): void {
  const expected = ctx.delivery?.bounceToken ?? null;
  if (expected === null)
    throw new AppError(
      'NOT_FOUND',
      'The bounce intake is off on this platform: its operator sets MAIL_BOUNCE_TOKEN to turn it on.',
    );
  if (bearer === null || !constantTimeEqual(sha256(bearer), sha256(expected)))
    throw new AppError(
      'UNAUTHENTICATED',
      'Send the bounce intake token (MAIL_BOUNCE_TOKEN) as "Authorization: Bearer <token>".',
    );
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
