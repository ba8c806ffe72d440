import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import { CachedHeaderSource, createHeaderSource } from './anchoring/header-sources.js';
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
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
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
