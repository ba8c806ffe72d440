import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { organisationWrapper, wrapWithActivationSecret } from '../crypto/document-keys.js';
import { encodeKey, randomKey } from '../crypto/random.js';
import { openSealedBox } from '../crypto/sealed-box.js';
import { insertAuditEvents } from '../db/repositories/audit.repository.js';
import {
  countBatchItems,
  findBatchById,
  findBatchUpload,
  heartbeatBatchRun,
  insertBatchItems,
  pendingDocumentsToDeliver,
  setDeliveryStates,
  updateBatch,
} from '../db/repositories/batch.repository.js';
import {
  insertDocuments,
  queueAnchorDigests,
  replaceActivationWrap,
} from '../db/repositories/document.repository.js';
import { replaceDeliveryToken } from '../db/repositories/delivery.repository.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import type { BatchRow } from '../db/tables/batches.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { newDeliveryToken } from '../delivery/delivery.js';
import { keepCurrentMessages } from '../delivery/record-delivery.js';
import { decryptRecord } from '../documents/document-access.js';
import { activationUrl } from '../documents/document.js';
import { DOCUMENT_ACTIONS } from '../documents/document-timeline.js';
import { issuerEmailLogo } from '../issuers/email-logo.js';
import { prepareDocument, type PreparedDocument } from '../documents/issue-document.js';
import { dekOf } from '../documents/issuer-documents.js';
import { AppError } from '../errors.js';
import { isLocale } from '../i18n/locale.js';
import { activationEmail } from '../mail/templates/activation-email.js';
import type { DeliveryState } from './batch.js';
import { issuanceTemplateOf } from './create-batch.js';
import {
  deliverMessages,
  UNDELIVERED,
  type Delivery,
  type DeliveryOutcome,
} from './deliver-messages.js';
import { emitBatchDocumentEvents } from './delivery-events.js';
import { finishBatch } from './finish-batch.js';
import { DOCUMENTS_PER_TURN, ROWS_PER_TURN, yieldToEventLoop } from './event-loop.js';
import { isRowProblem, mapRow, type MappedRow } from './map-row.js';
import { detectFormat, readSpreadsheet, type SpreadsheetLimits } from './read-spreadsheet.js';
import { rowKeyer } from './row-key.js';
import { recordRunStopped, runUnlockEnd, type RunUnlockEnd } from './run-unlock.js';
import { uploadAssociatedData } from './upload-aad.js';

/**
 * Rows issued per transaction: short transactions keep the platform answering (issue 12). On
 * SQLite a transaction holds the only connection, so every other request (even `/api/health`'s
 * `select 1`) waits for it: 250 rows commit in a few tens of milliseconds.
 */
export const BATCH_CHUNK_ROWS = 250;
/** Chunks whose messages may be on their way to the relay at once (the pipeline's last stage). */
const DELIVERY_WINDOW = 2;
/** A run's claim lasts this long without a heartbeat; then another process may resume it. */
export const BATCH_RUN_LEASE_MS = 30_000;
const HEARTBEAT_MS = 5_000;

/** The lease of a batch run in this process (BATCH_RUN_LEASE_SECONDS, 30 s by default). */
export function batchRunLeaseMs(ctx: AppContext): number {
  return ctx.batches?.runLeaseMs ?? BATCH_RUN_LEASE_MS;
}

/** What a run needs, taken from the unlocked request that started it. */
export interface BatchRun {
  readonly organisation: Organisation;
  readonly batch: BatchRow;
  /** The organisation's private keys, from the session that confirmed or resumed. */
  readonly keys: Map<number, Buffer>;
  readonly actor: Actor;
  readonly runnerId: string;
  /** Re-send rejected documents too (after their addresses were corrected). */
  readonly includeRejected: boolean;
  readonly limits: SpreadsheetLimits;
  readonly logger?: { error(details: object, message: string): void };
}

const runs = new Map<number, Promise<void>>();

