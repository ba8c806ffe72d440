import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type {
  ApplicationEvidenceTable,
  OrganisationStatus,
  OrganisationUpdate,
} from '../tables/organisations.table.js';

/*
 * Queries of issuer applications (issue 5): the application fields on the organisation row,
 * its evidence files, the review queue and its audit trail. Every change of status is a
 * conditional UPDATE on the status it starts from.
 */

/** The statuses in which the applicant may change the application. */
export const EDITABLE_STATUSES: readonly OrganisationStatus[] = ['draft', 'more_info_requested'];

/**
 * Updates an organisation only while it is in one of `from`; true when a row changed. With no
 * values it only takes the row's lock (PostgreSQL) and checks the status, so that what follows
 * in the same transaction (counting evidence files, say) cannot race another writer.
 */
export async function updateOrganisationWhile(
  db: Executor,
  id: number,
  from: readonly OrganisationStatus[],
  values: OrganisationUpdate,
  /** `domainVerified`: change the row only while its domain is verified, too. */
  condition: { domainVerified?: boolean } = {},
): Promise<boolean> {
  let query = db
    .updateTable('organisations')
    .set(Object.keys(values).length === 0 ? (eb) => ({ status: eb.ref('status') }) : values)
    .where('id', '=', id)
    .where('status', 'in', [...from]);
  if (condition.domainVerified === true)
    query = query.where('domain', 'is not', null).where('domainVerifiedAt', 'is not', null);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Moves an application to `submitted` if it is editable, every required field is set and it has
 * at least one evidence file, all checked in the same statement.
 */
export async function submitApplicationRow(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ status: 'submitted', submittedAt: at })
    .where('id', '=', id)
    .where('status', 'in', [...EDITABLE_STATUSES])
    .where('legalName', 'is not', null)
    .where('registrationNumber', 'is not', null)
    .where('country', 'is not', null)
    .where('website', 'is not', null)
    .where('contactName', 'is not', null)
    .where('contactEmail', 'is not', null)
    .where('domain', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('applicationEvidence')
          .select('applicationEvidence.id')
          .whereRef('applicationEvidence.organisationId', '=', 'organisations.id'),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Stores a domain check result if the domain is still the one that was checked. A passing check
 * sets the verification time; a failing one clears it, except for issuers already approved or
 * suspended (their verification stays on record until a reviewer acts on the failure).
 */
export async function storeDomainCheck(
  db: Executor,
  id: number,
  checked: { domain: string; json: string; verifiedAt: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({
      domainCheck: checked.json,
      domainVerifiedAt:
        checked.verifiedAt !== null
          ? checked.verifiedAt
          : sql<
              string | null
            >`case when status in ('approved', 'suspended') then domain_verified_at else null end`,
    })
    .where('id', '=', id)
    .where('domain', '=', checked.domain)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertEvidence(
  db: Executor,
  values: Insertable<ApplicationEvidenceTable>,
): Promise<void> {
  await db.insertInto('applicationEvidence').values(values).execute();
}

export function listEvidence(db: Executor, organisationId: number) {
  return db
    .selectFrom('applicationEvidence')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function countEvidence(db: Executor, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('applicationEvidence')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function findEvidence(db: Executor, organisationId: number, publicId: string) {
  return db
    .selectFrom('applicationEvidence')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

export async function deleteEvidenceRow(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('applicationEvidence').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Organisations for the review queue: oldest submission first, then by creation. */
export function listApplications(db: Executor, status: OrganisationStatus | undefined) {
  let query = db
    .selectFrom('organisations')
    .selectAll()
    .orderBy(sql`case when submitted_at is null then 1 else 0 end`)
    .orderBy('submittedAt')
    .orderBy('id');
  if (status !== undefined) query = query.where('status', '=', status);
  return query.execute();
}

/**
 * The names of every organisation (of one status), in the queue's order: what the paged issuer
 * list filters by name before it reads the rows of one page (`listApplicationsByIds`).
 */
export function listApplicationNames(db: Executor, status: OrganisationStatus | undefined) {
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name', 'legalName'])
    .orderBy(sql`case when submitted_at is null then 1 else 0 end`)
    .orderBy('submittedAt')
    .orderBy('id');
  if (status !== undefined) query = query.where('status', '=', status);
  return query.execute();
}

/** Whole organisation rows by internal id, in no particular order. */
export async function listApplicationsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Evidence counts per organisation, for the queue. */
export async function evidenceCounts(
  db: Executor,
  organisationIds: readonly number[],
): Promise<Map<number, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('applicationEvidence')
    .select(['organisationId', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('organisationId', 'in', [...organisationIds])
    .groupBy('organisationId')
    .execute();
  return new Map(rows.map((row) => [row.organisationId, Number(row.count)]));
}

/** The addresses of an organisation's owners and admins (who hear of review decisions). */
export function listManagers(db: Executor, organisationId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .select(['users.id as userId', 'users.publicId as userPublicId', 'users.email'])
    .where('memberships.organisationId', '=', organisationId)
    .where('memberships.role', 'in', ['owner', 'admin'])
    .orderBy('users.id')
    .execute();
}

/** The organisation's latest `limit` application and review events, newest first, with who acted. */
export function listApplicationAudit(db: Executor, organisationId: number, limit: number) {
  return db
    .selectFrom('auditEvents')
    .leftJoin('users', (join) =>
      join
        .onRef('users.publicId', '=', 'auditEvents.actorId')
        .on('auditEvents.actorType', '=', 'user'),
    )
    .select([
      'auditEvents.id',
      'auditEvents.occurredAt',
      'auditEvents.actorType',
      'auditEvents.actorId',
      'auditEvents.action',
      'auditEvents.targetId',
      'auditEvents.detail',
      'users.email as actorEmail',
      'users.isPlatformAdmin as actorIsPlatformAdmin',
    ])
    .where('auditEvents.organisationId', '=', organisationId)
    .where((eb) =>
      eb.or([
        eb('auditEvents.action', 'like', 'organisation.%'),
        eb('auditEvents.action', 'like', 'application.%'),
      ]),
    )
    .orderBy('auditEvents.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * One page of an organisation's whole audit trail (every kind of event), newest first, and the
 * number of events in all. Ids and JSON detail only: the caller picks what it shows.
 */
export async function listOrganisationAuditPage(
  db: Executor,
  organisationId: number,
  page: { offset: number; limit: number },
) {
  const events = await db
    .selectFrom('auditEvents')
    .select(['id', 'occurredAt', 'actorType', 'actorId', 'action', 'targetId', 'detail'])
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { count } = await db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  return { events, total: Number(count) };
}
