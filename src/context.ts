import type { Db } from './db/database.js';
import type { Mailer } from './mail/mailer.js';
import type { DocumentSigner } from './signing/document-signer.js';
import type { BlobStore } from './storage/blob-store.js';
import type { DomainProofOptions } from './issuers/domain-proof.js';
import type { WebhookSendOptions } from './webhooks/send-webhook.js';
import type { BlockHeaderSource } from '../verifier/index.js';
import type { ProcessingFacts } from './reports/processing-facts.js';

/**
 * What the use cases need from the outside world, built once at start (cli/ or tests) and passed
 * in. Holds no request state.
 */
export interface AppContext {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly mailer: Mailer;
  /** 256-bit platform master key (DESIGN §3). */
  readonly masterKey: Buffer;
  /** Base URL for links, without trailing slash. */
  readonly publicUrl: string;
  readonly sessionTtlMinutes: number;
  /** A session not used for this long ends, whatever its absolute lifetime. */
  readonly sessionIdleMinutes: number;
  readonly unlockTtlMinutes: number;
  /** Bitcoin block headers (BITCOIN_HEADER_SOURCE, cached) to check anchored proofs. */
  readonly bitcoinHeaders: BlockHeaderSource;
  /** Signs activated PDFs (PAdES) and the embedded record with the platform's signing key. */
  readonly documentSigner: DocumentSigner;
  /** How domain proofs are checked (DNS resolver, timeouts); production leaves it empty. */
  readonly domainProof?: DomainProofOptions;
  /** How webhook deliveries are sent (timeout, resolver); absent = defaults, public addresses only. */
  readonly webhooks?: WebhookSendOptions;
  /**
   * The erasure log (src/privacy/erasure-log.ts), kept outside the database and its backups so a
   * restore erases again what was erased since; absent in stand-ins that keep no files.
   */
  readonly erasureLogFile?: string;
  /** Where data is kept and who receives what, from the configuration (the DPO's register). */
  readonly processing?: ProcessingFacts;
  /** The header sources the verify page's browser asks (Config.verifyHeaderSources). */
  readonly verifyHeaderSources?: readonly { readonly label: string; readonly url: string }[];
  /** Limits of uploaded spreadsheets (BATCH_MAX_*); the defaults of config.ts when absent. */
  readonly batches?: {
    readonly maxRows: number;
    readonly maxCellBytes: number;
    readonly maxFileBytes: number;
    /** A batch run's claim without a heartbeat (BATCH_RUN_LEASE_SECONDS); 30 s when absent. */
    readonly runLeaseMs?: number;
  };
  /**
   * Delivery of single documents and intake of delivery reports (MAIL_*): the bearer token of
   * `POST /api/mail/bounces` (null: route off), how long issuance waits for the relay, and the
   * in-memory retry delays of a deferred message; defaults of src/delivery when absent.
   */
  readonly delivery?: {
    readonly bounceToken: string | null;
    readonly waitMs: number;
    readonly retryDelaysMs?: readonly number[];
  };
  /** The clock; tests move it to check expiry. */
  readonly now: () => Date;
}