/** The run of a batch in this process, if any (tests wait on it; shutdown lets it end). */
export function batchRunInProcess(batchId: number): Promise<void> | undefined {
  return runs.get(batchId);
}

/** Every run in this process (for a clean stop). */
export function batchRunsInProcess(): Promise<void>[] {
  return [...runs.values()];
}

/**
 * Starts a claimed batch run in the background of this process (the response has gone): the
 * secrets and the organisation key exist only in this process's memory, so only a process that
 * received an unlocked request can run a batch (DESIGN §5 "Batches").
 */
export function startBatchRun(ctx: AppContext, run: BatchRun): Promise<void> {
  const promise = runBatch(ctx, run)
    .catch(async (error: unknown) => {
      run.logger?.error(
        { batch: run.batch.publicId, code: error instanceof AppError ? error.code : 'INTERNAL' },
        'batch run stopped; it stays interrupted until resumed',
      );
      await updateBatch(
        ctx.db,
        run.batch.id,
        {
          state: 'interrupted',
          runnerId: null,
          runnerExpiresAt: null,
          updatedAt: ctx.now().toISOString(),
        },
        ['running'],
      ).catch(() => undefined);
    })
    .finally(() => {
      for (const key of run.keys.values()) key.fill(0);
      runs.delete(run.batch.id);
    });
  runs.set(run.batch.id, promise);
  return promise;
}

/** Records delivery outcomes in groups (one UPDATE per state and reply) with their events. */
class OutcomeRecorder {
  #pending: { documentId: string; outcome: DeliveryOutcome; attempts: number }[] = [];
  constructor(
    private readonly ctx: AppContext,
    private readonly organisationId: number,
    private readonly batchPublicId: string,
  ) {}

  /** The delivery token each handed-over message carried, until its outcome is recorded. */
  readonly #tokens = new Map<string, string | undefined>();

  /** Remembers which message (delivery token) is being handed over for each document. */
  track(deliveries: readonly Delivery[]): void {
    for (const { documentId, message } of deliveries)
      this.#tokens.set(documentId, message.deliveryToken);
  }

  add = (documentId: string, outcome: DeliveryOutcome, attempts: number): void => {
    this.#pending.push({ documentId, outcome, attempts });
  };

  async flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    if (pending.length === 0) return;
    const groups = new Map<string, { state: DeliveryState; reply: string | null; ids: string[] }>();
    for (const { documentId, outcome } of pending) {
      const reply = outcome.state === 'sent' ? null : outcome.reply;
      const key = `${outcome.state}|${reply ?? ''}`;
      const group = groups.get(key) ?? { state: outcome.state, reply, ids: [] };
      group.ids.push(documentId);
      groups.set(key, group);
    }
    const now = this.ctx.now().toISOString();
    const tokens = this.#tokens;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const group of groups.values()) {
        // Only where this message is still the document's current one: a re-send (new link,
        // new token) committed meanwhile must not be overwritten by the old message's outcome.
        const ids = await keepCurrentMessages(
          trx,
          group.ids.map((documentId) => ({ documentId, deliveryToken: tokens.get(documentId) })),
        );
        if (ids.length === 0) continue;
        await setDeliveryStates(trx, ids, {
          state: group.state,
          error: group.reply,
          now,
          countAttempt: true,
        });
        if (group.state === 'sent' || group.state === 'rejected')
          await emitBatchDocumentEvents(
            trx,
            this.organisationId,
            group.state === 'sent' ? 'document.delivered' : 'document.delivery_failed',
            ids.map((documentId) => ({
              documentId,
              batchId: this.batchPublicId,
              ...(group.reply === null ? {} : { reason: group.reply }),
            })),
            now,
          );
      }
    });
    for (const { documentId } of pending) tokens.delete(documentId);
  }
}

