import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../database.js';
import type { ReminderSettingsTable } from '../tables/reminders.table.js';

/** Rows per multi-row statement: well under both dialects' parameter limits. */
const CHUNK = 500;

export function findReminderSettings(
  db: Executor,
  organisationId: number,
): Promise<ReminderSettingsTable | undefined> {
  return db
    .selectFrom('reminderSettings')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

/** Every organisation whose reminders are on. */
export function listEnabledReminderSettings(db: Executor): Promise<ReminderSettingsTable[]> {
  return db.selectFrom('reminderSettings').selectAll().where('enabled', '=', 1).execute();
}

export async function saveReminderSettings(
  db: Executor,
  values: Pick<
    ReminderSettingsTable,
    'organisationId' | 'enabled' | 'days' | 'maxReminders' | 'updatedAt'
  >,
): Promise<void> {
  const changes = {
    enabled: values.enabled,
    days: values.days,
    maxReminders: values.maxReminders,
    updatedAt: values.updatedAt,
  };
  await db
    .insertInto('reminderSettings')
    .values({ ...values, dueCount: 0 })
    .onConflict((conflict) => conflict.column('organisationId').doUpdateSet(changes))
    .execute();
}

export async function recordReminderCheck(
  db: Executor,
  organisationId: number,
  values: { checkedAt: string; dueCount: number },
): Promise<void> {
  await db
    .updateTable('reminderSettings')
    .set(values)
    .where('organisationId', '=', organisationId)
    .execute();
}

/**
 * The document's last message was neither refused by the relay nor bounced — on its own row or
 * on its batch item (src/delivery): a reminder would go to the same address, so the issuer
 * corrects it first (which re-sends and sets the state again).
 */
const ADDRESS_NOT_REFUSED = sql<SqlBool>`coalesce(documents.delivery_state, 'sent') not in ('rejected', 'bounced')
  and not exists (select 1 from batch_items where batch_items.document_public_id = documents.public_id
    and batch_items.delivery_state in ('rejected', 'bounced'))`;

/**
 * An organisation's documents that may still get a reminder: pending (not activated, revoked or
 * suspended), not erased, not expired at `now`, not stopped, fewer than `maxReminders` sent.
 */
export function listReminderCandidates(
  db: Executor,
  organisationId: number,
  input: { now: string; maxReminders: number },
) {
  return db
    .selectFrom('documents')
    .leftJoin('documentReminders', 'documentReminders.documentId', 'documents.id')
    .select([
      'documents.id',
      'documents.issuedAt',
      'documentReminders.sentCount',
      'documentReminders.lastSentAt',
      'documentReminders.dueSince',
    ])
    .where('documents.organisationId', '=', organisationId)
    .where('documents.status', '=', 'pending')
    .where('documents.erasedAt', 'is', null)
    .where(ADDRESS_NOT_REFUSED)
    .where((eb) =>
      eb.or([eb('documents.expiresAt', 'is', null), eb('documents.expiresAt', '>', input.now)]),
    )
    .where('documentReminders.stoppedAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('documentReminders.sentCount', 'is', null),
        eb('documentReminders.sentCount', '<', input.maxReminders),
      ]),
    )
    .execute();
}

/** Marks documents due since `dueSince` (their row made when they have none). */
export async function markRemindersDue(
  db: Executor,
  organisationId: number,
  documentIds: readonly number[],
  dueSince: string,
): Promise<void> {
  for (let start = 0; start < documentIds.length; start += CHUNK) {
    await db
      .insertInto('documentReminders')
      .values(
        documentIds.slice(start, start + CHUNK).map((documentId) => ({
          documentId,
          organisationId,
          sentCount: 0,
          dueSince,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .column('documentId')
          .doUpdateSet((eb) => ({ dueSince: eb.ref('excluded.dueSince') })),
      )
      .execute();
  }
}

/** Clears the due mark of these documents (no longer due: settings changed). */
export async function clearRemindersDue(
  db: Executor,
  documentIds: readonly number[],
): Promise<void> {
  for (let start = 0; start < documentIds.length; start += CHUNK) {
    await db
      .updateTable('documentReminders')
      .set({ dueSince: null })
      .where('documentId', 'in', documentIds.slice(start, start + CHUNK))
      .execute();
  }
}

/**
 * Clears the due marks of an organisation's documents that can no longer get one (activated,
 * revoked, suspended, erased, stopped), or of all of them (`all`: reminders turned off).
 */
export async function clearStaleRemindersDue(
  db: Executor,
  organisationId: number,
  all: boolean,
): Promise<void> {
  let query = db
    .updateTable('documentReminders')
    .set({ dueSince: null })
    .where('organisationId', '=', organisationId)
    .where('dueSince', 'is not', null);
  if (!all)
    query = query.where((eb) =>
      eb.or([
        eb('stoppedAt', 'is not', null),
        eb(
          'documentId',
          'in',
          eb
            .selectFrom('documents')
            .select('documents.id')
            .where('documents.organisationId', '=', organisationId)
            .where((inner) =>
              inner.or([
                inner('documents.status', '!=', 'pending'),
                inner('documents.erasedAt', 'is not', null),
              ]),
            ),
        ),
      ]),
    );
  await query.execute();
}

/** Documents due for a reminder now, oldest mark first: still pending, not erased, not stopped. */
export function listDueReminders(db: Executor, organisationId: number, limit: number) {
  return dueReminders(db, organisationId)
    .select(['documents.id', 'documents.publicId'])
    .orderBy('documentReminders.dueSince')
    .orderBy('documents.id')
    .limit(limit)
    .execute();
}

export async function countDueReminders(db: Executor, organisationId: number): Promise<number> {
  const row = await dueReminders(db, organisationId)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

function dueReminders(db: Executor, organisationId: number) {
  return db
    .selectFrom('documentReminders')
    .innerJoin('documents', 'documents.id', 'documentReminders.documentId')
    .where('documentReminders.organisationId', '=', organisationId)
    .where('documentReminders.dueSince', 'is not', null)
    .where('documentReminders.stoppedAt', 'is', null)
    .where('documents.status', '=', 'pending')
    .where('documents.erasedAt', 'is', null)
    .where(ADDRESS_NOT_REFUSED);
}

/**
 * Counts one sent reminder, in the transaction that swapped the document's link: only while it
 * is still due and not stopped, so two issuers unlocking at once send it once. False otherwise.
 */
export async function countReminderSent(
  db: Executor,
  documentId: number,
  sentAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('documentReminders')
    .set((eb) => ({ sentCount: eb('sentCount', '+', 1), lastSentAt: sentAt, dueSince: null }))
    .where('documentId', '=', documentId)
    .where('dueSince', 'is not', null)
    .where('stoppedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findDocumentReminder(db: Executor, documentId: number) {
  return db
    .selectFrom('documentReminders')
    .selectAll()
    .where('documentId', '=', documentId)
    .executeTakeFirst();
}

/** Stops (a time) or allows again (null) a document's reminders; stopping clears its due mark. */
export async function setDocumentRemindersStopped(
  db: Executor,
  documentId: number,
  organisationId: number,
  stoppedAt: string | null,
): Promise<void> {
  const changes = stoppedAt === null ? { stoppedAt } : { stoppedAt, dueSince: null };
  await db
    .insertInto('documentReminders')
    .values({ documentId, organisationId, sentCount: 0, dueSince: null, stoppedAt })
    .onConflict((conflict) => conflict.column('documentId').doUpdateSet(changes))
    .execute();
}
