import type { AppContext } from '../context.js';
import {
  evidenceCounts,
  listApplicationNames,
  listApplicationsByIds,
} from '../db/repositories/application.repository.js';
import type { OrganisationStatus } from '../db/tables/organisations.table.js';
import { reviewerIdentity, summary, type IssuerSummary, type Reviewer } from './review-issuer.js';

export const DEFAULT_ISSUERS_PAGE_SIZE = 25;
export const MAX_ISSUERS_PAGE_SIZE = 100;

export interface IssuersPageQuery {
  status?: OrganisationStatus;
  /** A part of the name or legal name; case and accents do not matter. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface IssuersPage {
  issuers: IssuerSummary[];
  page: number;
  pageSize: number;
  /** Organisations the filters match (all pages). */
  total: number;
}

/** Case- and accent-insensitive: "universite" finds "Université". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');
}

/**
 * The platform admins' list of organisations, a page at a time: by status, by a part of the
 * name or legal name, in the queue's order (oldest submission first, never-submitted last).
 * The name match folds case and accents, which neither database does the same way, so it runs
 * over the names alone (three short columns per organisation); only the page's rows are read
 * whole, with their evidence counts.
 */
export async function listIssuersPage(
  ctx: AppContext,
  reviewer: Reviewer,
  query: IssuersPageQuery,
): Promise<IssuersPage> {
  reviewerIdentity(reviewer);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_ISSUERS_PAGE_SIZE;
  const needle = fold((query.q ?? '').trim());
  const names = await listApplicationNames(ctx.db, query.status);
  const matching =
    needle === ''
      ? names
      : names.filter(
          (row) => fold(row.name).includes(needle) || fold(row.legalName ?? '').includes(needle),
        );
  const ids = matching.slice((page - 1) * pageSize, page * pageSize).map((row) => row.id);
  const rows = await listApplicationsByIds(ctx.db, ids);
  const counts = await evidenceCounts(ctx.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const issuers = ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [summary(row, counts.get(id) ?? 0)];
  });
  return { issuers, page, pageSize, total: matching.length };
}