async function runBatch(ctx: AppContext, run: BatchRun): Promise<void> {
  const { batch, organisation } = run;
  const controller = new AbortController();
  const leaseMs = batchRunLeaseMs(ctx);
  // The run stops handing out links once the unlock it started under ends (run-unlock.ts).
  const stopped: { reason: RunUnlockEnd | null } = { reason: null };
  const heartbeat = setInterval(
    () => {
      const now = ctx.now();
      runUnlockEnd(ctx, run.actor, organisation.id).then(
        (ended) => {
          if (ended === null || controller.signal.aborted) return;
          stopped.reason = ended;
          controller.abort();
        },
        () => undefined,
      );
      heartbeatBatchRun(ctx.db, {
        id: batch.id,
        runnerId: run.runnerId,
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
      }).then(
        (held) => {
          if (!held) controller.abort();
        },
        () => undefined,
      );
    },
    Math.min(HEARTBEAT_MS, leaseMs / 3),
  );
  heartbeat.unref();
  const recorder = new OutcomeRecorder(ctx, organisation.id, batch.publicId);
  const deliver = (deliveries: Delivery[]) => {
    recorder.track(deliveries);
    return deliverMessages(ctx.mailer, deliveries, recorder.add, {
      signal: controller.signal,
    }).then(() => recorder.flush());
  };
  try {
    // 1. Documents of an earlier run that never reached the relay: their secret is gone.
    // Refused and bounced ones only when asked (after their addresses were corrected).
    const states: DeliveryState[] = run.includeRejected
      ? [...UNDELIVERED, 'rejected', 'bounced']
      : [...UNDELIVERED];
    let afterId = 0;
    while (!controller.signal.aborted) {
      const rows = await pendingDocumentsToDeliver(ctx.db, batch.id, states, 200, afterId);
      const last = rows.at(-1);
      if (last === undefined) break;
      afterId = last.id;
      await deliver(await rekey(ctx, run, rows));
    }
    // 2. Rows not issued yet.
    let issuedAll = false;
    if (!controller.signal.aborted)
      issuedAll = await issueRemainingRows(ctx, run, deliver, controller.signal);
    // 3. The outcome.
    const counts = await countBatchItems(ctx.db, batch.id);
    const undelivered = counts.awaiting + counts.deferred;
    const now = ctx.now().toISOString();
    const current = await findBatchById(ctx.db, batch.id);
    if (current?.state !== 'running' || current.runnerId !== run.runnerId) return;
    if (issuedAll && undelivered === 0) {
      await finishBatch(ctx, batch.id, now);
    } else {
      const { reason } = stopped;
      await ctx.db.transaction().execute(async (trx) => {
        await updateBatch(trx, batch.id, {
          state: 'interrupted',
          runnerId: null,
          runnerExpiresAt: null,
          updatedAt: now,
        });
        if (reason !== null)
          await recordRunStopped(
            trx,
            { organisationId: organisation.id, batchPublicId: batch.publicId },
            reason,
            now,
          );
      });
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * New secrets for documents whose link was lost, swapped in conditionally (as "re-send"), each
 * with a new delivery token in the same transaction: the swap and the token go together or not
 * at all, so a report about the lost message finds nothing current.
 */
async function rekey(
  ctx: AppContext,
  run: BatchRun,
  rows: Awaited<ReturnType<typeof pendingDocumentsToDeliver>>,
): Promise<Delivery[]> {
  const prepared: {
    row: (typeof rows)[number];
    wrapA: Buffer;
    deliveryToken: string;
    delivery: Delivery;
  }[] = [];
  const logo = await issuerEmailLogo(ctx, run.organisation);
  for (const [index, row] of rows.entries()) {
    if (index % DOCUMENTS_PER_TURN === DOCUMENTS_PER_TURN - 1) await yieldToEventLoop();
    const dek = dekOf(row, run.keys);
    const secret = randomKey();
    const deliveryToken = newDeliveryToken();
    try {
      const record = decryptRecord(row, dek);
      prepared.push({
        row,
        wrapA: wrapWithActivationSecret(dek, secret, row.publicId),
        deliveryToken,
        delivery: {
          documentId: row.publicId,
          message: {
            ...activationEmail({
              to: record.recipient.email,
              logo,
              issuerName: run.organisation.name,
              title: row.title,
              activationUrl: activationUrl(ctx.publicUrl, row.publicId, encodeKey(secret)),
              locale: isLocale(row.locale) ? row.locale : 'en',
            }),
            // A new message, a new delivery token: a late report about the lost one (a bounce)
            // must not mark this one (src/delivery).
            deliveryToken,
          },
        },
      });
    } finally {
      dek.fill(0);
      secret.fill(0);
    }
  }
  const now = ctx.now().toISOString();
  const who = auditActor(run.actor);
  return ctx.db.transaction().execute(async (trx) => {
    const kept: Delivery[] = [];
    for (const each of prepared)
      if (await replaceActivationWrap(trx, each.row.id, each.row.wrapA, { wrapA: each.wrapA })) {
        await replaceDeliveryToken(trx, each.row.id, each.deliveryToken);
        kept.push(each.delivery);
      }
    await insertAuditEvents(
      trx,
      kept.map((delivery) => ({
        occurredAt: now,
        ...who,
        action: DOCUMENT_ACTIONS.activationLinkResent,
        organisationId: run.organisation.id,
        targetId: delivery.documentId,
      })),
    );
    return kept;
  });
}

/**
 * Reads the sealed upload again and issues, in short transactions, every valid row whose key is
 * not issued yet; each chunk's messages go to the relay while the next chunk is issued.
 * @returns whether every row was gone through (false when stopped)
 */
async function issueRemainingRows(
  ctx: AppContext,
  run: BatchRun,
  deliver: (deliveries: Delivery[]) => Promise<void>,
  signal: AbortSignal,
): Promise<boolean> {
  const { batch, organisation } = run;
  const sealed = await findBatchUpload(ctx.db, batch.id);
  if (sealed === undefined) return true;
  const privateKey = run.keys.get(batch.uploadKeyId);
  if (privateKey === undefined)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Your unlocked keys do not include the one of this batch.',
    );
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');
  const designed = await issuanceTemplateOf(ctx, organisation, batch.template);
  const mapping = JSON.parse(batch.mapping) as Record<string, `field:${string}`>;
  const keyOf = rowKeyer(ctx.masterKey, organisation.id);
  const seen = new Set<string>();
  let headers: string[] | null = null;
  let row = 0;
  let chunk: { row: number; key: string; mapped: MappedRow }[] = [];
  const wrapB = organisationWrapper(key.publicKey);
  const issuer = { keyId: key.id, wrapB, templateVersionId: designed?.versionId ?? null };
  // A pipeline: while one chunk's transaction commits, the next is read and encrypted, and the
  // messages of at most DELIVERY_WINDOW chunks go to the relay; each stage waits for the one after
  // it to have room, so no more than a few chunks' secrets are ever held.
  let storing: Promise<void> = Promise.resolve();
  const delivering: Promise<void>[] = [];
  const handOver = async (deliveries: Delivery[]): Promise<void> => {
    while (delivering.length >= DELIVERY_WINDOW) await delivering.shift();
    delivering.push(settledLater(deliver(deliveries)));
  };
  const flush = async () => {
    const prepared = await prepareChunk(ctx, run, chunk, issuer);
    chunk = [];
    await storing;
    storing = settledLater(storeChunk(ctx, run, prepared).then(handOver));
  };
  const now = ctx.now();
  // The decrypted file holds every recipient's data: wiped once read, however the reading ends.
  const bytes = openSealedBox(privateKey, sealed, uploadAssociatedData(batch.publicId));
  try {
    for await (const cells of readSpreadsheet(
      bytes,
      detectFormat(`.${batch.format}`, bytes),
      run.limits,
    )) {
      if (headers === null) {
        headers = cells.map((cell, index) => (cell === '' ? `column ${index + 1}` : cell));
        continue;
      }
      row += 1;
      if (row % ROWS_PER_TURN === 0) await yieldToEventLoop();
      const mapped = mapRow(
        row,
        headers,
        cells,
        mapping,
        {
          template: batch.template,
          title: batch.title,
          designed,
        },
        now,
      );
      if (isRowProblem(mapped)) continue;
      const rowKey = keyOf(mapped);
      if (seen.has(rowKey)) continue;
      seen.add(rowKey);
      chunk.push({ row, key: rowKey, mapped });
      if (chunk.length >= BATCH_CHUNK_ROWS) {
        if (signal.aborted) break;
        await flush();
      }
    }
  } finally {
    bytes.fill(0);
  }
  if (chunk.length > 0 && !signal.aborted) await flush();
  await storing;
  await Promise.all(delivering);
  return !signal.aborted;
}

/**
 * The promise itself, marked as handled: a stage of the pipeline may fail before the run awaits
 * it (it always does, and then it throws), which must not count as an unhandled rejection.
 */
function settledLater(promise: Promise<void>): Promise<void> {
  promise.catch(() => undefined);
  return promise;
}

type PreparedRow = PreparedDocument & { rowNumber: number; rowKey: string };

/** Encrypts a chunk's documents (stepping aside now and then); nothing is stored yet. */
async function prepareChunk(
  ctx: AppContext,
  run: BatchRun,
  rows: readonly { row: number; key: string; mapped: MappedRow }[],
  issuer: {
    keyId: number;
    wrapB: (dek: Buffer, documentId: string) => Buffer;
    templateVersionId: number | null;
  },
): Promise<{ issuedAt: string; documents: PreparedRow[] }> {
  const { organisation, actor } = run;
  const issuedAt = ctx.now().toISOString();
  const logo = await issuerEmailLogo(ctx, organisation);
  const documents: PreparedRow[] = [];
  for (const [index, each] of rows.entries()) {
    if (index % DOCUMENTS_PER_TURN === DOCUMENTS_PER_TURN - 1) await yieldToEventLoop();
    documents.push({
      ...prepareDocument(
        ctx,
        { organisation, keyId: issuer.keyId, wrapB: issuer.wrapB, actor, logo },
        each.mapped.input,
        issuedAt,
        issuer.templateVersionId,
      ),
      rowNumber: each.row,
      rowKey: each.key,
    });
  }
  return { issuedAt, documents };
}

/**
 * Stores a prepared chunk in one transaction: the items first (a key already issued is skipped),
 * then only the documents whose item went in. Returns their messages to hand over.
 */
async function storeChunk(
  ctx: AppContext,
  run: BatchRun,
  chunk: { issuedAt: string; documents: PreparedRow[] },
): Promise<Delivery[]> {
  const { batch, organisation, actor } = run;
  const { issuedAt, documents: prepared } = chunk;
  const who = auditActor(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertBatchItems(
      trx,
      prepared.map((document) => ({
        batchId: batch.id,
        organisationId: organisation.id,
        rowNumber: document.rowNumber,
        idempotencyKey: document.rowKey,
        documentPublicId: document.issued.id,
        deliveryState: 'awaiting',
        updatedAt: issuedAt,
      })),
    );
    const kept = prepared.filter((document) => inserted.has(document.issued.id));
    if (kept.length === 0) return [];
    const rowIds = await insertDocuments(
      trx,
      kept.map((document) => document.row),
    );
    await queueAnchorDigests(
      trx,
      kept.map((document) => ({
        digest: document.issued.commitment,
        kind: 'commitment' as const,
        documentId: rowIds.get(document.issued.id) ?? 0,
        queuedAt: issuedAt,
      })),
    );
    await insertAuditEvents(
      trx,
      kept.map((document) => ({
        occurredAt: issuedAt,
        ...who,
        action: DOCUMENT_ACTIONS.issued,
        organisationId: organisation.id,
        targetId: document.issued.id,
      })),
    );
    await emitBatchDocumentEvents(
      trx,
      organisation.id,
      'document.issued',
      kept.map((document) => ({ documentId: document.issued.id, batchId: batch.publicId })),
      issuedAt,
    );
    return kept.map((document) => ({ documentId: document.issued.id, message: document.message }));
  });
}
