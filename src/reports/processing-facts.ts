import type { Config } from '../config.js';

/**
 * What the register of processing needs to know about this installation, read once from the
 * configuration at start (platform.ts): where data is kept and which outside services receive
 * what. Never a secret: URLs are reduced to their scheme, host and port, credentials dropped.
 */
export interface ProcessingFacts {
  readonly publicUrl: string;
  readonly dataDirectory: string;
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly server: string };
  readonly storage: { readonly kind: 'local'; readonly directory: string };
  readonly mail:
    | {
        readonly transport: 'outbox';
        readonly directory: string;
        /** Unsent e-mails are deleted after this many hours; null when the setting is not known. */
        readonly retentionHours: number | null;
      }
    | { readonly transport: 'smtp'; readonly relay: string };
  readonly anchoring: {
    readonly backends: readonly string[];
    readonly calendars: readonly string[];
    readonly bitcoinNode: string | null;
    readonly headerSource: string;
  };
  readonly timestampAuthority: string | null;
  readonly sessionTtlMinutes: number;
  readonly sessionIdleMinutes: number;
  readonly unlockTtlMinutes: number;
}

/** scheme://host[:port] of a URL: no user, password, path or query. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'unknown';
  }
}

export function processingFactsOf(config: Config): ProcessingFacts {
  const mail = config.mail;
  let retentionHours: number | null = null;
  if (mail.transport === 'outbox' && 'retentionHours' in mail)
    retentionHours = Number(mail.retentionHours);
  return {
    publicUrl: config.publicUrl,
    dataDirectory: config.dataDir,
    database:
      config.database.dialect === 'sqlite'
        ? { kind: 'sqlite', file: config.database.file }
        : { kind: 'postgres', server: serverOf(config.database.url) },
    storage: { kind: 'local', directory: config.storageDir },
    mail:
      mail.transport === 'outbox'
        ? { transport: 'outbox', directory: mail.directory, retentionHours }
        : { transport: 'smtp', relay: serverOf(mail.url) },
    anchoring: {
      backends: [...config.anchoring.backends],
      calendars: config.anchoring.calendars.map(serverOf),
      bitcoinNode:
        config.anchoring.bitcoinRpc === null ? null : serverOf(config.anchoring.bitcoinRpc.url),
      headerSource: `${config.anchoring.headerSource.kind} ${serverOf(config.anchoring.headerSource.url)}`,
    },
    timestampAuthority: config.signing.tsaUrl === null ? null : serverOf(config.signing.tsaUrl),
    sessionTtlMinutes: config.sessionTtlMinutes,
    sessionIdleMinutes: config.sessionIdleMinutes,
    unlockTtlMinutes: config.unlockTtlMinutes,
  };
}
