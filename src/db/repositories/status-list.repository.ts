import { sql } from 'kysely';
import type { Executor } from '../database.js';

/** The first length of a list: the W3C minimum for herd privacy (16 KiB of bits). */
export const MIN_STATUS_LIST_LENGTH = 131_072;

/** Only the versions of an organisation's lists: whether the stored credentials are current. */
export function findStatusListVersions(db: Executor, organisationId: number) {
  return db
    .selectFrom('statusLists')
    .select(['version', 'generatedVersion'])
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

/** An organisation's lists as stored (see `StatusListsTable`). */
export function findStatusList(db: Executor, organisationId: number) {
  return db
    .selectFrom('statusLists')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

/** Makes the organisation's lists row on first use (empty lists of the minimum length). */
export async function ensureStatusList(db: Executor, organisationId: number): Promise<void> {
  await db
    .insertInto('statusLists')
    .values({
      organisationId,
      length: MIN_STATUS_LIST_LENGTH,
      assigned: 0,
      version: 1,
      generatedVersion: null,
      generatedAt: null,
      revocationCredential: null,
      suspensionCredential: null,
    })
    .onConflict((oc) => oc.column('organisationId').doNothing())
    .execute();
}

/**
 * Takes one position for a new entry and returns the list length to draw it from: the row is
 * made on first use, `assigned` counts up atomically, and the length doubles whenever more than
 * half of it is taken — positions already given stay valid in the longer list.
 */
export async function reserveStatusListPosition(
  db: Executor,
  organisationId: number,
): Promise<number> {
  await ensureStatusList(db, organisationId);
  const row = await db
    .updateTable('statusLists')
    .set({
      assigned: sql`assigned + 1`,
      length: sql`case when (assigned + 1) * 2 > length then length * 2 else length end`,
      version: sql`case when (assigned + 1) * 2 > length then version + 1 else version end`,
    })
    .where('organisationId', '=', organisationId)
    .returning(['length'])
    .executeTakeFirstOrThrow();
  return row.length;
}

/**
 * Gives a document its position unless it has one; false when `index` is taken by another
 * document of the organisation (the unique index says so) or the document already has one.
 */
export async function setDocumentStatusListIndex(
  db: Executor,
  documentId: number,
  index: number,
): Promise<boolean> {
  try {
    const result = await db
      .updateTable('documents')
      .set({ statusListIndex: index })
      .where('id', '=', documentId)
      .where('statusListIndex', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  // PostgreSQL unique_violation; better-sqlite3's constraint codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The document's position, once given. */
export async function findDocumentStatusListIndex(
  db: Executor,
  documentId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('documents')
    .select('statusListIndex')
    .where('id', '=', documentId)
    .executeTakeFirst();
  return row?.statusListIndex ?? null;
}

/** Marks the lists stale: a document's state changed; the next read regenerates them. */
export async function markStatusListChanged(db: Executor, organisationId: number): Promise<void> {
  await db
    .updateTable('statusLists')
    .set({ version: sql`version + 1` })
    .where('organisationId', '=', organisationId)
    .execute();
}

/** Positions of the organisation's revoked and suspended documents (only those with one). */
export function listFlaggedStatusPositions(db: Executor, organisationId: number) {
  return db
    .selectFrom('documents')
    .select(['statusListIndex', 'status'])
    .where('organisationId', '=', organisationId)
    .where('status', 'in', ['revoked', 'suspended'])
    .where('statusListIndex', 'is not', null)
    .execute();
}

/**
 * Stores credentials generated from `version`, unless newer ones were stored meanwhile (two
 * readers regenerating at once); a change after `version` leaves them stale for the next read.
 */
export async function storeGeneratedStatusLists(
  db: Executor,
  organisationId: number,
  values: {
    generatedVersion: number;
    generatedAt: string;
    revocationCredential: string;
    suspensionCredential: string;
  },
): Promise<void> {
  await db
    .updateTable('statusLists')
    .set(values)
    .where('organisationId', '=', organisationId)
    .where((eb) =>
      eb.or([
        eb('generatedVersion', 'is', null),
        eb('generatedVersion', '<', values.generatedVersion),
      ]),
    )
    .execute();
}
