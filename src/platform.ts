import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import path from 'node:path';
import { CachedHeaderSource, createHeaderSource } from './anchoring/header-sources.js';
import { ConfigError } from './config.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import type { DomainProofOptions } from './issuers/domain-proof.js';
import { createMailer } from './mail/nodemailer-mailer.js';
import type { Mailer } from './mail/mailer.js';
import { DocumentSigner } from './signing/document-signer.js';
import { loadOrCreateSigning, readFormerSigners } from './signing/signing-store.js';
import { createTsaClient } from './signing/tsa-client.js';
import { LocalBlobStore } from './storage/local-blob-store.js';
import { loadOrCreateMasterKey } from './storage/master-key-file.js';
import { processingFactsOf } from './reports/processing-facts.js';
import type { WebhookSendOptions } from './webhooks/send-webhook.js';

export interface Platform {
  readonly ctx: AppContext;
  /** Whether this start created the master key (first start). */
  readonly firstStart: boolean;
  close(): Promise<void>;
}

/**
 * The document signer from the signing directory: the local CA and signing certificate are
 * made on first start (keys wrapped by the master key), an imported chain is used as it is.
 */
function openDocumentSigner(config: Config, masterKey: Buffer, now: Date): DocumentSigner {
  const { credentials } = loadOrCreateSigning(
    config.signing.directory,
    masterKey,
    { organisation: config.signing.organisation, host: new URL(config.publicUrl).host },
    now,
  );
  return new DocumentSigner(credentials, {
    timestamp: config.signing.tsaUrl === null ? null : createTsaClient(config.signing.tsaUrl),
    formerSigners: readFormerSigners(config.signing.directory),
  });
}

/** The domain proof settings: the configured name servers (or the system's) and deadline. */
function domainProofOptions(
  config: Config['domainProof'],
  now: () => Date,
  unsafeForTests: DomainProofOptions['unsafeForTests'],
): DomainProofOptions {
  let resolver: Resolver | undefined;
  if (config.dnsServers !== null) {
    resolver = new Resolver({ timeout: Math.min(2000, config.timeoutMs), tries: 2 });
    resolver.setServers([...config.dnsServers]);
  }
  return {
    ...(resolver === undefined ? {} : { resolver }),
    timeoutMs: config.timeoutMs,
    now,
    ...(unsafeForTests === undefined ? {} : { unsafeForTests }),
  };
}

/** Webhook deliveries use the domain check's resolver (DOMAIN_DNS_SERVERS) and guard. */
function webhookSendOptions(config: Config): WebhookSendOptions {
  let resolver: Resolver | undefined;
  if (config.domainProof.dnsServers !== null) {
    resolver = new Resolver({ timeout: Math.min(2000, config.webhooks.timeoutMs), tries: 2 });
    resolver.setServers([...config.domainProof.dnsServers]);
  }
  return {
    timeoutMs: config.webhooks.timeoutMs,
    allowPrivateAddresses: config.webhooks.allowPrivateAddresses,
    ...(resolver === undefined ? {} : { resolver }),
  };
}

const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

/** The directory `file` is under `root` (or is it). */
function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Every directory the platform writes to takes a small file right now; otherwise a ConfigError
 * naming the variable that chose it (exit 2), instead of an "Unexpected failure" from the first
 * write (issue 11 #8). Directories are created (0700) when missing.
 */
function assertWritableDirectories(config: Config): void {
  const directories: Array<[string, string]> = [[config.dataDir, 'DATA_DIR']];
  const chosenBy = (directory: string, variable: string): [string, string] => [
    directory,
    isInside(directory, config.dataDir) ? 'DATA_DIR' : variable,
  ];
  if (config.database.dialect === 'sqlite')
    directories.push(chosenBy(path.dirname(config.database.file), 'DATABASE_URL'));
  directories.push(chosenBy(config.storageDir, 'STORAGE_URL'));
  directories.push(chosenBy(config.signing.directory, 'SIGNING_DIR'));
  if (config.mail.transport === 'outbox') directories.push([config.mail.directory, 'DATA_DIR']);
  for (const [directory, variable] of directories) {
    const probe = path.join(directory, `.probe-${process.pid}.tmp`);
    try {
      fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
      fs.writeFileSync(probe, 'probe', { mode: 0o600 });
      fs.rmSync(probe, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!UNWRITABLE.has(code)) throw error;
      throw new ConfigError(
        variable,
        `${variable} must name a directory Certa can write to, and ${directory} cannot be written (${code}).`,
      );
    }
  }
}

/** Where the erasure log lives: beside the data, outside the database and what backups take. */
export function erasureLogFileOf(config: Config): string {
  return path.join(config.dataDir, 'erasures.log');
}

/**
 * Opens everything the use cases need from a configuration: data directory (0700), database
 * (migrated to the latest version), master key (created on first start), blob store, mailer,
 * Bitcoin block header source. The anchoring worker is started by `certa serve` / `certa worker`.
 */
export async function openPlatform(
  config: Config,
  overrides: {
    now?: () => Date;
    mailer?: Mailer;
    /**
     * TEST ONLY: lets domain proofs fetch `.well-known` files from 127.0.0.1 (see
     * DomainProofOptions.unsafeForTests). Deliberately not a setting: no environment can turn it on.
     */
    domainProofForTests?: DomainProofOptions['unsafeForTests'];
  } = {},
): Promise<Platform> {
  assertWritableDirectories(config);
  const masterKey = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile);
  const now = overrides.now ?? (() => new Date());
  const documentSigner = openDocumentSigner(config, masterKey.key, now());
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const mailer = overrides.mailer ?? createMailer(config.mail);
  const ctx: AppContext = {
    db,
    blobs: new LocalBlobStore(config.storageDir),
    mailer,
    masterKey: masterKey.key,
    publicUrl: config.publicUrl,
    sessionTtlMinutes: config.sessionTtlMinutes,
    sessionIdleMinutes: config.sessionIdleMinutes,
    unlockTtlMinutes: config.unlockTtlMinutes,
    // A verify request should not wait long on the header source: "unknown" comes quickly.
    bitcoinHeaders: new CachedHeaderSource(
      createHeaderSource(config.anchoring.headerSource, { timeoutMs: 5_000 }),
      () => now().getTime(),
    ),
    documentSigner,
    domainProof: domainProofOptions(config.domainProof, now, overrides.domainProofForTests),
    webhooks: webhookSendOptions(config),
    erasureLogFile: erasureLogFileOf(config),
    processing: processingFactsOf(config),
    verifyHeaderSources: config.verifyHeaderSources,
    batches: config.batches,
    delivery: { bounceToken: config.mail.bounceToken, waitMs: config.mail.deliveryWaitMs },
    now,
  };
  return {
    ctx,
    firstStart: masterKey.created,
    async close() {
      await mailer.close();
      await db.destroy();
    },
  };
}
