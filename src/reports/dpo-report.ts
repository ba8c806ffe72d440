import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  countAcceptancesByVersion,
  listTermsVersions,
} from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import { countPrivacyEvents } from './privacy-counts.js';
import type { PrivacyCounts } from './privacy-counts.js';
import { buildProcessingRegister } from './processing-register.js';
import type { ProcessingRegister } from './processing-register.js';

/** The audit action of a supervisory-authority export (ids only). */
export const DPO_EXPORT_ACTION = 'report.dpo_exported';

export interface DpoReport {
  generatedAt: string;
  register: ProcessingRegister;
  counts: PrivacyCounts;
}

export interface TermsVersionRecord {
  id: number;
  kind: 'recipient' | 'issuer';
  label: string;
  publishedAt: string | null;
  effectiveAt: string | null;
  bodyEn: string;
  bodyFr: string;
  acceptances: { en: number; fr: number; notRecorded: number; total: number };
}

/** What a supervisory authority receives: the report, every published terms text and consents. */
export interface SupervisoryBundle extends DpoReport {
  format: 'certa-dpo-bundle/1';
  terms: TermsVersionRecord[];
}

function requireFacts(ctx: AppContext) {
  if (ctx.processing === undefined)
    throw new AppError('INTERNAL', 'The platform was started without its processing facts.');
  return ctx.processing;
}

/**
 * The DPO's report (platform admins): the register of processing generated from the
 * configuration, and the counts of requests, data views, exports, restrictions, erasures and
 * consents by month.
 */
export async function getDpoReport(ctx: AppContext, actor: Actor | null): Promise<DpoReport> {
  requirePlatformAdmin(actor);
  return buildDpoReport(ctx);
}

/** The report itself, for whoever was allowed to ask (an admin, or the host's `certa report`). */
export async function buildDpoReport(ctx: AppContext): Promise<DpoReport> {
  const generatedAt = ctx.now().toISOString();
  return {
    generatedAt,
    register: buildProcessingRegister(requireFacts(ctx), generatedAt),
    counts: await countPrivacyEvents(ctx.db),
  };
}

/**
 * The bundle for a supervisory authority: the report plus every published terms version (both
 * texts) with its acceptances by language. Counts and ids only, nobody's personal data. The
 * export itself is recorded in the audit trail.
 */
export async function exportSupervisoryBundle(
  ctx: AppContext,
  actor: Actor | null,
): Promise<SupervisoryBundle> {
  const admin = requirePlatformAdmin(actor);
  return buildSupervisoryBundle(ctx, { actorType: 'user', actorId: admin.userPublicId });
}

/**
 * The bundle itself, recorded in the audit trail as exported by `by` (a platform admin, or the
 * `system` for the host's `certa report dpo --export`).
 */
export async function buildSupervisoryBundle(
  ctx: AppContext,
  by: { actorType: 'user' | 'system'; actorId: string | null },
): Promise<SupervisoryBundle> {
  const report = await buildDpoReport(ctx);
  const [versions, counts] = await Promise.all([
    listTermsVersions(ctx.db),
    countAcceptancesByVersion(ctx.db),
  ]);
  const terms = versions
    .filter((row) => row.status === 'published')
    .map((row): TermsVersionRecord => {
      const acceptances = { en: 0, fr: 0, notRecorded: 0, total: 0 };
      for (const count of counts.filter((each) => each.termsVersionId === row.id)) {
        const n = Number(count.count);
        if (count.language === 'en' || count.language === 'fr') acceptances[count.language] += n;
        else acceptances.notRecorded += n;
        acceptances.total += n;
      }
      return {
        id: row.id,
        kind: row.kind,
        label: row.label,
        publishedAt: row.publishedAt,
        effectiveAt: row.effectiveAt,
        bodyEn: row.bodyEn,
        bodyFr: row.bodyFr,
        acceptances,
      };
    });
  await insertAuditEvent(ctx.db, {
    occurredAt: report.generatedAt,
    actorType: by.actorType,
    actorId: by.actorId,
    action: DPO_EXPORT_ACTION,
    organisationId: null,
    targetId: null,
    detail: JSON.stringify({ termsVersions: terms.length, months: report.counts.months.length }),
  });
  return { format: 'certa-dpo-bundle/1', ...report, terms };
}
